"""Snapshot rows: accepted uploads, the analysis queue's states, results and violations.

The queue is the ``status`` column itself (queued -> running -> done | failed), so queued work is
exactly as durable as the database: a restart finds it there.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from storecheck.checks.catalogue import CATALOGUE
from storecheck.contract import RULE_IDS, AnalysisResult, Finding
from storecheck.store.models import FindingRow, Snapshot, Violation, utcnow
from storecheck.store.notifications import emit_new_violation
from storecheck.store.orders import recheck_orders
from storecheck.store.review_items import close_fixed, drop_empty, file_violation
from storecheck.store.scores import refresh_daily_scores, reviewed_score

#: Finding statuses a person should look at; the rest need no review.
REVIEWABLE = {"violation": "violation", "indeterminate": "indeterminate"}
MAX_ATTEMPTS = 3


def local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def find_duplicate(session: Session, camera_id: str, sha256: str) -> Snapshot | None:
    return session.scalar(
        select(Snapshot).where(Snapshot.camera_id == camera_id, Snapshot.sha256 == sha256)
    )


def add_snapshot(
    session: Session,
    *,
    store_id: str,
    camera_id: str,
    sha256: str,
    content_type: str,
    size_bytes: int,
    captured_at: datetime,
    timezone: str,
    uploaded_by: int | None = None,
    source: str = "upload",
) -> Snapshot:
    snapshot = Snapshot(
        id=uuid.uuid4().hex,
        store_id=store_id,
        camera_id=camera_id,
        sha256=sha256,
        content_type=content_type,
        size_bytes=size_bytes,
        captured_at=captured_at,
        received_at=utcnow(),
        day=local_day(captured_at, timezone),
        status="queued",
        uploaded_by=uploaded_by,
        source=source,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def queue_depth(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Snapshot).where(Snapshot.status == "queued")) or 0


def status_counts(session: Session) -> dict[str, int]:
    """How many snapshots are in each status (queued, running, done, failed), from the database:
    right whichever process (an embedded thread or a Celery worker elsewhere) analysed them."""
    rows = session.execute(select(Snapshot.status, func.count()).group_by(Snapshot.status))
    return {str(status): int(count) for status, count in rows}


def claim_next(session: Session) -> Snapshot | None:
    """Mark the oldest queued snapshot running and return it; None when the queue is empty.

    The conditional UPDATE makes the claim safe between workers on any backend: only one of
    two workers racing for the same row sees rowcount 1.
    """
    for _ in range(5):
        candidate = session.scalar(
            select(Snapshot.id).where(Snapshot.status == "queued").order_by(Snapshot.received_at).limit(1)
        )
        if candidate is None:
            return None
        claimed = session.execute(
            update(Snapshot)
            .where(Snapshot.id == candidate, Snapshot.status == "queued")
            .values(status="running", started_at=utcnow(), attempts=Snapshot.attempts + 1)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return session.get(Snapshot, candidate, populate_existing=True)
    return None


def oldest_running_age(session: Session) -> float:
    """Seconds since the longest-running snapshot was claimed; 0 when none is running."""
    started = session.scalar(select(func.min(Snapshot.started_at)).where(Snapshot.status == "running"))
    return max(0.0, (utcnow() - started).total_seconds()) if started is not None else 0.0


def requeue_running(session: Session, older_than: timedelta = timedelta(0)) -> int:
    """Put snapshots left ``running`` back in the queue: all of them at start-up (by a stopped
    process), those ``running`` longer than ``older_than`` while the service runs (abandoned)."""
    cutoff = utcnow() - older_than
    result = session.execute(
        update(Snapshot)
        .where(Snapshot.status == "running",
               or_(Snapshot.started_at.is_(None), Snapshot.started_at <= cutoff))
        .values(status="queued", started_at=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def charge(finding: Finding) -> float:
    """What a violation row costs when it counts: a violation's deduction, or what confirming an
    indeterminate finding costs (the engine's ``review_deduction``; a result from before that
    field, as an older edge box sends, is charged the catalogue's deduction)."""
    if finding.status == "violation":
        return finding.deduction
    if finding.review_deduction is not None:
        return finding.review_deduction
    return CATALOGUE.rule(finding.rule).deduction if finding.rule in RULE_IDS else 0.0


def needs_review(finding: Finding) -> bool:
    """A violation, or an indeterminate finding that shows a reviewer something. One without an
    evidence box (no TV in view, fewer than two staff to compare) holds nothing in the picture
    to look at: it is stored with the result but not queued, or every quiet counter camera would
    fill the queue."""
    return finding.status == "violation" or (finding.status in REVIEWABLE and bool(finding.evidence))


def record_result(
    session: Session, snapshot: Snapshot, result: AnalysisResult, timings: dict[str, float]
) -> None:
    """Store the analysis: the contract's JSON, one row per finding, a violation per finding that
    needs a person, the score, and the store's daily score; the camera's rectification orders
    are checked against the frame (verified when it passes their rule), and a violation that is
    a new thing (not a repeat of a review item) is a ``violation.new`` notification event."""
    snapshot.result = result.model_dump(mode="json")
    snapshot.status = "done"
    snapshot.error = None
    snapshot.finished_at = utcnow()
    snapshot.score = result.score
    snapshot.detector = result.models.detector
    snapshot.ocr = result.models.ocr
    snapshot.rules_version = result.models.rules
    snapshot.timings = {k: round(v, 4) for k, v in timings.items()}
    # A re-analysis replaces the rows: the items its old violations were in may be left empty.
    earlier_items = {v.item_id for v in snapshot.violations if v.item_id is not None}
    snapshot.findings.clear()
    snapshot.violations.clear()
    session.flush()
    for position, finding in enumerate(result.findings):
        row = FindingRow(
            snapshot_id=snapshot.id, position=position, rule=finding.rule, status=finding.status,
            message=finding.message, evidence=finding.evidence, deduction=finding.deduction,
        )
        snapshot.findings.append(row)
        session.flush()
        if needs_review(finding):
            violation = Violation(
                snapshot_id=snapshot.id, finding_id=row.id, store_id=snapshot.store_id,
                camera_id=snapshot.camera_id, rule=finding.rule, kind=REVIEWABLE[finding.status],
                status="open", message=finding.message, evidence=finding.evidence,
                deduction=charge(finding), day=snapshot.day,
            )
            snapshot.violations.append(violation)
            session.flush()
            item = file_violation(session, violation, snapshot.captured_at)
            if violation.kind == "violation" and len(item.violations) == 1:  # a new thing, not a repeat
                emit_new_violation(session, violation)
        elif finding.status == "pass":
            close_fixed(session, snapshot, finding.rule)
    drop_empty(session, earlier_items)
    recheck_orders(session, snapshot)
    snapshot.reviewed_score = reviewed_score(snapshot)
    refresh_daily_scores(session, snapshot.store_id, snapshot.day)


def record_failure(snapshot: Snapshot, error: str, *, final: bool) -> None:
    """A failed attempt: back to the queue, or ``failed`` for good (unreadable image, or out of
    attempts)."""
    snapshot.error = error[:2000]
    snapshot.started_at = None
    if final or snapshot.attempts >= MAX_ATTEMPTS:
        snapshot.status = "failed"
        snapshot.finished_at = utcnow()
    else:
        snapshot.status = "queued"
