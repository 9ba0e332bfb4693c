"""/api/v1/stores: management by admins, reading by reviewers of that store, scores."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result, result_with


def test_admin_manages_stores_and_cameras(app_client: TestClient, keys: Keys) -> None:
    admin = {"X-API-Key": keys.admin}
    body = {"id": "store-c", "name": "西郊专营店", "store_type": "franchise"}
    assert app_client.post("/api/v1/stores", json=body, headers=admin).status_code == 201
    assert app_client.post("/api/v1/stores", json=body, headers=admin).status_code == 409
    assert app_client.post("/api/v1/stores", json={**body, "id": "x y"}, headers=admin).status_code == 422
    assert app_client.post("/api/v1/stores", json={**body, "id": "d", "store_type": "mall"}, headers=admin).status_code == 422
    camera = {"id": "store-c-window", "zone": "window",
              "polygons": {"window": [[[0.1, 0.1], [0.5, 0.1], [0.5, 0.9]]]}}
    made = app_client.post("/api/v1/stores/store-c/cameras", json=camera, headers=admin)
    assert made.status_code == 201 and made.json()["polygons"]["window"][0][1] == [0.5, 0.1]
    bad_polygon = {**camera, "id": "c2", "polygons": {"window": [[[0.1, 0.1], [2, 0]]]}}
    assert app_client.post("/api/v1/stores/store-c/cameras", json=bad_polygon, headers=admin).status_code == 422
    cams = app_client.get("/api/v1/stores/store-c/cameras", headers=admin).json()
    assert cams["count"] == 1 and cams["data"][0]["zone"] == "window"
    assert app_client.post("/api/v1/stores", json={**body, "id": "e"}, headers={"X-API-Key": keys.reviewer_a}).status_code == 403


def test_reviewers_see_only_their_stores(app_client: TestClient, keys: Keys) -> None:
    a = {"X-API-Key": keys.reviewer_a}
    assert [s["id"] for s in app_client.get("/api/v1/stores", headers=a).json()["data"]] == ["store-a"]
    assert app_client.get("/api/v1/stores", headers={"X-API-Key": keys.admin}).json()["count"] == 2
    assert app_client.get("/api/v1/stores/store-b", headers=a).status_code == 403
    assert app_client.get("/api/v1/stores/store-b/cameras", headers=a).status_code == 403
    assert app_client.get("/api/v1/stores/store-b/scores", headers=a).status_code == 403
    assert app_client.get("/api/v1/stores/store-a", headers={"X-API-Key": keys.device_a}).status_code == 403
    assert app_client.get("/api/v1/stores/nope", headers={"X-API-Key": keys.admin}).status_code == 404


def test_scores_per_snapshot_camera_and_day_with_trend(app_client: TestClient, keys: Keys, service: Service) -> None:
    clean = result_with([{"rule": "badge.worn", "status": "pass", "message": "ok"}])
    insert_analysed(service, "store-a", "hall", mop_and_badge_result(), captured_at=datetime(2026, 11, 1, 2, tzinfo=UTC))
    insert_analysed(service, "store-a", "counter", clean, image="counter-badges.jpg",
                    captured_at=datetime(2026, 11, 2, 2, tzinfo=UTC))
    scores = app_client.get("/api/v1/stores/store-a/scores", headers={"X-API-Key": keys.reviewer_a}).json()
    assert [(d["day"], d["mean"]) for d in scores["days"]] == [("2026-11-01", 96.0), ("2026-11-02", 100.0)]
    assert {(c["camera_id"], c["mean"]) for c in scores["cameras"]} == {("store-a-hall", 96.0), ("store-a-counter", 100.0)}
    assert scores["trend"] == 4.0
    assert [s["score"] for s in scores["snapshots"]] == [100.0, 96.0]
    assert scores["top_rules"] == [{"rule": "hall.no_cleaning_tools", "title": scores["top_rules"][0]["title"], "count": 1}]
