"""``/stores/{id}/report``: a store's weekly report as XLSX, CSV or a printable HTML page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from storecheck.api.deps import ReaderKey, ServiceDep, SessionDep, get_store
from storecheck.api.report_files import MEDIA_TYPES, ReportFormat, report_file
from storecheck.reports.week import ReportError, last_complete_week, parse_week

router = APIRouter(prefix="/stores", tags=["reports"])


@router.get("/{store_id}/report", response_class=Response,
            responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()},
                             "description": "The report file"}})
def store_report(
    store_id: str, key: ReaderKey, session: SessionDep, service: ServiceDep,
    week: Annotated[str | None, Query(max_length=16, description="ISO week, e.g. 2026-W49; default the last complete week")] = None,
    format: Annotated[ReportFormat, Query(description="xlsx, html (printable; PDF by the browser) or csv (the scores)")] = "html",  # noqa: A002
) -> Response:
    """The week's score per day and camera, trend, rules most broken, orders opened, verified and
    still open, and camera health."""
    get_store(session, key, store_id)
    try:
        chosen = parse_week(week) if week else last_complete_week(service.settings.timezone)
        body = report_file(service, store_id, chosen, format)
    except ReportError as exc:
        raise HTTPException(422, str(exc)) from exc
    name = f"storecheck-{store_id}-{chosen.label}.{format}"
    disposition = "inline" if format == "html" else "attachment"
    return Response(body, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'{disposition}; filename="{name}"'})
