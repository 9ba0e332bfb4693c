"""Text reading behind one protocol; pick a backend by name with :func:`load_ocr`.

Backends: ``rapidocr`` (default; PP-OCRv6 models bundled in its wheel) and ``paddleocr``
(optional; local model dirs only).
"""

from storecheck.vision.ocr import paddle, rapid  # noqa: F401  (registers the backends)
from storecheck.vision.ocr.base import OCR_ENGINES, OcrEngine, load_ocr, polygon_to_xyxy
from storecheck.vision.ocr.paddle import PaddleOcrEngine
from storecheck.vision.ocr.rapid import RapidOcrEngine

__all__ = [
    "OCR_ENGINES",
    "OcrEngine",
    "PaddleOcrEngine",
    "RapidOcrEngine",
    "load_ocr",
    "polygon_to_xyxy",
]
