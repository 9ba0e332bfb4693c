"""Letterboxing and YOLO output decoding, kept apart from ONNX Runtime so they test in isolation.

The model sees the image scaled to fit its input (aspect kept), centred, padded with grey 114:
the same preprocessing ultralytics trains and exports with. ``Letterbox`` remembers the scale and
padding so boxes go back to original pixels exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

PAD_VALUE = 114


def shrink(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Downscale averaging every source pixel (INTER_AREA). Bilinear sampling at 3x (1080p to a
    640-wide input) skips two pixels in three: one-pixel mop handles vanish or stay whole by
    their phase and sensor noise keeps its full strength, while the model trained on 720p frames
    shrunk 2x, where bilinear is the same 2x2 average. On 300 generated 1080p hall scenes this
    took the scenes whose tools the engine finds from 176 to 262 of 278 (bench.tool_review)."""
    return cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA)


@dataclass(frozen=True)
class Letterbox:
    """How an image of ``src`` size was fitted into the model input."""

    scale: float
    pad_x: int
    pad_y: int
    src_w: int
    src_h: int

    @classmethod
    def fit(cls, src_w: int, src_h: int, dst_w: int, dst_h: int) -> Letterbox:
        scale = min(dst_w / src_w, dst_h / src_h)
        new_w, new_h = round(src_w * scale), round(src_h * scale)
        # Same rounding as ultralytics' LetterBox, so a model sees what it was trained on.
        pad_x = round((dst_w - new_w) / 2 - 0.1)
        pad_y = round((dst_h - new_h) / 2 - 0.1)
        return cls(scale, pad_x, pad_y, src_w, src_h)

    def apply(self, image: np.ndarray, dst_w: int, dst_h: int) -> np.ndarray:
        new_w, new_h = round(self.src_w * self.scale), round(self.src_h * self.scale)
        if (new_w, new_h) != (self.src_w, self.src_h):
            image = shrink(image, new_w, new_h) if self.scale < 1 else cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_LINEAR)
        canvas = np.full((dst_h, dst_w, 3), PAD_VALUE, np.uint8)
        canvas[self.pad_y : self.pad_y + new_h, self.pad_x : self.pad_x + new_w] = image
        return canvas

    def to_source(self, xyxy: np.ndarray) -> np.ndarray:
        """Boxes in model-input pixels -> boxes in source pixels, clipped to the source."""
        out = (xyxy - np.array([self.pad_x, self.pad_y, self.pad_x, self.pad_y], np.float32))
        out = out / self.scale
        out[:, [0, 2]] = out[:, [0, 2]].clip(0, self.src_w)
        out[:, [1, 3]] = out[:, [1, 3]].clip(0, self.src_h)
        return out.astype(np.float32)


def decode_yolo(
    output: np.ndarray, thresholds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Raw YOLOv8 head output -> ``(xyxy, score, class_id)`` above each class's threshold.

    Args:
        output: ``(1, 4 + nc, anchors)`` (ultralytics export with ``nms=False``): ``cx, cy, w, h``
            in input pixels, then one sigmoid score per class. ``(1, N, 6)`` exports made with
            ``nms=True`` (``x1, y1, x2, y2, score, class``) are accepted too.
        thresholds: ``(nc,)`` minimum score per class.
    """
    out = np.asarray(output, np.float32)
    if out.ndim == 3:
        out = out[0]
    nc = len(thresholds)
    if out.ndim == 2 and out.shape[1] == 6 and out.shape[0] != 4 + nc:
        xyxy, score, cls = out[:, :4], out[:, 4], out[:, 5].astype(np.int64)
    else:
        if out.shape[0] != 4 + nc:
            raise ValueError(f"detector output {output.shape} does not fit {nc} classes")
        preds = out.T  # (anchors, 4 + nc)
        class_scores = preds[:, 4:]
        cls = class_scores.argmax(axis=1)
        score = class_scores[np.arange(len(cls)), cls]
        cx, cy, w, h = preds[:, 0], preds[:, 1], preds[:, 2], preds[:, 3]
        xyxy = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    valid = (cls >= 0) & (cls < nc)
    keep = valid & (score >= thresholds[np.clip(cls, 0, nc - 1)])
    return xyxy[keep], score[keep], cls[keep]


def nms_per_class(
    xyxy: np.ndarray, score: np.ndarray, cls: np.ndarray, iou: float, max_det: int
) -> np.ndarray:
    """Indices kept by class-wise non-maximum suppression, best score first."""
    if not len(xyxy):
        return np.zeros((0,), np.int64)
    # Shift each class into its own far-away region so one pass never merges across classes.
    offset = (cls.astype(np.float32) * (float(xyxy.max()) + 1.0))[:, None]
    boxes = xyxy + offset
    x1, y1, x2, y2 = boxes.T
    areas = (x2 - x1).clip(0) * (y2 - y1).clip(0)
    order = np.argsort(-score, kind="stable")
    keep: list[int] = []
    while order.size and len(keep) < max_det:
        i = int(order[0])
        keep.append(i)
        rest = order[1:]
        iw = (np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest])).clip(0)
        ih = (np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest])).clip(0)
        inter = iw * ih
        overlap = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = rest[overlap <= iou]
    return np.asarray(keep, np.int64)
