"""Clothing colour of a person, used to tell staff in uniform from customers."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from storecheck.vision.types import TORSO_BOTTOM, TORSO_LEFT, TORSO_RIGHT, TORSO_TOP


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


#: Where the clothes are, as fractions of the box (left, top, right, bottom). One band serves a
#: person seen head to foot (belly and hips: shoulders sit at 0.17 of their height, the waist at
#: 0.52) and one cut at the waist by a counter (chest: the box is then about 0.6 of their height,
#: so 0.3 of it is just below the shoulders); telling the two apart by the box's shape failed on
#: slim staff, whose waist-up box is as narrow as a standing one.
CLOTHES_BAND = (0.2, 0.3, 0.8, 0.6)
#: The crop is shrunk to at most this many pixels a side: the colour, not the weave, matters.
CLOTHES_SIDE = 40
#: Lab bin sizes (L, a, b) for the first guess of the commonest colour, and the radius within
#: which pixels count as that colour (Lab units): a fold's shadow stays in, a shirt or badge not.
CLOTHES_BINS = (10.0, 8.0, 8.0)
CLOTHES_RADIUS = 12.0


def clothes_lab(image: np.ndarray, person_box: Sequence[float]) -> tuple[float, float, float]:
    """The commonest colour of a person's clothes (CIE Lab, L 0-100) in a BGR image.

    Unlike :func:`torso_hsv` (a median of the band under the head, made for standing people),
    this finds the colour most of the clothes share: the jacket, not the shirt under it, the
    badge on it or the wall beside the neck, in a band of the box that holds clothes whether a
    counter cuts the person at the waist or not (``CLOTHES_BAND``). A coarse Lab histogram's fullest bin is the first guess; the mean of the
    pixels within ``CLOTHES_RADIUS`` of the guess is taken a few times (a mean-shift).

    Example:
        >>> img = np.zeros((100, 50, 3), np.uint8); img[:] = (255, 255, 255)
        >>> [round(v) for v in clothes_lab(img, [0, 0, 50, 100])]
        [100, 0, 0]
    """
    h_img, w_img = image.shape[:2]
    x1, y1, x2, y2 = (float(v) for v in person_box)
    bw, bh = max(x2 - x1, 1.0), max(y2 - y1, 1.0)
    left, top, right, bottom = CLOTHES_BAND
    c1 = int(np.clip(np.floor(x1 + left * bw), 0, max(w_img - 1, 0)))
    r1 = int(np.clip(np.floor(y1 + top * bh), 0, max(h_img - 1, 0)))
    c2 = int(np.clip(np.ceil(x1 + right * bw), c1 + 1, w_img))
    r2 = int(np.clip(np.ceil(y1 + bottom * bh), r1 + 1, h_img))
    patch = np.ascontiguousarray(image[r1:r2, c1:c2])
    if patch.size == 0:
        raise ValueError(f"person box {list(person_box)} lies outside the {w_img}x{h_img} image")
    scale = min(1.0, CLOTHES_SIDE / max(patch.shape[:2]))
    if scale < 1.0:
        size = (max(1, round(patch.shape[1] * scale)), max(1, round(patch.shape[0] * scale)))
        patch = cv2.resize(patch, size, interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(patch.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab).reshape(-1, 3)
    bins = np.floor(lab / np.array(CLOTHES_BINS, np.float32)).astype(np.int64)
    keys, inverse, counts = np.unique(bins, axis=0, return_inverse=True, return_counts=True)
    centre = lab[inverse.reshape(-1) == int(np.argmax(counts))].mean(axis=0)
    for _ in range(5):
        near = lab[np.linalg.norm(lab - centre, axis=1) <= CLOTHES_RADIUS]
        if not len(near):
            break
        centre = near.mean(axis=0)
    return (round(float(centre[0]), 2), round(float(centre[1]), 2), round(float(centre[2]), 2))
