"""/healthz is open (tests/api/test_open_routes.py: what else is); /metrics needs an admin key (header or Bearer) and shows the service's numbers."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import update

from storecheck.api.service import Service
from storecheck.store.db import transaction
from storecheck.store.models import Snapshot, utcnow
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result, sample_bytes


def test_healthz_is_open_and_the_api_needs_a_key(app_client: TestClient) -> None:
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


def test_a_snapshot_stuck_running_shows_in_healthz_and_metrics(app_client: TestClient, keys: Keys, service: Service) -> None:
    """The queue is not started here, so nothing requeues it: as when the database refuses the
    requeue (a full disk) or a Celery worker's orphan waits for the reconciler."""
    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    with transaction(service.factory) as session:
        session.execute(update(Snapshot).where(Snapshot.id == snapshot_id)
                        .values(status="running", started_at=utcnow() - timedelta(hours=1)))
    health = app_client.get("/healthz")
    assert health.status_code == 200 and health.json()["status"] == "degraded"
    assert any("running" in reason and "stuck" in reason for reason in health.json()["reasons"]), health.json()
    text = app_client.get("/metrics", headers={"X-API-Key": keys.admin}).text
    oldest = float(re.search(r"^storecheck_oldest_running_seconds (\S+)$", text, re.M).group(1))  # type: ignore[union-attr]
    assert 3600 <= oldest < 3700
    free = float(re.search(r'^storecheck_disk_free_bytes\{dir="home"\} (\S+)$', text, re.M).group(1))  # type: ignore[union-attr]
    assert free > 0


def test_healthz_says_ok_with_no_reasons_when_all_is_well(app_client: TestClient, keys: Keys) -> None:
    health = app_client.get("/healthz").json()
    assert health["status"] == "ok" and health["reasons"] == []
    text = app_client.get("/metrics", headers={"X-API-Key": keys.admin}).text
    assert "storecheck_oldest_running_seconds 0.0" in text
