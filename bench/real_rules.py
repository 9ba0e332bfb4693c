"""The rules on real photographs, engine against the OCR-only baseline, in the same run.

    python -m bench.real_rules [--real ../shared/real] [--zone hall] [--out bench/results/real_rules.json]
    python -m bench.real_rules --photos /work/real-train/cctv-valid --out bench/results/real_rules_dev_cctv.json

The photographs are ``../shared/real/`` (159 real photographs: COCO val2017's first 128,
eye-level, and a café seen from a high indoor camera; never trained on) and the 12 photographs
bundled in our dependencies (``bench.real_photos``). None holds a China Telecom staff member, a
badge, a star desk, a shop window of ours or a cleaning tool (COCO labels none; the café has
none), so on every one the truth of each rule that applies is ``pass``: whatever else a rule
says is a false alarm that a reviewer would have to clear (``indeterminate``) or that would cost
a hall its points (``violation``). A rule with nothing to judge in the picture answers ``indeterminate`` with
no evidence (``staff.uniform`` with fewer than two staff, as the contract asks): counted right,
and shown as ``nothing_to_judge``. Each photo is analysed as a snapshot of ``--zone`` (hall by
default: badges and cleaning tools are checked). ``--photos`` reads development folders instead
(``images/`` of ``models.real_sources``' output: the cctv set's indoor ceiling frames, COCO
train2017), which hold none of our objects either.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import cv2

from bench.ocr_baseline import OcrBaseline

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"


def real_photos(real: Path) -> list[tuple[str, Path]]:
    """(set, path) of every photograph in ``real``'s ``labels.jsonl``, then the bundled ones."""
    photos: list[tuple[str, Path]] = []
    labels = real / "labels.jsonl"
    if labels.is_file():
        for line in labels.read_text(encoding="utf-8").splitlines():
            image = json.loads(line)["image"]
            photos.append(("coco" if image.startswith("coco") else "cafe", real / image))
    try:
        from bench.real_photos import photos as bundled

        photos += [("bundled", path) for path in bundled().values()]
    except ImportError:  # the train extra (ultralytics, scikit-image) is not installed
        pass
    return photos


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--real", type=Path, default=REAL)
    p.add_argument("--zone", default="hall")
    p.add_argument("--photos", type=Path, nargs="*", default=[],
                   help="development folders (their images/, none holding our objects) instead of --real's")
    p.add_argument("--limit", type=int, default=0, help="only the first N photographs (0: all)")
    p.add_argument("--engine-config", type=json.loads, default=None,
                   help="a StorecheckConfig as JSON (e.g. '{\"checks\": {\"colour_alone\": \"indeterminate\"}}')")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "real_rules.json")
    args = p.parse_args(argv)
    from storecheck.config import StorecheckConfig
    from storecheck.engine import Engine

    photos = ([(folder.name, path) for folder in args.photos for path in sorted((folder / "images").iterdir())]
              if args.photos else real_photos(args.real))[: args.limit or None]
    if not photos:
        raise SystemExit(f"no photographs under {args.real}")
    engine, baseline = Engine(StorecheckConfig.model_validate(args.engine_config or {})), OcrBaseline()
    said: dict[str, dict[str, Counter[str]]] = {}
    flagged: list[dict[str, object]] = []
    start = time.time()
    for group, path in photos:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        result = engine.run(image, name=path.name, zone=args.zone).result
        base = baseline.verdicts(image, args.zone)
        for finding in result.findings:
            if finding.status == "not_applicable":
                continue
            # An indeterminate without evidence (staff.uniform with fewer than two staff: nothing
            # to compare) is the contract's answer for a picture with none of ours: right here.
            engine_says = "nothing_to_judge" if finding.status == "indeterminate" and not finding.evidence \
                else finding.status
            for side, verdict in (("engine", engine_says), ("baseline", base.get(finding.rule, "pass"))):
                said.setdefault(finding.rule, {}).setdefault(side, Counter())[verdict] += 1
            if engine_says in ("violation", "indeterminate"):
                flagged.append({"set": group, "image": str(path.name), "rule": finding.rule,
                                "status": finding.status, "message": finding.message})
    rows = {}
    for rule, sides in said.items():
        n = sum(sides["engine"].values())
        rows[rule] = {"n": n, **{f"{side}_{verdict}": count for side in ("engine", "baseline")
                                  for verdict, count in sorted(sides[side].items())},
                      "engine_accuracy": round((sides["engine"]["pass"] + sides["engine"]["nothing_to_judge"]) / n, 3),
                      "baseline_accuracy": round(sides["baseline"]["pass"] / n, 3)}
    report = {"photos": len(photos), "engine_config": args.engine_config, "sets": dict(Counter(group for group, _ in photos)), "zone": args.zone,
              "truth": "pass on every rule (no staff, badge, star desk, window or tool of ours in any)",
              "rules": rows, "seconds": round(time.time() - start, 1), "models": engine.models.model_dump(),
              "flagged": flagged}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(photos)} real photographs {report['sets']} as {args.zone} snapshots; truth: pass")
    print("| rule | n | engine acc | engine violation | engine indeterminate | baseline acc | baseline violation |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for rule, r in rows.items():
        print(f"| `{rule}` | {r['n']} | {r['engine_accuracy']} | {r.get('engine_violation', 0)} | "
              f"{r.get('engine_indeterminate', 0)} | {r['baseline_accuracy']} | {r.get('baseline_violation', 0)} |")
    return report


if __name__ == "__main__":
    main()
