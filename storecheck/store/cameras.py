"""A camera row and the checks' camera (:class:`~storecheck.checks.config.CameraConfig`): the one
place a row's zone and polygons are read as a camera's setup, or written from one."""

from __future__ import annotations

from storecheck.checks.config import CameraConfig
from storecheck.store.models import Camera


def camera_setup(row: Camera) -> CameraConfig:
    """The row's zone and polygons as the checks read them (validated again: the row holds JSON)."""
    return CameraConfig.model_validate({"zone": row.zone, "polygons": row.polygons or {}})


def write_camera_setup(row: Camera, camera: CameraConfig) -> None:
    """Set the row's zone and polygons (relative 0-1, as JSON) from ``camera``, which must name a zone."""
    if camera.zone is None:
        raise ValueError(f"camera {row.id} needs a zone to be stored")
    row.zone = camera.zone
    row.polygons = camera.polygons.model_dump(mode="json")
