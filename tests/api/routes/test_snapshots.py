"""POST/GET /api/v1/snapshots over real HTTP (TestClient): uploads, idempotency, bad input, auth."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import cv2
import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from storecheck.api.service import Service
from storecheck.store.models import Snapshot
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result, sample_bytes

CAPTURED = "2026-11-02T09:30:00+08:00"


def upload(client: TestClient, key: str | None, image: bytes | None = None, *, store_id: str = "store-a",
           camera_id: str = "store-a-hall", captured_at: str = CAPTURED, content_type: str = "image/jpeg",
           drop: tuple[str, ...] = ()) -> Any:
    fields = {"store_id": store_id, "camera_id": camera_id, "captured_at": captured_at}
    data = {k: v for k, v in fields.items() if k not in drop}
    files = {} if "image" in drop else {"image": ("snap.jpg", image if image is not None else sample_bytes(), content_type)}
    headers = {"X-API-Key": key} if key else {}
    return client.post("/api/v1/snapshots", data=data, files=files, headers=headers)


def snapshot_count(service: Service) -> int:
    with service.factory() as session:
        return session.scalar(select(func.count()).select_from(Snapshot)) or 0


def stored_files(service: Service) -> list[str]:
    return service.images.digests()


def test_upload_is_accepted_and_queued_then_idempotent(app_client: TestClient, keys: Keys, service: Service) -> None:
    first = upload(app_client, keys.device_a)
    assert first.status_code == 202, first.text
    body = first.json()
    assert body["status"] == "queued" and body["duplicate"] is False
    again = upload(app_client, keys.device_a)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"] and again.json()["duplicate"] is True
    # The same image from another camera is another snapshot, sharing one stored file.
    other = upload(app_client, keys.device_a, camera_id="store-a-counter")
    assert other.status_code == 202 and other.json()["id"] != body["id"]
    assert snapshot_count(service) == 2 and len(stored_files(service)) == 1
    shown = app_client.get(f"/api/v1/snapshots/{body['id']}", headers={"X-API-Key": keys.reviewer_a}).json()
    assert shown["status"] == "queued" and shown["review_state"] == "pending"
    assert shown["captured_at"].startswith("2026-11-02T01:30:00")  # stored in UTC


@pytest.mark.parametrize(
    ("case", "kwargs", "status", "says"),
    [
        ("not an image", {"image": b"%PDF-1.4 hello"}, 422, "not a readable image"),
        ("truncated jpeg", {"image": sample_bytes()[:20000]}, 422, "truncated"),
        ("empty file", {"image": b""}, 422, "empty"),
        ("a 1x1 pixel frame", {"image": cv2.imencode(".png", np.zeros((1, 1, 3), np.uint8))[1].tobytes()}, 422, "too small"),
        ("text content type", {"content_type": "text/plain"}, 415, "content type"),
        ("unknown store", {"store_id": "nope", "camera_id": "nope-hall"}, 404, "unknown store"),
        ("unknown camera", {"camera_id": "store-a-roof"}, 404, "unknown camera"),
        ("camera of another store", {"camera_id": "store-b-hall"}, 404, "unknown camera"),
        ("missing fields", {"drop": ("camera_id", "captured_at")}, 422, "camera_id, captured_at"),
        ("missing image", {"drop": ("image",)}, 422, "image"),
        ("bad time", {"captured_at": "yesterday"}, 422, "ISO-8601"),
        # The last and first moments Python can hold: their local day overflowed into a 500.
        ("the end of time", {"captured_at": "9999-12-31T23:59:59Z"}, 422, "in the future"),
        ("the start of time", {"captured_at": "0001-01-01T00:00:00+14:00"}, 422, "before 2000"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_written(
    app_client: TestClient, keys: Keys, service: Service, case: str, kwargs: dict[str, Any], status: int, says: str
) -> None:
    response = upload(app_client, keys.admin, **kwargs)
    assert response.status_code == status, (case, response.text)
    assert says in response.json()["detail"]
    assert snapshot_count(service) == 0 and stored_files(service) == []


def test_captured_at_is_taken_up_to_a_day_ahead_of_the_service_clock(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    """A camera clock a few hours fast (or a time zone confused) is still a snapshot; a frame
    from days ahead or from before 2000 is a clock that needs a person, said in the 422."""
    soon = (datetime.now(UTC) + timedelta(hours=20)).isoformat()
    assert upload(app_client, keys.device_a, captured_at=soon).status_code == 202
    later = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    refused = upload(app_client, keys.device_a, image=sample_bytes("hall-clean.jpg"), captured_at=later)
    assert refused.status_code == 422 and "camera's clock" in refused.json()["detail"]
    assert upload(app_client, keys.device_a, image=sample_bytes("hall-clean.jpg"),
                  captured_at="2000-01-01T00:00:00Z").status_code == 202


def test_oversized_and_non_multipart_uploads(app_client: TestClient, keys: Keys, service: Service) -> None:
    service.settings.max_upload_bytes = 50_000
    too_big = upload(app_client, keys.device_a)
    assert too_big.status_code == 413 and "limit" in too_big.json()["detail"]
    as_json = app_client.post("/api/v1/snapshots", json={"store_id": "store-a"}, headers={"X-API-Key": keys.device_a})
    assert as_json.status_code == 415 and "multipart/form-data" in as_json.json()["detail"]
    assert snapshot_count(service) == 0 and stored_files(service) == []


def test_upload_auth(app_client: TestClient, keys: Keys, service: Service) -> None:
    assert upload(app_client, None).status_code == 401
    assert upload(app_client, "sck_not-a-key").status_code == 401
    assert upload(app_client, keys.reviewer_a).status_code == 403  # reviewers do not upload
    cross = upload(app_client, keys.device_b)  # store B's device posting for store A
    assert cross.status_code == 403 and "store-b" in cross.json()["detail"]
    assert snapshot_count(service) == 0


def test_read_snapshot_and_image_access(app_client: TestClient, keys: Keys, service: Service) -> None:
    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    path = f"/api/v1/snapshots/{snapshot_id}"
    shown = app_client.get(path, headers={"X-API-Key": keys.reviewer_a})
    assert shown.status_code == 200
    body = shown.json()
    assert body["result"]["findings"][0]["rule"] == "hall.no_cleaning_tools"
    assert body["review_state"] == "open" and body["models"]["detector"].startswith("test-det")
    assert [v["kind"] for v in body["violations"]] == ["violation", "indeterminate"]
    assert body["violations"][0]["clause"].startswith("营业厅") or body["violations"][0]["title"]
    assert app_client.get(path, headers={"X-API-Key": keys.reviewer_b}).status_code == 403
    assert app_client.get(path, headers={"X-API-Key": keys.device_a}).status_code == 403
    assert app_client.get(path).status_code == 401
    assert app_client.get("/api/v1/snapshots/0000", headers={"X-API-Key": keys.admin}).status_code == 404

    raw = app_client.get(f"{path}/image", headers={"X-API-Key": keys.reviewer_a})
    assert raw.status_code == 200 and raw.content == sample_bytes()
    assert app_client.get(f"{path}/image", headers={"X-API-Key": keys.reviewer_b}).status_code == 403
    listed = app_client.get("/api/v1/snapshots", headers={"X-API-Key": keys.reviewer_b}).json()
    assert listed == {"data": [], "count": 0}
    assert app_client.get("/api/v1/snapshots?store_id=store-a", headers={"X-API-Key": keys.reviewer_b}).status_code == 403


def test_crop_and_annotated_image(app_client: TestClient, keys: Keys, service: Service) -> None:
    import cv2
    import numpy as np

    from storecheck.vision.draw import find_font

    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    headers = {"X-API-Key": keys.reviewer_a}
    finding_id = app_client.get(f"/api/v1/snapshots/{snapshot_id}", headers=headers).json()["violations"][0]["finding_id"]
    crop = app_client.get(f"/api/v1/snapshots/{snapshot_id}/image?crop={finding_id}", headers=headers)
    assert crop.status_code == 200 and crop.headers["content-type"] == "image/jpeg"
    h, w = cv2.imdecode(np.frombuffer(crop.content, np.uint8), cv2.IMREAD_COLOR).shape[:2]
    assert (w, h) == (300, 600)  # the mop's 80x400 box plus a quarter on each side, widened to 1:2
    one = app_client.get(f"/api/v1/snapshots/{snapshot_id}/image?crop={finding_id}&box=0", headers=headers)
    assert one.status_code == 200 and one.content == crop.content  # its only box
    assert app_client.get(f"/api/v1/snapshots/{snapshot_id}/image?crop={finding_id}&box=1", headers=headers).status_code == 404
    assert app_client.get(f"/api/v1/snapshots/{snapshot_id}/image?box=0", headers=headers).status_code == 422
    assert app_client.get(f"/api/v1/snapshots/{snapshot_id}/image?crop=999999", headers=headers).status_code == 404
    try:
        find_font()
    except FileNotFoundError:
        pytest.skip("no CJK font installed (fonts-wqy-microhei)")
    drawn = app_client.get(f"/api/v1/snapshots/{snapshot_id}/image?annotate=1", headers=headers)
    assert drawn.status_code == 200 and drawn.content != sample_bytes()
    image = cv2.imdecode(np.frombuffer(drawn.content, np.uint8), cv2.IMREAD_COLOR)
    assert image.shape[:2] == (1080, 1920)


def test_a_403_does_not_name_the_store_that_owns_what_was_asked_for(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    """Store B's reviewer asking for store A's snapshot learns it may not, not whose it is."""
    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    violation_id = app_client.get("/api/v1/violations", headers={"X-API-Key": keys.admin}).json()["data"][0]["id"]
    b = {"X-API-Key": keys.reviewer_b}
    for path in (f"/api/v1/snapshots/{snapshot_id}", f"/api/v1/snapshots/{snapshot_id}/image",
                 f"/api/v1/violations/{violation_id}", "/api/v1/stores/store-a/scores",
                 "/api/v1/violations?store_id=store-a"):
        refused = app_client.get(path, headers=b)
        assert refused.status_code == 403, path
        assert "store-a" not in refused.text and "城东" not in refused.text, (path, refused.text)
