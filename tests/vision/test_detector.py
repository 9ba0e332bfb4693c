"""Detector backends on real exported YOLOv8 models: a random one now, the shipped one when it lands."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from storecheck.vision.config import DetectorConfig
from storecheck.vision.detector import DETECTORS, Detector, OnnxDetector, load_detector
from storecheck.vision.models import default_detector_path
from storecheck.vision.types import LABELS, Detections

needs_ultralytics = pytest.mark.skipif(
    importlib.util.find_spec("ultralytics") is None,
    reason="ultralytics not installed (pip install 'storecheck[train]')",
)

# Random weights score ~1e-3; a tiny threshold gives enough boxes to compare the backends.
TINY = 1e-6


def _shipped_model() -> Path:
    try:
        path = default_detector_path()
    except FileNotFoundError:
        path = Path("models/storecheck-det.onnx")
    if not path.is_file():
        pytest.skip(f"shipped detector {path} not trained yet")
    return path


def test_registry_knows_every_backend() -> None:
    assert DETECTORS.names() == ["onnx", "onnx-ssd", "ultralytics"]
    with pytest.raises(KeyError, match="unknown detector backend 'yolox'.*known: onnx, onnx-ssd, ultralytics"):
        load_detector(DetectorConfig(backend="yolox", path=__file__))


@needs_ultralytics
def test_onnx_backend_reads_an_ultralytics_export(random_yolo_onnx: Path, bus_image: np.ndarray) -> None:
    det = load_detector(DetectorConfig(path=random_yolo_onnx, confidence=TINY))
    assert isinstance(det, OnnxDetector) and isinstance(det, Detector)
    assert det.input_size == (288, 480)
    assert det.names == LABELS
    assert det.name.startswith("yolov8n-storecheck@sha256:")
    found = det.detect(bus_image)
    assert 0 < len(found) <= 300
    h, w = bus_image.shape[:2]
    assert (found.xyxy[:, [0, 2]] <= w).all() and (found.xyxy[:, [1, 3]] <= h).all()
    assert (found.xyxy >= 0).all() and set(found.label) <= set(LABELS)


@needs_ultralytics
def test_onnx_and_ultralytics_backends_agree(random_yolo_onnx: Path, bus_image: np.ndarray) -> None:
    """Same file, two pipelines: our letterbox/decode/NMS must match ultralytics' own."""
    ours = load_detector(DetectorConfig(path=random_yolo_onnx, confidence=TINY))
    theirs = load_detector(
        DetectorConfig(backend="ultralytics", path=random_yolo_onnx, confidence=TINY, input_size=(288, 480))
    )
    assert ours.name == theirs.name
    a, b = ours.detect(bus_image), theirs.detect(bus_image)
    top_a, top_b = a[np.argsort(-a.confidence)[:5]], b[np.argsort(-b.confidence)[:5]]
    np.testing.assert_allclose(top_a.confidence, top_b.confidence, rtol=1e-3)
    np.testing.assert_allclose(top_a.xyxy, top_b.xyxy, atol=1.0)
    assert list(top_a.label) == list(top_b.label)


@needs_ultralytics
def test_a_dynamic_input_model_letterboxes_each_frame_with_minimal_padding(
    random_yolo_onnx: Path, random_yolo_onnx_dynamic: Path, bus_image: np.ndarray
) -> None:
    """A portrait photo on a landscape input is mostly grey padding; a dynamic-input model gets
    a canvas of the frame's own shape instead, and on a 16:9 frame it sees what the fixed
    input does."""
    dynamic = load_detector(DetectorConfig(path=random_yolo_onnx_dynamic, confidence=TINY))
    fixed = load_detector(DetectorConfig(path=random_yolo_onnx, confidence=TINY))
    assert isinstance(dynamic, OnnxDetector) and dynamic.dynamic and not fixed.dynamic
    assert dynamic.input_size == (288, 480)  # from the export's imgsz metadata
    assert dynamic.canvas_size(810, 1080) == (288, 224)  # bus.jpg: 216x288, padded to stride 32
    assert dynamic.canvas_size(1920, 1080) == (288, 480) == fixed.canvas_size(810, 1080)
    found = dynamic.detect(bus_image)
    h, w = bus_image.shape[:2]
    assert len(found) and (found.xyxy[:, [0, 2]] <= w).all() and (found.xyxy[:, [1, 3]] <= h).all()
    wide = np.ascontiguousarray(bus_image[:456, :])  # 810x456: 16:9, the same canvas either way
    a, b = dynamic.detect(wide), fixed.detect(wide)
    np.testing.assert_allclose(np.sort(a.confidence)[-5:], np.sort(b.confidence)[-5:], rtol=1e-3)


@needs_ultralytics
def test_detect_region_on_a_real_model(random_yolo_onnx: Path, bus_image: np.ndarray) -> None:
    det = load_detector(DetectorConfig(path=random_yolo_onnx, confidence=TINY))
    region = [100, 200, 500, 700]
    found = det.detect_region(bus_image, region)
    assert isinstance(found, Detections) and len(found)
    assert (found.xyxy[:, 0] >= 100).all() and (found.xyxy[:, 2] <= 500).all()
    assert (found.xyxy[:, 1] >= 200).all() and (found.xyxy[:, 3] <= 700).all()


def test_ultralytics_backend_missing_model_is_clear(tmp_path: Path) -> None:
    with pytest.raises((FileNotFoundError, ImportError)):
        load_detector(DetectorConfig(backend="ultralytics", path=tmp_path / "none.pt"))


def test_shipped_model_is_named_by_its_hash() -> None:
    det = load_detector(DetectorConfig(path=_shipped_model()))
    assert det.name.startswith("storecheck-det@sha256:")


def test_shipped_model_on_real_photographs() -> None:
    """The gate weights trained on synthetic scenes must pass before they ship (bench.real_photos):
    a person above the engine's 0.4 in at least 3 of the 5 photographs of people, and a cleaning
    tool above 0.4 (a false hall violation) in at most 2 of the 12 photographs, none of which
    holds one."""
    pytest.importorskip("skimage")
    pytest.importorskip("matplotlib")
    from bench.real_photos import person_scores

    summary = person_scores(_shipped_model())["summary"]
    assert summary["people_photos_with_a_person"] >= 3, summary  # type: ignore[index]
    assert summary["photos_with_a_false_tool"] <= 2, summary  # type: ignore[index]
