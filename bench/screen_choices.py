"""The figures behind two choices of the device rules, rerunnable: the screen detector's
confidence (``vision.screen_detector.confidence``) and the lit rule (``checks.devices.is_lit``).

    python -m bench.screen_choices --seeds 11 14 --lit-seeds 12 13 --photos /work/real-train/coco-train2017/images

* **scores**: on the device tables and self-service zones of development seeds (``bench.device_rules``
  scenes, never the reported seed 93), the detector's best score on each phone, TV and terminal
  drawn (0 when none of its boxes lies on it), per kind: the lowest and some quantiles;
* **photos**: how many photographs of a folder (real ones held out for choosing, never trained
  on, e.g. COCO train2017's first 128 from ``models.real_sources``) get any screen detection at
  or above each candidate confidence;
* **lit**: on the lit-rule seeds, how many lit and dark phones, TVs and terminals (as the engine's
  screens box them) each rule judges right, "bright and busy" against "bright or busy", and the
  range of each one's measures (``checks.config.ScreenThresholds`` quotes them; "?" is a TV
  showing no signal or a terminal's error page, which lit does not decide).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from bench.device_rules import scene
from bench.screen_finder import _hits, screens
from storecheck.checks.config import ScreenThresholds
from storecheck.config import StorecheckConfig
from storecheck.engine import Engine
from storecheck.vision.config import ScreenDetectorConfig
from storecheck.vision.detector.base import load_detector
from storecheck.vision.models import default_screen_detector_path

CANDIDATES = (0.4, 0.5, 0.6, 0.7)
#: The drawn screens of a scene, per kind, and whether each is switched on: True, False, or None
#: where lit says nothing of it (a TV showing no signal, a terminal's error page: lit, and judged
#: by their uniformity and text).
KIND_TRUTH = {
    "phone": lambda truth: [(p["box"], p["powered"]) for p in truth.get("phones", [])],
    "tv": lambda truth: ([(truth["tv"]["box"], {"playing": True, "off": False}.get(truth["tv"]["state"]))]
                         if (truth.get("tv") or {}).get("box") else []),
    "terminal": lambda truth: [(t["box"], {"working": True, "dark": False}.get(t["state"]))
                               for t in truth.get("terminals", [])],
}


def device_scenes(seeds: list[int], n: int):  # type: ignore[no-untyped-def]
    for seed in seeds:
        for i in range(n):
            if i % 3 != 2:  # the third kind is staff rows
                yield scene(i, seed)


def _inside(box, drawn) -> bool:  # type: ignore[no-untyped-def]
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return bool(drawn[0] <= cx <= drawn[2] and drawn[1] <= cy <= drawn[3])


def scores(seeds: list[int], n: int, detector) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    best: dict[str, list[float]] = defaultdict(list)
    for _, _, image, truth, _ in device_scenes(seeds, n):
        found = detector.detect(image)
        for kind, of in KIND_TRUTH.items():
            mine = [(box, score) for box, score, label in found if label == kind]
            for drawn, _ in of(truth):
                # its best scored box of the kind, a box whose centre lies on it
                best[kind].append(max((score for box, score in mine if _inside(box, drawn)), default=0.0))
    return {kind: {"n": len(s), "min": round(min(s), 3), **{f"q{int(q * 100):02d}": round(float(np.quantile(s, q)), 3)
                                                          for q in (0.01, 0.05, 0.5)}}
            for kind, s in best.items() if s}


def photos(folder: Path, detector) -> dict[str, int]:  # type: ignore[no-untyped-def]
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    top = [max((score for _, score, _ in detector.detect(cv2.imread(str(p)))), default=0.0) for p in paths]
    return {"photos": len(paths), **{f"with_a_screen_at_{c:g}": sum(t >= c for t in top) for c in CANDIDATES}}


def lit(seeds: list[int], n: int, engine: Engine) -> dict[str, dict[str, str]]:
    t = ScreenThresholds()
    rules = {"bright and busy": lambda m, s: m >= t.lit_mean and s >= t.lit_std,
             "bright or busy": lambda m, s: m >= t.lit_mean or s >= t.lit_std}
    tally: dict[str, dict[str, list[int]]] = {rule: defaultdict(lambda: [0, 0]) for rule in rules}
    seen: dict[str, list[tuple[float, float, float]]] = defaultdict(list)  # the measures, per kind and state
    for _, zone, image, truth, _ in device_scenes(seeds, n):
        found = screens(image, zone, engine)
        for kind, of in KIND_TRUTH.items():
            drawn = of(truth)
            mine = [(box, found.get(i, "screen")) for i, (box, _, label) in enumerate(found) if label == kind]
            match, _ = _hits([box for box, _ in mine], [box for box, _ in drawn])
            for fi, ti in match.items():
                mean, std, uniform = mine[fi][1]
                on = drawn[ti][1]
                seen[f"{kind} {'?' if on is None else 'on' if on else 'off'}"].append((mean, std, uniform))
                if on is None:
                    continue
                for rule, judge in rules.items():
                    cell = tally[rule][f"{kind} {'on' if on else 'off'}"]
                    cell[0] += judge(mean, std) == on
                    cell[1] += 1
    out: dict[str, dict[str, str]] = {rule: {key: f"{right} of {n}" for key, (right, n) in sorted(cells.items())}
                                      for rule, cells in tally.items()}
    out["ranges (mean, std, uniform)"] = {
        key: " ".join(f"{min(m[k] for m in ms):.3g}-{max(m[k] for m in ms):.3g}" for k in range(3))
        for key, ms in sorted(seen.items())}
    return out


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seeds", type=int, nargs="+", default=[11, 14])
    p.add_argument("--lit-seeds", type=int, nargs="+", default=[12, 13])
    p.add_argument("--n", type=int, default=60)
    p.add_argument("--photos", type=Path, default=None, help="a folder of held-out photographs with no screen trained on")
    p.add_argument("--out", type=Path, default=Path("bench/results/screen_choices.json"))
    args = p.parse_args(argv)
    # every box it scores at all, so each candidate confidence can be tried on the same run
    detector = load_detector(ScreenDetectorConfig(confidence=0.05, path=default_screen_detector_path()))
    report: dict[str, object] = {"scores": scores(args.seeds, args.n, detector)}
    if args.photos is not None:
        report["photos"] = photos(args.photos, detector)
    report["lit"] = lit(args.lit_seeds, args.n, Engine(StorecheckConfig()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return report


if __name__ == "__main__":
    main()
