"""/api/v1/devices/health and /api/v1/stores/{id}/health: an edge agent's camera health reaches
the service; reviewers see dead, quiet and never-heard-of cameras; keys stay in their store."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.store.db import transaction
from storecheck.store.models import CameraHealthReport, utcnow
from tests.servicekit import Keys


def report(store: str = "store-a", **cameras: dict[str, Any]) -> dict[str, Any]:
    return {"store_id": store, "updated_at": "2026-11-25T02:00:00+00:00", "spool": {"pending": 0},
            "cameras": {cid: {"camera_id": cid, "source": "rtsp://***@cam", **entry} for cid, entry in cameras.items()},
            "findings": []}


def post(client: TestClient, key: str, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/devices/health", json=body, headers={"X-API-Key": key})


def states(client: TestClient, key: str, store: str = "store-a", **params: Any) -> dict[str, str]:
    shown = client.get(f"/api/v1/stores/{store}/health", params=params, headers={"X-API-Key": key})
    assert shown.status_code == 200, shown.text
    return {c["camera_id"]: c["state"] for c in shown.json()["cameras"]}


def test_a_dead_camera_reported_by_the_agent_shows_on_the_service(app_client: TestClient, keys: Keys) -> None:
    sent = post(app_client, keys.device_a, report(**{
        "store-a-hall": {"state": "ok", "last_success": "2026-11-25T01:59:58+00:00", "grabbed": 40},
        "store-a-window": {"state": "offline", "consecutive_failures": 7, "dark_since": "2026-11-25T01:40:00+00:00",
                           "last_error": "ConnectError: connection refused"},
    }))
    assert sent.status_code == 200, sent.text
    assert sent.json() == {"stored": ["store-a-hall", "store-a-window"], "unknown_cameras": []}
    assert states(app_client, keys.reviewer_a) == {
        "store-a-counter": "unknown", "store-a-hall": "ok", "store-a-star_desk": "unknown", "store-a-window": "offline",
    }
    window = next(c for c in app_client.get("/api/v1/stores/store-a/health", headers={"X-API-Key": keys.reviewer_a})
                  .json()["cameras"] if c["camera_id"] == "store-a-window")
    assert window["last_error"] == "ConnectError: connection refused"
    assert window["dark_since"] == "2026-11-25T01:40:00+00:00"


def test_a_newer_report_replaces_the_old_and_a_quiet_agent_turns_silent(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    post(app_client, keys.device_a, report(**{"store-a-hall": {"state": "offline"}}))
    post(app_client, keys.device_a, report(**{"store-a-hall": {"state": "ok"}}))
    assert states(app_client, keys.reviewer_a)["store-a-hall"] == "ok"
    with transaction(service.factory) as session:
        row = session.get(CameraHealthReport, "store-a-hall")
        assert row is not None
        row.received_at = utcnow() - timedelta(minutes=20)
    assert states(app_client, keys.reviewer_a)["store-a-hall"] == "silent"
    assert states(app_client, keys.reviewer_a, silent_after_s=3600)["store-a-hall"] == "ok"


def test_unregistered_cameras_are_named_and_the_rest_kept(app_client: TestClient, keys: Keys) -> None:
    sent = post(app_client, keys.device_a, report(**{"store-a-hall": {"state": "ok"}, "lobby-9": {"state": "failing"}}))
    assert sent.status_code == 200
    assert sent.json() == {"stored": ["store-a-hall"], "unknown_cameras": ["lobby-9"]}


def test_keys_stay_in_their_store_and_bad_reports_are_refused(app_client: TestClient, keys: Keys) -> None:
    assert post(app_client, keys.device_b, report(**{"store-a-hall": {"state": "ok"}})).status_code == 403
    assert post(app_client, keys.reviewer_a, report(**{"store-a-hall": {"state": "ok"}})).status_code == 403
    assert app_client.get("/api/v1/stores/store-a/health", headers={"X-API-Key": keys.reviewer_b}).status_code == 403
    assert post(app_client, keys.admin, report("store-z", **{"x": {"state": "ok"}})).status_code == 404
    bad_state = post(app_client, keys.device_a, report(**{"store-a-hall": {"state": "exploded"}}))
    assert bad_state.status_code == 422 and "state" in bad_state.text
    assert post(app_client, keys.device_a, {"cameras": {}}).status_code == 422  # no store_id
    assert states(app_client, keys.reviewer_a)["store-a-hall"] == "unknown"  # nothing was kept
