"""The embedded queue: worker threads in the service process, fed by the ``snapshots`` table.

Needs nothing installed. Durable because the queue *is* the table: ``submit`` only wakes a worker;
at start-up snapshots left ``running`` by a stopped process go back to ``queued`` and are picked
up with the rest. While the service runs, a sweep puts back any snapshot ``running`` longer than
the lease: a worker whose result could not be written (a full disk) leaves its row ``running``,
and the service must not need a restart to finish it. One instance per database: two embedded services sharing one PostgreSQL would
requeue each other's running work at start-up (use the broker backend for that, issue 6).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from storecheck.queue.worker import Analyzer
from storecheck.store.db import transaction
from storecheck.store.snapshots import queue_depth, requeue_running

log = logging.getLogger(__name__)


class EmbeddedQueue:
    """Worker threads over the database queue, plus optional daily jobs (retention).

    Example:
        >>> queue = EmbeddedQueue(factory, analyzer)  # doctest: +SKIP
        >>> queue.start(); queue.submit(snapshot_id)  # doctest: +SKIP
    """

    def __init__(
        self,
        factory: sessionmaker[Session],
        analyzers: list[Analyzer],
        *,
        idle_poll_s: float = 2.0,
        engine_retry_s: float = 30.0,
        daily: Callable[[], object] | None = None,
        daily_interval_s: float = 24 * 3600,
        lease_s: float = 300.0,
    ) -> None:
        self.factory = factory
        self.analyzers = analyzers
        self.idle_poll_s = idle_poll_s
        self.engine_retry_s = engine_retry_s
        self._daily = daily
        self._daily_interval_s = daily_interval_s
        self.lease_s = lease_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def engine_status(self) -> str:
        return self.analyzers[0].engine_status if self.analyzers else "no workers"

    def submit(self, snapshot_id: str) -> None:
        self._wake.set()

    def depth(self) -> int:
        with self.factory() as session:
            return queue_depth(session)

    def start(self) -> None:
        with transaction(self.factory) as session:
            requeued = requeue_running(session)
        if requeued:
            log.warning("requeued %d snapshots left running by a stopped process", requeued)
        self._stopping.clear()
        for index, analyzer in enumerate(self.analyzers):
            thread = threading.Thread(target=self._work, args=(analyzer,), name=f"analysis-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        jobs = [(self._sweep, "lease-sweep")]
        if self._daily is not None:
            jobs.append((self._run_daily, "daily-jobs"))
        for target, name in jobs:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def _work(self, analyzer: Analyzer) -> None:
        while not self._stopping.is_set():
            try:
                if not analyzer.ensure_engine():
                    self._stopping.wait(self.engine_retry_s)
                    continue
                if analyzer.run_one() is not None:
                    continue
            except Exception:  # the database went away for a moment: keep the worker alive
                log.exception("analysis worker error")
            self._wake.wait(self.idle_poll_s)
            self._wake.clear()

    def _sweep(self) -> None:
        # A quarter of the lease, so an abandoned snapshot waits at most 1.25 leases; at most a
        # minute, since the query is one indexed UPDATE that usually matches nothing.
        interval = min(60.0, self.lease_s / 4)
        while not self._stopping.wait(interval):
            try:
                with transaction(self.factory) as session:
                    requeued = requeue_running(session, older_than=timedelta(seconds=self.lease_s))
            except Exception as exc:  # the database refuses writes (a full disk): the next sweep retries
                log.warning("lease sweep failed, retried in %.0f s: %s", interval, str(exc).splitlines()[0])
                continue
            if requeued:
                log.warning("requeued %d snapshots running longer than the %.0f s lease", requeued, self.lease_s)
                self._wake.set()

    def _run_daily(self) -> None:
        # First run a minute after start-up, not at once: start-up is busy enough.
        delay = min(60.0, self._daily_interval_s)
        while not self._stopping.wait(delay):
            try:
                assert self._daily is not None
                self._daily()
            except Exception:
                log.exception("daily job failed")
            delay = self._daily_interval_s
