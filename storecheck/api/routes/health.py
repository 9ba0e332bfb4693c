"""``/healthz`` (the only open route) and ``/metrics`` (Prometheus, admin key)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from storecheck.api.deps import AdminKey, ServiceDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(service: ServiceDep, response: Response) -> dict[str, Any]:
    """``ok`` when the database answers; the engine may still be loading (uploads are accepted
    and wait in the queue meanwhile)."""
    try:
        with service.db.connect() as connection:
            connection.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # report, never raise: this is what a load balancer polls
        database = f"error: {type(exc).__name__}"
        response.status_code = 503
    return {
        "status": "ok" if database == "ok" else "degraded",
        "database": database,
        "engine": service.queue.engine_status,
        "queue_depth": service.queue.depth() if database == "ok" else None,
    }


@router.get("/metrics", response_class=Response, responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}})
def metrics(_: AdminKey, service: ServiceDep) -> Response:
    return Response(service.metrics.render(), media_type=CONTENT_TYPE_LATEST)
