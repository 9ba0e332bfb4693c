"""Scores after review: one scoring policy for the engine and the reviewer. A confirmed
indeterminate finding costs what the engine would have charged under the same config and store
type, within the rule's cap; the daily means follow."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storecheck.checks import CheckContext, evaluate, load_checks_config
from storecheck.contract import AnalysisResult, ModelsInfo, Posters
from storecheck.store.db import make_engine, session_factory, transaction, upgrade
from storecheck.store.models import ApiKey, Camera, Store
from storecheck.store.reviews import add_review
from storecheck.store.scores import daily_scores
from storecheck.store.snapshots import add_snapshot, record_result
from storecheck.vision.types import Detections, Observation

#: Deployment override: a missing badge costs 5 per person, at most 10 a snapshot.
STRICT = load_checks_config({"rules": {"badge.worn": {"deduction": 5, "cap": 10}}})


def small_staff(count: int) -> Observation:
    """Staff at the counter too small to judge a badge on: badge.worn is indeterminate."""
    boxes = [[100 + 200 * i, 300, 160 + 200 * i, 420] for i in range(count)]
    return Observation(1920, 1080, Detections.from_lists(boxes, [0.9] * count, ["person"] * count,
                                                         torso_hsv=[(115, 150, 60)] * count))


def analysed(count: int) -> AnalysisResult:
    evaluation = evaluate(small_staff(count), CheckContext(zone="counter", config=STRICT))
    return AnalysisResult(image="x", width=1920, height=1080, zone="counter", store_type="hall_1_3", objects=[],
                          texts=[], staff=evaluation.staff, signs=[], posters=Posters(count=0), findings=evaluation.findings,
                          score=evaluation.score, models=ModelsInfo(detector="d", ocr="o", rules="r"))


@pytest.fixture
def factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'scores.db'}")
    upgrade(engine)
    made = session_factory(engine)
    with transaction(made) as session:
        session.add(Store(id="s1", name="s1", store_type="hall_1_3"))
        session.flush()
        session.add(Camera(id="c1", store_id="s1", zone="counter", polygons={}))
        session.add(ApiKey(id=1, name="审核员", role="reviewer", key_hash="x" * 64, prefix="x"))
    yield made
    engine.dispose()


@pytest.mark.parametrize(("staff", "charged"), [(1, 5.0), (2, 10.0), (3, 10.0)])
def test_a_confirmed_indeterminate_costs_the_override_within_the_cap(factory, staff: int, charged: float) -> None:  # type: ignore[no-untyped-def]
    result = analysed(staff)
    [worn] = [f for f in result.findings if f.rule == "badge.worn"]
    assert worn.status == "indeterminate", worn.message
    assert worn.review_deduction == charged
    with transaction(factory) as session:
        snapshot = add_snapshot(session, store_id="s1", camera_id="c1", sha256=f"{staff:064d}", content_type="image/jpeg",
                                size_bytes=1, captured_at=datetime(2026, 11, 2, 2, tzinfo=UTC), timezone="Asia/Shanghai")
        record_result(session, snapshot, result, {})
        assert snapshot.reviewed_score == result.score  # open: nothing charged yet
        [violation] = [v for v in snapshot.violations if v.rule == "badge.worn"]
        add_review(session, violation, "confirm", "", session.get(ApiKey, 1))
        assert snapshot.reviewed_score == result.score - charged
        [day] = [d for d in daily_scores(session, "s1") if d.camera_id == ""]
        assert day.mean == result.score - charged
