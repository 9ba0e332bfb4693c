"""Reviews: a person's verdict on a violation, appended to its audit trail, and given to every
violation of the same review item (:mod:`storecheck.store.review_items`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storecheck.store.models import ApiKey, Review, ReviewItem, Violation
from storecheck.store.scores import refresh_daily_scores, reviewed_score

VERDICT_STATUS = {"confirm": "confirmed", "dismiss": "dismissed"}


def record_verdict(violation: Violation, verdict: str, reason: str, *, key_id: int | None, reviewer: str,
                   relabel: str | None = None) -> Review:
    """One review row and the violation's new status; the caller re-scores."""
    if verdict not in VERDICT_STATUS:
        raise ValueError(f"verdict must be confirm or dismiss, not {verdict!r}")
    review = Review(violation_id=violation.id, key_id=key_id, reviewer=reviewer, verdict=verdict,
                    reason=reason.strip(), relabel=relabel)
    violation.reviews.append(review)
    violation.status = VERDICT_STATUS[verdict]
    return review


def add_review(session: Session, violation: Violation, verdict: str, reason: str, key: ApiKey,
               relabel: str | None = None) -> Review:
    """Record ``verdict`` (confirm | dismiss) on ``violation`` and on every other violation of its
    review item; earlier reviews are kept. Re-scores each snapshot touched and its store's day."""
    if violation.item is not None:
        review_item(session, violation.item, verdict, reason, key, relabel)
        return violation.reviews[-1]
    review = record_verdict(violation, verdict, reason, key_id=key.id, reviewer=key.name, relabel=relabel)
    _rescore(session, [violation])
    return review


def review_item(session: Session, item: ReviewItem, verdict: str, reason: str, key: ApiKey,
                relabel: str | None = None) -> None:
    """Decide a whole review item at once: the verdict on each of its violations."""
    if verdict not in VERDICT_STATUS:
        raise ValueError(f"verdict must be confirm or dismiss, not {verdict!r}")
    item.status = VERDICT_STATUS[verdict]
    for violation in item.violations:
        record_verdict(violation, verdict, reason, key_id=key.id, reviewer=key.name, relabel=relabel)
    _rescore(session, list(item.violations))


def _rescore(session: Session, violations: list[Violation]) -> None:
    days = set()
    for violation in violations:
        snapshot = violation.snapshot
        snapshot.reviewed_score = reviewed_score(snapshot)
        days.add((snapshot.store_id, snapshot.day))
    for store_id, day in sorted(days):
        refresh_daily_scores(session, store_id, day)
