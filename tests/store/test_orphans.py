"""The orphan sweep: image files no row references go once they are an hour old; referenced
files, files of rows whose image retention already took, and fresh files are handled right."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from storecheck.api.service import Service
from storecheck.cli import main
from storecheck.store.db import transaction
from storecheck.store.models import Snapshot, utcnow
from storecheck.store.orphans import prune_orphans
from tests.servicekit import insert_analysed, mop_and_badge_result


def age(service: Service, digest: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(service.images.path(digest), (then, then))


def test_old_unreferenced_images_are_swept(service: Service) -> None:
    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    with service.factory() as session:
        kept = session.get(Snapshot, snapshot_id).sha256  # type: ignore[union-attr]
    old_orphan, new_orphan = service.images.put(b"crash leftover"), service.images.put(b"upload in flight")
    for digest in (kept, old_orphan):
        age(service, digest, 2)
    age(service, new_orphan, 0.5)
    assert prune_orphans(service.factory, service.images) == 1
    assert sorted(service.images.digests()) == sorted([kept, new_orphan])
    # A row whose image retention removed no longer keeps a file that came back (e.g. restored).
    with transaction(service.factory) as session:
        session.execute(update(Snapshot).values(image_pruned_at=utcnow()))
    assert prune_orphans(service.factory, service.images) == 1
    assert service.images.digests() == [new_orphan]


def test_prune_command_sweeps_orphans(service: Service, database_url: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    monkeypatch.setenv("STORECHECK_IMAGES_DIR", str(service.images.root))
    age(service, service.images.put(b"crash leftover"), 2)
    assert main(["prune", "--home", str(Path(service.settings.home))]) == 0
    assert "1 images" in capsys.readouterr().out
    assert service.images.digests() == []
