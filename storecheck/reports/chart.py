"""The week's score trend as SVG data (drawn server-side into the page: no chart library, and
it prints): one line for the store, a thinner one per camera, gaps where a day has no score."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from storecheck.reports.week import WeekReport

PALETTE = ("#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#78716c")
STORE_COLOUR = "#b91c1c"


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    width: float
    #: Runs of consecutive scored days, each a list of (x, y, label).
    runs: list[list[tuple[float, float, str]]]

    @property
    def polylines(self) -> list[str]:
        return [" ".join(f"{x},{y}" for x, y, _ in run) for run in self.runs if len(run) > 1]

    @property
    def points(self) -> list[tuple[float, float, str]]:
        return [p for run in self.runs for p in run]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    pad: int
    low: int
    ticks: list[tuple[float, int]]
    columns: list[tuple[float, str]]
    series: list[Series]

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def trend_chart(report: WeekReport, width: int = 720, height: int = 280, pad: int = 40) -> Chart:
    """Coordinates of the trend chart; y runs from ``low`` (below the week's lowest mean, at
    most 80) to 100."""
    means = [s.mean for s in report.scores.values()] + [s.mean for c in report.cameras for s in c.scores.values()]
    low = min(80, int(math.floor((min(means) - 2) / 10) * 10)) if means else 80
    low = max(0, low)
    step_x = (width - 2 * pad) / (len(report.days) - 1)

    def x(i: int) -> float:
        return round(pad + i * step_x, 1)

    def y(mean: float) -> float:
        return round(height - pad - (mean - low) / (100 - low) * (height - 2 * pad), 1)

    def series(name: str, colour: str, width_: float, scores: dict[date, float]) -> Series:
        runs: list[list[tuple[float, float, str]]] = [[]]
        for i, day in enumerate(report.days):
            if day in scores:
                runs[-1].append((x(i), y(scores[day]), f"{name} {day:%m-%d}: {scores[day]:.2f}"))
            elif runs[-1]:
                runs.append([])
        return Series(name, colour, width_, [run for run in runs if run])

    # The store's line last, so no camera's line hides it where they meet.
    lines = [series(c.camera_id, PALETTE[i % len(PALETTE)], 1.5, {d: s.mean for d, s in c.scores.items()})
             for i, c in enumerate(report.cameras) if c.scores]
    lines.append(series("全店", STORE_COLOUR, 3.0, {d: s.mean for d, s in report.scores.items()}))
    ticks = [(y(v), v) for v in range(low, 101, 10 if 100 - low > 30 else 5)]
    columns = [(x(i), f"{day:%m-%d}") for i, day in enumerate(report.days)]
    return Chart(width, height, pad, low, ticks, columns, lines)
