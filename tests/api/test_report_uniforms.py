"""The weekly report carries the store's workwear per day (staff.uniform's store view): the
camera whose staff wore other workwear is named in the HTML page, the CSV and the XLSX; a day
seen by one camera cannot be compared; days outside the week stay out."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import openpyxl
from fastapi.testclient import TestClient

from storecheck.api.service import Service
from storecheck.contract import Uniform
from storecheck.store.db import transaction
from storecheck.store.snapshots import add_snapshot, record_result
from tests.servicekit import Keys, result_with, sample_bytes

WEEK = "2026-W49"  # Monday 2026-11-30 to Sunday 2026-12-06
NAVY = [22.0, 6.0, -28.0]
ORANGE = [64.0, 34.0, 62.0]  # far from navy: another jacket, not another camera's light


def dressed(service: Service, camera: str, lab: list[float], at: datetime, staff: int = 1) -> str:
    """An analysed snapshot of ``camera`` at ``at`` whose staff share the workwear ``lab``."""
    store, zone = camera.rsplit("-", 1)
    data = sample_bytes("counter-badges.jpg") + camera.encode() + at.isoformat().encode()
    finding = {"rule": "staff.uniform", "status": "pass" if staff > 1 else "indeterminate", "message": "x"}
    result = result_with(findings=[finding], zone=zone).model_copy(update={"uniform": Uniform(lab=lab, staff=staff)})
    with transaction(service.factory) as session:
        snapshot = add_snapshot(session, store_id=store, camera_id=camera, sha256=service.images.put(data),
                                content_type="image/jpeg", size_bytes=len(data), captured_at=at,
                                timezone=service.settings.timezone)
        record_result(session, snapshot, result, {})
        return snapshot.id


def report(client: TestClient, key: str, fmt: str, store: str = "store-a") -> bytes:
    response = client.get(f"/api/v1/stores/{store}/report?week={WEEK}&format={fmt}", headers={"X-API-Key": key})
    assert response.status_code == 200, response.text
    return response.content


def uniform_block(csv_bytes: bytes) -> list[dict[str, str]]:
    """The CSV's second block (after the blank line), as rows by its own header."""
    blocks = csv_bytes.decode("utf-8-sig").split("\r\n\r\n")
    assert len(blocks) == 2, blocks
    return list(csv.DictReader(io.StringIO(blocks[1])))


def test_the_camera_whose_staff_wear_another_jacket_is_named_in_the_weeks_report(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    # Tuesday (10:00 in Shanghai) the counter and the star desk in navy, the hall in orange;
    # Wednesday two cameras apart, so neither is the store's; Thursday the counter alone.
    dressed(service, "store-a-counter", NAVY, datetime(2026, 12, 1, 2, tzinfo=UTC), staff=2)
    dressed(service, "store-a-star_desk", NAVY, datetime(2026, 12, 1, 2, tzinfo=UTC))
    odd = dressed(service, "store-a-hall", ORANGE, datetime(2026, 12, 1, 3, tzinfo=UTC))
    dressed(service, "store-a-counter", NAVY, datetime(2026, 12, 2, 2, tzinfo=UTC), staff=2)
    dressed(service, "store-a-hall", ORANGE, datetime(2026, 12, 2, 3, tzinfo=UTC))
    dressed(service, "store-a-counter", NAVY, datetime(2026, 12, 3, 2, tzinfo=UTC))
    # The Sunday before and the Monday after: another week's, whatever they wore.
    dressed(service, "store-a-hall", ORANGE, datetime(2026, 11, 29, 2, tzinfo=UTC))
    dressed(service, "store-a-counter", NAVY, datetime(2026, 11, 29, 3, tzinfo=UTC))
    dressed(service, "store-a-hall", ORANGE, datetime(2026, 12, 7, 2, tzinfo=UTC))

    page = report(app_client, keys.reviewer_a, "html").decode()
    assert "统一着装" in page
    violation = page.split('<tr data-day="2026-12-01" class="uniform-violation">')[1].split("</tr>")[0]
    assert "不一致" in violation and f'title="{odd}">store-a-hall</td>' in violation
    assert "store-a-hall" in violation.split('class="message">')[1].split("</td>")[0]  # the message names it too
    assert '<tr data-day="2026-12-03" class="uniform-indeterminate">' in page
    assert "2026-11-29" not in page and "2026-12-07" not in page

    rows = uniform_block(report(app_client, keys.reviewer_a, "csv"))
    assert [(r["day"], r["uniform_status"], r["different_cameras"]) for r in rows] == [
        ("2026-12-01", "violation", "store-a-hall"), ("2026-12-02", "violation", "store-a-counter store-a-hall"),
        ("2026-12-03", "indeterminate", "")]
    assert rows[0]["different_snapshots"] == odd
    assert rows[0]["cameras"] == "store-a-counter store-a-hall store-a-star_desk"
    assert "1 camera" in rows[2]["message"]

    sheet = openpyxl.load_workbook(io.BytesIO(report(app_client, keys.reviewer_a, "xlsx")))["统一着装"]
    days = [(row[0].date().isoformat(), row[2], row[5]) for row in list(sheet.iter_rows(values_only=True))[1:]]
    assert days == [("2026-12-01", "不一致", "store-a-hall"), ("2026-12-02", "不一致", "store-a-counter、store-a-hall"),
                    ("2026-12-03", "不足两个摄像头，无法对比", None)]  # an empty cell


def test_a_week_without_workwear_seen_says_so_and_the_csv_keeps_only_its_scores(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    dressed(service, "store-a-hall", ORANGE, datetime(2026, 11, 29, 2, tzinfo=UTC))  # the week before
    dressed(service, "store-a-counter", NAVY, datetime(2026, 11, 29, 3, tzinfo=UTC))
    page = report(app_client, keys.reviewer_a, "html").decode()
    assert "本周未测到营业人员的工作服" in page and 'class="uniform-violation"' not in page
    assert "\r\n\r\n" not in report(app_client, keys.reviewer_a, "csv").decode("utf-8-sig")


def test_a_community_halls_report_says_the_rule_does_not_ask_it(
        app_client: TestClient, keys: Keys, service: Service) -> None:
    dressed(service, "store-b-counter", NAVY, datetime(2026, 12, 1, 2, tzinfo=UTC))
    dressed(service, "store-b-hall", ORANGE, datetime(2026, 12, 1, 3, tzinfo=UTC))
    page = report(app_client, keys.reviewer_b, "html", store="store-b").decode()
    assert "本店类型不检查全店统一着装" in page and 'class="uniform-violation"' not in page
    sheet = openpyxl.load_workbook(io.BytesIO(report(app_client, keys.reviewer_b, "xlsx", store="store-b")))["统一着装"]
    assert sheet.max_row == 1  # the header alone
