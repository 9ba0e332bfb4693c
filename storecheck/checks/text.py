"""Text normalisation and fuzzy keyword matching for what OCR reads on badges and signs.

OCR returns full-width or ASCII colons, stray spaces, sometimes traditional characters and, now
and then, one wrong character. Everything is normalised first, then keywords are matched exactly
or with at most one wrong character.

Example:
    >>> normalise("星級 專席：")
    '星级专席'
    >>> find_keyword("实刁生李娜", "实习生").errors
    1
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from storecheck.vision.types import Box, TextLine

# Only the characters that occur in badge words, job titles, star-desk signs and common surnames:
# a full converter (OpenCC) is a heavy dependency for the few dozen characters that matter here.
_TRADITIONAL = (
    "級專實習號媽務區戶經員業廳電國長櫃綜裝維導財營貴賓門職崗編張偉陳劉楊趙黃吳鄭孫馬顧"
    "際華劃計鐘親愛麗蘭鳳強軍傑蕭韓馮葉蘇盧魯應聯絡線話"
)
_SIMPLIFIED = (
    "级专实习号妈务区户经员业厅电国长柜综装维导财营贵宾门职岗编张伟陈刘杨赵黄吴郑孙马顾"
    "际华划计钟亲爱丽兰凤强军杰萧韩冯叶苏卢鲁应联络线话"
)
_T2S = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
_NOISE = re.compile(r"[\W_]+", re.UNICODE)  # spaces and punctuation; keeps CJK, letters, digits

#: Keywords this long also count as found with one inserted or dropped character; shorter ones
#: only tolerate one substituted character.
INDEL_MIN_LENGTH = 5


def to_simplified(text: str) -> str:
    """Traditional -> simplified for the characters the checks look for."""
    return text.translate(_T2S)


def normalise(text: str) -> str:
    """NFKC (full-width colon and digits -> ASCII), simplified characters, no spaces/punctuation."""
    return _NOISE.sub("", to_simplified(unicodedata.normalize("NFKC", text)))


@dataclass(frozen=True)
class KeywordMatch:
    """Where ``keyword`` was found in a normalised text: ``text[start:end]``, with ``errors``."""

    keyword: str
    start: int
    end: int
    errors: int


def _hamming_window(text: str, keyword: str, max_errors: int) -> KeywordMatch | None:
    best: KeywordMatch | None = None
    size = len(keyword)
    for start in range(len(text) - size + 1):
        errors = sum(a != b for a, b in zip(text[start : start + size], keyword, strict=True))
        if errors <= max_errors and (best is None or errors < best.errors):
            best = KeywordMatch(keyword, start, start + size, errors)
    return best


def find_keyword(text: str, keyword: str, max_errors: int = 1) -> KeywordMatch | None:
    """Find ``keyword`` in ``text`` (both normalised here) exactly or with one wrong character.

    Keywords of one or two characters must match exactly: one wrong character out of two would
    match half the language. Keywords of five or more characters also survive one inserted or
    dropped character (a Levenshtein distance of one to a window of the text).
    """
    text, keyword = normalise(text), normalise(keyword)
    if not keyword or not text:
        return None
    start = text.find(keyword)
    if start >= 0:
        return KeywordMatch(keyword, start, start + len(keyword), 0)
    if len(keyword) < 3 or max_errors < 1:
        return None
    match = _hamming_window(text, keyword, max_errors)
    if match is not None:
        return match
    # One character inserted or dropped: a window one longer or shorter than the keyword, one
    # edit away. The whole keyword must be there: 爱心服务专席 holds 服务专席 of 星级服务专席 (an
    # alignment score of partial_ratio passed it), but it is a sign of its own.
    if len(keyword) >= INDEL_MIN_LENGTH:
        for width in (len(keyword) - 1, len(keyword) + 1):
            for begin in range(len(text) - width + 1):
                if Levenshtein.distance(text[begin : begin + width], keyword, score_cutoff=1) <= 1:
                    return KeywordMatch(keyword, begin, begin + width, 1)
    return None


def find_any(text: str, keywords: Iterable[str], max_errors: int = 1) -> KeywordMatch | None:
    """The best match of any keyword: fewest errors, then the longest keyword."""
    matches = [m for k in keywords if (m := find_keyword(text, k, max_errors)) is not None]
    if not matches:
        return None
    return min(matches, key=lambda m: (m.errors, -len(m.keyword)))


def reading_order(lines: Iterable[TextLine]) -> list[TextLine]:
    """Top-to-bottom, then left-to-right; lines whose centres are within half a line height
    count as one row."""
    ordered = sorted(lines, key=lambda line: (line.box[1] + line.box[3]) / 2)
    rows: list[list[TextLine]] = []
    for line in ordered:
        centre = (line.box[1] + line.box[3]) / 2
        if rows:
            last = rows[-1][-1]
            last_centre = (last.box[1] + last.box[3]) / 2
            if abs(centre - last_centre) <= (last.box[3] - last.box[1]) / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda item: item.box[0])]


def union_box(boxes: Sequence[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


#: Two stacked lines may overlap by this share of the taller one's height and still be one text:
#: OCR's boxes of tightly set rows overlap (bench.real_signs --design other: 0.14 of a line).
STACK_OVERLAP = 0.3


def _adjacent(a: TextLine, b: TextLine) -> bool:
    """``b`` continues ``a``: on the same row just right of it, or just below it."""
    height = max(a.box[3] - a.box[1], b.box[3] - b.box[1], 1.0)
    v_overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
    h_overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    same_row = v_overlap > 0.5 * height and -0.2 * height <= b.box[0] - a.box[2] <= 1.5 * height
    # Rows set tight (a roll-up stand's 钻石星 / 级专席) give boxes that overlap a little.
    stacked = h_overlap > 0 and b.box[1] > a.box[1] and -STACK_OVERLAP * height <= b.box[1] - a.box[3] <= 0.8 * height
    return same_row or stacked


def join_split_lines(lines: Sequence[TextLine]) -> list[TextLine]:
    """Every line, plus each pair of neighbouring lines joined into one.

    OCR sometimes splits one sign into two boxes (``星级服务专`` + ``区``); matching keywords on
    the joined candidates finds the sign again.
    """
    joined = list(lines)
    for a in lines:
        for b in lines:
            if a is not b and _adjacent(a, b):
                box = union_box([a.box, b.box])
                joined.append(TextLine(a.text + b.text, box, min(a.score, b.score)))
    return joined
