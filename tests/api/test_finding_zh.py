"""The review pages are read by Chinese hall managers: each finding also says in Chinese what was
found (``message_zh``), beside the contract's English ``message``, which stays as it was."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from storecheck.api.finding_zh import message_zh
from storecheck.api.service import Service
from storecheck.contract import RULE_IDS
from tests.servicekit import MOP_BOX, Keys, insert_analysed, mop_and_badge_result, result_with


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


def test_the_api_adds_message_zh_and_keeps_message(app_client: TestClient, keys: Keys, service: Service) -> None:
    insert_analysed(service, "store-a", "hall", result_with(
        findings=[{"rule": "hall.no_cleaning_tools", "status": "violation", "message": "2 cleaning tools in the customer hall",
                   "evidence": [MOP_BOX, [300.0, 500.0, 380.0, 900.0]], "deduction": 8.0}]))
    mop = app_client.get("/api/v1/violations", headers={"X-API-Key": keys.reviewer_a}).json()["data"][0]
    assert mop["message"] == "2 cleaning tools in the customer hall"
    assert mop["message_zh"] == "大厅发现2件清洁工具"


def test_the_review_page_reads_in_chinese(app_client: TestClient, keys: Keys, service: Service) -> None:
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review").text
    assert "大厅发现1件清洁工具" in page and "大厅无清洁卫生工具" in page  # what was found, the rule's name
    assert "1名员工无法判断是否佩戴工号牌" in page and "建议复核" in page
    store = app_client.get("/review/stores/store-a").text
    assert "<td>大厅</td>" in store and "<td>hall</td>" not in store  # the cameras' zones
