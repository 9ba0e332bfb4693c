"""Demo phones found from the row they stand in: the phones on a demo table stand side by side at
one size, their tops level (they stand on one line, the price tag in front hiding each foot to a
different height). Once the screen finder (:mod:`storecheck.vision.screens`) has kept some, the
others are looked for along their row at their size, windows scored by the same scorer: a lit
phone whose rim is a pixel or two (a far table), or that merges with the tag or the table, is
never proposed by the finder's shapes, but a window of the right size on it scores as a phone.

A row search only runs where a phone was already kept, so it cannot make a photograph with no
screen show one; it can only add to a finding that is already there.
"""

from __future__ import annotations

import numpy as np

from storecheck.vision.boxes import overlap
from storecheck.vision.screen_features import features, outline
from storecheck.vision.screen_scorer import ScreenScorer
from storecheck.vision.types import Box

#: Two kept phones are in one row when their tops are within this share of their height.
SAME_ROW = 0.35
#: Windows step along the row by this share of a phone's width, and try these tops (shares of
#: the phone's height off the row's top) and heights (shares of the row's tallest phone: the
#: tag in front hides each foot to a different height).
STEP = 0.12
TOPS = (-0.06, 0.0, 0.06)
HEIGHTS = (0.75, 0.9, 1.0)
#: How far beyond the kept phones a row is searched, in phone widths.
REACH = 12.0
#: A window is a phone at this score (a row is strong evidence: lower than the finder's own
#: threshold, which must hold on photographs with no table at all).
ROW_THRESHOLD = 0.5
#: A window is only scored when it sits on a phone's outline: a sharp, straight border on its
#: top and sides (``border_straight``, the share of their length with a step) and a dark line
#: round it (``rim_level``, the lightest of its top and side rims, 0-1). The scorer was trained on
#: the finder's shapes, not on windows of bare wall, which it may score high.
MIN_STRAIGHT = 0.6
MAX_RIM_LEVEL = 0.7
#: A window overlapping a kept phone by this share of the smaller box is that phone.
OVERLAP = 0.2


def _on_outline(straight: float, rim_level: float) -> bool:
    return straight >= MIN_STRAIGHT and rim_level <= MAX_RIM_LEVEL


def rows(phones: list[Box]) -> list[list[Box]]:
    """The kept phones grouped into rows (tops level within :data:`SAME_ROW` of their height)."""
    grouped: list[list[Box]] = []
    for box in sorted(phones, key=lambda b: b[1]):
        h = box[3] - box[1]
        for row in grouped:
            if abs(np.median([b[1] for b in row]) - box[1]) <= SAME_ROW * h:
                row.append(box)
                break
        else:
            grouped.append([box])
    return grouped


def _windows(row: list[Box], frame: tuple[int, int]) -> list[Box]:
    h_frame, w_frame = frame
    w = float(np.median([b[2] - b[0] for b in row]))
    h = float(max(b[3] - b[1] for b in row))
    top = float(np.median([b[1] for b in row]))
    lo = max(0.0, min(b[0] for b in row) - REACH * w)
    hi = min(w_frame - w, max(b[2] for b in row) + REACH * w - w)
    out = []
    for x in np.arange(lo, hi + 1, max(1.0, STEP * w)):
        for dt in TOPS:
            y = top + dt * h
            for share in HEIGHTS:
                if y >= 0 and y + share * h <= h_frame:
                    out.append((float(x), float(y), float(x + w), float(y + share * h)))
    return out


def row_phones(image: np.ndarray, grey: np.ndarray, kept: list[Box], scorer: ScreenScorer) -> list[tuple[Box, float]]:
    """Phones found along the rows of the ``kept`` phones (boxes, scores), none overlapping a
    kept one or each other, each scored at least :data:`ROW_THRESHOLD`."""
    found: list[tuple[Box, float]] = []
    taken = list(kept)
    for row in rows(kept):
        windows = [b for b in _windows(row, grey.shape[:2]) if not any(overlap(b, k) > OVERLAP for k in taken)]
        # Only windows on an outline are measured in full (most of a row is bare table or wall).
        windows = [b for b in windows if _on_outline(*outline(grey, b))]
        if not windows:
            continue
        scores = scorer("phone", np.stack([features(image, grey, b, "outlined") for b in windows]))
        for i in np.argsort(-scores, kind="stable"):
            if scores[i] < ROW_THRESHOLD:
                break
            box = windows[i]
            if any(overlap(box, k) > OVERLAP for k in taken):
                continue
            taken.append(box)
            found.append((box, float(scores[i])))
    return found
