"""Render the sample snapshots in ``datasets/samples/`` (1920x1080, one or more per zone).

``python -m datasets.samples`` searches seeds (from 9000, never used for training) for scenes
showing each case the README walks through, so the samples are reproducible.
``python -m datasets.samples NAME ...`` renders only those cases and keeps the other lines of
``truth.jsonl`` as they are (samples rendered by an older generator stay as they were).
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
    ("notice-board-complete", "notice_board", "medium", lambda s: len(s.truth["notices"]["seen"]) == 4),
    ("notice-board-missing", "notice_board", "medium",
     lambda s: len(s.truth["notices"]["all"]) == 3 and s.truth["notices"]["seen"] == s.truth["notices"]["all"]),
    ("device-tags", "device_display", "medium",
     lambda s: all(t["readable"] for t in s.truth["price_tags"])
     and any(t["origin"] is None and t["brand_model"] and t["price"] for t in s.truth["price_tags"])),
]


def render_samples(out: Path = OUT, width: int = 1920, height: int = 1080,
                   names: list[str] | None = None) -> list[dict[str, object]]:
    """Render the cases (all, or those in ``names``); returns their truth lines."""
    unknown = set(names or ()) - {case[0] for case in CASES}
    if unknown:
        raise ValueError(f"no sample case named {', '.join(sorted(unknown))}")
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for name, zone, scale, wanted in CASES:
        if names is not None and name not in names:
            continue
        for seed in range(9000, 9400):
            scene = make_scene(np.random.default_rng(seed), zone, scale, width, height)
            if wanted(scene):
                break
        else:
            raise RuntimeError(f"no seed gave the case {name}")
        path = out / f"{name}.jpg"
        cv2.imwrite(str(path), scene.image, [cv2.IMWRITE_JPEG_QUALITY, 88])
        index.append({"image": path.name, "seed": seed, "zone": zone, **{k: v for k, v in scene.truth.items() if k != "zone"}})
    lines = {str(t["image"]): json.dumps(t, ensure_ascii=False) for t in index}
    truth = out / "truth.jsonl"
    if names is not None and truth.exists():  # keep the other cases' lines, in CASES order
        kept = {json.loads(line)["image"]: line for line in truth.read_text(encoding="utf-8").splitlines() if line}
        lines = {**kept, **lines}
    order = [f"{case[0]}.jpg" for case in CASES]
    truth.write_text("".join(lines[k] + "\n" for k in sorted(lines, key=lambda k: order.index(k) if k in order else len(order))),
                     encoding="utf-8")
    return index


if __name__ == "__main__":
    import sys

    for item in render_samples(names=sys.argv[1:] or None):
        print(item["image"], item["seed"])
