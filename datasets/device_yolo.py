"""Write a seeded YOLO dataset of the screens the device rules judge: ``phone``, ``tv``, ``terminal``.

    python -m datasets.device_yolo --out data/devices --train 600 --val 120 --seed 31 --val-seed 32

What each box covers is what the rules measure on it (``vision.screens.screen_stats``): a demo
phone's body (its screen fills it), the ITV set's screen inside its bezel, a terminal's screen
(not its cabinet). Scenes come in turn (:data:`CYCLE`): device tables with the ITV set on the wall
(playing, off or no signal), tables without it, self-service zones (working, dark and error
terminals, with and without 暂停使用), and scenes with no screen at all (notice boards, hall and
window scenes with framed posters and LED signs, which look like screens and must not be called
one). Scales change with each full cycle. Image ``i`` of a split is drawn from
``default_rng([seed, split, i])`` as in ``datasets.generate``.
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

from datasets.generate import SPLIT_CODE
from datasets.scene import SCALES, make_scene

LABELS = ("phone", "tv", "terminal")
#: The scene kinds in turn: (kind, ITV set on the wall). ``hall`` and ``window`` are the main
#: generator's scenes, ``notice_board`` a wall of framed notices: none holds a screen.
CYCLE = (("device_display", True), ("self_service", False), ("device_display", False),
         ("device_display", True), ("self_service", False), ("notice_board", False),
         ("device_display", True), ("hall", False), ("self_service", False), ("window", False))
#: Boxes whose short side is under this share of the frame's long side are not asked for (the
#: main detector's rule: one 8 px cell once a 1920 frame is shrunk to 640).
MIN_SHARE = 1 / 120


def boxes(truth: dict) -> list[tuple[str, list[float]]]:
    """The labelled boxes of a scene's truth: each phone's body, the ITV set's screen, each
    terminal's screen."""
    out: list[tuple[str, list[float]]] = [("phone", phone["box"]) for phone in truth.get("phones", [])]
    tv = truth.get("tv")
    if tv and tv.get("screen"):
        out.append(("tv", tv["screen"]))
    out += [("terminal", terminal["screen"]) for terminal in truth.get("terminals", []) if terminal.get("screen")]
    return out


def draw(rng: np.random.Generator, index: int, width: int, height: int) -> tuple[np.ndarray, list[tuple[str, list[float]]]]:
    """The ``index``-th scene of the cycle and its labelled boxes."""
    from datasets import text_zones

    kind, itv = CYCLE[index % len(CYCLE)]
    scale = SCALES[(index // len(CYCLE)) % len(SCALES)]
    if kind in ("hall", "window"):
        return make_scene(rng, kind, scale, width, height).image, []
    image, truth = text_zones.render(rng, kind, scale, width, height, itv=itv)
    return image, boxes(truth)


def render_one(seed: int, split: str, index: int, width: int, height: int, out: Path) -> int:
    rng = np.random.default_rng([seed, SPLIT_CODE[split], index])
    image, found = draw(rng, index, width, height)
    h, w = image.shape[:2]
    stem = f"{split}_{seed}_{index:05d}"
    ok, jpg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(50, 96))])
    assert ok
    (out / "images" / split / f"{stem}.jpg").write_bytes(jpg.tobytes())
    lines = []
    for label, box in found:
        x1, y1, x2, y2 = max(0.0, box[0]), max(0.0, box[1]), min(float(w), box[2]), min(float(h), box[3])
        if min(x2 - x1, y2 - y1) < MIN_SHARE * max(w, h):
            continue
        lines.append(f"{LABELS.index(label)} {(x1 + x2) / 2 / w:.6f} {(y1 + y2) / 2 / h:.6f} {(x2 - x1) / w:.6f} {(y2 - y1) / h:.6f}")
    (out / "labels" / split / f"{stem}.txt").write_text("\n".join(lines) + ("\n" if lines else ""))
    return len(lines)


def generate(out: Path, seed: int, splits: dict[str, int], width: int = 1920, height: int = 1080,
             workers: int | None = None) -> Path:
    """Write ``splits`` ({split: count}) under ``out`` with a ``data.yaml``; returns its path."""
    for split in splits:
        (out / "images" / split).mkdir(parents=True, exist_ok=True)
        (out / "labels" / split).mkdir(parents=True, exist_ok=True)
    jobs = [(seed, split, i, width, height, out) for split, n in splits.items() for i in range(n)]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        counts = list(pool.map(render_one, *zip(*jobs, strict=True), chunksize=4))
    data = {"path": str(out.resolve()), **{split: f"images/{split}" for split in splits},
            "names": dict(enumerate(LABELS))}
    (out / "data.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    (out / "stats.json").write_text(json.dumps({"seed": seed, "splits": splits, "boxes": sum(counts)}))
    return out / "data.yaml"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--train", type=int, default=600)
    p.add_argument("--val", type=int, default=120)
    p.add_argument("--seed", type=int, default=31)
    p.add_argument("--val-seed", type=int, default=32)
    p.add_argument("--workers", type=int, default=None)
    args = p.parse_args(argv)
    generate(args.out / f"train-seed{args.seed}", args.seed, {"train": args.train}, workers=args.workers)
    generate(args.out / f"val-seed{args.val_seed}", args.val_seed, {"val": args.val}, workers=args.workers)


if __name__ == "__main__":
    main()
