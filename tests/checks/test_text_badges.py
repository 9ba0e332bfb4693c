"""Badges found by their text (checks.text_badges and the scene): no detector box needed."""

from __future__ import annotations

import pytest

from storecheck.checks.roster import parse_roster
from storecheck.checks.text_badges import badge_groups, lines_within, text_badges
from storecheck.vision.types import TextLine
from tests.checks.builders import finding_for, observe, person


def _card(x: float, y: float, *texts: str, line: float = 22, char: float = 20) -> list[TextLine]:
    """A badge's lines stacked from (x, y), each ``line`` px tall and ``char`` px a character."""
    return [TextLine(text, (x, y + i * (line + 4), x + char * len(text), y + i * (line + 4) + line), 0.95)
            for i, text in enumerate(texts)]


def test_lines_around_a_badge_word_are_one_badge_and_far_lines_are_not_in_it() -> None:
    card = _card(100, 100, "中国电信", "李娜", "工号：20231234")
    far = [TextLine("欢迎光临", (900, 600, 1000, 630), 0.95)]
    [group] = badge_groups(card + far)
    assert [line.text for line in group] == ["中国电信", "李娜", "工号：20231234"]


@pytest.mark.parametrize(("texts", "is_badge"), [
    (("中国电信",), False),  # a logo alone names nobody
    (("中国电信", "天翼5G"), False),
    (("中国电信", "李娜", "营业员"), True),
    (("工号：20231234",), True),
    (("实习生", "李娜"), True),
    (("孕妈妈",), True),
])
def test_a_group_is_a_badge_when_it_names_someone_or_holds_an_id_or_a_mark(texts: tuple[str, ...], is_badge: bool) -> None:
    assert bool(text_badges(_card(100, 100, *texts), ["营业员"])) is is_badge


def test_a_listed_id_or_name_anchors_a_badge_with_no_badge_word_read() -> None:
    lines = _card(100, 100, "李娜", "20231234")  # header and 工号 label unread
    assert text_badges(lines, ["营业员"]) == []
    roster = parse_roster("employee_id,name,role,pregnant\n20231234,李娜,intern,no\n")
    [(_box, _lines, parsed)] = text_badges(lines, ["营业员"], roster)
    assert (parsed.name, parsed.employee_id) == ("李娜", "20231234")


def test_lines_within_takes_what_is_centred_in_the_padded_box() -> None:
    inside, edge, outside = (TextLine("a", (10, 10, 50, 20), 0.9), TextLine("b", (95, 40, 112, 50), 0.9),
                             TextLine("c", (150, 150, 170, 160), 0.9))
    assert lines_within((0, 0, 100, 100), [inside, edge, outside]) == [inside, edge]
    assert lines_within((0, 0, 100, 100), [inside, edge, outside], pad=0.0) == [inside]


def test_a_text_badge_on_a_chest_makes_its_wearer_staff_with_a_badge() -> None:
    p = person(400, 100, w=300, h=600)
    lines = _card(480, 280, "中国电信", "张伟", "营业员")
    observation = observe(p, frame_texts=lines)
    assert finding_for("badge.worn", observation, zone="hall").message == "all 1 staff wear a badge"
    assert finding_for("badge.fields", observation, zone="hall").status == "pass"


def test_a_text_badge_lacking_fields_on_a_chest_is_a_fields_violation() -> None:
    p = person(400, 100, w=300, h=600)
    observation = observe(p, frame_texts=_card(460, 280, "中国电信", "工号：10086123", line=30))
    found = finding_for("badge.fields", observation, zone="hall")
    assert found.status == "violation", found


def test_a_listed_intern_read_on_a_loose_badge_is_a_violation() -> None:
    roster = parse_roster("employee_id,name,role,pregnant\n20231234,李娜,intern,no\n")
    observation = observe(frame_texts=_card(100, 100, "中国电信", "李娜", "工号：20231234"))
    found = finding_for("badge.intern", observation, zone="counter", roster=roster)
    assert found.status == "violation" and "李娜" in found.message
    marked = observe(frame_texts=_card(100, 100, "中国电信", "实习生", "李娜", "工号：20231234"))
    assert finding_for("badge.intern", marked, zone="counter", roster=roster).status == "pass"


def test_a_detected_badge_owns_the_frame_lines_on_it_so_they_make_no_second_badge() -> None:
    from tests.checks.builders import Obj

    p = person(400, 100, w=300, h=600)
    card = _card(470, 290, "中国电信", "张伟", "工号：10086123")
    badge = Obj("badge", (465, 285, 665, 370))
    observation = observe(p, badge, frame_texts=card)
    assert finding_for("badge.fields", observation, zone="hall").message == "1 badge: name and title or id on each"


def test_a_header_and_a_name_make_a_badge_only_where_someone_wears_it() -> None:
    card = _card(100, 100, "中国电信", "李娜")
    assert text_badges(card, ["营业员"]) == []  # a logo over a word, as on a wall
    assert text_badges(card, ["营业员"], on_chest=lambda _box: False) == []
    [(_box, _lines, parsed)] = text_badges(card, ["营业员"], on_chest=lambda _box: True)
    assert (parsed.name, parsed.title, parsed.employee_id) == ("李娜", None, None)


def test_a_badge_with_a_name_alone_on_a_chest_lacks_its_fields_and_on_a_wall_is_no_badge() -> None:
    worn = observe(person(400, 100, w=300, h=600), frame_texts=_card(480, 280, "中国电信", "张伟", line=30, char=30))
    found = finding_for("badge.fields", worn, zone="hall")
    assert (found.status, found.message) == (
        "violation", "1 of 1 readable badge lacks the name plus job title or employee id: '中国电信 张伟'")

    on_the_wall = observe(person(400, 100, w=300, h=600), frame_texts=_card(900, 60, "中国电信", "欢迎光临"))
    assert finding_for("badge.fields", on_the_wall, zone="hall").message == "no badge in view"


@pytest.mark.parametrize("texts", [
    ("用户信息保护", "欢迎光临中国电信"),  # a slogan: the header inside a longer line
    ("中国电信", "天翼宽带"),  # a word, not a name
])
def test_a_sign_behind_someone_is_not_a_badge_short_of_fields(texts: tuple[str, ...]) -> None:
    lines = _card(480, 280, *texts, line=30, char=30)
    assert text_badges(lines, ["营业员"], on_chest=lambda _box: True) == []


def test_a_header_and_a_name_behind_someones_head_are_not_their_badge() -> None:
    close_up = person(400, 0, w=500, h=900)
    behind_the_head = observe(close_up, frame_texts=_card(560, 20, "中国电信", "张伟", line=30, char=30))
    assert finding_for("badge.fields", behind_the_head, zone="hall").message == "no badge in view"
