"""Who analyses a snapshot when Celery may deliver its task twice: a lease in Redis, then the
conditional UPDATE on the row.

The broker promises at-least-once delivery (late ack, redelivery after a worker dies), so the same
snapshot id can reach two workers. The row stays the truth:

1. A worker first takes the snapshot's lease (``SET NX PX``) and keeps renewing it while it works.
   Whoever cannot take it leaves the snapshot alone: its holder is alive.
2. Holding the lease, it claims the row with a conditional UPDATE: ``queued -> running``, or
   ``running -> running`` with the attempt count it read (the previous holder died: its lease
   ran out). Only one UPDATE can match, so one analysis per claim.

A worker killed mid-analysis stops renewing; its lease expires and the redelivered task takes the
snapshot over. One killed ``MAX_ATTEMPTS`` times is failed for good (a snapshot that crashes the
worker every time must not take the pool down forever).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from redis import Redis
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storecheck.store.models import Snapshot, utcnow
from storecheck.store.snapshots import MAX_ATTEMPTS

log = logging.getLogger(__name__)

Claim = Literal["claimed", "finished", "gone", "exhausted", "lost-race"]

# Renew/release only our own lease: another worker may hold it after ours expired.
_RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class Lease:
    """A renewable hold on one snapshot, kept in Redis."""

    def __init__(self, redis: Redis, key: str, token: str, ttl_s: float) -> None:
        self.redis, self.key, self.token = redis, key, token
        self.ttl_ms = max(1, int(ttl_s * 1000))

    def acquire(self) -> bool:
        return bool(self.redis.set(self.key, self.token, nx=True, px=self.ttl_ms))

    def release(self) -> None:
        self.redis.eval(_RELEASE, 1, self.key, self.token)

    @contextmanager
    def kept_alive(self) -> Iterator[None]:
        """Renew every third of the TTL while the body runs (a thread: the body is CPU-bound
        native code that does not yield)."""
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.ttl_ms / 3000):
                try:
                    self.redis.eval(_RENEW, 1, self.key, self.token, self.ttl_ms)
                except Exception:  # Redis blinked: the next renewal may still make it
                    log.warning("could not renew lease %s", self.key, exc_info=True)

        thread = threading.Thread(target=renew, name="lease-renewal", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


def holder_alive(redis: Redis, key: str) -> bool:
    return bool(redis.exists(key))


def claim_snapshot(session: Session, snapshot_id: str) -> Claim:
    """Mark ``snapshot_id`` running for the caller (who holds its lease); see the module docstring."""
    row = session.execute(
        select(Snapshot.status, Snapshot.attempts).where(Snapshot.id == snapshot_id)
    ).one_or_none()
    if row is None:
        return "gone"
    status, attempts = row
    if status in ("done", "failed"):
        return "finished"
    if status == "running" and attempts >= MAX_ATTEMPTS:
        return "exhausted"
    # The attempt count is the compare-and-swap token for a takeover: a second taker (there is
    # none while we hold the lease, but the lease is only as good as Redis) finds it changed.
    condition = (Snapshot.status == "queued") if status == "queued" else (
        (Snapshot.status == "running") & (Snapshot.attempts == attempts))
    result = session.execute(
        update(Snapshot).where(Snapshot.id == snapshot_id, condition)
        .values(status="running", started_at=utcnow(), attempts=Snapshot.attempts + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return "lost-race"
    if status == "running":
        log.warning("snapshot %s: took over from a worker that stopped (attempt %d)", snapshot_id, attempts + 1)
    return "claimed"


def fail_exhausted(session: Session, snapshot_id: str) -> str:
    """Fail a snapshot whose workers kept dying on it; returns the reason recorded."""
    snapshot = session.get(Snapshot, snapshot_id)
    assert snapshot is not None
    reason = (f"analysis worker lost {snapshot.attempts} times (killed, out of memory or over the "
              f"time limit); last error: {snapshot.error or 'none'}")
    snapshot.status, snapshot.error = "failed", reason[:2000]
    snapshot.started_at, snapshot.finished_at = None, utcnow()
    return reason
