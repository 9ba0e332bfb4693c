"""Badge text -> name, employee id, job title and the 孕妈妈 / 实习生 marks.

A badge (工号牌/吊牌) reads e.g. ``中国电信 / 张伟 / 工号：10086123 / 营业员``; OCR returns it as
one or several lines, with or without spaces, sometimes with one wrong character.

Example:
    >>> badge = parse_badge(["实习生 李娜 工号 20231234"])
    >>> badge.name, badge.employee_id, badge.intern, badge.has_required_fields
    ('李娜', '20231234', True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storecheck.checks.config import DEFAULT_TITLES
from storecheck.checks.text import find_keyword, normalise

PREGNANT_WORD = "孕妈妈"
#: The operator's name on a badge's header.
HEADER_WORD = "中国电信"
INTERN_WORD = "实习生"

# Words printed on badges that are never a person's name. Masked before names are looked for,
# and before fuzzy title matching, so 营业厅 is not read as 营业员 with one wrong character.
_NOT_NAMES = (
    "中国电信", "中国", "电信", "天翼", "营业厅", "姓名", "职务", "岗位", "工号", "编号", "服务",
    "欢迎", "您好", "为您服务",
    # What a 孕妈妈 card says around the word: 我是孕妈妈, 孕妈妈 请多关照.
    "我是", "请多关照", "多关照", "关照",
)  # fmt: skip
#: Job titles outside the configured list still read as titles when built the way titles are:
#: the post's words (客户, 装维, 政企 ...) before a post word (经理, 代表, 工程师 ...). Another
#: hall's badges say 服务代表 or 智家工程师: a closed list called those badges short of a title
#: (bench.real_badges --design other). Post words that stand alone (经理, 店长) need no stem; 员,
#: 岗 and 师 only after one (会员, a member, is no post).
TITLE_STEMS = (
    "大客户", "客户", "服务", "业务", "销售", "营销", "装维", "安装", "智家", "智慧家庭", "政企", "集团", "厅店",
    "门店", "营业", "渠道", "综合", "大堂", "理财", "网格", "前台", "导购", "收银", "受理", "引导", "宽带",
    "客服", "技术", "支局", "驻店", "产品", "终端", "区域", "片区", "社区", "值班", "体验", "高级", "资深",
    "首席", "实习", "店", "厅", "柜",
)  # fmt: skip
TITLE_HEADS = ("工程师", "经理", "主任", "代表", "顾问", "专员", "主管", "助理", "店长", "组长", "班长", "厅长", "局长")
TITLE_HEADS_AFTER_STEM = ("员", "岗", "师", "长")
_STEM = "(?:" + "|".join(sorted(TITLE_STEMS, key=len, reverse=True)) + ")"
_TITLE_SHAPE = re.compile(
    f"{_STEM}{{0,3}}(?:{'|'.join(TITLE_HEADS)})|{_STEM}{{1,3}}(?:{'|'.join(TITLE_HEADS_AFTER_STEM)})"
)
#: The operator's name in Latin letters, beside or instead of 中国电信 on a badge's header.
LATIN_HEADER = "CHINATELECOM"
#: What may follow the operator's name on a header line: the company or the branch.
_HEADER_TAIL = re.compile(r"股份有限公司|有限公司|[\u4e00-\u9fff]{0,4}(?:分公司|营业厅|支局)")
_ID_AFTER_LABEL = re.compile(r"(?:工号|编号|NO|ID)(\d{3,12})", re.IGNORECASE)
_ID_ALONE = re.compile(r"(?<!\d)(\d{6,10})(?!\d)")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_MASK = " "


@dataclass(frozen=True)
class ParsedBadge:
    """What one badge says. Fields not read are ``None``/``False``; ``raw`` is the OCR text."""

    name: str | None
    employee_id: str | None
    title: str | None
    pregnant: bool
    intern: bool
    raw: str

    @property
    def has_required_fields(self) -> bool:
        """The standard's 二选一: a name plus the job title or the employee id."""
        return self.name is not None and (self.title is not None or self.employee_id is not None)

    def merged_with(self, extra: ParsedBadge) -> ParsedBadge:
        """This badge plus a second one worn by the same person (the 孕妈妈 胸牌 is extra)."""
        return replace(
            self,
            name=self.name or extra.name,
            employee_id=self.employee_id or extra.employee_id,
            title=self.title or extra.title,
            pregnant=self.pregnant or extra.pregnant,
            intern=self.intern or extra.intern,
            raw=" ".join(part for part in (self.raw, extra.raw) if part),
        )


class _Masked:
    """A normalised line whose recognised parts are blanked out one by one."""

    def __init__(self, line: str) -> None:
        self.text = normalise(line)

    def take(self, start: int, end: int) -> str:
        taken = self.text[start:end]
        self.text = self.text[:start] + _MASK * (end - start) + self.text[end:]
        return taken

    def segments(self) -> list[tuple[int, str]]:
        return [(m.start(), m.group()) for m in re.finditer(r"[^ ]+", self.text)]

    def take_exact(self, word: str) -> bool:
        start = self.text.find(word)
        if start < 0:
            return False
        self.take(start, start + len(word))
        return True

    def take_fuzzy(self, word: str) -> bool:
        """One wrong character, within one unmasked segment only."""
        for offset, segment in self.segments():
            match = find_keyword(segment, word)
            if match is not None:
                self.take(offset + match.start, offset + match.end)
                return True
        return False


def _take_id(masked: _Masked) -> str | None:
    for pattern in (_ID_AFTER_LABEL, _ID_ALONE):
        found = pattern.search(masked.text)
        if found:
            masked.take(found.start(), found.end())
            return found.group(1)
    return None


def _take_title(masked: _Masked, titles: Sequence[str]) -> str | None:
    by_length = sorted({normalise(t) for t in titles}, key=len, reverse=True)
    for title in by_length:
        if masked.take_exact(title):
            return title
    shaped = _TITLE_SHAPE.search(masked.text)
    if shaped:
        return masked.take(shaped.start(), shaped.end())
    for word in _NOT_NAMES:
        while masked.take_exact(word):
            pass
    for title in by_length:
        if len(title) >= 3 and masked.take_fuzzy(title):
            return title
    return None


def _take_name(masked: _Masked) -> str | None:
    for run in _CJK_RUN.findall(masked.text):
        if 2 <= len(run) <= 4:
            return run
    return None


#: Words only a badge carries on a staff member's chest: the operator's name on the header, the
#: id label, the two marks. (A name alone is not enough: any 2-4 characters could be one.)
_BADGE_WORDS = (HEADER_WORD, "工号", "编号", PREGNANT_WORD, INTERN_WORD)


def looks_like_badge(text: str) -> bool:
    """Whether a line of text read on someone's chest is part of a staff badge."""
    norm = normalise(text)
    return (any(find_keyword(norm, word) is not None for word in _BADGE_WORDS)
            or find_keyword(norm.upper(), LATIN_HEADER) is not None or bool(_ID_AFTER_LABEL.search(norm)))


def header_line(text: str) -> bool:
    """Whether a line is a badge's header and nothing else: 中国电信 (one character may be
    misread), CHINA TELECOM, or both, perhaps with the company or branch after it. A wall's
    欢迎光临中国电信 holds the header inside a longer text."""
    norm = normalise(text)
    latin = find_keyword(norm.upper(), LATIN_HEADER)
    if latin is not None:
        norm = norm[:latin.start] + norm[latin.end:]
    if not norm:
        return latin is not None
    header = find_keyword(norm, HEADER_WORD)
    if header is None:
        return False
    rest = norm[:header.start] + norm[header.end:]
    return len(rest) <= 2 or (header.start == 0 and _HEADER_TAIL.fullmatch(rest) is not None)


def parse_badge(lines: Sequence[str], titles: Sequence[str] = DEFAULT_TITLES) -> ParsedBadge:
    """Read one badge from its OCR lines (in reading order).

    The marks are found first (one wrong character tolerated), then the employee id (digits after
    工号/编号/No., else a lone run of 6-10 digits), then the job title from ``titles``; the first
    remaining run of 2-4 Chinese characters is the name.
    """
    name = employee_id = title = None
    pregnant = intern = False
    for line in lines:
        masked = _Masked(line)
        pregnant = masked.take_exact(PREGNANT_WORD) or masked.take_fuzzy(PREGNANT_WORD) or pregnant
        intern = masked.take_exact(INTERN_WORD) or masked.take_fuzzy(INTERN_WORD) or intern
        line_id = _take_id(masked)
        line_title = _take_title(masked, titles)
        # The header names nobody, nor does a branch on a line of its own (中国电信 / 南京营业厅).
        heading = header_line(line) or _HEADER_TAIL.fullmatch(normalise(line)) is not None
        line_name = None if heading else _take_name(masked)
        employee_id = employee_id or line_id
        title = title or line_title
        name = name or line_name
    raw = " ".join(line.strip() for line in lines if line.strip())
    return ParsedBadge(name, employee_id, title, pregnant, intern, raw)
