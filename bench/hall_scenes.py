"""Generated hall scenes the detector never trained on, the same ones for every cleaning-tool
bench (``bench.tool_review``: what the rule decides; ``bench.tool_errors``: what the detector
got wrong), so their counts can be read side by side."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from datasets.scene import SCALES, Scene, make_scene


def scene_arguments(description: str, out: str) -> argparse.ArgumentParser:
    """The options every hall-scene bench takes: how many, which seed, frame size, report path."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=300)
    p.add_argument("--seed", type=int, default=91, help="never used for training")
    p.add_argument("--width", type=int, default=1920)
    p.add_argument("--height", type=int, default=1080)
    p.add_argument("--out", type=Path, default=Path(out))
    return p


def hall_scenes(n: int, seed: int, width: int, height: int) -> Iterator[Scene]:
    """Scene ``i`` depends on (seed, i) alone, the camera scales in turn."""
    for i in range(n):
        rng = np.random.default_rng([seed, 5, i])
        yield make_scene(rng, "hall", SCALES[i % len(SCALES)], width, height)


def write_report(report: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
