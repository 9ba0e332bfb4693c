"""What a candidate screen looks like, as numbers: the inputs of the screen scorer
(:mod:`storecheck.vision.screen_scorer`), measured on the crop of one box of a frame.

A screen differs from the other rectangles of a hall or a street in ways one test alone does not
catch: its inside is either black glass (dark, flat) or a lit picture (bright, busy, saturated);
its rim or bezel is a thin line darker than both the picture and what lies behind the device, on
every side it shows; its border is a sharp, straight edge; its shape and size are those of a
phone, a TV or a terminal. Each of those is measured here and the scorer, trained on generated
screens and on real photographs with none, weighs them, with the finder's hand-made tests (:func:`~storecheck.vision.screen_shapes.bezelled`,
:func:`~storecheck.vision.screen_shapes.rimmed`) as three more hints.
"""

from __future__ import annotations

import cv2
import numpy as np

from storecheck.vision.screen_shapes import (
    INSET,
    UNIFORM_LEVELS,
    bezelled,
    busy,
    edge_level,
    fills,
    interior,
    rimmed,
)
from storecheck.vision.types import Box

#: How a candidate was proposed (:func:`storecheck.vision.screen_shapes.proposals`), one-hot.
SOURCES = ("dark", "outlined", "rim", "light")
#: Depth of the band just outside a side where its rim is looked for, as a share of the box's
#: shorter side (at least 3 px: a rim of one pixel spread by blur).
RIM_DEPTH = 0.08
#: Width of the band further out, beyond the rim: what the device stands against.
BACKDROP = 0.25

FEATURES = (
    "log_aspect", "width", "height", "centre_x", "centre_y",
    "inside_mean", "inside_std", "inside_uniform", "inside_saturation", "inside_edges", "off",
    "rim_top", "rim_left", "rim_right", "rim_bottom", "rim_sides", "rim_level",
    "backdrop_top", "backdrop_left", "backdrop_right", "backdrop_bottom",
    "border_gradient", "border_straight", "filled",
    "bezelled", "rimmed", "busy_and_fills",
    *(f"source_{s}" for s in SOURCES),
)


def _band(grey: np.ndarray, box: Box, side: str, start: int, depth: int) -> np.ndarray:
    """Pixels of a band ``depth`` deep, ``start`` px outside one side of ``box`` (empty where
    the frame ends)."""
    h, w = grey.shape
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    xa, xb, ya, yb = max(0, x1), min(w, x2), max(0, y1), min(h, y2)
    if side == "top":
        return grey[max(0, y1 - start - depth):max(0, y1 - start), xa:xb]
    if side == "bottom":
        return grey[min(h, y2 + start):min(h, y2 + start + depth), xa:xb]
    if side == "left":
        return grey[ya:yb, max(0, x1 - start - depth):max(0, x1 - start)]
    return grey[ya:yb, min(w, x2 + start):min(w, x2 + start + depth)]


def _darkest_line(band: np.ndarray, side: str) -> float | None:
    """The darkest line of a band along its side (each line's median): a rim of one pixel shows
    even where blur spreads it."""
    if not band.size:
        return None
    axis = 1 if side in ("top", "bottom") else 0
    return float(np.median(band, axis=axis).min())


def features(image: np.ndarray, grey: np.ndarray, box: Box, source: str) -> np.ndarray:
    """The :data:`FEATURES` of one candidate ``box`` of a BGR ``image`` (``grey``: its grey
    version), grey levels scaled to 0-1. Sides the frame cuts off read as no rim (0 contrast).

    Example:
        >>> img = np.full((100, 200, 3), 200, np.uint8)
        >>> img[20:80, 40:80] = 10
        >>> f = features(img, cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), (40, 20, 80, 80), "dark")
        >>> len(f) == len(FEATURES), float(f[FEATURES.index("off")])
        (True, 1.0)
    """
    h, w = grey.shape
    x1, y1, x2, y2 = box
    bw, bh = max(1.0, x2 - x1), max(1.0, y2 - y1)
    dx, dy = bw * INSET, bh * INSET
    r1, r2 = int(max(0, y1 + dy)), int(min(h, max(y1 + dy + 1, y2 - dy)))
    c1, c2 = int(max(0, x1 + dx)), int(min(w, max(x1 + dx + 1, x2 - dx)))
    inside = grey[r1:r2, c1:c2].astype(np.float32)
    if not inside.size:
        inside = np.zeros((1, 1), np.float32)
    level = float(np.median(inside))
    uniform = float((np.abs(inside - level) <= UNIFORM_LEVELS).mean())
    hsv = cv2.cvtColor(np.ascontiguousarray(image[r1:r2, c1:c2]), cv2.COLOR_BGR2HSV) if inside.size > 1 else None
    saturation = float(hsv[..., 1].mean()) / 255 if hsv is not None and hsv.size else 0.0
    edges = float((cv2.Canny(inside.astype(np.uint8), 40, 120) > 0).mean()) if min(inside.shape) >= 3 else 0.0
    depth = max(3, int(RIM_DEPTH * min(bw, bh)))
    far = max(3, int(BACKDROP * min(bw, bh)))
    rims, backdrops, lines = [], [], []
    for side in ("top", "left", "right", "bottom"):
        # the rim's line may sit just inside the box (an outline found on the rim) or just outside
        line = _darkest_line(_band(grey, box, side, -2, depth + 2).astype(np.float32), side)
        beyond = _band(grey, box, side, depth, far).astype(np.float32)
        back = float(np.median(beyond)) if beyond.size else None
        lines.append(line)
        rims.append(0.0 if line is None else (level - line) / 255)
        backdrops.append(0.0 if line is None or back is None else (back - line) / 255)
    rim_level = _rim_level(lines[:3])
    border, straight = _border(grey, box)
    filled = float((inside > level - 2 * UNIFORM_LEVELS).mean()) if level > 60 else 1.0
    return np.array([
        np.log(bh / bw), bw / w, bh / h, (x1 + x2) / 2 / w, (y1 + y2) / 2 / h,
        level / 255, float(inside.std()) / 255, uniform, saturation, edges, float(level <= 60),
        *rims, float(sum(r >= 25 / 255 for r in rims[:3])) / 3, rim_level,
        *backdrops, border, straight, filled,
        # the finder's hand-made tests, each a strong hint on its own (screen_shapes)
        float(bezelled(grey, box)), float(rimmed(grey, box)),
        float(busy(interior(grey, box)) and fills(interior(grey, box), edge_level(grey, box))),
        *(float(source == s) for s in SOURCES),
    ], np.float32)


def _rim_level(lines: list[float | None]) -> float:
    """The lightest of the top and side rims' darkest lines (0-1): a screen's rim is dark all round."""
    return max((v for v in lines if v is not None), default=255.0) / 255


def outline(grey: np.ndarray, box: Box) -> tuple[float, float]:
    """``border_straight`` and ``rim_level`` of ``box``, the same values :func:`features` gives,
    at a fraction of its cost: enough to drop the windows of a search that sit on no outline
    before the full measure of the rest (a row search tries thousands)."""
    depth = max(3, int(RIM_DEPTH * min(max(1.0, box[2] - box[0]), max(1.0, box[3] - box[1]))))
    lines = [_darkest_line(_band(grey, box, side, -2, depth + 2).astype(np.float32), side)
             for side in ("top", "left", "right")]
    return _border(grey, box)[1], _rim_level(lines)


def _border(grey: np.ndarray, box: Box) -> tuple[float, float]:
    """How sharp and how straight the box's outline is: the mean grey step across its top, left
    and right edges (0-1), and the share of those edges' length where the step is at least a
    quarter of that (a screen's edge runs its whole length; a blob's comes and goes)."""
    h, w = grey.shape
    x1, y1, x2, y2 = (int(round(v)) for v in box)
    steps = []
    for side in ("top", "left", "right"):
        a = _band(grey, box, side, -3, 3).astype(np.float32)  # just inside
        b = _band(grey, box, side, 0, 3).astype(np.float32)  # just outside
        if not a.size or not b.size or a.shape != b.shape:
            continue
        axis = 0 if side == "top" else 1
        steps.append(np.abs(a.mean(axis=axis) - b.mean(axis=axis)))
    if not steps or x2 - x1 < 2 or y2 - y1 < 2:
        return 0.0, 0.0
    step = np.concatenate(steps)
    mean = float(step.mean())
    return mean / 255, float((step >= max(6.0, 0.25 * mean)).mean())
