"""The default OCR: rapidocr 3.x with its bundled PP-OCRv6 small models, on ONNX Runtime.

Offline-safe only with the bundled models: asking rapidocr for any other model version makes it
try a download. Its settings that are enums must be given as enums (strings raise TypeError).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import numpy as np

from storecheck.vision.config import OcrConfig
from storecheck.vision.ocr.base import OCR_ENGINES, as_bgr, polygon_to_xyxy, same_line
from storecheck.vision.types import TextLine

log = logging.getLogger(__name__)


@OCR_ENGINES.register("rapidocr")
class RapidOcrEngine:
    """One lazily built ``rapidocr.RapidOCR``, shared by every call (it is not cheap: ~0.5 s).

    rapidocr keeps per-call switches (``use_det`` ...) and the detector's size limit as instance
    state, so calls are serialised with a lock and always pass every switch explicitly.

    Example:
        >>> ocr = RapidOcrEngine(OcrConfig())
        >>> [line.text for line in ocr.read(badge_crop)]   # doctest: +SKIP
        ['中国电信', '实习生李娜', '工号：20231234']
    """

    def __init__(self, config: OcrConfig) -> None:
        self.config = config
        self.name: str = f"rapidocr-{version('rapidocr')}/PP-OCRv6-small"
        self._engine: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        if self._engine is None:
            from rapidocr import RapidOCR

            self._engine = RapidOCR(
                params={
                    "Global.log_level": "error",  # "no text found" on a blank crop is not worth a warning
                    "Global.text_score": self.config.text_score,
                    "EngineConfig.onnxruntime.intra_op_num_threads": self.config.threads,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                    # limit_type is a plain string in rapidocr (not one of its enums).
                    "Det.limit_type": "max",
                    "Det.limit_side_len": self.config.crop_limit_side_len,
                }
            )
        return self._engine

    def read(self, crop_bgr: np.ndarray, known: Sequence[TextLine] = ()) -> list[TextLine]:
        # Shrink big crops, never enlarge small ones: enlarging a 400x70 sign to 736 px tall costs
        # ~1 s and reads no better.
        if known:
            return self._detect_and_reuse(crop_bgr, known)
        return self._detect_and_read(crop_bgr, "max", self.config.crop_limit_side_len)

    def read_frame(self, image_bgr: np.ndarray) -> list[TextLine]:
        # Detection cost grows with the pixels (1080p at full size: ~1 s on 2 cores); recognition
        # crops each line from the original pixels whatever size detection ran at.
        # A frame over twice the limit (a 4K camera, a phone photo) is shrunk by half at most: a
        # badge's lines stay as tall as on a 1080p frame.
        limit = max(self.config.frame_limit_side_len, math.ceil(max(image_bgr.shape[:2]) * self.config.frame_min_scale))
        return self._detect_and_read(image_bgr, "max", limit)

    def recognize(self, crop_bgr: np.ndarray) -> TextLine | None:
        crop = as_bgr(crop_bgr)
        if crop is None:
            return None
        with self._lock:
            out = self._get()(crop, use_det=False, use_cls=False, use_rec=True)
        txts = getattr(out, "txts", None)
        if not txts or not txts[0].strip():
            return None
        score = float(out.scores[0])
        if score < self.config.text_score:
            return None
        h, w = crop.shape[:2]
        return TextLine(txts[0].strip(), (0.0, 0.0, float(w), float(h)), score)

    def _sized(self, limit_type: str, limit: int) -> Any:
        """The shared engine, its text detection set to this size limit (hold the lock): rapidocr
        builds its resize step from these attributes on every call."""
        engine = self._get()
        det = engine._load_det_model()
        det.limit_type, det.limit_side_len = limit_type, limit
        return engine

    def _detect_and_reuse(self, image: np.ndarray, known: Sequence[TextLine]) -> list[TextLine]:
        """Detection on the crop, recognition only of the lines that ``known`` does not cover.
        Recognition is most of a crop read (a notice board region: 10-15 lines); a line found
        again inside a known line's box would be recognised from the same pixels."""
        from rapidocr.utils.process_img import get_rotate_crop_image

        crop = as_bgr(image)
        if crop is None:
            return []
        with self._lock:
            engine = self._sized("max", self.config.crop_limit_side_len)
            found = engine(crop, use_det=True, use_cls=False, use_rec=False)
            polygons = getattr(found, "boxes", None)
            if polygons is None or len(polygons) == 0:
                return []
            lines: list[TextLine | None] = []
            unread: list[int] = []
            for polygon in polygons:
                box = polygon_to_xyxy(polygon)
                seen = next((line for line in known if same_line(box, line)), None)
                if seen is None:
                    unread.append(len(lines))
                lines.append(None if seen is None else TextLine(seen.text, box, seen.score))
            if unread:
                crops = [get_rotate_crop_image(crop, np.asarray(polygons[i], np.float32).copy()) for i in unread]
                if self.config.use_angle_cls:
                    crops, _ = engine.cls_and_rotate(crops)
                read = engine.recognize_txt(crops)
                for i, text, score in zip(unread, read.txts or (), read.scores or (), strict=False):
                    if text.strip() and float(score) >= self.config.text_score:
                        lines[i] = TextLine(text.strip(), polygon_to_xyxy(polygons[i]), float(score))
        return [line for line in lines if line is not None]

    def _detect_and_read(self, image: np.ndarray, limit_type: str, limit: int) -> list[TextLine]:
        crop = as_bgr(image)
        if crop is None:
            return []
        with self._lock:
            out = self._sized(limit_type, limit)(crop, use_det=True, use_cls=self.config.use_angle_cls, use_rec=True)
        boxes, txts, scores = (getattr(out, k, None) for k in ("boxes", "txts", "scores"))
        if boxes is None or txts is None or scores is None:
            return []
        return [
            TextLine(text.strip(), polygon_to_xyxy(box), float(score))
            for box, text, score in zip(boxes, txts, scores, strict=True)
            if text.strip()
        ]
