"""The parts of one running service, built from :class:`Settings` and shared by every request."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Engine as DbEngine
from sqlalchemy.orm import Session, sessionmaker

from storecheck.api.probes import data_dirs, disk_free
from storecheck.api.throttle import FailedKeyThrottle
from storecheck.config import ConfigError
from storecheck.notify.config import SecretMissing
from storecheck.notify.sender import NotificationSender
from storecheck.queue import AnalysisQueue, Analyzer
from storecheck.queue.factory import make_queue
from storecheck.queue.metrics import ServiceMetrics
from storecheck.service_config import StorecheckServiceConfig
from storecheck.settings import Settings
from storecheck.store.db import transaction, upgrade
from storecheck.store.images import ImageStore
from storecheck.store.notifications import delivery_counts
from storecheck.store.orders import order_counts
from storecheck.store.orphans import prune_orphans
from storecheck.store.retention import PruneReport, prune
from storecheck.store.snapshots import oldest_running_age, status_counts
from storecheck.store.stores_sync import sync_stores
from storecheck.wiring import retention_policy, wire

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Service:
    settings: Settings
    config: StorecheckServiceConfig
    db: DbEngine
    factory: sessionmaker[Session]
    images: ImageStore
    metrics: ServiceMetrics
    queue: AnalysisQueue
    notifier: NotificationSender
    key_throttle: FailedKeyThrottle = field(default_factory=FailedKeyThrottle)

    def wake_notifier(self) -> None:
        """A request just wrote notification events: send them now, not at the next poll."""
        self.notifier.wake()


def build_service(settings: Settings, engine_factory: Callable[..., object] | None = None) -> Service:
    """Open (and migrate) the database and image store, and make the queue; nothing starts."""
    settings.home.mkdir(parents=True, exist_ok=True)
    wired = wire(settings)
    config, db, factory, images = wired.config, wired.db, wired.factory, wired.images
    try:
        config.notifications.check_secrets()
    except SecretMissing as exc:
        raise ConfigError(f"notifications: {exc}") from exc
    upgrade(db)
    if config.stores is not None:
        with transaction(factory) as session:
            sync_stores(session, config.stores)
    metrics = ServiceMetrics()
    analyzers = [Analyzer(factory, images, config.engine(), metrics, engine_factory)  # type: ignore[arg-type]
                 for _ in range(settings.workers)]
    queue = make_queue(factory, analyzers, daily=lambda: prune_all(factory, images, settings),
                       lease_s=settings.analysis_lease_s)
    metrics.watch_queue_depth(queue.depth)
    metrics.watch_snapshot_states(lambda: _read(factory, status_counts))
    metrics.watch_oldest_running(lambda: _read(factory, oldest_running_age))
    metrics.watch_orders(lambda: _read(factory, order_counts))
    metrics.watch_deliveries(lambda: _read(factory, delivery_counts))
    dirs = data_dirs(settings, images)
    metrics.watch_disk_free(lambda: disk_free(dirs))
    notifier = NotificationSender(factory, config.notifications, settings.timezone)
    return Service(settings, config, db, factory, images, metrics, queue, notifier)


def _read(factory: sessionmaker[Session], query: Callable[[Session], T]) -> T:
    with factory() as session:
        return query(session)


def prune_all(factory: sessionmaker[Session], images: ImageStore, settings: Settings) -> PruneReport:
    """The daily job (and ``storecheck prune``): retention, then image files no row references."""
    report = prune(factory, images, retention_policy(settings))
    report.images += prune_orphans(factory, images)
    return report
