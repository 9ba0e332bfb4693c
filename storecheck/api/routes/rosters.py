"""``/stores/{id}/roster``: the store's staff roster CSV (admin uploads, the store's reviewers read).

The roster tells the checks who is an intern or pregnant (their badges differ); the analysis of
each of the store's snapshots uses the roster current when it runs.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from storecheck.api.deps import AdminKey, ReaderKey, SessionDep, check_store_access
from storecheck.api.schemas import RosterEntryPublic, RosterPublic
from storecheck.checks.roster import COLUMNS, Roster, RosterError, parse_roster
from storecheck.store.models import Store, StoreRoster
from storecheck.store.rosters import save_roster

router = APIRouter(prefix="/stores", tags=["rosters"])

MAX_ROSTER_BYTES = 1024 * 1024  # ~20k staff: far more than one hall has
ROSTER_TYPES = ("text/csv", "text/plain", "application/csv", "application/octet-stream", "")
ROSTER_DOC = {"requestBody": {"required": True, "content": {"text/csv": {"schema": {
    "type": "string", "example": ",".join(COLUMNS) + "\n20231234,李娜,intern,no\n",
    "description": "UTF-8 (BOM allowed) or GB18030 as Excel saves it in China"}}}},
    "responses": {"404": {"description": "No such store"},
                  "413": {"description": "Over 1 MB"},
                  "415": {"description": "Not text/csv"},
                  "422": {"description": "Not UTF-8 or GB18030, a bad header or line (named), or no staff rows"}}}


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HTTPException(422, "roster is not UTF-8 or GB18030 text")


def _roster_public(row: StoreRoster, roster: Roster) -> RosterPublic:
    entries = [RosterEntryPublic(employee_id=e.employee_id, name=e.name, role="intern" if e.intern else "staff",
                                 pregnant=e.pregnant) for e in roster.entries]
    return RosterPublic(store_id=row.store_id, count=len(entries), entries=entries,
                        uploaded_at=row.uploaded_at, uploaded_by=row.uploaded_by)


@router.put("/{store_id}/roster", response_model=RosterPublic, openapi_extra=ROSTER_DOC)
async def put_roster(store_id: str, request: Request, key: AdminKey, session: SessionDep) -> RosterPublic:
    """Upload or replace the store's roster: CSV ``employee_id,name,role,pregnant`` with a header.
    A bad row is a 422 naming its line; the previous roster then stays."""
    # Async to stream a bounded body; the few small queries block the loop only briefly, and
    # roster uploads are a rare admin action.
    if session.get(Store, store_id) is None:
        raise HTTPException(404, f"no store {store_id}")
    declared = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared not in ROSTER_TYPES:
        raise HTTPException(415, f"send the roster as text/csv, not {declared}")
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_ROSTER_BYTES:
            raise HTTPException(413, f"roster is over the {MAX_ROSTER_BYTES}-byte limit")
    text = _decode(bytes(raw))
    try:
        roster = parse_roster(text, source="roster")
    except RosterError as exc:
        raise HTTPException(422, str(exc)) from None
    if not len(roster):
        raise HTTPException(422, "roster has a header but no staff rows")
    row = save_roster(session, store_id, text, len(roster), key.id)
    session.commit()
    return _roster_public(row, roster)


@router.get("/{store_id}/roster", response_model=RosterPublic,
            responses={200: {"content": {"text/csv": {}}, "description": "JSON, or the CSV as uploaded"}})
def get_roster(
    store_id: str, key: ReaderKey, session: SessionDep,
    format: Annotated[Literal["json", "csv"], Query(description="csv: the file exactly as uploaded")] = "json",
) -> RosterPublic | Response:
    check_store_access(key, store_id)
    row = session.get(StoreRoster, store_id)
    if row is None:
        what = f"store {store_id} has no roster" if session.get(Store, store_id) else f"no store {store_id}"
        raise HTTPException(404, what)
    if format == "csv":
        # UTF-8 with a BOM: Excel in China opens it with the right characters.
        return Response(("\ufeff" + row.csv_text).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="roster-{store_id}.csv"'})
    return _roster_public(row, parse_roster(row.csv_text, source="roster"))
