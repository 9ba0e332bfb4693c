"""Edge mode: analyse spooled frames here with the Engine; only results and evidence leave.

For stores whose uplink cannot carry full frames (or whose customers' faces must not leave the
building). Each analysed frame gives, in the destination folder::

    ID.json                {"snapshot": spool metadata, "result": the contract's result}
    ID/RULE-N.jpg          a padded crop of each violation's or warning's evidence box

The service has no results endpoint yet, so the destination is a folder (a mounted share, or
one that a sync job ships); :class:`FolderSink` is the one seam to replace when it has.
Analysing the same frame twice (a crash after writing, before the spool heard) overwrites the
same files: nothing is duplicated.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import cv2
import numpy as np

from storecheck.capture.config import CaptureConfig, EdgeConfig
from storecheck.capture.health import utcnow
from storecheck.capture.spool import Spool, SpoolEntry, drain_in_order, write_atomic
from storecheck.checks.config import CameraConfig
from storecheck.config import StorecheckConfig, load_config
from storecheck.contract import AnalysisResult

log = logging.getLogger(__name__)
EVIDENCE_STATUSES = ("violation", "warning")
DELIVERY_RETRY_S = 5.0  # a full or unmounted destination is not fixed in less


def analysis_config(config: CaptureConfig) -> StorecheckConfig:
    """The analysis config with each camera's zone and polygons from cameras.yaml added
    (a camera already in the analysis config keeps its entry there)."""
    assert config.edge is not None
    base = load_config(config.edge.analysis_config)
    cameras = {c.id: CameraConfig(zone=c.zone, polygons=c.polygons) for c in config.cameras}
    cameras.update(base.checks.cameras)
    return base.model_copy(update={"checks": base.checks.model_copy(update={"cameras": cameras})})


class FolderSink:
    """Writes results and evidence crops atomically into a folder."""

    def __init__(self, config: EdgeConfig) -> None:
        self.root, self.padding = config.results_dir, config.evidence_padding
        self.root.mkdir(parents=True, exist_ok=True)

    def deliver(self, entry: SpoolEntry, result: AnalysisResult, image: np.ndarray) -> list[str]:
        """Store one result; returns the evidence file names (relative to the destination)."""
        evidence = []
        for finding in result.findings:
            if finding.status not in EVIDENCE_STATUSES:
                continue
            for n, box in enumerate(finding.evidence):
                crop = _crop(image, box, self.padding)
                ok, data = cv2.imencode(".jpg", crop, [cv2.IMWRITE_JPEG_QUALITY, 90])
                if ok:
                    name = f"{entry.id}/{finding.rule}-{n}.jpg"
                    write_atomic(self.root / name, data.tobytes())
                    evidence.append(name)
        record = {"snapshot": entry.meta | {"evidence": evidence}, "result": result.model_dump(mode="json")}
        # The JSON last: a reader that sees it can trust the crops it lists are there.
        write_atomic(self.root / f"{entry.id}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))
        return evidence


def _crop(image: np.ndarray, box: list[float], padding: float) -> np.ndarray:
    h, w = image.shape[:2]
    x1, y1, x2, y2 = box[:4]
    pad_x, pad_y = (x2 - x1) * padding, (y2 - y1) * padding
    left, top = max(0, int(x1 - pad_x)), max(0, int(y1 - pad_y))
    right, bottom = min(w, int(x2 + pad_x) + 1), min(h, int(y2 + pad_y) + 1)
    return image[top:bottom, left:right] if right > left and bottom > top else image


class EdgeAnalyser:
    """Analyses pending frames oldest first and settles them in the spool."""

    def __init__(self, config: CaptureConfig, spool: Spool, engine: Any | None = None) -> None:
        from storecheck.engine import Engine  # heavy (ONNX Runtime, OCR): only in edge mode

        assert config.edge is not None
        self.config, self.spool = config, spool
        self.zones = {c.id: c.zone for c in config.cameras}
        self.engine = engine or Engine(analysis_config(config))
        self.sink = FolderSink(config.edge)

    def analyse(self, entry: SpoolEntry) -> bool:
        """Analyse one frame; False when its image cannot be read (moved to rejected/)."""
        from storecheck.vision.image import ImageError

        camera_id = entry.meta["camera_id"]
        try:
            analysis = self.engine.run(entry.read_image(), name=entry.id, zone=self.zones.get(camera_id),
                                       store_type=self.config.store_type, camera_id=camera_id)
        except ImageError as exc:
            self.spool.finish(entry, "rejected", rejected_detail=str(exc))
            return False
        evidence = self.sink.deliver(entry, analysis.result, analysis.image)
        self.spool.finish(entry, "done", analysed_at=utcnow().isoformat(), score=analysis.result.score,
                          evidence=evidence)
        return True

    def drain(self, stop: threading.Event, *, max_rounds: int | None = None) -> int:
        """Analyse until ``stop`` (``max_rounds`` set: until the spool is empty, or that many
        failed deliveries in a row). Returns the number analysed."""

        def deliver(entry: SpoolEntry) -> float | bool:
            try:
                return self.analyse(entry)
            except OSError as exc:  # destination full or gone: the frame stays pending
                log.error("edge: cannot deliver %s: %s; retrying later", entry.id, exc)
                return DELIVERY_RETRY_S

        return drain_in_order(self.spool, stop, deliver, batch=8, max_rounds=max_rounds)

    def close(self) -> None:
        pass
