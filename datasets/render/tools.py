"""Cleaning tools (mop, broom, bucket, dustpan) in many shapes, colours and poses."""

from __future__ import annotations

from typing import NamedTuple

import cv2
import numpy as np

from datasets.render.canvas import rgba_canvas, rotate, shade


class ToolSprite(NamedTuple):
    rgba: np.ndarray
    #: The part a tool is told apart by (strands, bristles, pan, pail): a handle alone could be
    #: a mop, a broom or a long dustpan, so the generator labels a tool only while this shows.
    key: np.ndarray


def _below(img: np.ndarray, top: int) -> np.ndarray:
    """The opaque pixels from row ``top`` down: the head of a tool drawn head-down."""
    key = img[..., 3] > 127
    key[: max(0, top)] = False
    return key


def _colour(rng: np.random.Generator) -> tuple[int, int, int]:
    palette = [(40, 40, 200), (200, 90, 30), (40, 160, 60), (30, 200, 230), (160, 160, 160), (220, 220, 220),
               (60, 60, 60), (180, 60, 160), (30, 110, 200)]
    base = np.array(palette[int(rng.integers(len(palette)))], np.int32) + rng.integers(-25, 26, 3)
    return tuple(int(v) for v in np.clip(base, 0, 255))  # type: ignore[return-value]


def _pole(height: int, rng: np.random.Generator, head_h: tuple[float, float], head_w: tuple[float, float]) -> tuple[np.ndarray, int, int, int, int]:
    """A sprite with a handle down its middle, leaving the bottom for a head (mop, broom).
    Returns the sprite, its height, the head's height and width, and the handle's thickness."""
    height = max(20, int(height))
    head_height = int(height * rng.uniform(*head_h))
    head_width = int(height * rng.uniform(*head_w))
    img = rgba_canvas(head_width + 4, height)
    stick = max(2, int(height * rng.uniform(0.018, 0.03)))
    cx = img.shape[1] // 2
    cv2.line(img, (cx, 0), (cx, height - head_height), _colour(rng) + (255,), stick)
    return img, height, head_height, head_width, stick


def draw_mop(height: int, rng: np.random.Generator) -> ToolSprite:
    img, height, head_h, head_w, stick = _pole(height, rng, (0.18, 0.3), (0.16, 0.3))
    w, cx = img.shape[1], img.shape[1] // 2
    strand = np.array(_colour(rng) if rng.random() < 0.4 else (int(rng.integers(180, 240)),) * 3)
    top = height - head_h
    if rng.random() < 0.5:  # string mop: many wavy strands
        for i in range(max(6, head_w // 2)):
            x0 = cx + rng.uniform(-0.15, 0.15) * head_w
            x1 = cx + (i / max(1, head_w // 2) - 0.5) * head_w
            shade_v = tuple(int(v) for v in np.clip(strand + rng.integers(-40, 20), 0, 255)) + (255,)
            cv2.line(img, (int(x0), top), (int(x1), height - 1 - int(rng.integers(0, max(1, head_h // 5)))), shade_v, max(1, stick // 2 + 1))
    else:  # flat mop: a pad on a hinge
        cv2.rectangle(img, (2, height - max(3, head_h // 3)), (w - 3, height - 1), tuple(int(v) for v in strand) + (255,), -1)
        cv2.line(img, (cx, top), (cx, height - head_h // 3), (90, 90, 90, 255), stick)
    return ToolSprite(shade(img, rng), _below(img, top))


def draw_broom(height: int, rng: np.random.Generator) -> ToolSprite:
    img, height, head_h, head_w, _stick = _pole(height, rng, (0.15, 0.25), (0.2, 0.35))
    w, cx = img.shape[1], img.shape[1] // 2
    top = height - head_h
    bristle = _colour(rng) if rng.random() < 0.5 else (60, 140, 190)
    narrow = head_w * rng.uniform(0.15, 0.4)
    pts = np.array([[cx - narrow / 2, top], [cx + narrow / 2, top], [w - 2, height - 1], [2, height - 1]], np.int32)
    cv2.fillPoly(img, [pts], bristle + (255,))
    for i in range(max(4, head_w // 3)):
        x = 2 + i * (w - 4) / max(1, head_w // 3)
        cv2.line(img, (int(cx + (x - cx) * 0.3), top), (int(x), height - 1), tuple(max(0, c - 50) for c in bristle) + (255,), 1)
    cv2.rectangle(img, (int(cx - narrow / 2) - 1, top - max(2, head_h // 8)), (int(cx + narrow / 2) + 1, top), (50, 50, 50, 255), -1)
    return ToolSprite(shade(img, rng), _below(img, top))


def draw_bucket(height: int, rng: np.random.Generator) -> ToolSprite:
    height = max(12, int(height))
    top_w = int(height * rng.uniform(0.9, 1.3))
    bottom_w = int(top_w * rng.uniform(0.7, 0.9))
    w = top_w + 4
    img = rgba_canvas(w, height)
    colour = _colour(rng)
    rim = max(2, height // 8)
    pts = np.array([[2, rim], [w - 3, rim], [(w + bottom_w) // 2, height - 1], [(w - bottom_w) // 2, height - 1]], np.int32)
    cv2.fillPoly(img, [pts], colour + (255,))
    cv2.ellipse(img, (w // 2, rim), (top_w // 2, rim), 0, 0, 360, tuple(max(0, c - 60) for c in colour) + (255,), -1)
    cv2.ellipse(img, (w // 2, rim), (top_w // 2, rim), 0, 0, 360, tuple(min(255, c + 40) for c in colour) + (255,), max(1, rim // 3))
    if rng.random() < 0.7:  # handle
        cv2.ellipse(img, (w // 2, rim), (top_w // 2 - 2, int(rim * 2.5)), 0, 180, 360, (70, 70, 70, 255), max(1, height // 30))
    if rng.random() < 0.4:  # wringer bucket: a grey box on top
        cv2.rectangle(img, (w // 4, 0), (w * 3 // 4, rim * 2), (140, 140, 140, 255), -1)
    return ToolSprite(shade(img, rng, 0.35), _below(img, 0))


def draw_dustpan(height: int, rng: np.random.Generator) -> ToolSprite:
    height = max(16, int(height))
    long_handle = rng.random() < 0.6
    pan_h = int(height * (rng.uniform(0.25, 0.35) if long_handle else rng.uniform(0.6, 0.8)))
    pan_w = int(pan_h * rng.uniform(1.1, 1.6))
    w = pan_w + 4
    img = rgba_canvas(w, height)
    colour = _colour(rng)
    top = height - pan_h
    pts = np.array([[w // 2 - pan_w // 4, top], [w // 2 + pan_w // 4, top], [w - 3, height - 1], [2, height - 1]], np.int32)
    cv2.fillPoly(img, [pts], colour + (255,))
    cv2.line(img, (2, height - 2), (w - 3, height - 2), tuple(max(0, c - 70) for c in colour) + (255,), max(1, pan_h // 10))
    stick = max(2, int(height * 0.025))
    cv2.line(img, (w // 2, 0 if long_handle else top - pan_h // 3), (w // 2, top), colour + (255,), stick * (1 if long_handle else 3))
    return ToolSprite(shade(img, rng, 0.3), _below(img, top))


DRAWERS = {"mop": draw_mop, "broom": draw_broom, "bucket": draw_bucket, "dustpan": draw_dustpan}
#: Typical height relative to a standing adult.
RELATIVE_HEIGHT = {"mop": (0.65, 0.85), "broom": (0.6, 0.8), "bucket": (0.18, 0.28), "dustpan": (0.15, 0.55)}


def _rotate(tool: ToolSprite, degrees: float) -> ToolSprite:
    return ToolSprite(rotate(tool.rgba, degrees), rotate(tool.key.astype(np.uint8) * 255, degrees) > 127)


def draw_tool(label: str, person_height: float, rng: np.random.Generator) -> ToolSprite:
    lo, hi = RELATIVE_HEIGHT[label]
    tool = DRAWERS[label](int(person_height * rng.uniform(lo, hi)), rng)
    if label in ("mop", "broom") or (label == "dustpan" and rng.random() < 0.5):
        tool = _rotate(tool, float(rng.uniform(-25, 25)))  # leaning against a wall or lying
        if rng.random() < 0.15:
            tool = _rotate(tool, 80.0 * (1 if rng.random() < 0.5 else -1))
    return tool
