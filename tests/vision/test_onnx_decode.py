"""The ONNX backend's letterbox, decode and NMS, proved on a hand-built graph with known output.

The graph ignores its input and returns a constant head output, so every expected box in the
original image can be worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storecheck.vision.config import DetectorConfig
from storecheck.vision.detector import OnnxDetector, load_detector
from storecheck.vision.detector.letterbox import Letterbox, decode_yolo, nms_per_class
from storecheck.vision.types import LABELS

onnx = pytest.importorskip("onnx", reason="onnx (train extra) builds the hand-made test graphs")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

IN_H, IN_W = 288, 480
NC = len(LABELS)


def constant_model(path: Path, output: np.ndarray, names: str | None = None) -> Path:
    """An ONNX model with input ``images`` (1x3x288x480) whose output is always ``output``."""
    const = numpy_helper.from_array(output.astype(np.float32), "head")
    # Input * 0 + head keeps the input wired in, as a real model's is.
    zero = numpy_helper.from_array(np.zeros((1,), np.float32), "zero")
    nodes = [
        helper.make_node("ReduceMax", ["images"], ["m"], keepdims=0),
        helper.make_node("Mul", ["m", "zero"], ["z"]),
        helper.make_node("Add", ["head", "z"], ["output0"]),
    ]
    graph = helper.make_graph(
        nodes, "const_head",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, IN_H, IN_W])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(output.shape))],
        initializer=[const, zero],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    if names is not None:
        helper.set_model_props(model, {"names": names, "imgsz": f"[{IN_H}, {IN_W}]"})
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def head(*anchors: tuple[tuple[float, float, float, float], int, float]) -> np.ndarray:
    """Raw (1, 4+nc, anchors) output from (cx,cy,w,h in input pixels, class, score) triples."""
    out = np.zeros((1, 4 + NC, len(anchors)), np.float32)
    for i, (cxcywh, cls, score) in enumerate(anchors):
        out[0, :4, i] = cxcywh
        out[0, 4 + cls, i] = score
    return out


# A 960x720 frame into 480x288: scale = min(480/960, 288/720) = 0.4, resized 384x288,
# padded 48 px left and right. Original box (100, 200, 300, 600) -> input (88, 80, 168, 240)
# -> cx 128, cy 160, w 80, h 160.
FRAME = np.zeros((720, 960, 3), np.uint8)
PERSON = ((128.0, 160.0, 80.0, 160.0), 0, 0.9)


@pytest.fixture
def detector(tmp_path: Path) -> OnnxDetector:
    output = head(
        PERSON,
        ((130.0, 162.0, 80.0, 160.0), 0, 0.6),   # same class, IoU ~0.93 -> suppressed
        ((128.0, 160.0, 80.0, 160.0), 1, 0.5),   # same place, other class -> kept
        ((300.0, 100.0, 40.0, 40.0), 5, 0.1),    # below the threshold -> dropped
        ((450.0, 144.0, 60.0, 100.0), 6, 0.7),   # crosses the right edge -> clipped to 960
        ((20.0, 144.0, 30.0, 30.0), 7, 0.8),     # wholly in the left padding -> dropped
    )
    path = constant_model(tmp_path / "const.onnx", output, names=repr(dict(enumerate(LABELS))))
    return OnnxDetector(DetectorConfig(path=path, confidence=0.25, iou=0.45))


def test_reads_input_size_and_names_from_the_model(detector: OnnxDetector) -> None:
    assert detector.input_size == (IN_H, IN_W)
    assert detector.names == LABELS
    assert detector.name.startswith("const@sha256:") and len(detector.name.split(":")[1]) == 12


def test_boxes_map_back_to_original_pixels(detector: OnnxDetector) -> None:
    found = detector.detect(FRAME)
    assert list(found.label) == ["person", "mop", "badge"]  # best score first
    np.testing.assert_allclose(found.xyxy[0], [100, 200, 300, 600], atol=1e-3)
    np.testing.assert_allclose(found.xyxy[2], [100, 200, 300, 600], atol=1e-3)
    # mop: input x 420..480, y 94..194 -> ((420-48)/0.4, 94/0.4, (480-48)/0.4 clipped, 194/0.4)
    np.testing.assert_allclose(found.xyxy[1], [930, 235, 960, 485], atol=1e-3)
    np.testing.assert_allclose(found.confidence, [0.9, 0.7, 0.5], atol=1e-6)


def test_per_class_confidence(tmp_path: Path) -> None:
    path = constant_model(tmp_path / "m.onnx", head(PERSON, ((300.0, 100.0, 40.0, 40.0), 5, 0.1)))
    det = OnnxDetector(DetectorConfig(path=path, class_confidence={"poster": 0.05, "person": 0.95}))
    assert list(det.detect(FRAME).label) == ["poster"]
    with pytest.raises(ValueError, match="unknown classes"):
        OnnxDetector(DetectorConfig(path=path, class_confidence={"umbrella": 0.5}))


def test_without_names_metadata_falls_back_to_labels(tmp_path: Path) -> None:
    det = load_detector(DetectorConfig(path=constant_model(tmp_path / "m.onnx", head(PERSON))))
    assert det.names == LABELS  # type: ignore[attr-defined]
    assert list(det.detect(FRAME).label) == ["person"]


def test_detect_region_offsets_boxes(detector: OnnxDetector) -> None:
    # A 960x720 crop at (40, 30) of a bigger frame: same letterbox, boxes shifted by the offset.
    big = np.zeros((900, 1200, 3), np.uint8)
    found = detector.detect_region(big, [40, 30, 1000, 750])
    np.testing.assert_allclose(found.of("person").xyxy[0], [140, 230, 340, 630], atol=1e-3)
    assert len(detector.detect_region(big, [5000, 5000, 6000, 6000])) == 0


def test_nms_true_exports_are_read_too(tmp_path: Path) -> None:
    rows = np.array([[[88, 80, 168, 240, 0.8, 1], [0, 0, 0, 0, 0.0, 0]]], np.float32)
    det = OnnxDetector(DetectorConfig(path=constant_model(tmp_path / "nms.onnx", rows)))
    found = det.detect(FRAME)
    assert list(found.label) == ["badge"]
    np.testing.assert_allclose(found.xyxy[0], [100, 200, 300, 600], atol=1e-3)


def test_wrong_class_count_is_a_clear_error(tmp_path: Path) -> None:
    det = OnnxDetector(DetectorConfig(path=constant_model(tmp_path / "m.onnx", np.zeros((1, 9, 5)))))
    with pytest.raises(ValueError, match="does not fit 10 classes"):
        det.detect(FRAME)


def test_not_an_onnx_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="cannot load detector model"):
        OnnxDetector(DetectorConfig(path=bad))
    with pytest.raises(FileNotFoundError, match="detector model not found"):
        OnnxDetector(DetectorConfig(path=tmp_path / "missing.onnx"))


@pytest.mark.parametrize(
    ("src", "scale", "pad"),
    [((960, 720), 0.4, (48, 0)), ((1280, 720), 0.375, (0, 9)), ((480, 288), 1.0, (0, 0)),
     ((100, 100), 2.88, (96, 0))],
)
def test_letterbox_fit(src: tuple[int, int], scale: float, pad: tuple[int, int]) -> None:
    box = Letterbox.fit(src[0], src[1], IN_W, IN_H)
    assert box.scale == pytest.approx(scale)
    assert (box.pad_x, box.pad_y) == pad
    canvas = box.apply(np.zeros((src[1], src[0], 3), np.uint8), IN_W, IN_H)
    assert canvas.shape == (IN_H, IN_W, 3)
    assert canvas[IN_H // 2, IN_W // 2].tolist() == [0, 0, 0]  # image in the middle


def test_letterbox_downscale_keeps_thin_lines() -> None:
    """A 1080p frame shrunk 3x for the model keeps a mop handle one pixel wide as a fainter line:
    every source pixel is averaged in (what training at 2x saw). Sampling every third pixel
    would drop such lines whole, or keep them at full strength, by their phase."""
    frame = np.zeros((1080, 1920, 3), np.uint8)
    frame[:, ::3] = 255  # one-pixel lines, three pixels apart
    box = Letterbox.fit(1920, 1080, 640, 384)
    canvas = box.apply(frame, 640, 384)
    image = canvas[box.pad_y : box.pad_y + 360].astype(np.float32)
    assert image.mean() == pytest.approx(255 / 3, abs=2)
    assert image.std() < 3


def test_decode_and_nms_unit() -> None:
    xyxy, score, cls = decode_yolo(head(PERSON, ((129, 160, 80, 160), 0, 0.5)), np.full(NC, 0.3))
    np.testing.assert_allclose(xyxy[0], [88, 80, 168, 240])
    assert nms_per_class(xyxy, score, cls, iou=0.45, max_det=10).tolist() == [0]
    assert nms_per_class(xyxy, score, cls, iou=0.45, max_det=10).dtype == np.int64
