"""Pictures drawn on request: the full image with boxes, or one finding's evidence cropped."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from fastapi import HTTPException

from storecheck.store.models import Snapshot
from storecheck.vision.image import ImageError, decode_bytes

CROP_PAD = 0.25  # of the evidence's size on each side: enough context to judge a badge or a mop
CROP_MIN_SIDE = 96


def render_image(data: bytes, snapshot: Snapshot, *, annotate: bool, crop: int | None,
                 font_path: Path | None) -> bytes:
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
        image = _crop(image, snapshot, crop)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise HTTPException(500, "could not encode the image")
    return encoded.tobytes()


def _crop(image: np.ndarray, snapshot: Snapshot, finding_id: int) -> np.ndarray:
    finding = next((f for f in snapshot.findings if f.id == finding_id), None)
    if finding is None:
        raise HTTPException(404, f"snapshot {snapshot.id} has no finding {finding_id}")
    if not finding.evidence:  # e.g. a missing star-desk sign: the whole view is the evidence
        return image
    h, w = image.shape[:2]
    boxes = np.asarray(finding.evidence, dtype=float)
    x1, y1 = boxes[:, 0].min(), boxes[:, 1].min()
    x2, y2 = boxes[:, 2].max(), boxes[:, 3].max()
    pad_x = max((x2 - x1) * CROP_PAD, (CROP_MIN_SIDE - (x2 - x1)) / 2, 0)
    pad_y = max((y2 - y1) * CROP_PAD, (CROP_MIN_SIDE - (y2 - y1)) / 2, 0)
    left, top = int(max(0, x1 - pad_x)), int(max(0, y1 - pad_y))
    right, bottom = int(min(w, x2 + pad_x)), int(min(h, y2 + pad_y))
    if right - left < 2 or bottom - top < 2:
        return image
    return np.ascontiguousarray(image[top:bottom, left:right])
