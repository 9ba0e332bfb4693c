"""Real people: the person detector (trained on real photographs) finds those our detector, which
learned people from drawn halls, does not box, and the checks judge them as anyone else."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from datasets.render.badges import BadgeSpec
from storecheck.checks import geometry
from storecheck.config import StorecheckConfig
from storecheck.engine import Engine
from tests.test_text_first import _paste


@pytest.fixture(scope="module")
def without_person_detector() -> Engine:
    return Engine(StorecheckConfig.model_validate({"vision": {"person_detector": {"enabled": False}}}))


@pytest.fixture(scope="module")
def badged_street_photo(request: pytest.FixtureRequest) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """bus.jpg at twice its size with a rendered 工号牌 on the chest of the man at the left."""
    bus = request.getfixturevalue("bus_image")
    photo = cv2.resize(bus, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    where = _paste(photo, BadgeSpec("李娜", "20231234", "营业员", False), 180, 1060, 200)
    return photo, where


@pytest.fixture(scope="module")
def bus_image() -> np.ndarray:
    ultralytics = pytest.importorskip("ultralytics", reason="its bundled bus.jpg is the test photo")
    from pathlib import Path

    from storecheck.vision.image import load_image

    return load_image(Path(ultralytics.__file__).parent / "assets" / "bus.jpg")


def test_a_badge_on_a_real_person_our_detector_misses_is_worn_by_them(
        engine: Engine, badged_street_photo: tuple[np.ndarray, tuple[int, int, int, int]]) -> None:
    photo, where = badged_street_photo
    result = engine.analyze(photo, zone="hall")

    assert result.models.person_detector and result.models.person_detector.startswith("people-ssdlite@sha256:")
    [wearer] = [member for member in result.staff if member.badge is not None]
    assert (wearer.status, wearer.badge.name, wearer.badge.employee_id) == ("badge", "李娜", "20231234")
    assert geometry.contains_point(tuple(wearer.box), geometry.centre(where))
    [found_by] = [obj.source for obj in result.objects if obj.label == "person" and obj.box == wearer.box]
    assert found_by == "people_detector"
    [badge] = result.badges
    assert badge.worn


def test_without_the_person_detector_the_same_badge_is_nobodys(
        without_person_detector: Engine, badged_street_photo: tuple[np.ndarray, tuple[int, int, int, int]]) -> None:
    photo, _ = badged_street_photo
    result = without_person_detector.analyze(photo, zone="hall")

    assert result.models.person_detector is None
    assert not any(obj.label == "person" and obj.score >= 0.4 for obj in result.objects)
    assert [(b.name, b.worn) for b in result.badges] == [("李娜", False)]


def test_it_runs_only_where_people_are_judged(
        engine: Engine, badged_street_photo: tuple[np.ndarray, tuple[int, int, int, int]]) -> None:
    photo, _ = badged_street_photo
    result = engine.analyze(photo, zone="window")  # posters: nobody's badge is checked here
    assert not any(obj.source == "people_detector" for obj in result.objects)
