"""A scene canvas that records, pixel by pixel, which object is visible where.

Every object is pasted as an RGBA sprite and stamps its id into ``ids`` wherever it is opaque;
labels are read from that map at the end, so occlusion (a counter in front of staff, a badge on a
shirt) and any global warp applied to both image and map keep the boxes exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np


@dataclass
class Placed:
    label: str | None  # None: drawn, but not a detector class (furniture, distractors)
    meta: dict[str, object] = field(default_factory=dict)


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.image = np.zeros((height, width, 3), np.float32)
        self.ids = np.zeros((height, width), np.int32)  # 0 = background
        self.objects: list[Placed] = [Placed(None)]
        self.full_area: dict[int, int] = {}
        self.sprite_area: dict[int, int] = {}  # the whole sprite, in the frame or not
        # Pixels of the part that tells a class apart (a mop's strands, a broom's bristles): a
        # handle alone could be either, so such objects are labelled only while that part shows.
        self.key = np.zeros((height, width), bool)
        self.full_key_area: dict[int, int] = {}
        # Named parts of an object (a notice's title, a tag's price line): a per-pixel part code
        # beside ``ids``, made only once a sprite brings parts, so scenes without any pay nothing.
        self.parts: np.ndarray | None = None
        self.full_part_area: dict[tuple[int, int], int] = {}

    def paste(
        self,
        rgba: np.ndarray,
        x: int,
        y: int,
        label: str | None = None,
        meta: dict[str, object] | None = None,
        key: np.ndarray | None = None,
        parts: np.ndarray | None = None,
    ) -> int:
        """Alpha-blend ``rgba`` with its top-left at (x, y); returns the new object's id.

        ``key`` (a boolean mask of the sprite's shape) marks the part the class is told by; it is
        counted over the whole sprite, so a head cut off by the frame edge counts as hidden.
        ``parts`` (small ints of the sprite's shape, 0 = none) names regions whose visibility
        :meth:`part_share` reports, counted over the whole sprite in the same way."""
        oid = len(self.objects)
        self.objects.append(Placed(label, meta if meta is not None else {}))  # shared: callers fill it in later
        h, w = rgba.shape[:2]
        self.sprite_area[oid] = int((rgba[..., 3] > 127).sum())
        if key is not None:
            self.full_key_area[oid] = int((key & (rgba[..., 3] > 127)).sum())
        if parts is not None:
            if self.parts is None:
                self.parts = np.zeros((self.height, self.width), np.uint8)
            for code in np.unique(parts[rgba[..., 3] > 127]):
                if code:
                    self.full_part_area[(oid, int(code))] = int(((parts == code) & (rgba[..., 3] > 127)).sum())
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, self.width), min(y + h, self.height)
        if x0 >= x1 or y0 >= y1:
            self.full_area[oid] = 0
            return oid
        src = rgba[y0 - y : y1 - y, x0 - x : x1 - x]
        alpha = src[..., 3:4].astype(np.float32) / 255.0
        # Visibility is judged against the part inside the frame: a close-up cut at the waist
        # is still a fully visible person for the detector.
        self.full_area[oid] = int((alpha > 0.5).sum())
        region = self.image[y0:y1, x0:x1]
        region[:] = region * (1 - alpha) + src[..., :3].astype(np.float32) * alpha
        opaque = alpha[..., 0] > 0.5
        self.ids[y0:y1, x0:x1][opaque] = oid
        self.key[y0:y1, x0:x1][opaque] = key[y0 - y : y1 - y, x0 - x : x1 - x][opaque] if key is not None else False
        if self.parts is not None:
            self.parts[y0:y1, x0:x1][opaque] = parts[y0 - y : y1 - y, x0 - x : x1 - x][opaque] if parts is not None else 0
        return oid

    def part_share(self, oid: int, code: int) -> float:
        """How much of part ``code`` of object ``oid`` shows: 0.0 for a part it does not have."""
        whole = self.full_part_area.get((oid, code), 0)
        if not whole or self.parts is None:
            return 0.0
        return float(((self.ids == oid) & (self.parts == code)).sum()) / whole

    def box_of(self, oid: int, code: int | None = None) -> tuple[int, int, int, int] | None:
        """xyxy around the visible pixels of an object (or of one of its parts), labelled or not."""
        mine = self.ids == oid
        if code is not None:
            mine &= self.parts == code if self.parts is not None else np.zeros_like(mine)
        ys, xs = np.nonzero(mine)
        if len(xs) == 0:
            return None
        return (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)

    def shown_share(self, oid: int) -> float:
        """How much of an object's whole sprite shows in the picture: neither hidden behind
        others nor outside the frame (a camera tilt or lens warp moves this a little)."""
        whole = self.sprite_area.get(oid, 0)
        return float((self.ids == oid).sum()) / whole if whole else 0.0

    def fill(self, bgr: np.ndarray) -> None:
        self.image[:] = bgr

    def visible_boxes(self, min_visible: float = 0.3, min_side: int = 3, min_key_visible: float = 0.5) -> list[tuple[int, tuple[int, int, int, int]]]:
        """(object id, xyxy) for labelled objects visible enough to be fair to ask a detector for."""
        out = []
        for oid, placed in enumerate(self.objects):
            if placed.label is None:
                continue
            mine = self.ids == oid
            ys, xs = np.nonzero(mine)
            if len(xs) == 0:
                continue
            area = self.full_area.get(oid, len(xs))
            if area and len(xs) / area < min_visible:
                continue
            key_area = self.full_key_area.get(oid)
            if key_area is not None and (key_area == 0 or (mine & self.key).sum() / key_area < min_key_visible):
                continue
            box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
            if box[2] - box[0] < min_side or box[3] - box[1] < min_side:
                continue
            out.append((oid, box))
        return out

    def warp(self, matrix: np.ndarray) -> None:
        """Apply a perspective warp to image and id map alike (camera tilt)."""
        size = (self.width, self.height)
        self.image = cv2.warpPerspective(self.image, matrix, size, borderMode=cv2.BORDER_REFLECT)
        self.ids = cv2.warpPerspective(
            self.ids.astype(np.float32), matrix, size, flags=cv2.INTER_NEAREST, borderValue=0
        ).astype(np.int32)
        self.key = cv2.warpPerspective(self.key.astype(np.uint8), matrix, size, flags=cv2.INTER_NEAREST, borderValue=0) > 0
        if self.parts is not None:
            self.parts = cv2.warpPerspective(self.parts, matrix, size, flags=cv2.INTER_NEAREST, borderValue=0)

    def remap(self, map_x: np.ndarray, map_y: np.ndarray) -> None:
        """Apply a dense remap (lens distortion) to image and id map alike."""
        self.image = cv2.remap(self.image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        self.ids = cv2.remap(
            self.ids.astype(np.float32), map_x, map_y, cv2.INTER_NEAREST, borderValue=0
        ).astype(np.int32)
        self.key = cv2.remap(self.key.astype(np.uint8), map_x, map_y, cv2.INTER_NEAREST, borderValue=0) > 0
        if self.parts is not None:
            self.parts = cv2.remap(self.parts, map_x, map_y, cv2.INTER_NEAREST, borderValue=0)


def rgba_canvas(width: int, height: int) -> np.ndarray:
    return np.zeros((max(1, height), max(1, width), 4), np.uint8)


def _jitter_matrix(h: int, w: int, rng: np.random.Generator, amount: float) -> tuple[np.ndarray, tuple[int, int]]:
    pad = int(max(h, w) * amount) + 2
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    jitter = rng.uniform(-amount, amount, (4, 2)) * np.float32([w, h])
    dst = (src + jitter + pad).astype(np.float32)
    return cv2.getPerspectiveTransform(src, dst), (w + 2 * pad, h + 2 * pad)


def perspective_jitter(rgba: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """Warp a sprite as if seen slightly from the side; the sprite grows to hold the result."""
    matrix, size = _jitter_matrix(rgba.shape[0], rgba.shape[1], rng, amount)
    return cv2.warpPerspective(rgba, matrix, size, flags=cv2.INTER_LINEAR)


def _rotation_matrix(h: int, w: int, degrees: float) -> tuple[np.ndarray, tuple[int, int]]:
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos) + 2, int(h * cos + w * sin) + 2
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return matrix, (nw, nh)


def rotate(rgba: np.ndarray, degrees: float) -> np.ndarray:
    matrix, size = _rotation_matrix(rgba.shape[0], rgba.shape[1], degrees)
    return cv2.warpAffine(rgba, matrix, size, flags=cv2.INTER_LINEAR)


def tilt(rgba: np.ndarray, parts: np.ndarray, rng: np.random.Generator, degrees: float, amount: float) -> tuple[np.ndarray, np.ndarray]:
    """Rotate a sprite by ``degrees`` then warp it as :func:`perspective_jitter` does, moving its
    part map (see :meth:`Canvas.paste`) with it."""
    matrix, size = _rotation_matrix(rgba.shape[0], rgba.shape[1], degrees)
    rgba = cv2.warpAffine(rgba, matrix, size, flags=cv2.INTER_LINEAR)
    parts = cv2.warpAffine(parts, matrix, size, flags=cv2.INTER_NEAREST)
    matrix, size = _jitter_matrix(rgba.shape[0], rgba.shape[1], rng, amount)
    return (cv2.warpPerspective(rgba, matrix, size, flags=cv2.INTER_LINEAR),
            cv2.warpPerspective(parts, matrix, size, flags=cv2.INTER_NEAREST))


def shade(rgba: np.ndarray, rng: np.random.Generator, strength: float = 0.25) -> np.ndarray:
    """A soft directional light gradient over a sprite, so flat fills do not look flat."""
    h, w = rgba.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    g = (np.cos(angle) * xx / max(w, 1) + np.sin(angle) * yy / max(h, 1))
    g = (g - g.min()) / max(float(np.ptp(g)), 1e-6)
    factor = 1 - strength / 2 + strength * g
    out = rgba.copy()
    out[..., :3] = np.clip(out[..., :3].astype(np.float32) * factor[..., None], 0, 255).astype(np.uint8)
    return out
