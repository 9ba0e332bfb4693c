"""Annotated snapshots for people: boxes, staff status, findings and the score, in Chinese.

Results are stored as data; pictures are drawn only when asked (``--annotate``, the review page).
Drawing uses Pillow with a CJK font found on the system; a font is never downloaded.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from storecheck.contract import AnalysisResult

log = logging.getLogger(__name__)

#: Debian CJK fonts, best first, with the face index of Simplified Chinese in each collection.
CJK_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
)

RGB = tuple[int, int, int]
RED: RGB = (220, 30, 30)
GREEN: RGB = (20, 170, 60)
AMBER: RGB = (240, 160, 0)
BLUE: RGB = (30, 110, 230)
GREY: RGB = (150, 150, 150)
STAFF_COLOURS: dict[str, RGB] = {"badge": GREEN, "no_badge": RED, "indeterminate": AMBER}
FINDING_COLOURS: dict[str, RGB] = {"violation": RED, "warning": AMBER}


def find_font(configured: str | Path | None = None) -> tuple[Path, int]:
    """The CJK font to draw with: ``configured`` if given, else the first Debian one present.

    Raises:
        FileNotFoundError: no CJK font; the message names the Debian packages to install.
    """
    if configured is not None:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"configured font not found: {path}")
        return path, 2 if path.name.startswith("NotoS") and path.suffix == ".ttc" else 0
    for candidate, index in CJK_FONTS:
        if Path(candidate).is_file():
            return Path(candidate), index
    raise FileNotFoundError(
        "no CJK font found for annotations: install one of the Debian packages fonts-noto-cjk, "
        "fonts-wqy-microhei or fonts-wqy-zenhei, or set vision.font_path"
    )


@lru_cache(maxsize=16)
def _font(path: Path, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, index=index)


def annotate(
    image: np.ndarray,
    result: AnalysisResult | Mapping[str, Any],
    *,
    font_path: str | Path | None = None,
) -> np.ndarray:
    """A copy of the BGR ``image`` with ``result`` drawn on it (the input is not modified).

    Drawn: every object (thin grey, label and score), staff boxes (green badge, red no badge,
    amber indeterminate) with the badge's name, text read (blue), each finding that is a
    violation (red) or warning (amber) on its evidence boxes with the rule id and message, and
    the score in the top-left corner.
    """
    data: Mapping[str, Any] = (
        result.model_dump() if isinstance(result, AnalysisResult) else result
    )
    path, index = find_font(font_path)
    h, w = image.shape[:2]
    size = max(12, round(min(h, w) / 40))  # ~18 px on 720p, readable without covering people
    canvas = Image.fromarray(np.ascontiguousarray(image[:, :, ::-1]))
    pen = _Pen(ImageDraw.Draw(canvas), _font(path, index, size), max(1, size // 8))

    for obj in data.get("objects", []):
        pen.box(obj["box"], GREY, f"{obj['label']} {obj['score']:.2f}", width=1)
    for text in data.get("texts", []):
        pen.box(text["box"], BLUE, text["text"], width=1, above=False)
    for staff in data.get("staff", []):
        badge = staff.get("badge") or {}
        caption = " ".join(str(v) for v in (badge.get("name"), badge.get("title")) if v)
        pen.box(staff["box"], STAFF_COLOURS.get(staff["status"], GREY), caption or staff["status"])
    for finding in data.get("findings", []):
        colour = FINDING_COLOURS.get(finding["status"])
        if colour is None:
            continue
        caption = f"{finding['rule']}: {finding['message']}"
        for box in finding.get("evidence", []) or [[0, size * 1.6, w, size * 1.6]]:
            pen.box(box, colour, caption)
    if "score" in data:
        pen.label((4, 4), f"得分 {data['score']:.1f}", GREEN if data["score"] >= 90 else RED)
    return np.ascontiguousarray(np.asarray(canvas)[:, :, ::-1])


class _Pen:
    """Boxes with captions that stay inside the picture."""

    def __init__(self, draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, width: int) -> None:
        self.draw, self.font, self.width = draw, font, width

    def box(
        self, box: Sequence[float], colour: RGB, caption: str, *, width: int | None = None,
        above: bool = True,
    ) -> None:
        x1, y1, x2, y2 = (float(v) for v in box)
        self.draw.rectangle([x1, y1, x2, y2], outline=colour, width=width or self.width)
        if caption:
            left, top, right, bottom = self.draw.textbbox((0, 0), caption, font=self.font)
            y = y1 - (bottom - top) - 4 if above else y2 + 1
            self.label((x1, max(0.0, y)), caption, colour)

    def label(self, xy: tuple[float, float], caption: str, colour: RGB) -> None:
        left, top, right, bottom = self.draw.textbbox(xy, caption, font=self.font)
        self.draw.rectangle([left - 2, top - 2, right + 2, bottom + 2], fill=colour)
        self.draw.text(xy, caption, fill=(255, 255, 255), font=self.font)
