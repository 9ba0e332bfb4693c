"""The FastAPI application: ``create_app(settings)``; ``storecheck serve`` runs it with uvicorn.

Example:
    >>> from fastapi.testclient import TestClient               # doctest: +SKIP
    >>> with TestClient(create_app(Settings(home="var"))) as client:  # doctest: +SKIP
    ...     client.get("/healthz").json()["status"]
    'ok'
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, OperationalError

from storecheck.api import web
from storecheck.api.errors import database_unavailable, refuse_invalid, refuse_unstorable
from storecheck.api.openapi_errors import add_error_responses
from storecheck.api.routes import (
    devices,
    export,
    health,
    keys,
    notifications,
    orders,
    reports,
    results,
    review_items,
    rosters,
    snapshots,
    stores,
    violations,
)
from storecheck.api.service import Service, build_service
from storecheck.settings import Settings

API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None, *, engine_factory: Callable[..., object] | None = None,
               start_queue: bool = True, start_notifier: bool | None = None) -> FastAPI:
    """The service app. The database is opened and migrated here; the analysis queue and the
    notification sender start with the app (``start_queue=False`` leaves both stopped, for tests
    that insert rows directly; ``start_notifier`` overrides it for the sender)."""
    settings = settings or Settings()
    service = build_service(settings, engine_factory=engine_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if start_queue:
            service.queue.start()
        if start_queue if start_notifier is None else start_notifier:
            service.notifier.start()
        try:
            yield
        finally:
            service.notifier.stop()
            service.queue.stop()
            service.db.dispose()

    app = FastAPI(
        title="storecheck", version="0.1.0", lifespan=lifespan,
        description="营业厅合规检查: snapshot uploads, analysis results, violation review, scores.",
        # Open by choice (README): the schema says what the API takes, every operation needs a key.
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs", redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,  # no OAuth2 here: one open page fewer
    )
    app.state.service = service
    app.add_exception_handler(RequestValidationError, refuse_invalid)  # type: ignore[arg-type]
    app.add_exception_handler(DataError, refuse_unstorable)  # type: ignore[arg-type]
    app.add_exception_handler(OperationalError, database_unavailable)  # type: ignore[arg-type]
    app.include_router(health.router)
    for module in (snapshots, results, violations, review_items, orders, notifications, reports, stores, rosters, keys, export, devices):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(web.router)
    add_error_responses(app, open_paths=("/healthz",))
    app.mount("/static", StaticFiles(directory=str(Path(__file__).with_name("static"))), name="static")
    return app


def service_of(app: FastAPI) -> Service:
    return app.state.service  # type: ignore[no-any-return]
