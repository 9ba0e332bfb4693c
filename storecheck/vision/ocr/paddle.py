"""Optional OCR backend: PaddleOCR 3.x, only with model directories already on disk.

PaddleOCR downloads its models on first use and fails offline ("No available model hosting
platforms detected"), so this backend refuses to start without ``det_model_dir`` and
``rec_model_dir`` pointing at local PP-OCR inference model folders.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storecheck.vision.config import OcrConfig
from storecheck.vision.ocr.base import OCR_ENGINES, as_bgr, polygon_to_xyxy
from storecheck.vision.types import TextLine

_HOWTO = (
    "paddleocr downloads its models by default and fails offline; copy PP-OCR inference model "
    "folders onto this machine and set vision.ocr.det_model_dir and vision.ocr.rec_model_dir "
    "in the config (or use the default 'rapidocr' backend, whose models ship in its wheel)"
)


@OCR_ENGINES.register("paddleocr")
class PaddleOcrEngine:
    """PaddleOCR pipeline with local det/rec models; no angle or document-unwarping models."""

    def __init__(self, config: OcrConfig) -> None:
        dirs = {"det_model_dir": config.det_model_dir, "rec_model_dir": config.rec_model_dir}
        missing = [k for k, v in dirs.items() if v is None or not Path(v).is_dir()]
        if missing:
            raise ValueError(f"paddleocr backend: {', '.join(missing)} missing. {_HOWTO}")
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise ImportError(f"the paddleocr backend needs paddleocr and paddlepaddle installed. {_HOWTO}") from exc
        self.config = config
        self._lock = threading.Lock()
        self.name: str = f"paddleocr:{Path(str(config.rec_model_dir)).name}"
        self._ocr: Any = PaddleOCR(
            text_detection_model_dir=str(config.det_model_dir),
            text_recognition_model_dir=str(config.rec_model_dir),
            use_doc_orientation_classify=False,
            use_doc_unwarping=False,
            use_textline_orientation=False,
        )
        self._rec: Any = None

    def read(self, crop_bgr: np.ndarray, known: Sequence[TextLine] = ()) -> list[TextLine]:
        # PaddleOCR's pipeline runs detection and recognition together: ``known`` is not used.
        crop = as_bgr(crop_bgr)
        if crop is None:
            return []
        with self._lock:
            results = self._ocr.predict(crop)
        lines: list[TextLine] = []
        for res in results:
            for poly, text, score in zip(res["rec_polys"], res["rec_texts"], res["rec_scores"], strict=False):
                if text.strip() and score >= self.config.text_score:
                    lines.append(TextLine(text.strip(), polygon_to_xyxy(poly), float(score)))
        return lines

    def read_frame(self, image_bgr: np.ndarray) -> list[TextLine]:
        return self.read(image_bgr)

    def recognize(self, crop_bgr: np.ndarray) -> TextLine | None:
        crop = as_bgr(crop_bgr)
        if crop is None:
            return None
        with self._lock:
            if self._rec is None:
                from paddleocr import TextRecognition

                self._rec = TextRecognition(model_dir=str(self.config.rec_model_dir))
            res = next(iter(self._rec.predict(crop)), None)
        if res is None or not res["rec_text"].strip() or res["rec_score"] < self.config.text_score:
            return None
        h, w = crop.shape[:2]
        return TextLine(res["rec_text"].strip(), (0.0, 0.0, float(w), float(h)), float(res["rec_score"]))
