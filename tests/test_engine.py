"""The engine end to end on real image files: shipped detector, real OCR, real rules.

Each image is drawn for the test (tests/scenes.py) and written as a JPEG, so the engine reads
real files through the same path as the CLI.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from datasets.render.badges import BadgeSpec
from storecheck.checks.roster import parse_roster
from storecheck.contract import RULE_IDS
from storecheck.engine import Engine
from storecheck.vision.image import ImageError
from tests import scenes


def finding(result, rule: str):
    return next(f for f in result.findings if f.rule == rule)


def analyze(engine: Engine, tmp_path: Path, image, name: str, **kwargs):
    path = scenes.save(image, tmp_path / f"{name}.jpg")
    return engine.analyze(path, **kwargs)


def test_intern_badge_is_read_and_parsed(engine: Engine, tmp_path: Path) -> None:
    spec = BadgeSpec(name="李娜", employee_id="20231234", title=None, intern=True)
    result = analyze(engine, tmp_path, scenes.staff_closeup(1, badge=spec), "intern", zone="counter")
    badged = [s for s in result.staff if s.badge is not None]
    assert badged, result.model_dump_json(indent=1)
    badge = badged[0].badge
    assert badge.intern is True
    assert badge.name == "李娜"
    assert badge.employee_id == "20231234"
    assert finding(result, "badge.intern").status == "pass"
    assert "李娜" in finding(result, "badge.intern").message


def test_pregnant_badge_is_recognised(engine: Engine, tmp_path: Path) -> None:
    spec = BadgeSpec(name="王芳", employee_id="10086123", title="营业员", intern=False)
    result = analyze(engine, tmp_path, scenes.staff_closeup(2, badge=spec, pregnant=True), "pregnant", zone="counter")
    assert any(s.badge and s.badge.pregnant for s in result.staff), result.model_dump_json(indent=1)
    assert finding(result, "badge.pregnant").status == "pass"


def test_roster_intern_without_the_word_is_a_violation(engine: Engine, tmp_path: Path) -> None:
    spec = BadgeSpec(name="李娜", employee_id="20231234", title="营业员", intern=False)
    roster = parse_roster("employee_id,name,role,pregnant\n20231234,李娜,intern,no\n")
    result = analyze(engine, tmp_path, scenes.staff_closeup(3, badge=spec), "roster", zone="counter", roster=roster)
    assert finding(result, "badge.intern").status == "violation"
    assert result.score < 100


@pytest.mark.parametrize(("text", "status"), [("星级专席", "pass"), ("业务受理", "violation")])
def test_star_desk_sign(engine: Engine, tmp_path: Path, text: str, status: str) -> None:
    result = analyze(engine, tmp_path, scenes.star_desk(4, text), f"desk-{status}", zone="star_desk")
    assert finding(result, "star_desk.sign").status == status, result.model_dump_json(indent=1)
    assert any(text in s.text for s in result.signs) or any(text in t.text for t in result.texts)


@pytest.mark.parametrize(("posters", "status"), [(5, "violation"), (2, "pass")])
def test_window_posters(engine: Engine, tmp_path: Path, posters: int, status: str) -> None:
    result = analyze(engine, tmp_path, scenes.shop_window(5, posters), f"window-{posters}", zone="window")
    assert result.posters.count == posters
    assert finding(result, "window.posters").status == status


def test_mop_in_the_hall_is_a_violation(engine: Engine, tmp_path: Path) -> None:
    result = analyze(engine, tmp_path, scenes.hall(6, tool="mop"), "mop", zone="hall")
    f = finding(result, "hall.no_cleaning_tools")
    assert f.status == "violation"
    assert f.evidence and f.deduction > 0
    assert result.score == 100 - sum(x.deduction for x in result.findings)


def test_clean_hall_passes(engine: Engine, tmp_path: Path) -> None:
    result = analyze(engine, tmp_path, scenes.hall(7, tool=None, customer=True), "clean", zone="hall")
    assert finding(result, "hall.no_cleaning_tools").status == "pass"


def test_staff_in_uniform_without_badge_fails_but_customer_does_not(engine: Engine, tmp_path: Path) -> None:
    staff = analyze(engine, tmp_path, scenes.staff_closeup(8, badge=None), "nobadge", zone="counter")
    assert finding(staff, "badge.worn").status == "violation", staff.model_dump_json(indent=1)
    customer = analyze(engine, tmp_path, scenes.staff_closeup(9, badge=None, uniform=False), "customer", zone="counter")
    assert finding(customer, "badge.worn").status != "violation", customer.model_dump_json(indent=1)


def test_someone_behind_the_counter_in_no_uniform_goes_to_review(engine: Engine, tmp_path: Path) -> None:
    """No badge, no uniform colour: on a counter camera their place makes them staff, but only
    enough for a reviewer to look; the same picture taken as a hall floor has no staff in it."""
    image = scenes.star_desk(11, "缴费专席", jacket=scenes.CASUAL_ORANGE, width=1920, height=1080)
    worn = finding(analyze(engine, tmp_path, image, "behind", zone="counter"), "badge.worn")
    assert worn.status == "indeterminate" and "behind the counter" in worn.message, worn
    assert finding(analyze(engine, tmp_path, image, "floor", zone="hall"), "badge.worn").status == "pass"


def test_every_rule_is_reported_once(engine: Engine, tmp_path: Path) -> None:
    result = analyze(engine, tmp_path, scenes.hall(10, tool=None), "rules", zone="window")
    assert [f.rule for f in result.findings] == list(RULE_IDS)
    assert {f.status for f in result.findings if f.rule.startswith("badge.")} == {"not_applicable"}
    assert result.models.detector.startswith("storecheck-det@sha256:")
    # Device verdicts depend on the screen scorer too: a result names the one that judged it.
    assert result.models.screens is not None and result.models.screens.startswith("storecheck-screens@sha256:")


@pytest.fixture(scope="module")
def blind_engine() -> Engine:
    """The engine with the detector's badge class switched off: a badge in a uniform, light or
    style the detector never saw, which only reading can find."""
    from storecheck.config import StorecheckConfig

    config = StorecheckConfig.model_validate({"vision": {"detector": {"class_confidence": {"badge": 1.0}}}})
    return Engine(config)


def test_a_badge_the_detector_misses_is_found_by_reading_it(blind_engine: Engine, tmp_path: Path) -> None:
    spec = BadgeSpec(name="李娜", employee_id="20231234", title="营业员", intern=False)
    result = analyze(blind_engine, tmp_path, scenes.staff_closeup(5, badge=spec), "unseen-badge", zone="counter")
    [staff] = result.staff
    assert staff.status == "badge", result.model_dump_json(indent=1)
    assert staff.badge is not None and staff.badge.name == "李娜" and staff.badge.employee_id == "20231234"
    assert finding(result, "badge.worn").status == "pass"
    assert "badge" not in {obj.label for obj in result.objects}  # found by its text alone


def test_a_telecom_logo_on_the_chest_is_not_a_badge(blind_engine: Engine, tmp_path: Path) -> None:
    """中国电信 alone (an embroidered logo, a header with nothing under it) names nobody."""
    logo = BadgeSpec(name="", employee_id=None, title=None, intern=False)
    result = analyze(blind_engine, tmp_path, scenes.staff_closeup(5, badge=logo), "logo", zone="counter")
    [staff] = result.staff
    assert staff.status == "no_badge", result.model_dump_json(indent=1)
    assert finding(result, "badge.worn").status == "violation"


def test_a_pregnant_staff_members_separate_card_is_read_before_accusing(engine: Engine) -> None:
    """Generated scene (bench.accuracy seed 77, image 24): a pregnant guide at the counter wears
    her 孕妈妈 pin beside a motion-blurred 工号牌. The roster says she is pregnant; she must not be
    reported as not wearing it, whether the detector finds the pin or the chest read does. (The
    stage-3 detector missed the pin in this scene's earlier render and only the chest read found
    it; the stage-4 detector finds it, so the read path is no longer what this test exercises.)"""
    import numpy as np

    from bench.accuracy import truth_verdicts
    from datasets.scene import make_scene

    rng = np.random.default_rng([77, 3, 24])
    scene = make_scene(rng, "counter", "close", 1920, 1080)
    truth, roster = truth_verdicts(scene.truth, rng)
    # The bench calls her badge too small to prove a word absent (unprovable), but she is listed
    # pregnant, wears the pin, and nothing in the scene says otherwise: never a violation.
    assert truth["badge.pregnant"] != "violation" and [s["pregnant"] for s in scene.truth["staff"]] == [True]
    assert roster is not None and any(entry.pregnant for entry in roster.entries)
    result = engine.run(scene.image, name="pin", zone="counter", roster=roster).result
    pregnant = finding(result, "badge.pregnant")
    assert pregnant.status == "pass", pregnant.message
    [staff] = [s for s in result.staff if s.badge]
    assert staff.badge is not None and staff.badge.pregnant


@pytest.mark.parametrize("size", [(1, 1), (20, 640)])
def test_a_frame_too_small_to_judge_is_refused_not_passed(engine: Engine, size: tuple[int, int]) -> None:
    """A camera's broken 1x1 frame or a thumbnail strip holds nobody to judge: an empty result
    would pass every rule and lift the store's score, so it is an error a person can read."""
    with pytest.raises(ImageError, match=rf"image is {size[1]}x{size[0]}, under the 32 px smallest side"):
        engine.run(np.zeros((*size, 3), np.uint8), name="thumb", zone="counter")
