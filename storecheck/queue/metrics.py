"""Prometheus metrics of the service: uploads, analyses, stage latency, queue depth, violations.

One registry per service instance (not the global one), so two apps in one process (tests, or a
second home) never mix their numbers.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

#: Every status a snapshot row can have; each is written (0 when none), so a dashboard's
#: series do not vanish when, say, the failed count is zero.
SNAPSHOT_STATUSES = ("queued", "running", "done", "failed")


class _SnapshotStates(Collector):
    """``storecheck_snapshots{status}`` read from the database at scrape time. The counters above
    only see the analyses of this process; with Celery, workers run elsewhere and only the
    shared database knows what they did."""

    def __init__(self, read: Callable[[], dict[str, int]]) -> None:
        self.read = read

    def collect(self):  # type: ignore[no-untyped-def]
        family = GaugeMetricFamily("storecheck_snapshots", "Snapshots in the database by status (any worker)",
                                   labels=["status"])
        counts = self.read()
        for status in sorted(set(SNAPSHOT_STATUSES) | set(counts)):
            family.add_metric([status], counts.get(status, 0))
        yield family

STAGE_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class ServiceMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.uploads = Counter(
            "storecheck_uploads", "Snapshot uploads by outcome (new, edge: an analysed result, duplicate, rejected, storage_full, db_error)",
            ["outcome"], registry=self.registry,
        )
        self.snapshots = Counter(
            "storecheck_snapshots_analysed", "Snapshots analysed, by final status (done, failed)",
            ["status"], registry=self.registry,
        )
        self.stage_seconds = Histogram(
            "storecheck_stage_seconds", "Analysis latency per engine stage (decode, detect, ocr, checks, total)",
            ["stage"], buckets=STAGE_BUCKETS, registry=self.registry,
        )
        self.queue_wait = Histogram(
            "storecheck_queue_wait_seconds", "Time from upload to the start of analysis",
            buckets=(0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600), registry=self.registry,
        )
        self.violations = Counter(
            "storecheck_violations", "Findings needing review, by rule and kind (violation, indeterminate)",
            ["rule", "kind"], registry=self.registry,
        )
        self.queue_depth = Gauge(
            "storecheck_queue_depth", "Snapshots waiting for analysis", registry=self.registry
        )

    def watch_queue_depth(self, read: Callable[[], int]) -> None:
        """Read the depth from the database at scrape time, so it is right after a restart."""
        self.queue_depth.set_function(read)

    def watch_snapshot_states(self, read: Callable[[], dict[str, int]]) -> None:
        self.registry.register(_SnapshotStates(read))

    def observe_stages(self, timings: dict[str, float]) -> None:
        for stage, seconds in timings.items():
            self.stage_seconds.labels(stage=stage).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
