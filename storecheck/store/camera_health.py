"""Camera health reported by the edge agents: the last report per camera, and how it reads now.

An agent posts its whole health board every publish interval. A camera whose last report is
older than the silence limit is ``silent``: the agent (or the box, or its uplink) has stopped
reporting, which the agent itself cannot say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storecheck.store.models import Camera, CameraHealthReport, utcnow
from storecheck.store.notifications import emit

#: Camera states as ``GET /stores/{id}/health`` names them, in the pages' and reports' words.
CAMERA_STATE_ZH = {"ok": "正常", "starting": "启动中", "failing": "取流失败", "offline": "离线",
                   "silent": "失联", "unknown": "未上报"}


@dataclass(frozen=True)
class CameraHealthView:
    camera_id: str
    zone: str
    #: The agent's state (starting | ok | failing | offline), ``unknown`` when no agent ever
    #: reported this camera, ``silent`` when its last report is older than the silence limit.
    state: str
    reported_state: str | None
    received_at: datetime | None
    last_success: str | None
    dark_since: str | None
    last_error: str | None


def save_reports(session: Session, store_id: str, cameras: Mapping[str, Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """Keep each camera's latest entry; returns (stored, unknown) camera ids. Entries for cameras
    the store has not registered are not stored (and not an error: an agent may watch a camera
    before someone registers it, and the rest of its report still counts). A camera newly
    ``offline`` is a ``camera.offline`` notification event."""
    known = set(session.scalars(select(Camera.id).where(Camera.store_id == store_id)))
    rows = _reports(session, store_id)
    stored, unknown = [], []
    now = utcnow()
    for camera_id, entry in cameras.items():
        if camera_id not in known:
            unknown.append(camera_id)
            continue
        row = rows.get(camera_id) or CameraHealthReport(camera_id=camera_id, store_id=store_id)
        was = row.state
        row.state = str(entry.get("state") or "starting")
        if row.state == "offline" and was != "offline":  # the camera went dark: tell, once
            emit(session, "camera.offline", store_id, None, {
                "camera_id": camera_id, "last_error": entry.get("last_error"), "dark_since": entry.get("dark_since")})
        row.last_success = entry.get("last_success")
        row.dark_since = entry.get("dark_since")
        row.last_error = entry.get("last_error")
        row.report = dict(entry)
        row.received_at = now
        session.add(row)
        stored.append(camera_id)
    session.flush()
    return stored, unknown


def store_health(session: Session, store_id: str, silent_after: timedelta) -> list[CameraHealthView]:
    """Every registered camera of the store with its health as of now."""
    reports = _reports(session, store_id)
    cameras = session.scalars(select(Camera).where(Camera.store_id == store_id).order_by(Camera.id))
    now = utcnow()
    views = []
    for camera in cameras:
        report = reports.get(camera.id)
        if report is None:
            state = "unknown"
        elif now - report.received_at > silent_after:
            state = "silent"
        else:
            state = report.state
        views.append(CameraHealthView(
            camera_id=camera.id, zone=camera.zone, state=state,
            reported_state=report.state if report else None,
            received_at=report.received_at if report else None,
            last_success=report.last_success if report else None,
            dark_since=report.dark_since if report else None,
            last_error=report.last_error if report else None,
        ))
    return views


def _reports(session: Session, store_id: str) -> dict[str, CameraHealthReport]:
    """The store's stored reports by camera id, in one query (not one per camera)."""
    query = select(CameraHealthReport).where(CameraHealthReport.store_id == store_id)
    return {row.camera_id: row for row in session.scalars(query)}
