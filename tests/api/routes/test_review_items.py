"""/api/v1/review-items: one standing bucket photographed in six snapshots is one thing to decide."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.store.db import transaction
from storecheck.store.models import Snapshot
from storecheck.store.snapshots import add_snapshot, record_result
from tests.servicekit import Keys, result_with, sample_bytes

NINE = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
BUCKET = [300.0, 600.0, 420.0, 800.0]


def bucket_result(box: list[float] | None = BUCKET):
    """A hall snapshot: a bucket at ``box`` (a violation), or none (the rule passes)."""
    if box is None:
        return result_with(findings=[{"rule": "hall.no_cleaning_tools", "status": "pass", "message": "clean"}])
    return result_with(
        findings=[{"rule": "hall.no_cleaning_tools", "status": "violation", "message": "1 bucket",
                   "evidence": [box], "deduction": 4.0}],
        objects=[{"label": "bucket", "box": box, "score": 0.8}],
    )


def frame(service: Service, minute: int, box: list[float] | None = BUCKET, camera: str = "store-a-hall") -> str:
    """One snapshot of the hall camera ``minute`` minutes after nine, analysed; its id."""
    data = sample_bytes("hall-mop.jpg") + minute.to_bytes(4, "big") + camera.encode()  # distinct bytes
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id="store-a", camera_id=camera, sha256=service.images.put(data),
                                content_type="image/jpeg", size_bytes=len(data),
                                captured_at=NINE + timedelta(minutes=minute), timezone=service.settings.timezone)
        record_result(session, snapshot, bucket_result(box), {})
        return snapshot.id


def test_six_frames_of_one_standing_bucket_are_one_item_and_one_dismissal_decides_them_all(
    app_client: TestClient, keys: Keys, service: Service
) -> None:
    snapshots = [frame(service, minute) for minute in range(0, 30, 5)]
    a = {"X-API-Key": keys.reviewer_a}
    [item] = app_client.get("/api/v1/review-items", headers=a).json()["data"]
    assert (item["count"], item["status"], sorted(item["snapshot_ids"])) == (6, "open", sorted(snapshots))
    assert item["first_seen"].startswith("2026-11-02T01:00") and item["last_seen"].startswith("2026-11-02T01:25")
    violations = app_client.get("/api/v1/violations", headers=a).json()["data"]
    assert len(violations) == 6 and {(v["item_id"], v["item_count"]) for v in violations} == {(item["id"], 6)}

    refused = app_client.post(f"/api/v1/review-items/{item['id']}/review", json={"verdict": "dismiss"}, headers=a)
    assert refused.status_code == 422
    decided = app_client.post(f"/api/v1/review-items/{item['id']}/review",
                              json={"verdict": "dismiss", "reason": "绿色垃圾桶，不是水桶", "relabel": "background"},
                              headers=a).json()
    assert decided["status"] == "dismissed"
    after = app_client.get("/api/v1/violations", headers=a).json()["data"]
    assert {v["status"] for v in after} == {"dismissed"}
    assert {(v["reviews"][-1]["reason"], v["reviews"][-1]["relabel"]) for v in after} == {("绿色垃圾桶，不是水桶", "background")}
    for snapshot_id in snapshots:  # every frame gets its points back
        assert app_client.get(f"/api/v1/snapshots/{snapshot_id}", headers=a).json()["reviewed_score"] == 100.0


def test_reviewing_one_frame_decides_its_item(app_client: TestClient, keys: Keys, service: Service) -> None:
    """The review page shows one card per item and posts to the card's violation."""
    for minute in (0, 4, 8):
        frame(service, minute)
    a = {"X-API-Key": keys.reviewer_a}
    first = app_client.get("/api/v1/violations", headers=a).json()["data"][0]
    app_client.post(f"/api/v1/violations/{first['id']}/review", json={"verdict": "confirm"}, headers=a)
    assert [v["status"] for v in app_client.get("/api/v1/violations", headers=a).json()["data"]] == ["confirmed"] * 3


def test_a_later_frame_of_a_decided_item_takes_its_verdict(app_client: TestClient, keys: Keys, service: Service) -> None:
    frame(service, 0)
    a = {"X-API-Key": keys.reviewer_a}
    [item] = app_client.get("/api/v1/review-items", headers=a).json()["data"]
    app_client.post(f"/api/v1/review-items/{item['id']}/review", json={"verdict": "dismiss", "reason": "是垃圾桶"},
                    headers=a)
    later = frame(service, 10)
    [item] = app_client.get("/api/v1/review-items", headers=a).json()["data"]
    assert item["count"] == 2
    [violation] = [v for v in app_client.get("/api/v1/violations", headers=a).json()["data"] if v["snapshot_id"] == later]
    assert violation["status"] == "dismissed"
    assert violation["reviews"][-1]["reason"] == f"复核项 #{item['id']}: 是垃圾桶"
    assert app_client.get(f"/api/v1/snapshots/{later}", headers=a).json()["reviewed_score"] == 100.0


def test_another_place_a_fix_or_a_long_gap_opens_a_new_item(app_client: TestClient, keys: Keys, service: Service) -> None:
    frame(service, 0)
    frame(service, 5, box=[1500.0, 600.0, 1620.0, 800.0])  # a second bucket across the hall
    frame(service, 10, box=None)  # both moved away: the rule passes
    frame(service, 15)  # back again: a new occurrence
    frame(service, 200)  # the same place hours later
    frame(service, 0, camera="store-a-counter")  # another camera
    a = {"X-API-Key": keys.reviewer_a}
    items = app_client.get("/api/v1/review-items", headers=a).json()["data"]
    assert [(i["camera_id"], i["count"]) for i in items] == [("store-a-hall", 1)] * 4 + [("store-a-counter", 1)]
    assert [bool(i["closed_at"]) for i in items] == [True, True, False, False, False]


def test_items_keep_to_their_store(app_client: TestClient, keys: Keys, service: Service) -> None:
    frame(service, 0)
    [item] = app_client.get("/api/v1/review-items", headers={"X-API-Key": keys.admin}).json()["data"]
    b = {"X-API-Key": keys.reviewer_b}
    assert app_client.get("/api/v1/review-items", headers=b).json()["count"] == 0
    assert app_client.get(f"/api/v1/review-items/{item['id']}", headers=b).status_code == 403
    assert app_client.post(f"/api/v1/review-items/{item['id']}/review", json={"verdict": "confirm"},
                           headers=b).status_code == 403
    assert app_client.get("/api/v1/review-items/999999", headers={"X-API-Key": keys.admin}).status_code == 404
    bad = app_client.post(f"/api/v1/review-items/{item['id']}/review", json={"verdict": "confirm", "relabel": "cat"},
                          headers={"X-API-Key": keys.admin})
    assert bad.status_code == 422


def test_the_review_page_shows_one_card_per_item(app_client: TestClient, keys: Keys, service: Service) -> None:
    for minute in range(0, 30, 5):
        frame(service, minute)
    frame(service, 6, box=[1500.0, 600.0, 1620.0, 800.0])  # a second bucket: its own card
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review").text
    assert page.count('<article class="item') == 2
    assert "同一问题共 6 帧" in page


def test_an_indeterminate_with_nothing_to_look_at_is_not_queued(app_client: TestClient, keys: Keys,
                                                                 service: Service) -> None:
    """Fewer than two staff to compare for staff.uniform, no TV in view: no box, no review item."""
    result = result_with(findings=[
        {"rule": "staff.uniform", "status": "indeterminate", "message": "1 staff member to compare"},
        {"rule": "hall.no_cleaning_tools", "status": "indeterminate", "message": "possible bucket",
         "evidence": [BUCKET]},
    ])
    data = sample_bytes("hall-mop.jpg") + b"quiet"
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id="store-a", camera_id="store-a-hall", sha256=service.images.put(data),
                                content_type="image/jpeg", size_bytes=len(data), captured_at=NINE,
                                timezone=service.settings.timezone)
        record_result(session, snapshot, result, {})
    rules = [v["rule"] for v in app_client.get("/api/v1/violations", headers={"X-API-Key": keys.reviewer_a}).json()["data"]]
    assert rules == ["hall.no_cleaning_tools"]


def test_a_re_analysis_that_clears_a_frame_drops_its_empty_item(app_client: TestClient, keys: Keys,
                                                                 service: Service) -> None:
    snapshot_id = frame(service, 0)
    frame(service, 40, box=[1500.0, 600.0, 1620.0, 800.0])  # another item, untouched
    with transaction(service.factory) as session:
        snapshot = session.get(Snapshot, snapshot_id)
        record_result(session, snapshot, bucket_result(None), {})  # analysed again: the rule passes
    items = app_client.get("/api/v1/review-items", headers={"X-API-Key": keys.reviewer_a}).json()["data"]
    assert [(i["count"], i["evidence"]) for i in items] == [(1, [[1500.0, 600.0, 1620.0, 800.0]])]
