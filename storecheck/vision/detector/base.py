"""The detector seam: the ``Detector`` protocol, the backend registry and ``load_detector``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from storecheck.vision.config import DetectorConfig
from storecheck.vision.models import default_detector_path
from storecheck.vision.registry import Registry
from storecheck.vision.types import Detections

log = logging.getLogger(__name__)


@runtime_checkable
class Detector(Protocol):
    """Finds objects in a BGR image.

    Attributes:
        name: the model that produced the boxes, e.g. ``storecheck-det@sha256:1a2b3c4d5e6f``;
            recorded in every result's ``models.detector``.
    """

    name: str

    def detect(self, image_bgr: np.ndarray) -> Detections:
        """All objects in ``image_bgr`` (``HxWx3`` uint8), boxes in its pixels."""
        ...

    def detect_region(self, image_bgr: np.ndarray, box: Sequence[float]) -> Detections:
        """Objects inside ``box`` (``[x1, y1, x2, y2]``), boxes in pixels of the whole image."""
        ...


DETECTORS: Registry[Detector] = Registry("detector")


class RegionMixin:
    """``detect_region`` for any backend: crop, detect, shift the boxes back.

    The crop is letterboxed up to the model's input like any image, so a person's upper body
    fills the input and a badge a few pixels wide in the frame becomes big enough to find.
    """

    def detect(self, image_bgr: np.ndarray) -> Detections:  # pragma: no cover - overridden
        raise NotImplementedError

    def detect_region(self, image_bgr: np.ndarray, box: Sequence[float]) -> Detections:
        h, w = image_bgr.shape[:2]
        x1, y1, x2, y2 = clip_box(box, w, h)
        if x2 - x1 < 2 or y2 - y1 < 2:
            return Detections.empty()
        found = self.detect(np.ascontiguousarray(image_bgr[y1:y2, x1:x2]))
        if not len(found):
            return found
        offset = np.array([x1, y1, x1, y1], np.float32)
        return Detections(found.xyxy + offset, found.confidence, found.label)


def clip_box(box: Sequence[float], width: int, height: int) -> tuple[int, int, int, int]:
    """``box`` rounded outwards to whole pixels and clipped to the image."""
    x1, y1, x2, y2 = (float(v) for v in box)
    return (
        int(np.clip(np.floor(x1), 0, width)),
        int(np.clip(np.floor(y1), 0, height)),
        int(np.clip(np.ceil(x2), 0, width)),
        int(np.clip(np.ceil(y2), 0, height)),
    )


def resolve_model_path(config: DetectorConfig) -> Path:
    """The configured model file, or the shipped one; a clear error when it is missing."""
    path = Path(config.path).expanduser() if config.path else default_detector_path()
    if not path.is_file():
        hint = "" if config.path else " (the shipped detector; train it with models/train.py)"
        raise FileNotFoundError(f"detector model not found: {path}{hint}")
    return path


def load_detector(config: DetectorConfig | None = None) -> Detector:
    """Build the detector backend named in ``config.backend`` (default: ONNX Runtime).

    Example:
        >>> det = load_detector(DetectorConfig(path="models/storecheck-det.onnx"))  # doctest: +SKIP
        >>> det.detect(image).of("person")                                           # doctest: +SKIP
    """
    config = config or DetectorConfig()
    detector = DETECTORS.get(config.backend)(config)
    log.info("detector %s (%s backend)", detector.name, config.backend)
    return detector
