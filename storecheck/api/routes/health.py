"""``/healthz`` (open: for load balancers and people) and ``/metrics`` (Prometheus, admin key)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from storecheck.api.deps import AdminKey, ServiceDep
from storecheck.api.probes import data_dirs, disk_free, disk_reasons, stuck_reason
from storecheck.store.snapshots import oldest_running_age

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(service: ServiceDep, response: Response) -> dict[str, Any]:
    """``ok``, or ``degraded`` with ``reasons`` a person should act on: the disk of the home,
    images or SQLite database under ``disk_free_min_bytes``, database writes refused (until one
    succeeds again), a snapshot ``running`` past the lease (the queue is stuck). HTTP 503 only
    when the database does not answer at all; otherwise 200, since reads and reviews still work.
    The engine may still be loading (uploads are accepted and wait in the queue meanwhile)."""
    settings = service.settings
    reasons: list[str] = []
    oldest_running_s: float | None = None
    try:
        with service.db.connect() as connection:
            connection.execute(text("SELECT 1"))
        with service.factory() as session:
            oldest_running_s = oldest_running_age(session)
        database = "ok"
    except Exception as exc:  # report, never raise: this is what a load balancer polls
        database = f"error: {type(exc).__name__}"
        reasons.append(f"database: {type(exc).__name__}")
        response.status_code = 503
    dirs = data_dirs(settings, service.images)
    free = disk_free(dirs)
    reasons += disk_reasons(free, settings.disk_free_min_bytes, dirs)
    if service.metrics.write_error is not None:
        reasons.append(f"database refuses writes: {service.metrics.write_error}")
    if oldest_running_s is not None:
        reasons += stuck_reason(oldest_running_s, settings.analysis_lease_s)
    return {
        "status": "degraded" if reasons else "ok",
        "reasons": reasons,
        "database": database,
        "engine": service.queue.engine_status,
        "queue_depth": service.queue.depth() if database == "ok" else None,
        "oldest_running_s": None if oldest_running_s is None else round(oldest_running_s, 1),
        "disk_free_bytes": free,
    }


@router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(_: AdminKey, service: ServiceDep) -> Response:
    return Response(service.metrics.render(), media_type=CONTENT_TYPE_LATEST)
