"""The FastAPI application: ``create_app(settings)``; ``storecheck serve`` runs it with uvicorn.

Example:
    >>> from fastapi.testclient import TestClient               # doctest: +SKIP
    >>> with TestClient(create_app(Settings(home="var"))) as client:  # doctest: +SKIP
    ...     client.get("/healthz").json()["status"]
    'ok'
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, OperationalError

from storecheck.api import web
from storecheck.api.openapi_errors import add_error_responses
from storecheck.api.routes import (
    devices,
    export,
    health,
    keys,
    results,
    rosters,
    snapshots,
    stores,
    violations,
)
from storecheck.api.service import Service, build_service
from storecheck.api.settings import Settings
from storecheck.store.db import is_disk_full

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, engine_factory: Callable[..., object] | None = None,
               start_queue: bool = True) -> FastAPI:
    """The service app. The database is opened and migrated here; the analysis queue starts
    with the app (``start_queue=False`` leaves it stopped, for tests that insert rows directly)."""
    settings = settings or Settings()
    service = build_service(settings, engine_factory=engine_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if start_queue:
            service.queue.start()
        try:
            yield
        finally:
            service.queue.stop()
            service.db.dispose()

    app = FastAPI(
        title="storecheck", version="0.1.0", lifespan=lifespan,
        description="营业厅合规检查: snapshot uploads, analysis results, violation review, scores.",
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs", redoc_url=None,
    )
    app.state.service = service
    app.add_exception_handler(DataError, refuse_unstorable)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, database_unavailable)  # type: ignore[arg-type]
    app.include_router(health.router)
    for module in (snapshots, results, violations, stores, rosters, keys, export, devices):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(web.router)
    add_error_responses(app, open_paths=("/healthz",))
    app.mount("/static", StaticFiles(directory=str(Path(__file__).with_name("static"))), name="static")
    return app


async def refuse_unstorable(request: Request, exc: DataError) -> JSONResponse:
    """A value the database cannot hold (a NUL byte in a text on PostgreSQL, a number past a
    column's range) came with the request: a 422 that says so, not a 500."""
    reason = str(exc.orig).splitlines()[0] if exc.orig is not None else "invalid value"
    log.info("refused %s %s: %s", request.method, request.url.path, reason)
    return JSONResponse(status_code=422, content={"detail": f"a value the database cannot hold: {reason}"})


async def database_unavailable(request: Request, exc: OperationalError) -> JSONResponse:
    """The database refused (its disk is full: 507, as for a full image store) or is away (503):
    nothing was changed, retry later. Uploads say so themselves; this covers every other write."""
    reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
    log.error("%s %s: database refused: %s", request.method, request.url.path, reason)
    service_of(request.app).metrics.write_failed(exc)
    if is_disk_full(exc):
        return JSONResponse(status_code=507, content={"detail": "the database's disk is full; nothing was changed, retry later"})
    return JSONResponse(status_code=503, content={"detail": "the database is unavailable; nothing was changed, retry later"})


def service_of(app: FastAPI) -> Service:
    return app.state.service  # type: ignore[no-any-return]
