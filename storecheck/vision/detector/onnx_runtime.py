"""The default detector: a YOLOv8 ONNX export run by ONNX Runtime on the CPU.

Only ``onnxruntime``, ``numpy`` and ``opencv`` are needed, so this runs on the edge boxes without
torch. The input size and class names are read from the model itself (ultralytics writes
``names`` and ``imgsz`` into the ONNX metadata), so a retrained model with a new input size needs
no config. A model exported with a dynamic input gets each frame letterboxed with minimal
padding (ultralytics' rect letterbox, what the model card's figures are measured on): a portrait
photo is not drowned in grey padding on a landscape input.
"""

from __future__ import annotations

import ast
import logging
import math
from pathlib import Path

import numpy as np
import onnxruntime as ort

from storecheck.vision.config import DetectorConfig
from storecheck.vision.detector.base import DETECTORS, RegionMixin, resolve_model_path
from storecheck.vision.detector.letterbox import Letterbox, decode_yolo, nms_per_class
from storecheck.vision.models import model_id
from storecheck.vision.types import LABELS, Detections

log = logging.getLogger(__name__)


#: YOLOv8's coarsest feature map: a dynamic input's sides must be multiples of it.
STRIDE = 32


def _literal(metadata: dict[str, str], key: str) -> object:
    """A Python literal ultralytics wrote into the ONNX metadata (``names``, ``imgsz``), or None
    where it is missing or unreadable (logged: the caller falls back to a default)."""
    raw = metadata.get(key)
    if not raw:
        return None
    try:
        return ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        log.warning("unreadable %r metadata in the detector; using the default", key)
        return None


def class_names(metadata: dict[str, str]) -> tuple[str, ...]:
    """Class names from ultralytics' ``names`` metadata (``"{0: 'person', ...}"``), else LABELS."""
    names = _literal(metadata, "names")
    if isinstance(names, dict):
        return tuple(str(names[i]) for i in sorted(names))
    if isinstance(names, list | tuple):
        return tuple(str(n) for n in names)
    return LABELS


def cpu_session(path: Path, threads: int) -> ort.InferenceSession:
    """An ONNX Runtime session of ``path`` on the CPU with ``threads`` intra-op threads.

    Raises:
        ValueError: the file is not a model ONNX Runtime can load.
    """
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # ORT's warnings about unused initialisers are noise here
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # ORT raises its own exception types (Fail, InvalidGraph, ...)
        raise ValueError(f"cannot load detector model {path}: {exc}") from exc


@DETECTORS.register("onnx")
class OnnxDetector(RegionMixin):
    """YOLOv8 (``nms=False`` export) on ONNX Runtime: letterbox, decode, class-wise NMS.

    Example:
        >>> det = OnnxDetector(DetectorConfig(path="models/storecheck-det.onnx"))  # doctest: +SKIP
        >>> det.input_size, det.names[:2]                                          # doctest: +SKIP
        ((288, 480), ('person', 'badge'))
    """

    def __init__(self, config: DetectorConfig) -> None:
        self.config = config
        self.path: Path = resolve_model_path(config)
        self.name: str = model_id(self.path)
        self.session = cpu_session(self.path, config.threads)
        meta = self.session.get_modelmeta().custom_metadata_map
        self.names: tuple[str, ...] = class_names(meta)
        model_input = self.session.get_inputs()[0]
        self._input_name = model_input.name
        self._input_dtype = np.float16 if "float16" in model_input.type else np.float32
        h, w = model_input.shape[2], model_input.shape[3]
        #: A fixed input (every frame padded to it) or a dynamic one (sized to each frame).
        self.dynamic = not (isinstance(h, int) and isinstance(w, int) and h > 0 and w > 0)
        #: (h, w): the input of a fixed model; the largest canvas of a dynamic one.
        self.input_size: tuple[int, int] = self._input_hw((h, w), config, meta)
        self.stride = int(meta.get("stride", STRIDE))
        self.thresholds = self._thresholds(config)

    def _input_hw(self, shape: tuple[object, object], config: DetectorConfig, meta: dict[str, str]) -> tuple[int, int]:
        if not self.dynamic:
            return (int(shape[0]), int(shape[1]))  # type: ignore[call-overload]
        if config.input_size is not None:
            return config.input_size
        exported = _literal(meta, "imgsz")
        if isinstance(exported, list | tuple) and len(exported) == 2:
            return (int(exported[0]), int(exported[1]))
        return (640, 640)  # ultralytics' default export size

    def canvas_size(self, src_w: int, src_h: int) -> tuple[int, int]:
        """(h, w) of the letterboxed input for a ``src_w`` x ``src_h`` frame: a fixed model's
        input; for a dynamic one, the frame scaled to fit ``input_size`` and padded only up to
        the next multiple of the stride (1920x1080 -> 384x640, a 3:4 portrait -> 384x288)."""
        max_h, max_w = self.input_size
        if not self.dynamic:
            return (max_h, max_w)
        scale = min(max_w / src_w, max_h / src_h)

        def fit(side: int, limit: int) -> int:
            return min(limit, math.ceil(round(side * scale) / self.stride) * self.stride)

        return (fit(src_h, max_h), fit(src_w, max_w))

    def _thresholds(self, config: DetectorConfig) -> np.ndarray:
        unknown = set(config.class_confidence) - set(self.names)
        if unknown:
            raise ValueError(
                f"class_confidence names unknown classes {sorted(unknown)}; "
                f"the model has {list(self.names)}"
            )
        return np.array(
            [config.class_confidence.get(n, config.confidence) for n in self.names], np.float32
        )

    def detect(self, image_bgr: np.ndarray) -> Detections:
        """All objects in ``image_bgr``; boxes in its pixels, clipped to it, best score first."""
        src_h, src_w = image_bgr.shape[:2]
        if src_h == 0 or src_w == 0:
            return Detections.empty()
        in_h, in_w = self.canvas_size(src_w, src_h)
        box = Letterbox.fit(src_w, src_h, in_w, in_h)
        canvas = box.apply(image_bgr, in_w, in_h)
        blob = canvas[:, :, ::-1].transpose(2, 0, 1)[None].astype(np.float32) / 255.0
        output = self.session.run(None, {self._input_name: blob.astype(self._input_dtype)})[0]
        xyxy, score, cls = decode_yolo(output, self.thresholds)
        keep = nms_per_class(xyxy, score, cls, self.config.iou, self.config.max_detections)
        xyxy = box.to_source(xyxy[keep])
        # Boxes wholly in the padding collapse to zero area once clipped: drop them.
        real = (xyxy[:, 2] > xyxy[:, 0]) & (xyxy[:, 3] > xyxy[:, 1])
        labels = np.array([self.names[i] for i in cls[keep]], dtype=object)
        return Detections(xyxy[real], score[keep][real].astype(np.float32), labels[real])
