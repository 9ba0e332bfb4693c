"""Each finding says in Chinese what was found (``message_zh``), beside the contract's English
``message``: a sentence per rule and status."""

from __future__ import annotations

import re

import pytest

from storecheck.checks.messages_zh import message_zh
from storecheck.contract import RULE_IDS


@pytest.mark.parametrize(
    ("rule", "status", "occurrences", "shown"),
    [
        ("hall.no_cleaning_tools", "violation", 2, "大厅发现2件清洁工具"),
        ("hall.no_cleaning_tools", "indeterminate", 1, "大厅疑似有1件清洁工具(置信度不足)"),
        ("badge.worn", "violation", 3, "3名员工未佩戴工号牌"),
        ("badge.fields", "violation", 2, "2个工号牌缺少姓名及职务或工号"),
        ("star_desk.sign", "violation", 0, "星级专席未见标识牌"),
        ("window.posters", "violation", 5, "橱窗宣传品超过上限(共5件)"),
        ("badge.worn", "pass", 0, "佩戴工号牌: 合格"),  # no sentence of its own: the rule and status
    ],
)
def test_a_finding_reads_in_chinese(rule: str, status: str, occurrences: int, shown: str) -> None:
    assert message_zh(rule, status, occurrences) == shown


@pytest.mark.parametrize("rule", RULE_IDS)
@pytest.mark.parametrize("status", ["violation", "indeterminate", "warning", "pass", "not_applicable"])
def test_every_rule_and_status_has_chinese_words(rule: str, status: str) -> None:
    for occurrences in (0, 1, 4):
        assert not re.search(r"[A-Za-z]", message_zh(rule, status, occurrences))
