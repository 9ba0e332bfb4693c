"""badge.pregnant and badge.intern, with and without a roster."""

import pytest

from storecheck.checks import parse_roster

from ..builders import NAVY, badge_on, finding_for, observe, person

ROSTER = parse_roster(
    """employee_id,name,role,pregnant
10086123,张伟,staff,no
20231234,李娜,intern,no
10086200,王芳,staff,yes
"""
)


def hall_with(*badges: list[str]):  # type: ignore[no-untyped-def]
    objects = []
    for i, texts in enumerate(badges):
        someone = person(50 + 300 * i, torso=NAVY)
        objects += [someone, badge_on(someone, texts)]
    return observe(*objects)


def test_without_roster_reports_who_was_recognised() -> None:
    scene = hall_with(["实习生 李娜 工号 20231234"], ["张伟", "营业员"])
    intern = finding_for("badge.intern", scene, zone="hall")
    pregnant = finding_for("badge.pregnant", scene, zone="hall")
    assert (intern.status, intern.message) == (
        "pass",
        "实习生: 李娜 (20231234) (no roster to check against)",
    )
    assert (pregnant.status, pregnant.message) == (
        "pass",
        "孕妈妈: none seen (no roster to check against)",
    )


@pytest.mark.parametrize(
    ("rule", "badge", "status", "message"),
    [
        (
            "badge.intern",
            ["实习生 李娜 工号 20231234"],
            "pass",
            "实习生: 李娜 (20231234); matches the roster",
        ),
        (
            "badge.intern",
            ["李娜 工号 20231234"],
            "violation",
            "李娜 (20231234): intern per the roster, badge lacks 实习生",
        ),
        (
            "badge.intern",
            ["李娜", "营业员"],
            "violation",
            "李娜: intern per the roster, badge lacks 实习生",
        ),  # by name
        (
            "badge.intern",
            ["实习生", "张伟"],
            "warning",
            "张伟: badge reads 实习生 but the roster does not list them as intern",
        ),
        (
            "badge.pregnant",
            ["王芳", "营业员"],
            "violation",
            "王芳: pregnant per the roster, badge lacks 孕妈妈",
        ),
        ("badge.pregnant", ["王芳 孕妈妈"], "pass", "孕妈妈: 王芳; matches the roster"),
        (
            "badge.pregnant",
            ["孕妈妈", "张伟"],
            "pass",
            "孕妈妈: 张伟; matches the roster",
        ),  # roster may lag: no query
        (
            "badge.intern",
            ["陈静", "营业员"],
            "pass",
            "实习生: none seen; matches the roster; 1 badge not matched to the roster",
        ),
    ],
)
def test_roster_cross_check(rule: str, badge: list[str], status: str, message: str) -> None:
    found = finding_for(rule, hall_with(badge), zone="counter", roster=ROSTER)
    assert (found.status, found.message) == (status, message)
    assert (found.deduction == 1.0) is (status == "violation")


def test_pregnant_mark_on_a_separate_chest_badge_counts() -> None:
    from ..builders import Obj

    someone = person(100, h=500, torso=NAVY)
    scene = observe(
        someone,
        badge_on(someone, ["王芳", "营业员"]),
        Obj("badge", (150, 360, 270, 400), texts=["孕妈妈"]),
    )
    assert finding_for("badge.pregnant", scene, zone="hall", roster=ROSTER).status == "pass"


def test_a_misread_id_does_not_flag_someone_else() -> None:
    # 20231234 misread as 10086123 (张伟's id) on 李娜's badge without 实习生: the name disagrees,
    # so the name decides and 李娜 is found; the id alone would have matched 张伟.
    found = finding_for(
        "badge.intern", hall_with(["李娜 工号 10086123"]), zone="hall", roster=ROSTER
    )
    assert found.status == "violation" and found.message.startswith("李娜 (10086123)")


def test_a_loose_pregnant_card_beside_a_named_badge_counts() -> None:
    """A close-up cut at the chest: no person detected, two badges side by side."""
    from ..builders import Obj

    scene = observe(
        Obj("badge", (600, 300, 700, 360), texts=["王芳", "营业员"]),
        Obj("badge", (480, 180, 580, 240), texts=["孕妈妈"]),  # 1.7 badge widths away
    )
    found = finding_for("badge.pregnant", scene, zone="counter", roster=ROSTER)
    assert (found.status, found.message) == ("pass", "孕妈妈: 王芳; matches the roster")


def test_a_pregnant_card_across_the_room_is_someone_else_s() -> None:
    from ..builders import Obj

    scene = observe(
        Obj("badge", (600, 300, 700, 360), texts=["王芳", "营业员"]),
        Obj("badge", (100, 300, 200, 360), texts=["孕妈妈"]),  # five badge widths away
    )
    found = finding_for("badge.pregnant", scene, zone="counter", roster=ROSTER)
    assert found.status == "violation"
    assert found.message.startswith("王芳: pregnant per the roster, badge lacks 孕妈妈")


@pytest.mark.parametrize(
    ("rule", "texts", "width", "status", "message"),
    [
        (  # a close-up badge blurred past reading: it may be 李娜's
            "badge.intern", ["中国电信"], 140, "indeterminate",
            "1 badge large enough to read gave no name or id; 李娜 (intern per the roster) not seen: it may be theirs",
        ),
        (
            "badge.pregnant", [], 160, "indeterminate",
            "1 badge large enough to read gave no name or id; 王芳 (pregnant per the roster) not seen: it may be theirs",
        ),
        (  # too small to read at all: nobody expects a name from it
            "badge.intern", [], 60, "pass", "实习生: none seen; matches the roster; 1 badge not matched to the roster",
        ),
    ],
)
def test_a_readable_size_badge_that_names_nobody_may_be_the_marked_person_s(
    rule: str, texts: list[str], width: float, status: str, message: str
) -> None:
    someone = person(100, torso=NAVY)
    scene = observe(someone, badge_on(someone, texts, width=width))
    found = finding_for(rule, scene, zone="counter", roster=ROSTER)
    assert (found.status, found.message, found.deduction) == (status, message, 0.0)


def test_once_the_marked_person_is_seen_a_blurred_badge_is_someone_else_s() -> None:
    li_na, other = person(50, torso=NAVY), person(400, torso=NAVY)
    scene = observe(li_na, badge_on(li_na, ["实习生 李娜 工号 20231234"]), other, badge_on(other, []))
    found = finding_for("badge.intern", scene, zone="counter", roster=ROSTER)
    assert found.status == "pass"
