"""Accuracy of the Version 2 text rules (notices.displayed, community.commitments,
price_tags.fields) on generated notice boards and device tables, engine beside the OCR-only
baseline (``bench.ocr_baseline``) in the same run.

    python -m bench.text_rules --n 60 --seed 91 --out bench/results/text_rules.json

No detector ever trained on these zones (``datasets.scene.ZONES`` leaves them out), so every seed
is unseen. Truth comes from the generator: a notice is posted or not, and its title readable or
not (glyphs too small or blurred, cut by the frame); a verdict the pixels cannot prove (a posted
notice whose title cannot be read) is ``unprovable`` and not scored for either side, as in
``bench.accuracy``. Boards are analysed as a community hall's, so both board rules apply.
Also reported: on readable boards (every posted title readable), how often the engine's
``notices.seen``/``missing`` lists are exactly the truth.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.accuracy import UNPROVABLE, balanced
from bench.ocr_baseline import OcrBaseline
from datasets.render.words import COMMITMENTS, REQUIRED_NOTICES
from datasets.scene import SCALES, TEXT_ZONES, make_scene
from storecheck.engine import Engine

RULES = ("notices.displayed", "community.commitments", "price_tags.fields")


def board_truth(truth: dict) -> dict[str, str]:
    posted, readable = set(truth["notices"]["all"]), set(truth["notices"]["seen"])
    notices = ("violation" if posted != set(REQUIRED_NOTICES) else UNPROVABLE if readable != posted else "pass")
    community = [s for s in truth["sheets"] if s["kind"] == "community"]
    written = (any(COMMITMENTS in s["lines"] for s in community)
               and any(line.startswith("服务范围") for s in community for line in s["lines"]))
    commitments = ("pass" if truth["commitments"] and truth["service_range"]
                   else "violation" if not written else UNPROVABLE)
    return {"notices.displayed": notices, "community.commitments": commitments}


def table_truth(truth: dict) -> dict[str, str]:
    tags = truth["price_tags"]
    lacking = [t for t in tags if t["readable"] and None in (t["brand_model"], t["price"], t["origin"])]
    return {"price_tags.fields": "violation" if lacking else UNPROVABLE if any(not t["readable"] for t in tags)
            else "pass"}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--seed", type=int, default=91)
    p.add_argument("--out", type=Path, default=Path("bench/results/text_rules.json"))
    args = p.parse_args(argv)
    engine, baseline = Engine(), OcrBaseline()
    tallies: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    lists = {"readable_boards": 0, "exact": 0}
    misses = []
    start = time.time()
    for i in range(args.n):
        rng = np.random.default_rng([args.seed, 5, i])
        zone, scale = TEXT_ZONES[i % 2], SCALES[(i // 2) % len(SCALES)]
        scene = make_scene(rng, zone, scale, 1920, 1080)
        truth = board_truth(scene.truth) if zone == "notice_board" else table_truth(scene.truth)
        result = engine.run(scene.image, name=f"text-{i}", zone=zone, store_type="community").result
        engine_says = {f.rule: f.status for f in result.findings}
        base_says = baseline.verdicts(scene.image, zone, None, store_type="community")
        if zone == "notice_board" and set(scene.truth["notices"]["seen"]) == set(scene.truth["notices"]["all"]):
            lists["readable_boards"] += 1
            lists["exact"] += result.notices is not None and result.notices.seen == scene.truth["notices"]["seen"]
        for rule, expected in truth.items():
            t = tallies[rule]
            if expected == UNPROVABLE:
                t["unprovable"] += 1
                t[f"unprovable_engine_{engine_says[rule]}"] += 1
                continue
            t["n"] += 1
            t[f"n_{expected}"] += 1
            t["engine_correct"] += engine_says[rule] == expected
            t["baseline_correct"] += base_says[rule] == expected
            t[f"engine_correct_{expected}"] += engine_says[rule] == expected
            t[f"baseline_correct_{expected}"] += base_says[rule] == expected
            t["engine_indeterminate"] += engine_says[rule] == "indeterminate"
            if engine_says[rule] != expected or base_says[rule] != expected:
                misses.append({"image": i, "zone": zone, "scale": scale, "rule": rule, "truth": expected,
                               "engine": engine_says[rule], "baseline": base_says[rule]})
    rows = {rule: {"n": int(t["n"]), "violations": int(t["n_violation"]), "unprovable": int(t["unprovable"]),
                   "engine_accuracy": round(t["engine_correct"] / max(t["n"], 1), 3),
                   "baseline_accuracy": round(t["baseline_correct"] / max(t["n"], 1), 3),
                   "engine_balanced": balanced(t, "engine"), "baseline_balanced": balanced(t, "baseline"),
                   "engine_indeterminate": int(t["engine_indeterminate"])}
            for rule in RULES if (t := tallies.get(rule))}
    report = {"seed": args.seed, "images": args.n, "rules": rows, "notice_lists": lists,
              "seconds": round(time.time() - start, 1), "models": engine.models.model_dump(), "misses": misses}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| rule | n (unprovable) | violations | engine acc | baseline acc | engine balanced | baseline balanced | engine indeterminate |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for rule, r in rows.items():
        print(f"| `{rule}` | {r['n']} ({r['unprovable']}) | {r['violations']} | {r['engine_accuracy']} | "
              f"{r['baseline_accuracy']} | {r['engine_balanced']} | {r['baseline_balanced']} | {r['engine_indeterminate']} |")
    print(f"notice lists exact on readable boards: {lists['exact']}/{lists['readable_boards']}; {report['seconds']} s")
    return report


if __name__ == "__main__":
    main()
