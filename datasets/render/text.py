"""Lines of text on a sprite, each with a part code (see ``Canvas.paste``) so a scene can tell
whether that line shows in the picture: a notice's title, a price tag's price."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from datasets.render.fonts import font_of

RGBA = tuple[int, int, int, int]
#: Where a line may break: between Chinese characters, never inside a number or a Latin word.
_TOKENS = re.compile(r"[A-Za-z0-9.¥%:-]+|\s+|.")


@dataclass(frozen=True)
class Line:
    text: str
    size: float  # font size in pixels: about the height of a Chinese glyph
    colour: RGBA
    part: int = 0  # 0: not a part anyone asks about
    centred: bool = False


class Page:
    """A PIL RGBA sprite with a part map beside it; text written on it records its part."""

    def __init__(self, width: int, height: int, face: tuple[str, int]) -> None:
        self.image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
        self.draw = ImageDraw.Draw(self.image)
        self.part_img = Image.new("L", (width, height), 0)
        self.face = face
        self.part_px: dict[int, int] = {}  # the smallest glyph size written in each part

    def width_of(self, text: str, size: float) -> float:
        return float(self.draw.textlength(text, font=font_of(self.face, size)))

    def write(self, text: str, x: float, y: float, size: float, colour: RGBA, part: int = 0) -> None:
        font = font_of(self.face, size)
        self.draw.text((x, y), text, font=font, fill=colour)
        if part:
            x1, y1, x2, y2 = self.draw.textbbox((x, y), text, font=font)
            ImageDraw.Draw(self.part_img).rectangle([x1, y1, x2, y2], fill=part)
            self.part_px[part] = min(self.part_px.get(part, 10**6), int(size))

    def wrap(self, line: Line, max_w: float) -> list[str]:
        """The line broken into pieces no wider than ``max_w`` (a number stays whole)."""
        pieces, current = [], ""
        for token in _TOKENS.findall(line.text):
            if current and self.width_of(current + token, line.size) > max_w:
                pieces.append(current.rstrip())
                current = token.lstrip()
            else:
                current += token
        return [*pieces, current] if current else pieces

    def block_height(self, lines: list[Line], max_w: float, spacing: float) -> float:
        return sum(len(self.wrap(line, max_w)) * line.size * spacing for line in lines)

    def write_block(self, lines: list[Line], x: float, y: float, max_w: float, spacing: float) -> float:
        """Write the lines top-down from (x, y), wrapped to ``max_w``; returns the y below them."""
        for line in lines:
            for piece in self.wrap(line, max_w):
                px = x + (max_w - self.width_of(piece, line.size)) / 2 if line.centred else x
                self.write(piece, px, y, line.size, line.colour, line.part)
                y += line.size * spacing
        return y

    def bgra(self) -> np.ndarray:
        return np.asarray(self.image)[..., [2, 1, 0, 3]].copy()

    def parts(self) -> np.ndarray:
        return np.asarray(self.part_img, np.uint8).copy()
