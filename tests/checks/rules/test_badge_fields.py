import pytest

from ..builders import NAVY, Obj, badge_on, finding_for, observe, person


@pytest.mark.parametrize(
    ("texts", "width", "status"),
    [
        (["中国电信", "张伟", "工号：10086123", "营业员"], 180, "pass"),
        (["张伟", "营业员"], 140, "pass"),  # name + title
        (["张伟", "工号10086123"], 140, "pass"),  # name + id
        (["张伟"], 140, "violation"),  # name only
        (["中国电信", "营业员"], 140, "violation"),  # no name
        (["张"], 90, "indeterminate"),  # too narrow to read: never guessed
        (["张伟"], 90, "indeterminate"),  # narrow: the title may be there, unread
        (["张伟", "营业员"], 90, "pass"),  # narrow, yet read whole: OCR does not invent fields
        (["张伟", "工号10086123"], 90, "pass"),
        ([], 140, "indeterminate"),  # wide enough, but nothing read
    ],
)
def test_badge_fields(texts: list[str], width: float, status: str) -> None:
    someone = person(100, torso=NAVY)
    fields = finding_for(
        "badge.fields", observe(someone, badge_on(someone, texts, width=width)), zone="counter"
    )
    assert fields.status == status
    assert (fields.deduction > 0) is (status == "violation")


def test_a_narrow_badge_does_not_lower_the_score() -> None:
    from storecheck.checks import CheckContext, evaluate

    someone = person(100, torso=NAVY)
    result = evaluate(
        observe(someone, badge_on(someone, ["张"], width=80)), CheckContext(zone="counter")
    )
    fields = next(f for f in result.findings if f.rule == "badge.fields")
    assert fields.status == "indeterminate"
    assert (
        fields.message
        == "0 of 1 badge show name and title or id; 1 badge too small to read (under 120 px wide)"
    )
    assert result.score == 100.0


def test_violation_quotes_what_the_badge_says() -> None:
    someone = person(100, torso=NAVY)
    fields = finding_for("badge.fields", observe(someone, badge_on(someone, ["张伟"])), zone="hall")
    assert (
        fields.message
        == "1 of 1 readable badge lacks the name plus job title or employee id: '张伟'"
    )
    assert fields.deduction == 1.0


def test_no_badge_in_view_passes() -> None:
    assert finding_for("badge.fields", observe(), zone="hall").message == "no badge in view"


def test_the_separate_pregnancy_card_is_not_a_badge_lacking_fields() -> None:
    someone = person(100, torso=NAVY)
    badge = badge_on(someone, ["张伟", "营业员"])
    pin = Obj("badge", (badge.box[0], badge.box[3] + 5, badge.box[2], badge.box[3] + 90), texts=["孕妈妈"])
    fields = finding_for("badge.fields", observe(someone, badge, pin), zone="counter")
    assert fields.status == "pass", fields.message


def test_a_badge_on_nobody_lacking_fields_is_not_a_violation() -> None:
    """A desk sign reading 专席 taken for a badge must not cost the hall a point."""
    someone = person(100, torso=NAVY)
    worn = badge_on(someone, ["张伟", "营业员"])
    sign = Obj("badge", (600, 500, 860, 600), texts=["专席"])
    fields = finding_for("badge.fields", observe(someone, worn, sign), zone="counter")
    assert fields.status == "indeterminate"
    assert fields.deduction == 0
    assert "1 badge on nobody in view, not judged" in fields.message
