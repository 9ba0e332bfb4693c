"""The figures behind the person detector's confidence (``vision.person_detector.confidence``),
measured on pictures that are neither the evaluation set nor the reported benches' seeds.

    python -m bench.people_choices [--photos /work/real-train/coco-train2017 /work/real-train/cafe-train] \
        [--seed 21 --n 60] [--out bench/results/people_choices.json]

* **Development photographs**, YOLO layout (``images/``, ``labels/``, class 0 = person): COCO
  train2017's first 128 and the café's train split, made by ``models.real_sources`` from their
  public repositories (never the photographs of ``../shared/real``). Per candidate confidence:
  the share of labelled people found (IoU 0.5) by our detector alone and with the person
  detector's people added (``vision.people_fusion``), and the people added that match no
  labelled person.
* **Drawn scenes** (``datasets.scene``, counter, star-desk and hall zones, a development seed):
  the same, against the scene's person labels. A person added where there is none would be a
  person to judge (a "staff member without a badge" behind a counter).

Beside the candidates, ``fused-squashed@0.5`` scores the person detector seeing a wide frame
squashed whole into its square input instead of as its left and right squares
(``vision.person_detector.squares``; only 16:9 frames differ: add ``/work/real-train/cctv-valid``,
ceiling frames of 1920x1080, to ``--photos``).

``--tiles 2 3`` also scores the person detector run on overlapping tiles of each picture (a 2x2
and 3x3 grid, each tile 1.3 times its share, the full frame too, NMS at IoU 0.5) at 0.5: what
tiling for small people would buy (not shipped).

People count from the checks' person threshold (``checks.thresholds.person``, 0.4): weaker boxes of
either detector are ignored there, so candidates below it change nothing.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np

from bench.real_people import match, yolo_photos
from datasets.scene import make_scene
from storecheck.checks.config import ChecksConfig
from storecheck.engine import Engine
from storecheck.vision.config import PersonDetectorConfig
from storecheck.vision.detector import Detector, load_detector
from storecheck.vision.detector.letterbox import nms_per_class
from storecheck.vision.models import default_person_detector_path
from storecheck.vision.people_fusion import fuse_people
from storecheck.vision.types import SOURCE, Detections

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = [Path("/work/real-train/coco-train2017"), Path("/work/real-train/cafe-train")]
CANDIDATES = (0.4, 0.5, 0.6, 0.7)
ZONES = ("counter", "star_desk", "hall")
SCALES = ("close", "medium", "far")


def drawn_scenes(seed: int, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n`` drawn scenes of the zones people are judged in, with their person boxes."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        scene = make_scene(rng, ZONES[i % len(ZONES)], SCALES[(i // len(ZONES)) % len(SCALES)], 1920, 1080)
        boxes = [box for label, box in scene.labels if label == "person"]
        out.append((scene.image, np.array(boxes, np.float32).reshape(-1, 4)))
    return out


def tiled(engine: Engine, image: np.ndarray, grid: int) -> Detections:
    """The person detector on the whole picture and on a ``grid`` x ``grid`` of overlapping tiles,
    one box a person (NMS)."""
    assert engine.person_detector is not None
    h, w = image.shape[:2]
    th, tw = int(h / grid * 1.3), int(w / grid * 1.3)
    parts = [engine.person_detector.detect(image)]
    for row in range(grid):
        for col in range(grid):
            y1 = min(max(0, int(row * h / grid - (th - h / grid) / 2)), h - th)
            x1 = min(max(0, int(col * w / grid - (tw - w / grid) / 2)), w - tw)
            parts.append(engine.person_detector.detect_region(image, (x1, y1, x1 + tw, y1 + th)))
    merged = Detections.merge(parts).above(0.5)
    return merged[nms_per_class(merged.xyxy, merged.confidence, np.zeros(len(merged), np.int64), 0.5, len(merged))]


def tally(engine: Engine, pictures: list[tuple[np.ndarray, np.ndarray]], floor: float,
          tiles: tuple[int, ...] = (), squashed: Detector | None = None) -> dict[str, object]:
    """Found people and inventions, ours alone and ours plus the person detector's at each candidate."""
    assert engine.person_detector is not None
    labelled = 0
    found: dict[str, int] = defaultdict(int)
    invented: dict[str, int] = defaultdict(int)
    for image, truth in pictures:
        labelled += len(truth)
        ours = engine.detector.detect(image).of("person")  # at the detector's own floor, as the engine
        theirs = engine.person_detector.detect(image).of("person")
        variants = {"ours": ours.with_data(SOURCE, ["detector"] * len(ours))}
        variants |= {f"fused@{c:g}": fuse_people(ours, theirs.above(c)) for c in CANDIDATES}
        variants |= {f"theirs@{c:g}": theirs.above(c) for c in CANDIDATES}
        variants |= {f"fused+tiles{g}@0.5": fuse_people(ours, tiled(engine, image, g)) for g in tiles}
        if squashed is not None:
            variants["fused-squashed@0.5"] = fuse_people(ours, squashed.detect(image).above(0.5))
        for name, people in variants.items():
            people = people.above(floor)  # what the checks judge
            hits = match(people.xyxy, people.confidence, truth)
            found[name] += int(hits.sum())
            added = np.array([people.get(i, SOURCE) == "people_detector" for i in range(len(people))], bool) \
                if name.startswith("fused") else np.ones(len(people), bool)
            invented[name] += int((~hits & added).sum()) if name != "ours" else int((~hits).sum())
    return {"pictures": len(pictures), "people": labelled,
            "recall": {k: round(v / max(labelled, 1), 3) for k, v in found.items()},
            "unmatched_boxes": dict(invented)}


def main(argv: list[str] | None = None) -> dict[str, object]:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--photos", type=Path, nargs="*", default=PHOTOS)
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("--n", type=int, default=45)
    p.add_argument("--tiles", type=int, nargs="*", default=[], help="also tile grids, e.g. 2 3 (not shipped)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "people_choices.json")
    args = p.parse_args(argv)
    engine = Engine()
    squashed = load_detector(PersonDetectorConfig(path=default_person_detector_path(), squares=False))
    floor = ChecksConfig().thresholds.person
    report: dict[str, object] = {"candidates": list(CANDIDATES), "person_threshold": floor}
    for folder in args.photos:
        if not (folder / "images").is_dir():
            raise SystemExit(f"{folder}: no images/ (make it with python -m models.real_sources)")
        pictures = [(cv2.imread(str(photo.path)), photo.persons) for photo in yolo_photos(folder)]
        report[folder.name] = tally(engine, pictures, floor, tuple(args.tiles), squashed)
        print(folder.name, json.dumps(report[folder.name]))
    report[f"drawn-seed{args.seed}"] = tally(engine, drawn_scenes(args.seed, args.n), floor, tuple(args.tiles), squashed)
    print(f"drawn-seed{args.seed}", json.dumps(report[f"drawn-seed{args.seed}"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
