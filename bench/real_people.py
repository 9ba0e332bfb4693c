"""Person AP50 and recall on real, box-labelled photographs, per set, for several models in one run.

    python -m bench.real_people models/storecheck-det.pt runs/x/weights/last.pt \
        [--people models/people-ssdlite.onnx] [--real ../shared/real] [--out bench/results/real_people.json]

The photographs are ``../shared/real/`` (``labels.jsonl``: boxes in pixels; never trained on):
``coco`` is COCO val2017's first 128 images (eye level), ``cafe`` the café's valid and test
splits (a high indoor camera). Each photo goes through the detector as the engine feeds it
(``.onnx`` on ONNX Runtime, ``.pt`` on the ultralytics backend fitted into 384x640 with minimal
padding, the engine's NMS), keeping boxes from 0.01 so the precision-recall curve is whole.

``--dev DIR ...`` scores YOLO-layout folders (``images/``, ``labels/``, class 0 = person) instead,
each a set named by its folder: development photographs for choosing between weights, which
``../shared/real`` must not be used for.

``--people`` adds two rows: the person detector alone, and the first model with the person
detector's people added as the engine adds them (``vision.people_fusion``, each at its floor).

Per set and model:

* ``AP50``: person average precision at IoU 0.5 (all points of the precision-recall curve, as
  VOC 2010 and later; each labelled person matched at most once, highest score first);
* ``recall@0.4`` and ``precision@0.4``: at the engine's person threshold;
* ``false_tools``: boxes of a cleaning tool at 0.4 or more (no photo holds a labelled tool), and
  on how many photos.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.boxes import iou
from bench.real_photos import INPUT_SIZE, PERSON_THRESHOLD, TOOL_THRESHOLD, TOOLS, weights_config

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
IOU = 0.5
#: Boxes kept for the precision-recall curve (the engine keeps from 0.4).
FLOOR = 0.01


@dataclass(frozen=True)
class LabelledPhoto:
    """One photograph of ``labels.jsonl``: its set (``coco``, ``cafe``), file and person boxes."""

    set: str
    path: Path
    persons: np.ndarray  # (N, 4) x1, y1, x2, y2 in pixels


def labelled_photos(real: Path = REAL) -> list[LabelledPhoto]:
    """Every photograph listed in ``real/labels.jsonl`` with its person boxes."""
    photos = []
    for line in (real / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        boxes = [o["box"] for o in row["objects"] if o["label"] == "person"]
        photos.append(LabelledPhoto("coco" if row["image"].startswith("coco") else "cafe", real / row["image"],
                                    np.array(boxes, np.float32).reshape(-1, 4)))
    return photos


def yolo_photos(folder: Path) -> list[LabelledPhoto]:
    """Every image of a YOLO-layout folder with its person boxes (class 0) in pixels."""
    import cv2

    photos = []
    for image in sorted((folder / "images").iterdir()):
        h, w = cv2.imread(str(image)).shape[:2]
        label = folder / "labels" / f"{image.stem}.txt"
        rows = [line.split() for line in label.read_text().splitlines() if line.strip()] if label.exists() else []
        boxes = [[(float(cx) - float(bw) / 2) * w, (float(cy) - float(bh) / 2) * h,
                  (float(cx) + float(bw) / 2) * w, (float(cy) + float(bh) / 2) * h]
                 for cls, cx, cy, bw, bh in rows if int(cls) == 0]
        photos.append(LabelledPhoto(folder.name, image, np.array(boxes, np.float32).reshape(-1, 4)))
    return photos


def first_of_each_set(photos: list[LabelledPhoto], n: int) -> list[LabelledPhoto]:
    """The first ``n`` photographs of each set, in file order (a quick run)."""
    seen: dict[str, int] = defaultdict(int)
    kept = []
    for photo in photos:
        seen[photo.set] += 1
        if seen[photo.set] <= n:
            kept.append(photo)
    return kept


def match(found: np.ndarray, scores: np.ndarray, truth: np.ndarray, threshold: float = IOU) -> np.ndarray:
    """Which found boxes are true positives: highest score first, each labelled box taken once,
    by the untaken labelled box it overlaps most (at least ``threshold``)."""
    hits = np.zeros(len(found), bool)
    taken = np.zeros(len(truth), bool)
    for i in np.argsort(-scores, kind="stable"):
        if not len(truth):
            break
        overlap = np.where(taken, -1.0, iou(found[i], truth))
        best = int(np.argmax(overlap))
        if overlap[best] >= threshold:
            hits[i] = taken[best] = True
    return hits


def average_precision(scores: np.ndarray, hits: np.ndarray, labelled: int) -> float:
    """Area under the precision-recall curve (precision made monotone, every point), as VOC 2010+."""
    if labelled == 0:
        return float("nan")
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(hits[order])
    recall = np.concatenate([[0.0], tp / labelled, [1.0]])
    precision = np.concatenate([[1.0], tp / np.arange(1, len(tp) + 1), [0.0]])
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    steps = np.nonzero(recall[1:] != recall[:-1])[0]
    return float(np.sum((recall[steps + 1] - recall[steps]) * precision[steps + 1]))


#: Other thresholds reported beside the checks' (recall and precision at each).
OTHER_THRESHOLDS = (0.2, 0.25, 0.3, 0.5)


def summarise(scores: np.ndarray, hits: np.ndarray, labelled: int, tools: list[int]) -> dict[str, float | int]:
    """One set's figures from all its person boxes (scores, true or not), labelled count and false tools per photo."""
    kept = scores >= PERSON_THRESHOLD
    at = {f"{name}@{t:g}": round(float(hits[scores >= t].sum()) / max(denominator, 1), 3)
          for t in OTHER_THRESHOLDS
          for name, denominator in (("recall", labelled), ("precision", int((scores >= t).sum())))}
    return {
        "photos": len(tools), "persons": labelled,
        "AP50": round(average_precision(scores, hits, labelled), 3),
        f"recall@{PERSON_THRESHOLD:g}": round(float(hits[kept].sum()) / max(labelled, 1), 3),
        f"precision@{PERSON_THRESHOLD:g}": round(float(hits[kept].sum()) / max(int(kept.sum()), 1), 3),
        "false_tools": int(sum(tools)), "photos_with_a_false_tool": int(sum(t > 0 for t in tools)),
        **at,
    }


def evaluate(model: Path | None, photos: list[LabelledPhoto], input_size: tuple[int, int] = INPUT_SIZE,
             people: Path | None = None, fused: bool = False) -> dict[str, dict]:
    """Per set, the figures of :func:`summarise` for ``model``; for the person detector ``people``
    alone when ``model`` is None, for ``model`` with its people added when ``fused``."""
    from storecheck.vision.config import DetectorConfig, PersonDetectorConfig
    from storecheck.vision.detector import load_detector
    from storecheck.vision.image import load_image
    from storecheck.vision.people_fusion import fuse_people

    ours = load_detector(weights_config(model, DetectorConfig(confidence=FLOOR), input_size)) if model else None
    theirs = load_detector(PersonDetectorConfig(path=people, confidence=FLOOR)) if people else None

    def detect(image: np.ndarray):  # noqa: ANN202 - Detections
        if ours is None or theirs is None:
            return (ours or theirs).detect(image)  # type: ignore[union-attr]
        return fuse_people(ours.detect(image), theirs.detect(image)) if fused else ours.detect(image)

    scores: dict[str, list[np.ndarray]] = defaultdict(list)
    hits: dict[str, list[np.ndarray]] = defaultdict(list)
    labelled: dict[str, int] = defaultdict(int)
    tools: dict[str, list[int]] = defaultdict(list)
    for photo in photos:
        found = detect(load_image(photo.path))
        people = found.of("person")
        scores[photo.set].append(people.confidence)
        hits[photo.set].append(match(people.xyxy, people.confidence, photo.persons))
        labelled[photo.set] += len(photo.persons)
        tools[photo.set].append(sum(int((found.of(label).confidence >= TOOL_THRESHOLD).sum()) for label in TOOLS))
    return {name: summarise(np.concatenate(scores[name]), np.concatenate(hits[name]), labelled[name], tools[name])
            for name in scores}


def table(report: dict[str, dict[str, dict]]) -> str:
    """The report as a markdown table, one row per model and set."""
    rows = [f"| model | set | photos | persons | AP50 | recall@{PERSON_THRESHOLD:g} | precision@{PERSON_THRESHOLD:g} "
            "| false tools (photos) |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for model, sets in report.items():
        for name, m in sets.items():
            rows.append(f"| {model} | {name} | {m['photos']} | {m['persons']} | {m['AP50']:.3f} "
                        f"| {m[f'recall@{PERSON_THRESHOLD:g}']:.3f} | {m[f'precision@{PERSON_THRESHOLD:g}']:.3f} "
                        f"| {m['false_tools']} ({m['photos_with_a_false_tool']}) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> dict[str, dict[str, dict]]:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("models", type=Path, nargs="+")
    p.add_argument("--people", type=Path, help="the person detector (.onnx, onnx-ssd backend): alone and fused with the first model")
    p.add_argument("--real", type=Path, default=REAL)
    p.add_argument("--limit", type=int, default=0, help="only the first N photographs of each set (0: all)")
    p.add_argument("--dev", type=Path, nargs="*", default=[], help="YOLO-layout folders to score instead of --real")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "real_people.json")
    args = p.parse_args(argv)
    if args.dev:
        photos = [photo for folder in args.dev for photo in yolo_photos(folder)]
    elif not (args.real / "labels.jsonl").is_file():
        raise SystemExit(f"no labels.jsonl under {args.real}")
    else:
        photos = labelled_photos(args.real)
    if args.limit:
        photos = first_of_each_set(photos, args.limit)
    report = {str(model): evaluate(model, photos) for model in args.models}
    if args.people:
        report[str(args.people)] = evaluate(None, photos, people=args.people)
        report[f"{args.models[0]} + {args.people}"] = evaluate(args.models[0], photos, people=args.people, fused=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table(report))
    return report


if __name__ == "__main__":
    main()
