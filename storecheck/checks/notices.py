"""The notice board's evidence: which of the standard's four notices, and which community
commitments, the frame's text shows.

The standard names four notices (服务承诺, 在售套餐资费表, 实名制公告, 个人用户信息保护) but halls title
them in many ways (服务承诺书, 资费公示, 实名制登记公告, 用户个人信息保护告知书...). A notice counts as
seen when a title-like line (short: a title, not a sentence of body text that mentions it)
holds one of its title phrases, exactly or with one wrong character for phrases of four or more
characters. Decoys (营业时间, 温馨提示, 防诈骗提醒, promotions) hold none of the phrases.

Example:
    >>> from storecheck.vision.types import TextLine
    >>> board = read_board([TextLine("用户个人信息保护告知书", (0, 0, 300, 30), 0.95),
    ...                     TextLine("营业时间", (400, 0, 500, 30), 0.97)], [])
    >>> board.seen, board.missing
    (['个人用户信息保护'], ['服务承诺', '在售套餐资费表', '实名制公告'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from storecheck.checks import geometry
from storecheck.checks.text import find_any, normalise
from storecheck.vision.types import Box, TextLine

#: The four notices by the standard's titles, each with the title phrases that name it.
NOTICE_TITLES: dict[str, tuple[str, ...]] = {
    "服务承诺": ("服务承诺",),
    "在售套餐资费表": ("在售套餐资费", "套餐资费", "资费公示", "资费一览", "在售资费", "资费标准", "资费表"),
    "实名制公告": ("实名制公告", "实名制登记", "实名登记", "实名制"),
    "个人用户信息保护": ("个人用户信息保护", "个人信息保护", "用户信息保护", "信息保护"),
}
#: A title is short: the phrase plus at most this many characters (中国电信 ..., ...告知书). A
#: longer line is body text that mentions the notice, not the notice.
TITLE_SLACK = 8
#: The commitment the community bonus asks for, each part on its own.
COMMITMENTS = ("当日装", "当日修", "慢必赔")
#: Phrases of the posted service range (服务社区范围).
SERVICE_RANGE = ("服务范围", "服务社区", "服务区域", "服务小区")
#: A sheet's title read with less confidence than this, or shorter than ``DOUBTFUL_HEIGHT_PX``,
#: may be a required notice misread: a notice missing beside it is unproven rather than absent.
DOUBTFUL_SCORE = 0.8
DOUBTFUL_HEIGHT_PX = 12.0
#: Titles are set larger than body text: a line this much taller than the board's median line.
TITLE_OVER_BODY = 1.15


@dataclass(frozen=True)
class Board:
    """What a notice board's text shows."""

    seen: list[str]
    missing: list[str]
    evidence: dict[str, Box] = field(default_factory=dict)  # each seen notice's title line
    #: Top lines of blocks (a sheet's title) not read with confidence (too small, blurred).
    doubtful: list[TextLine] = field(default_factory=list)
    #: Each commitment part and the service range, as read anywhere on the board.
    commitments: dict[str, Box] = field(default_factory=dict)
    service_range: Box | None = None


def _phrase(text: str, phrases: Sequence[str]) -> str | None:
    """The phrase of ``phrases`` that ``text`` holds: exactly, or with one wrong character for a
    phrase of four or more (one wrong character in 资费表 would match 消费表)."""
    found = find_any(text, [p for p in phrases if len(p) >= 4], max_errors=1)
    found = found or find_any(text, [p for p in phrases if len(p) < 4], max_errors=0)
    return found.keyword if found is not None else None


def notice_of(line: str) -> str | None:
    """The notice a title-like line names, if any."""
    text = normalise(line)
    for notice, phrases in NOTICE_TITLES.items():
        phrase = _phrase(text, phrases)
        if phrase is not None and len(text) <= len(phrase) + TITLE_SLACK:
            return notice
    return None


def _unsure(line: TextLine) -> bool:
    return line.score < DOUBTFUL_SCORE or line.box[3] - line.box[1] < DOUBTFUL_HEIGHT_PX


def _block_tops(lines: Sequence[TextLine]) -> list[TextLine]:
    """The top line of each block of text (a sheet): where its title stands. A body line read
    badly says nothing about the titles; a title read badly may be a required notice's."""
    tops = []
    for block in geometry.cluster_boxes([line.box for line in lines], gap=1.0):
        inside = [line for line in lines if geometry.containment(line.box, block) >= 0.5
                  and len(normalise(line.text)) >= 2]
        if inside:
            tops.append(min(inside, key=lambda line: line.box[1]))
    return tops


def read_board(lines: Sequence[TextLine], all_lines: Sequence[TextLine]) -> Board:
    """The notices and commitments in ``lines`` (the frame's confident lines); ``all_lines`` (every
    line the OCR returned) gives the doubtful ones."""
    evidence: dict[str, Box] = {}
    commitments: dict[str, Box] = {}
    service_range: Box | None = None
    for line in lines:
        notice = notice_of(line.text)
        if notice is not None and notice not in evidence:
            evidence[notice] = line.box
        text = normalise(line.text)
        for part in COMMITMENTS:
            if part not in commitments and find_any(text, [part], max_errors=0) is not None:
                commitments[part] = line.box
        if service_range is None and _phrase(text, SERVICE_RANGE) is not None:
            service_range = line.box
    doubtful = [top for top in _block_tops(all_lines) if notice_of(top.text) is None and _unsure(top)]
    heights = sorted(line.box[3] - line.box[1] for line in all_lines if len(normalise(line.text)) >= 2)
    body = heights[len(heights) // 2] if heights else 0.0
    if body >= DOUBTFUL_HEIGHT_PX:
        # A readable board: only a badly read line at least title-sized may be a title (a
        # footer or a body line read badly is no notice).
        doubtful = [top for top in doubtful if top.box[3] - top.box[1] >= TITLE_OVER_BODY * body]
    seen = [notice for notice in NOTICE_TITLES if notice in evidence]
    missing = [notice for notice in NOTICE_TITLES if notice not in evidence]
    return Board(seen, missing, evidence, doubtful, commitments, service_range)
