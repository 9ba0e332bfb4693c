"""Pictures drawn on request: the full image with boxes, or one finding's evidence cropped.

Each evidence box is cropped on its own: two badges at either end of the frame cropped together
gave a 1920x96 strip in which neither could be read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np
from fastapi import HTTPException

from storecheck.store.models import Snapshot
from storecheck.vision.image import ImageError, decode_bytes

CROP_PAD = 0.25  # of the evidence's size on each side: enough context to judge a badge or a mop
CROP_MIN_SIDE = 96
#: The widest crop, as width over height (and its inverse the tallest): a mop's 1:5 box or a row
#: of text's 40:1 shows nothing around it to judge it by, and is a sliver on the page.
CROP_MAX_ASPECT = 2.0


def render_image(data: bytes, snapshot: Snapshot, *, annotate: bool, crop: int | None,
                 font_path: Path | None, box: int | None = None) -> bytes:
    """The stored image as JPEG: with boxes drawn (``annotate``), cut to finding ``crop``'s
    evidence box number ``box`` (all its boxes together when ``box`` is None), or both."""
    try:
        image = decode_bytes(data)
    except ImageError as exc:
        raise HTTPException(422, f"stored image cannot be decoded: {exc}") from None
    if annotate:
        if snapshot.result is None:
            raise HTTPException(409, "not analysed yet: nothing to draw")
        from storecheck.vision.draw import annotate as draw

        try:
            image = draw(image, snapshot.result, font_path=font_path)
        except FileNotFoundError as exc:  # no CJK font on this machine
            raise HTTPException(503, f"cannot draw: {exc}") from None
    if crop is not None:
        image = _crop(image, snapshot, crop, box)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise HTTPException(500, "could not encode the image")
    return encoded.tobytes()


def _crop(image: np.ndarray, snapshot: Snapshot, finding_id: int, box: int | None) -> np.ndarray:
    finding = next((f for f in snapshot.findings if f.id == finding_id), None)
    if finding is None:
        raise HTTPException(404, f"snapshot {snapshot.id} has no finding {finding_id}")
    if box is not None and box >= len(finding.evidence):
        raise HTTPException(404, f"finding {finding_id} has {len(finding.evidence)} evidence box(es), no box {box}")
    if not finding.evidence:  # e.g. a missing star-desk sign: the whole view is the evidence
        return image
    boxes = np.asarray(finding.evidence if box is None else [finding.evidence[box]], dtype=float)
    union = [boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()]
    h, w = image.shape[:2]
    left, top, right, bottom = crop_window(union, w, h)
    return np.ascontiguousarray(image[top:bottom, left:right])


def crop_window(box: Sequence[float], width: int, height: int) -> tuple[int, int, int, int]:
    """The part of a ``width`` x ``height`` image to show for evidence ``box`` ([x1, y1, x2, y2]).

    The box padded by ``CROP_PAD`` of its size on each side (at least ``CROP_MIN_SIDE``), widened
    or heightened to at most ``CROP_MAX_ASPECT``, then moved, not cut, to lie inside the image;
    only a window larger than the image is cut to it.

    Example:
        >>> crop_window([100, 500, 180, 900], 1920, 1080)  # a mop at the left edge
        (0, 400, 300, 1000)
    """
    x1, y1, x2, y2 = (float(v) for v in box[:4])
    crop_w = max((x2 - x1) * (1 + 2 * CROP_PAD), CROP_MIN_SIDE)
    crop_h = max((y2 - y1) * (1 + 2 * CROP_PAD), CROP_MIN_SIDE)
    crop_w = max(crop_w, crop_h / CROP_MAX_ASPECT)
    crop_h = max(crop_h, crop_w / CROP_MAX_ASPECT)
    size_w, size_h = min(width, math.ceil(crop_w)), min(height, math.ceil(crop_h))
    left = _place(x1 + x2, size_w, width)
    top = _place(y1 + y2, size_h, height)
    return left, top, left + size_w, top + size_h


def _place(twice_centre: float, size: int, limit: int) -> int:
    """The start of a ``size`` span centred where it can be on the box, inside ``[0, limit]``."""
    return int(min(max(round((twice_centre - size) / 2), 0), limit - size))
