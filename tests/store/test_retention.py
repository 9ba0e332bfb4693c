"""Retention: what goes after how many days, and that open violations keep their evidence."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from storecheck.api.service import build_service
from storecheck.store.db import transaction
from storecheck.store.models import Snapshot, Violation, utcnow
from storecheck.store.retention import RetentionPolicy, prune
from tests.servicekit import (
    insert_analysed,
    make_settings,
    mop_and_badge_result,
    result_with,
    seed_stores,
)

POLICY = RetentionPolicy(clean_image_days=7, evidence_days=30, result_days=90, review_days=365)


def test_prune_respects_each_kind_and_open_violations(tmp_path: Path, database_url: str) -> None:
    service = build_service(make_settings(tmp_path, database_url, workers=0))
    seed_stores(service)
    clean = result_with([{"rule": "badge.worn", "status": "pass", "message": "ok"}])
    passing_old = insert_analysed(service, "store-a", "counter", clean, image="counter-badges.jpg")
    passing_new = insert_analysed(service, "store-b", "counter", clean, image="hall-clean.jpg")
    open_old = insert_analysed(service, "store-a", "hall", mop_and_badge_result(), image="hall-mop.jpg")
    closed_old = insert_analysed(service, "store-b", "hall", mop_and_badge_result(), image="window-5-posters.jpg")
    shared = insert_analysed(service, "store-b", "window", clean, image="hall-mop.jpg")  # same bytes as open_old
    now = utcnow()
    with transaction(service.factory) as session:
        ages = {passing_old: 10, passing_new: 1, open_old: 200, closed_old: 40, shared: 10}
        for snapshot_id, days in ages.items():
            session.execute(update(Snapshot).where(Snapshot.id == snapshot_id)
                            .values(received_at=now - timedelta(days=days)))
        session.execute(update(Violation).where(Violation.snapshot_id == closed_old).values(status="confirmed"))

    report = prune(service.factory, service.images, POLICY, now=now)

    with service.factory() as session:
        def image_kept(snapshot_id: str) -> bool:
            snapshot = session.get(Snapshot, snapshot_id)
            assert snapshot is not None
            return snapshot.image_pruned_at is None and service.images.exists(snapshot.sha256)

        assert not image_kept(passing_old)       # a clean image past 7 days
        assert image_kept(passing_new)
        assert image_kept(open_old)              # 200 days old, but its violation is still open
        assert not image_kept(closed_old)        # evidence past 30 days, reviewed
        shared_row = session.get(Snapshot, shared)
        assert shared_row is not None and shared_row.image_pruned_at is not None
        assert service.images.exists(shared_row.sha256)  # the open violation still needs the file
    assert report.images == 2 and report.snapshots == 0

    later = prune(service.factory, service.images, POLICY, now=now + timedelta(days=100))
    with service.factory() as session:
        assert session.get(Snapshot, passing_new) is None       # result rows past 90 days
        assert session.get(Snapshot, open_old) is not None      # never while a violation is open
    assert later.snapshots >= 2
    service.db.dispose()
