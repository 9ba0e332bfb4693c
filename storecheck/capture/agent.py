"""The edge agent: one thread per camera grabs on its schedule and spools; one thread drains the
spool (upload, or edge analysis); the main thread publishes health.

A camera that hangs or refuses only ever blocks its own thread, so the others keep their
schedule. Nothing is acknowledged as grabbed before it is committed to the spool.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from storecheck.capture.backoff import Backoff
from storecheck.capture.config import CameraSpec, CaptureConfig, CaptureConfigError, Secret
from storecheck.capture.health import CaptureMetrics, HealthBoard
from storecheck.capture.quality import FrameJudge
from storecheck.capture.schedule import Schedule
from storecheck.capture.sources import FrameSource, GrabError, open_source, redact_text, redact_url
from storecheck.capture.spool import Spool, SpoolFull, entry_id

log = logging.getLogger(__name__)
PUBLISH_EVERY_S = 1.0


class Drainer(Protocol):
    def drain(self, stop: threading.Event, *, max_rounds: int | None = None) -> int: ...

    def close(self) -> None: ...


def _reveal(value: str | Secret | None) -> str | None:
    return value.reveal() if isinstance(value, Secret) else value


class CameraWorker:
    """Grabs one camera: schedule, reconnect backoff, skip rules, spool, health."""

    def __init__(self, camera: CameraSpec, config: CaptureConfig, spool: Spool, health: HealthBoard) -> None:
        self.camera, self.config, self.spool, self.health = camera, config, spool, health
        self.schedule = Schedule(config.schedule_of(camera))
        self.zone = ZoneInfo(config.schedule_of(camera).timezone or config.timezone)
        self.judge = FrameJudge(config.skip)
        self.reconnect = Backoff(config.defaults.reconnect_initial_s, config.defaults.reconnect_max_s)
        self.shown = redact_url(camera.source)
        self._source: FrameSource | None = None
        self._password: str | None = None

    def _open(self) -> FrameSource:
        if self._source is None:
            try:
                username, self._password = _reveal(self.camera.username), _reveal(self.camera.password)
            except CaptureConfigError as exc:
                raise GrabError(f"credentials: {exc}") from None
            self._source = open_source(self.camera.source, timeout_s=self.config.timeout_of(self.camera),
                                       username=username, password=self._password, auth=self.camera.auth,
                                       keep_open=self.camera.keep_open, jpeg_quality=self.config.spool.jpeg_quality)
        return self._source

    def close(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None

    def grab_once(self) -> bool:
        """One attempt; True when a frame was committed to the spool (or rightly skipped)."""
        cid = self.camera.id
        try:
            frame = self._open().grab()
        except GrabError as exc:
            self.close()  # reconnect from scratch next time
            self.health.failure(cid, redact_text(str(exc), self._password))
            return False
        except Exception as exc:  # a camera must never take the agent down; the reason is kept
            self.close()
            log.exception("camera %s: unexpected error", cid)
            self.health.failure(cid, redact_text(f"{type(exc).__name__}: {exc}", self._password))
            return False
        captured_at = datetime.now(self.zone)
        reason = self.judge.verdict(frame.image)
        if reason is not None:
            self.health.skipped(cid, reason)
            return reason != "black"  # black is a dark camera: retried with backoff
        digest = hashlib.sha256(frame.jpeg).hexdigest()
        meta: dict[str, Any] = {
            "id": entry_id(cid, captured_at, digest), "store_id": self.config.store_id, "camera_id": cid,
            "zone": self.camera.zone, "captured_at": captured_at.isoformat(), "sha256": digest,
            "bytes": len(frame.jpeg), "source": self.shown, "attempts": 0,
        }
        try:
            self.spool.put(frame.jpeg, meta)
        except SpoolFull as exc:
            log.warning("camera %s: frame dropped, %s", cid, exc)
            self.health.skipped(cid, "spool_full")
            return True
        self.health.success(cid)
        return True

    def run(self, stop: threading.Event) -> None:
        """Grab on schedule until ``stop``; failed grabs are retried sooner, with backoff."""
        due = time.time() if self.schedule.is_open(datetime.now(self.zone)) else self._next_due()
        while not stop.wait(max(0.0, due - time.time())):
            if self.grab_once():
                self.reconnect.reset()
                due = self._next_due()
            else:
                due = min(self._next_due(), time.time() + self.reconnect.next())
        self.close()

    def _next_due(self) -> float:
        return self.schedule.next_due(datetime.now(self.zone)).timestamp()


class Agent:
    def __init__(self, config: CaptureConfig, *, engine: Any | None = None) -> None:
        self.config = config
        self.spool = Spool(config.spool.dir, max_bytes=config.spool.max_bytes,
                           min_free_bytes=config.spool.min_free_bytes)
        self.spool.lock()
        repaired = self.spool.recover()
        if repaired:
            log.info("spool: repaired %d entries left by an interrupted run", repaired)
        self.metrics = CaptureMetrics()
        self.health = HealthBoard({c.id: redact_url(c.source) for c in config.cameras},
                                  config.defaults.offline_after, self.metrics)
        self.workers = [CameraWorker(c, config, self.spool, self.health) for c in config.cameras]
        self.drainer = self._make_drainer(engine)
        self._metrics_server: Any = None

    def _make_drainer(self, engine: Any | None) -> Drainer:
        if self.config.mode == "edge":
            from storecheck.capture.edge import EdgeAnalyzer

            return EdgeAnalyzer(self.config, self.spool, engine, self.metrics)
        from storecheck.capture.uploader import Uploader

        assert self.config.service is not None
        return Uploader(self.config.service, self.spool, self.metrics)

    def publish(self) -> dict[str, Any]:
        usage = self.spool.usage()
        self.health.spool = usage
        self.metrics.spool_pending.set(usage["pending"])
        self.metrics.spool_bytes.set(usage["bytes"])
        report = self.health.publish(self.config.store_id, self.config.resolved_status_file, self.config.metrics_file)
        send = getattr(self.drainer, "send_health", None)
        if send is not None:
            send(report)
        return report

    def run(self, stop: threading.Event, *, duration_s: float | None = None) -> None:
        """Run until ``stop`` is set (or ``duration_s`` passes)."""
        self._serve_metrics()
        threads = [threading.Thread(target=w.run, args=(stop,), name=f"camera {w.camera.id}", daemon=True)
                   for w in self.workers]
        threads.append(threading.Thread(target=self.drainer.drain, args=(stop,), name="drain", daemon=True))
        for thread in threads:
            thread.start()
        deadline = None if duration_s is None else time.monotonic() + duration_s
        try:
            while not stop.wait(PUBLISH_EVERY_S):
                self.publish()
                if deadline is not None and time.monotonic() >= deadline:
                    stop.set()
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=max(self.config.timeout_of(w.camera) for w in self.workers) + 2)
            self.publish()
            self.close()

    def run_once(self, *, max_rounds: int = 3) -> bool:
        """Grab every camera once (in parallel), then drain; True when all grabbed and all sent."""
        results: dict[str, bool] = {}

        def grab(worker: CameraWorker) -> None:
            results[worker.camera.id] = worker.grab_once()

        threads = [threading.Thread(target=grab, args=(w,), daemon=True) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(self.config.timeout_of(w.camera) for w in self.workers) + 5)
        self.drainer.drain(threading.Event(), max_rounds=max_rounds)
        self.publish()
        self.close()
        return all(results.get(w.camera.id, False) for w in self.workers) and not self.spool.pending(limit=1)

    def _serve_metrics(self) -> None:
        if self.config.metrics_port is not None:
            from prometheus_client import start_http_server

            self._metrics_server = start_http_server(self.config.metrics_port, self.config.metrics_host,
                                                     registry=self.metrics.registry)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.drainer.close()
        self.spool.unlock()
        if self._metrics_server is not None:
            server = self._metrics_server[0] if isinstance(self._metrics_server, tuple) else self._metrics_server
            server.shutdown()
            self._metrics_server = None
