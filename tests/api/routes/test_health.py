"""/healthz is open; /metrics needs an admin key (header or Bearer) and shows the service's numbers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.servicekit import Keys, sample_bytes


def test_healthz_is_the_only_open_route(app_client: TestClient) -> None:
    health = app_client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["database"] == "ok" and health.json()["queue_depth"] == 0
    for path in ("/metrics", "/api/v1/violations", "/api/v1/stores", "/api/v1/snapshots", "/api/v1/export/yolo"):
        assert app_client.get(path).status_code == 401, path


def test_metrics(app_client: TestClient, keys: Keys) -> None:
    app_client.post("/api/v1/snapshots", headers={"X-API-Key": keys.device_a},
                    data={"store_id": "store-a", "camera_id": "store-a-hall", "captured_at": "2026-11-02T09:30:00+08:00"},
                    files={"image": ("a.jpg", sample_bytes(), "image/jpeg")})
    assert app_client.get("/metrics", headers={"X-API-Key": keys.reviewer_a}).status_code == 403
    text = app_client.get("/metrics", headers={"Authorization": f"Bearer {keys.admin}"}).text
    assert 'storecheck_uploads_total{outcome="new"} 1.0' in text
    assert "storecheck_queue_depth 1.0" in text
    assert "storecheck_stage_seconds" in text and "storecheck_violations" in text
    # Read from the database, so analyses by Celery workers in other processes count too.
    assert 'storecheck_snapshots{status="queued"} 1.0' in text
    assert 'storecheck_snapshots{status="failed"} 0.0' in text
