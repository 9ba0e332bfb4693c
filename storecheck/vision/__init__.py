"""Pixels -> objects and text: image loading, the detector, OCR, appearance, drawing.

The flat namespace a caller (the engine) needs::

    from storecheck.vision import load_image, load_detector, load_ocr, torso_hsv, VisionConfig
"""

from storecheck.vision.appearance import torso_hsv
from storecheck.vision.config import DetectorConfig, OcrConfig, VisionConfig
from storecheck.vision.detector import DETECTORS, Detector, load_detector
from storecheck.vision.draw import annotate, find_font
from storecheck.vision.image import ImageError, decode_bytes, load_image
from storecheck.vision.models import default_detector_path, model_id, models_dir
from storecheck.vision.ocr import OCR_ENGINES, OcrEngine, load_ocr
from storecheck.vision.types import LABELS, Detections, Observation, TextLine

__all__ = [
    "DETECTORS",
    "LABELS",
    "OCR_ENGINES",
    "Detections",
    "Detector",
    "DetectorConfig",
    "ImageError",
    "Observation",
    "OcrConfig",
    "OcrEngine",
    "TextLine",
    "VisionConfig",
    "annotate",
    "decode_bytes",
    "default_detector_path",
    "find_font",
    "load_detector",
    "load_image",
    "load_ocr",
    "model_id",
    "models_dir",
    "torso_hsv",
]
