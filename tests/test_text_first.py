"""Text first: every frame's text is read, and a badge is a badge by what it says, boxed by the
detector or not. Real photographs (bundled in our dependencies) with a rendered badge pasted on:
pictures the detector never trained on, as a store's own camera is."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from datasets.render.badges import BadgeSpec, draw_badge
from storecheck.checks import geometry
from storecheck.checks.roster import parse_roster
from storecheck.config import StorecheckConfig
from storecheck.engine import Engine


def _photo(name: str) -> np.ndarray:
    import matplotlib
    import skimage

    paths = {"grace_hopper.jpg": Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg",
             "brick.png": Path(skimage.__file__).parent / "data" / "brick.png"}
    image = cv2.imread(str(paths[name]), cv2.IMREAD_COLOR)
    assert image is not None, paths[name]
    return image


def _paste(image: np.ndarray, spec: BadgeSpec, x: int, y: int, width: int, seed: int = 3) -> tuple[int, int, int, int]:
    badge = draw_badge(spec, width, np.random.default_rng(seed))
    h, w = badge.shape[:2]
    alpha = badge[..., 3:4] / 255.0
    image[y:y + h, x:x + w] = (badge[..., :3] * alpha + image[y:y + h, x:x + w] * (1 - alpha)).astype(np.uint8)
    return (x, y, x + w, y + h)


def _jpeg(image: np.ndarray, path: Path) -> Path:
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    return path


@pytest.fixture(scope="module")
def badge_blind_engine() -> Engine:
    """The engine with the detector's badge class switched off: whatever badge it finds, it
    found by reading."""
    return Engine(StorecheckConfig.model_validate({"vision": {"detector": {"class_confidence": {"badge": 1.0}}}}))


def test_a_badge_on_a_real_photograph_is_read_from_the_frame_without_a_badge_box(
        badge_blind_engine: Engine, tmp_path: Path) -> None:
    photo = cv2.resize(_photo("grace_hopper.jpg"), None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    where = _paste(photo, BadgeSpec("李娜", "20231234", "营业员", False), 330, 860, 230)
    result = badge_blind_engine.analyze(_jpeg(photo, tmp_path / "hopper.jpg"), zone="counter")

    assert "badge" not in {obj.label for obj in result.objects}
    [badge] = [b for b in result.badges if geometry.contains_point(where, geometry.centre(tuple(b.box)))]
    assert (badge.name, badge.employee_id, badge.title, badge.source) == ("李娜", "20231234", "营业员", "text")
    read = "".join(text.text for text in result.texts)
    assert "李娜" in read and "20231234" in read
    # Worn by the person in the photograph when the detector finds her: she is then staff by it.
    for member in result.staff:
        if member.badge is not None:
            assert member.badge.name == "李娜" and "badge" in member.cues


@pytest.mark.parametrize("which", ["engine", "badge_blind_engine"])
def test_a_listed_intern_whose_badge_lacks_the_word_is_a_violation_with_no_person_in_view(
        which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    engine: Engine = request.getfixturevalue(which)
    wall = cv2.resize(_photo("brick.png"), (1280, 960), interpolation=cv2.INTER_CUBIC)
    where = _paste(wall, BadgeSpec("李娜", "20231234", None, False), 520, 400, 240)
    roster = parse_roster("employee_id,name,role,pregnant\n20231234,李娜,intern,no\n10086123,王芳,staff,yes\n")
    result = engine.analyze(_jpeg(wall, tmp_path / "wall.jpg"), zone="counter", roster=roster)

    persons = [obj.box for obj in result.objects if obj.label == "person" and obj.score >= 0.4]
    assert not any(geometry.contains_point(tuple(p), geometry.centre(where)) for p in persons)
    intern = next(f for f in result.findings if f.rule == "badge.intern")
    assert intern.status == "violation", intern
    assert "李娜" in intern.message
    assert next(f for f in result.findings if f.rule == "badge.pregnant").status == "pass"


def test_every_line_read_is_in_texts_once(engine: Engine, tmp_path: Path) -> None:
    wall = cv2.resize(_photo("brick.png"), (1280, 960), interpolation=cv2.INTER_CUBIC)
    _paste(wall, BadgeSpec("张伟", "10086123", "店长", False), 200, 300, 240)
    _paste(wall, BadgeSpec("王芳", None, "营业员", True), 800, 500, 240, seed=4)
    result = engine.analyze(_jpeg(wall, tmp_path / "two.jpg"), zone="hall")
    read = [text.text for text in result.texts]
    assert len(read) == len({(t.text, tuple(t.box)) for t in result.texts})
    joined = "".join(read)
    for word in ("张伟", "10086123", "店长", "王芳", "实习生", "营业员"):
        assert word in joined, read
    assert {(b.name, b.intern) for b in result.badges} >= {("张伟", False), ("王芳", True)}
