"""The review pages show every time in the stores' local time (settings ``timezone``), the
time a manager reads off the wall clock, not UTC and not an agent's raw ISO string."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from storecheck.api.local_time import local_time
from storecheck.api.service import Service
from storecheck.store.camera_health import save_reports
from storecheck.store.db import transaction
from storecheck.store.models import Review
from tests.servicekit import Keys, insert_analysed, mop_and_badge_result


@pytest.mark.parametrize(
    ("value", "zone", "shown"),
    [
        (datetime(2026, 11, 2, 1, 30, tzinfo=UTC), "Asia/Shanghai", "2026-11-02 09:30"),
        (datetime(2026, 12, 31, 20, 5, tzinfo=UTC), "Asia/Shanghai", "2027-01-01 04:05"),  # the next local day
        ("2026-11-25T08:00:00+00:00", "Asia/Shanghai", "2026-11-25 16:00"),
        ("2026-11-25T08:00:00Z", "Europe/London", "2026-11-25 08:00"),
        ("2026-11-25T09:00:00", "Asia/Shanghai", "2026-11-25 09:00"),  # no offset: already local, as uploads
        ("yesterday-ish", "Asia/Shanghai", "yesterday-ish"),  # an agent's text we cannot read: as it came
        (None, "Asia/Shanghai", "—"),
    ],
)
def test_times_are_shown_on_the_stores_clock(value: datetime | str | None, zone: str, shown: str) -> None:
    assert local_time(value, zone) == shown


def test_the_store_page_shows_local_times_and_names_the_zone(app_client: TestClient, keys: Keys, service: Service) -> None:
    insert_analysed(service, "store-a", "hall", mop_and_badge_result(), captured_at=datetime(2026, 11, 2, 1, 30, tzinfo=UTC))
    with transaction(service.factory) as session:
        save_reports(session, "store-a", {"store-a-hall": {"state": "ok", "last_success": "2026-11-25T08:00:00+00:00"}})
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review/stores/store-a").text
    assert "2026-11-02 09:30" in page and "2026-11-02 01:30" not in page  # 最近抓拍
    assert "2026-11-25 16:00" in page and "2026-11-25T08:00:00+00:00" not in page  # 最近成功抓拍
    assert "Asia/Shanghai" in page


def test_the_review_history_shows_local_times(app_client: TestClient, keys: Keys, service: Service) -> None:
    insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    a = {"X-API-Key": keys.reviewer_a}
    mop = app_client.get("/api/v1/violations", headers=a).json()["data"][0]
    app_client.post(f"/api/v1/violations/{mop['id']}/review", json={"verdict": "dismiss", "reason": "是雨伞"}, headers=a)
    with transaction(service.factory) as session:
        session.scalars(select(Review)).one().created_at = datetime(2026, 11, 2, 18, 45, tzinfo=UTC)
    app_client.cookies.set("storecheck_key", keys.reviewer_a)
    page = app_client.get("/review?status=dismissed").text
    assert "2026-11-03 02:45" in page and "2026-11-02 18:45" not in page
    assert "Asia/Shanghai" in page
