"""Shared fixtures for the vision tests: real fonts, real images, real (tiny) ONNX models."""

from __future__ import annotations

import contextlib
import importlib.util
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from storecheck.vision.draw import find_font
from storecheck.vision.types import LABELS

# ultralytics must never reach for the network or write settings into $HOME during tests.
os.environ.setdefault("YOLO_OFFLINE", "1")
os.environ.setdefault("YOLO_AUTOINSTALL", "False")

HAS_ULTRALYTICS = importlib.util.find_spec("ultralytics") is not None

RenderText = Callable[..., np.ndarray]


@pytest.fixture(scope="session")
def cjk_font() -> tuple[Path, int]:
    try:
        return find_font()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def render_text(cjk_font: tuple[Path, int]) -> RenderText:
    """Black text lines on white, as a BGR array: a stand-in for a badge or sign crop."""

    def render(
        lines: Sequence[str], size: tuple[int, int], font_size: int, margin: int = 10
    ) -> np.ndarray:
        img = Image.new("RGB", size, (255, 255, 255))
        draw = ImageDraw.Draw(img)
        font = ImageFont.truetype(str(cjk_font[0]), font_size, index=cjk_font[1])
        y = margin
        for line in lines:
            draw.text((margin, y), line, fill=(0, 0, 0), font=font)
            y += int(font_size * 1.5)
        return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)

    return render


@pytest.fixture(scope="session")
def bus_image() -> np.ndarray:
    """ultralytics' bundled street photo (810x1080, people and a bus)."""
    if not HAS_ULTRALYTICS:
        pytest.skip("ultralytics not installed: its bundled bus.jpg is the test photo")
    import ultralytics

    from storecheck.vision.image import load_image

    return load_image(Path(ultralytics.__file__).parent / "assets" / "bus.jpg")


@pytest.fixture(scope="session")
def random_yolo_onnx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A randomly initialised YOLOv8n with our 10 classes, exported as older shipped models were
    (ultralytics ONNX, nms=False, static 288x480 input). Weights are random: it proves the
    plumbing, not accuracy. About 2 s."""
    return _random_yolo_onnx(tmp_path_factory, dynamic=False)


@pytest.fixture(scope="session")
def random_yolo_onnx_dynamic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same random YOLOv8n exported as the shipped model is now: a dynamic input traced at
    288x480 (its largest canvas, from the ``imgsz`` metadata)."""
    return _random_yolo_onnx(tmp_path_factory, dynamic=True)


def _random_yolo_onnx(tmp_path_factory: pytest.TempPathFactory, dynamic: bool) -> Path:
    if not HAS_ULTRALYTICS:
        pytest.skip("ultralytics not installed: needed to export a YOLOv8 test model")
    workdir = tmp_path_factory.mktemp("yolo-dynamic" if dynamic else "yolo")
    os.environ.setdefault("YOLO_CONFIG_DIR", str(workdir / "settings"))
    import torch
    import ultralytics
    from ultralytics import YOLO

    torch.manual_seed(0)
    spec = Path(ultralytics.__file__).parent / "cfg" / "models" / "v8" / "yolov8.yaml"
    # The file name carries the scale ('n') that ultralytics reads from it.
    yaml_path = workdir / "yolov8n-storecheck.yaml"
    yaml_path.write_text(spec.read_text().replace("nc: 80", f"nc: {len(LABELS)}"))
    model = YOLO(str(yaml_path))
    model.model.names = dict(enumerate(LABELS))
    with contextlib.chdir(workdir):  # export writes next to the working directory
        out = model.export(format="onnx", imgsz=[288, 480], simplify=False, dynamic=dynamic)
    return Path(workdir / out).resolve()
