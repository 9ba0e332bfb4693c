"""An upload whose row cannot be recorded keeps no image (unless another row uses the same
bytes), and answers 503 so the device agent retries. The database refuses for real: a trigger."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from storecheck.api.service import Service
from tests.api.routes.test_snapshots import snapshot_count, stored_files, upload
from tests.servicekit import Keys

REFUSE = {
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON snapshots BEGIN SELECT RAISE(ABORT, 'refused'); END"],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse BEFORE INSERT ON snapshots FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def refuse_inserts(service: Service) -> None:
    with service.db.begin() as connection:
        for statement in REFUSE[service.db.dialect.name]:
            connection.execute(text(statement))


def test_a_failed_insert_removes_its_new_image(app_client: TestClient, keys: Keys, service: Service) -> None:
    refuse_inserts(service)
    failed = upload(app_client, keys.device_a)
    assert failed.status_code == 503 and "nothing was kept" in failed.json()["detail"]
    assert snapshot_count(service) == 0 and stored_files(service) == []


def test_a_failed_insert_keeps_an_image_another_row_uses(app_client: TestClient, keys: Keys, service: Service) -> None:
    assert upload(app_client, keys.device_a).status_code == 202
    refuse_inserts(service)
    failed = upload(app_client, keys.device_a, camera_id="store-a-counter")  # same bytes, other camera
    assert failed.status_code == 503
    assert snapshot_count(service) == 1 and len(stored_files(service)) == 1
    shown = app_client.get("/api/v1/snapshots", headers={"X-API-Key": keys.reviewer_a}).json()["data"][0]
    image = app_client.get(f"/api/v1/snapshots/{shown['id']}/image", headers={"X-API-Key": keys.reviewer_a})
    assert image.status_code == 200
