"""Device price tags (终端商标牌: brand and model, price, origin, any of them sometimes left off)
and the demo phones they stand in front of, powered on (a lit screen) or not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import cv2
import numpy as np

from datasets.render.fonts import pick_face
from datasets.render.text import Line, Page
from datasets.render.words import ORIGINS, PHONES, pick

#: Part codes of a tag (see ``Canvas.paste``): one per field.
BRAND_MODEL, PRICE, ORIGIN = 1, 2, 3
FIELDS = ("brand_model", "price", "origin")


@dataclass(frozen=True)
class TagSpec:
    brand_model: str | None  # "华为 Mate 70"
    price: str | None  # yuan, digits only: "5499"
    origin: str | None  # "中国", "广东东莞"


class PriceTag(NamedTuple):
    rgba: np.ndarray
    parts: np.ndarray  # BRAND_MODEL, PRICE, ORIGIN over each field's lines
    part_px: dict[int, int]  # glyph size (pixels) of each field
    lines: tuple[str, ...]  # what is written, top to bottom


def random_tag(rng: np.random.Generator, *, missing: str | None = None) -> TagSpec:
    """A tag for a random phone; ``missing`` (one of ``FIELDS``) is left off it."""
    brand, model, prices = PHONES[int(rng.integers(len(PHONES)))]
    fields = {"brand_model": f"{brand} {model}", "price": str(pick(rng, prices)), "origin": str(pick(rng, ORIGINS))}
    if missing is not None:
        fields[missing] = None  # type: ignore[assignment]
    return TagSpec(**fields)


_CARDS = (((255, 255, 255), (30, 30, 30)), ((235, 245, 255), (0, 60, 140)), ((255, 248, 220), (60, 40, 20)),
          ((0, 90, 170), (255, 255, 255)))  # (card, ink) RGB


def _field_lines(spec: TagSpec, rng: np.random.Generator, size: float, ink: tuple[int, int, int]) -> list[Line]:
    colour = ink + (255,)
    lines = []
    if spec.brand_model is not None:
        if rng.random() < 0.7:
            lines.append(Line(f"品牌型号：{spec.brand_model}", size, colour, BRAND_MODEL))
        else:
            brand, _, model = spec.brand_model.partition(" ")
            lines += [Line(f"品牌：{brand}", size, colour, BRAND_MODEL), Line(f"型号：{model}", size, colour, BRAND_MODEL)]
    if spec.price is not None:
        text = str(pick(rng, (f"价格：¥{spec.price}", f"价格：{spec.price}元", f"售价：¥{spec.price}", f"¥{spec.price}")))
        red = (210, 20, 30, 255) if ink[0] < 128 else (255, 220, 60, 255)
        lines.append(Line(text, size * 1.35, red, PRICE))
    if spec.origin is not None:
        lines.append(Line(f"产地：{spec.origin}", size, colour, ORIGIN))
    return lines


def draw_price_tag(spec: TagSpec, width: int, rng: np.random.Generator) -> PriceTag:
    """A card about 3:2 (240x160 px on a 1080p close-up) on a small foot; field text about
    7.5% of its width, the price larger."""
    width = max(12, int(width))
    card_h = max(8, int(width * rng.uniform(0.62, 0.72)))
    foot = max(2, int(card_h * 0.12))
    page = Page(width, card_h + foot, pick_face(rng))
    d = page.draw
    card, ink = _CARDS[int(rng.integers(len(_CARDS)))]
    d.rectangle([width * 0.35, card_h - 1, width * 0.65, card_h + foot - 1], fill=(150, 150, 155, 255))
    d.rounded_rectangle([0, 0, width - 1, card_h - 1], radius=max(1, width // 40), fill=card + (255,),
                        outline=(180, 180, 185, 255), width=max(1, width // 120))
    y = card_h * 0.08
    if rng.random() < 0.5:  # a brand strip across the top
        strip = card_h * 0.16
        d.rectangle([1, 1, width - 2, strip], fill=(0, 90, 170, 255) if card[2] > 128 else (255, 255, 255, 255))
        y = strip + card_h * 0.06
    size = width * rng.uniform(0.07, 0.085)
    lines = _field_lines(spec, rng, size, ink)
    max_w = width * 0.88
    fitted = [Line(ln.text, min(ln.size, ln.size * max_w / max(1.0, page.width_of(ln.text, ln.size))), ln.colour, ln.part) for ln in lines]
    room = card_h - y - card_h * 0.04
    spacing = 1.45
    while page.block_height(fitted, max_w, spacing) > room and fitted and fitted[0].size > 6:
        fitted = [Line(ln.text, ln.size * 0.9, ln.colour, ln.part) for ln in fitted]
    page.write_block(fitted, width * 0.06, y, max_w, spacing)
    return PriceTag(page.bgra(), page.parts(), page.part_px, tuple(ln.text for ln in lines))


def draw_phone(width: int, rng: np.random.Generator, *, powered: bool) -> np.ndarray:
    """A phone standing upright on a clear holder: a dark slab whose screen is lit (a wallpaper
    and app icons) or dark (a faint reflection only)."""
    width = max(6, int(width))
    height = int(width * rng.uniform(2.0, 2.2))
    holder = max(2, int(height * 0.08))
    out = np.zeros((height + holder, width, 4), np.uint8)
    r, g, b = (int(v) for v in rng.integers(15, 70, 3))
    cv2.rectangle(out, (int(width * 0.2), height - 2), (int(width * 0.8), height + holder - 1), (200, 200, 205, 180), -1)
    radius = max(1, width // 8)
    _rounded(out[:height], radius, (r, g, b, 255))
    rim = max(1, width // 25)
    screen = out[rim:height - rim, rim:width - rim]
    sh, sw = screen.shape[:2]
    if powered:
        c1, c2 = rng.integers(40, 255, 3), rng.integers(40, 255, 3)
        t = np.linspace(0, 1, sh, dtype=np.float32)[:, None, None]
        screen[..., :3] = np.clip(c1 * (1 - t) + c2 * t, 0, 255).astype(np.uint8)
        icon = max(2, sw // 6)
        for row in range(int(rng.integers(2, 5))):
            for col in range(4):
                x, y = int(sw * (0.08 + col * 0.23)), int(sh * (0.18 + row * 0.13))
                colour = tuple(int(v) for v in rng.integers(30, 256, 3)) + (255,)
                cv2.rectangle(screen, (x, y), (x + icon, y + icon), colour, -1)
    else:
        screen[..., :3] = (12, 12, 14)
        pts = np.array([[sw * 0.55, 0], [sw * 0.8, 0], [sw * 0.2, sh], [0, sh]], np.int32)
        glare = screen.copy()
        cv2.fillPoly(glare, [pts], (40, 40, 44, 255))
        screen[:] = (screen * 0.6 + glare * 0.4).astype(np.uint8)
    screen[..., 3] = 255
    return out


def _rounded(img: np.ndarray, radius: int, colour: tuple[int, int, int, int]) -> None:
    h, w = img.shape[:2]
    cv2.rectangle(img, (radius, 0), (w - 1 - radius, h - 1), colour, -1)
    cv2.rectangle(img, (0, radius), (w - 1, h - 1 - radius), colour, -1)
    for cx, cy in ((radius, radius), (w - 1 - radius, radius), (radius, h - 1 - radius), (w - 1 - radius, h - 1 - radius)):
        cv2.circle(img, (cx, cy), radius, colour, -1)
