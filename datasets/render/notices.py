"""Posted notices (公示): a framed paper sheet or a screen with a dark bezel, a title and lines of
body text. The four notices the standard asks for come in their real wordings; decoys (营业时间,
防诈骗提醒, promotions) and a community hall's service board (服务范围, 营维人员, 当日装、当日修、慢必赔)
are drawn the same way, so a reader must tell them apart by what they say."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from datasets.render.fonts import pick_face
from datasets.render.text import Line, Page
from datasets.render.words import (
    COMMITMENTS,
    COMMUNITY_TITLES,
    DECOY_NOTICES,
    ISSUERS,
    NOTICE_BODIES,
    PLACE_KINDS,
    PLACES,
    REQUIRED_NOTICES,
    SERVICE_ITEMS,
    person_name,
    phone_number,
    pick,
)

#: Part codes of a sheet (see ``Canvas.paste``).
TITLE, COMMITMENTS_LINE, SERVICE_RANGE_LINE = 1, 2, 3


@dataclass(frozen=True)
class NoticeSpec:
    kind: str  # "required", "decoy" or "community"
    title: str
    canonical: str | None  # the required notice the title stands for (a key of REQUIRED_NOTICES)
    lines: tuple[str, ...]
    commitments: bool = False  # the line 当日装、当日修、慢必赔 is on it
    service_range: bool = False  # a 服务范围 line is on it


class NoticeSheet(NamedTuple):
    rgba: np.ndarray
    #: Part codes per pixel: TITLE, COMMITMENTS_LINE, SERVICE_RANGE_LINE (over each line's box).
    parts: np.ndarray
    #: The glyph size (pixels) each part was written at.
    part_px: dict[int, int]


def _some(rng: np.random.Generator, lines: tuple[str, ...], least: int) -> tuple[str, ...]:
    """A random subset of ``lines`` in their order (numbered clauses stay numbered in turn)."""
    keep = sorted(rng.choice(len(lines), int(rng.integers(min(least, len(lines)), len(lines) + 1)), replace=False))
    return tuple(lines[i] for i in keep)


def required_notice(rng: np.random.Generator, canonical: str) -> NoticeSpec:
    return NoticeSpec("required", str(pick(rng, REQUIRED_NOTICES[canonical])), canonical, _some(rng, NOTICE_BODIES[canonical], 3))


def decoy_notice(rng: np.random.Generator) -> NoticeSpec:
    title = str(pick(rng, tuple(DECOY_NOTICES)))
    return NoticeSpec("decoy", title, None, _some(rng, DECOY_NOTICES[title], 2))


def community_notice(rng: np.random.Generator, *, commitments: bool, service_range: bool) -> NoticeSpec:
    """A community hall's board; titled 服务承诺 it also is that required notice."""
    title = str(pick(rng, COMMUNITY_TITLES))
    places = [str(pick(rng, PLACES)) + str(pick(rng, PLACE_KINDS)) for _ in range(int(rng.integers(2, 4)))]
    items = _some(rng, SERVICE_ITEMS, 3)
    lines = []
    if service_range:
        lines.append("服务范围：" + "、".join(dict.fromkeys(places)))
    lines.append("服务项目：" + "、".join(items))
    for _ in range(int(rng.integers(1, 3))):
        lines.append(f"营维人员：{person_name(rng)} {phone_number(rng)}")
    if commitments:
        lines.append(COMMITMENTS)
    return NoticeSpec("community", title, "服务承诺" if title == "服务承诺" else None, tuple(lines), commitments, service_range)


def random_board(rng: np.random.Generator) -> list[NoticeSpec]:
    """Two to six sheets in a random order: some of the four notices (all of them about a third
    of the time), decoys, and sometimes a community board (whose commitments are sometimes left
    off, the negative case)."""
    canon = list(REQUIRED_NOTICES)
    if rng.random() < 0.35:
        wanted = canon
    else:
        wanted = [canon[i] for i in sorted(rng.choice(4, int(rng.integers(0, 4)), replace=False))]
    sheets = []
    if rng.random() < 0.3:
        board = community_notice(rng, commitments=rng.random() < 0.65, service_range=rng.random() < 0.85)
        sheets.append(board)
        wanted = [c for c in wanted if c != board.canonical]
    sheets += [required_notice(rng, c) for c in wanted]
    sheets += [decoy_notice(rng) for _ in range(int(rng.integers(0, 3)))]
    while len(sheets) < 2:
        sheets.append(decoy_notice(rng))
    sheets = sheets[:6]
    return [sheets[i] for i in rng.permutation(len(sheets))]


_PAPER = ((250, 250, 246), (244, 242, 232), (255, 255, 255), (238, 244, 250))  # RGB
_FRAMES = ((170, 172, 176), (120, 80, 50), (30, 30, 32), (0, 80, 160), (200, 200, 205))
_INKS = ((200, 20, 30), (0, 70, 160), (20, 20, 20))
_SCREENS = (((15, 35, 90), (255, 255, 255), (220, 225, 235)), ((10, 10, 14), (255, 210, 80), (230, 230, 230)),
            ((240, 244, 250), (0, 70, 160), (40, 40, 40)))  # (background, title, body) RGB


def aspect(rng: np.random.Generator, screen: bool) -> float:
    """Height over width: A4 portrait paper; a portrait signage screen or a landscape one."""
    if not screen:
        return float(rng.uniform(1.3, 1.45))
    return float(rng.uniform(1.6, 1.8) if rng.random() < 0.6 else rng.uniform(0.56, 0.75))


def draw_notice(spec: NoticeSpec, width: int, height: int, title_px: float, rng: np.random.Generator,
                *, screen: bool) -> NoticeSheet:
    """The sheet as a BGRA sprite of ``width`` x ``height``, its title about ``title_px`` tall
    (smaller when a long title must fit), body lines a little over half that."""
    width, height = max(12, int(width)), max(12, int(height))
    page = Page(width, height, pick_face(rng))
    d = page.draw
    rim = max(1, int(width * rng.uniform(0.025, 0.05)))
    if screen:
        bg, title_ink, body_ink = _SCREENS[int(rng.integers(len(_SCREENS)))]
        d.rounded_rectangle([0, 0, width - 1, height - 1], radius=rim, fill=(18, 18, 20, 255))
        d.rectangle([rim, rim, width - 1 - rim, height - 1 - rim], fill=bg + (255,))
    else:
        bg, body_ink = _PAPER[int(rng.integers(len(_PAPER)))], (30, 30, 30)
        d.rectangle([0, 0, width - 1, height - 1], fill=_FRAMES[int(rng.integers(len(_FRAMES)))] + (255,))
        d.rectangle([rim, rim, width - 1 - rim, height - 1 - rim], fill=bg + (255,))
        title_ink = _INKS[int(rng.integers(len(_INKS)))]
    x0, x1 = rim + width * 0.06, width - rim - width * 0.06
    max_w = x1 - x0
    title_px = min(float(title_px), max_w / max(1.0, page.width_of(spec.title, 100) / 100))
    y = rim + title_px * rng.uniform(0.5, 0.9)
    banded = not screen and rng.random() < 0.4
    if banded:  # the title white on a coloured band across the top
        d.rectangle([rim, rim, width - 1 - rim, y + title_px * 1.5], fill=title_ink + (255,))
        title_ink = (255, 255, 255)
    page.write_block([Line(spec.title, title_px, title_ink + (255,), TITLE, centred=True)], x0, y, max_w, 1.0)
    y += title_px * (1.9 if banded else 1.6)
    if not banded and not screen:
        d.line([x0, y - title_px * 0.35, x1, y - title_px * 0.35], fill=title_ink + (255,), width=max(1, int(title_px * 0.06)))
    body_px = title_px * rng.uniform(0.5, 0.62)
    lines = [_line(text, spec, body_px, body_ink) for text in spec.lines]
    room = height - rim - y - body_px * 0.5
    while page.block_height(lines, max_w, 1.6) > room and lines[0].size > 6:  # shrink until all fit
        lines = [Line(line.text, line.size * 0.88, line.colour, line.part) for line in lines]
    y = page.write_block(lines, x0, y, max_w, 1.6)
    foot = lines[0].size * 0.8 if lines else body_px
    if height - rim - y > foot * 5:  # the issuer and date at the foot, as real notices have
        issuer = [Line(str(pick(rng, ISSUERS)), foot, body_ink + (255,)), Line(f"{int(rng.integers(2023, 2026))}年{int(rng.integers(1, 13))}月", foot, body_ink + (255,))]
        page.write_block(issuer, x0 + max_w * 0.35, height - rim - foot * 4.2, max_w * 0.65, 1.6)
    return NoticeSheet(page.bgra(), page.parts(), page.part_px)


def _line(text: str, spec: NoticeSpec, body_px: float, ink: tuple[int, int, int]) -> Line:
    if spec.commitments and text == COMMITMENTS:  # the commitment stands out, as on real boards
        red = ink[0] < 128  # dark ink: paper or a light screen
        return Line(text, body_px * 1.2, (200, 20, 30, 255) if red else (255, 200, 60, 255), COMMITMENTS_LINE)
    part = SERVICE_RANGE_LINE if text.startswith("服务范围") else 0
    return Line(text, body_px, ink + (255,), part)
