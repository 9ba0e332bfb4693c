"""Edge mode: analyse spooled frames here with the Engine; only results and evidence leave.

For stores whose uplink cannot carry full frames (or whose customers' faces must not leave the
building). Two destinations (``edge.send_to``):

* ``service``: each result goes to the service's ``POST /api/v1/results`` with its *evidence
  frame*: the frame at full size, black outside the padded boxes of the findings a person must
  review, so the review queue, scores and crops work as for uploads while the rest of the hall
  stays here. Delivery retries and settles like uploads (:class:`~storecheck.capture.uploader.Uploader`).
* ``folder`` (a mounted share, or one a sync job ships)::

    ID.json                {"snapshot": spool metadata, "result": the contract's result}
    ID/RULE-N.jpg          a padded crop of each violation's or warning's evidence box

Analysing the same frame twice (a crash after delivering, before the spool heard) sends the same
evidence frame (the service answers with the same snapshot) or overwrites the same files.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import cv2
import numpy as np

from storecheck.capture.config import CaptureConfig, EdgeConfig
from storecheck.capture.health import CaptureMetrics, utcnow
from storecheck.capture.spool import Spool, SpoolEntry, drain_in_order, write_atomic
from storecheck.capture.uploader import Outcome, Uploader
from storecheck.config import StorecheckConfig
from storecheck.contract import AnalysisResult
from storecheck.service_config import load_service_config
from storecheck.vision.image import crop, padded_box

log = logging.getLogger(__name__)
EVIDENCE_STATUSES = ("violation", "warning")
#: What the service's review queue shows a person: violations and the undecided.
REVIEWED_STATUSES = ("violation", "warning", "indeterminate")
RESULTS_PATH = "/api/v1/results"
DELIVERY_RETRY_S = 5.0  # a full or unmounted destination is not fixed in less


def analysis_config(config: CaptureConfig) -> StorecheckConfig:
    """The analysis config with each camera's zone and polygons from cameras.yaml added
    (a camera already in the analysis config keeps its entry there)."""
    assert config.edge is not None
    # The whole file, as the service reads it (its sections are checked here too); the engine's part.
    base = load_service_config(config.edge.analysis_config).engine()
    cameras = {c.id: c.setup() for c in config.cameras}
    cameras.update(base.checks.cameras)
    return base.model_copy(update={"checks": base.checks.model_copy(update={"cameras": cameras})})


class FolderSink:
    """Writes results and evidence crops atomically into a folder."""

    def __init__(self, config: EdgeConfig, spool: Spool) -> None:
        assert config.results_dir is not None
        self.root, self.padding, self.spool = config.results_dir, config.evidence_padding, spool
        self.root.mkdir(parents=True, exist_ok=True)

    def settle(self, entry: SpoolEntry, result: AnalysisResult, image: np.ndarray) -> bool | float:
        """Deliver and mark the frame done (an OSError, a full or gone folder, leaves it pending)."""
        evidence = self.deliver(entry, result, image)
        self.spool.finish(entry, "done", analysed_at=utcnow().isoformat(), score=result.score, evidence=evidence)
        return True

    def send_health(self, report: dict[str, Any]) -> None:
        pass  # the status file and metrics of the agent are this destination's health

    def close(self) -> None:
        pass

    def deliver(self, entry: SpoolEntry, result: AnalysisResult, image: np.ndarray) -> list[str]:
        """Store one result; returns the evidence file names (relative to the destination)."""
        evidence = []
        for finding in result.findings:
            if finding.status not in EVIDENCE_STATUSES:
                continue
            for n, box in enumerate(finding.evidence):
                piece = crop(image, box, self.padding)
                ok, data = cv2.imencode(".jpg", image if piece is None else piece, [cv2.IMWRITE_JPEG_QUALITY, 90])
                if ok:
                    name = f"{entry.id}/{finding.rule}-{n}.jpg"
                    write_atomic(self.root / name, data.tobytes())
                    evidence.append(name)
        record = {"snapshot": entry.meta | {"evidence": evidence}, "result": result.model_dump(mode="json")}
        # The JSON last: a reader that sees it can trust the crops it lists are there.
        write_atomic(self.root / f"{entry.id}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return evidence


class ServiceSink:
    """Posts each result with its evidence frame to the service; the uploader settles the spool."""

    def __init__(self, config: CaptureConfig, spool: Spool, metrics: CaptureMetrics) -> None:
        assert config.service is not None and config.edge is not None
        self.padding = config.edge.evidence_padding
        self.uploader = Uploader(config.service, spool, metrics)

    def deliver(self, entry: SpoolEntry, result: AnalysisResult, image: np.ndarray) -> Outcome:
        ok, data = cv2.imencode(".jpg", evidence_frame(image, result, self.padding), [cv2.IMWRITE_JPEG_QUALITY, 90])
        assert ok
        return self.uploader.send(entry, RESULTS_PATH, data.tobytes(), result=result.model_dump_json())

    def settle(self, entry: SpoolEntry, result: AnalysisResult, image: np.ndarray) -> bool | float:
        """Deliver (the uploader marks the frame done or rejected); seconds to wait on a retry."""
        outcome = self.deliver(entry, result, image)
        if outcome in ("retry", "stuck"):
            return self.uploader.backoff.next()
        return outcome == "uploaded"

    def send_health(self, report: dict[str, Any]) -> None:
        self.uploader.send_health(report)

    def close(self) -> None:
        self.uploader.close()


def evidence_frame(image: np.ndarray, result: AnalysisResult, padding: float) -> np.ndarray:
    """The frame, black outside the padded evidence boxes of the findings a person reviews: the
    same size, so the result's boxes still point at the right pixels."""
    kept = np.zeros_like(image)
    for finding in result.findings:
        if finding.status not in REVIEWED_STATUSES:
            continue
        for box in finding.evidence:
            left, top, right, bottom = padded_box(box, padding, image.shape[1], image.shape[0])
            kept[top:bottom, left:right] = image[top:bottom, left:right]
    return kept


class EdgeAnalyzer:
    """Analyses pending frames oldest first and settles them in the spool."""

    def __init__(self, config: CaptureConfig, spool: Spool, engine: Any | None = None,
                 metrics: CaptureMetrics | None = None) -> None:
        from storecheck.engine import Engine  # heavy (ONNX Runtime, OCR): only in edge mode

        assert config.edge is not None
        self.config, self.spool = config, spool
        self.zones = {c.id: c.zone for c in config.cameras}
        self.engine = engine or Engine(analysis_config(config))
        self.sink: FolderSink | ServiceSink = (
            ServiceSink(config, spool, metrics or CaptureMetrics()) if config.edge.send_to == "service"
            else FolderSink(config.edge, spool)
        )

    def analyze(self, entry: SpoolEntry) -> bool | float:
        """Analyse one frame and deliver it: True when delivered, False when its image cannot be
        read or the service refused it for good (moved to rejected/), seconds to wait when the
        destination cannot take it now (the frame stays pending)."""
        from storecheck.vision.image import ImageError

        camera_id = entry.meta["camera_id"]
        try:
            analysis = self.engine.run(entry.read_image(), name=entry.id, zone=self.zones.get(camera_id),
                                       store_type=self.config.store_type, camera_id=camera_id)
        except ImageError as exc:
            self.spool.finish(entry, "rejected", rejected_detail=str(exc))
            return False
        return self.sink.settle(entry, analysis.result, analysis.image)

    def drain(self, stop: threading.Event, *, max_rounds: int | None = None) -> int:
        """Analyse until ``stop`` (``max_rounds`` set: until the spool is empty, or that many
        failed deliveries in a row). Returns the number analysed."""

        def deliver(entry: SpoolEntry) -> float | bool:
            try:
                return self.analyze(entry)
            except OSError as exc:  # destination full or gone: the frame stays pending
                log.error("edge: cannot deliver %s: %s; retrying later", entry.id, exc)
                return DELIVERY_RETRY_S

        return drain_in_order(self.spool, stop, deliver, batch=8, max_rounds=max_rounds)

    def send_health(self, report: dict[str, Any]) -> None:
        """Camera health goes to the service too when results do."""
        self.sink.send_health(report)

    def close(self) -> None:
        self.sink.close()
