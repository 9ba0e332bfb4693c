"""Hall interiors and shop windows: walls, tiled floors, counters, glass, text on walls."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from datasets.render.canvas import Canvas
from datasets.render.fonts import random_font
from datasets.render.words import WALL_TEXT, pick

WALLS = ((235, 235, 235), (220, 228, 235), (200, 215, 230), (225, 235, 245), (170, 190, 210), (200, 200, 200), (120, 150, 190))
FLOORS = ((200, 200, 200), (170, 175, 180), (190, 205, 215), (140, 150, 160), (215, 215, 210), (120, 140, 170))


def _jitter(c, rng, a=15):
    return np.clip(np.array(c, np.float32) + rng.integers(-a, a + 1, 3), 0, 255)


def draw_room(canvas: Canvas, rng: np.random.Generator, horizon: int, wall_text: tuple[str, ...] = WALL_TEXT) -> None:
    """Wall above ``horizon``, a tiled floor in perspective below it, lights and wall furniture;
    plaques on it say one of ``wall_text``."""
    H, W = canvas.height, canvas.width
    wall = _jitter(WALLS[int(rng.integers(len(WALLS)))], rng)
    floor = _jitter(FLOORS[int(rng.integers(len(FLOORS)))], rng)
    yy = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    canvas.image[:horizon] = wall * (0.85 + 0.2 * yy[:horizon])
    canvas.image[horizon:] = floor * (0.9 + 0.15 * yy[horizon:])
    img = canvas.image
    vx = W * rng.uniform(0.3, 0.7)
    tile_colour = tuple(float(v) for v in floor * 0.8)
    for k in range(-12, 13):
        cv2.line(img, (int(vx + k * W * 0.01), horizon), (int(vx + k * W * 0.18), H), tile_colour, 1, cv2.LINE_AA)
    y, step = horizon, max(2.0, (H - horizon) * 0.04)
    while y < H:
        cv2.line(img, (0, int(y)), (W, int(y)), tile_colour, 1, cv2.LINE_AA)
        step *= 1.35
        y += step
    cv2.line(img, (0, horizon), (W, horizon), tuple(float(v) for v in wall * 0.6), max(1, H // 200))
    if rng.random() < 0.6:  # the brand band along the top of the wall
        band_h = int(H * rng.uniform(0.05, 0.1))
        top = int(rng.uniform(0.0, 0.15) * H)
        colour = (170, 90, 0) if rng.random() < 0.7 else (40, 40, 200)
        cv2.rectangle(img, (0, top), (W, top + band_h), colour, -1)
        _text(canvas, "中国电信" if rng.random() < 0.7 else str(pick(rng, wall_text)), int(W * rng.uniform(0.05, 0.6)), top + band_h // 6, band_h * 0.65, rng, (255, 255, 255))
    for _ in range(int(rng.integers(0, 4))):  # lights
        cx, cy = int(rng.uniform(0, W)), int(rng.uniform(0, horizon * 0.3 + 1))
        cv2.ellipse(img, (cx, cy), (int(W * 0.04), int(H * 0.01) + 1), 0, 0, 360, (250, 250, 250), -1)
    for _ in range(int(rng.integers(0, 4))):  # wall plaques and screens: text that is not a sign class
        w = int(W * rng.uniform(0.06, 0.18))
        h = int(w * rng.uniform(0.4, 1.3))
        x, y = int(rng.uniform(0, W - w)), int(rng.uniform(0.1 * horizon, max(0.1 * horizon + 1, horizon - h)))
        if rng.random() < 0.5:
            cv2.rectangle(img, (x, y), (x + w, y + h), (25, 25, 25), -1)
            cv2.rectangle(img, (x + w // 20, y + h // 20), (x + w - w // 20, y + h - h // 20), tuple(float(v) for v in rng.integers(40, 230, 3)), -1)
        else:
            cv2.rectangle(img, (x, y), (x + w, y + h), (245, 245, 240), -1)
            _text(canvas, str(pick(rng, wall_text)), x + w // 10, y + h // 5, min(h * 0.3, w * 0.15), rng, (60, 60, 60))


def _text(canvas: Canvas, text: str, x: int, y: int, size: float, rng: np.random.Generator, colour) -> None:
    font = random_font(rng, size)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    tw = int(probe.textlength(text, font=font)) + 4
    th = int(size * 1.4) + 4
    patch = Image.new("L", (tw, th), 0)
    ImageDraw.Draw(patch).text((2, 0), text, font=font, fill=255)
    alpha = np.asarray(patch, np.float32)[..., None] / 255.0
    H, W = canvas.height, canvas.width
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + tw), min(H, y + th)
    if x0 >= x1 or y0 >= y1:
        return
    a = alpha[y0 - y : y1 - y, x0 - x : x1 - x]
    region = canvas.image[y0:y1, x0:x1]
    region[:] = region * (1 - a) + np.array(colour, np.float32) * a


def counter_sprite(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A service counter front with a top slab (drawn over the lower bodies of staff)."""
    body = _jitter(((235, 235, 235), (200, 170, 120), (90, 60, 40), (240, 240, 250), (170, 100, 30))[int(rng.integers(5))], rng)
    out = np.zeros((height, width, 4), np.uint8)
    out[..., :3] = body.astype(np.uint8)
    out[..., 3] = 255
    slab = max(2, int(height * rng.uniform(0.06, 0.12)))
    out[:slab, :, :3] = np.clip(body * 0.75 + 30, 0, 255).astype(np.uint8)
    if rng.random() < 0.6:  # a blue brand stripe on the front
        y = int(height * rng.uniform(0.3, 0.6))
        out[y : y + max(2, height // 10), :, :3] = (170, 90, 0)
    return out


def monitor_sprite(width: int, rng: np.random.Generator) -> np.ndarray:
    h = int(width * rng.uniform(0.6, 0.75))
    out = np.zeros((h + h // 3, width, 4), np.uint8)
    cv2.rectangle(out, (0, 0), (width - 1, h), (25, 25, 25, 255), -1)
    cv2.rectangle(out, (width // 30, h // 30), (width - width // 30, h - h // 30), tuple(int(v) for v in rng.integers(60, 230, 3)) + (255,), -1)
    cv2.rectangle(out, (width * 2 // 5, h), (width * 3 // 5, h + h // 3 - 1), (40, 40, 40, 255), -1)
    return out


def draw_window(canvas: Canvas, rng: np.random.Generator) -> list[tuple[int, int, int, int]]:
    """A glass storefront: what is behind (blurred), mullions; returns the glass panes (x1,y1,x2,y2)."""
    H, W = canvas.height, canvas.width
    behind = np.zeros((H, W, 3), np.float32)
    behind[:] = _jitter(((120, 120, 110), (200, 190, 180), (90, 100, 110), (160, 170, 150))[int(rng.integers(4))], rng, 30)
    for _ in range(int(rng.integers(5, 15))):  # street or interior blobs
        x, y = int(rng.uniform(0, W)), int(rng.uniform(0, H))
        cv2.rectangle(behind, (x, y), (x + int(rng.uniform(0.05, 0.3) * W), y + int(rng.uniform(0.05, 0.4) * H)), tuple(float(v) for v in rng.integers(30, 240, 3)), -1)
    canvas.image[:] = cv2.GaussianBlur(behind, (0, 0), max(1.0, W * 0.008))
    frame = tuple(float(v) for v in _jitter(((60, 60, 60), (200, 200, 200), (30, 30, 30), (170, 170, 175))[int(rng.integers(4))], rng))
    n_cols = int(rng.integers(1, 4))
    top, bottom = int(H * rng.uniform(0.0, 0.12)), int(H * rng.uniform(0.85, 1.0))
    mullion = max(3, int(W * rng.uniform(0.008, 0.02)))
    xs = np.linspace(0, W, n_cols + 1).astype(int)
    panes = []
    for i in range(n_cols):
        panes.append((int(xs[i] + mullion), top + mullion, int(xs[i + 1] - mullion), bottom - mullion))
    for x in xs:
        cv2.rectangle(canvas.image, (int(x) - mullion, 0), (int(x) + mullion, H), frame, -1)
    cv2.rectangle(canvas.image, (0, 0), (W, top + mullion), frame, -1)
    cv2.rectangle(canvas.image, (0, bottom - mullion), (W, H), frame, -1)
    return panes


def glass_reflections(canvas: Canvas, rng: np.random.Generator, strength: float) -> None:
    """Diagonal light streaks over everything: what glass does to a camera."""
    H, W = canvas.height, canvas.width
    overlay = np.zeros((H, W), np.float32)
    for _ in range(int(rng.integers(1, 4))):
        x = rng.uniform(-0.3, 1.0) * W
        width = rng.uniform(0.03, 0.15) * W
        slope = rng.uniform(0.3, 1.2)
        pts = np.array([[x, 0], [x + width, 0], [x + width - H * slope, H], [x - H * slope, H]], np.int32)
        cv2.fillPoly(overlay, [pts], 1.0)
    overlay = cv2.GaussianBlur(overlay, (0, 0), max(1.0, W * 0.01)) * strength
    canvas.image[:] = canvas.image * (1 - overlay[..., None]) + 255 * overlay[..., None]
