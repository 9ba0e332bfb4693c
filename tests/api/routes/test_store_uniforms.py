"""/stores/{id}/scores joins a store's workwear over a day (staff.uniform's store view): the
uniform each snapshot's staff share, compared across the store's cameras, and the store page
shows it."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.contract import Uniform
from storecheck.store.db import transaction
from storecheck.store.snapshots import add_snapshot, record_result
from tests.servicekit import Keys, result_with, sample_bytes

NAVY = [22.0, 6.0, -28.0]
ORANGE = [64.0, 34.0, 62.0]


def snap(service: Service, camera: str, lab: list[float], hour: int, staff: int = 1) -> str:
    store = camera.rsplit("-", 1)[0]
    data = sample_bytes("counter-badges.jpg") + camera.encode() + bytes([hour])
    finding = {"rule": "staff.uniform", "status": "pass" if staff > 1 else "indeterminate", "message": "x"}
    result = result_with(findings=[finding], zone=camera.rsplit("-", 1)[1]).model_copy(
        update={"uniform": Uniform(lab=lab, staff=staff)})
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id=store, camera_id=camera, sha256=service.images.put(data),
                                content_type="image/jpeg", size_bytes=len(data),
                                captured_at=datetime(2026, 11, 2, hour, 0, tzinfo=UTC),
                                timezone=service.settings.timezone)
        record_result(session, snapshot, result, {})
        return snapshot.id


def uniforms(client: TestClient, key: str, store: str = "store-a") -> list[dict[str, object]]:
    response = client.get(f"/api/v1/stores/{store}/scores", headers={"X-API-Key": key})
    assert response.status_code == 200, response.text
    return response.json()["uniforms"]  # type: ignore[no-any-return]


def test_two_cameras_in_the_same_uniform_pass(app_client: TestClient, keys: Keys, service: Service) -> None:
    first = snap(service, "store-a-counter", NAVY, 1, staff=2)
    snap(service, "store-a-hall", NAVY, 2)
    [day] = uniforms(app_client, keys.reviewer_a)
    assert day["status"] == "pass" and day["different"] == [] and day["uniform"] == NAVY, day
    assert day["cameras"]["store-a-counter"] == [{  # type: ignore[index]
        "snapshot_id": first, "captured_at": "2026-11-02T01:00:00Z", "lab": NAVY, "staff": 2, "different": False}]
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review/stores/store-a").text
    assert "统一着装" in page and 'class="uniform-pass"' in page and "store-a-counter(1)" in page


def test_the_camera_whose_staff_wear_another_jacket_is_named(app_client: TestClient, keys: Keys,
                                                            service: Service) -> None:
    snap(service, "store-a-counter", NAVY, 1, staff=3)
    snap(service, "store-a-star_desk", NAVY, 2)
    odd = snap(service, "store-a-hall", ORANGE, 3)
    [day] = uniforms(app_client, keys.reviewer_a)
    assert day["status"] == "violation" and day["different"] == ["store-a-hall"] and day["snapshots"] == [odd]
    assert "store-a-hall" in str(day["message"]) and day["uniform"] == NAVY
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review/stores/store-a").text
    assert 'class="uniform-violation"' in page and f'title="{odd}">store-a-hall</td>' in page


def test_one_camera_alone_cannot_be_compared(app_client: TestClient, keys: Keys, service: Service) -> None:
    snap(service, "store-a-counter", NAVY, 1)
    snap(service, "store-a-counter", NAVY, 2)
    [day] = uniforms(app_client, keys.reviewer_a)
    assert day["status"] == "indeterminate" and day["uniform"] is None and day["different"] == []


def test_a_community_hall_is_not_asked_for_one_uniform(app_client: TestClient, keys: Keys, service: Service) -> None:
    snap(service, "store-b-counter", NAVY, 1)
    snap(service, "store-b-hall", ORANGE, 2)
    assert uniforms(app_client, keys.reviewer_b, "store-b") == []
    app_client.cookies.set("storecheck_key", keys.reviewer_b)
    assert "统一着装" not in app_client.get("/review/stores/store-b").text
