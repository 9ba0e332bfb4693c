"""A full disk: the upload gets 507, no row exists without its image, /healthz says so, and
the service recovers by itself once there is space again.

The image store is put on a real 64 KiB tmpfs when this process may mount one (root in CI);
elsewhere ENOSPC is raised at the filesystem boundary (the write), which is what the kernel does.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from storecheck.api.main import create_app
from storecheck.api.service import Service
from storecheck.store.db import transaction
from storecheck.store.images import ImageStore, sha256_hex
from storecheck.store.keys import create_key
from storecheck.store.models import Snapshot
from tests.fs import fill_up, tiny_tmpfs
from tests.servicekit import (
    insert_analysed,
    make_settings,
    mop_and_badge_result,
    needs_detector,
    sample_bytes,
    seed_stores,
)


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    images = tmp_path / "images"
    with tiny_tmpfs(images) as mounted:
        if not mounted:
            def no_space(self: ImageStore, target: Path, data: bytes) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            monkeypatch.setattr(ImageStore, "_write_atomically", no_space)
        yield images


def test_disk_full_gives_507_and_keeps_nothing(tmp_path: Path, database_url: str, full_disk: Path) -> None:
    settings = make_settings(tmp_path / "home", database_url, workers=0, images_dir=full_disk)
    app = create_app(settings, start_queue=False)
    with TestClient(app) as client:
        service = app.state.service
        seed_stores(service)
        with transaction(service.factory) as session:
            key = create_key(session, "device", ["store-a"])[1]
        data = sample_bytes()
        assert len(data) > 64 * 1024
        response = client.post("/api/v1/snapshots", headers={"X-API-Key": key},
                               data={"store_id": "store-a", "camera_id": "store-a-hall", "captured_at": "2026-11-02T09:30:00+08:00"},
                               files={"image": ("a.jpg", data, "image/jpeg")})
        assert response.status_code == 507, response.text
        assert "full" in response.json()["detail"]
        with service.factory() as session:
            assert session.scalar(select(func.count()).select_from(Snapshot)) == 0
        assert service.images.digests() == []
        assert list((full_disk / "tmp").iterdir()) == []  # the partial write was cleaned up


FORM = {"store_id": "store-a", "captured_at": "2026-11-02T09:30:00+08:00"}
MiB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MiB filesystem (tmpfs) to hold a service's home; these tests need root."""
    with tiny_tmpfs(tmp_path / "disk", size="8m") as mounted:
        if not mounted:
            pytest.skip("mounting a tmpfs needs root")
        yield tmp_path / "disk"


def _device_key(service: Service) -> str:
    seed_stores(service)
    with transaction(service.factory) as session:
        return create_key(session, "device", ["store-a"])[1]


def _upload(client: TestClient, key: str, name: str, camera: str) -> Response:
    return client.post("/api/v1/snapshots", headers={"X-API-Key": key}, data={**FORM, "camera_id": camera},
                       files={"image": (name, sample_bytes(name), "image/jpeg")})


def _status(service: Service, snapshot_id: str) -> str:
    with service.factory() as session:
        return session.get(Snapshot, snapshot_id).status  # type: ignore[union-attr]


def test_a_full_database_disk_gives_507_like_a_full_image_disk(tmp_path: Path, small_disk: Path) -> None:
    """SQLite on a full disk refuses the row after the image was written: the device hears 507
    (its disk is full, retry later), the same as a full image store, not a 503."""
    settings = make_settings(small_disk / "home", f"sqlite:///{small_disk / 'home' / 'storecheck.db'}",
                             workers=0, images_dir=tmp_path / "images", disk_free_min_bytes=MiB)
    app = create_app(settings, start_queue=False)
    with TestClient(app) as client:
        service = app.state.service
        key = _device_key(service)
        analysed = insert_analysed(service, "store-a", "counter", mop_and_badge_result(), image="counter-badges.jpg")
        with transaction(service.factory) as session:
            admin = create_key(session, "admin")[1]
        violation = client.get(f"/api/v1/snapshots/{analysed}", headers={"X-API-Key": admin}).json()["violations"][0]
        filler = fill_up(small_disk)
        response = _upload(client, key, "hall-mop.jpg", "store-a-hall")
        assert response.status_code == 507, response.text
        assert "database" in response.json()["detail"] and "full" in response.json()["detail"]
        assert service.images.digests() == [sha256_hex(sample_bytes("counter-badges.jpg"))]  # the new one went
        # Any write, not only an upload: a reviewer's verdict is a 507 too, never a 500.
        review = client.post(f"/api/v1/violations/{violation['id']}/review", json={"verdict": "confirm"},
                             headers={"X-API-Key": admin})
        assert review.status_code == 507 and "full" in review.json()["detail"], review.text
        assert any("refuses writes" in reason for reason in client.get("/healthz").json()["reasons"])
        filler.unlink()
        assert _upload(client, key, "hall-mop.jpg", "store-a-hall").status_code == 202
        assert client.get("/healthz").json()["reasons"] == []


def test_healthz_is_degraded_while_the_data_disk_is_low(small_disk: Path, database_url: str) -> None:
    settings = make_settings(small_disk / "home", database_url, workers=0, disk_free_min_bytes=2 * MiB)
    app = create_app(settings, start_queue=False)
    with TestClient(app) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        filler = fill_up(small_disk)
        health = client.get("/healthz")
        assert health.status_code == 200  # it still serves reads and reviews: not out of rotation
        assert health.json()["status"] == "degraded"
        assert any("disk" in reason and "free" in reason for reason in health.json()["reasons"]), health.json()
        filler.unlink()
        assert client.get("/healthz").json()["status"] == "ok"


@needs_detector
def test_a_full_disk_loses_no_accepted_upload_and_needs_no_restart(small_disk: Path) -> None:
    """The service's whole home (SQLite and images) on a real 8 MiB disk, the real engine. The
    disk fills while a snapshot is being analysed, so its result cannot be written; uploads
    meanwhile get 507. Once space is freed, with no restart, every accepted upload ends done."""
    home = small_disk / "home"
    settings = make_settings(home, f"sqlite:///{home / 'storecheck.db'}", workers=1,
                             analysis_lease_s=3, disk_free_min_bytes=1 * MiB)
    app = create_app(settings)
    with TestClient(app) as client:
        service = app.state.service
        key = _device_key(service)
        deadline = time.monotonic() + 120
        while client.get("/healthz").json()["engine"] != "ready":
            assert time.monotonic() < deadline, client.get("/healthz").json()
            time.sleep(0.2)
        accepted = [_upload(client, key, "hall-mop.jpg", "store-a-hall")]
        assert accepted[0].status_code == 202, accepted[0].text
        while _status(service, accepted[0].json()["id"]) != "running":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        filler = fill_up(small_disk)  # mid-analysis: its result has nowhere to go
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json()["status"] == "degraded", health.json()
        refused = _upload(client, key, "window-5-posters.jpg", "store-a-window")
        assert refused.status_code == 507, refused.text
        time.sleep(settings.analysis_lease_s + 4)  # the analysis ends; its write fails
        assert client.get("/healthz").json()["status"] == "degraded"
        filler.unlink()
        accepted.append(_upload(client, key, "counter-no-badge.jpg", "store-a-counter"))
        assert accepted[1].status_code == 202, accepted[1].text
        ids = [response.json()["id"] for response in accepted]
        deadline = time.monotonic() + 120
        while [_status(service, i) for i in ids] != ["done", "done"]:
            assert time.monotonic() < deadline, [_status(service, i) for i in ids]
            time.sleep(0.2)
        assert client.get("/healthz").json()["status"] == "ok", client.get("/healthz").json()
