"""Retention: how many days each kind of record is kept, and the daily prune.

Kinds (settings ``retention_*_days``): clean images of passing snapshots, violation evidence
(images of snapshots with violations), result rows (snapshots, findings, violations) and reviews.
Evidence of an open violation is never deleted, whatever its age: a reviewer still needs it.
Images are shared by content (same bytes from two cameras): a file goes only when no snapshot
that keeps its image still points at it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session, sessionmaker

from storecheck.store.db import transaction
from storecheck.store.images import ImageStore
from storecheck.store.models import Review, Snapshot, Violation, utcnow
from storecheck.store.review_items import drop_empty

log = logging.getLogger(__name__)
BATCH = 2000


@dataclass(frozen=True)
class RetentionPolicy:
    clean_image_days: int = 7
    evidence_days: int = 90
    result_days: int = 400
    review_days: int = 730


@dataclass
class PruneReport:
    reviews: int = 0
    snapshots: int = 0
    images: int = 0
    digests: set[str] = field(default_factory=set)


def prune(factory: sessionmaker[Session], images: ImageStore, policy: RetentionPolicy,
          now: datetime | None = None) -> PruneReport:
    """Delete what is past its retention; returns what went."""
    now = now or utcnow()
    report = PruneReport()
    with transaction(factory) as session:
        report.reviews = _prune_reviews(session, now - timedelta(days=policy.review_days))
        report.snapshots = _prune_results(session, now - timedelta(days=policy.result_days), report)
        _mark_images(session, now - timedelta(days=policy.clean_image_days), with_violations=False, report=report, now=now)
        _mark_images(session, now - timedelta(days=policy.evidence_days), with_violations=True, report=report, now=now)
        still_used = set(session.scalars(
            select(Snapshot.sha256).where(Snapshot.sha256.in_(report.digests), Snapshot.image_pruned_at.is_(None))
        )) if report.digests else set()
    # Files go after the commit: a crash in between leaves a file too many, never a row without one.
    for digest in report.digests - still_used:
        report.images += int(images.delete(digest))
    log.info("retention: %d reviews, %d snapshots, %d images pruned", report.reviews, report.snapshots, report.images)
    return report


def _open_violation(snapshot_id: object) -> object:
    return exists().where(Violation.snapshot_id == snapshot_id, Violation.status == "open")


def _prune_reviews(session: Session, cutoff: datetime) -> int:
    result = session.execute(delete(Review).where(Review.created_at < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _prune_results(session: Session, cutoff: datetime, report: PruneReport) -> int:
    """Snapshot rows past ``cutoff`` with no open violation and no review left (reviews have
    their own, longer, retention and must not lose the snapshot they refer to)."""
    reviewed = exists().where(Review.violation_id == Violation.id, Violation.snapshot_id == Snapshot.id)
    count = 0
    while True:
        rows = session.execute(
            select(Snapshot.id, Snapshot.sha256).where(
                Snapshot.received_at < cutoff, Snapshot.status.in_(("done", "failed")),
                ~_open_violation(Snapshot.id), ~reviewed,  # type: ignore[operator]
            ).limit(BATCH)
        ).all()
        if not rows:
            drop_empty(session)
            return count
        ids = [r.id for r in rows]
        report.digests.update(r.sha256 for r in rows)
        session.execute(delete(Snapshot).where(Snapshot.id.in_(ids)))
        count += len(ids)


def _mark_images(session: Session, cutoff: datetime, *, with_violations: bool, report: PruneReport,
                 now: datetime) -> None:
    has_violation = exists().where(Violation.snapshot_id == Snapshot.id, Violation.kind == "violation")
    query = select(Snapshot).where(
        Snapshot.received_at < cutoff, Snapshot.image_pruned_at.is_(None),
        Snapshot.status.in_(("done", "failed")), ~_open_violation(Snapshot.id),  # type: ignore[operator]
        has_violation if with_violations else ~has_violation,
    )
    while True:
        batch = list(session.scalars(query.limit(BATCH)))
        if not batch:
            return
        for snapshot in batch:
            snapshot.image_pruned_at = now
            report.digests.add(snapshot.sha256)
        session.flush()
