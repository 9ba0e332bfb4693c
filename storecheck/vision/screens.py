"""Screens found by classical image analysis: demo phones and the ITV set on a device display
table, self-service terminals; and what a screen shows (lit or dark, busy or uniform).

Our detector has no ``phone``, ``tv`` or ``terminal`` class (its classes are
``vision.types.LABELS``; training new ones needs a GPU we do not have), so :func:`find_devices`
stands in for it, behind one function: a detector trained on those classes replaces it, and
:func:`screen_stats`, which judges a screen on its crop, works on either's boxes.

How the finder works. A screen is a rectangle with a dark edge: a switched-off phone, TV or
terminal is a dark slab (black glass in a dark body or bezel); a lit one is a bright picture in a
thin dark rim or bezel. So the frame's dark pixels are taken at a few levels of darkness
(``DARK_LEVELS``: the camera's exposure moves a black bezel from ~20 to ~80 grey), the gaps of a
pixel or two in a thin rim closed, and each dark shape's outline filled: a slab or a ring whose
filled outline covers at least ``MIN_RECTANGULARITY`` of its bounding box is a rectangle. Its
shape and size then say what it can be (:data:`SHAPES`): a phone stands upright (its lower part
often hidden by the price tag in front: 0.85-2.4 times as tall as wide) and is small; the TV is
16:9 and large (the largest one is the ITV set; smaller dark-framed rectangles are taken for
wall screens and pictures and left out); a terminal's screen is portrait or landscape, well
inside the frame, in a self_service zone. Rectangles inside a larger one of the same kind are
the screen inside its bezel: only the outer one is kept.

What it misses: a dark phone on a dark table (its outline merges with the table; the lit-phone
count the rule needs does not change) and screens under ~12 px. What it invents: any dark
rectangle of a screen's shape, e.g. a black picture frame on the wall (tests and
``bench/device_rules.py`` measure how often on photographs).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from storecheck.vision.types import SCREEN, SOURCE, Box, Detections

#: Grey levels under which a pixel counts as dark, tried in turn.
DARK_LEVELS = (40, 65, 90)
#: A rim: a line up to this many pixels wide, this many grey levels darker than what is beside it.
RIM_KERNEL = 9
RIM_CONTRAST = 25
#: Contrasts at which rims are looked for as lines of their own: the fainter one merges with the
#: floor's tile lines (about 40 darker than the floor) where they meet a phone's side.
RIM_LINE_LEVELS = (35, 60)
#: Below this grey level a screen is off (black glass); a bezel's edge is below the second (a
#: near-black bezel under the brightest exposure the generator applies reaches about 85).
OFF_LEVEL = 60
BEZEL_LEVEL = 85
#: A dark shape's filled outline must cover this share of its bounding box to be a rectangle.
MIN_RECTANGULARITY = 0.82
#: A region closed in by edges must cover this share of its bounding box (its outline is broken
#: into by icons and the tag in front), and its rim be this much darker than it (:func:`_rimmed`).
MIN_OUTLINED = 0.6
RIM_MIN_CONTRAST = 25
#: A lit screen fills its box: this share of its inside is brighter than its rim.
FILLED = 0.75
#: A lit screen is busy: the grey levels of its interior vary by at least this much (std).
BUSY_STD = 10.0
#: A screen's interior for :func:`screen_stats`: its box shrunk by this share on every side
#: (leaves the rim and bezel out).
INSET = 0.12
#: Pixels within this many grey levels of the screen's median count towards ``uniform``.
UNIFORM_LEVELS = 14


Rect = tuple[int, int, int, int]  # x, y, width, height (OpenCV's boundingRect)


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
#: The score the finder gives what it finds: a guess, not a trained detector's confidence (the
#: checks' default threshold for labels without their own is 0.5).
FINDER_SCORE = 0.5
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


def _rectangles(mask: np.ndarray, min_side: int, max_area: float) -> list[Box]:
    """Boxes of the shapes in ``mask`` whose filled outline is a rectangle."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    found: list[Box] = []
    for contour in contours:
        x, y, bw, bh = cv2.boundingRect(contour)
        if bw < min_side or bh < min_side or bw * bh > max_area:
            continue
        if cv2.contourArea(contour) >= MIN_RECTANGULARITY * bw * bh:
            found.append((float(x), float(y), float(x + bw), float(y + bh)))
    return found


def _dark_rectangles(grey: np.ndarray) -> list[Box]:
    """Boxes of the dark slabs (a screen switched off) and of the dark rings (a lit screen's rim
    or bezel) whose filled outline is a rectangle. A rim one or two pixels wide is found as a
    thin line darker than both sides (a black-hat filter), whatever its grey level."""
    h, w = grey.shape
    max_area = 0.5 * w * h
    closing = np.ones((3, 3), np.uint8)
    masks = [(grey < level).astype(np.uint8) for level in DARK_LEVELS]
    lines = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, np.ones((RIM_KERNEL, RIM_KERNEL), np.uint8))
    masks.append((lines > RIM_CONTRAST).astype(np.uint8))
    found: list[Box] = []
    for mask in masks:
        found += _rectangles(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, closing), 8, max_area)
    return found


def _outlined_rectangles(grey: np.ndarray) -> list[Box]:
    """Boxes of the regions closed in by edges that are roughly rectangles (``MIN_OUTLINED``): a
    lit screen's outline, closed at the bottom by the price tag in front of it, its icons'
    edges eating into it. Most are not screens: :func:`_rimmed` tells."""
    h, w = grey.shape
    edges = cv2.dilate(cv2.Canny(grey, 40, 120), np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    found: list[Box] = []
    for contour in contours:
        x, y, bw, bh = cv2.boundingRect(contour)
        if bw < 8 or bh < 8 or bw * bh > 0.5 * w * h:
            continue
        if cv2.contourArea(contour) >= MIN_OUTLINED * bw * bh:
            found.append((float(x), float(y), float(x + bw), float(y + bh)))
    return found


def _rim_rectangles(grey: np.ndarray) -> list[Box]:
    """Boxes closed on top and both sides by thin dark lines, open or closed at the bottom: the
    rim of a phone whose foot the price tag in front hides. The rim's rounded corners are
    lighter than its straight edges, so the lines are found apart (black-hat lines darker than
    both sides) and joined: a level top line with an upright line under each of its ends."""
    lines = cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, np.ones((RIM_KERNEL, RIM_KERNEL), np.uint8))
    found: list[Box] = []
    for level in RIM_LINE_LEVELS:
        mask = cv2.morphologyEx((lines > level).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        rects: list[Rect] = [tuple(int(v) for v in cv2.boundingRect(contour)) for contour in contours]  # type: ignore[misc]
        tops = [r for r in rects if r[2] >= 10 and r[2] >= 3 * r[3]]
        sides = [r for r in rects if r[3] >= 10 and r[3] >= 3 * r[2]]
        for top in tops:
            box = _under_a_top(top, sides)
            if box is not None:
                found.append(box)
    return found


def _under_a_top(top: Rect, sides: list[Rect]) -> Box | None:
    """The box closed by a level ``top`` line and the upright lines nearest under its two ends
    (within a quarter of its length), or None when either is missing."""
    x, y, w, h = top
    reach = 0.25 * w
    near = [r for r in sides if y - reach <= r[1] <= y + h + reach]
    left = [r for r in near if abs(r[0] - x) <= reach]
    right = [r for r in near if abs(r[0] + r[2] - x - w) <= reach]
    if not left or not right:
        return None
    lx = min(left, key=lambda r: abs(r[0] - x))
    rx = min(right, key=lambda r: abs(r[0] + r[2] - x - w))
    bottom = min(lx[1] + lx[3], rx[1] + rx[3])
    return (float(min(lx[0], x)), float(y), float(max(rx[0] + rx[2], x + w)), float(bottom))


def _darkest_line(grey: np.ndarray, box: Box, side: str, depth: int) -> float | None:
    """The darkest of the ``depth`` lines just outside one side of ``box`` (each line's median
    along the side): a rim one pixel wide shows even where blur spreads it."""
    h, w = grey.shape
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    lines = []
    for k in range(depth):
        if side == "top" and y1 - 1 - k >= 0:
            lines.append(grey[y1 - 1 - k, max(0, x1):min(w, x2)])
        elif side == "left" and x1 - 1 - k >= 0:
            lines.append(grey[max(0, y1):min(h, y2), x1 - 1 - k])
        elif side == "right" and x2 + k < w:
            lines.append(grey[max(0, y1):min(h, y2), x2 + k])
    medians = [float(np.median(line)) for line in lines if line.size]
    return min(medians) if medians else None


def _busy(inside: np.ndarray) -> bool:
    """A lit screen shows something: its grey levels vary (``BUSY_STD``) and are not one level."""
    if not inside.size:
        return False
    median = float(np.median(inside))
    return float(inside.std()) >= BUSY_STD and float((np.abs(inside - median) <= UNIFORM_LEVELS).mean()) <= 0.9


def _interior(grey: np.ndarray, box: Box) -> np.ndarray:
    x1, y1, x2, y2 = box
    dx, dy = (x2 - x1) * INSET, (y2 - y1) * INSET
    return grey[int(y1 + dy):int(y2 - dy), int(x1 + dx):int(x2 - dx)].astype(np.float32)


def _edge_level(grey: np.ndarray, box: Box) -> float:
    """The median grey of a band along the box's top and sides (its rim or bezel)."""
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    band = max(2, int(0.025 * (x2 - x1)))
    region = grey[y1:y2, x1:x2].astype(np.float32)
    if not region.size:
        return 255.0
    return float(np.median(np.concatenate([region[:band].ravel(), region[:, :band].ravel(), region[:, -band:].ravel()])))


def _bezelled(grey: np.ndarray, box: Box) -> bool:
    """A dark shape that is a screen: switched off (its inside as dark as its edge, both under
    ``OFF_LEVEL``), or lit in a bezel (its inside ``RIM_CONTRAST`` brighter than its edge). A
    dark blue price tag or a grey panel is neither: its edge and inside are one middling level."""
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    band = max(2, int(0.025 * (x2 - x1)))
    region = grey[y1:y2, x1:x2].astype(np.float32)
    if region.shape[0] <= 2 * band or region.shape[1] <= 2 * band:
        return False
    ring = np.concatenate([region[:band].ravel(), region[-band:].ravel(), region[:, :band].ravel(), region[:, -band:].ravel()])
    edge, inside = float(np.median(ring)), float(np.median(_interior(grey, box)))
    if edge > BEZEL_LEVEL:
        return False
    return inside - edge >= RIM_CONTRAST or inside <= OFF_LEVEL


def _rimmed(grey: np.ndarray, box: Box) -> bool:
    """A lit screen in a dark rim: busy inside (``BUSY_STD``: a flat card or an icon is not),
    and just outside two of its top, left and right edges runs a line ``RIM_MIN_CONTRAST`` grey
    levels darker than the screen (its bottom edge is often hidden by the tag in front, and a
    side may touch a neighbour as dark as the rim)."""
    x1, y1, x2, y2 = box
    depth = max(3, int(0.06 * (x2 - x1)))
    dx, dy = (x2 - x1) * INSET, (y2 - y1) * INSET
    inside = grey[int(y1 + dy):int(y2 - dy), int(x1 + dx):int(x2 - dx)]
    if not inside.size:
        return False
    if not _busy(inside):
        return False
    level = float(np.median(inside))
    lines = [_darkest_line(grey, box, side, depth) for side in ("top", "left", "right")]
    rims = [line for line in lines if line is not None and level - line >= RIM_MIN_CONTRAST]
    return len(rims) >= 2 and _fills(inside, max(rims))


def _fills(inside: np.ndarray, rim: float) -> bool:
    """The screen fills its box: most of its inside is clearly brighter than its rim. Light
    letters on a dark panel are busy and rimmed too, but mostly the panel between strokes."""
    return float((inside > rim + RIM_MIN_CONTRAST / 2).mean()) >= FILLED


def _shape_of(box: Box, shapes: tuple[Shape, ...], frame_width: int) -> str | None:
    bw, bh = box[2] - box[0], box[3] - box[1]
    for shape in shapes:
        if shape.aspect[0] <= bh / bw <= shape.aspect[1] and shape.width[0] <= bw / frame_width <= shape.width[1]:
            return shape.kind
    return None


def _inside(inner: Box, outer: Box, slack: float = 2.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _same(a: Box, b: Box) -> bool:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return union > 0 and inter / union >= 0.7


def _overlap(a: Box, b: Box) -> float:
    """The share of the smaller box that the two have in common."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0


def find_devices(image: np.ndarray, zone: str) -> Detections:
    """Phones and the ITV set (device_display) or terminal screens (self_service) in a BGR image,
    as detections (``FINDER_SCORE``), each with
    its :func:`screen_stats` in ``data[SCREEN]``. Other zones: none."""
    shapes = SHAPES.get(zone)
    if not shapes:
        return Detections.empty()
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    width = image.shape[1]
    # (box, outlined): a dark slab or ring, or a busy region in a dark rim.
    candidates = [(box, False) for box in _dark_rectangles(grey) if _bezelled(grey, box)]
    candidates += [(box, True) for box in _outlined_rectangles(grey) if _rimmed(grey, box)]
    candidates += [(box, True) for box in _rim_rectangles(grey) if _busy(_interior(grey, box))
                   and _fills(_interior(grey, box), _edge_level(grey, box))]
    # A TV or terminal has a bezel, found dark; a thin rim or an outline makes only a phone (a
    # price tag's grey outline and coloured strip would pass for a lit TV).
    typed = [(box, kind, outlined) for box, outlined in candidates
             if (kind := _shape_of(box, shapes, width)) is not None and (kind == "phone" or not outlined)]
    kept: list[tuple[Box, str, bool]] = []
    for box, kind, outlined in sorted(typed, key=lambda item: -(item[0][2] - item[0][0]) * (item[0][3] - item[0][1])):
        if any(kind == other_kind and (_same(box, other) or _overlap(box, other) >= 0.7) for other, other_kind, _ in kept):
            continue  # the same screen found twice (another darkness level, its rim cut short)
        # A dark bezel or body around it is the device itself, the screen its inside; a region
        # closed in by edges around smaller screens is a tag and phone run together: keep those.
        if any(kind == other_kind and not other_outlined and _inside(box, other) for other, other_kind, other_outlined in kept):
            continue
        if outlined and any(kind == other_kind and _inside(other, box) and not _same(other, box)
                            for other, other_kind, _ in typed):
            continue
        kept.append((box, kind, outlined))
    found = [(box, kind) for box, kind, _ in kept]
    tvs = [item for item in found if item[1] == "tv"]
    found = [item for item in found if item[1] != "tv"] + tvs[:1]  # the largest: one ITV set
    if not found:
        return Detections.empty()
    extras: dict[str, list[object]] = {SCREEN: [screen_stats(image, box).as_tuple() for box, _ in found],
                                       SOURCE: ["screens"] * len(found)}
    return Detections.from_lists([box for box, _ in found], [FINDER_SCORE] * len(found),
                                 [kind for _, kind in found], **extras)
