"""A full image disk: the upload gets 507, and no row exists without its image.

The image store is put on a real 64 KiB tmpfs when this process may mount one (root in CI);
elsewhere ENOSPC is raised at the filesystem boundary (the write), which is what the kernel does.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from storecheck.api.main import create_app
from storecheck.store.images import ImageStore
from storecheck.store.models import Snapshot
from tests.fs import tiny_tmpfs
from tests.servicekit import make_settings, sample_bytes, seed_stores


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
    from storecheck.store.db import transaction
    from storecheck.store.keys import create_key

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
