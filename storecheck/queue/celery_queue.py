"""The service's side of the Celery backend: send a task per upload, resubmit what the broker lost.

The service never analyses here; ``storecheck worker`` processes on any number of machines do.
``submit`` is still only a hint (the row was committed ``queued`` first), so a broker that is
down or restarted without persistence loses no snapshot: the reconciler finds the rows and sends
their tasks again. Duplicate tasks are harmless: the claim lets one analysis through.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storecheck.queue.celery_claim import holder_alive
from storecheck.queue.celery_config import TASK_NAME, CelerySettings, make_celery_app
from storecheck.store.models import Snapshot, utcnow
from storecheck.store.snapshots import queue_depth

log = logging.getLogger(__name__)
RECONCILE_BATCH = 10_000


class CeleryQueue:
    """:class:`~storecheck.queue.base.AnalysisQueue` on a Celery broker (Redis).

    Example:
        >>> queue = CeleryQueue(factory, CelerySettings(queue="celery"))  # doctest: +SKIP
        >>> queue.start(); queue.submit(snapshot_id)  # doctest: +SKIP
    """

    def __init__(
        self,
        factory: sessionmaker[Session],
        settings: CelerySettings,
        *,
        daily: Callable[[], object] | None = None,
        daily_interval_s: float = 24 * 3600,
    ) -> None:
        self.factory = factory
        self.settings = settings
        self.app = make_celery_app(settings)
        self.redis = Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
        self._daily = daily
        self._daily_interval_s = daily_interval_s
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def engine_status(self) -> str:
        try:
            self.redis.ping()
        except Exception as exc:
            return f"error: broker unreachable: {exc}"
        return "ready"  # the engines are in the workers; their health is the queue draining

    def submit(self, snapshot_id: str) -> None:
        try:
            self.app.send_task(TASK_NAME, args=[snapshot_id], queue=self.settings.celery_queue)
        except Exception:  # the row is queued already: the reconciler will send it again
            log.warning("could not send snapshot %s to the broker", snapshot_id, exc_info=True)

    def depth(self) -> int:
        with self.factory() as session:
            return queue_depth(session)

    def broker_depth(self) -> int:
        """Tasks waiting in the broker plus those delivered but not yet acknowledged."""
        return int(self.redis.llen(self.settings.celery_queue)) + int(self.redis.hlen("unacked"))

    def start(self) -> None:
        # Unlike the embedded queue, never requeue ``running`` rows here: workers on other
        # machines may be analysing them. Their leases tell the reconciler which are orphans.
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="celery-reconciler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.redis.close()

    def reconcile(self, requeue_after_s: float | None = None) -> int:
        """Send again what the broker lost; returns how many tasks were sent.

        Orphans: ``running`` rows whose worker's lease ran out (the worker died, and its task
        was acknowledged or lost). Forgotten: ``queued`` rows older than ``requeue_after_s``
        (default: the setting), only when the broker holds fewer tasks than there are queued
        rows (otherwise the tasks are simply waiting their turn, and resending all of them would
        double the backlog). A resend too many is harmless: the claim lets one analysis through.
        """
        now = utcnow()
        after = self.settings.requeue_after_s if requeue_after_s is None else requeue_after_s
        stale = now - timedelta(seconds=self.settings.lease_s)
        with self.factory() as session:
            running = session.scalars(
                select(Snapshot.id).where(Snapshot.status == "running", Snapshot.started_at < stale)
                .limit(RECONCILE_BATCH)
            ).all()
            orphans = [i for i in running if not holder_alive(self.redis, self.settings.lease_key(i))]
            forgotten: list[str] = []
            if self.broker_depth() < queue_depth(session):
                forgotten = list(session.scalars(
                    select(Snapshot.id).where(
                        Snapshot.status == "queued",
                        Snapshot.received_at <= now - timedelta(seconds=after))
                    .order_by(Snapshot.received_at).limit(RECONCILE_BATCH)
                ))
        for snapshot_id in orphans + forgotten:
            self.submit(snapshot_id)
        if orphans or forgotten:
            log.warning("reconciler resent %d orphaned and %d forgotten snapshots", len(orphans), len(forgotten))
        return len(orphans) + len(forgotten)

    def _run(self) -> None:
        next_daily = time.monotonic() + min(60.0, self._daily_interval_s)
        # At start-up any queued row may be one whose task died with the previous process (or
        # was queued by ``seed-demo`` or the embedded backend, which send no tasks): no age limit.
        requeue_after_s: float | None = 0.0
        while not self._stopping.is_set():
            try:
                self.reconcile(requeue_after_s)
                requeue_after_s = None
            except Exception:  # broker or database away for a moment: try again next round
                log.exception("reconciler failed")
            if self._daily is not None and time.monotonic() >= next_daily:
                try:
                    self._daily()
                except Exception:
                    log.exception("daily job failed")
                next_daily = time.monotonic() + self._daily_interval_s
            wait = self.settings.reconcile_interval_s
            if self._daily is not None:
                wait = min(wait, max(1.0, next_daily - time.monotonic()))
            self._stopping.wait(wait)
