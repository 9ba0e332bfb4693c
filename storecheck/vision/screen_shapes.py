"""The shapes the screen finder (:mod:`storecheck.vision.screens`) starts from: rectangles a
screen may be, found three ways, and the tests that tell a screen from other rectangles.

* :func:`dark_rectangles`: dark slabs (a screen switched off) and dark rings (a bezel round a
  lit screen) whose filled outline is a rectangle, at a few levels of darkness;
* :func:`outlined_rectangles`: regions closed in by edges, roughly rectangular (a lit phone's
  outline, closed at the bottom by the price tag in front of it);
* :func:`rim_rectangles`: a level dark line with an upright dark line under each end (a phone's
  rim, broken at its lighter rounded corners, open where the tag hides its foot).

And the tests: :func:`bezelled` (a dark shape is a screen, off or lit in a bezel), :func:`rimmed`
(an outlined region is a lit screen in a dark rim), :func:`busy` and :func:`fills`.
"""

from __future__ import annotations

import cv2
import numpy as np

from storecheck.vision.types import Box

#: Grey levels under which a pixel counts as dark, tried in turn.
DARK_LEVELS = (40, 65, 90)
#: Grey levels over which a pixel counts as light, tried in turn: a lit screen's picture runs
#: from a dim wallpaper to white, and against a dark table its rim vanishes (no dark ring to
#: find it by), so its light area is a candidate of its own.
LIGHT_LEVELS = (70, 100, 130, 160, 190)
#: A rim: a line up to this many pixels wide, this many grey levels darker than what is beside it.
RIM_KERNEL = 9
RIM_CONTRAST = 25
#: Contrasts at which rims are looked for as lines of their own: the fainter one merges with the
#: floor's tile lines (about 40 darker than the floor) where they meet a phone's side.
RIM_LINE_LEVELS = (35, 60)
#: A screen narrower or shorter than this (pixels) is not judged: its lit test would measure a
#: handful of pixels, and on photographs most such shapes were window panes and letters.
MIN_SIDE_PX = 16
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
RIM_SIDES = 3
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


def dark_rectangles(grey: np.ndarray) -> list[Box]:
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


def light_rectangles(grey: np.ndarray) -> list[Box]:
    """Boxes of the light shapes whose filled outline is a rectangle, at a few levels
    (``LIGHT_LEVELS``): a lit screen whose rim merges with a dark table or wall behind it. Most
    are not screens (sheets, windows, lamps): the scorer tells."""
    h, w = grey.shape
    opening = np.ones((3, 3), np.uint8)  # a hair-thin light line does not join two shapes
    found: list[Box] = []
    for level in LIGHT_LEVELS:
        found += _rectangles(cv2.morphologyEx((grey > level).astype(np.uint8), cv2.MORPH_OPEN, opening), 8, 0.5 * w * h)
    return found


def proposals(grey: np.ndarray) -> list[tuple[Box, str]]:
    """Every rectangle that may be a screen, with how it was found (``dark``, ``outlined``,
    ``rim``, ``light``), the same box from the same way once."""
    found = [(box, "dark") for box in dark_rectangles(grey)]
    found += [(box, "outlined") for box in outlined_rectangles(grey)]
    found += [(box, "rim") for box in rim_rectangles(grey)]
    found += [(box, "light") for box in light_rectangles(grey)]
    return list(dict.fromkeys(found))


def outlined_rectangles(grey: np.ndarray) -> list[Box]:
    """Boxes of the regions closed in by edges that are roughly rectangles (``MIN_OUTLINED``): a
    lit screen's outline, closed at the bottom by the price tag in front of it, its icons'
    edges eating into it. Most are not screens: :func:`rimmed` tells."""
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


def rim_rectangles(grey: np.ndarray) -> list[Box]:
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


def busy(inside: np.ndarray) -> bool:
    """A lit screen shows something: its grey levels vary (``BUSY_STD``) and are not one level."""
    if not inside.size:
        return False
    median = float(np.median(inside))
    return float(inside.std()) >= BUSY_STD and float((np.abs(inside - median) <= UNIFORM_LEVELS).mean()) <= 0.9


def interior(grey: np.ndarray, box: Box) -> np.ndarray:
    x1, y1, x2, y2 = box
    dx, dy = (x2 - x1) * INSET, (y2 - y1) * INSET
    return grey[int(y1 + dy):int(y2 - dy), int(x1 + dx):int(x2 - dx)].astype(np.float32)


def edge_level(grey: np.ndarray, box: Box) -> float:
    """The median grey of a band along the box's top and sides (its rim or bezel)."""
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    band = max(2, int(0.025 * (x2 - x1)))
    region = grey[y1:y2, x1:x2].astype(np.float32)
    if not region.size:
        return 255.0
    return float(np.median(np.concatenate([region[:band].ravel(), region[:, :band].ravel(), region[:, -band:].ravel()])))


def bezelled(grey: np.ndarray, box: Box) -> bool:
    """A dark shape that is a screen: switched off (its inside as dark as its edge, both under
    ``OFF_LEVEL``), or lit in a bezel (its inside ``RIM_CONTRAST`` brighter than its edge). A
    dark blue price tag or a grey panel is neither: its edge and inside are one middling level."""
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    band = max(2, int(0.025 * (x2 - x1)))
    region = grey[y1:y2, x1:x2].astype(np.float32)
    if region.shape[0] <= 2 * band or region.shape[1] <= 2 * band:
        return False
    ring = np.concatenate([region[:band].ravel(), region[-band:].ravel(), region[:, :band].ravel(), region[:, -band:].ravel()])
    edge, inside = float(np.median(ring)), float(np.median(interior(grey, box)))
    if edge > BEZEL_LEVEL:
        return False
    return inside - edge >= RIM_CONTRAST or inside <= OFF_LEVEL


def rimmed(grey: np.ndarray, box: Box) -> bool:
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
    if not busy(inside):
        return False
    level = float(np.median(inside))
    lines = [_darkest_line(grey, box, side, depth) for side in ("top", "left", "right")]
    rims = [line for line in lines if line is not None and level - line >= RIM_MIN_CONTRAST and line <= BEZEL_LEVEL]
    return len(rims) >= RIM_SIDES and fills(inside, max(rims))


def fills(inside: np.ndarray, rim: float) -> bool:
    """The screen fills its box: most of its inside is clearly brighter than its rim. Light
    letters on a dark panel are busy and rimmed too, but mostly the panel between strokes."""
    return float((inside > rim + RIM_MIN_CONTRAST / 2).mean()) >= FILLED
