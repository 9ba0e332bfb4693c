"""Engine and OCR-only baseline verdicts tallied side by side, for the benches that draw our
objects onto real photographs (``bench.real_badges``, ``bench.real_signs``): balanced accuracy
per rule as ``bench.accuracy`` scores it (``indeterminate`` counted wrong), what each side said,
and every wrong verdict with what was drawn."""

from __future__ import annotations

from collections import Counter, defaultdict

from bench.accuracy import balanced


class SideBySide:
    """Verdicts of both sides against the truth, rule by rule."""

    def __init__(self) -> None:
        self.tallies: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.said: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        self.misses: list[dict[str, object]] = []

    def score(self, rule: str, truth: str, engine_says: str, baseline_says: str,
              what: dict[str, object], engine_message: str = "") -> None:
        """One photograph's verdicts on ``rule``; ``what`` (the case drawn) goes with each miss."""
        tally = self.tallies[rule]
        tally[f"n_{truth}"] += 1
        for side, says in (("engine", engine_says), ("baseline", baseline_says)):
            self.said[rule][side][says] += 1
            tally[f"{side}_correct_{truth}"] += says == truth
            if says != truth:
                self.misses.append({**what, "rule": rule, "side": side, "truth": truth, "said": says,
                                    **({"message": engine_message} if side == "engine" else {})})

    def rows(self) -> dict[str, dict[str, object]]:
        """Per rule: photographs by truth, both balanced accuracies, and what each side said."""
        return {rule: {"n_pass": int(t["n_pass"]), "n_violation": int(t["n_violation"]),
                       "engine": balanced(t, "engine"), "baseline": balanced(t, "baseline"),
                       "engine_said": dict(self.said[rule]["engine"]),
                       "baseline_said": dict(self.said[rule]["baseline"])}
                for rule, t in self.tallies.items()}

    def print_table(self) -> None:
        print("| rule | pass / violation photos | engine (balanced acc) | OCR-only baseline |")
        print("| --- | --- | --- | --- |")
        for rule, r in self.rows().items():
            print(f"| `{rule}` | {r['n_pass']} / {r['n_violation']} | {r['engine']} | {r['baseline']} |")
