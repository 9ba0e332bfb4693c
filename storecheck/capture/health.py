"""Per-camera health: last success, consecutive failures, last error, skipped frames.

Shown three ways: a JSON status file (for the service and for people on the box), Prometheus
metrics, and a ``camera.offline`` finding when a camera stays dark. ``camera.offline`` is a
finding of the agent, not one of the contract's seven rule ids: it never touches a store's score.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest

from storecheck.capture.spool import write_atomic
from storecheck.contract import Finding

OFFLINE_RULE = "camera.offline"


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class CameraHealth:
    camera_id: str
    source: str  # redacted
    state: str = "starting"  # starting | ok | failing | offline
    last_success: str | None = None
    last_attempt: str | None = None
    consecutive_failures: int = 0
    #: Failures and black frames in a row: a camera can answer and still show nothing.
    consecutive_dark: int = 0
    dark_since: str | None = None
    last_error: str | None = None
    last_skip: str | None = None
    grabbed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


class CaptureMetrics:
    """The agent's Prometheus metrics, in a registry of its own (no clash with the service's)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        labels = ["camera"]
        self.up = Gauge("storecheck_capture_camera_up", "1 when the last grab worked", labels, registry=self.registry)
        self.last_success = Gauge("storecheck_capture_last_success_timestamp_seconds", "Time of the last good grab",
                                  labels, registry=self.registry)
        self.failures = Gauge("storecheck_capture_consecutive_failures", "Failed grabs in a row", labels,
                              registry=self.registry)
        self.grabs = Counter("storecheck_capture_grabs", "Grab attempts by outcome", ["camera", "outcome"],
                             registry=self.registry)
        self.spool_pending = Gauge("storecheck_capture_spool_pending", "Frames waiting to be uploaded or analysed",
                                   registry=self.registry)
        self.spool_bytes = Gauge("storecheck_capture_spool_bytes", "Bytes in the spool", registry=self.registry)
        self.uploads = Counter("storecheck_capture_uploads", "Upload attempts by outcome", ["outcome"],
                               registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class HealthBoard:
    """Thread-safe health of every camera; each camera thread reports, the agent publishes."""

    def __init__(self, cameras: dict[str, str], offline_after: int, metrics: CaptureMetrics) -> None:
        self.offline_after = offline_after
        self.metrics = metrics
        self._lock = threading.Lock()
        self._cameras = {cid: CameraHealth(cid, source) for cid, source in cameras.items()}
        self.spool: dict[str, Any] = {}

    def success(self, camera_id: str) -> None:
        now = utcnow()
        with self._lock:
            health = self._cameras[camera_id]
            health.last_attempt = health.last_success = now.isoformat()
            health.consecutive_failures = health.consecutive_dark = 0
            health.dark_since = None
            health.grabbed += 1
            health.state = "ok"
        self.metrics.up.labels(camera_id).set(1)
        self.metrics.last_success.labels(camera_id).set(now.timestamp())
        self.metrics.failures.labels(camera_id).set(0)
        self.metrics.grabs.labels(camera_id, "ok").inc()

    def failure(self, camera_id: str, reason: str) -> None:
        with self._lock:
            health = self._cameras[camera_id]
            health.last_attempt = utcnow().isoformat()
            health.consecutive_failures += 1
            health.last_error = reason
            self._darken(health)
            failures = health.consecutive_failures
        self.metrics.up.labels(camera_id).set(0)
        self.metrics.failures.labels(camera_id).set(failures)
        self.metrics.grabs.labels(camera_id, "error").inc()

    def skipped(self, camera_id: str, reason: str) -> None:
        """A frame arrived but was not kept (black, frozen, blurry, spool full)."""
        with self._lock:
            health = self._cameras[camera_id]
            health.last_attempt = utcnow().isoformat()
            health.last_skip = reason
            health.skipped[reason] = health.skipped.get(reason, 0) + 1
            if reason == "black":
                self._darken(health)
        self.metrics.grabs.labels(camera_id, f"skipped_{reason}").inc()

    def _darken(self, health: CameraHealth) -> None:
        health.consecutive_dark += 1
        health.dark_since = health.dark_since or health.last_attempt
        health.state = "offline" if health.consecutive_dark >= self.offline_after else "failing"

    def cameras(self) -> dict[str, CameraHealth]:
        with self._lock:
            return {cid: CameraHealth(**asdict(h)) for cid, h in self._cameras.items()}

    def findings(self) -> list[dict[str, Any]]:
        """One ``camera.offline`` finding per camera that stayed dark ``offline_after`` grabs."""
        found = []
        for health in self.cameras().values():
            if health.state != "offline":
                continue
            why = health.last_error if health.consecutive_failures else f"{health.consecutive_dark} black frames"
            finding = Finding(rule=OFFLINE_RULE, status="warning",
                              message=f"camera {health.camera_id} dark since {health.dark_since} "
                                      f"({health.consecutive_dark} grabs in a row): {why}")
            found.append({"camera_id": health.camera_id, "since": health.dark_since, **finding.model_dump()})
        return found

    def report(self, store_id: str) -> dict[str, Any]:
        return {
            "store_id": store_id,
            "updated_at": utcnow().isoformat(),
            "cameras": {cid: asdict(h) for cid, h in self.cameras().items()},
            "findings": self.findings(),
            "spool": dict(self.spool),
        }

    def publish(self, store_id: str, status_file: Path, metrics_file: Path | None) -> dict[str, Any]:
        """Write the status file (and the Prometheus text file) atomically; returns the report."""
        report = self.report(store_id)
        write_atomic(status_file, json.dumps(report, ensure_ascii=False, indent=1).encode("utf-8"))
        if metrics_file is not None:
            write_atomic(metrics_file, self.metrics.render())
        return report
