"""Review items: a reviewer decides a thing once, not once per frame.

A camera photographs its hall every few minutes, so one bucket left standing becomes a violation
in every snapshot until someone moves it. The findings of one rule on one camera whose evidence
overlaps (the same place) and that were seen within :data:`WINDOW` of each other are one item;
its verdict is each of its violations' verdict. A later frame of an item already decided takes
that verdict, with a review row saying so. A snapshot in which the rule passes on that camera
closes the camera's items for the rule (the thing was fixed): a new occurrence opens a new item.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storecheck.checks import geometry
from storecheck.store.models import ReviewItem, Snapshot, Violation
from storecheck.store.reviews import record_verdict

#: Frames further apart than this are separate items even when they show the same place: a
#: reviewer deciding a bucket at 9:00 has not decided one standing there in the afternoon.
WINDOW = timedelta(minutes=30)
#: Evidence boxes overlapping this much show the same thing (a person shifts, a bucket does not).
SAME_THING_IOU = 0.3


def same_thing(a: list[list[float]], b: list[list[float]]) -> bool:
    """Whether two findings' evidence shows the same place: some boxes overlap, or neither has a
    box (a missing notice is the camera's whole view)."""
    if not a or not b:
        return not a and not b
    return any(geometry.iou(geometry.as_box(x), geometry.as_box(y)) >= SAME_THING_IOU for x in a for y in b)


def file_violation(session: Session, violation: Violation, seen_at: datetime) -> ReviewItem:
    """Put a new violation into the open item it repeats, or a new item; an item decided already
    decides it too (the caller re-scores the snapshot)."""
    candidates = session.scalars(
        select(ReviewItem).where(
            ReviewItem.camera_id == violation.camera_id, ReviewItem.rule == violation.rule,
            ReviewItem.store_id == violation.store_id, ReviewItem.closed_at.is_(None),
            ReviewItem.first_seen <= seen_at + WINDOW, ReviewItem.last_seen >= seen_at - WINDOW,
        ).order_by(ReviewItem.last_seen.desc())
    )
    item = next((c for c in candidates if same_thing(c.evidence, violation.evidence)), None)
    if item is None:
        item = ReviewItem(store_id=violation.store_id, camera_id=violation.camera_id, rule=violation.rule,
                          status="open", evidence=violation.evidence, first_seen=seen_at, last_seen=seen_at)
        session.add(item)
        session.flush()
    else:
        if seen_at >= item.last_seen:
            item.last_seen, item.evidence = seen_at, violation.evidence
        item.first_seen = min(item.first_seen, seen_at)
        if item.status != "open":
            _inherit(violation, item)
    violation.item = item
    return item


def _inherit(violation: Violation, item: ReviewItem) -> None:
    decided = [review for v in item.violations for review in v.reviews]
    last = max(decided, key=lambda review: review.created_at) if decided else None
    verdict = "confirm" if item.status == "confirmed" else "dismiss"
    reason = f"复核项 #{item.id}: {last.reason}" if last is not None else f"复核项 #{item.id}"
    record_verdict(violation, verdict, reason, key_id=None,
                   reviewer=last.reviewer if last is not None else "review item",
                   relabel=last.relabel if last is not None else None)


def close_fixed(session: Session, snapshot: Snapshot, rule: str) -> None:
    """The rule passed in ``snapshot``: its camera's items for the rule seen before are over."""
    for item in session.scalars(select(ReviewItem).where(
        ReviewItem.camera_id == snapshot.camera_id, ReviewItem.rule == rule,
        ReviewItem.store_id == snapshot.store_id, ReviewItem.closed_at.is_(None),
        ReviewItem.last_seen <= snapshot.captured_at,
    )):
        item.closed_at = snapshot.captured_at


def drop_empty(session: Session, item_ids: Collection[int] | None = None) -> None:
    """Items whose violations are all gone (their snapshots re-analysed or deleted): among
    ``item_ids`` (a re-analysed snapshot's), or every item (retention's batch)."""
    session.flush()
    query = delete(ReviewItem).where(~ReviewItem.violations.any())
    if item_ids is not None:
        if not item_ids:
            return
        query = query.where(ReviewItem.id.in_(item_ids))
    session.execute(query)
