"""Upsert the config file's ``stores:`` section (:mod:`storecheck.stores_config`) into the
database at start-up."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from storecheck.checks.config import UniformColour
from storecheck.store.cameras import write_camera_setup
from storecheck.store.models import Camera, Store
from storecheck.stores_config import StoresConfig

log = logging.getLogger(__name__)


class StoresSyncError(ValueError):
    """The file and the database disagree in a way an upsert must not paper over."""


def sync_stores(session: Session, stores: StoresConfig) -> tuple[int, int]:
    """Insert or update the listed stores and cameras; returns (stores, cameras) written.

    Raises:
        StoresSyncError: a camera id already belongs to another store in the database (moving
            it would leave its snapshots under the old store).
    """
    for entry in stores.root:
        store = session.get(Store, entry.id) or Store(id=entry.id)
        store.name, store.store_type = entry.name, entry.type
        store.uniform_colours = _colours(entry.uniform_colours)
        session.add(store)
        session.flush()
        for cam in entry.cameras:
            camera = session.get(Camera, cam.id)
            if camera is not None and camera.store_id != entry.id:
                raise StoresSyncError(
                    f"camera {cam.id} is listed under store {entry.id} but belongs to store "
                    f"{camera.store_id} in the database; give it a new id")
            camera = camera or Camera(id=cam.id, store_id=entry.id)
            camera.name = cam.name
            write_camera_setup(camera, cam)
            session.add(camera)
    session.flush()
    cameras = sum(len(s.cameras) for s in stores.root)
    log.info("config: %d stores, %d cameras upserted", len(stores.root), cameras)
    return len(stores.root), cameras


def _colours(colours: list[UniformColour] | None) -> list[dict[str, Any]] | None:
    return [c.model_dump(mode="json") for c in colours] if colours else None
