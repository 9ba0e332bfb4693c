"""Render the sample snapshots in ``datasets/samples/`` (1920x1080, one or more per zone).

``python -m datasets.samples`` searches seeds (from 9000, never used for training) for scenes
showing each case the README walks through, so the samples are reproducible.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from datasets.scene import Scene, make_scene

OUT = Path(__file__).resolve().parent / "samples"

CASES: list[tuple[str, str, str, Callable[[Scene], bool]]] = [
    ("counter-badges", "counter", "medium", lambda s: len(s.truth["staff"]) >= 2 and all(m["badge_visible"] for m in s.truth["staff"])),
    ("counter-no-badge", "counter", "medium", lambda s: any(m["badge"] is None for m in s.truth["staff"])),
    ("closeup-intern", "counter", "close", lambda s: any((m["badge"] or {}).get("intern") for m in s.truth["staff"])),
    ("star-desk-sign", "star_desk", "medium", lambda s: bool(s.truth.get("star_sign_in_view"))),
    ("star-desk-no-star-sign", "star_desk", "medium", lambda s: not s.truth.get("star_sign")),
    ("window-3-posters", "window", "medium", lambda s: s.truth["posters"] == 3),
    ("window-5-posters", "window", "medium", lambda s: s.truth["posters"] >= 5),
    ("hall-mop", "hall", "medium", lambda s: "mop" in s.truth["tools"]),
    ("hall-clean", "hall", "far", lambda s: not s.truth["tools"]),
]


def render_samples(out: Path = OUT, width: int = 1920, height: int = 1080) -> list[dict[str, object]]:
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for name, zone, scale, wanted in CASES:
        for seed in range(9000, 9400):
            scene = make_scene(np.random.default_rng(seed), zone, scale, width, height)
            if wanted(scene):
                break
        else:
            raise RuntimeError(f"no seed gave the case {name}")
        path = out / f"{name}.jpg"
        cv2.imwrite(str(path), scene.image, [cv2.IMWRITE_JPEG_QUALITY, 88])
        index.append({"image": path.name, "seed": seed, "zone": zone, **{k: v for k, v in scene.truth.items() if k != "zone"}})
    (out / "truth.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in index), encoding="utf-8")
    return index


if __name__ == "__main__":
    for item in render_samples():
        print(item["image"], item["seed"])
