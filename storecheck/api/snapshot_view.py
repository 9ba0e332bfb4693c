"""A snapshot row as the API shows it: result, models, violations and their review state."""

from __future__ import annotations

from storecheck.api.schemas import ModelsPublic, SnapshotPublic, ViolationPublic
from storecheck.store.models import Snapshot


def review_state(snapshot: Snapshot) -> str:
    if snapshot.status != "done":
        return "pending"
    if not snapshot.violations:
        return "none"
    return "open" if any(v.status == "open" for v in snapshot.violations) else "reviewed"


def snapshot_public(snapshot: Snapshot) -> SnapshotPublic:
    return SnapshotPublic(
        id=snapshot.id, store_id=snapshot.store_id, camera_id=snapshot.camera_id, sha256=snapshot.sha256,
        content_type=snapshot.content_type, captured_at=snapshot.captured_at,
        received_at=snapshot.received_at, status=snapshot.status,  # type: ignore[arg-type]
        attempts=snapshot.attempts, error=snapshot.error, score=snapshot.score,
        reviewed_score=snapshot.reviewed_score,
        models=ModelsPublic(detector=snapshot.detector, ocr=snapshot.ocr, rules=snapshot.rules_version),
        result=snapshot.result,  # type: ignore[arg-type]
        violations=[ViolationPublic.of(v) for v in snapshot.violations],
        review_state=review_state(snapshot),  # type: ignore[arg-type]
        image_available=snapshot.image_pruned_at is None,
    )
