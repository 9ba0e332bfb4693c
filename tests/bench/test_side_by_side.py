"""bench.side_by_side: both sides scored on the same truths, abstentions counted wrong."""

from __future__ import annotations

from bench.side_by_side import SideBySide


def test_each_side_is_scored_on_pass_and_violation_photos_alike() -> None:
    tally = SideBySide()
    tally.score("badge.fields", "violation", "violation", "pass", {"image": "a"})
    tally.score("badge.fields", "pass", "indeterminate", "pass", {"image": "b"}, "1 badge too small to read")
    tally.score("badge.fields", "pass", "pass", "pass", {"image": "c"})
    [row] = tally.rows().values()
    assert (row["n_pass"], row["n_violation"]) == (2, 1)
    assert row["engine"] == 0.75 and row["baseline"] == 0.5  # (1/2 + 1) / 2 against (1 + 0) / 2
    assert row["engine_said"] == {"violation": 1, "indeterminate": 1, "pass": 1}
    assert [(m["image"], m["side"], m.get("message")) for m in tally.misses] == [
        ("a", "baseline", None), ("b", "engine", "1 badge too small to read")]
