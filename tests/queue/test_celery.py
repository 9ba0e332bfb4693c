"""The Celery backend's delivery rules, in-process on the real Redis and PostgreSQL: a task
delivered twice analyses once, a dead worker's snapshot is taken over after its lease, snapshots
that keep failing end failed and in the dead-letter list, and the service resends what the broker
lost."""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Iterator

import pytest
from redis import Redis
from sqlalchemy import update

from storecheck.queue.celery_claim import Lease, claim_snapshot
from storecheck.queue.celery_config import CelerySettings
from storecheck.queue.celery_queue import CeleryQueue
from storecheck.queue.celery_tasks import WorkerContext, analyze_once, backoff_s, build_context
from storecheck.queue.celery_worker import worker_argv
from storecheck.queue.embedded import EmbeddedQueue
from storecheck.queue.factory import make_queue
from storecheck.store.db import transaction
from storecheck.store.models import Snapshot
from tests.queue.celerykit import (  # noqa: F401  (fixtures)
    Deployment,
    deployment_fixture,
    needs_redis_and_pg,
    pg_url_fixture,
    redis_fixture,
)
from tests.servicekit import needs_detector


@pytest.mark.parametrize(("attempts", "delay"), [(1, 5.0), (2, 10.0), (3, 20.0), (9, 300.0)])
def test_retry_delays_double_up_to_the_maximum(attempts: int, delay: float) -> None:
    assert backoff_s(CelerySettings(retry_backoff_s=5, retry_backoff_max_s=300), attempts) == delay


def test_worker_runs_one_task_per_process_per_core() -> None:
    argv = worker_argv(concurrency=None, loglevel="INFO", queue="q")
    assert f"--concurrency={os.cpu_count()}" in argv and "--prefetch-multiplier=1" in argv
    assert "--pool=prefork" in argv and "--queues=q" in argv


@pytest.fixture
def worker(deployment: Deployment) -> Iterator[WorkerContext]:
    """What one worker process holds: database, images, a loaded engine, Redis."""
    ctx = build_context(CelerySettings())
    assert ctx.analyzer.ensure_engine(), ctx.analyzer.engine_status
    yield ctx
    ctx.db.dispose()
    ctx.redis.close()


def _row(deployment: Deployment, snapshot_id: str) -> Snapshot:
    with deployment.service.factory() as session:
        snapshot = session.get(Snapshot, snapshot_id)
        assert snapshot is not None
        return snapshot


def _dead_letters(ctx: WorkerContext) -> list[dict[str, object]]:
    return [json.loads(e) for e in ctx.redis.lrange(ctx.settings.dead_letter_key, 0, -1)]


@needs_redis_and_pg
@needs_detector
def test_a_task_delivered_twice_analyses_once(deployment: Deployment, worker: WorkerContext) -> None:
    snapshot_id = deployment.add()
    other = Lease(worker.redis, worker.settings.lease_key(snapshot_id), "other-worker:1", ttl_s=30)
    assert other.acquire()  # a second delivery arrives while the first is being analysed
    outcome, retry_in = analyze_once(worker, snapshot_id)
    assert outcome == "held elsewhere (queued)" and retry_in == worker.settings.lease_s
    other.release()
    assert analyze_once(worker, snapshot_id) == ("done", None)
    assert analyze_once(worker, snapshot_id) == ("finished", None)  # the late duplicate
    row = _row(deployment, snapshot_id)
    assert row.status == "done" and row.attempts == 1 and row.result is not None
    assert not worker.redis.exists(worker.settings.lease_key(snapshot_id))


@needs_redis_and_pg
@needs_detector
def test_a_dead_workers_snapshot_is_taken_over_once_its_lease_runs_out(
        deployment: Deployment, worker: WorkerContext) -> None:
    snapshot_id = deployment.add()
    dead = Lease(worker.redis, worker.settings.lease_key(snapshot_id), "dead-worker:1", ttl_s=1)
    assert dead.acquire()
    with transaction(deployment.service.factory) as session:
        assert claim_snapshot(session, snapshot_id) == "claimed"  # ... and then it was killed
    assert analyze_once(worker, snapshot_id)[0] == "held elsewhere (running)"
    time.sleep(1.2)
    assert analyze_once(worker, snapshot_id) == ("done", None)
    row = _row(deployment, snapshot_id)
    assert row.status == "done" and row.attempts == 2 and row.result is not None


@needs_redis_and_pg
@needs_detector
def test_snapshots_that_keep_failing_end_failed_and_dead_lettered(
        deployment: Deployment, worker: WorkerContext) -> None:
    unreadable = deployment.add(data=b"not a jpeg at all")
    assert analyze_once(worker, unreadable) == ("failed", None)
    crashing = deployment.add()
    with transaction(deployment.service.factory) as session:  # workers died on it 3 times
        session.execute(update(Snapshot).where(Snapshot.id == crashing).values(status="running", attempts=3))
    assert analyze_once(worker, crashing) == ("failed", None)
    letters = {str(e["snapshot_id"]): e for e in _dead_letters(worker)}
    assert set(letters) == {unreadable, crashing}
    assert _row(deployment, unreadable).status == "failed"
    assert letters[unreadable]["reason"] == _row(deployment, unreadable).error
    assert "worker lost 3 times" in str(letters[crashing]["reason"])
    assert _row(deployment, crashing).error == letters[crashing]["reason"]
    # The worker is not the service, yet the service's /metrics counts what it did.
    assert 'storecheck_snapshots{status="failed"} 2.0' in deployment.service.metrics.render().decode()


@needs_redis_and_pg
@needs_detector
def test_a_transient_error_is_retried_with_backoff_then_dead_lettered(
        deployment: Deployment, worker: WorkerContext) -> None:
    snapshot_id = deployment.add()
    image = deployment.service.images.path(_row(deployment, snapshot_id).sha256)
    image.unlink()
    image.mkdir()  # reading it fails with IsADirectoryError: not "missing", so worth a retry
    delays = []
    for attempt in (1, 2):
        outcome, delay = analyze_once(worker, snapshot_id)
        assert outcome == "retrying" and delay is not None
        delays.append(delay)
        row = _row(deployment, snapshot_id)
        assert row.status == "queued" and row.attempts == attempt and "IsADirectoryError" in str(row.error)
    assert delays == [0.5, 1.0]  # STORECHECK_RETRY_BACKOFF_S=0.5, doubling
    assert analyze_once(worker, snapshot_id) == ("failed", None)  # the third attempt was the last
    assert [e["snapshot_id"] for e in _dead_letters(worker)] == [snapshot_id]


def _sent(redis: Redis, queue: str) -> list[str]:
    """Snapshot ids of the tasks waiting in the broker (kombu's JSON envelope, base64 body)."""
    return sorted(json.loads(base64.b64decode(json.loads(m)["body"]))[0][0] for m in redis.lrange(queue, 0, -1))


@needs_redis_and_pg
def test_the_service_resends_what_the_broker_lost(deployment: Deployment, redis: Redis) -> None:
    settings = CelerySettings(requeue_after_s=0, lease_s=0.5)  # the rest from the environment
    queue = CeleryQueue(deployment.service.factory, settings)
    assert queue.engine_status == "ready"
    orphan, forgotten, alive = deployment.add(), deployment.add("hall-clean.jpg"), deployment.add("counter-badges.jpg")
    with transaction(deployment.service.factory) as session:
        for snapshot_id in (orphan, alive):  # claimed by workers; one of them then died
            assert claim_snapshot(session, snapshot_id) == "claimed"
    assert Lease(redis, settings.lease_key(alive), "live-worker:1", ttl_s=60).acquire()
    time.sleep(0.6)
    assert queue.reconcile() == 2
    assert _sent(redis, settings.celery_queue) == sorted([orphan, forgotten])
    assert queue.reconcile() == 1  # the broker now holds as many tasks as there are queued rows
    queue.stop()


@needs_redis_and_pg
def test_queued_rows_without_tasks_are_sent_at_start_up(deployment: Deployment, redis: Redis) -> None:
    # Rows queued by seed-demo or by the embedded backend before the switch have no task.
    waiting = sorted([deployment.add(), deployment.add("hall-clean.jpg")])
    queue = CeleryQueue(deployment.service.factory, CelerySettings())  # requeue_after_s: 120 s
    queue.start()
    try:
        deadline = time.monotonic() + 10
        while _sent(redis, queue.settings.celery_queue) != waiting:
            assert time.monotonic() < deadline, _sent(redis, queue.settings.celery_queue)
            time.sleep(0.05)
    finally:
        queue.stop()


def test_the_embedded_queue_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORECHECK_QUEUE", raising=False)
    assert isinstance(make_queue(None, []), EmbeddedQueue)  # type: ignore[arg-type]
    monkeypatch.setenv("STORECHECK_QUEUE", "celery")
    assert isinstance(make_queue(None, []), CeleryQueue)  # type: ignore[arg-type]


def test_a_broker_that_is_down_costs_an_upload_under_two_seconds_and_shows_in_health() -> None:
    # Nothing listens on port 1 of loopback: connections are refused, as when Redis is down.
    queue = CeleryQueue(None, CelerySettings(redis_url="redis://127.0.0.1:1/0"))  # type: ignore[arg-type]
    start = time.monotonic()
    queue.submit("0" * 32)  # logged; the row stays queued for the reconciler
    assert time.monotonic() - start < 2.0
    assert queue.engine_status.startswith("error: broker unreachable")
