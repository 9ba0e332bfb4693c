"""Draining the spool to the central service: ``POST /api/v1/snapshots``, oldest frame first.

Safe to repeat: the service keys snapshots by image sha256 and camera, so a frame re-sent after
a crash (the service stored it, the agent never heard back) gets the same snapshot id with a
200, never a second row. Outcomes by answer:

* 200/201/202: done (the snapshot id is kept in the spool's metadata);
* connection errors, timeouts, 408/425/429, 5xx, 507 (service disk full): retried with backoff,
  the frame stays pending and the rest wait behind it (order is capture order);
* 401/403/404: a key or registration problem that a person fixes on the service; retried at
  the longest backoff, loudly, so nothing is lost meanwhile;
* other 4xx (this image is bad): moved to ``rejected/`` with the service's ``detail``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Literal

import httpx

from storecheck.capture.backoff import Backoff
from storecheck.capture.config import ServiceConfig
from storecheck.capture.health import CaptureMetrics, utcnow
from storecheck.capture.sources import redact_text
from storecheck.capture.spool import Spool, SpoolEntry, drain_in_order

log = logging.getLogger(__name__)
UPLOAD_PATH = "/api/v1/snapshots"
TRANSIENT = frozenset({408, 425, 429, 507})
NEEDS_A_PERSON = frozenset({401, 403, 404})
Outcome = Literal["uploaded", "rejected", "retry", "stuck"]


class Uploader:
    def __init__(self, config: ServiceConfig, spool: Spool, metrics: CaptureMetrics) -> None:
        self.config, self.spool, self.metrics = config, spool, metrics
        self._key = config.api_key.reveal()
        self._client = httpx.Client(base_url=config.url.rstrip("/"), timeout=config.timeout_s,
                                    headers={"X-API-Key": self._key})
        self.backoff = Backoff(config.retry_initial_s, config.retry_max_s)
        self._health_endpoint_missing = False
        self._unknown_warned: set[str] = set()

    def close(self) -> None:
        self._client.close()

    def upload(self, entry: SpoolEntry) -> Outcome:
        """Send one pending frame and settle it in the spool; returns what happened."""
        try:
            image = entry.read_image()
        except FileNotFoundError:
            return "retry"  # settled by another thread or repaired by recover(); re-read next pass
        return self.send(entry, UPLOAD_PATH, image)

    def send(self, entry: SpoolEntry, path: str, image: bytes, **extra: str) -> Outcome:
        """POST ``image`` with the entry's store, camera and time (plus ``extra`` form fields) to
        ``path``, and settle the entry by the answer (see the module's list)."""
        meta = entry.meta
        form = {"store_id": meta["store_id"], "camera_id": meta["camera_id"], "captured_at": meta["captured_at"], **extra}
        try:
            response = self._client.post(path, data=form, files={"image": (f"{entry.id}.jpg", image, "image/jpeg")})
        except httpx.TransportError as exc:
            return self._retry(entry, f"service unreachable: {type(exc).__name__}: {redact_text(str(exc), self._key)}")
        status = response.status_code
        if status in (200, 201, 202):
            body = _json(response)
            self.spool.finish(entry, "done", snapshot_id=body.get("id"), duplicate=status == 200,
                              uploaded_at=utcnow().isoformat())
            self.metrics.uploads.labels("duplicate" if status == 200 else "new").inc()
            self.backoff.reset()
            return "uploaded"
        detail = _detail(response)
        if status in TRANSIENT or status >= 500:
            return self._retry(entry, f"service answered {status}: {detail}")
        if status in NEEDS_A_PERSON:
            log.error("upload of %s refused (%d: %s): check the device key and that camera %s is registered "
                      "in store %s; frames stay spooled", entry.id, status, detail, meta["camera_id"], meta["store_id"])
            self.backoff.failures = 64  # straight to the longest wait
            return self._retry(entry, f"service answered {status}: {detail}", outcome="stuck")
        log.warning("upload of %s rejected for good (%d: %s); kept in rejected/", entry.id, status, detail)
        self.spool.finish(entry, "rejected", rejected_status=status, rejected_detail=detail)
        self.metrics.uploads.labels("rejected").inc()
        return "rejected"

    def _retry(self, entry: SpoolEntry, error: str, outcome: Outcome = "retry") -> Outcome:
        self.metrics.uploads.labels("error").inc()
        try:
            self.spool.update(entry, attempts=int(entry.meta.get("attempts", 0)) + 1, last_error=error)
        except OSError as exc:  # a full disk must not stop the upload loop that would free it
            log.warning("cannot note the failed attempt for %s: %s", entry.id, exc)
        log.info("upload of %s failed (%s); retrying", entry.id, error)
        return outcome

    def drain(self, stop: threading.Event, *, max_rounds: int | None = None) -> int:
        """Upload pending frames until ``stop`` (``max_rounds`` set, i.e. ``--once``: until the
        spool is empty, or that many failed attempts in a row, leaving the rest pending for the
        next run). Returns the number uploaded."""

        def deliver(entry: SpoolEntry) -> float | bool:
            outcome = self.upload(entry)
            if outcome in ("retry", "stuck"):
                return self.backoff.next()
            return outcome == "uploaded"

        return drain_in_order(self.spool, stop, deliver, batch=32, max_rounds=max_rounds)

    def send_health(self, report: dict[str, Any]) -> None:
        """POST the health report when the service has an endpoint for it; never raises."""
        if self.config.health_path is None or self._health_endpoint_missing:
            return
        try:
            response = self._client.post(self.config.health_path, json=report)
        except httpx.TransportError as exc:
            log.debug("health report not sent: %s", type(exc).__name__)
            return
        if response.status_code in (404, 405):
            log.warning("the service has no health endpoint at %s; health stays local", self.config.health_path)
            self._health_endpoint_missing = True
        elif response.is_success:
            unknown = set(map(str, _json(response).get("unknown_cameras") or ())) - self._unknown_warned
            if unknown:  # once per camera, not every publish
                log.warning("the service does not know cameras %s of this store: register them there", ", ".join(sorted(unknown)))
                self._unknown_warned |= unknown


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _detail(response: httpx.Response) -> str:
    detail = _json(response).get("detail")
    return str(detail) if detail else response.text[:200]
