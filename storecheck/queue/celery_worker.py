"""``storecheck worker``: a Celery worker for CPU-bound analysis.

One pool process per core (prefork: the GIL would serialise threads on the Python parts of the
engine), each with its own engine loaded once, each taking one task at a time.
"""

from __future__ import annotations

import os


def worker_argv(*, concurrency: int | None, loglevel: str, queue: str) -> list[str]:
    """The ``celery worker`` arguments for our settings (separate for tests and ``--dry-run``)."""
    processes = concurrency or os.cpu_count() or 1
    return [
        "worker",
        f"--concurrency={processes}",
        "--pool=prefork",
        "--prefetch-multiplier=1",
        f"--queues={queue}",
        f"--loglevel={loglevel}",
        # Unique per process, so several workers on one machine do not clash.
        f"--hostname=storecheck-{os.getpid()}@%h",
        # Mingle and gossip sync task state between workers; ours is in the database.
        "--without-mingle",
        "--without-gossip",
    ]


def run_worker(*, concurrency: int | None = None, loglevel: str = "INFO") -> int:
    """Run until stopped (SIGTERM: finish the current tasks first)."""
    from storecheck.queue.celery_tasks import app, settings

    app.worker_main(argv=worker_argv(concurrency=concurrency, loglevel=loglevel, queue=settings.celery_queue))
    return 0
