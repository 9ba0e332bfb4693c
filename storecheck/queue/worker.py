"""One analysis: claim a queued snapshot, run the engine on its clean image, store the result.

The engine is loaded lazily in the worker thread: the service accepts uploads before (and even
without) a detector model; snapshots simply wait ``queued`` until the engine loads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storecheck.checks.config import ChecksConfig, UniformColour
from storecheck.config import StorecheckConfig
from storecheck.store.cameras import camera_setup
from storecheck.store.db import transaction
from storecheck.store.images import ImageStore
from storecheck.store.models import Camera, Snapshot, Store, utcnow
from storecheck.store.rosters import RosterCache
from storecheck.store.snapshots import claim_next, record_failure, record_result
from storecheck.vision.image import ImageError

if TYPE_CHECKING:
    from storecheck.engine import Engine
    from storecheck.queue.metrics import ServiceMetrics

log = logging.getLogger(__name__)


class Analyzer:
    """Runs queued snapshots through one :class:`~storecheck.engine.Engine` (one per thread)."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        images: ImageStore,
        config: StorecheckConfig,
        metrics: ServiceMetrics | None = None,
        engine_factory: Callable[[StorecheckConfig], Engine] | None = None,
    ) -> None:
        self.factory = factory
        self.images = images
        self.config = config
        self.metrics = metrics
        self._engine_factory = engine_factory
        self._engine: Engine | None = None
        self.engine_status = "loading"
        self._lock = threading.Lock()
        self._rosters = RosterCache()

    def ensure_engine(self) -> bool:
        """Load the engine once; False (and ``engine_status`` says why) while it cannot be."""
        with self._lock:
            if self._engine is not None:
                return True
            try:
                if self._engine_factory is not None:
                    self._engine = self._engine_factory(self.config)
                else:
                    from storecheck.engine import Engine

                    self._engine = Engine(self.config)
            except (FileNotFoundError, RuntimeError, ValueError, OSError) as exc:
                self.engine_status = f"error: {exc}"
                log.warning("analysis engine not ready: %s", exc)
                return False
            self.engine_status = "ready"
            return True

    def run_one(self) -> str | None:
        """Analyse the oldest queued snapshot; its id, or None when nothing was waiting."""
        if not self.ensure_engine():
            return None
        try:
            with transaction(self.factory) as session:
                snapshot = claim_next(session)
                if snapshot is None:
                    return None
                snapshot_id = snapshot.id
                if self.metrics is not None:
                    self.metrics.queue_wait.observe((utcnow() - snapshot.received_at).total_seconds())
            # The claim is committed before the slow part: if the process dies now, or the
            # result cannot be written, the row stays ``running`` until the lease sweep (or the
            # next start-up) puts it back in the queue.
            self.analyze(snapshot_id)
        except SQLAlchemyError as exc:
            if self.metrics is not None:
                self.metrics.write_failed(exc)
            raise
        if self.metrics is not None:
            self.metrics.write_succeeded()
        return snapshot_id

    def analyze(self, snapshot_id: str) -> None:
        assert self._engine is not None
        engine = self._engine
        with transaction(self.factory) as session:
            snapshot = session.get(Snapshot, snapshot_id)
            if snapshot is None:  # pruned or deleted meanwhile
                return
            camera = session.get(Camera, snapshot.camera_id)
            store = session.get(Store, snapshot.store_id)
            assert camera is not None and store is not None
            try:
                data = self.images.get(snapshot.sha256)
                analysis = engine.run(data, name=snapshot.id, zone=camera.zone,  # type: ignore[arg-type]
                                      store_type=store.store_type, camera_id=camera.id,  # type: ignore[arg-type]
                                      roster=self._rosters.get(session, store.id),
                                      checks=self._checks_for(camera, store))
            except (ImageError, FileNotFoundError) as exc:
                log.warning("snapshot %s cannot be analysed: %s", snapshot_id, exc)
                record_failure(snapshot, str(exc), final=True)
            except Exception as exc:  # a bug or a transient error: retried up to MAX_ATTEMPTS
                log.exception("analysis of snapshot %s failed", snapshot_id)
                record_failure(snapshot, f"{type(exc).__name__}: {exc}", final=False)
            else:
                record_result(session, snapshot, analysis.result, analysis.timings)
                self._observe(snapshot, analysis.timings)
            if self.metrics is not None and snapshot.status in ("done", "failed"):
                self.metrics.snapshots.labels(status=snapshot.status).inc()

    def _checks_for(self, camera: Camera, store: Store) -> ChecksConfig:
        """The deployment's checks config plus this camera's polygons and this store's uniforms:
        passed to the engine with the snapshot, never assigned to it."""
        checks = self.config.checks
        update: dict[str, object] = {"cameras": {**checks.cameras, camera.id: camera_setup(camera)}}
        if store.uniform_colours:
            update["uniform_colours"] = [UniformColour.model_validate(u) for u in store.uniform_colours]
        return checks.model_copy(update=update)

    def _observe(self, snapshot: Snapshot, timings: dict[str, float]) -> None:
        if self.metrics is None:
            return
        self.metrics.observe_stages(timings)
        for violation in snapshot.violations:
            self.metrics.violations.labels(rule=violation.rule, kind=violation.kind).inc()
