"""The simplest honest baseline: PP-OCR over the whole frame with its default settings, then
keyword rules, and no detector at all.

This is what an independent evaluation beat us with (balanced accuracy 0.78 against 0.64), so
every accuracy bench scores it beside the engine, in the same run, on the same images. It is
written as someone without our detector would write it, not as a straw man: the frame is read
at rapidocr's defaults (short side at least 736 px, so a 1080p frame is read at full size),
badge words are looked for anywhere, the roster is matched by name or id anywhere in the text.

    >>> baseline = OcrBaseline()                                       # doctest: +SKIP
    >>> baseline.verdicts(image, zone="counter", roster=None)          # doctest: +SKIP
    {'badge.worn': 'pass', 'badge.fields': 'pass', ...}
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from storecheck.checks.roster import Roster
from storecheck.checks.text import normalise

STAR_WORDS = ("星级专席", "星级服务", "星级客户")
TITLE_WORDS = ("营业员", "店长", "经理", "柜员", "引导员", "主任")
BADGE_WORDS = ("中国电信", "工号")
ID = re.compile(r"工号:?(\d{6,})")
#: A keyword per required notice, looked for anywhere in the frame's text.
NOTICE_WORDS = {"服务承诺": "服务承诺", "在售套餐资费表": "资费", "实名制公告": "实名", "个人用户信息保护": "信息保护"}
COMMITMENT_WORDS = ("当日装", "当日修", "慢必赔", "服务范围")
PRICE = re.compile(r"[¥￥]\s*\d|\d\s*元")
NO_SIGNAL_WORDS = ("无信号", "信号源", "nosignal")
ERROR_WORDS = ("系统故障", "暂停服务", "错误")
#: Promotional posters carry one or two big lines each: text blocks per poster.
LINES_PER_POSTER = 2
MAX_POSTERS = 3


class OcrBaseline:
    """Full-frame PP-OCR (rapidocr's bundled models, default settings) + keywords."""

    def __init__(self) -> None:
        self._ocr: Any = None

    def read(self, image: np.ndarray) -> list[str]:
        """Every line rapidocr reads on the frame at its defaults."""
        if self._ocr is None:
            from rapidocr import RapidOCR

            self._ocr = RapidOCR(params={"Global.log_level": "error"})
        out = self._ocr(np.ascontiguousarray(image))
        return [text for text in (getattr(out, "txts", None) or ()) if text.strip()]

    def verdicts(self, image: np.ndarray, zone: str, roster: Roster | None = None,
                 store_type: str = "hall_1_3") -> dict[str, str]:
        """pass/violation per rule id for the zone's rules (the baseline never abstains)."""
        lines = self.read(image)
        return judge(lines, zone, roster, store_type)


def judge(lines: list[str], zone: str, roster: Roster | None, store_type: str = "hall_1_3") -> dict[str, str]:
    """Keyword verdicts on the frame's lines."""
    text = normalise("".join(lines))
    out: dict[str, str] = {}
    if zone in ("hall", "counter", "star_desk"):
        badge_seen = any(word in text for word in BADGE_WORDS) or any(w in text for w in TITLE_WORDS)
        out["badge.worn"] = "pass" if badge_seen else "violation"
        # Only a badge header with neither id nor title is short of fields.
        complete = bool(ID.search(text)) or any(w in text for w in TITLE_WORDS)
        out["badge.fields"] = "violation" if badge_seen and not complete else "pass"
        entries = roster.entries if roster else []
        for rule, word, marked in (("badge.intern", "实习生", [e for e in entries if e.intern]),
                                   ("badge.pregnant", "孕妈妈", [e for e in entries if e.pregnant])):
            seen = any(normalise(e.name) in text or (e.employee_id and e.employee_id in text) for e in marked)
            out[rule] = "violation" if seen and word not in text else "pass"
    if zone == "star_desk":
        out["star_desk.sign"] = "pass" if any(w in text for w in STAR_WORDS) else "violation"
    if zone == "window":
        out["window.posters"] = "violation" if len(lines) / LINES_PER_POSTER > MAX_POSTERS else "pass"
    if zone == "hall":
        out["hall.no_cleaning_tools"] = "pass"  # OCR cannot see a mop
    if zone == "notice_board":
        out["notices.displayed"] = "pass" if all(w in text for w in NOTICE_WORDS.values()) else "violation"
        if store_type in ("community", "broadband_center"):
            out["community.commitments"] = "pass" if all(w in text for w in COMMITMENT_WORDS) else "violation"
    if zone == "device_display":
        # One price per tag: fewer 产地 or brand/model labels than prices means a tag lacks one.
        prices = sum(bool(PRICE.search(line)) for line in lines)
        origins = sum("产地" in line for line in lines)
        models = sum("品牌" in line or "型号" in line for line in lines)
        out["price_tags.fields"] = "violation" if prices and min(origins, models) < prices else "pass"
        out["demo_phones.powered"] = "pass"  # text cannot tell a lit screen from a dark one
        if store_type == "hall_1_3":
            out["itv.playing"] = "violation" if any(w in text.lower() for w in NO_SIGNAL_WORDS) else "pass"
    if zone == "self_service" and store_type in ("hall_4_5", "franchise"):
        faulty = any(w in text for w in ERROR_WORDS)
        out["terminals.paused_notice"] = "violation" if faulty and "暂停使用" not in text else "pass"
    if zone in ("hall", "counter", "star_desk") and store_type != "community":
        out["staff.uniform"] = "pass"  # text says nothing of clothes
    return out
