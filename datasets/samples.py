"""Render the sample snapshots in ``datasets/samples/`` (1920x1080, one or more per zone).

``python -m datasets.samples`` searches seeds (from 9000, never used for training) for scenes
showing each case the README walks through, so the samples are reproducible.
``python -m datasets.samples NAME ...`` renders only those cases and keeps the other lines of
``truth.jsonl`` as they are (samples rendered by an older generator stay as they were).

The cases of the rules seen on screens and clothes (``demo_phones.powered``, ``itv.playing``,
``terminals.paused_notice``, ``staff.uniform``) carry in their truth line the store type they are
meant for (``store_type``: the ITV set is asked of 1-3级厅 only, the terminals' 加分项 of 4-5级厅 and
专营店 only, the uniform of every hall but a community one) and the verdict each rule should
give (``expect``, worked out from the scene's truth, never from the engine). They are a demo and
README walk-through, not a benchmark: a seed whose picture shows the case but which the engine
misjudges (a wrong verdict, or the right one with a screen missed, invented or seen in the wrong
state) is skipped (``Case.skip``, each with why: 17 seeds when they were chosen), so the engine
gets these samples right by choice. ``bench.device_rules`` says how often it does on scenes
nobody chose.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import cv2
import numpy as np

from datasets import text_zones, uniform_scenes
from datasets.scene import make_scene

OUT = Path(__file__).resolve().parent / "samples"

Truth = dict[str, Any]
#: Draws a scene: (rng, zone, scale, width, height) -> (picture, truth).
Draw = Callable[[np.random.Generator, str, str, int, int], tuple[np.ndarray, Truth]]


def _scene(rng: np.random.Generator, zone: str, scale: str, width: int, height: int) -> tuple[np.ndarray, Truth]:
    scene = make_scene(rng, zone, scale, width, height)
    return scene.image, scene.truth


def _device_table_with_itv(rng: np.random.Generator, zone: str, scale: str, width: int,
                           height: int) -> tuple[np.ndarray, Truth]:
    return text_zones.render(rng, zone, scale, width, height, itv=True)


def _staff_row(rng: np.random.Generator, zone: str, scale: str, width: int, height: int) -> tuple[np.ndarray, Truth]:
    return uniform_scenes.random_row(rng, width, height)  # its own zone (counter or hall) and framing


def _lit_phones(t: Truth) -> int:
    return sum(1 for phone in t["phones"] if phone["powered"])


def _faulty(t: Truth) -> list[dict[str, Any]]:
    return [terminal for terminal in t["terminals"] if terminal["faulty"]]


#: What each rule's verdict is, by the scene's truth (a tier 1 market: five lit phones asked).
VERDICTS: dict[str, Callable[[Truth], str]] = {
    "demo_phones.powered": lambda t: "pass" if _lit_phones(t) >= 5 else "violation",
    "itv.playing": lambda t: "pass" if t["tv"]["playing"] else "violation",
    "terminals.paused_notice": lambda t: "violation" if any(not m["paused_notice"] for m in _faulty(t)) else "pass",
    "staff.uniform": lambda t: "violation" if t["odd"] else "pass",
}


class Case(NamedTuple):
    name: str
    zone: str
    scale: str
    wanted: Callable[[Truth], bool]  # the picture shows the case clearly
    draw: Draw = _scene
    store_type: str | None = None  # the store type the sample is meant for, where it matters
    expect: Mapping[str, str] = {}  # rule -> the verdict the truth gives
    skip: Mapping[int, str] = {}  # seeds showing the case that the engine misjudges -> why

    def shows(self, seed: int, truth: Truth) -> bool:
        return (seed not in self.skip and truth.get("zone") == self.zone and self.wanted(truth)
                and all(VERDICTS[rule](truth) == verdict for rule, verdict in self.expect.items()))


def _readable_notices(t: Truth) -> bool:
    return len(_faulty(t)) == 1 and all(m["paused_notice"] and m["notice_readable"] for m in _faulty(t))


CASES: list[Case] = [
    Case("counter-badges", "counter", "medium", lambda t: len(t["staff"]) >= 2 and all(m["badge_visible"] for m in t["staff"])),
    Case("counter-no-badge", "counter", "medium", lambda t: any(m["badge"] is None for m in t["staff"])),
    Case("closeup-intern", "counter", "close", lambda t: any((m["badge"] or {}).get("intern") for m in t["staff"])),
    Case("star-desk-sign", "star_desk", "medium", lambda t: bool(t.get("star_sign_in_view"))),
    Case("star-desk-no-star-sign", "star_desk", "medium", lambda t: not t.get("star_sign")),
    Case("window-3-posters", "window", "medium", lambda t: t["posters"] == 3),
    Case("window-5-posters", "window", "medium", lambda t: t["posters"] >= 5),
    Case("hall-mop", "hall", "medium", lambda t: "mop" in t["tools"]),
    Case("hall-clean", "hall", "far", lambda t: not t["tools"]),
    Case("notice-board-complete", "notice_board", "medium", lambda t: len(t["notices"]["seen"]) == 4),
    Case("notice-board-missing", "notice_board", "medium",
         lambda t: len(t["notices"]["all"]) == 3 and t["notices"]["seen"] == t["notices"]["all"]),
    Case("device-tags", "device_display", "medium",
         lambda t: all(tag["readable"] for tag in t["price_tags"])
         and any(tag["origin"] is None and tag["brand_model"] and tag["price"] for tag in t["price_tags"])),
    # Five or six phones, five of them lit, the ITV set playing.
    Case("device-phones-on-itv-playing", "device_display", "medium", lambda t: len(t["phones"]) >= 5,
         _device_table_with_itv, "hall_1_3", {"demo_phones.powered": "pass", "itv.playing": "pass"},
         {9003: "the ITV set not found, two of five lit phones missed", 9006: "the ITV set not found, three phones missed",
          9022: "neither the ITV set nor any phone found",
          9036: "verdicts right, but a dark phone seen where there is none"}),
    # At most three of five or six phones lit, the set dark or showing a no-signal line one can read.
    Case("device-phones-dark-itv-off", "device_display", "medium",
         lambda t: len(t["phones"]) >= 5 and _lit_phones(t) <= 3
         and (t["tv"]["state"] == "off" or t["tv"]["text_readable"]),
         _device_table_with_itv, "hall_1_3", {"demo_phones.powered": "violation", "itv.playing": "violation"},
         {9011: "verdicts right, two phones missed and two lit ones taken for dark",
          9028: "verdicts right, a lit phone missed", 9031: "verdicts right, a lit phone missed and one taken for dark",
          9046: "the ITV set not found", 9051: "verdicts right, a sixth phone seen where five stand",
          9086: "verdicts right, four of six phones missed",
          9092: "verdicts right, but the blue no-signal page called dark (switched off), its line not read",
          9112: "no phone found", 9123: "verdicts right, a dark phone missed and a lit one taken for dark",
          9128: "verdicts right, two phones missed and two lit ones taken for dark"}),
    # One faulty terminal, its 暂停使用 notice legible; then one faulty terminal with no notice.
    Case("self-service-paused-notice", "self_service", "medium", _readable_notices,
         store_type="hall_4_5", expect={"terminals.paused_notice": "pass"},
         skip={9016: "the bonus given, but the faulty terminal (an error page) taken for a working one",
               9030: "a dark terminal seen where none stands: bonus not earned"}),
    Case("self-service-no-notice", "self_service", "medium", lambda t: len(_faulty(t)) == 1,
         store_type="hall_4_5", expect={"terminals.paused_notice": "violation"},
         skip={9001: "verdict right, but five terminals seen where four stand, a working one taken for dark"}),
    # Three or four staff behind a counter (so the odd one is one against a majority), no 孕妈妈 (her
    # own clothes are allowed, which would blur the case).
    Case("counter-one-uniform", "counter", "medium", lambda t: len(t["staff"]) >= 3 and not any(m["pregnant"] for m in t["staff"]),
         _staff_row, "hall_1_3", {"staff.uniform": "pass"}),
    Case("counter-odd-jacket", "counter", "medium", lambda t: len(t["staff"]) >= 3 and not any(m["pregnant"] for m in t["staff"]),
         _staff_row, "hall_1_3", {"staff.uniform": "violation"}),
]


def find_seed(case: Case, width: int = 1920, height: int = 1080) -> tuple[int, np.ndarray, Truth]:
    """The first seed from 9000 whose scene shows ``case``: its seed, picture and truth."""
    for seed in range(9000, 9400):
        image, truth = case.draw(np.random.default_rng(seed), case.zone, case.scale, width, height)
        if case.shows(seed, truth):
            return seed, image, truth
    raise RuntimeError(f"no seed gave the case {case.name}")


def render_samples(out: Path = OUT, width: int = 1920, height: int = 1080,
                   names: list[str] | None = None) -> list[dict[str, object]]:
    """Render the cases (all, or those in ``names``); returns their truth lines."""
    unknown = set(names or ()) - {case.name for case in CASES}
    if unknown:
        raise ValueError(f"no sample case named {', '.join(sorted(unknown))}")
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for case in CASES:
        if names is not None and case.name not in names:
            continue
        seed, image, truth = find_seed(case, width, height)
        path = out / f"{case.name}.jpg"
        cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 88])
        meant: dict[str, object] = {"store_type": case.store_type} if case.store_type else {}
        if case.expect:
            meant["expect"] = dict(case.expect)
        index.append({"image": path.name, "seed": seed, "zone": case.zone, **meant,
                      **{k: v for k, v in truth.items() if k != "zone"}})
    lines = {str(t["image"]): json.dumps(t, ensure_ascii=False) for t in index}
    truth_file = out / "truth.jsonl"
    if names is not None and truth_file.exists():  # keep the other cases' lines, in CASES order
        kept = {json.loads(line)["image"]: line for line in truth_file.read_text(encoding="utf-8").splitlines() if line}
        lines = {**kept, **lines}
    order = [f"{case.name}.jpg" for case in CASES]
    truth_file.write_text("".join(lines[k] + "\n" for k in sorted(lines, key=lambda k: order.index(k) if k in order else len(order))),
                          encoding="utf-8")
    return index


def analysis_groups(out: Path = OUT) -> dict[tuple[str, str], list[Path]]:
    """The samples by the zone and store type each is meant for (``storecheck analyze``'s
    ``--zone`` and ``--store-type``; hall_1_3 where a truth line names none)."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        groups.setdefault((item["zone"], item.get("store_type", "hall_1_3")), []).append(out / item["image"])
    return groups


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--groups"]:  # for `make analyze-samples`: "zone store_type path..." per line
        for (zone, store_type), paths in analysis_groups().items():
            print(zone, store_type, *paths)
    else:
        for item in render_samples(names=sys.argv[1:] or None):
            print(item["image"], item["seed"])
