"""Staff rosters per store: kept as the uploaded CSV text, parsed when a snapshot is analysed.

Parsing a roster of a few hundred rows takes about a millisecond, but a worker analyses the same
store's snapshots all day: :class:`RosterCache` parses each upload once and notices a new one by
its upload time.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storecheck.checks.roster import Roster, parse_roster
from storecheck.store.models import StoreRoster, utcnow


def save_roster(session: Session, store_id: str, csv_text: str, entries: int, key_id: int | None) -> StoreRoster:
    """Replace the store's roster (the caller has checked that ``csv_text`` parses)."""
    row = session.get(StoreRoster, store_id)
    if row is None:
        row = StoreRoster(store_id=store_id)
        session.add(row)
    row.csv_text, row.entries, row.uploaded_at, row.uploaded_by = csv_text, entries, utcnow(), key_id
    session.flush()
    return row


class RosterCache:
    """The parsed roster of each store, re-parsed only when a newer one was uploaded."""

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[datetime, Roster]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, store_id: str) -> Roster | None:
        """The store's roster, or None when it has none (the checks then judge badges alone)."""
        uploaded_at = session.scalar(select(StoreRoster.uploaded_at).where(StoreRoster.store_id == store_id))
        if uploaded_at is None:
            return None
        with self._lock:
            cached = self._parsed.get(store_id)
            if cached is not None and cached[0] == uploaded_at:
                return cached[1]
        row = session.get(StoreRoster, store_id)
        if row is None:  # replaced by a delete between the two reads
            return None
        # It parsed when it was uploaded; parse_roster is deterministic, so this cannot fail.
        roster = parse_roster(row.csv_text, source=f"roster of store {store_id}")
        with self._lock:
            self._parsed[store_id] = (row.uploaded_at, roster)
        return roster
