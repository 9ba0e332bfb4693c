"""Object detectors behind one protocol; pick one by name with :func:`load_detector`.

Backends: ``onnx`` (default, ONNX Runtime), ``onnx-ssd`` (a TF Object Detection API SSD on ONNX
Runtime: the person detector) and ``ultralytics`` (optional). A new backend is one
module with ``@DETECTORS.register("name")`` imported below.
"""

from storecheck.vision.detector import onnx_runtime, onnx_ssd, ultralytics_yolo  # noqa: F401  (registers)
from storecheck.vision.detector.base import DETECTORS, Detector, load_detector
from storecheck.vision.detector.onnx_runtime import OnnxDetector
from storecheck.vision.detector.ultralytics_yolo import UltralyticsDetector, from_ultralytics

__all__ = [
    "DETECTORS",
    "Detector",
    "OnnxDetector",
    "UltralyticsDetector",
    "from_ultralytics",
    "load_detector",
]
