"""Star-desk signs in their three forms (desk tent card, hanging plate, red LED marquee) and
window posters; the same drawers make distractor texts (业务受理, 咨询台 ...)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from datasets.render.fonts import random_font
from datasets.render.words import POSTER_LINES, pick


def _to_bgra(img: Image.Image) -> np.ndarray:
    return np.asarray(img)[..., [2, 1, 0, 3]].copy()


def _fit_font(d: ImageDraw.ImageDraw, text: str, rng: np.random.Generator, max_w: float, max_h: float):
    size = max_h
    font = random_font(rng, size)
    width = d.textlength(text, font=font)
    if width > max_w:
        font = random_font(rng, max(6, size * max_w / width))
    return font


def draw_desk_sign(text: str, width: int, rng: np.random.Generator) -> np.ndarray:
    """A desk sign standing on the counter: a coloured plate on a clear or dark base."""
    width = max(10, int(width))
    height = max(5, int(width * rng.uniform(0.28, 0.45)))
    base_h = max(2, int(height * rng.uniform(0.08, 0.18)))
    img = Image.new("RGBA", (width, height + base_h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    palette = [((0, 80, 170), (255, 255, 255)), ((255, 255, 255), (0, 70, 160)), ((180, 20, 30), (255, 230, 160)),
               ((30, 30, 35), (230, 190, 90)), ((245, 240, 225), (150, 20, 20))]
    bg, fg = palette[int(rng.integers(len(palette)))]
    d.rounded_rectangle([0, 0, width - 1, height - 1], radius=max(1, height // 10), fill=bg + (255,),
                        outline=(200, 200, 200, 255), width=max(1, width // 100))
    if rng.random() < 0.5:  # a star row above the words on star signs and some others
        d.text((width * 0.05, height * 0.05), "★", font=random_font(rng, height * 0.25), fill=fg + (255,))
    font = _fit_font(d, text, rng, width * 0.86, height * 0.55)
    tw = d.textlength(text, font=font)
    d.text(((width - tw) / 2, height * 0.28), text, font=font, fill=fg + (255,))
    d.rectangle([width * 0.1, height, width * 0.9, height + base_h - 1], fill=(90, 90, 95, 230))
    return _to_bgra(img)


def draw_hanging_sign(text: str, width: int, rng: np.random.Generator) -> np.ndarray:
    """A plate hung from the ceiling; the strings are part of the sprite but thin."""
    width = max(10, int(width))
    height = max(5, int(width * rng.uniform(0.22, 0.35)))
    string_h = int(height * rng.uniform(0.3, 1.2))
    img = Image.new("RGBA", (width, height + string_h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    for x in (width * 0.15, width * 0.85):
        d.line([x, 0, x, string_h], fill=(120, 120, 120, 255), width=max(1, width // 200))
    bg = (0, 90, 180) if rng.random() < 0.6 else (200, 30, 35)
    d.rectangle([0, string_h, width - 1, string_h + height - 1], fill=bg + (255,), outline=(230, 230, 230, 255),
                width=max(1, width // 80))
    font = _fit_font(d, text, rng, width * 0.85, height * 0.6)
    tw = d.textlength(text, font=font)
    d.text(((width - tw) / 2, string_h + height * 0.18), text, font=font, fill=(255, 255, 255, 255))
    return _to_bgra(img)


def draw_led_sign(text: str, width: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A red (or amber) dot-matrix marquee: text rasterised to a coarse grid of glowing dots,
    and the text left in view.

    Marquees scroll, so the visible window may hold only part of the text: the characters
    scrolled past the left edge (wholly or in part) are not in the text returned."""
    width = max(16, int(width))
    rows = 16
    pitch = max(2.0, width / max(6, len(text) * rows * rng.uniform(0.9, 1.2)))
    height = int(rows * pitch + pitch * 2)
    cols = int(width / pitch)
    mask_img = Image.new("L", (cols * 4, rows * 4), 0)
    md = ImageDraw.Draw(mask_img)
    font = random_font(rng, rows * 4 * 0.9)
    offset = 0 if rng.random() < 0.7 else int(rng.integers(0, max(1, rows * 4 * len(text) // 3)))
    md.text((2 - offset, 0), text, font=font, fill=255)
    shown = next((text[i:] for i in range(len(text)) if 2 - offset + md.textlength(text[:i], font=font) >= 0), "")
    grid = np.asarray(mask_img.resize((cols, rows), Image.BILINEAR)) > 90
    colour = np.array((30, 30, 255) if rng.random() < 0.8 else (20, 170, 255), np.float32)  # BGR red / amber
    out = np.zeros((height, width, 4), np.uint8)
    out[..., :3] = (18, 18, 22)
    out[..., 3] = 255
    radius = max(1, int(pitch * 0.35))
    for r, c in zip(*np.nonzero(grid), strict=True):
        cv2.circle(out, (int((c + 0.5) * pitch), int((r + 1.5) * pitch)), radius, tuple(int(v) for v in colour) + (255,), -1)
    glow = cv2.GaussianBlur(out[..., :3], (0, 0), max(0.8, pitch * 0.5))
    out[..., :3] = np.clip(out[..., :3].astype(np.int32) + glow.astype(np.int32) // 2, 0, 255).astype(np.uint8)
    cv2.rectangle(out, (0, 0), (width - 1, height - 1), (60, 60, 60, 255), max(1, int(pitch * 0.6)))
    return out, shown


def draw_poster(width: int, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A promotional poster: a bold gradient, a product blob and one or two lines of big text."""
    width = max(10, int(width))
    height = max(10, int(width * rng.uniform(1.2, 1.6) if rng.random() < 0.8 else width * rng.uniform(0.6, 0.9)))
    c1 = rng.integers(0, 256, 3)
    c2 = rng.integers(0, 256, 3)
    t = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    grad = (c1 * (1 - t) + c2 * t) * np.ones((1, width, 1), np.float32)
    img = Image.fromarray(np.clip(grad, 0, 255).astype(np.uint8)).convert("RGBA")
    d = ImageDraw.Draw(img)
    for _ in range(int(rng.integers(1, 4))):  # product shapes, people silhouettes, bursts
        cx, cy = rng.uniform(0.1, 0.9) * width, rng.uniform(0.35, 0.85) * height
        r = rng.uniform(0.08, 0.3) * width
        colour = tuple(int(v) for v in rng.integers(0, 256, 3)) + (255,)
        if rng.random() < 0.5:
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
        else:
            d.rounded_rectangle([cx - r * 0.5, cy - r, cx + r * 0.5, cy + r], radius=int(r * 0.2), fill=colour)
    lines = pick(rng, POSTER_LINES)
    y = height * rng.uniform(0.05, 0.15)
    text_colour = (255, 255, 255, 255) if c1.mean() < 150 else (200, 20, 30, 255)
    for line in lines:  # type: ignore[union-attr]
        font = _fit_font(d, line, rng, width * 0.85, height * 0.16)
        d.text((width * 0.07, y), line, font=font, fill=text_colour)
        y += height * 0.18
    d.rectangle([0, 0, width - 1, height - 1], outline=(255, 255, 255, 255), width=max(1, width // 60))
    return _to_bgra(img), " ".join(lines)  # type: ignore[arg-type]
