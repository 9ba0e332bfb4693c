"""CJK fonts from Debian packages (fonts-noto-cjk, fonts-wqy-microhei, fonts-wqy-zenhei)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import ImageFont

# (path, face index): Noto's .ttc holds several languages; index 2 is Simplified Chinese.
_CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
)


@lru_cache(maxsize=1)
def available_faces() -> tuple[tuple[str, int], ...]:
    faces = tuple(face for face in _CANDIDATES if Path(face[0]).exists())
    if not faces:
        raise RuntimeError(
            "no CJK font found: install Debian's fonts-noto-cjk, fonts-wqy-microhei or fonts-wqy-zenhei"
        )
    return faces


@lru_cache(maxsize=512)
def _font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size=size, index=index)


def random_font(rng: np.random.Generator, size: int) -> ImageFont.FreeTypeFont:
    faces = available_faces()
    path, index = faces[int(rng.integers(len(faces)))]
    return _font(path, index, max(6, int(size)))


def pick_face(rng: np.random.Generator) -> tuple[str, int]:
    """One installed CJK face, for a sprite whose lines must all share it (sizes fitted exactly)."""
    faces = available_faces()
    return faces[int(rng.integers(len(faces)))]


def font_of(face: tuple[str, int], size: float) -> ImageFont.FreeTypeFont:
    return _font(face[0], face[1], max(6, int(size)))
