"""Optional detector backend: any model ``ultralytics.YOLO`` loads (``.pt``, ``.onnx``, ...).

Needs the ``train`` extra (torch + ultralytics), so it is for development and comparison, not the
edge boxes. ultralytics is imported only when this backend is built.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from storecheck.vision.config import DetectorConfig
from storecheck.vision.detector.base import DETECTORS, RegionMixin, resolve_model_path
from storecheck.vision.detector.letterbox import Letterbox, shrink
from storecheck.vision.models import model_id
from storecheck.vision.types import Detections


def from_ultralytics(result: Any) -> Detections:
    """One ``ultralytics.engine.results.Results`` -> :class:`Detections` (supervision-style)."""
    boxes = result.boxes
    if boxes is None or len(boxes) == 0:
        return Detections.empty()
    xyxy = boxes.xyxy.cpu().numpy().astype(np.float32)
    conf = boxes.conf.cpu().numpy().astype(np.float32)
    labels = np.array([str(result.names[int(c)]) for c in boxes.cls.cpu().numpy()], dtype=object)
    return Detections(xyxy, conf, labels)


@DETECTORS.register("ultralytics")
class UltralyticsDetector(RegionMixin):
    """Runs the model through ``ultralytics.YOLO(path).predict``.

    Per-class thresholds are applied after prediction, with ``confidence`` lowered to the
    smallest of them so no class loses boxes it is allowed to keep.
    """

    def __init__(self, config: DetectorConfig) -> None:
        # Never let ultralytics reach for the network (settings sync, pip auto-install).
        os.environ.setdefault("YOLO_OFFLINE", "1")
        os.environ.setdefault("YOLO_AUTOINSTALL", "False")
        try:
            from ultralytics import YOLO
        except ImportError as exc:
            raise ImportError(
                "the 'ultralytics' detector backend needs ultralytics and torch: "
                "pip install 'storecheck[train]', or use backend 'onnx'"
            ) from exc
        self.config = config
        self.path = resolve_model_path(config)
        self.name: str = model_id(self.path)
        self.model = YOLO(str(self.path), task="detect")
        self._imgsz = list(config.input_size) if config.input_size else None
        self._min_conf = min([config.confidence, *config.class_confidence.values()])

    def detect(self, image_bgr: np.ndarray) -> Detections:
        if image_bgr.shape[0] == 0 or image_bgr.shape[1] == 0:
            return Detections.empty()
        kwargs: dict[str, Any] = {
            "conf": self._min_conf,
            "iou": self.config.iou,
            "max_det": self.config.max_detections,
            "verbose": False,
        }
        if self._imgsz:
            kwargs["imgsz"] = self._imgsz
        # Shrink as the ONNX backend does (see letterbox.shrink); ultralytics would sample bilinearly.
        trained = self.model.overrides.get("imgsz", 640)
        in_h, in_w = self._imgsz or (trained if isinstance(trained, (list, tuple)) else [int(trained)] * 2)
        scale = Letterbox.fit(image_bgr.shape[1], image_bgr.shape[0], in_w, in_h).scale
        if scale < 1:
            image_bgr = shrink(image_bgr, round(image_bgr.shape[1] * scale), round(image_bgr.shape[0] * scale))
        results: list[Any] = list(self.model.predict(image_bgr, **kwargs))
        found = from_ultralytics(results[0])
        if scale < 1:
            found = Detections(found.xyxy / np.float32(scale), found.confidence, found.label)
        if not self.config.class_confidence or not len(found):
            return found
        limits = np.array(
            [self.config.class_confidence.get(str(lb), self.config.confidence) for lb in found.label],
            np.float32,
        )
        return found[found.confidence >= limits]
