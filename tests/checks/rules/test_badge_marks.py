"""badge.pregnant and badge.intern, with and without a roster."""

import pytest

from storecheck.checks import parse_roster

from ..builders import NAVY, RED_COAT, badge_on, finding_for, observe, person

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


def _name_line(text: str, box: tuple[float, float, float, float]):  # type: ignore[no-untyped-def]
    from storecheck.vision.types import TextLine

    return TextLine(text, box, 0.95)


def test_a_listed_name_read_on_a_chest_is_checked_without_a_recognised_badge() -> None:
    """A card of another design: no badge boxed, no header or title read, only 王芳's name,
    on the chest of someone in everyday clothes."""
    someone = person(100, torso=RED_COAT)
    scene = observe(someone, frame_texts=[_name_line("王芳", (150, 280, 210, 300))])
    found = finding_for("badge.pregnant", scene, zone="hall", roster=ROSTER)
    assert (found.status, found.message) == ("violation", "王芳 (10086200): pregnant per the roster, badge lacks 孕妈妈")
    assert found.evidence and found.deduction == 1.0


def test_a_listed_name_on_no_one_s_chest_is_for_review() -> None:
    """王芳's name on the wall (a staff board, a name plate): it proves no badge."""
    scene = observe(person(100, torso=RED_COAT), frame_texts=[_name_line("王芳", (900, 80, 960, 100))])
    found = finding_for("badge.pregnant", scene, zone="hall", roster=ROSTER)
    assert found.status == "indeterminate" and found.deduction == 0.0
    assert found.message.startswith("王芳 (pregnant per the roster): name read without 孕妈妈 nearby")


def test_a_listed_name_inside_a_longer_text_names_nobody() -> None:
    scene = observe(person(100, torso=RED_COAT), frame_texts=[_name_line("王芳华诚信服务承诺书", (900, 80, 1100, 100))])
    assert finding_for("badge.pregnant", scene, zone="hall", roster=ROSTER).status == "pass"


def test_a_listed_id_on_a_badge_whose_name_disagrees_is_left_to_that_badge() -> None:
    """李娜's badge read with 实习生 garbled and the name misread: its id alone does not make it
    hers (a misread id would accuse someone else), as when the badge itself is matched."""
    someone = person(100, torso=NAVY)
    card = badge_on(someone, ["实学", "酒娜", "工号：20231234"])
    scene = observe(someone, card, frame_texts=[_name_line("工号：20231234", (card.box[0], card.box[3] - 20, card.box[2], card.box[3]))])
    assert finding_for("badge.intern", scene, zone="hall", roster=ROSTER).status == "pass"


def test_a_badge_whose_parsed_name_matches_nobody_is_found_by_the_listed_name_in_it() -> None:
    """李娜 run into a misread title (智家工程师 read 四家工程师): the parsed name 李娜四家 matches
    nobody, but the badge's text holds the listed name."""
    someone = person(100, torso=NAVY)
    scene = observe(someone, badge_on(someone, ["中国电信", "李娜四家工程师"]))
    found = finding_for("badge.intern", scene, zone="hall", roster=ROSTER)
    assert (found.status, found.message) == ("violation", "李娜: intern per the roster, badge lacks 实习生")
