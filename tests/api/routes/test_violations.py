"""/api/v1/violations: the review queue, verdicts, the audit trail and what they do to scores."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from storecheck.api.service import Service
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result


def test_queue_filters_paging_and_store_isolation(app_client: TestClient, keys: Keys, service: Service) -> None:
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    insert_analysed(service, "store-b", "hall", mop_and_badge_result())
    a = {"X-API-Key": keys.reviewer_a}
    mine = app_client.get("/api/v1/violations", headers=a).json()
    assert mine["count"] == 2 and {v["store_id"] for v in mine["data"]} == {"store-a"}
    assert app_client.get("/api/v1/violations?kind=indeterminate", headers=a).json()["data"][0]["rule"] == "badge.worn"
    assert app_client.get("/api/v1/violations?rule=hall.no_cleaning_tools", headers=a).json()["count"] == 1
    page = app_client.get("/api/v1/violations?limit=1&skip=1", headers=a).json()
    assert page["count"] == 2 and len(page["data"]) == 1
    assert app_client.get("/api/v1/violations?from=2026-11-03", headers=a).json()["count"] == 0
    assert app_client.get("/api/v1/violations?from=2026-11-02&to=2026-11-02", headers=a).json()["count"] == 2
    assert app_client.get("/api/v1/violations?store_id=store-b", headers=a).status_code == 403
    assert app_client.get("/api/v1/violations", headers={"X-API-Key": keys.admin}).json()["count"] == 4
    assert app_client.get("/api/v1/violations", headers={"X-API-Key": keys.device_a}).status_code == 403
    assert app_client.get("/api/v1/violations").status_code == 401
    assert app_client.get("/api/v1/violations?status=bogus", headers=a).status_code == 422


def test_reviews_keep_an_audit_trail_and_change_the_score(app_client: TestClient, keys: Keys, service: Service) -> None:
    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    a = {"X-API-Key": keys.reviewer_a}
    mop, person = app_client.get("/api/v1/violations", headers=a).json()["data"]
    scores = app_client.get("/api/v1/stores/store-a/scores", headers=a).json()
    assert scores["days"][0]["mean"] == 96.0 and scores["top_rules"][0]["rule"] == "hall.no_cleaning_tools"

    no_reason = app_client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "dismiss"}, headers=a)
    assert no_reason.status_code == 422 and "reason" in no_reason.json()["detail"]
    bad = app_client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "maybe"}, headers=a)
    assert bad.status_code == 422
    confirmed = app_client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "confirm"}, headers=a)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    dismissed = app_client.post(f"/api/v1/violations/{mop['id']}/review",
                                json={"verdict": "dismiss", "reason": "是员工自带的雨伞"}, headers=a).json()
    assert dismissed["status"] == "dismissed"
    assert [(r["verdict"], r["reviewer"]) for r in dismissed["reviews"]] == [("confirm", "审核员甲"), ("dismiss", "审核员甲")]
    assert dismissed["reviews"][1]["reason"] == "是员工自带的雨伞"

    snapshot = app_client.get(f"/api/v1/snapshots/{snapshot_id}", headers=a).json()
    assert snapshot["score"] == 96.0 and snapshot["reviewed_score"] == 100.0
    assert snapshot["review_state"] == "open"  # the indeterminate one still waits
    # Confirming an indeterminate finding (建议复核) costs the rule's deduction.
    app_client.post(f"/api/v1/violations/{person['id']}/review", json={"verdict": "confirm"}, headers=a)
    snapshot = app_client.get(f"/api/v1/snapshots/{snapshot_id}", headers=a).json()
    assert snapshot["reviewed_score"] == 98.0 and snapshot["review_state"] == "reviewed"
    assert app_client.get("/api/v1/stores/store-a/scores", headers=a).json()["days"][0]["mean"] == 98.0


def test_review_is_refused_across_stores_and_for_devices(app_client: TestClient, keys: Keys, service: Service) -> None:
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    violation = app_client.get("/api/v1/violations", headers={"X-API-Key": keys.admin}).json()["data"][0]
    path = f"/api/v1/violations/{violation['id']}"
    for key in (keys.reviewer_b, keys.device_a):
        assert app_client.post(f"{path}/review", json={"verdict": "confirm"}, headers={"X-API-Key": key}).status_code == 403
    assert app_client.get(path, headers={"X-API-Key": keys.reviewer_b}).status_code == 403
    assert app_client.get(path, headers={"X-API-Key": keys.reviewer_a}).json()["status"] == "open"
    assert app_client.get("/api/v1/violations/999999", headers={"X-API-Key": keys.admin}).status_code == 404


@pytest.mark.parametrize("reason", ["", " ", "\t\n　"])
def test_a_blank_reason_cannot_dismiss(app_client: TestClient, keys: Keys, service: Service, reason: str) -> None:
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    a = {"X-API-Key": keys.reviewer_a}
    mop = app_client.get("/api/v1/violations", headers=a).json()["data"][0]
    refused = app_client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "dismiss", "reason": reason}, headers=a)
    assert refused.status_code == 422 and "reason" in refused.json()["detail"]
    assert app_client.get(f"/api/v1/violations/{mop['id']}", headers=a).json()["status"] == "open"
