"""Prometheus metrics of the service: uploads, analyses, stage latency, queue depth, violations,
free disk, the oldest running snapshot, and whether database writes are failing.

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


class _ReadAtScrape(Collector):
    """A gauge with one label, read at scrape time; ``always``: label values written even when
    ``read`` does not name them (as 0), so a dashboard's series do not vanish."""

    def __init__(self, name: str, documentation: str, label: str, read: Callable[[], dict[str, int]],
                 always: tuple[str, ...] = ()) -> None:
        self.name, self.documentation, self.label = name, documentation, label
        self.read, self.always = read, always

    def collect(self):  # type: ignore[no-untyped-def]
        family = GaugeMetricFamily(self.name, self.documentation, labels=[self.label])
        values = self.read()
        for value in sorted(set(self.always) | set(values)):
            family.add_metric([value], values.get(value, 0))
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
        self.oldest_running = Gauge(
            "storecheck_oldest_running_seconds",
            "How long the longest-running snapshot has been running (0: none); past the lease it was abandoned",
            registry=self.registry,
        )
        self.writes_failing = Gauge(
            "storecheck_database_writes_failing",
            "1 while this process's latest database write was refused (a full disk, a read-only database)",
            registry=self.registry,
        )
        #: Why the latest database write of this process failed; None once one succeeds again.
        self.write_error: str | None = None

    def watch_queue_depth(self, read: Callable[[], int]) -> None:
        """Read the depth from the database at scrape time, so it is right after a restart."""
        self.queue_depth.set_function(read)

    def watch_snapshot_states(self, read: Callable[[], dict[str, int]]) -> None:
        """``storecheck_snapshots{status}`` from the database at scrape time. The counters above
        only see the analyses of this process; with Celery, workers run elsewhere and only the
        shared database knows what they did."""
        self.registry.register(_ReadAtScrape("storecheck_snapshots", "Snapshots in the database by status (any worker)",
                                             "status", read, always=SNAPSHOT_STATUSES))

    def watch_oldest_running(self, read: Callable[[], float]) -> None:
        self.oldest_running.set_function(read)

    def watch_disk_free(self, read: Callable[[], dict[str, int]]) -> None:
        """``storecheck_disk_free_bytes{dir}``: free space where the service keeps its data."""
        self.registry.register(_ReadAtScrape("storecheck_disk_free_bytes",
                                             "Free bytes on the disk of the service's home, images and SQLite database",
                                             "dir", read))

    def watch_orders(self, read: Callable[[], dict[str, int]]) -> None:
        """``storecheck_orders{status}`` and ``storecheck_orders_overdue`` from the database at
        scrape time (``read`` gives counts per status plus ``overdue``)."""
        from storecheck.store.followup_models import ORDER_STATUSES as statuses

        self.registry.register(_ReadAtScrape(
            "storecheck_orders", "Rectification orders (整改单) by status", "status",
            lambda: {k: v for k, v in read().items() if k in statuses}, always=statuses))
        overdue = Gauge("storecheck_orders_overdue", "Rectification orders past due, neither verified nor cancelled",
                        registry=self.registry)
        overdue.set_function(lambda: read().get("overdue", 0))

    def watch_deliveries(self, read: Callable[[], dict[str, int]]) -> None:
        """``storecheck_notification_deliveries{status}``: pending, sent, dead (the dead-letter list)."""
        from storecheck.store.followup_models import DELIVERY_STATUSES

        self.registry.register(_ReadAtScrape(
            "storecheck_notification_deliveries", "Notification deliveries by status (dead: out of tries)",
            "status", read, always=DELIVERY_STATUSES))

    def write_failed(self, exc: BaseException) -> None:
        """A database write was refused: ``/healthz`` says so until a write succeeds again."""
        self.write_error = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0][:200]
        self.writes_failing.set(1)

    def write_succeeded(self) -> None:
        self.write_error = None
        self.writes_failing.set(0)

    def observe_stages(self, timings: dict[str, float]) -> None:
        for stage, seconds in timings.items():
            self.stage_seconds.labels(stage=stage).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)
