from pathlib import Path

import pytest

from storecheck.checks.roster import RosterError, load_roster, parse_roster

ROSTER = """employee_id,name,role,pregnant
10086123,张伟,staff,no
20231234,李娜,intern,no
10086200,王芳,staff,yes
"""


@pytest.mark.parametrize(
    ("employee_id", "name", "expected"),
    [
        ("20231234", None, "李娜"),
        (None, "王芳", "王芳"),
        ("99999999", "李娜", "李娜"),  # unknown id: the name decides
        ("10056123", "张伟", "张伟"),  # misread digit (FIELD-NOTES): found by name
        ("10086123", "李娜", "李娜"),  # id and name disagree: the name decides
        ("10086123", "陈静", None),  # id says 张伟, badge says 陈静: trust neither
        (None, None, None),
    ],
)
def test_lookup_by_id_then_name(
    employee_id: str | None, name: str | None, expected: str | None
) -> None:
    entry = parse_roster(ROSTER).lookup(employee_id, name)
    assert (entry.name if entry else None) == expected


def test_shared_names_match_only_by_id() -> None:
    roster = parse_roster("employee_id,name,role,pregnant\n1,张伟,staff,no\n2,张伟,intern,no\n")
    assert roster.lookup(name="张伟") is None
    entry = roster.lookup("2", "张伟")
    assert entry is not None and entry.intern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中国电信 李娜四家工程师", "李娜"),  # a name run into a misread title
        ("许道 李娜 营业员", "李娜"),  # the line read twice, the first read wrong
        ("李娜 王芳", None),  # two listed names: whose badge is it?
        ("陈静 营业员", None),
        ("工号 10086123", None),  # ids are lookup's: a misread id names nobody here
    ],
)
def test_a_listed_name_inside_a_badge_s_text(text: str, expected: str | None) -> None:
    entry = parse_roster(ROSTER).named_in(text)
    assert (entry.name if entry else None) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name\n1,张伟\n", "line 1: header must be employee_id,name,role,pregnant"),
        (
            "employee_id,name,role,pregnant\n1,张伟,boss,no\n",
            "line 2: role must be staff or intern",
        ),
        (
            "employee_id,name,role,pregnant\n1,张伟,staff,maybe\n",
            "line 2: pregnant must be yes or no",
        ),
        ("employee_id,name,role,pregnant\n1,,staff,no\n", "line 2: name is empty"),
        ("employee_id,name,role,pregnant\n,张伟,staff,no\n", "line 2: employee_id is empty"),
        (
            "employee_id,name,role,pregnant\n1,张伟,staff,no\n1,李娜,intern,no\n",
            "line 3: employee_id 1 already on line 2",
        ),
        ("employee_id,name,role,pregnant\n1,张伟,staff,no,extra\n", "line 2: more than 4 columns"),
    ],
)
def test_bad_rows_name_the_line_and_the_problem(text: str, message: str) -> None:
    with pytest.raises(RosterError, match=message):
        parse_roster(text, source="staff.csv")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_load_roster_reads_excel_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(ROSTER.replace(",staff,", ", Staff ,").encode(encoding))
    roster = load_roster(path)
    entry = roster.lookup("10086200")
    assert len(roster) == 3 and entry is not None and entry.pregnant


def test_missing_file_is_a_roster_error(tmp_path: Path) -> None:
    with pytest.raises(RosterError, match="cannot read roster"):
        load_roster(tmp_path / "nope.csv")
