"""staff.uniform on hand-built observations: torso colours as the engine measures them (OpenCV
HSV), and the uniform each result carries for the store's view. The real-engine tests on
rendered staff are in tests/test_device_rules.py."""

from typing import Any

import pytest

from storecheck.checks import CheckContext, evaluate
from storecheck.checks.rules.staff_uniform import Lab, difference, hsv_to_lab
from storecheck.contract import Uniform
from storecheck.vision.types import Observation

from ..builders import NAVY, Obj, badge_on, finding_for, observe, person

ORANGE = (12, 200, 220)
BLACK = (0, 20, 40)
NAVY_IN_SHADE = (114, 140, 45)  # the same suit further from the light


def staff(x: float, torso: tuple[int, int, int], *lines: str) -> list[Obj]:
    p = person(x, torso=torso)
    return [p, badge_on(p, lines or ("中国电信", f"工号{int(x):05d}", "营业员"))]


def test_three_staff_in_one_suit_pass() -> None:
    found = finding_for("staff.uniform", observe(*staff(50, NAVY), *staff(400, NAVY_IN_SHADE), *staff(750, NAVY)),
                        zone="counter")
    assert found.status == "pass", found.message


def test_the_one_in_an_orange_jacket_is_named() -> None:
    found = finding_for("staff.uniform", observe(*staff(50, NAVY), *staff(400, ORANGE, "王芳", "营业员"),
                                                 *staff(750, NAVY)), zone="hall")
    assert found.status == "violation" and found.deduction == 2.0
    assert "王芳" in found.message and len(found.evidence) == 1, found.message


def test_an_unnamed_odd_one_is_named_by_position() -> None:
    found = finding_for("staff.uniform", observe(*staff(50, NAVY), *staff(400, NAVY), *staff(1000, BLACK, "中国电信")),
                        zone="hall")
    assert found.status == "violation" and "at the right" in found.message, found.message


def test_a_pregnant_staff_member_in_her_own_clothes_does_not_count() -> None:
    found = finding_for("staff.uniform", observe(*staff(50, NAVY), *staff(400, ORANGE, "李娜", "营业员", "孕妈妈"),
                                                 *staff(750, NAVY)), zone="counter")
    assert found.status == "pass" and "孕妈妈 exempt" in found.message, found.message


def test_two_staff_in_different_clothes_are_both_named() -> None:
    found = finding_for("staff.uniform", observe(*staff(50, NAVY, "张伟", "营业员"), *staff(600, ORANGE, "王芳", "店长")),
                        zone="hall")
    assert found.status == "violation" and "张伟" in found.message and "王芳" in found.message
    assert found.deduction == 2.0  # whose clothes are the uniform is unknown: one mismatch


def test_people_taken_for_staff_only_by_their_clothes_are_not_compared_on_them() -> None:
    # A navy suit and a telecom-blue jacket, no badge, on the hall floor: both are staff only by
    # their colour (badge.worn judges them), but the colour that made them staff cannot prove
    # them out of uniform (two customers on a real photograph were once so accused).
    telecom_blue = (110, 200, 200)
    people = observe(person(50, torso=NAVY), person(600, torso=telecom_blue))
    found = finding_for("staff.uniform", people, zone="hall")
    assert found.status == "indeterminate" and "0 staff members to compare" in found.message, found.message
    assert finding_for("badge.worn", people, zone="hall").status == "violation"
    badged = observe(*staff(50, NAVY, "张伟", "营业员"), *staff(600, telecom_blue, "王芳", "店长"))
    assert finding_for("staff.uniform", badged, zone="hall").status == "violation"


@pytest.mark.parametrize("others", [0, 1])
def test_fewer_than_two_staff_is_indeterminate(others: int) -> None:
    objects = [obj for i in range(others) for obj in staff(50 + 400 * i, NAVY)]
    assert finding_for("staff.uniform", observe(*objects), zone="hall").status == "indeterminate"


def test_community_halls_and_other_zones_are_not_asked() -> None:
    objects = observe(*staff(50, NAVY), *staff(400, ORANGE))
    assert finding_for("staff.uniform", objects, zone="hall", store_type="community").status == "not_applicable"
    assert finding_for("staff.uniform", objects, zone="window").status == "not_applicable"


def test_lightness_counts_half() -> None:
    assert difference((50.0, 0.0, 0.0), (70.0, 0.0, 0.0)) == 10.0  # the same cloth, lit unevenly
    assert difference((50.0, 0.0, 0.0), (50.0, 20.0, 0.0)) == 20.0
    assert difference(hsv_to_lab(NAVY), hsv_to_lab(ORANGE)) > 40


def uniform_of(observation: Observation, **context: Any) -> Uniform | None:
    return evaluate(observation, CheckContext(**context)).uniform


def lab_of(uniform: Uniform) -> Lab:
    return (uniform.lab[0], uniform.lab[1], uniform.lab[2])


def test_one_staff_member_is_indeterminate_but_still_gives_the_uniform_seen() -> None:
    observation = observe(*staff(50, NAVY))
    assert finding_for("staff.uniform", observation, zone="hall").status == "indeterminate"
    uniform = uniform_of(observation, zone="hall")
    assert uniform is not None and uniform.staff == 1
    assert difference(lab_of(uniform), hsv_to_lab(NAVY)) < 0.1


def test_the_uniform_seen_is_the_majority_and_leaves_out_the_odd_one_and_the_pregnant() -> None:
    observation = observe(*staff(50, NAVY), *staff(350, ORANGE), *staff(650, NAVY_IN_SHADE),
                          *staff(950, ORANGE, "李娜", "营业员", "孕妈妈"))
    uniform = uniform_of(observation, zone="counter")
    assert uniform is not None and uniform.staff == 2
    assert difference(lab_of(uniform), hsv_to_lab(NAVY)) < 14


def test_no_uniform_seen_without_a_majority_or_where_the_rule_does_not_apply() -> None:
    two_colours = observe(*staff(50, NAVY, "张伟", "营业员"), *staff(600, ORANGE, "王芳", "店长"))
    assert uniform_of(two_colours, zone="hall") is None
    one = observe(*staff(50, NAVY))
    assert uniform_of(one, zone="hall", store_type="community") is None
    assert uniform_of(one, zone="window") is None
    assert uniform_of(observe(), zone="hall") is None
