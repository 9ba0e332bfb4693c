"""The review pages are read by Chinese hall managers: each finding also says in Chinese what was
found (``message_zh``), beside the contract's English ``message``, which stays as it was."""

from __future__ import annotations

from fastapi.testclient import TestClient

from storecheck.api.service import Service
from tests.servicekit import MOP_BOX, Keys, insert_analysed, mop_and_badge_result, result_with


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
