"""The frame pass reads text at ``ocr.frame_limit_side_len``; where it sees a badge too small,
the engine reads again: the chest of a wide person in everyday clothes (a badge is what makes
them staff), and the card around a part the frame pass did read. A real photograph (bus.jpg,
bundled in ultralytics) with a rendered badge on the man at the left, who wears no uniform
colour; the frame pass is made coarser than the default to put the badge past its reach."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from datasets.render.badges import BadgeSpec
from storecheck.config import StorecheckConfig
from storecheck.engine import Engine
from storecheck.vision.config import OcrConfig
from storecheck.vision.ocr.base import load_ocr
from tests.test_text_first import _paste

BADGE = BadgeSpec("李娜", "20231234", "营业员", False)


@pytest.fixture(scope="module")
def bus_photo() -> np.ndarray:
    """bus.jpg at twice its size (1620x2160)."""
    ultralytics = pytest.importorskip("ultralytics", reason="its bundled bus.jpg is the test photo")
    from storecheck.vision.image import load_image

    bus = load_image(Path(ultralytics.__file__).parent / "assets" / "bus.jpg")
    return cv2.resize(bus, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def _coarse(limit: int) -> Engine:
    return Engine(StorecheckConfig.model_validate({"vision": {"ocr": {"frame_limit_side_len": limit, "frame_min_scale": 0.1}}}))


def _frame_pass(engine: Engine, image: np.ndarray) -> list[str]:
    return [line.text for line in engine.ocr.read_frame(image) if line.box[1] > 1000 and line.box[0] < 450]


def test_a_badge_the_frame_pass_cannot_see_is_read_on_the_chest_of_someone_in_everyday_clothes(
        bus_photo: np.ndarray) -> None:
    photo = bus_photo.copy()
    _paste(photo, BADGE, 180, 1060, 200)
    engine = _coarse(320)
    assert _frame_pass(engine, photo) == []

    result = engine.analyze(photo, zone="hall")
    [wearer] = [member for member in result.staff if member.badge is not None]
    assert (wearer.badge.name, wearer.badge.employee_id, wearer.cues) == ("李娜", "20231234", ["badge"])
    assert engine.stats["chest_reread_hits"] == 1


def test_a_card_the_frame_pass_read_only_the_header_of_is_read_again_whole(bus_photo: np.ndarray) -> None:
    photo = bus_photo.copy()
    _paste(photo, BADGE, 180, 1060, 180)
    engine = _coarse(800)
    assert _frame_pass(engine, photo) == ["中国电信"]

    result = engine.analyze(photo, zone="hall")
    [badge] = result.badges
    assert (badge.name, badge.employee_id, badge.title, badge.worn) == ("李娜", "20231234", "营业员", True)
    assert next(f for f in result.findings if f.rule == "badge.fields").status == "pass"
    assert engine.stats["text_badge_reread"] == 1


def test_a_frame_over_twice_the_limit_is_read_at_half_size_at_least(bus_photo: np.ndarray) -> None:
    photo = cv2.resize(bus_photo, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)  # 2430x3240
    _paste(photo, BADGE, 270, 1590, 240)
    read = [line.text for line in load_ocr(OcrConfig()).read_frame(photo)]
    assert {"中国电信", "李娜", "工号：20231234"} <= set(read)
    shrunk_to_the_limit = load_ocr(OcrConfig(frame_min_scale=0.1))  # 960 px: under a third
    assert "李娜" not in [line.text for line in shrunk_to_the_limit.read_frame(photo)]
