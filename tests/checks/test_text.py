import pytest

from storecheck.checks.config import ChecksConfig
from storecheck.checks.scene import star_keyword
from storecheck.checks.text import find_any, find_keyword, join_split_lines, normalise
from storecheck.vision.types import TextLine


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("工号：10086123", "工号10086123"),  # full-width colon
        ("工号：１００８６１２３", "工号10086123"),  # full-width digits
        ("星級專席", "星级专席"),  # traditional characters
        ("實習生 李娜", "实习生李娜"),
        ("工號: 2023 1234", "工号20231234"),
        ("孕媽媽", "孕妈妈"),
        (" No. 10086123 ", "No10086123"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("text", "keyword", "found"),
    [
        ("实习生李娜", "实习生", True),
        ("实刁生李娜", "实习生", True),  # one wrong character
        ("孕妈吗", "孕妈妈", True),
        ("妈妈好", "孕妈妈", False),  # two of three wrong
        ("星级专度", "星级专席", True),
        ("星级服务区", "星级服务专区", True),  # one character dropped
        ("业务受理", "星级专席", False),
        ("店员", "店长", False),  # two-character keywords match exactly only
        ("", "实习生", False),
    ],
)
def test_find_keyword_tolerates_one_wrong_character(text: str, keyword: str, found: bool) -> None:
    assert (find_keyword(text, keyword) is not None) is found


def test_find_any_prefers_the_exact_longest_keyword() -> None:
    match = find_any("星级服务专区", ["星级专区", "星级服务专区"])
    assert match is not None and match.keyword == "星级服务专区" and match.errors == 0


def test_join_split_lines_rejoins_a_sign_split_into_two_boxes() -> None:
    lines = [
        TextLine("星级服务专", (100, 50, 300, 90), 0.95),
        TextLine("区", (305, 52, 345, 90), 0.93),
        TextLine("欢迎光临", (100, 400, 300, 440), 0.9),
    ]
    joined = {line.text: line.box for line in join_split_lines(lines)}
    assert joined["星级服务专区"] == (100, 50, 345, 90)
    assert "星级服务专欢迎光临" not in joined  # far apart: not one sign


def test_tightly_stacked_rows_are_joined_top_to_bottom() -> None:
    """A roll-up stand's rows: OCR's boxes overlap by a sixth of a line."""
    lines = [TextLine("钻石星", (100, 1425, 200, 1512), 0.95), TextLine("级专席", (100, 1501, 200, 1585), 0.95)]
    texts = [line.text for line in join_split_lines(lines)]
    assert "钻石星级专席" in texts and "级专席钻石星" not in texts


def test_a_piece_of_a_long_keyword_is_not_the_keyword() -> None:
    """客户服务 is a sign of its own, not 星级客户服务专区 with four characters wrong."""
    assert find_keyword("客户服务", "星级客户服务专区") is None
    assert find_keyword("星级客户服务专", "星级客户服务专区") is not None  # one character cut off


@pytest.mark.parametrize(
    "sign",
    ["爱心服务专席", "综合服务专区", "客户服务专区"],  # a star keyword's tail, and a sign of their own
)
def test_a_sign_sharing_the_tail_of_a_star_keyword_is_not_one(sign: str) -> None:
    assert star_keyword(sign, ChecksConfig()) is None
