"""The analysis queue's interface, so a broker-backed queue (Celery, issue 6) can replace the
embedded one without the API noticing.

Whatever the backend, the database row is the source of truth: ``submit`` is only a hint that a
snapshot is waiting. A backend that loses a hint loses nothing, because the worker also scans for
``queued`` rows (at start-up and whenever it is idle).
"""

from __future__ import annotations

from typing import Protocol


class AnalysisQueue(Protocol):
    def submit(self, snapshot_id: str) -> None:
        """Tell the workers that ``snapshot_id`` (already committed as ``queued``) is waiting."""

    def start(self) -> None:
        """Requeue work a stopped process left running, then start the workers."""

    def stop(self, timeout: float = 10.0) -> None:
        """Let the current analysis finish (up to ``timeout``) and stop the workers."""

    def depth(self) -> int:
        """Snapshots waiting for analysis."""

    @property
    def engine_status(self) -> str:
        """``ready``, ``loading`` or ``error: why`` (for ``/healthz``)."""
