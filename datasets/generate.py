"""Write a seeded synthetic dataset in ultralytics YOLO format.

Usage::

    python -m datasets.generate --out data/synth --train 1000 --val 250 --seed 1

Image ``i`` of split ``s`` is drawn from ``numpy.random.default_rng([seed, split, i])``, so the
same seed gives the same bytes whatever the number of worker processes, and a val split made with
another seed shares nothing with the training data. Zones come in turn (``--zones`` sets the
cycle: ``counter,star_desk,hall,hall,window,hall`` makes half the scenes hall floors, where most
cleaning tools stand); scales change with each full cycle.
"""

from __future__ import annotations

import argparse
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import yaml

from datasets.scene import SCALES, ZONES, make_scene

LABELS = ("person", "badge", "desk_sign", "hanging_sign", "led_sign", "poster", "mop", "broom", "bucket", "dustpan")
SPLIT_CODE = {"train": 0, "val": 1, "test": 2}


def render_one(seed: int, split: str, index: int, width: int, height: int, out: Path,
               zones: tuple[str, ...] = ZONES) -> dict[str, object]:
    rng = np.random.default_rng([seed, SPLIT_CODE[split], index])
    zone = zones[index % len(zones)]
    scale = SCALES[(index // len(zones)) % len(SCALES)]
    w, h = (width, height)
    if scale == "close" and rng.random() < 0.35:  # an inspector's phone photo, portrait
        w, h = (height * 3 // 4, height)
    scene = make_scene(rng, zone, scale, w, h)
    stem = f"{split}_{seed}_{index:05d}"
    quality = int(rng.integers(40, 96))
    ok, jpg = cv2.imencode(".jpg", scene.image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    (out / "images" / split / f"{stem}.jpg").write_bytes(jpg.tobytes())
    lines = []
    for label, (x1, y1, x2, y2) in scene.labels:
        cx, cy, bw, bh = (x1 + x2) / 2 / w, (y1 + y2) / 2 / h, (x2 - x1) / w, (y2 - y1) / h
        lines.append(f"{LABELS.index(label)} {cx:.6f} {cy:.6f} {bw:.6f} {bh:.6f}")
    (out / "labels" / split / f"{stem}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
    return {"image": f"images/{split}/{stem}.jpg", "width": w, "height": h, **scene.truth}


def parse_zones(text: str) -> tuple[str, ...]:
    """A comma-separated zone cycle, each one of ``ZONES``."""
    zones = tuple(z.strip() for z in text.split(",") if z.strip())
    unknown = sorted(set(zones) - set(ZONES))
    if not zones or unknown:
        raise ValueError(f"zones must be a comma-separated list of {', '.join(ZONES)}; got {text!r}")
    return zones


def generate(out: Path, seed: int, counts: dict[str, int], width: int = 1280, height: int = 720, workers: int = 1,
             zones: tuple[str, ...] = ZONES) -> Path:
    """Render the splits into ``out``; returns the path of data.yaml."""
    out = out.resolve()
    for split, n in counts.items():
        (out / "images" / split).mkdir(parents=True, exist_ok=True)
        (out / "labels" / split).mkdir(parents=True, exist_ok=True)
        jobs = [(seed, split, i, width, height, out, zones) for i in range(n)]
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                truths = list(pool.map(render_one, *zip(*jobs, strict=True), chunksize=8))
        else:
            truths = [render_one(*job) for job in jobs]
        with open(out / f"truth_{split}.jsonl", "w", encoding="utf-8") as f:
            for t in truths:
                f.write(json.dumps(t, ensure_ascii=False) + "\n")
    data = {"path": str(out), "names": dict(enumerate(LABELS))}
    for split in counts:
        data[split] = f"images/{split}"
    if "val" not in counts:
        data["val"] = f"images/{next(iter(counts))}"
    yaml_path = out / "data.yaml"
    yaml_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return yaml_path


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--train", type=int, default=0)
    p.add_argument("--val", type=int, default=0)
    p.add_argument("--test", type=int, default=0)
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=720)
    p.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 1)))
    p.add_argument("--zones", default=",".join(ZONES), help="the zone cycle, comma-separated (default: each zone in turn)")
    args = p.parse_args(argv)
    try:
        zones = parse_zones(args.zones)
    except ValueError as e:
        p.error(str(e))
    counts = {k: v for k, v in (("train", args.train), ("val", args.val), ("test", args.test)) if v}
    if not counts:
        p.error("ask for at least one image: --train N, --val N or --test N")
    print(generate(args.out, args.seed, counts, args.width, args.height, args.workers, zones))


if __name__ == "__main__":
    main()
