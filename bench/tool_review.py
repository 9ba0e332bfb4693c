"""How ``hall.no_cleaning_tools`` decides on generated hall scenes the detector never trained on:
the engine's own rule on the detector alone (no OCR), scene by scene.

    python -m bench.tool_review --n 300 --seed 91 --out bench/results/tool_review.json

For the scenes with a visible tool (the generator's labels) it counts violations (caught), the
``indeterminate`` of the review band (``thresholds.cleaning_tool_review``: a tool scored under
its threshold goes to a reviewer) and passes (missed); for the clean halls, false violations,
band hits and passes. The same counts with the band turned off show what the band changes.
"""

from __future__ import annotations

from collections import Counter

from bench.zone_scenes import scene_arguments, write_report, zone_scenes
from storecheck.checks import CheckContext, evaluate, load_checks_config
from storecheck.vision.config import VisionConfig
from storecheck.vision.detector import load_detector
from storecheck.vision.types import CLEANING_TOOL_LABELS, Observation

RULE = "hall.no_cleaning_tools"


def main(argv: list[str] | None = None) -> dict:
    args = scene_arguments(__doc__ or "", "bench/results/tool_review.json").parse_args(argv)
    detector = load_detector(VisionConfig().detector)
    configs = {"with review band": load_checks_config({}),
               "band off": load_checks_config({"thresholds": {"cleaning_tool_review": 1.0}})}
    counts: dict[str, Counter[str]] = {name: Counter() for name in configs}
    for scene in zone_scenes("hall", args.n, args.seed, args.width, args.height):
        has_tool = any(label in CLEANING_TOOL_LABELS for label, _ in scene.labels)
        observation = Observation(args.width, args.height, detector.detect(scene.image))
        for name, config in configs.items():
            result = evaluate(observation, CheckContext(zone="hall", config=config))
            status = next(f.status for f in result.findings if f.rule == RULE)
            counts[name][f"{'tool' if has_tool else 'clean'} scenes: {status}"] += 1
    report = {"seed": args.seed, "images": args.n, "size": [args.width, args.height],
              "detector": detector.name,
              "counts": {name: dict(sorted(c.items())) for name, c in counts.items()}}
    write_report(report, args.out)
    print("| | " + " | ".join(configs) + " |")
    print("| --- |" + " --- |" * len(configs))
    for key in sorted({k for c in counts.values() for k in c}):
        print(f"| {key} | " + " | ".join(str(counts[name][key]) for name in configs) + " |")
    return report


if __name__ == "__main__":
    main()
