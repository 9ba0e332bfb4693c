"""Camera health from the edge agents: ``POST /devices/health`` (device keys) takes the report
``storecheck capture`` sends after each publish; ``GET /stores/{id}/health`` shows every camera of
the store as the service last heard of it, including cameras whose agent went quiet."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from storecheck.api.deps import ReaderKey, ServiceDep, SessionDep, UploaderKey, get_store
from storecheck.api.params import MAX_SILENCE_S
from storecheck.api.schemas import (
    CameraHealthPublic,
    HealthReportAccepted,
    HealthReportIn,
    StoreHealthPublic,
)
from storecheck.store.camera_health import save_reports, store_health

router = APIRouter(tags=["devices"])

#: The agent publishes every few seconds to a minute; a quarter of an hour without a word means
#: the box, its power or its uplink is down.
DEFAULT_SILENT_AFTER_S = 900


@router.post("/devices/health", response_model=HealthReportAccepted, responses={404: {"description": "No such store"}})
def report_health(report: HealthReportIn, key: UploaderKey, session: SessionDep,
                  service: ServiceDep) -> HealthReportAccepted:
    """Keep each camera's latest entry; a camera newly ``offline`` notifies the store's sinks."""
    get_store(session, key, report.store_id)
    entries = {camera_id: entry.model_dump() for camera_id, entry in report.cameras.items()}
    stored, unknown = save_reports(session, report.store_id, entries)
    session.commit()
    service.wake_notifier()
    return HealthReportAccepted(stored=stored, unknown_cameras=unknown)


@router.get("/stores/{store_id}/health", response_model=StoreHealthPublic)
def read_store_health(
    store_id: str, key: ReaderKey, session: SessionDep,
    silent_after_s: Annotated[int, Query(ge=10, le=MAX_SILENCE_S, description="A camera unreported for longer is 'silent'")] = DEFAULT_SILENT_AFTER_S,
) -> StoreHealthPublic:
    get_store(session, key, store_id)
    views = store_health(session, store_id, timedelta(seconds=silent_after_s))
    return StoreHealthPublic(store_id=store_id, silent_after_s=silent_after_s,
                             cameras=[CameraHealthPublic.model_validate(view) for view in views])
