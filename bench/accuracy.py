"""Accuracy of the engine per rule on a labelled synthetic set the detector never trained on,
next to a baseline (one full-frame OCR pass + keyword rules) run in the same script.

    python -m bench.accuracy --n 160 --seed 77 --out bench/results/accuracy.json

Ground truth comes from the generator's scene truth. For the roster rules each image gets a
roster built from its truth: staff wearing 孕妈妈/实习生 are listed as such, and one more badged
staff member in three is listed as intern or pregnant without the words on the badge (a
violation the engine must notice by reading name or id).

A verdict counts as correct when it equals the truth (pass/violation). ``indeterminate`` is
never counted as correct, so a rule that abstains pays for it; the table also shows how often it
abstained and its accuracy on the images it did decide. The headline is balanced accuracy (the
mean of the share right on pass images and on violation images), as the independent evaluation
scores it. Images whose truth the pixels cannot prove (``truth_verdicts``: a badge too small to
read, a badge behind something) are not scored for either side; what each said there is
reported as ``unprovable_verdicts``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from bench.ocr_baseline import OcrBaseline
from bench.star_review import truth_of as star_truth
from datasets.scene import SCALES, ZONES, make_scene
from storecheck.checks.roster import Roster, parse_roster
from storecheck.config import StorecheckConfig
from storecheck.contract import RULE_IDS
from storecheck.engine import Engine

if TYPE_CHECKING:
    from collections.abc import Callable

    from storecheck.vision.ocr.base import OcrEngine

#: What pixels can prove. A badge narrower than this (px) cannot be read (FIELD-NOTES: 90 px the
#: name only, 120 px all fields; the engine's ``badge_readable_width_px``), so neither its fields
#: nor a roster mark on it can be checked; a staff member shorter than this (px) wears a badge too
#: small to tell from nothing (the engine's ``person_min_height_px``).
READABLE_BADGE_PX, VISIBLE_PERSON_PX = 120, 300
UNPROVABLE = "unprovable"


def _width(box: list[float] | None) -> float:
    return box[2] - box[0] if box else 0.0


def legibility(image: np.ndarray, ocr: OcrEngine) -> Callable[[dict], bool]:
    """Whether a staff member's badge can be read at all: wide enough, and OCR of the badge's
    own crop alone (the generator's box, twice enlarged) finds the wearer's name on it. A
    close-up badge blurred past reading proves neither a field nor a mark, however wide."""

    def legible(member: dict) -> bool:
        box = member.get("badge_box")
        if _width(box) < READABLE_BADGE_PX:
            return False
        x1, y1, x2, y2 = (int(v) for v in box)
        crop = cv2.resize(image[max(y1, 0):y2, max(x1, 0):x2], None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        return member["badge"]["name"] in "".join(line.text for line in ocr.read(crop))

    return legible


def truth_verdicts(truth: dict, rng: np.random.Generator,
                   legible: Callable[[dict], bool] | None = None) -> tuple[dict[str, str], Roster | None]:
    """The generator's truth per rule: pass, violation or ``unprovable`` (the picture cannot
    prove it either way: a badge too small to read, a badge behind something, a staff member too
    small to see a badge on). Unprovable images are not scored, for the engine nor the baseline,
    as a star sign mostly out of the picture is not."""
    zone = truth["zone"]
    verdicts: dict[str, str] = {}
    staff = [s for s in truth.get("staff", []) if s.get("facing", "front") == "front"]
    rows = []
    flagged: dict[str, list[dict]] = {"intern": [], "pregnant": []}  # listed, without the word
    if zone != "window":
        missing = [s for s in staff if s["badge"] is None]
        hidden = [s for s in staff if s["badge"] is not None and not s["badge_visible"]]
        seen_missing = [s for s in missing if s["box"][3] - s["box"][1] >= VISIBLE_PERSON_PX]
        verdicts["badge.worn"] = "violation" if seen_missing else (UNPROVABLE if missing or hidden else "pass")
        badged = [s for s in staff if s["badge"] and s["badge_visible"]]
        incomplete = [s for s in badged if not (s["badge"]["title"] or s["badge"]["employee_id"])]
        readable = legible or (lambda member: _width(member.get("badge_box")) >= READABLE_BADGE_PX)
        small = [s for s in badged if not readable(s)]
        verdicts["badge.fields"] = ("violation" if any(s not in small for s in incomplete)
                                    else UNPROVABLE if small else "pass")
        listed: dict[str, list[dict]] = {"intern": [], "pregnant": []}
        for k, s in enumerate(badged):
            b = s["badge"]
            intern, pregnant = b["intern"], bool(s.get("pregnant"))
            if rng.random() < 1 / 3 and not intern and not pregnant:
                if rng.random() < 0.5:
                    intern = True
                    flagged["intern"].append(s)
                else:
                    pregnant = True
                    flagged["pregnant"].append(s)
            if b["employee_id"] or intern or pregnant:
                rows.append(f"{b['employee_id'] or f'99{k:06d}'},{b['name']},{'intern' if intern else 'staff'},{'yes' if pregnant else 'no'}")
            listed["intern"] += [s] if intern else []
            listed["pregnant"] += [s] if pregnant else []
        for mark in ("intern", "pregnant"):
            proven = [s for s in flagged[mark] if s not in small]
            unsure = any(s in small for s in listed[mark])
            verdicts[f"badge.{mark}"] = "violation" if proven else (UNPROVABLE if unsure else "pass")
    if zone == "star_desk":
        # A star sign drawn but mostly out of the picture (behind another sign, cut by the frame)
        # makes no verdict provably right.
        star = star_truth(truth)
        verdicts["star_desk.sign"] = UNPROVABLE if star == "hidden" else star
    if zone == "window":
        verdicts["window.posters"] = "violation" if truth["posters"] > 3 else "pass"
    if zone == "hall":
        verdicts["hall.no_cleaning_tools"] = "violation" if truth.get("tools") else "pass"
    roster = parse_roster("employee_id,name,role,pregnant\n" + "\n".join(rows) + "\n") if rows else None
    return verdicts, roster


def balanced(tally: dict[str, float], side: str) -> float | None:
    """Balanced accuracy: the mean of the share right on pass images and on violation images
    (an abstention is wrong), as the independent evaluation scores it."""
    recalls = [tally[f"{side}_correct_{truth}"] / tally[f"n_{truth}"]
               for truth in ("pass", "violation") if tally[f"n_{truth}"]]
    return round(sum(recalls) / len(recalls), 3) if recalls else None


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=160)
    p.add_argument("--seed", type=int, default=77, help="never used for training (train 1, val 2)")
    p.add_argument("--width", type=int, default=1920)
    p.add_argument("--height", type=int, default=1080)
    p.add_argument("--engine-config", type=json.loads, default=None,
                   help="a StorecheckConfig as JSON (e.g. '{\"checks\": {\"colour_alone\": \"indeterminate\"}}')")
    p.add_argument("--out", type=Path, default=Path("bench/results/accuracy.json"))
    args = p.parse_args(argv)
    engine = Engine(StorecheckConfig.model_validate(args.engine_config or {}))
    baseline = OcrBaseline()
    judged: dict[str, int] = defaultdict(int)  # staff judged on their badge, by why they are staff
    tallies: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    misses: list[dict[str, object]] = []  # every wrong verdict of either side, to see why
    start = time.time()
    for i in range(args.n):
        rng = np.random.default_rng([args.seed, 3, i])
        zone, scale = ZONES[i % len(ZONES)], SCALES[(i // len(ZONES)) % len(SCALES)]
        scene = make_scene(rng, zone, scale, args.width, args.height)
        truth, roster = truth_verdicts(scene.truth, rng, legibility(scene.image, engine.ocr))
        result = engine.run(scene.image, name=f"acc-{i}", zone=zone, roster=roster).result
        engine_says = {f.rule: f.status for f in result.findings}
        base_says = baseline.verdicts(scene.image, zone, roster)
        for member in result.staff:
            judged[f"{member.status}: {'+'.join(member.cues) or '-'}"
                   + (f" ({member.unsure_because})" if member.unsure_because else "")] += 1
        for rule, expected in truth.items():
            t = tallies[rule]
            if expected == UNPROVABLE:
                # Reported, not scored: what each side says where pixels prove nothing.
                t["unprovable"] += 1
                t[f"unprovable_engine_{engine_says[rule]}"] += 1
                t[f"unprovable_baseline_{base_says[rule]}"] += 1
                continue
            t["n"] += 1
            t[f"n_{expected}"] += 1
            t[f"engine_correct_{expected}"] += engine_says[rule] == expected
            t[f"baseline_correct_{expected}"] += base_says[rule] == expected
            t["violations"] += expected == "violation"
            got = engine_says[rule]
            t["engine_correct"] += got == expected
            t["engine_indeterminate"] += got == "indeterminate"
            t["engine_decided_correct"] += got == expected and got != "indeterminate"
            t["baseline_correct"] += base_says[rule] == expected
            if got != expected or base_says[rule] != expected:
                misses.append({"image": i, "zone": zone, "scale": scale, "rule": rule, "truth": expected,
                               "engine": got, "baseline": base_says[rule]})
    rows = {}
    for rule in RULE_IDS:
        t = tallies.get(rule)
        if not t:
            continue
        decided = t["n"] - t["engine_indeterminate"]
        rows[rule] = {
            "n": int(t["n"]), "violations": int(t["violations"]),
            "engine_accuracy": round(t["engine_correct"] / max(t["n"], 1), 3),
            "engine_indeterminate": round(t["engine_indeterminate"] / max(t["n"], 1), 3),
            "engine_accuracy_when_decided": round(t["engine_decided_correct"] / decided, 3) if decided else None,
            "baseline_accuracy": round(t["baseline_correct"] / max(t["n"], 1), 3),
            "unprovable": int(t["unprovable"]),
            "unprovable_verdicts": {k.removeprefix("unprovable_"): int(v) for k, v in sorted(t.items())
                                    if k.startswith("unprovable_")},
            "engine_balanced": balanced(t, "engine"),
            "baseline_balanced": balanced(t, "baseline"),
        }
    report = {"seed": args.seed, "engine_config": args.engine_config, "images": args.n, "size": [args.width, args.height], "rules": rows,
              "engine_stats": dict(engine.stats), "staff_judged": dict(sorted(judged.items())), "seconds": round(time.time() - start, 1), "models": engine.models.model_dump(),
              "misses": misses}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| rule | n (unprovable) | violations | engine balanced acc | baseline balanced acc | engine acc "
          "| engine indeterminate | engine acc (decided) | baseline acc |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for rule, r in rows.items():
        print(f"| `{rule}` | {r['n']} ({r['unprovable']}) | {r['violations']} | {r['engine_balanced']} | {r['baseline_balanced']} | "
              f"{r['engine_accuracy']:.3f} | {r['engine_indeterminate']:.3f} | {r['engine_accuracy_when_decided']} | "
              f"{r['baseline_accuracy']:.3f} |")
    print("staff judged on their badge (status: why staff):", json.dumps(report["staff_judged"], ensure_ascii=False))
    print(f"engine passes: {dict(engine.stats)}; {report['seconds']} s")
    return report


if __name__ == "__main__":
    main()
