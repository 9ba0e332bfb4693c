"""What the detector gets wrong about cleaning tools, tool by tool, on the hall scenes of
``bench.tool_review`` (generated, never trained on): where mAP50 is lost, and so what more
training or more drawing would have to fix.

    python -m bench.tool_errors --n 300 --seed 91 [--model models/storecheck-det.onnx] \
        --out bench/results/tool_errors.json

Each labelled tool is one of:

* ``found``: a box of its own class (IoU >= 0.5) at or above the engine's threshold for it;
* ``weak``: such a box, but scored under the threshold (the rule's review band, or nothing);
* ``called <other>``: only a box of another tool class covers it above that class's threshold;
* ``loose box``: its own class above threshold, but the box covers it with IoU 0.2-0.5;
* ``missed``: none of these.

``found`` tools also covered by another tool class above threshold count as ``double`` (both
names on one tool: each is a false positive for the other class's mAP; the rule merges them).
Counts are split by the tool's height as a share of the frame's. Boxes above threshold that
match no tool of their class are false tools, by what they lie on (another tool, a person,
nothing labelled).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from bench.real_photos import weights_config
from bench.zone_scenes import scene_arguments, write_report, zone_scenes
from storecheck.checks import load_checks_config
from storecheck.checks.geometry import iou
from storecheck.vision.config import VisionConfig
from storecheck.vision.detector import load_detector
from storecheck.vision.types import CLEANING_TOOL_LABELS, Box, Detections

#: Tool height / frame height, upper bounds of each band.
SIZE_BANDS = ((0.06, "under 6%"), (0.12, "6-12%"), (0.25, "12-25%"), (float("inf"), "25% and up"))
MATCH_IOU = 0.5
LOOSE_IOU = 0.2


def size_band(box: Box, frame_height: int) -> str:
    share = (box[3] - box[1]) / frame_height
    return next(name for bound, name in SIZE_BANDS if share < bound)


def judge(label: str, box: Box, found: Detections, threshold: dict[str, float], review: float) -> str:
    """The outcome of one labelled tool (see the module doc)."""
    own = [(iou(box, b), score) for b, score, lab in found if lab == label]
    if any(overlap >= MATCH_IOU and score >= threshold[label] for overlap, score in own):
        return "found"
    if any(overlap >= MATCH_IOU and score >= review for overlap, score in own):
        return "weak"
    others = [(score, lab) for b, score, lab in found
              if lab != label and lab in CLEANING_TOOL_LABELS and score >= threshold[lab] and iou(box, b) >= MATCH_IOU]
    if others:
        return f"called {max(others)[1]}"
    if any(overlap >= LOOSE_IOU and score >= threshold[label] for overlap, score in own):
        return "loose box"
    return "missed"


def doubled(label: str, box: Box, found: Detections, threshold: dict[str, float]) -> bool:
    return any(lab != label and lab in CLEANING_TOOL_LABELS and score >= threshold[lab] and iou(box, b) >= MATCH_IOU
               for b, score, lab in found)


def false_tool_ground(box: Box, label: str, truth: list[tuple[str, Box]]) -> str | None:
    """What a tool box above threshold lies on when it matches no tool of its class, else None."""
    if any(t == label and iou(box, b) >= MATCH_IOU for t, b in truth):
        return None
    overlap, under = max(((iou(box, b), t) for t, b in truth), default=(0.0, ""))
    if overlap < LOOSE_IOU:
        return "nothing labelled"
    return "another tool" if under in CLEANING_TOOL_LABELS else under


def main(argv: list[str] | None = None) -> dict:
    p = scene_arguments(__doc__ or "", "bench/results/tool_errors.json")
    p.add_argument("--model", type=Path, default=None, help="detector weights (.onnx; .pt on ultralytics); default: the shipped model")
    args = p.parse_args(argv)
    config = VisionConfig().detector
    detector = load_detector(weights_config(args.model, config) if args.model else config)
    thresholds = load_checks_config({}).thresholds
    threshold = {label: thresholds.for_label(label) for label in CLEANING_TOOL_LABELS}
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    by_size: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    false_tools: dict[str, Counter[str]] = defaultdict(Counter)
    for scene in zone_scenes("hall", args.n, args.seed, args.width, args.height):
        found = detector.detect(scene.image)
        truth: list[tuple[str, Box]] = [(label, tuple(map(float, box))) for label, box in scene.labels]  # type: ignore[misc]
        for label, box in truth:
            if label not in CLEANING_TOOL_LABELS:
                continue
            outcome = judge(label, box, found, threshold, thresholds.cleaning_tool_review)
            outcomes[label][outcome] += 1
            by_size[label][size_band(box, args.height)][outcome.split(" ")[0]] += 1
            if outcome == "found" and doubled(label, box, found, threshold):
                outcomes[label]["double"] += 1
        for b, score, label in found:
            if label in CLEANING_TOOL_LABELS and score >= threshold[label]:
                ground = false_tool_ground(b, label, truth)
                if ground is not None:
                    false_tools[label][ground] += 1
    report = {"seed": args.seed, "images": args.n, "size": [args.width, args.height], "detector": detector.name,
              "thresholds": threshold, "outcomes": {k: dict(sorted(v.items())) for k, v in sorted(outcomes.items())},
              "by_size": {k: {band: dict(sorted(c.items())) for band, c in v.items()} for k, v in sorted(by_size.items())},
              "false_tools": {k: dict(sorted(v.items())) for k, v in sorted(false_tools.items())}}
    write_report(report, args.out)
    kinds = sorted({k for c in outcomes.values() for k in c})
    print("| tool | labelled | " + " | ".join(kinds) + " | false tools |")
    print("| --- | --- |" + " --- |" * len(kinds) + " --- |")
    for label in sorted(outcomes):
        c = outcomes[label]
        labelled = sum(v for k, v in c.items() if k != "double")
        falses = ", ".join(f"{n} on {g}" for g, n in sorted(false_tools[label].items())) or "none"
        print(f"| {label} | {labelled} | " + " | ".join(str(c[k]) for k in kinds) + f" | {falses} |")
    return report


if __name__ == "__main__":
    main()
