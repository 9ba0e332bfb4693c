"""Reviews: a person's verdict on a violation, appended to its audit trail."""

from __future__ import annotations

from sqlalchemy.orm import Session

from storecheck.store.models import ApiKey, Review, Violation
from storecheck.store.scores import refresh_daily_scores, reviewed_score

VERDICT_STATUS = {"confirm": "confirmed", "dismiss": "dismissed"}


def add_review(session: Session, violation: Violation, verdict: str, reason: str, key: ApiKey) -> Review:
    """Record ``verdict`` (confirm | dismiss) and let it set the violation's status; earlier
    reviews are kept. Re-scores the snapshot and its store's day."""
    if verdict not in VERDICT_STATUS:
        raise ValueError(f"verdict must be confirm or dismiss, not {verdict!r}")
    review = Review(violation_id=violation.id, key_id=key.id, reviewer=key.name, verdict=verdict,
                    reason=reason.strip())
    violation.reviews.append(review)
    violation.status = VERDICT_STATUS[verdict]
    snapshot = violation.snapshot
    snapshot.reviewed_score = reviewed_score(snapshot)
    refresh_daily_scores(session, snapshot.store_id, snapshot.day)
    return review
