"""A store's weekly report as a file, for ``storecheck report`` and ``GET /stores/{id}/report``:
the report read from the database (:mod:`storecheck.reports`), with the orders' before and after
frames drawn and shrunk into the HTML page."""

from __future__ import annotations

import base64
from typing import Literal

import cv2
from fastapi import HTTPException
from sqlalchemy.orm import Session

from storecheck.api.imaging import render_image
from storecheck.api.service import Service
from storecheck.reports.page import to_html
from storecheck.reports.tables import XLSX_TYPE, to_csv, to_xlsx
from storecheck.reports.week import Week, WeekReport, build_week_report
from storecheck.store.models import Snapshot
from storecheck.vision.image import ImageError, decode_bytes

ReportFormat = Literal["xlsx", "html", "csv"]
MEDIA_TYPES: dict[str, str] = {"xlsx": XLSX_TYPE, "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8"}
THUMB_WIDTH = 360
MAX_THUMBNAILS = 40


def report_file(service: Service, store_id: str, week: Week, fmt: ReportFormat) -> bytes:
    """The report's bytes in ``fmt``.

    Raises:
        ReportError: no such store.
    """
    with service.factory() as session:
        report = build_week_report(session, store_id, week, service.settings.timezone,
                                   checks=service.config.checks)
        if fmt == "xlsx":
            return to_xlsx(report)
        if fmt == "csv":
            return to_csv(report)
        return to_html(report, order_thumbnails(session, service, report))


def order_thumbnails(session: Session, service: Service, report: WeekReport) -> dict[str, str]:
    """``data:`` URIs of the orders' frames with their boxes drawn (the clean frame where no CJK
    font is installed), those whose image retention kept."""
    wanted = [sid for o in report.orders for sid in (o.before_snapshot_id, o.after_snapshot_id) if sid]
    thumbs: dict[str, str] = {}
    for snapshot_id in dict.fromkeys(wanted):
        if len(thumbs) >= MAX_THUMBNAILS:
            break
        snapshot = session.get(Snapshot, snapshot_id)
        if snapshot is None or snapshot.image_pruned_at is not None:
            continue
        try:
            data = service.images.get(snapshot.sha256)
        except FileNotFoundError:
            continue
        thumb = _thumbnail(data, snapshot, service)
        if thumb is not None:
            thumbs[snapshot_id] = "data:image/jpeg;base64," + base64.b64encode(thumb).decode()
    return thumbs


def _thumbnail(data: bytes, snapshot: Snapshot, service: Service) -> bytes | None:
    try:
        drawn = render_image(data, snapshot, annotate=snapshot.result is not None, crop=None,
                             font_path=service.config.vision.font_path)
    except HTTPException:  # no CJK font to draw with: the clean frame
        drawn = data
    try:
        image = decode_bytes(drawn)
    except ImageError:
        return None
    height, width = image.shape[:2]
    if width > THUMB_WIDTH:
        image = cv2.resize(image, (THUMB_WIDTH, max(1, round(height * THUMB_WIDTH / width))), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 80])
    return encoded.tobytes() if ok else None
