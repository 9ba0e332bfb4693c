"""A store's notice boards over a day: the four notices are one requirement of the store, not
of each camera. A notice seen on any of the store's notice_board cameras that day counts, and a
加分项 earned in any snapshot of the day is earned for the day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.notices import NOTICE_TITLES
from storecheck.store.models import Camera, Snapshot

#: The zones whose snapshots can show a notice or earn a 加分项 (the catalogue's bonus rules).
BOARD_ZONES = sorted({"notice_board"} | {zone for rule in CATALOGUE.rules if rule.bonus for zone in rule.zones})


@dataclass
class DayBoards:
    """What the store's notice boards showed on one local day."""

    day: date
    #: Each required notice seen, with the cameras that saw it.
    seen: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    cameras: list[str] = field(default_factory=list)  # notice_board cameras with a snapshot that day
    #: The best bonus of each 加分项 rule in the day's snapshots, and their sum.
    bonuses: dict[str, float] = field(default_factory=dict)

    @property
    def bonus(self) -> float:
        return round(sum(self.bonuses.values()), 2)


def day_boards(session: Session, store_id: str, since: date | None = None) -> list[DayBoards]:
    """Per local day (oldest first), from the analysed snapshots of the store's cameras whose
    zone is notice_board, and the bonuses of any analysed snapshot. Only the results of cameras
    in those zones are loaded: a hall's day of snapshots holds neither."""
    query = (
        select(Snapshot.day, Snapshot.camera_id, Snapshot.result, Camera.zone)
        .join(Camera, Camera.id == Snapshot.camera_id)
        .where(Snapshot.store_id == store_id, Snapshot.status == "done", Camera.zone.in_(BOARD_ZONES))
    )
    if since is not None:
        query = query.where(Snapshot.day >= since)
    days: dict[date, DayBoards] = {}
    seen: dict[date, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for day, camera_id, result, zone in session.execute(query):
        findings = (result or {}).get("findings", [])
        earned = {f["rule"]: float(f["bonus"]) for f in findings if f.get("bonus")}
        if zone != "notice_board" and not earned:
            continue
        board = days.setdefault(day, DayBoards(day))
        for rule, points in earned.items():
            board.bonuses[rule] = max(board.bonuses.get(rule, 0.0), points)
        if zone == "notice_board":
            if camera_id not in board.cameras:
                board.cameras.append(camera_id)
            for notice in ((result or {}).get("notices") or {}).get("seen", []):
                seen[day][notice].add(camera_id)
    for day, board in days.items():
        board.seen = {notice: sorted(seen[day][notice]) for notice in NOTICE_TITLES if seen[day][notice]}
        board.missing = [notice for notice in NOTICE_TITLES if notice not in board.seen] if board.cameras else []
        board.cameras.sort()
    return [days[day] for day in sorted(days)]
