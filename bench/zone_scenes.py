"""Generated scenes of one zone the detector never trained on, the same ones for every bench of
that zone (hall: ``bench.tool_review``, what the rule decides, and ``bench.tool_errors``, what
the detector got wrong; star desk: ``bench.star_review``), so their counts can be read side by
side."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from datasets.scene import SCALES, Scene, make_scene

#: The random stream of each zone's scenes (scene ``i`` of seed ``s`` draws from [s, stream, i]).
STREAMS = {"hall": 5, "star_desk": 9}


def scene_arguments(description: str, out: str, n: int = 300, seed: int = 91) -> argparse.ArgumentParser:
    """The options every zone bench takes: how many, which seed, frame size, report path."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=n)
    p.add_argument("--seed", type=int, default=seed, help="never used for training")
    p.add_argument("--width", type=int, default=1920)
    p.add_argument("--height", type=int, default=1080)
    p.add_argument("--out", type=Path, default=Path(out))
    return p


def zone_scenes(zone: str, n: int, seed: int, width: int, height: int) -> Iterator[Scene]:
    """Scene ``i`` depends on (zone, seed, i) alone, the camera scales in turn."""
    for i in range(n):
        rng = np.random.default_rng([seed, STREAMS[zone], i])
        yield make_scene(rng, zone, SCALES[i % len(SCALES)], width, height)


def write_report(report: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
