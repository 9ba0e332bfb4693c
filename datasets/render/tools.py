"""Cleaning tools (mop, broom, bucket, dustpan) in many shapes, colours and poses.

Each kind is drawn after the forms sold for Chinese service halls, and so that the kinds differ
where real ones do: a mop's head is a soft, drooping bundle (strands, a flat pad, a round spin
head), a broom's a stiff fan of straight bristles under a hard binding, a dustpan's a box open at
the front. A detector that learns only "a stick with something at the end" confuses all three.
"""

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


PALETTE = [(40, 40, 200), (200, 90, 30), (40, 160, 60), (30, 200, 230), (160, 160, 160), (220, 220, 220),
           (60, 60, 60), (180, 60, 160), (30, 110, 200)]
#: Mop strands are mostly cotton or microfibre: off-white, grey, or a dyed blue, green or yellow.
STRANDS = [(225, 230, 232), (205, 210, 212), (170, 172, 175), (200, 150, 80), (90, 180, 90), (60, 200, 230), (190, 120, 200)]
#: Broom bristles: dyed plastic, or straw and sorghum.
BRISTLES = [(60, 140, 190), (70, 160, 210), (40, 40, 200), (200, 90, 30), (40, 160, 60), (60, 60, 60), (150, 60, 170)]
STRAW = [(110, 170, 210), (90, 150, 190), (130, 190, 220)]


#: Head width and head height of each kind, as fractions of the tool's height.
MOP_SHAPES = {"string": ((0.2, 0.32), (0.22, 0.35)), "flat": ((0.28, 0.45), (0.12, 0.2)), "spin": ((0.22, 0.32), (0.2, 0.3))}
BROOM_SHAPES = {"plastic": ((0.2, 0.32), (0.15, 0.24)), "straw": ((0.16, 0.26), (0.3, 0.42)), "push": ((0.35, 0.5), (0.08, 0.12))}


def _pick(rng: np.random.Generator, palette: list[tuple[int, int, int]], jitter: int = 25) -> tuple[int, int, int]:
    base = np.array(palette[int(rng.integers(len(palette)))], np.int32) + rng.integers(-jitter, jitter + 1, 3)
    return tuple(int(v) for v in np.clip(base, 0, 255))  # type: ignore[return-value]


def _colour(rng: np.random.Generator) -> tuple[int, int, int]:
    return _pick(rng, PALETTE)


def _tone(colour: tuple[int, int, int], delta: int) -> tuple[int, int, int, int]:
    return tuple(int(np.clip(c + delta, 0, 255)) for c in colour) + (255,)  # type: ignore[return-value]


def _handle(img: np.ndarray, cx: int, top: int, bottom: int, thickness: int, rng: np.random.Generator) -> None:
    colour = _colour(rng)
    cv2.line(img, (cx, top), (cx, bottom), colour + (255,), thickness)
    if rng.random() < 0.6:  # a hanging cap and a grip band, as on most plastic handles
        cv2.rectangle(img, (cx - thickness, top), (cx + thickness, top + 2 * thickness + 1), _tone(colour, -60), -1)


def _sprite(height: int, width: int) -> tuple[np.ndarray, int, int]:
    img = rgba_canvas(width + 4, height)
    return img, img.shape[1] // 2, img.shape[1]


def _string_mop(img: np.ndarray, cx: int, w: int, top: int, height: int, rng: np.random.Generator) -> None:
    """A clamp with a thick bundle of strands that droop, bulge and splay on the floor."""
    strand = _pick(rng, STRANDS)
    clamp_w = max(3, w // 5)
    cv2.rectangle(img, (cx - clamp_w // 2, top), (cx + clamp_w // 2, top + max(2, (height - top) // 8)), _tone(_colour(rng), 0), -1)
    head_h = height - top
    bulge = w * rng.uniform(0.35, 0.5)
    # The bundle's outline: narrow at the clamp, round in the middle, ragged at the ends.
    ys = np.linspace(top + head_h * 0.08, height - 1, 12)
    half = bulge * np.sin(np.linspace(0.5, 1.6, 12)) + rng.uniform(-0.06, 0.06, 12) * w
    left = np.stack([cx - half, ys], 1)
    right = np.stack([cx + half, ys], 1)[::-1]
    cv2.fillPoly(img, [np.vstack([left, right]).astype(np.int32)], _tone(strand, -25))
    thick = max(1, int(w / 14))
    for _ in range(int(max(8, w // 2))):
        x0 = cx + rng.uniform(-0.2, 0.2) * w
        x_end = cx + rng.uniform(-0.55, 0.55) * w
        y_end = height - 1 - rng.uniform(0, 0.15) * head_h
        mid = (x0 + x_end) / 2 + rng.uniform(-0.12, 0.12) * w
        pts = np.array([[x0, top + head_h * 0.1], [mid, top + head_h * 0.55], [x_end, y_end]], np.int32)
        cv2.polylines(img, [pts], False, _tone(strand, int(rng.integers(-50, 25))), thick)


def _flat_mop(img: np.ndarray, cx: int, w: int, top: int, height: int, rng: np.random.Generator) -> None:
    """A swivel joint on a wide flat pad seen a little from above: a top face and a fringe."""
    pad = _pick(rng, STRANDS)
    pad_h = max(3, int((height - top) * rng.uniform(0.25, 0.4)))
    depth = max(2, int(pad_h * rng.uniform(0.6, 1.2)))  # the top face in perspective
    y_pad = height - pad_h
    frame = _colour(rng)
    cv2.line(img, (cx, top), (cx, y_pad - depth), (90, 90, 90, 255), max(2, w // 16))
    shift = int(depth * rng.uniform(-0.8, 0.8))
    face = np.array([[2 + shift, y_pad - depth], [w - 3 + shift, y_pad - depth], [w - 3, y_pad], [2, y_pad]], np.int32)
    face[:, 0] = np.clip(face[:, 0], 0, w - 1)
    cv2.fillPoly(img, [face], _tone(frame, 30))
    cv2.rectangle(img, (2, y_pad), (w - 3, height - 1), pad + (255,), -1)
    for x in range(3, w - 3, max(2, w // 25)):  # microfibre fringe
        cv2.line(img, (x, height - 1 - pad_h // 3), (x + int(rng.integers(-1, 2)), height - 1), _tone(pad, -40), 1)
    cv2.rectangle(img, (cx - max(2, w // 12), y_pad - depth - 2), (cx + max(2, w // 12), y_pad - depth // 2), _tone(frame, -40), -1)


def _spin_mop(img: np.ndarray, cx: int, w: int, top: int, height: int, rng: np.random.Generator) -> None:
    """A round microfibre head: a disc seen from above with strands hanging all round it."""
    strand = _pick(rng, STRANDS)
    head_h = height - top
    ry = max(2, int(head_h * rng.uniform(0.18, 0.28)))
    rx = max(3, w // 2 - 2)
    cy = top + ry
    cv2.line(img, (cx, 0), (cx, cy), (100, 100, 100, 255), max(2, w // 18))
    hem = np.array([[cx + rx * np.cos(t), cy + ry * np.sin(t)] for t in np.linspace(0, np.pi, 9)], np.float64)
    skirt = np.vstack([[cx - rx, cy], [cx + rx, cy], *[[x, height - 1 - rng.uniform(0, 0.1) * head_h] for x in np.linspace(cx + rx, cx - rx, 9)]])
    cv2.fillPoly(img, [skirt.astype(np.int32)], _tone(strand, -20))
    for x in np.linspace(cx - rx, cx + rx, max(6, rx)):
        cv2.line(img, (int(x), cy), (int(x + rng.uniform(-3, 3)), int(height - 1 - rng.uniform(0, 0.12) * head_h)), _tone(strand, int(rng.integers(-45, 20))), 1)
    cv2.ellipse(img, (cx, cy), (rx, ry), 0, 0, 360, _tone(_colour(rng), 0), -1)
    cv2.polylines(img, [hem.astype(np.int32)], False, _tone(strand, 25), 1)


def draw_mop(height: int, rng: np.random.Generator) -> ToolSprite:
    height = max(24, int(height))
    kind = str(rng.choice(list(MOP_SHAPES), p=[0.5, 0.3, 0.2]))
    width_range, head_range = MOP_SHAPES[kind]
    width = int(height * rng.uniform(*width_range))
    img, cx, w = _sprite(height, width)
    top = height - int(height * rng.uniform(*head_range))
    stick = max(2, int(height * rng.uniform(0.018, 0.03)))
    _handle(img, cx, 0, top, stick, rng)
    {"string": _string_mop, "flat": _flat_mop, "spin": _spin_mop}[kind](img, cx, w, top, height, rng)
    return ToolSprite(shade(img, rng), _below(img, top))


def draw_broom(height: int, rng: np.random.Generator) -> ToolSprite:
    height = max(24, int(height))
    kind = str(rng.choice(list(BROOM_SHAPES), p=[0.6, 0.25, 0.15]))
    width_range, head_range = BROOM_SHAPES[kind]
    head_w = int(height * rng.uniform(*width_range))
    head_h = int(height * rng.uniform(*head_range))
    img, cx, w = _sprite(height, head_w)
    top = height - head_h
    stick = max(2, int(height * rng.uniform(0.018, 0.03)))
    bristle = _pick(rng, STRAW, 15) if kind == "straw" else _pick(rng, BRISTLES)
    bind_h = max(2, head_h // (3 if kind == "push" else 5))
    narrow = w - 4 if kind == "push" else w * rng.uniform(*((0.45, 0.7) if kind == "plastic" else (0.15, 0.3)))
    slant = int(head_h * rng.uniform(-0.35, 0.35)) if kind == "plastic" and rng.random() < 0.5 else 0  # an angle-cut broom
    _handle(img, cx, 0, top + bind_h // 2, stick, rng)
    y_b = top + bind_h
    bottom_l, bottom_r = height - 1 - max(0, slant), height - 1 - max(0, -slant)
    fan = np.array([[cx - narrow / 2, y_b], [cx + narrow / 2, y_b], [w - 2, bottom_r], [2, bottom_l]], np.int32)
    cv2.fillPoly(img, [fan], _tone(bristle, -10))
    for i in range(max(6, w // 2)):  # straight, stiff bristles from binding to tip
        f = i / max(1, w // 2 - 1)
        xt = cx - narrow / 2 + f * narrow
        xb = 2 + f * (w - 4)
        yb = bottom_l + f * (bottom_r - bottom_l) - rng.uniform(0, 0.04) * head_h
        cv2.line(img, (int(xt), y_b), (int(xb), int(yb)), _tone(bristle, int(rng.integers(-60, 30))), 1)
    binding = _colour(rng) if kind != "straw" else (40, 40, 160)
    if kind == "straw":  # tied with bands of string
        for k in range(int(rng.integers(2, 4))):
            y = top + int(head_h * (0.08 + 0.12 * k))
            half = narrow / 2 + (w / 2 - narrow / 2) * (y - y_b) / max(1, height - y_b) + 1
            cv2.line(img, (int(cx - half), y), (int(cx + half), y), binding + (255,), max(1, head_h // 25))
    else:
        block = np.array([[cx - narrow / 2 - 1, top], [cx + narrow / 2 + 1, top], [cx + narrow / 2 + 2, y_b], [cx - narrow / 2 - 2, y_b]], np.int32)
        cv2.fillPoly(img, [block], _tone(binding, -20))
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
    """A box open at the front: back wall and hood, the dark floor inside, a flat lip at the mouth.
    Upright ones stand on a long handle fixed to the hood; hand ones have a short grip."""
    height = max(16, int(height))
    long_handle = rng.random() < 0.6
    pan_h = int(height * (rng.uniform(0.25, 0.35) if long_handle else rng.uniform(0.55, 0.75)))
    pan_w = int(pan_h * rng.uniform(1.1, 1.5))
    img, cx, w = _sprite(height, pan_w)
    colour = _colour(rng)
    top = height - pan_h
    stick = max(2, int(height * 0.025))
    if long_handle:
        _handle(img, cx, 0, top + pan_h // 4, stick, rng)
    else:
        cv2.line(img, (cx, top - pan_h // 3), (cx, top + pan_h // 4), colour + (255,), stick * 3)
    hood = top + int(pan_h * rng.uniform(0.3, 0.45))
    shell = np.array([[cx - pan_w * 0.35, top], [cx + pan_w * 0.35, top], [w - 3, hood], [w - 3, height - 1], [2, height - 1], [2, hood]], np.int32)
    cv2.fillPoly(img, [shell], colour + (255,))
    inside_top = hood + max(1, (height - hood) // 6)
    mouth = np.array([[6, inside_top], [w - 7, inside_top], [w - 4, height - 3], [3, height - 3]], np.int32)
    cv2.fillPoly(img, [mouth], _tone(colour, -80))  # the shadowed floor of the pan
    cv2.line(img, (2, height - 2), (w - 3, height - 2), _tone(colour, 60), max(1, pan_h // 12))  # rubber lip
    if rng.random() < 0.5:  # a comb along the hood for cleaning the broom
        for x in range(int(cx - pan_w * 0.3), int(cx + pan_w * 0.3), max(2, pan_w // 20)):
            cv2.line(img, (x, top + 1), (x, top + max(2, pan_h // 10)), _tone(colour, -50), 1)
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
