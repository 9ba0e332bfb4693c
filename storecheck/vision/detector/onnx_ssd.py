"""A TensorFlow Object Detection API SSD, exported to ONNX with its own post-processing, on ONNX
Runtime: the shipped person detector (``models/people-ssdlite.onnx``, see its card).

The export takes a ``1xHxWx3`` uint8 RGB image and returns ``num_detections``,
``detection_scores``, ``detection_boxes`` (``[y1, x1, y2, x2]`` as fractions of the image) and
``detection_classes`` (1-based), after the graph's own resize to its fixed input and NMS. The
frame is shrunk to that input here (``INTER_AREA``): the graph would resize bilinearly, which
aliases a 1080p frame brought down to 300 px, and feeding 300x300 moves 20x fewer bytes.

A wide frame (a 16:9 camera) is not squashed into the square whole: the model learned people
from PASCAL VOC's photographs, about 4:3, and a 1920x1080 frame squashed to 300x300 makes them
half as wide as it knows them, and small. It sees the frame's left and right squares instead
(overlapping in the middle; one NMS over both): on development ceiling frames of 1920x1080 the
engine then found 0.226 of the people against 0.155, its added boxes matching nobody 41 against
28, and on COCO train2017 photos (many 640x427, wider than ``WIDE``) 0.315 against 0.291, 12
against 10 (``python -m bench.people_choices``, ``fused@0.5`` and ``fused-squashed@0.5``).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from storecheck.vision.config import DetectorConfig
from storecheck.vision.detector.base import DETECTORS, RegionMixin, resolve_model_path
from storecheck.vision.detector.letterbox import nms_per_class
from storecheck.vision.detector.onnx_runtime import cpu_session
from storecheck.vision.models import model_id
from storecheck.vision.types import Detections

#: What the graph resizes every image to (TF OD API's ``fixed_shape_resizer`` for SSDLite).
INPUT_SIDE = 300
#: Its classes by 1-based id: a one-class (person) model.
NAMES = {1: "person"}
#: A frame wider than this (width / height) is seen as its left and right squares.
WIDE = 1.4
#: Boxes of the two squares overlapping more than this (IoU) are one person.
SQUARES_IOU = 0.5


@DETECTORS.register("onnx-ssd")
class SsdDetector(RegionMixin):
    """An SSD exported from the TF Object Detection API (``tf2onnx``), on ONNX Runtime.

    Example:
        >>> det = SsdDetector(DetectorConfig(backend="onnx-ssd", path="models/people-ssdlite.onnx"))  # doctest: +SKIP
        >>> det.detect(image).of("person").xyxy                                                       # doctest: +SKIP
    """

    def __init__(self, config: DetectorConfig) -> None:
        self.config = config
        self.path: Path = resolve_model_path(config)
        self.name: str = model_id(self.path)
        self.session = cpu_session(self.path, config.threads)
        inputs = self.session.get_inputs()
        outputs = {o.name.split(":")[0] for o in self.session.get_outputs()}
        needed = {"detection_scores", "detection_boxes", "detection_classes"}
        if len(inputs) != 1 or "uint8" not in inputs[0].type or not needed <= outputs:
            raise ValueError(f"{self.path} is not a TF Object Detection API SSD export "
                             f"(uint8 image in; {sorted(needed)} out)")
        self._input_name = inputs[0].name
        self._output_names = [o.name for o in self.session.get_outputs()]
        self._output_keys = [name.split(":")[0] for name in self._output_names]  # "detection_scores:0" -> ...
        #: Only the person detector's config says how to see a wide frame; any other: as squares.
        self.squares: bool = getattr(config, "squares", True)

    def detect(self, image_bgr: np.ndarray) -> Detections:
        """The persons in ``image_bgr``, boxes in its pixels, best score first (a wide frame: its
        two squares, see the module's docstring)."""
        src_h, src_w = image_bgr.shape[:2]
        if src_h == 0 or src_w == 0:
            return Detections.empty()
        if not self.squares or src_w <= WIDE * src_h:
            return self._detect_whole(image_bgr)
        # Each square is no wider than WIDE, so detect_region's own call of detect sees it whole.
        both = Detections.merge([self.detect_region(image_bgr, (x1, 0, x1 + src_h, src_h)) for x1 in (0, src_w - src_h)])
        keep = nms_per_class(both.xyxy, both.confidence, np.zeros(len(both), np.int64), SQUARES_IOU,
                             self.config.max_detections)
        return both[keep]

    def _detect_whole(self, image_bgr: np.ndarray) -> Detections:
        """The persons in the whole of ``image_bgr``, squeezed into the model's square input."""
        src_h, src_w = image_bgr.shape[:2]
        small = cv2.resize(image_bgr, (INPUT_SIDE, INPUT_SIDE), interpolation=cv2.INTER_AREA)
        blob = np.ascontiguousarray(small[:, :, ::-1])[None]
        named = dict(zip(self._output_keys, self.session.run(self._output_names, {self._input_name: blob}), strict=True))
        scores = named["detection_scores"][0].astype(np.float32)
        classes = named["detection_classes"][0].astype(int)
        boxes = named["detection_boxes"][0]
        keep = (scores >= self.config.confidence) & np.isin(classes, list(NAMES))
        keep &= np.cumsum(keep) <= self.config.max_detections
        yx = boxes[keep] * np.array([src_h, src_w, src_h, src_w], np.float32)
        xyxy = np.clip(yx[:, [1, 0, 3, 2]], 0, [src_w, src_h, src_w, src_h]).astype(np.float32)
        labels = np.array([NAMES[c] for c in classes[keep]], dtype=object)
        order = np.argsort(-scores[keep], kind="stable")
        return Detections(xyxy[order], scores[keep][order], labels[order])
