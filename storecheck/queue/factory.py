"""Which analysis queue a service runs: ``STORECHECK_QUEUE=embedded`` (default) or ``celery``.

Example (what :func:`storecheck.api.service.build_service` needs)::

    images = ImageStore(objects=object_store_from_env(settings.resolved_images_dir, fsync=...))
    queue = make_queue(factory, analyzers, daily=partial(prune, factory, images, retention))
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from storecheck.queue.base import AnalysisQueue
from storecheck.queue.embedded import EmbeddedQueue
from storecheck.queue.worker import Analyzer


def make_queue(
    factory: sessionmaker[Session],
    analyzers: list[Analyzer],
    *,
    daily: Callable[[], object] | None = None,
    backend: str | None = None,
    lease_s: float = 300.0,
) -> AnalysisQueue:
    """The configured queue; ``analyzers`` are only used by the embedded one (with Celery the
    engines live in ``storecheck worker`` processes, so the service loads none), and
    ``lease_s`` too: Celery workers hold leases in Redis and the reconciler takes orphans over."""
    # Celery and redis are imported only when chosen: the embedded default needs neither.
    from storecheck.queue.celery_config import CelerySettings

    settings = CelerySettings() if backend is None else CelerySettings(queue=backend)  # type: ignore[arg-type]
    if settings.queue == "embedded":
        return EmbeddedQueue(factory, analyzers, daily=daily, lease_s=lease_s)
    from storecheck.queue.celery_queue import CeleryQueue

    return CeleryQueue(factory, settings, daily=daily)
