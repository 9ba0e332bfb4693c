"""Findings -> a score per snapshot, and means per camera, store or day.

The standard's 扣分项 style: 100 minus the deductions of violations, never below 0. Warnings and
indeterminate findings never lower the score; they go to human review.

Example:
    >>> from storecheck.contract import Finding
    >>> score([Finding(rule="window.posters", status="violation", message="5 posters", deduction=2.0),
    ...        Finding(rule="badge.fields", status="indeterminate", message="too small")])
    98.0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from storecheck.contract import Finding

FULL_MARKS = 100.0


def score(findings: Sequence[Finding]) -> float:
    """``max(0, 100 - Σ deductions of violations)``."""
    lost = sum(f.deduction for f in findings if f.status == "violation")
    return round(max(0.0, FULL_MARKS - lost), 2)


@dataclass(frozen=True)
class ScoredSnapshot:
    """One analysed snapshot's score and where and when it was taken."""

    score: float
    camera_id: str | None = None
    store_id: str | None = None
    day: date | str | None = None


@dataclass(frozen=True)
class ScoreSummary:
    """Mean score of one group of snapshots (one camera, store or day)."""

    key: str
    mean: float
    count: int
    minimum: float
    maximum: float


GroupBy = Literal["camera", "store", "day"]
_KEYS = {"camera": "camera_id", "store": "store_id", "day": "day"}


def aggregate_scores(items: Iterable[ScoredSnapshot], by: GroupBy = "store") -> list[ScoreSummary]:
    """Mean, count, min and max per camera, store or day, sorted by key; snapshots without that
    key are grouped under ``"unknown"``."""
    groups: dict[str, list[float]] = defaultdict(list)
    for item in items:
        key = getattr(item, _KEYS[by])
        groups["unknown" if key is None else str(key)].append(item.score)
    return [
        ScoreSummary(
            key=key,
            mean=round(sum(scores) / len(scores), 2),
            count=len(scores),
            minimum=min(scores),
            maximum=max(scores),
        )
        for key, scores in sorted(groups.items())
    ]
