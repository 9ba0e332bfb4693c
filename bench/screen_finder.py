"""The engine's screens (the screen detector and the screen finder, fused by
``vision.screen_fusion``; no OCR, no rule) against the generator's truth, on the device tables
and self-service zones of ``bench.device_rules``: a quick loop for working on either (seconds,
where the rules bench takes minutes). Iterate on seeds other than the one the rules bench
reports (93).

    python -m bench.screen_finder --n 60 --seed 11                 # detector + finder, as shipped
    python -m bench.screen_finder --n 60 --seed 11 --finder-only   # the finder alone
    python -m bench.screen_finder --n 60 --seed 11 --input 576 1024  # the detector on a larger input

Per scale: phones found of those drawn and phones invented, lit-phone count exact; the TV found
and its state (playing or not, judged on the screen alone, as ``checks.devices`` does before any
text); terminals found, invented, and faulty or not judged on the screen alone.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

import numpy as np

from bench.device_rules import scene
from storecheck.checks.config import ScreenThresholds
from storecheck.checks.devices import is_lit
from storecheck.config import StorecheckConfig
from storecheck.engine import Engine
from storecheck.vision.screens import screen_stats
from storecheck.vision.types import SCREEN, Box, Detections


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _hits(found: list[Box], truth: list[Box]) -> tuple[dict[int, int], int]:
    """found index -> truth index (each truth once, centre of the found box inside the truth
    box), and how many found boxes matched nothing."""
    match: dict[int, int] = {}
    for fi, box in enumerate(found):
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        inside = [ti for ti, t in enumerate(truth) if t[0] <= cx <= t[2] and t[1] <= cy <= t[3]
                  and ti not in match.values()]
        if inside:
            match[fi] = max(inside, key=lambda ti: _iou(box, truth[ti]))
    return match, len(found) - len(match)


def _lit(stats: tuple[float, float, float], t: ScreenThresholds) -> bool:
    return is_lit(stats[0], stats[1], t)


def screens(image: np.ndarray, zone: str, engine: Engine) -> Detections:
    """The engine's screens (``Engine.find_screens``), each with its screen measured."""
    found = engine.find_screens(image, zone)
    return found.with_data(SCREEN, [found.get(i, SCREEN) or screen_stats(image, box).as_tuple()
                                    for i, (box, _, _) in enumerate(found)])


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=60, help="scenes, as in bench.device_rules (a third are staff rows, skipped)")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--verbose", action="store_true", help="one line per scene with a miss")
    p.add_argument("--finder-only", action="store_true", help="the screen finder alone, no screen detector")
    p.add_argument("--input", type=int, nargs=2, default=None, metavar=("H", "W"),
                   help="the screen detector's largest input (default: its export's, 384 640)")
    p.add_argument("--confidence", type=float, default=None, help="the screen detector's threshold (default: the config's)")
    p.add_argument("--weights", default=None, help="another screen detector (.onnx)")
    args = p.parse_args(argv)
    detector: dict[str, object] = {"enabled": not args.finder_only}
    for key, value in (("path", args.weights), ("input_size", args.input), ("confidence", args.confidence)):
        if value is not None:
            detector[key] = value
    engine = Engine(StorecheckConfig.model_validate({"vision": {"screen_detector": detector}}))
    t = ScreenThresholds()
    tally: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for i in range(args.n):
        if i % 3 == 2:
            continue
        kind, zone, image, truth, _ = scene(i, args.seed)
        found = screens(image, zone, engine)
        items = [(box, label, found.get(index, "screen")) for index, (box, _s, label) in enumerate(found)]
        s = tally[f"{zone}/{truth['scale']}"]
        s["scenes"] += 1
        notes = []
        if zone == "device_display":
            phones = [(b, st) for b, lab, st in items if lab == "phone"]
            tphones = [p["box"] for p in truth["phones"]]
            match, extra = _hits([b for b, _ in phones], tphones)
            s["phones"] += len(tphones)
            s["phones_found"] += len(match)
            s["phones_invented"] += extra
            lit = sum(_lit(st, t) for _, st in phones)
            tlit = sum(p["powered"] for p in truth["phones"])
            s["count_exact"] += lit == tlit
            if lit != tlit:
                notes.append(f"lit {lit} vs {tlit} (found {len(match)}/{len(tphones)}, +{extra})")
            tv = truth.get("tv")
            tvs = [(b, st) for b, lab, st in items if lab == "tv"]
            if tv and tv["box"]:
                s["tv"] += 1
                m, _ = _hits([b for b, _ in tvs], [tv["box"]])
                if m:
                    s["tv_found"] += 1
                    st = tvs[0][1]
                    playing = _lit(st, t) and st[1] >= t.playing_std and st[2] < t.uniform
                    s["tv_state_right"] += playing == tv["playing"]
                    if playing != tv["playing"]:
                        notes.append(f"tv {tv['state']} judged {'playing' if playing else 'stopped'} {st}")
                else:
                    notes.append(f"tv missed ({len(tvs)} other)")
        else:
            terms = [(b, st) for b, lab, st in items if lab == "terminal"]
            tterms = [x["box"] for x in truth["terminals"]]
            match, extra = _hits([b for b, _ in terms], tterms)
            s["terminals"] += len(tterms)
            s["terminals_found"] += len(match)
            s["terminals_invented"] += extra
            for fi, ti in match.items():
                st = terms[fi][1]
                faulty = not (_lit(st, t) and st[2] < t.uniform)
                truly = truth["terminals"][ti]["faulty"]
                # an error page is judged by its text; on the screen alone only dark is certain
                if truth["terminals"][ti]["state"] != "error":
                    s["terminal_state_right"] += faulty == truly
                    s["terminal_state_n"] += 1
            if extra or len(match) < len(tterms):
                notes.append(f"terminals found {len(match)}/{len(tterms)}, +{extra}")
        if args.verbose and notes:
            print(i, zone, truth["scale"], "; ".join(notes))
    report = {k: {m: round(v, 3) for m, v in sorted(s.items())} for k, s in sorted(tally.items())}
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
