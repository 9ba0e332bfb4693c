"""staff.uniform on hand-built observations: torso colours as the engine measures them (OpenCV
HSV). The real-engine tests on rendered staff are in tests/test_device_rules.py."""

import pytest

from storecheck.checks.rules.staff_uniform import difference, hsv_to_lab

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
