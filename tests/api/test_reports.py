"""Weekly store reports: ``storecheck report`` writes an XLSX that openpyxl reads back with the
week's scores per day and camera, and an HTML page that headless Chromium renders with the trend
chart visible; the API serves the same files."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import openpyxl
import pytest
from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.cli import main
from storecheck.store.db import transaction
from storecheck.store.models import Violation
from storecheck.store.order_policy import OrdersConfig
from storecheck.store.orders import open_order
from storecheck.store.snapshots import add_snapshot, record_result
from tests.servicekit import Keys, result_with, sample_bytes

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WEEK = "2026-W49"  # Monday 2026-11-30 to Sunday 2026-12-06
MONDAY = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
MOP = [100.0, 500.0, 180.0, 900.0]
MOP_FINDING = {"rule": "hall.no_cleaning_tools", "status": "violation", "message": "1 mop", "evidence": [MOP],
               "deduction": 4.0}
CLEAN = {"rule": "hall.no_cleaning_tools", "status": "pass", "message": "clean"}
NAMELESS_BADGE = {"rule": "badge.fields", "status": "violation", "message": "no name", "evidence": [[1, 1, 9, 9]],
                  "deduction": 2.0}


def frame(service: Service, camera: str, at: datetime, finding: dict[str, Any]) -> str:
    zone = camera.rsplit("-", 1)[1]
    data = sample_bytes("hall-mop.jpg") + at.isoformat().encode() + camera.encode()
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id="store-a", camera_id=camera, sha256=service.images.put(data),
                                content_type="image/jpeg", size_bytes=len(data), captured_at=at,
                                timezone=service.settings.timezone)
        record_result(session, snapshot, result_with(findings=[finding], zone=zone), {})
        return snapshot.id


@pytest.fixture
def week(service: Service) -> dict[str, str]:
    """Store A's week: Monday a mop in the hall (96) and a clean counter (100); Tuesday a clean
    hall and a nameless badge (98); nothing Wednesday; Thursday a mop again, made an order at
    noon; Friday a clean hall verifies it. Returns the order's before and after snapshot ids."""
    day = timedelta(days=1)
    frame(service, "store-a-hall", MONDAY, MOP_FINDING)
    frame(service, "store-a-counter", MONDAY, {**CLEAN, "rule": "badge.fields"})
    frame(service, "store-a-hall", MONDAY + day, CLEAN)
    frame(service, "store-a-counter", MONDAY + day, NAMELESS_BADGE)
    before = frame(service, "store-a-hall", MONDAY + 3 * day, MOP_FINDING)
    with transaction(service.factory) as session:
        violation = session.query(Violation).filter_by(snapshot_id=before).one()
        open_order(session, violation, OrdersConfig(), by="审核员甲", now=MONDAY + 3 * day + timedelta(hours=2))
    after = frame(service, "store-a-hall", MONDAY + 4 * day, CLEAN)
    return {"before": before, "after": after}


def run_report(service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> Path:
    """``storecheck report`` against the service's home and database."""
    monkeypatch.setenv("STORECHECK_DATABASE_URL", service.settings.resolved_database_url)
    out = tmp_path / f"report.{fmt}"
    code = main(["report", "--store", "store-a", "--week", WEEK, "--format", fmt, "--out", str(out),
                 "--home", str(service.settings.home)])
    assert code == 0 and out.is_file()
    return out


def sheet_by_day(book: openpyxl.Workbook) -> dict[str, dict[str, Any]]:
    rows = list(book["每日得分"].iter_rows(values_only=True))
    header = rows[0]
    return {row[0].date().isoformat(): dict(zip(header[2:], row[2:], strict=True)) for row in rows[1:]}


def test_the_xlsx_report_reads_back_with_the_weeks_scores_per_day_and_camera(
    service: Service, week: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = openpyxl.load_workbook(run_report(service, tmp_path, monkeypatch, "xlsx"))
    assert book.sheetnames == ["概览", "每日得分", "摄像头", "违规规则", "整改单", "统一着装"]
    days = sheet_by_day(book)
    assert list(days) == [f"2026-11-{d}" for d in (30,)] + [f"2026-12-0{d}" for d in range(1, 7)]
    assert days["2026-11-30"] == {"全店": 98.0, "store-a-counter": 100.0, "store-a-hall": 96.0,
                                  "store-a-star_desk": None, "store-a-window": None}
    assert (days["2026-12-01"]["全店"], days["2026-12-01"]["store-a-counter"], days["2026-12-01"]["store-a-hall"]) == (
        99.0, 98.0, 100.0)
    assert days["2026-12-02"]["全店"] is None  # no snapshot on Wednesday
    assert (days["2026-12-03"]["store-a-hall"], days["2026-12-04"]["store-a-hall"]) == (96.0, 100.0)

    rules = list(book["违规规则"].iter_rows(values_only=True))
    assert rules[1:] == [("hall.no_cleaning_tools", rules[1][1], 2), ("badge.fields", rules[2][1], 1)]
    [order] = list(book["整改单"].iter_rows(values_only=True))[1:]
    assert (order[1], order[4], order[9], order[10]) == ("hall.no_cleaning_tools", "复查通过", week["before"], week["after"])
    summary = dict(book["概览"].iter_rows(values_only=True))
    assert summary["周平均分"] == pytest.approx((96 + 100 + 100 + 98 + 96 + 100) / 6, abs=0.01)
    cameras = {row[0]: row for row in list(book["摄像头"].iter_rows(values_only=True))[1:]}
    assert (cameras["store-a-hall"][3], cameras["store-a-window"][3]) == (4, 0)


def test_the_html_report_renders_in_chromium_with_the_trend_chart_visible(
    service: Service, week: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Debian chromium not installed (make system-deps)")
    from playwright.sync_api import expect, sync_playwright

    html = run_report(service, tmp_path, monkeypatch, "html")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(html.as_uri())
        chart = page.locator("svg#trend")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100
        store_line = chart.locator('g[data-series="全店"]')
        expect(store_line.locator("circle")).to_have_count(4)  # Mon, Tue, Thu, Fri
        expect(store_line.locator("polyline")).to_have_count(2)  # Wednesday breaks the line
        shot = cv2.imdecode(np.frombuffer(chart.screenshot(), np.uint8), cv2.IMREAD_COLOR)
        assert shot is not None and shot.std() > 10  # not a blank rectangle
        red = (shot[:, :, 2] > 150) & (shot[:, :, 1] < 80) & (shot[:, :, 0] < 80)  # the store's line, #b91c1c
        assert red.sum() > 200
        expect(page.locator("table.scores tr[data-day='2026-11-30'] td").nth(1)).to_have_text("98.00")
        order = page.locator("table.orders tr").nth(1)
        expect(order).to_contain_text("复查通过")
        images = order.locator("img")
        expect(images).to_have_count(2)  # before and after frames, embedded
        page.wait_for_function("Array.from(document.querySelectorAll('table.orders img')).every(i => i.naturalWidth > 0)")
        browser.close()


def test_the_api_serves_the_report_files(app_client: TestClient, keys: Keys, week: dict[str, str]) -> None:
    a = {"X-API-Key": keys.reviewer_a}
    url = f"/api/v1/stores/store-a/report?week={WEEK}"
    xlsx = app_client.get(url + "&format=xlsx", headers=a)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f'filename="storecheck-store-a-{WEEK}.xlsx"' in xlsx.headers["content-disposition"]
    assert sheet_by_day(openpyxl.load_workbook(io.BytesIO(xlsx.content)))["2026-11-30"]["全店"] == 98.0

    text = app_client.get(url + "&format=csv", headers=a)
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.content.decode("utf-8-sig"))))
    monday = {row["camera_id"]: float(row["mean"]) for row in rows if row["day"] == "2026-11-30"}
    assert monday == {"": 98.0, "store-a-counter": 100.0, "store-a-hall": 96.0}

    page = app_client.get(url, headers=a)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<svg class="trend"' in page.text and "城东营业厅" in page.text

    empty = app_client.get("/api/v1/stores/store-a/report?week=2026-W01", headers=a)
    assert empty.status_code == 200 and "本周暂无得分" in empty.text and "本周无整改单" in empty.text

    assert app_client.get(url, headers={"X-API-Key": keys.reviewer_b}).status_code == 403
    assert app_client.get("/api/v1/stores/store-a/report?week=2026-W54", headers=a).status_code == 422
    assert app_client.get("/api/v1/stores/store-a/report?week=49", headers=a).status_code == 422
    assert app_client.get("/api/v1/stores/store-a/report?week=9999-W52", headers=a).status_code == 422
    assert app_client.get(url + "&format=pdf", headers=a).status_code == 422
