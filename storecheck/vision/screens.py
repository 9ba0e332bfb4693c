"""Screens found by image analysis and a small learned scorer: demo phones and the ITV set on a device display
table, self-service terminals; and what a screen shows (lit or dark, busy or uniform).

The main detector has no ``phone``, ``tv`` or ``terminal`` class (its classes are
``vision.types.LABELS``); the screen detector (``models/storecheck-devices.md``) has, and
:func:`find_devices` runs beside it and stands in for it for any kind it found none of
(:mod:`storecheck.vision.screen_fusion`). :func:`screen_stats`, which judges a screen on its
crop, works on either's boxes.

How the finder works (:mod:`storecheck.vision.screen_shapes` for the pieces). A screen is a
rectangle with a dark edge: switched off, a phone, TV or terminal is a dark slab (black glass in
a dark body or bezel); lit, a bright busy picture in a dark rim or bezel. Candidates come four
ways: the frame's dark shapes at a few levels of darkness (the camera's exposure moves a black
bezel from ~20 to ~85 grey) whose filled outline is a rectangle; regions closed in by edges; a
dark top line with an upright dark line under each end (a phone's rim, broken at its lighter
rounded corners and hidden at its foot by the price tag in front); and light shapes at a few
levels (a lit screen whose rim merges with a dark table). Shape and size say what each may be
(:data:`SHAPES`): a phone stands upright (its foot often hidden: 0.8-2.4 times as tall as wide)
and is small; the TV is 16:9 and large; a terminal's screen, portrait or landscape, in a
self_service zone. Hand-made rules then let through light rectangles in dark frames on
photographs (window panes, emblems, door panels) and lost dim phones on generated tables, so a
small scorer (:mod:`storecheck.vision.screen_scorer`, ``models/storecheck-screens.md``) weighs
each candidate's measures (:mod:`storecheck.vision.screen_features`: inside, rim on each side,
backdrop, border, the old rules as hints); it was trained on generated scenes and on real
photographs with no screen, and its threshold keeps inventions under 3% of those photographs.
The best scored box of each screen is kept; a TV also needs a dark bezel, and one is kept (the
ITV set), chosen first. A shape too wide or too tall for a TV (its bezel merged with what is
beside or above it) is also tried at its 16:9 ends. Once some phones are kept, the others are
looked for along their row at their size (:mod:`storecheck.vision.screen_rows`): a lit phone
whose thin rim no shape found scores as one in a window of the right size. Screens under
``MIN_SIDE_PX`` are not judged.

Measured: ``bench/device_rules.py`` (rules, seed 93, README) and ``bench/screen_finder.py``
(the finder alone against the generator's truth, other seeds). Far tables are still the weak
spot: a row with no phone kept at all is never searched.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from storecheck.vision.boxes import overlap
from storecheck.vision.screen_features import FEATURES, features
from storecheck.vision.screen_rows import row_phones
from storecheck.vision.screen_scorer import ScreenScorer, load_scorer
from storecheck.vision.screen_shapes import (
    BEZEL_LEVEL,
    INSET,
    MIN_SIDE_PX,
    OFF_LEVEL,
    UNIFORM_LEVELS,
    interior,
    proposals,
)
from storecheck.vision.types import SCREEN, SOURCE, Box, Detections


@dataclass(frozen=True)
class Shape:
    """What a screen of one kind looks like: height/width range, width as a share of the frame's."""

    kind: str
    aspect: tuple[float, float]
    width: tuple[float, float]


#: The shapes looked for in each zone.
SHAPES: dict[str, tuple[Shape, ...]] = {
    "device_display": (Shape("phone", (0.8, 2.4), (0.012, 0.16)), Shape("tv", (0.5, 0.64), (0.09, 0.6))),
    "self_service": (Shape("terminal", (0.55, 1.6), (0.02, 0.5)),),
}
BEZELLED = FEATURES.index("bezelled")
#: A TV's width per height (16:9), and the height/width range of a shape too wide for one whose
#: ends are tried as one (:func:`_tv_ends`).
TV_WIDTH_PER_HEIGHT = 16 / 9
WIDE = (0.25, 0.5)
TALL = (0.64, 0.9)
#: A TV scored this high needs only a bezel dark on three sides (:func:`_framed`), not the
#: finder's full bezel test.
SURE_TV = 0.99
FRAME_CONTRAST = 10
#: Two boxes with this share of the smaller one in common are the same screen.
OVERLAP = 0.5
#: Zones where :func:`find_devices` looks, and the labels it gives.
ZONES = tuple(SHAPES)
DEVICE_LABELS: frozenset[str] = frozenset({"phone", "tv", "terminal"})


@dataclass(frozen=True)
class ScreenStats:
    """What a screen shows, measured on its interior (grey levels 0-255)."""

    mean: float  # how bright
    std: float  # how busy: a picture or a page of icons varies, black glass or a blank page not
    uniform: float  # share of pixels near the median: 1.0 for a blank or one-colour screen

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.mean, self.std, self.uniform)


def screen_stats(image: np.ndarray, box: Box) -> ScreenStats:
    """Brightness, variation and uniformity of the screen in ``box`` (a BGR image), its rim left out.

    Example:
        >>> img = np.zeros((100, 100, 3), np.uint8)
        >>> screen_stats(img, (10, 10, 90, 90))
        ScreenStats(mean=0.0, std=0.0, uniform=1.0)
    """
    x1, y1, x2, y2 = box
    dx, dy = (x2 - x1) * INSET, (y2 - y1) * INSET
    h, w = image.shape[:2]
    c1, r1 = int(max(0, x1 + dx)), int(max(0, y1 + dy))
    c2, r2 = int(min(w, max(c1 + 1, x2 - dx))), int(min(h, max(r1 + 1, y2 - dy)))
    crop = image[r1:r2, c1:c2]
    if crop.size == 0:
        return ScreenStats(0.0, 0.0, 1.0)
    grey = cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_BGR2GRAY).astype(np.float32)
    median = float(np.median(grey))
    uniform = float((np.abs(grey - median) <= UNIFORM_LEVELS).mean())
    return ScreenStats(round(float(grey.mean()), 1), round(float(grey.std()), 1), round(uniform, 3))


def _shape_of(box: Box, shapes: tuple[Shape, ...], frame_width: int) -> str | None:
    bw, bh = box[2] - box[0], box[3] - box[1]
    if min(bw, bh) < MIN_SIDE_PX:
        return None
    for shape in shapes:
        if shape.aspect[0] <= bh / bw <= shape.aspect[1] and shape.width[0] <= bw / frame_width <= shape.width[1]:
            return shape.kind
    return None


def _same(a: Box, b: Box) -> bool:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return union > 0 and inter / union >= 0.7


def _tv_ends(box: Box, frame_width: int) -> list[Box]:
    """A shape too wide for a TV (its bezel merged with what hangs or stands beside it): the
    16:9 boxes of its full height at its left and right ends, where the set would be; too tall
    (merged with what hangs above it), the 16:9 box of its full width at its foot."""
    x1, y1, x2, y2 = box
    h, w = y2 - y1, x2 - x1
    if w < 0.09 * frame_width:
        return []
    if TALL[0] < h / w <= TALL[1]:
        return [(x1, round(y2 - w / TV_WIDTH_PER_HEIGHT), x2, y2)]
    tv_w = h * TV_WIDTH_PER_HEIGHT
    if not (WIDE[0] <= h / max(w, 1.0) < WIDE[1]) or tv_w < 0.09 * frame_width:
        return []
    return [(x1, y1, round(x1 + tv_w), y2), (round(x2 - tv_w), y1, x2, y2)]


def _framed(grey: np.ndarray, box: Box) -> bool:
    """Dark (under ``BEZEL_LEVEL``) along at least three of its four sides, and those sides
    darker than its inside by ``FRAME_CONTRAST`` (or the inside off): a bezel that
    :func:`~storecheck.vision.screen_shapes.bezelled` misses round a dim picture, where a grey
    panel, one level edge to edge, has none."""
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    band = max(2, int(0.025 * (x2 - x1)))
    region = grey[max(0, y1):y2, max(0, x1):x2]
    if region.shape[0] <= 2 * band or region.shape[1] <= 2 * band:
        return False
    sides = (region[:band], region[-band:], region[:, :band], region[:, -band:])
    inside = float(np.median(interior(grey, box)))
    dark = [level for side in sides if (level := float(np.median(side))) <= BEZEL_LEVEL]
    return len(dark) >= 3 and (inside <= OFF_LEVEL or inside - max(dark) >= FRAME_CONTRAST)


@dataclass(frozen=True)
class Candidate:
    """A rectangle that may be a screen: its box, the kind its shape says, how it was found, and
    its :func:`storecheck.vision.screen_features.features`."""

    box: Box
    kind: str
    source: str
    features: np.ndarray


def candidates(image: np.ndarray, zone: str) -> list[Candidate]:
    """Every proposal (:func:`storecheck.vision.screen_shapes.proposals`) whose shape and size are
    those of a screen looked for in ``zone`` (:data:`SHAPES`), measured for the scorer."""
    shapes = SHAPES.get(zone)
    if not shapes:
        return []
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    width = image.shape[1]
    boxes = proposals(grey)
    if zone == "device_display":
        boxes += [(box, source) for wide, source in boxes for box in _tv_ends(wide, width)]
    typed = [(box, kind, source) for box, source in dict.fromkeys(boxes)
             if (kind := _shape_of(box, shapes, width)) is not None]
    return [Candidate(box, kind, source, features(image, grey, box, source)) for box, kind, source in typed]


def find_devices(image: np.ndarray, zone: str, scorer: ScreenScorer | None = None) -> Detections:
    """Phones and the ITV set (device_display) or terminal screens (self_service) in a BGR image,
    as detections scored by the screen scorer (``scorer``, the shipped one by default), each with
    its :func:`screen_stats` in ``data[SCREEN]``. Other zones: none.

    The same screen is proposed many ways (its rim, its bezel, its picture at a few levels of
    light): the best scored box of each screen is kept, and one TV, the best (one ITV set)."""
    found = candidates(image, zone)
    if not found:
        return Detections.empty()
    scorer = scorer or load_scorer()
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scores = np.zeros(len(found), np.float32)
    for kind in {c.kind for c in found}:
        index = [i for i, c in enumerate(found) if c.kind == kind]
        scores[index] = scorer(kind, np.stack([found[i].features for i in index]))
    kept: list[tuple[Box, str, float]] = []
    # the ITV set first: a bright patch of its picture may score as a phone, never the other way
    for i in sorted(range(len(found)), key=lambda i: (found[i].kind != "tv", -scores[i])):
        box, kind, score = found[i].box, found[i].kind, float(scores[i])
        if score < scorer.threshold:
            continue
        # one screen, one box: a box mostly inside or around a better one is that screen again
        # (its picture inside its rim, its rim with the tag in front) or a part of it
        if any(_same(box, other) or overlap(box, other) >= OVERLAP for other, _, _ in kept):
            continue
        if kind == "tv" and (any(other_kind == "tv" for _, other_kind, _ in kept)
                             or not (found[i].features[BEZELLED]
                                     or (score >= SURE_TV and _framed(grey, box)))):
            continue  # one ITV set; and a set always hangs in a dark bezel (a grey panel has none)
        kept.append((box, kind, score))
    phones = [box for box, kind, _ in kept if kind == "phone"]
    if phones:  # the phones the shapes missed, looked for along the rows of those they found
        kept += [(box, "phone", score) for box, score in row_phones(image, grey, phones, scorer)]
    if not kept:
        return Detections.empty()
    kept.sort(key=lambda item: (item[1] == "tv", item[0][0]))  # left to right, the ITV set last
    extras: dict[str, list[object]] = {SCREEN: [screen_stats(image, box).as_tuple() for box, _, _ in kept],
                                       SOURCE: ["screens"] * len(kept)}
    return Detections.from_lists([box for box, _, _ in kept], [round(score, 3) for _, _, score in kept],
                                 [kind for _, kind, _ in kept], **extras)
