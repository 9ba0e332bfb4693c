"""Staff badges (工号牌): 中国电信 header, name, title and/or 工号 + 8 digits, 孕妈妈 and 实习生 cards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from datasets.render.fonts import random_font
from datasets.render.words import TITLES, employee_id, person_name, pick

_HEADER_COLOURS = ((0, 91, 172), (0, 110, 190), (20, 60, 140), (200, 30, 40))  # RGB


@dataclass
class BadgeSpec:
    name: str
    employee_id: str | None
    title: str | None
    intern: bool
    pregnant_card: bool = False  # a separate 孕妈妈 card beside the normal badge

    def lines(self) -> list[str]:
        lines = []
        if self.intern:
            lines.append("实习生")
        lines.append(self.name)
        if self.title:
            lines.append(self.title)
        if self.employee_id:
            lines.append(f"工号：{self.employee_id}")
        return lines


def random_spec(rng: np.random.Generator, *, complete: bool = True, intern: bool = False) -> BadgeSpec:
    """A badge; ``complete=False`` leaves out both title and id (a badge.fields violation)."""
    name = person_name(rng)
    if not complete:
        return BadgeSpec(name, None, None, intern)
    mode = rng.random()
    title = str(pick(rng, TITLES)) if mode < 0.7 else None
    emp = employee_id(rng) if mode > 0.35 or title is None else None
    return BadgeSpec(name, emp, title, intern)


def draw_badge(spec: BadgeSpec, width: int, rng: np.random.Generator) -> np.ndarray:
    """An RGBA badge ``width`` pixels wide (landscape card, about 5:3)."""
    width = max(8, int(width))
    height = max(5, int(width * rng.uniform(0.55, 0.72)))
    scale = 4 if width < 160 else 1  # draw small badges big, then shrink: text stays legible-ish
    W, H = width * scale, height * scale
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    base = (255, 255, 255, 255) if rng.random() < 0.75 else (235, 242, 250, 255)
    radius = int(H * 0.08)
    d.rounded_rectangle([0, 0, W - 1, H - 1], radius=radius, fill=base, outline=(150, 150, 160, 255), width=max(1, W // 120))
    header = tuple(int(c) for c in _HEADER_COLOURS[int(rng.integers(len(_HEADER_COLOURS)))])
    hh = int(H * rng.uniform(0.2, 0.27))
    d.rounded_rectangle([0, 0, W - 1, hh], radius=radius, fill=header + (255,))
    font = random_font(rng, hh * 0.7)
    d.text((W * 0.06 + hh * 0.9, hh * 0.12), "中国电信", font=font, fill=(255, 255, 255, 255))
    d.ellipse([W * 0.04, hh * 0.15, W * 0.04 + hh * 0.7, hh * 0.85], outline=(255, 255, 255, 255), width=max(1, hh // 10))
    lines = spec.lines()
    body_top, body_bottom = hh + H * 0.06, H * 0.95
    line_h = (body_bottom - body_top) / max(len(lines), 2)
    y = body_top
    for line in lines:
        big = line == spec.name
        size = line_h * (0.82 if big else 0.62)
        f = random_font(rng, size)
        colour = (200, 20, 30, 255) if line == "实习生" else (25, 25, 30, 255)
        text_w = d.textlength(line, font=f)
        x = W * 0.08 if rng.random() < 0.5 or text_w > W * 0.8 else (W - text_w) / 2
        d.text((x, y + (line_h - size) / 2), line, font=f, fill=colour)
        y += line_h
    if scale > 1:
        img = img.resize((width, height), Image.LANCZOS)
    return np.asarray(img)[..., [2, 1, 0, 3]].copy()


def draw_pregnant_card(width: int, rng: np.random.Generator) -> np.ndarray:
    """The extra 孕妈妈 chest card: pink, round or rectangular."""
    width = max(8, int(width))
    height = max(5, int(width * rng.uniform(0.45, 0.6)))
    scale = 4 if width < 160 else 1
    W, H = width * scale, height * scale
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pink = (int(rng.integers(235, 256)), int(rng.integers(120, 190)), int(rng.integers(150, 200)), 255)
    d.rounded_rectangle([0, 0, W - 1, H - 1], radius=int(H * 0.3), fill=pink, outline=(255, 255, 255, 255), width=max(1, W // 60))
    f = random_font(rng, H * 0.5)
    tw = d.textlength("孕妈妈", font=f)
    d.text(((W - tw) / 2, H * 0.2), "孕妈妈", font=f, fill=(255, 255, 255, 255) if rng.random() < 0.6 else (160, 20, 60, 255))
    if scale > 1:
        img = img.resize((width, height), Image.LANCZOS)
    return np.asarray(img)[..., [2, 1, 0, 3]].copy()


def draw_fake_card(width: int, rng: np.random.Generator) -> np.ndarray:
    """A hard negative: a phone, a price tag or a business card lying about, not a badge."""
    width = max(8, int(width))
    kind = rng.integers(3)
    if kind == 0:  # phone: dark rounded slab with a lit screen
        h = int(width * rng.uniform(1.7, 2.1))
        img = Image.new("RGBA", (width, h), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        d.rounded_rectangle([0, 0, width - 1, h - 1], radius=width // 6, fill=(20, 20, 25, 255))
        c = tuple(int(v) for v in rng.integers(60, 255, 3))
        d.rounded_rectangle([width * 0.07, h * 0.05, width * 0.93, h * 0.95], radius=width // 8, fill=c + (255,))
    else:  # price tag / leaflet with Latin text and numbers
        h = int(width * rng.uniform(0.5, 1.3))
        img = Image.new("RGBA", (width, h), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        c = tuple(int(v) for v in rng.integers(150, 256, 3))
        d.rectangle([0, 0, width - 1, h - 1], fill=c + (255,))
        f = random_font(rng, max(6, h * 0.25))
        d.text((width * 0.1, h * 0.3), f"¥{int(rng.integers(9, 9999))}", font=f, fill=(30, 30, 30, 255))
    return np.asarray(img)[..., [2, 1, 0, 3]].copy()
