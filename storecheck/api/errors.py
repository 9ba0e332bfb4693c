"""How the app answers errors raised below the routes: a field that fails validation, a value
the database cannot hold, a database that refuses. Each becomes ``{"detail": ...}`` with a 4xx
or 5xx that says what to do, never a bare 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError

from storecheck.store.db import is_disk_full

log = logging.getLogger(__name__)

#: The most of a caller's input a 422 echoes back: enough to see which value it was.
ECHO_CHARS = 200
#: The most items of a list or object echoed, and how deep.
ECHO_ITEMS, ECHO_DEPTH = 10, 3


def clip(value: Any, depth: int = 0) -> Any:
    """``value`` cut down for an echo: strings to :data:`ECHO_CHARS`, saying how long they
    were; lists and objects to :data:`ECHO_ITEMS` items and :data:`ECHO_DEPTH` levels."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return value if len(value) <= ECHO_CHARS else f"{value[:ECHO_CHARS]}… ({len(value)} characters)"
    if depth >= ECHO_DEPTH and isinstance(value, dict | list | tuple):
        return f"… ({len(value)} items)"
    if isinstance(value, dict):
        clipped = {clip(str(k), depth + 1): clip(v, depth + 1) for k, v in list(value.items())[:ECHO_ITEMS]}
        if len(value) > ECHO_ITEMS:
            clipped["…"] = f"{len(value) - ECHO_ITEMS} more items"
        return clipped
    if isinstance(value, list | tuple):
        items = [clip(v, depth + 1) for v in value[:ECHO_ITEMS]]
        return items + ([f"… {len(value) - ECHO_ITEMS} more items"] if len(value) > ECHO_ITEMS else [])
    return value


async def refuse_invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 (a list of field errors), with each error's echo of the input clipped: a
    megabyte of ``reason`` came back whole."""
    errors = [{**error, "input": clip(error["input"])} if "input" in error else error for error in exc.errors()]
    return JSONResponse(status_code=422, content={"detail": jsonable_encoder(errors)})


async def refuse_unstorable(request: Request, exc: DataError) -> JSONResponse:
    """A value the database cannot hold (a NUL byte in a text on PostgreSQL, a number past a
    column's range) came with the request: a 422 that says so, not a 500."""
    reason = str(exc.orig).splitlines()[0] if exc.orig is not None else "invalid value"
    log.info("refused %s %s: %s", request.method, request.url.path, reason)
    return JSONResponse(status_code=422, content={"detail": f"a value the database cannot hold: {clip(reason)}"})


async def database_unavailable(request: Request, exc: OperationalError) -> JSONResponse:
    """The database refused (its disk is full: 507, as for a full image store) or is away (503):
    nothing was changed, retry later. Uploads say so themselves; this covers every other write."""
    reason = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
    log.error("%s %s: database refused: %s", request.method, request.url.path, reason)
    request.app.state.service.metrics.write_failed(exc)
    if is_disk_full(exc):
        return JSONResponse(status_code=507, content={"detail": "the database's disk is full; nothing was changed, retry later"})
    return JSONResponse(status_code=503, content={"detail": "the database is unavailable; nothing was changed, retry later"})
