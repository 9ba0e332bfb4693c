"""The OCR seam: the ``OcrEngine`` protocol, the backend registry and ``load_ocr``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from storecheck.vision.config import OcrConfig
from storecheck.vision.registry import Registry
from storecheck.vision.types import TextLine

log = logging.getLogger(__name__)


@runtime_checkable
class OcrEngine(Protocol):
    """Reads text from BGR crops. Boxes are in pixels of the array passed in; the caller adds
    the crop's offset to place them in the frame.

    Attributes:
        name: engine and model version, recorded in every result's ``models.ocr``.
    """

    name: str

    def read(self, crop_bgr: np.ndarray, known: Sequence[TextLine] = ()) -> list[TextLine]:
        """Text detection + recognition on a crop (a badge, a sign): lines top to bottom.
        ``known``: lines already read confidently there (crop pixels); a backend may keep the
        reading of a line found again inside one of them instead of recognising it again."""
        ...

    def read_frame(self, image_bgr: np.ndarray) -> list[TextLine]:
        """Like :meth:`read` but tuned for a whole camera frame (small text kept, slower)."""
        ...

    def recognize(self, crop_bgr: np.ndarray) -> TextLine | None:
        """Recognition only, for a crop holding one line (a sign): ~15 ms; ``None`` if unread."""
        ...


OCR_ENGINES: Registry[OcrEngine] = Registry("ocr")


def load_ocr(config: OcrConfig | None = None) -> OcrEngine:
    """Build the OCR backend named in ``config.backend`` (default: rapidocr). Models load lazily
    on the first read, so building an engine is cheap.

    Example:
        >>> ocr = load_ocr()
        >>> ocr.name.startswith("rapidocr")
        True
    """
    config = config or OcrConfig()
    engine = OCR_ENGINES.get(config.backend)(config)
    log.info("ocr %s", engine.name)
    return engine


def as_bgr(crop: np.ndarray) -> np.ndarray | None:
    """A contiguous 3-channel uint8 view of ``crop``, or ``None`` when it has no pixels."""
    if crop.ndim < 2 or crop.shape[0] == 0 or crop.shape[1] == 0:
        return None
    if crop.ndim == 2:
        crop = np.repeat(crop[:, :, None], 3, axis=2)
    elif crop.shape[2] == 4:
        crop = crop[:, :, :3]
    return np.ascontiguousarray(crop, dtype=np.uint8)


#: A known line's reading is kept for a line found again only when it was read this surely.
KNOWN_MIN_SCORE = 0.9


def same_line(box: tuple[float, float, float, float], known: TextLine) -> bool:
    """Whether ``box`` is ``known``'s line found again (each edge within a third of its height)
    and ``known`` was read surely. A box reaching past it (the "一、" a coarse box cut off) or
    holding only part of it (a line split in two) is not: its text would differ."""
    if known.score < KNOWN_MIN_SCORE:
        return False
    slack = max(2.0, 0.35 * (known.box[3] - known.box[1]))
    return all(abs(a - b) <= slack for a, b in zip(box, known.box, strict=True))


def polygon_to_xyxy(points: np.ndarray) -> tuple[float, float, float, float]:
    """A 4-point text polygon (possibly tilted) -> its enclosing ``(x1, y1, x2, y2)``."""
    pts = np.asarray(points, np.float32).reshape(-1, 2)
    x1, y1 = pts.min(axis=0)
    x2, y2 = pts.max(axis=0)
    return (float(x1), float(y1), float(x2), float(y2))
