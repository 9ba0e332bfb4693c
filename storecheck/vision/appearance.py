"""Clothing colour of a person, used to tell staff in uniform from customers."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

# Torso as fractions of the person box: below the head and collar, above the belt; the middle
# half of the width, away from arms and background at the sides.
TORSO_TOP, TORSO_BOTTOM = 0.20, 0.55
TORSO_LEFT, TORSO_RIGHT = 0.25, 0.75


def torso_hsv(image: np.ndarray, person_box: Sequence[float]) -> tuple[int, int, int]:
    """Median HSV of the torso region of ``person_box`` in a BGR image.

    OpenCV ranges: H 0-179, S and V 0-255. Robust to tiny or partly outside boxes: the region is
    clipped to the image and is at least one pixel, so a 3-pixel person still gives a colour.
    Hue is a circle (reds sit at both ends), so its median is taken around the circular mean.

    Example:
        >>> img = np.zeros((100, 50, 3), np.uint8); img[:] = (255, 0, 0)   # blue in BGR
        >>> torso_hsv(img, [0, 0, 50, 100])
        (120, 255, 255)
    """
    h_img, w_img = image.shape[:2]
    x1, y1, x2, y2 = (float(v) for v in person_box)
    bw, bh = max(x2 - x1, 1.0), max(y2 - y1, 1.0)
    tx1, tx2 = x1 + TORSO_LEFT * bw, x1 + TORSO_RIGHT * bw
    ty1, ty2 = y1 + TORSO_TOP * bh, y1 + TORSO_BOTTOM * bh
    c1 = int(np.clip(np.floor(tx1), 0, max(w_img - 1, 0)))
    r1 = int(np.clip(np.floor(ty1), 0, max(h_img - 1, 0)))
    c2 = int(np.clip(np.ceil(tx2), c1 + 1, w_img))
    r2 = int(np.clip(np.ceil(ty2), r1 + 1, h_img))
    patch = image[r1:r2, c1:c2]
    if patch.size == 0:
        raise ValueError(f"person box {list(person_box)} lies outside the {w_img}x{h_img} image")
    hsv = cv2.cvtColor(np.ascontiguousarray(patch), cv2.COLOR_BGR2HSV).reshape(-1, 3)
    return (_circular_median_hue(hsv[:, 0]), int(np.median(hsv[:, 1])), int(np.median(hsv[:, 2])))


def _circular_median_hue(hue: np.ndarray) -> int:
    angles = hue.astype(np.float64) * (2 * np.pi / 180.0)
    mean = np.arctan2(np.sin(angles).mean(), np.cos(angles).mean())
    centre = (mean * 180.0 / (2 * np.pi)) % 180.0
    # Unwrap around the circular mean, take the ordinary median, wrap back.
    shifted = (hue.astype(np.float64) - centre + 90.0) % 180.0
    return int(round(np.median(shifted) + centre - 90.0)) % 180
