"""Scores after review, and the daily score table the store page and ``/scores`` read.

The engine's score counts every violation it found. A reviewer's verdict changes what counts:
a dismissed violation gives its points back, a confirmed indeterminate finding (建议复核) costs
what the engine would have charged for it under the same config and store type, within the
rule's cap (its ``review_deduction``). Daily means are recomputed for the one store and day a
change touched.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storecheck.checks.scoring import FULL_MARKS, ScoredSnapshot, aggregate_scores
from storecheck.store.models import DailyScore, Snapshot


def reviewed_score(snapshot: Snapshot) -> float | None:
    """The snapshot's score with the reviewers' verdicts applied; None until analysed."""
    if snapshot.score is None:
        return None
    lost = 0.0
    for finding in snapshot.findings:
        if finding.status == "violation":
            lost += finding.deduction
    for violation in snapshot.violations:
        if violation.kind == "violation" and violation.status == "dismissed":
            lost -= violation.deduction
        elif violation.kind == "indeterminate" and violation.status == "confirmed":
            # What the engine would have charged under the same config and store type, capped
            # (``snapshots.charge``): one scoring policy for engine and review.
            lost += violation.deduction
    # The engine may have floored at 0; never report more than it found plus what was reviewed.
    return round(min(FULL_MARKS, max(0.0, FULL_MARKS - lost)), 2)


def refresh_daily_scores(session: Session, store_id: str, day: date) -> None:
    """Recompute the store's and each camera's mean for ``day`` from the analysed snapshots."""
    session.flush()
    rows = session.execute(
        select(Snapshot.camera_id, Snapshot.reviewed_score).where(
            Snapshot.store_id == store_id, Snapshot.day == day, Snapshot.status == "done",
            Snapshot.reviewed_score.is_not(None),
        )
    ).all()
    items = [ScoredSnapshot(score=float(s or 0.0), camera_id=c, store_id=store_id, day=day) for c, s in rows]
    session.execute(delete(DailyScore).where(DailyScore.store_id == store_id, DailyScore.day == day))
    if not items:
        return
    groups = [("", s) for s in aggregate_scores(items, by="store")]
    groups += [(s.key, s) for s in aggregate_scores(items, by="camera")]
    for camera_id, summary in groups:
        session.add(DailyScore(
            store_id=store_id, day=day, camera_id=camera_id, mean=summary.mean,
            count=summary.count, minimum=summary.minimum, maximum=summary.maximum,
        ))
    session.flush()


def daily_scores(session: Session, store_id: str, since: date | None = None) -> list[DailyScore]:
    query = select(DailyScore).where(DailyScore.store_id == store_id)
    if since is not None:
        query = query.where(DailyScore.day >= since)
    return list(session.scalars(query.order_by(DailyScore.day, DailyScore.camera_id)))
