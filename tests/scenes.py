"""Test snapshots with exactly the contents a test asks for, drawn with the training-data
renderers (datasets/render) but composed by hand and seeded, so each test image is fixed."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from datasets.render import backgrounds, badges, signs, tools
from datasets.render.canvas import Canvas
from datasets.render.people import draw_person

NAVY = (90, 45, 20)  # BGR: the navy suit most halls use
CASUAL_ORANGE = (40, 140, 230)


def _room(seed: int, width: int = 1280, height: int = 720, horizon: float = 0.55) -> tuple[Canvas, np.random.Generator]:
    rng = np.random.default_rng(seed)
    canvas = Canvas(width, height)
    backgrounds.draw_room(canvas, rng, int(height * horizon))
    return canvas, rng


def _finish(canvas: Canvas) -> np.ndarray:
    return np.clip(canvas.image, 0, 255).astype(np.uint8)


def staff_closeup(
    seed: int,
    *,
    badge: badges.BadgeSpec | None,
    pregnant: bool = False,
    uniform: bool = True,
    width: int = 1920,
    height: int = 1080,
) -> np.ndarray:
    """One person from the waist up, as an inspector photographs them: a badge ~180 px wide."""  # 0.11 x 1620
    canvas, rng = _room(seed, width, height, horizon=0.9)
    ph = int(height * 1.5)
    person = draw_person(ph, rng, staff=uniform, facing="front", jacket=NAVY if uniform else CASUAL_ORANGE)
    px, py = int(width * 0.5 - person.rgba.shape[1] / 2), int(height * 0.05)
    canvas.paste(person.rgba, px, py, "person")
    if badge is not None:
        ax, ay = person.anchors["chest_left"]
        sprite = badges.draw_badge(badge, int(ph * 0.11), rng)
        canvas.paste(sprite, px + int(ax - sprite.shape[1] / 2), py + int(ay), "badge")
    if pregnant:
        cx, cy = person.anchors["chest_right"]
        card = badges.draw_pregnant_card(int(ph * 0.07), rng)
        canvas.paste(card, px + int(cx - card.shape[1] / 2), py + int(cy), "badge")
    return _finish(canvas)


def star_desk(seed: int, text: str, *, width: int = 1280, height: int = 720,
              jacket: tuple[int, int, int] = NAVY) -> np.ndarray:
    """A service desk with one desk sign reading ``text`` and a member of staff behind it."""
    canvas, rng = _room(seed, width, height, horizon=0.6)
    ph = int(height * 0.75)
    counter_top = int(height * 0.62)
    person = draw_person(ph, rng, staff=True, jacket=jacket)
    canvas.paste(person.rgba, int(width * 0.3), counter_top + int(ph * 0.45) - ph, "person")
    canvas.paste(backgrounds.counter_sprite(width + 20, height - counter_top, rng), -10, counter_top)
    sign = signs.draw_desk_sign(text, int(width * 0.24), rng)
    canvas.paste(sign, int(width * 0.55), counter_top - sign.shape[0] + 6, "desk_sign")
    return _finish(canvas)


def shop_window(seed: int, posters: int, *, width: int = 1280, height: int = 720) -> np.ndarray:
    """A glass front with ``posters`` posters spread over its panes."""
    rng = np.random.default_rng(seed)
    canvas = Canvas(width, height)
    backgrounds.draw_window(canvas, rng)
    slots = [(0.05 + 0.18 * (i % 5), 0.12 + 0.42 * (i // 5)) for i in range(10)]
    for i in range(posters):
        sprite, _ = signs.draw_poster(int(width * 0.14), rng)
        x, y = slots[i]
        canvas.paste(sprite, int(x * width), int(y * height), "poster")
    return _finish(canvas)


def hall(seed: int, *, tool: str | None, staff_without_badge: bool = False, customer: bool = False,
         width: int = 1280, height: int = 720) -> np.ndarray:
    """A hall floor with optionally a cleaning tool, a badgeless staff member, a customer."""
    canvas, rng = _room(seed, width, height, horizon=0.4)
    ph = int(height * 0.7)
    if staff_without_badge:
        p = draw_person(ph, rng, staff=True, jacket=NAVY)
        canvas.paste(p.rgba, int(width * 0.15), int(height * 0.95) - ph, "person")
    if customer:
        p = draw_person(ph, rng, staff=False, facing="front", jacket=CASUAL_ORANGE)
        canvas.paste(p.rgba, int(width * 0.42), int(height * 0.97) - ph, "person")
    if tool:
        sprite = tools.DRAWERS[tool](int(ph * (0.8 if tool in ("mop", "broom") else 0.35)), rng).rgba
        canvas.paste(sprite, int(width * 0.75), int(height * 0.96) - sprite.shape[0], tool)
    return _finish(canvas)


def save(image: np.ndarray, path: Path) -> Path:
    cv2.imwrite(str(path), image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return path
