import pytest

from storecheck.checks.scoring import ScoredSnapshot, aggregate_scores, score
from storecheck.contract import Finding


def f(status: str, deduction: float = 0.0) -> Finding:
    return Finding(rule="badge.worn", status=status, message="", deduction=deduction)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], 100.0),
        ([f("violation", 2), f("violation", 4)], 94.0),
        ([f("indeterminate"), f("warning"), f("pass")], 100.0),
        ([f("violation", 60), f("violation", 60)], 0.0),  # never below 0
    ],
)
def test_score(findings: list[Finding], expected: float) -> None:
    assert score(findings) == expected


def test_aggregate_per_camera_store_and_day() -> None:
    items = [
        ScoredSnapshot(100, "cam1", "storeA", "2026-11-02"),
        ScoredSnapshot(90, "cam1", "storeA", "2026-11-03"),
        ScoredSnapshot(95, "cam2", "storeA", "2026-11-03"),
        ScoredSnapshot(80, None, "storeB", "2026-11-03"),
    ]
    by_camera = {s.key: (s.mean, s.count) for s in aggregate_scores(items, by="camera")}
    assert by_camera == {"cam1": (95.0, 2), "cam2": (95.0, 1), "unknown": (80.0, 1)}
    by_store = {s.key: (s.mean, s.count, s.minimum) for s in aggregate_scores(items, by="store")}
    assert by_store == {"storeA": (95.0, 3, 90), "storeB": (80.0, 1, 80)}
    assert [s.count for s in aggregate_scores(items, by="day")] == [1, 3]
