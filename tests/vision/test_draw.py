"""annotate: a real picture with boxes and Chinese captions drawn on it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from storecheck.contract import AnalysisResult
from storecheck.vision.draw import annotate, find_font

RESULT = {
    "image": "hall-cam1.jpg", "width": 640, "height": 360, "zone": "hall", "store_type": "hall_1_3",
    "objects": [{"label": "mop", "box": [500, 200, 540, 340], "score": 0.8}],
    "texts": [{"text": "星级专席", "box": [300, 20, 420, 50], "score": 0.97}],
    "staff": [
        {"box": [50, 60, 150, 340], "status": "badge",
         "badge": {"box": [90, 120, 110, 140], "text": "张伟 营业员", "name": "张伟", "title": "营业员"}},
        {"box": [200, 60, 300, 340], "status": "no_badge", "badge": None},
        {"box": [350, 100, 380, 180], "status": "indeterminate", "badge": None},
    ],
    "signs": [], "posters": {"count": 0, "boxes": []},
    "findings": [
        {"rule": "hall.no_cleaning_tools", "status": "violation", "message": "大厅内有拖把",
         "evidence": [[500, 200, 540, 340]], "deduction": 2.0},
        {"rule": "badge.worn", "status": "violation", "message": "1 人未佩戴工牌",
         "evidence": [[200, 60, 300, 340]], "deduction": 2.0},
        {"rule": "window.posters", "status": "not_applicable", "message": "", "evidence": []},
    ],
    "score": 96.0,
    "models": {"detector": "storecheck-det@sha256:000000000000", "ocr": "rapidocr", "rules": "1"},
}


@pytest.fixture
def frame() -> np.ndarray:
    return np.full((360, 640, 3), 200, np.uint8)


def _colour_at(img: np.ndarray, x: int, y: int) -> tuple[int, int, int]:
    b, g, r = (int(v) for v in img[y, x])
    return (r, g, b)


@pytest.mark.usefixtures("cjk_font")  # skips, naming the Debian packages, without a CJK font
def test_annotate_draws_status_colours_and_leaves_input_alone(frame: np.ndarray) -> None:
    before = frame.copy()
    out = annotate(frame, RESULT)
    np.testing.assert_array_equal(frame, before)
    assert out.shape == frame.shape and out.dtype == np.uint8
    r, g, b = _colour_at(out, 50, 200)      # staff with badge: left edge green
    assert g > 150 and r < 60
    r, g, b = _colour_at(out, 200, 200)     # no badge (also a finding's evidence): red
    assert r > 200 and g < 60
    r, g, b = _colour_at(out, 350, 150)     # indeterminate: amber
    assert r > 200 and 120 < g < 200 and b < 40


@pytest.mark.usefixtures("cjk_font")
def test_annotate_accepts_the_pydantic_result(frame: np.ndarray) -> None:
    out_model = annotate(frame, AnalysisResult.model_validate(RESULT))
    np.testing.assert_array_equal(out_model, annotate(frame, RESULT))


def test_configured_font_must_exist(frame: np.ndarray, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="configured font not found"):
        annotate(frame, RESULT, font_path=tmp_path / "none.ttf")


def test_missing_fonts_name_the_debian_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storecheck.vision.draw.CJK_FONTS", (("/nonexistent/font.ttc", 0),))
    with pytest.raises(FileNotFoundError, match="fonts-noto-cjk.*fonts-wqy-microhei"):
        find_font()
