"""Skip rules: black, frozen and blurry frames are camera health, not store violations.

A covered lens or a dead encoder must not score the store 100 (nothing seen, nothing wrong), nor
flood the service with copies of one picture; the frame is dropped and the camera's health says
why.

Example:
    >>> import numpy as np
    >>> judge = FrameJudge(SkipRules())
    >>> judge.verdict(np.zeros((48, 64, 3), np.uint8))
    'black'
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from storecheck.capture.config import SkipRules

SkipReason = Literal["black", "frozen", "blurry"]
#: Frames are compared at this size: enough to see a person move, cheap for a 4K stream.
THUMB = (64, 36)
#: Blur is measured at this width, so one threshold fits every camera resolution.
BLUR_WIDTH = 640


class FrameJudge:
    """Remembers one camera's last kept frame; tells whether the next one should be skipped."""

    def __init__(self, rules: SkipRules) -> None:
        self.rules = rules
        self._last: np.ndarray | None = None

    def verdict(self, image: np.ndarray) -> SkipReason | None:
        """Why to skip ``image`` (BGR), or None to keep it. A kept frame becomes the new 'last'."""
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
        thumb = cv2.resize(grey, THUMB, interpolation=cv2.INTER_AREA).astype(np.float32)
        if self.rules.black and float(thumb.mean()) < self.rules.black_level:
            return "black"
        if self.rules.frozen and self._last is not None and float(np.abs(thumb - self._last).mean()) < self.rules.frozen_diff:
            return "frozen"
        if self.rules.blur_below is not None and sharpness(grey) < self.rules.blur_below:
            return "blurry"
        self._last = thumb
        return None


def sharpness(grey: np.ndarray) -> float:
    """Variance of the Laplacian at a fixed width: low means blurry (or a featureless view)."""
    h, w = grey.shape[:2]
    if w > BLUR_WIDTH:
        grey = cv2.resize(grey, (BLUR_WIDTH, max(1, round(h * BLUR_WIDTH / w))), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())
