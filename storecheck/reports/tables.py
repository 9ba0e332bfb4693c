"""A week's report as files: XLSX (openpyxl: one sheet per table) and CSV (the scores, then
the store's workwear).

The XLSX sheets: 概览 (summary), 每日得分 (one row per day: the store's mean and each camera's),
摄像头 (snapshots analysed, failed, days without one, health now), 违规规则 (rules most broken),
整改单 (orders), 统一着装 (staff.uniform's store view: one row per day with a uniform seen). The
CSV is the score table in long form, one row per day and camera (the store's own rows have an
empty camera_id); where a day of the week has a uniform seen, a blank line and a second block
follow, one row per such day. UTF-8 with a byte-order mark so Excel reads the Chinese right.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from storecheck.reports.week import WeekReport
from storecheck.store.camera_health import CAMERA_STATE_ZH
from storecheck.store.followup_models import ORDER_STATUS_ZH
from storecheck.store.uniforms import UNIFORM_STATUS_ZH, DayUniforms

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def local(moment: datetime | None, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M") if moment else ""


def score_rows(report: WeekReport) -> list[list[object]]:
    """每日得分: a header, then per day its weekday, the store's mean and each camera's (None: no
    analysed snapshot)."""
    header: list[object] = ["日期", "星期", "全店", *(c.camera_id for c in report.cameras)]
    rows = [header]
    for i, day in enumerate(report.days):
        store = report.scores.get(day)
        rows.append([day, WEEKDAYS_ZH[i], store.mean if store else None,
                     *((c.scores[day].mean if day in c.scores else None) for c in report.cameras)])
    return rows


def summary_rows(report: WeekReport) -> list[list[object]]:
    counts = report.order_counts()
    return [
        ["门店", f"{report.store_name} ({report.store_id})"],
        ["周", f"{report.week.label} ({report.days[0]} ~ {report.days[-1]})"],
        ["周平均分", report.mean],
        ["趋势 (末日-首日)", report.trend],
        ["本周新开整改单", counts["opened"]],
        ["本周复查通过", counts["verified"]],
        ["未完成整改单", counts["open"]],
        ["逾期整改单", counts["overdue"]],
        ["生成时间", local(report.made_at, report.timezone)],
    ]


def camera_rows(report: WeekReport) -> list[list[object]]:
    rows: list[list[object]] = [["摄像头", "名称", "区域", "分析张数", "分析失败", "无抓拍天数", "当前状态", "最近错误"]]
    rows += [[c.camera_id, c.name, c.zone, c.analysed, c.failed, c.dark_days, CAMERA_STATE_ZH.get(c.state, c.state),
              c.last_error or ""] for c in report.cameras]
    return rows


def rule_rows(report: WeekReport) -> list[list[object]]:
    return [["规则", "名称", "次数"], *([r.rule, r.title, r.count] for r in report.rules)]


def order_rows(report: WeekReport) -> list[list[object]]:
    rows: list[list[object]] = [["编号", "规则", "名称", "摄像头", "状态", "逾期", "开单时间", "整改期限", "关闭时间",
                                 "整改前抓拍", "复查抓拍"]]
    rows += [[o.id, o.rule, o.title, o.camera_id, ORDER_STATUS_ZH.get(o.status, o.status), "是" if o.overdue else "",
              local(o.created_at, report.timezone), local(o.due_at, report.timezone),
              local(o.closed_at, report.timezone), o.before_snapshot_id or "", o.after_snapshot_id or ""]
             for o in report.orders]
    return rows


def cameras_seen(view: DayUniforms) -> str:
    """The cameras compared that day, each with its snapshots: ``store-a-counter(2)、store-a-hall(1)``."""
    return "、".join(f"{camera}({len(seen)})" for camera, seen in view.cameras.items())


def uniform_rows(report: WeekReport) -> list[list[object]]:
    """统一着装: a header, then per day with a uniform seen its verdict, the message, the cameras
    compared and those whose staff wore other workwear (with the snapshots showing it)."""
    rows: list[list[object]] = [["日期", "星期", "结论", "说明", "摄像头(抓拍数)", "着装不同", "着装不同的抓拍"]]
    rows += [[u.day, WEEKDAYS_ZH[u.day.weekday()], UNIFORM_STATUS_ZH.get(u.status, u.status), u.message,
              cameras_seen(u), "、".join(u.different), " ".join(u.snapshots)] for u in report.uniforms]
    return rows


def to_xlsx(report: WeekReport) -> bytes:
    book = Workbook()
    sheets = (("概览", summary_rows(report)), ("每日得分", score_rows(report)), ("摄像头", camera_rows(report)),
              ("违规规则", rule_rows(report)), ("整改单", order_rows(report)), ("统一着装", uniform_rows(report)))
    for index, (title, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        for row in rows:
            sheet.append(row)
        bold = sheet[1] if title != "概览" else [row[0] for row in sheet.iter_rows()]
        for cell in bold:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(40, max(10, width * 1.6))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(report: WeekReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["store_id", "week", "day", "camera_id", "camera_name", "mean", "count", "minimum", "maximum"])
    names = {c.camera_id: c.name for c in report.cameras}
    for day in report.days:
        rows = [("", "全店", report.scores.get(day))]
        rows += [(c.camera_id, names[c.camera_id], c.scores.get(day)) for c in report.cameras]
        for camera_id, name, score in rows:
            if score is not None:
                writer.writerow([report.store_id, report.week.label, day.isoformat(), camera_id, name,
                                 score.mean, score.count, score.minimum, score.maximum])
    if report.uniforms:
        # Its own block, not extra columns: a day's uniform is the store's, not a camera's score.
        writer.writerow([])
        writer.writerow(["store_id", "week", "day", "uniform_status", "message", "cameras", "different_cameras",
                         "different_snapshots"])
        for u in report.uniforms:
            writer.writerow([report.store_id, report.week.label, u.day.isoformat(), u.status, u.message,
                             " ".join(u.cameras), " ".join(u.different), " ".join(u.snapshots)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
