"""docs/SCALE-OUT.md is what an operator sizes a deployment by: its timings are the code's.
It once said a killed worker's snapshot is resent within 60 s while the code waited 300 s."""

from __future__ import annotations

import re
from pathlib import Path

from storecheck.queue.celery_config import CelerySettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "SCALE-OUT.md"
ROW = re.compile(r"^\| (`STORECHECK_[A-Z_]+`(?:, `STORECHECK_[A-Z_]+`)*) \| ([^|]*) \|", re.M)


def documented_numbers() -> dict[str, float]:
    """``{field: number}`` for the configuration table's rows whose values are numbers."""
    numbers = {}
    for names, values in ROW.findall(DOC.read_text(encoding="utf-8")):
        fields = [name.strip("`").removeprefix("STORECHECK_").lower() for name in names.split(", ")]
        shown = re.findall(r"`([^`]*)`", values)
        if len(shown) == len(fields) and all(re.fullmatch(r"\d+(\.\d+)?", v) for v in shown):
            numbers.update({field: float(v) for field, v in zip(fields, shown, strict=True)})
    return numbers


def test_every_timing_in_the_scale_out_table_is_the_code_default() -> None:
    numbers = documented_numbers()
    assert {"lease_s", "reconcile_interval_s", "requeue_after_s", "task_time_limit_s"} <= set(numbers)
    defaults = CelerySettings.model_fields
    assert {f: numbers[f] for f in numbers if f in defaults} == {f: float(defaults[f].default) for f in numbers if f in defaults}
    assert set(numbers) <= set(defaults), set(numbers) - set(defaults)
