import pytest

from storecheck.checks.badges import ParsedBadge, header_line, parse_badge


@pytest.mark.parametrize(
    ("lines", "name", "employee_id", "title", "pregnant", "intern"),
    [
        (["实习生 李娜 工号 20231234"], "李娜", "20231234", None, False, True),
        (
            ["中国电信", "张伟", "工号：10086123", "营业员"],
            "张伟",
            "10086123",
            "营业员",
            False,
            False,
        ),
        (["中国电信营业厅", "陈静 值班经理"], "陈静", None, "值班经理", False, False),
        (["张伟营业員"], "张伟", None, "营业员", False, False),  # traditional 員, no space
        (["欧阳娜娜", "No.12345678"], "欧阳娜娜", "12345678", None, False, False),
        (["刘洋", "88886666"], "刘洋", "88886666", None, False, False),  # a lone 6-10 digit run
        (["王芳 孕妈妈"], "王芳", None, None, True, False),
        (["孕妈吗"], None, None, None, True, False),  # one wrong character
        (["實習生", "李娜"], "李娜", None, None, False, True),
        (["张伟", "营业厅主任"], "张伟", None, "营业厅主任", False, False),
        (["中国电信"], None, None, None, False, False),
        ([], None, None, None, False, False),
    ],
)
def test_parse_badge(
    lines: list[str],
    name: str | None,
    employee_id: str | None,
    title: str | None,
    pregnant: bool,
    intern: bool,
) -> None:
    badge = parse_badge(lines)
    assert (badge.name, badge.employee_id, badge.title, badge.pregnant, badge.intern) == (
        name,
        employee_id,
        title,
        pregnant,
        intern,
    )


@pytest.mark.parametrize(
    ("lines", "complete"),
    [
        (["张伟", "营业员"], True),  # name + title
        (["张伟", "工号10086123"], True),  # name + id
        (["张伟"], False),  # name only
        (["营业员", "工号10086123"], False),  # no name
        (["中国电信"], False),
    ],
)
def test_required_fields_are_name_plus_title_or_id(lines: list[str], complete: bool) -> None:
    assert parse_badge(lines).has_required_fields is complete


def test_the_words_营业厅_are_not_read_as_a_job_title() -> None:
    assert parse_badge(["中国电信营业厅", "李明"]).title is None


def test_a_second_badge_adds_its_marks() -> None:
    name_badge = parse_badge(["王芳", "营业员"])
    merged = name_badge.merged_with(parse_badge(["孕妈妈"]))
    assert merged == ParsedBadge("王芳", None, "营业员", True, False, "王芳 营业员 孕妈妈")


def test_configured_titles_are_used() -> None:
    assert parse_badge(["赵云 护卫"], titles=["护卫"]).title == "护卫"


@pytest.mark.parametrize(
    ("lines", "name", "title"),
    [  # titles another hall writes, none of them in the configured list
        (["罗志远", "值班主任"], "罗志远", "值班主任"),
        (["智家工程师", "程雨萱"], "程雨萱", "智家工程师"),
        (["沈佳怡 服务代表"], "沈佳怡", "服务代表"),
        (["罗志远值班主任"], "罗志远", "值班主任"),  # name and title read as one line
        (["王芳", "网格经理"], "王芳", "网格经理"),
        (["赵敏", "支局长"], "赵敏", "支局长"),
        (["陈静", "综合服务岗"], "陈静", "综合服务岗"),
        (["李娜", "会员专享"], "李娜", None),  # 会员 is a member, not a post
        (["李娜", "长城宽带"], "李娜", None),
    ],
)
def test_titles_off_the_list_read_by_their_shape(lines: list[str], name: str, title: str | None) -> None:
    badge = parse_badge(lines)
    assert (badge.name, badge.title) == (name, title)


@pytest.mark.parametrize(
    ("text", "header"),
    [
        ("中国电信", True),
        ("中国电信 CHINA TELECOM", True),
        ("China Telecom", True),
        ("中国电信股份有限公司", True),
        ("中国电信 上海分公司", True),
        ("中国电信天河营业厅", True),
        ("中国电信5G", True),
        ("欢迎光临中国电信", False),  # a wall's greeting
        ("中国电信欢迎您", False),
        ("天翼", False),
    ],
)
def test_a_header_line_is_the_operator_s_name_and_nothing_else(text: str, header: bool) -> None:
    assert header_line(text) is header


def test_a_branch_on_the_header_names_nobody() -> None:
    assert parse_badge(["中国电信 天河营业厅", "李娜", "工号 123456"]).name == "李娜"


@pytest.mark.parametrize("lines", [["我是孕妈妈"], ["孕妈妈", "请多关照"]])
def test_a_pregnancy_card_s_other_words_name_nobody(lines: list[str]) -> None:
    badge = parse_badge(lines)
    assert (badge.pregnant, badge.name) == (True, None)
