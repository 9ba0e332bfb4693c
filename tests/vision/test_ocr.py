"""OCR on rendered badges and signs with the real rapidocr models (bundled, offline)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pytest

from storecheck.vision.config import OcrConfig
from storecheck.vision.ocr import OCR_ENGINES, OcrEngine, load_ocr, polygon_to_xyxy
from storecheck.vision.types import TextLine

RenderText = Callable[..., np.ndarray]  # the render_text fixture (conftest.py)

BADGE = ["中国电信", "实习生 李娜", "工号：20231234"]


def _plain(text: str) -> str:
    """How the checks normalise: no spaces, ASCII colons."""
    return text.replace(" ", "").replace("：", ":")


@pytest.fixture(scope="module")
def ocr() -> OcrEngine:
    return load_ocr(OcrConfig())


def test_registry_and_name() -> None:
    assert OCR_ENGINES.names() == ["paddleocr", "rapidocr"]
    engine = load_ocr()
    assert isinstance(engine, OcrEngine)
    assert engine.name.startswith("rapidocr-3.") and engine.name.endswith("PP-OCRv6-small")


def test_reads_a_badge(ocr: OcrEngine, render_text: RenderText) -> None:
    crop = render_text(BADGE, size=(240, 140), font_size=24)
    lines = ocr.read(crop)
    assert [_plain(line.text) for line in lines] == ["中国电信", "实习生李娜", "工号:20231234"]
    for line in lines:
        x1, y1, x2, y2 = line.box
        assert 0 <= x1 < x2 <= 240 and 0 <= y1 < y2 <= 140 and line.score > 0.8
    assert lines[0].box[1] < lines[1].box[1] < lines[2].box[1]  # top to bottom


def test_a_line_already_read_surely_keeps_its_reading(ocr: OcrEngine, render_text: RenderText) -> None:
    """A second read of a region recognises only what the first reading does not cover: a line
    found again inside a surely read line keeps that reading (here a marker text, to show it was
    not recognised again); a line nothing covers, or one read unsurely, is recognised."""
    crop = render_text(BADGE, size=(240, 140), font_size=24)
    first = ocr.read(crop)
    assert len(first) == 3
    known = [TextLine("KNOWN", first[0].box, 0.99), TextLine("UNSURE", first[1].box, 0.5)]
    again = ocr.read(crop, known=known)
    assert [_plain(line.text) for line in again] == ["KNOWN", "实习生李娜", "工号:20231234"]


def test_reads_a_wide_sign_quickly(ocr: OcrEngine, render_text: RenderText) -> None:
    sign = render_text(["星级专席"], size=(400, 70), font_size=40)
    ocr.read(sign)  # warm up
    start = time.perf_counter()
    lines = ocr.read(sign)
    elapsed = time.perf_counter() - start
    assert [line.text for line in lines] == ["星级专席"]
    # Not blown up to 736 px tall (~1 s); generous bound for a busy 2-core box.
    assert elapsed < 0.6


def test_recognize_one_line(ocr: OcrEngine, render_text: RenderText) -> None:
    sign = render_text(["星级专席"], size=(200, 48), font_size=30, margin=6)
    line = ocr.recognize(sign)
    assert line is not None and line.text == "星级专席" and line.score > 0.9
    assert line.box == (0.0, 0.0, 200.0, 48.0)


def test_read_frame_places_text_in_frame_pixels(ocr: OcrEngine, render_text: RenderText) -> None:
    frame = np.full((720, 1280, 3), 255, np.uint8)
    frame[300:370, 700:1100] = render_text(["星级专席"], size=(400, 70), font_size=40)
    lines = ocr.read_frame(frame)
    assert [line.text for line in lines] == ["星级专席"]
    x1, y1, x2, y2 = lines[0].box
    # The detector pads text boxes a little (unclip), so allow a few pixels past the sign.
    assert 692 <= x1 < x2 <= 1108 and 292 <= y1 < y2 <= 378


@pytest.mark.parametrize("crop", [np.zeros((0, 10, 3), np.uint8), np.zeros((5, 0), np.uint8)])
def test_empty_crops_read_nothing(ocr: OcrEngine, crop: np.ndarray) -> None:
    assert ocr.read(crop) == []
    assert ocr.recognize(crop) is None


def test_blank_and_grayscale_crops(ocr: OcrEngine, render_text: RenderText) -> None:
    assert ocr.read(np.full((80, 200, 3), 255, np.uint8)) == []
    gray = render_text(["孕妈妈"], size=(160, 60), font_size=32)[:, :, 0]
    assert [line.text for line in ocr.read(gray)] == ["孕妈妈"]


def test_polygon_to_xyxy() -> None:
    tilted = np.array([[10, 5], [50, 9], [49, 20], [9, 16]])
    assert polygon_to_xyxy(tilted) == (9.0, 5.0, 50.0, 20.0)


def test_paddleocr_without_model_dirs_explains_offline() -> None:
    with pytest.raises(ValueError, match="downloads its models by default and fails offline"):
        load_ocr(OcrConfig(backend="paddleocr"))
