"""What a week's report says, read from the database: :func:`build_week_report`.

Days are the stores' local days (the service's time zone), as everywhere else; a week is an ISO
week, Monday to Sunday (``2026-W49``).

Example:
    >>> parse_week("2026-W49").days[0].isoformat(), parse_week("2026-W49").days[-1].isoformat()
    ('2026-11-30', '2026-12-06')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.config import ChecksConfig
from storecheck.store.camera_health import store_health
from storecheck.store.followup_models import ACTIVE_ORDER_STATUSES, RectificationOrder
from storecheck.store.models import Camera, DailyScore, Snapshot, Store, Violation, utcnow
from storecheck.store.uniforms import DayUniforms, day_uniforms, store_view_asked

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
SILENT_AFTER = timedelta(minutes=15)


class ReportError(ValueError):
    """The report cannot be made as asked (a malformed week, an unknown store)."""


@dataclass(frozen=True)
class Week:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def days(self) -> list[date]:
        monday = date.fromisocalendar(self.year, self.number, 1)
        return [monday + timedelta(days=i) for i in range(7)]

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """The week's first and last instants (UTC): local Monday 00:00 to the next Monday's."""
        zone = ZoneInfo(timezone)
        start = datetime.combine(self.days[0], time(0), tzinfo=zone)
        return start.astimezone(UTC), (start + timedelta(days=7)).astimezone(UTC)


def parse_week(text: str) -> Week:
    """``2026-W49`` -> the week; :class:`ReportError` naming the problem otherwise."""
    match = WEEK_PATTERN.match(text.strip())
    if match is None:
        raise ReportError(f"week must look like 2026-W49, not {text!r}")
    year, number = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 2999:  # what a snapshot can have (captured_at before 2000 is refused)
        raise ReportError(f"week {text}: the year must be between 2000 and 2999")
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError as exc:
        raise ReportError(f"{text} is not a week of {year}") from exc
    return Week(year, number)


def last_complete_week(timezone: str, now: datetime | None = None) -> Week:
    """The ISO week before the current one, on the stores' clock."""
    today = (now or utcnow()).astimezone(ZoneInfo(timezone)).date()
    year, number, _ = (today - timedelta(days=7)).isocalendar()
    return Week(year, number)


@dataclass(frozen=True)
class DayScore:
    day: date
    mean: float
    count: int
    minimum: float
    maximum: float


@dataclass
class CameraWeek:
    camera_id: str
    name: str
    zone: str
    scores: dict[date, DayScore] = field(default_factory=dict)
    analysed: int = 0
    failed: int = 0
    #: Days of the week (up to today) without a single analysed snapshot.
    dark_days: int = 0
    state: str = "unknown"
    last_error: str | None = None


@dataclass(frozen=True)
class RuleCount:
    rule: str
    title: str
    count: int


@dataclass(frozen=True)
class OrderLine:
    id: int
    rule: str
    title: str
    camera_id: str
    status: str
    overdue: bool
    created_at: datetime
    due_at: datetime
    closed_at: datetime | None
    before_snapshot_id: str | None
    after_snapshot_id: str | None


@dataclass
class WeekReport:
    store_id: str
    store_name: str
    week: Week
    timezone: str
    days: list[date]
    scores: dict[date, DayScore]
    cameras: list[CameraWeek]
    rules: list[RuleCount]
    orders: list[OrderLine]
    #: The store's workwear per day of the week with a uniform seen (staff.uniform's store view).
    uniforms: list[DayUniforms]
    #: Whether staff.uniform asks this store one uniform at all (not a community hall's).
    uniform_asked: bool
    made_at: datetime

    @property
    def mean(self) -> float | None:
        """The week's mean score over every analysed snapshot (days weighted by their count)."""
        total = sum(s.count for s in self.scores.values())
        return round(sum(s.mean * s.count for s in self.scores.values()) / total, 2) if total else None

    @property
    def trend(self) -> float | None:
        """The last scored day's mean minus the first's."""
        scored = [self.scores[d].mean for d in self.days if d in self.scores]
        return round(scored[-1] - scored[0], 2) if len(scored) >= 2 else None

    def order_counts(self) -> dict[str, int]:
        start, end = self.week.bounds(self.timezone)
        return {
            "opened": sum(start <= o.created_at < end for o in self.orders),
            "verified": sum(o.status == "verified" and o.closed_at is not None and start <= o.closed_at < end
                            for o in self.orders),
            "open": sum(o.status in ACTIVE_ORDER_STATUSES for o in self.orders),
            "overdue": sum(o.overdue for o in self.orders),
        }


def build_week_report(session: Session, store_id: str, week: Week, timezone: str, *,
                      checks: ChecksConfig | None = None) -> WeekReport:
    """Everything the week's report shows for one store; ``checks`` is the deployment's config
    (which store types staff.uniform asks, and its colour limit), the defaults when None.

    Raises:
        ReportError: no such store.
    """
    store = session.get(Store, store_id)
    if store is None:
        raise ReportError(f"no store {store_id}")
    days = week.days
    checks = ChecksConfig() if checks is None else checks
    rows = session.scalars(select(DailyScore).where(
        DailyScore.store_id == store_id, DailyScore.day >= days[0], DailyScore.day <= days[-1]))
    scores: dict[date, DayScore] = {}
    by_camera: dict[str, dict[date, DayScore]] = {}
    for row in rows:
        score = DayScore(row.day, row.mean, row.count, row.minimum, row.maximum)
        if row.camera_id == "":
            scores[row.day] = score
        else:
            by_camera.setdefault(row.camera_id, {})[row.day] = score
    return WeekReport(
        store_id=store_id, store_name=store.name, week=week, timezone=timezone, days=days, scores=scores,
        cameras=_cameras(session, store_id, days, by_camera, timezone), rules=_rules(session, store_id, days),
        orders=_orders(session, store_id, week, timezone),
        uniforms=[view for view in day_uniforms(session, store_id, checks, since=days[0]) if view.day <= days[-1]],
        uniform_asked=store_view_asked(checks, store.store_type), made_at=utcnow(),
    )


def _cameras(session: Session, store_id: str, days: list[date], by_camera: dict[str, dict[date, DayScore]],
             timezone: str) -> list[CameraWeek]:
    counts = session.execute(select(Snapshot.camera_id, Snapshot.status, Snapshot.day, func.count()).where(
        Snapshot.store_id == store_id, Snapshot.day >= days[0], Snapshot.day <= days[-1],
    ).group_by(Snapshot.camera_id, Snapshot.status, Snapshot.day)).all()
    health = {view.camera_id: view for view in store_health(session, store_id, SILENT_AFTER)}
    today = utcnow().astimezone(ZoneInfo(timezone)).date()
    cameras = []
    for camera in session.scalars(select(Camera).where(Camera.store_id == store_id).order_by(Camera.id)):
        mine = [(status, day, n) for cam, status, day, n in counts if cam == camera.id]
        lit = {day for status, day, _ in mine if status == "done"}
        view = health.get(camera.id)
        cameras.append(CameraWeek(
            camera_id=camera.id, name=camera.name, zone=camera.zone, scores=by_camera.get(camera.id, {}),
            analysed=sum(n for status, _, n in mine if status == "done"),
            failed=sum(n for status, _, n in mine if status == "failed"),
            dark_days=sum(1 for d in days if d <= today and d not in lit),
            state=view.state if view else "unknown", last_error=view.last_error if view else None,
        ))
    return cameras


def _rules(session: Session, store_id: str, days: list[date]) -> list[RuleCount]:
    """Rules most broken in the week: violations not dismissed, most first."""
    rows = session.execute(select(Violation.rule, func.count()).where(
        Violation.store_id == store_id, Violation.kind == "violation", Violation.status != "dismissed",
        Violation.day >= days[0], Violation.day <= days[-1],
    ).group_by(Violation.rule).order_by(func.count().desc(), Violation.rule)).all()
    return [RuleCount(rule, CATALOGUE.rule(rule).title, int(n)) for rule, n in rows]


def _orders(session: Session, store_id: str, week: Week, timezone: str) -> list[OrderLine]:
    """Orders opened or closed in the week, and those still open that were opened before its end."""
    start, end = week.bounds(timezone)
    now = utcnow()
    query = select(RectificationOrder).where(
        RectificationOrder.store_id == store_id, RectificationOrder.created_at < end,
        or_(RectificationOrder.created_at >= start, RectificationOrder.closed_at >= start,
            RectificationOrder.status.in_(ACTIVE_ORDER_STATUSES)),
    ).order_by(RectificationOrder.id)
    return [OrderLine(
        id=o.id, rule=o.rule, title=CATALOGUE.rule(o.rule).title, camera_id=o.camera_id, status=o.status,
        overdue=o.status in ACTIVE_ORDER_STATUSES and o.due_at < now, created_at=o.created_at, due_at=o.due_at,
        closed_at=o.closed_at, before_snapshot_id=o.before_snapshot_id, after_snapshot_id=o.after_snapshot_id,
    ) for o in session.scalars(query)]
