"""How often a person's clothes make them staff by colour alone (``checks.uniform_colours``), on
real people who are not staff and on drawn staff, per candidate chroma floor.

    python -m bench.uniform_cue [--photos /work/real-train/coco-train2017] [--seed 21 --n 90] \
        [--out bench/results/uniform_cue.json]

The uniform colours are HSV ranges of the torso's median colour. At low brightness a hue means
little: a black T-shirt under a camera's bluish white balance has a blue hue and a saturation of
60-150 at a brightness of 25, and measures as the navy suit. Its chroma (saturation x brightness
/ 255, the spread of its B, G and R) stays near 10, where a navy jacket's is 30 or more. So each
candidate floor drops matches whose chroma is under it.

* **Development photographs** (YOLO layout, class 0 = person; COCO train2017's first 128 made by
  ``models.real_sources``, never the photographs of ``../shared/real``): nobody there is staff of
  ours, so every match is a false staff cue. People under ``MIN_HEIGHT`` px are left out (no
  badge is looked for on them).
* **Drawn scenes** (``datasets.scene``, counter, star-desk and hall zones, a development seed): the
  share of drawn staff whose clothes match (the cue's recall; staff in black or charcoal suits and
  white shirts are not meant to match) and of drawn customers.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np

from bench.real_people import yolo_photos
from datasets.scene import make_scene
from storecheck.checks.config import ChecksConfig, UniformColour
from storecheck.checks.geometry import iou
from storecheck.vision.appearance import torso_hsv

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = [Path("/work/real-train/coco-train2017")]
FLOORS = (0, 10, 15, 20, 25, 30, 40)
ZONES = ("counter", "star_desk", "hall")
SCALES = ("close", "medium", "far")
#: People shorter than this (px) are left out: their torso is a few dozen pixels, colour noise.
MIN_HEIGHT = 80


def chroma(hsv: tuple[int, int, int]) -> float:
    """Saturation x brightness / 255: the spread of B, G and R (0-255)."""
    return hsv[1] * hsv[2] / 255


def matched(hsv: tuple[int, int, int], colours: list[UniformColour]) -> bool:
    """Whether the colour falls in a uniform range, chroma floors aside."""
    plain = [colour.model_copy(update={"min_chroma": 0}) for colour in colours]
    return any(colour.matches(hsv) for colour in plain)


def shares(torsos: list[tuple[int, int, int]], colours: list[UniformColour]) -> dict[str, float]:
    """The share of ``torsos`` that match a uniform colour at each candidate floor."""
    hits = [chroma(hsv) for hsv in torsos if matched(hsv, colours)]
    return {f"floor {floor}": round(sum(c >= floor for c in hits) / max(len(torsos), 1), 4) for floor in FLOORS}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--photos", type=Path, nargs="*", default=PHOTOS)
    p.add_argument("--seed", type=int, default=21, help="a development seed (train 1, val 2; benches 77, 93)")
    p.add_argument("--n", type=int, default=90)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "uniform_cue.json")
    args = p.parse_args(argv)
    colours = ChecksConfig().uniform_colours
    report: dict[str, object] = {"floors": FLOORS, "uniform_colours": [c.model_dump() for c in colours]}
    for folder in args.photos:
        torsos = []
        for photo in yolo_photos(folder):
            image = cv2.imread(str(photo.path), cv2.IMREAD_COLOR)
            torsos += [torso_hsv(image, box) for box in photo.persons if box[3] - box[1] >= MIN_HEIGHT]
        report[f"real {folder.name}: not staff, matched"] = {"people": len(torsos), **shares(torsos, colours)}
    rng = np.random.default_rng(args.seed)
    staff, customers = [], []
    for i in range(args.n):
        scene = make_scene(rng, ZONES[i % len(ZONES)], SCALES[(i // len(ZONES)) % len(SCALES)], 1920, 1080)
        staff_boxes = [member["box"] for member in scene.truth["staff"]]
        for label, box in scene.labels:
            if label != "person" or box[3] - box[1] < MIN_HEIGHT:
                continue
            is_staff = any(iou(tuple(box), tuple(s)) > 0.7 for s in staff_boxes)
            (staff if is_staff else customers).append(torso_hsv(scene.image, box))
    report[f"drawn seed {args.seed}: staff, matched"] = {"people": len(staff), **shares(staff, colours)}
    report[f"drawn seed {args.seed}: customers, matched"] = {"people": len(customers), **shares(customers, colours)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("| people | n | " + " | ".join(f"chroma >= {f}" for f in FLOORS) + " |")
    print("| --- | --- |" + " --- |" * len(FLOORS))
    for key, row in report.items():
        if isinstance(row, dict) and "people" in row:
            print(f"| {key} | {row['people']} | " + " | ".join(str(row[f"floor {f}"]) for f in FLOORS) + " |")
    return report


if __name__ == "__main__":
    main()
