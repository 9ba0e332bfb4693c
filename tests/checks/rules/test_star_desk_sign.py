import pytest

from storecheck.vision.types import TextLine

from ..builders import Obj, finding_for, observe


@pytest.mark.parametrize(
    ("kind", "texts", "status"),
    [
        ("desk_sign", ["星级专席"], "pass"),
        ("hanging_sign", ["星級專席"], "pass"),  # traditional
        ("led_sign", ["欢迎光临 星级服务专区"], "pass"),
        ("desk_sign", ["星级服务专", "区"], "pass"),  # OCR split the sign in two
        ("desk_sign", ["星级专度"], "pass"),  # one wrong character
        ("desk_sign", ["业务受理"], "violation"),
        ("desk_sign", ["星级服务专员"], "violation"),  # a look-alike, not the desk's sign
        ("desk_sign", [], "indeterminate"),  # a sign, but nothing read on it
        ("led_sign", ["::**•…"], "indeterminate"),  # a marquee's dots read as punctuation
        ("led_sign", ["·", "--"], "indeterminate"),
        ("desk_sign", ["5G"], "violation"),  # short, but words: a sign of its own
    ],
)
def test_detected_sign(kind: str, texts: list[str], status: str) -> None:
    sign = Obj(kind, (500, 300, 700, 360), texts=texts)
    found = finding_for("star_desk.sign", observe(sign), zone="star_desk")
    assert found.status == status
    assert found.deduction == (4.0 if status == "violation" else 0.0)


def test_violation_says_what_the_sign_reads() -> None:
    found = finding_for(
        "star_desk.sign",
        observe(Obj("desk_sign", (500, 300, 700, 360), texts=["业务受理"])),
        zone="star_desk",
    )
    assert found.message == "no star desk sign: desk_sign reads 业务受理"
    assert found.evidence == [[500, 300, 700, 360]]


@pytest.mark.parametrize(
    ("frame_texts", "status"),
    [
        (
            [
                TextLine("星级服务专", (100, 50, 300, 90), 0.95),
                TextLine("区", (305, 52, 345, 90), 0.93),
            ],
            "pass",
        ),
        ([TextLine("星级专席", (100, 50, 300, 90), 0.3)], "violation"),  # too unsure to count
        ([TextLine("欢迎光临", (100, 50, 300, 90), 0.95)], "violation"),
        ([], "violation"),
        (None, "violation"),  # no full-frame pass ran and no sign detected
    ],
)
def test_full_frame_text_fallback(frame_texts: list[TextLine] | None, status: str) -> None:
    found = finding_for("star_desk.sign", observe(frame_texts=frame_texts), zone="star_desk")
    assert found.status == status


def test_not_applicable_outside_the_star_desk() -> None:
    assert finding_for("star_desk.sign", observe(), zone="counter").status == "not_applicable"


@pytest.mark.parametrize(
    ("sign_texts", "frame_texts", "status"),
    [
        (None, ["星级客户"], "indeterminate"),  # a hanging sign half behind two heads
        (["欢迎光临 星级客"], None, "indeterminate"),  # cut by the frame edge
        (["客户专席"], None, "indeterminate"),  # its start hidden
        (["客户服务"], None, "violation"),  # a sign of its own: no star word in it
        (["及服务专区"], None, "indeterminate"),  # a marquee's 星级服务专区, its start misread
        (["综合服务专区"], None, "indeterminate"),  # the same tail: a sign of its own, or not
        (["缴费专席"], None, "violation"),  # ends only with 专席: a sign of its own
        (["星级服务专员"], None, "violation"),  # a look-alike, whole
        (["客户星级权益介绍"], None, "violation"),  # ends with 星级, holds a look-alike: no cut star sign
        (None, ["星级客户经理"], "violation"),  # a name plate's title
    ],
)
def test_a_cut_star_sign_is_neither_pass_nor_violation(
    sign_texts: list[str] | None, frame_texts: list[str] | None, status: str
) -> None:
    """Part of a star keyword with the rest hidden proves neither that the desk has its sign nor
    that it lacks it: it goes to review instead of costing the desk 4 points."""
    objects = [Obj("hanging_sign", (500, 300, 700, 360), texts=sign_texts)] if sign_texts else []
    lines = [TextLine(text, (100, 50, 300, 90), 0.95) for text in frame_texts] if frame_texts else None
    found = finding_for("star_desk.sign", observe(*objects, frame_texts=lines), zone="star_desk")
    assert found.status == status, found.message
    if status == "indeterminate":  # the reviewer is shown where the piece is
        assert found.evidence == [[500, 300, 700, 360]] if sign_texts else [[100, 50, 300, 90]]


@pytest.mark.parametrize(
    ("kind", "text", "person", "status"),
    [
        ("hanging_sign", "星专席", (560, 250, 660, 700), "indeterminate"),  # a head over 级
        ("led_sign", "星专席", (560, 250, 660, 700), "indeterminate"),
        ("hanging_sign", "咨询台", (560, 250, 660, 700), "violation"),  # a sign of its own
        ("hanging_sign", "爱心专席", (560, 250, 660, 700), "violation"),  # ends like a star sign, is not one
        ("hanging_sign", "星专席", (900, 250, 1000, 700), "violation"),  # someone beside it
        ("hanging_sign", "星专席", (690, 355, 790, 800), "violation"),  # a corner grazed, under a tenth
        ("desk_sign", "星专席", (560, 250, 660, 700), "violation"),  # on the counter, in front of the staff
    ],
)
def test_a_sign_behind_a_person_may_hide_its_star_words(
    kind: str, text: str, person: tuple[int, int, int, int], status: str
) -> None:
    """星级专席 with a head over 级 reads 星专席: the part in view shows star words, the rest is
    behind someone, so it goes to review, not a 4-point deduction. A sign that shows neither 星
    nor 级 (咨询台, 爱心专席) says something else whoever stands in front of it."""
    sign = Obj(kind, (500, 300, 700, 360), texts=[text])
    found = finding_for("star_desk.sign", observe(sign, Obj("person", person, 0.9)), zone="star_desk")
    assert found.status == status
    if status == "indeterminate":
        assert found.message == f"{kind} reads {text}, partly behind a person: a star sign may be hidden"
        assert found.evidence == [[500, 300, 700, 360]]


@pytest.mark.parametrize(
    ("texts", "status"),
    [
        (["星业服务专活"], "indeterminate"),  # 星级服务专席 read small: two characters off
        (["型级客户服务刻区"], "indeterminate"),  # 星级客户服务专区, 级 kept
        (["爱心专席"], "violation"),  # no 星 or 级: a sign of its own
        (["星业专活"], "violation"),  # two off a four-character keyword is half of it
        (["星级客户经埋"], "violation"),  # a look-alike (星级客户经理) read one character off
    ],
)
def test_a_star_keyword_misread_by_two_characters_goes_to_review(texts: list[str], status: str) -> None:
    sign = Obj("desk_sign", (500, 300, 646, 353), texts=texts)
    found = finding_for("star_desk.sign", observe(sign), zone="star_desk")
    assert found.status == status, found.message
    if status == "indeterminate":
        assert found.message.startswith(f"a sign reads {texts[0]}: two characters from 星级"), found.message
