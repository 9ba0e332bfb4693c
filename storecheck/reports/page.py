"""A week's report as one printable HTML page (the browser prints it to PDF): summary, the
trend chart as inline SVG, the scores per day and camera, rules most broken, the store's workwear
per day, camera health and the orders with their before and after frames (embedded, so the file
stands alone)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from storecheck.reports.chart import trend_chart
from storecheck.reports.tables import (
    WEEKDAYS_ZH,
    camera_rows,
    cameras_seen,
    local,
    rule_rows,
    summary_rows,
)
from storecheck.reports.week import WeekReport
from storecheck.store.camera_health import CAMERA_STATE_ZH
from storecheck.store.followup_models import ORDER_STATUS_ZH
from storecheck.store.uniforms import UNIFORM_STATUS_ZH

_ENV = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html"]))


def to_html(report: WeekReport, thumbnails: Mapping[str, str] | None = None) -> bytes:
    """The page; ``thumbnails`` maps a snapshot id to an image ``data:`` URI (orders' frames)."""
    template = _ENV.get_template("report.html")
    return template.render(
        report=report, chart=trend_chart(report), summary=summary_rows(report), cameras=camera_rows(report)[1:],
        rules=rule_rows(report)[1:], weekdays=WEEKDAYS_ZH, order_status=ORDER_STATUS_ZH, camera_state=CAMERA_STATE_ZH,
        uniform_status=UNIFORM_STATUS_ZH, cameras_seen=cameras_seen, thumbnails=thumbnails or {}, local=local,
    ).encode("utf-8")
