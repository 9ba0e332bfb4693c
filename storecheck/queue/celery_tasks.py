"""The Celery task that analyses one snapshot, and the per-process state it runs with.

Each worker process (a prefork child) loads the engine once, in ``worker_process_init``, never
per task: loading the ONNX models takes seconds, an analysis well under one. The task itself is a
thin shell around :class:`~storecheck.queue.worker.Analyzer` (the same code the embedded queue
runs), wrapped in the lease-then-claim protocol of :mod:`storecheck.queue.celery_claim`.

Run a worker with ``storecheck worker`` (or ``celery -A storecheck.queue.celery_tasks worker``).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any

from celery import Task
from celery.signals import worker_process_init, worker_process_shutdown
from redis import Redis
from sqlalchemy import Engine as DbEngine
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storecheck.queue.celery_claim import Lease, claim_snapshot, fail_exhausted
from storecheck.queue.celery_config import TASK_NAME, CelerySettings, make_celery_app
from storecheck.queue.worker import Analyzer
from storecheck.store.db import transaction
from storecheck.store.models import Snapshot, utcnow

log = logging.getLogger(__name__)

settings = CelerySettings()
app = make_celery_app(settings)


@dataclass
class WorkerContext:
    settings: CelerySettings
    db: DbEngine
    factory: sessionmaker[Session]
    analyzer: Analyzer
    redis: Redis
    token: str


_context: WorkerContext | None = None


def build_context(settings: CelerySettings) -> WorkerContext:
    """Database, images, engine and Redis of this process, from the service's own settings."""
    # The worker reads the same STORECHECK_* settings as the service (database, home, config).
    from storecheck.settings import Settings
    from storecheck.wiring import wire

    wired = wire(Settings())
    config = wired.config.engine()
    # One process per core: more ONNX threads per process would only fight over the same cores.
    vision = config.vision.model_copy(update={
        "detector": config.vision.detector.model_copy(update={"threads": settings.worker_threads}),
        "ocr": config.vision.ocr.model_copy(update={"threads": settings.worker_threads}),
    })
    analyzer = Analyzer(wired.factory, wired.images, config.model_copy(update={"vision": vision}))
    token = f"{socket.gethostname()}:{os.getpid()}"
    return WorkerContext(settings, wired.db, wired.factory, analyzer, Redis.from_url(settings.redis_url), token)


def context() -> WorkerContext:
    global _context
    if _context is None:  # a pool without worker_process_init (solo, threads)
        _context = build_context(settings)
    return _context


@worker_process_init.connect
def load_engine(**_: Any) -> None:
    """Load the engine as the pool child starts, before it takes its first task."""
    ready = context().analyzer.ensure_engine()
    log.info("worker process %d: engine %s", os.getpid(), context().analyzer.engine_status if not ready else "ready")


@worker_process_shutdown.connect
def close_connections(**_: Any) -> None:
    if _context is not None:
        _context.db.dispose()
        _context.redis.close()


def backoff_s(settings: CelerySettings, attempts: int) -> float:
    """Exponential: backoff, 2×backoff, 4×backoff… up to the maximum."""
    return float(min(settings.retry_backoff_max_s, settings.retry_backoff_s * 2 ** max(0, attempts - 1)))


def dead_letter(ctx: WorkerContext, snapshot_id: str, reason: str, attempts: int) -> None:
    """Keep a failed-for-good snapshot where an operator looks (``LRANGE <prefix>dead-letters``)."""
    entry = {"snapshot_id": snapshot_id, "reason": reason, "attempts": attempts,
             "worker": ctx.token, "at": utcnow().isoformat()}
    ctx.redis.lpush(ctx.settings.dead_letter_key, json.dumps(entry, ensure_ascii=False))
    log.error("snapshot %s failed for good after %d attempts: %s", snapshot_id, attempts, reason)


def analyze_once(ctx: WorkerContext, snapshot_id: str) -> tuple[str, float | None]:
    """One delivery of a snapshot's task: (what happened, retry after this many seconds or None)."""
    if not ctx.analyzer.ensure_engine():
        return "engine not ready", ctx.settings.engine_retry_s
    lease = Lease(ctx.redis, ctx.settings.lease_key(snapshot_id), ctx.token, ctx.settings.lease_s)
    if not lease.acquire():
        # Another worker holds it. Look again once its lease could have run out: if that worker
        # dies now, this delivery is what takes the snapshot over.
        status = _status(ctx, snapshot_id)[0]
        return (f"held elsewhere ({status})", ctx.settings.lease_s) if status in ("queued", "running") \
            else (status or "gone", None)
    try:
        with transaction(ctx.factory) as session:
            claim = claim_snapshot(session, snapshot_id)
            if claim == "exhausted":
                reason = fail_exhausted(session, snapshot_id)
        if claim == "exhausted":
            dead_letter(ctx, snapshot_id, reason, _status(ctx, snapshot_id)[1])
            return "failed", None
        if claim != "claimed":
            return claim, None
        with lease.kept_alive():
            ctx.analyzer.analyze(snapshot_id)
        # Read the outcome while still holding the lease: once it is released, a duplicate
        # delivery may claim a row the Analyzer put back in the queue.
        status, attempts, error = _status(ctx, snapshot_id)
    finally:
        lease.release()
    if status == "queued":  # a transient error, under MAX_ATTEMPTS: the Analyzer put it back
        return "retrying", backoff_s(ctx.settings, attempts)
    if status == "failed":
        dead_letter(ctx, snapshot_id, error or "unknown error", attempts)
    elif status == "done":
        log.info("snapshot %s analysed (done, attempt %d)", snapshot_id, attempts)
    return status or "gone", None


def _status(ctx: WorkerContext, snapshot_id: str) -> tuple[str | None, int, str | None]:
    with ctx.factory() as session:
        row = session.execute(
            select(Snapshot.status, Snapshot.attempts, Snapshot.error).where(Snapshot.id == snapshot_id)
        ).one_or_none()
    return (row[0], row[1], row[2]) if row is not None else (None, 0, None)


@app.task(bind=True, name=TASK_NAME, acks_late=True, reject_on_worker_lost=True, max_retries=50)
def analyze(self: Task, snapshot_id: str) -> str:  # type: ignore[type-arg]
    """Analyse ``snapshot_id`` unless it is done, failed, or being analysed by a live worker."""
    outcome, retry_in = analyze_once(context(), snapshot_id)
    if retry_in is not None:
        # The row is the truth, so a retry that never comes (broker lost) loses nothing: the
        # service's reconciler resubmits queued snapshots the broker forgot.
        raise self.retry(countdown=retry_in)
    return outcome
