"""How much of the mop and broom mAP50 the detector loses to naming one for the other.

    python -m bench.tool_naming --n 300 --seed 2 --out bench/results/tool_naming.json

AP50 of each cleaning-tool class on the model card's val split (``datasets.generate --seed 2``,
1280x720, every zone in turn, never trained on), run as shipped (ONNX Runtime, the engine's
letterbox, detections down to confidence 0.001), next to the AP50 of mop and broom scored as
one class: a long-handled tool, which is all ``hall.no_cleaning_tools`` needs (it merges the
two names). A merged AP far above the two apart means the tools are found and misnamed; close
to them, that they are missed or boxed loosely.

AP here is COCO's: detections matched greedily by score at IoU 0.5, precision interpolated at
101 recall points. ultralytics interpolates differently, so read the rows against each other,
not against the card.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import cv2
import numpy as np

from bench.real_photos import weights_config
from bench.zone_scenes import write_report
from datasets.generate import LABELS, generate
from storecheck.checks.geometry import iou
from storecheck.vision.config import VisionConfig
from storecheck.vision.detector import load_detector
from storecheck.vision.types import Box

MATCH_IOU = 0.5
#: The groups scored: each tool alone, then mop and broom as one.
GROUPS = {"mop": ("mop",), "broom": ("broom",), "bucket": ("bucket",), "dustpan": ("dustpan",),
          "mop or broom": ("mop", "broom")}

#: One image's boxes of a group: (truth boxes, [(score, box)] detections).
ImageBoxes = tuple[list[Box], list[tuple[float, Box]]]


def average_precision(images: Iterable[ImageBoxes]) -> float:
    """COCO-style AP50 over ``images``; nan when no truth box exists."""
    scored: list[tuple[float, bool]] = []
    truths = 0
    for truth, found in images:
        truths += len(truth)
        free = list(range(len(truth)))
        for score, box in sorted(found, key=lambda d: -d[0]):
            overlaps = [(iou(box, truth[k]), k) for k in free]
            best = max(overlaps, default=(0.0, -1))
            hit = best[0] >= MATCH_IOU
            if hit:
                free.remove(best[1])
            scored.append((score, hit))
    if truths == 0:
        return float("nan")
    scored.sort(key=lambda s: -s[0])
    hits = np.cumsum([hit for _, hit in scored], dtype=np.float64)
    recall = hits / truths
    precision = hits / np.arange(1, len(scored) + 1)
    envelope = np.maximum.accumulate(precision[::-1])[::-1] if len(scored) else precision
    points = np.linspace(0, 1, 101)
    at = np.searchsorted(recall, points, side="left")
    return float(np.mean([envelope[i] if i < len(envelope) else 0.0 for i in at]))


def yolo_boxes(label_file: Path, width: int, height: int) -> list[tuple[str, Box]]:
    out = []
    for line in label_file.read_text().splitlines():
        cls, cx, cy, bw, bh = line.split()
        x, y, w, h = float(cx) * width, float(cy) * height, float(bw) * width, float(bh) * height
        out.append((LABELS[int(cls)], (x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
    return out


def group_boxes(labels: Sequence[str], truth: list[tuple[str, Box]],
                found: list[tuple[str, float, Box]]) -> ImageBoxes:
    return ([box for label, box in truth if label in labels],
            [(score, box) for label, score, box in found if label in labels])


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--seed", type=int, default=2, help="the card's val seed (training used others)")
    p.add_argument("--model", type=Path, default=None, help="detector weights (.onnx; .pt on ultralytics); default: the shipped model")
    p.add_argument("--out", type=Path, default=Path("bench/results/tool_naming.json"))
    args = p.parse_args(argv)
    config = VisionConfig().detector.model_copy(update={"confidence": 0.001, "class_confidence": {}, "max_detections": 300})
    detector = load_detector(weights_config(args.model, config) if args.model else config)
    per_group: dict[str, list[ImageBoxes]] = {name: [] for name in GROUPS}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.seed, {"val": args.n})
        for image_file in sorted((root / "images" / "val").glob("*.jpg")):
            image = cv2.imread(str(image_file))
            height, width = image.shape[:2]
            truth = yolo_boxes(root / "labels" / "val" / f"{image_file.stem}.txt", width, height)
            found = [(label, score, tuple(box)) for box, score, label in detector.detect(image)]
            for name, labels in GROUPS.items():
                per_group[name].append(group_boxes(labels, truth, found))  # type: ignore[arg-type]
    ap = {name: round(average_precision(images), 3) for name, images in per_group.items()}
    boxes = {name: sum(len(t) for t, _ in images) for name, images in per_group.items()}
    report = {"seed": args.seed, "images": args.n, "size": [1280, 720], "detector": detector.name,
              "ap50": ap, "truth_boxes": boxes}
    write_report(report, args.out)
    print("| tool | boxes | AP50 |")
    print("| --- | --- | --- |")
    for name in GROUPS:
        print(f"| {name} | {boxes[name]} | {ap[name]:.3f} |")
    return report


if __name__ == "__main__":
    main()
