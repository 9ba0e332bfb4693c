"""``star_desk.sign``: the star desk has its sign (桌牌, 吊牌 or 跑马显示屏) naming it 星级专席.

Order of evidence: a detected sign reading a star keyword passes; otherwise the full-frame OCR
pass may show the keyword on a sign the detector missed. Signs whose text could not be read
leave the question open (indeterminate), and so does a piece of a star keyword with the rest
cut off (星级客户 behind a head: 星级客户|专席), and so does a hanging sign or LED marquee with a
person in front of it whose read still shows 星 or 级 (星专席: 星级专席 with 级 behind a head),
and so does a read that keeps 星 or 级 but misses a long star keyword by two characters
(星业服务专活: a small or blurred 星级服务专席). Readable signs that say something else (业务受理), or no sign at
all, are a violation.
"""

from __future__ import annotations

from storecheck.checks import geometry
from storecheck.checks.config import ChecksConfig
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene, SignReading, star_keyword
from storecheck.checks.text import find_any, normalise
from storecheck.contract import Finding
from storecheck.vision.types import Box, TextLine

RULE_ID = "star_desk.sign"

def frame_star_text(lines: list[TextLine], config: ChecksConfig) -> TextLine | None:
    """A star keyword among the full-frame OCR pass's ``lines`` (``frame_lines``: a sign the
    detector missed, a sign that OCR split into two boxes joined again)."""
    for line in lines:
        if star_keyword(line.text, config):
            return line
    return None


#: A sign owns the frame's lines centred within its box grown by this share (a marquee's glow).
SIGN_PAD = 0.05

#: What a piece of a star sign must still show to count as one: the sign's own words.
STAR_WORDS = ("星级", "专席")
#: A star keyword's last characters, this many or more, are a piece of it too without a star
#: word: OCR often loses the first characters of an LED marquee (星级服务专区 read 服务专区 or
#: 及服务专区), and a sign ending so may be that or a sign of its own (综合服务专区).
STAR_TAIL_MIN = 4


def cut_star_text(text: str, config: ChecksConfig) -> str | None:
    """The piece of a star keyword ``text`` ends or starts with, as when a head, a pillar or the
    frame edge hides the rest of the sign (星级客户|专席), or OCR misses the first characters
    of a marquee (服务专区): not proof of a star sign, not proof of its absence either."""
    t = normalise(text)
    if find_any(t, config.star_negatives, max_errors=0) is not None:
        return None  # 客户星级权益介绍 ends with 星级, and is no star sign
    for keyword in (normalise(k) for k in config.star_keywords):
        # A text ending with the start of a keyword, or starting with its end...
        pieces = [t[i:] for i in range(len(t)) if keyword.startswith(t[i:])] + [
            t[:j] for j in range(len(t), 0, -1) if keyword.endswith(t[:j])]
        # ...or ending with its end (the characters before it unread or misread).
        pieces += [t[i:] for i in range(len(t)) if len(t) - i >= STAR_TAIL_MIN and keyword.endswith(t[i:])]
        for piece in pieces:
            if len(piece) < 2 or piece == keyword:
                continue
            if any(word in piece for word in STAR_WORDS) or (len(piece) >= STAR_TAIL_MIN and keyword.endswith(piece)):
                return piece
    return None


#: A misread star keyword: at most this many wrong characters, on keywords this long or longer
#: (one wrong character already counts as the keyword; two in 星级专席 would leave half of it).
MISREAD_ERRORS, MISREAD_MIN_LENGTH = 2, 6


def misread_star_text(text: str, config: ChecksConfig) -> str | None:
    """The star keyword ``text`` nearly reads, when it keeps 星 or 级 and misses by two
    characters, as OCR reads a small or blurred sign (星级服务专席 as 星业服务专活, 星级客户服务专区
    as 型级客户服务刻区): not proof either way. Signs of their own do not carry 星 or 级, and a
    read as near a look-alike that does (``star_negatives``, one character off) is that look-alike."""
    if not set("星级") & set(normalise(text)) or find_any(text, config.star_negatives) is not None:
        return None
    long_keywords = [k for k in config.star_keywords if len(normalise(k)) >= MISREAD_MIN_LENGTH]
    match = find_any(text, long_keywords, max_errors=MISREAD_ERRORS)
    return match.keyword if match else None


def _sign_texts(scene_signs: list[SignReading], lines: list[TextLine]) -> list[tuple[str, Box]]:
    """Every text read on a detected sign, then the full-frame pass's ``lines``, with its box."""
    return [(sign.text, sign.box) for sign in scene_signs if sign.text] + [(line.text, line.box) for line in lines]


def partial_star_text(scene_signs: list[SignReading], lines: list[TextLine], config: ChecksConfig) -> tuple[str, Box] | None:
    """A cut star keyword on a detected sign or among the full-frame pass's ``lines``, and where it is."""
    texts = _sign_texts(scene_signs, lines)
    return next(((piece, box) for text, box in texts if (piece := cut_star_text(text, config))), None)


def misread_star_sign(scene_signs: list[SignReading], lines: list[TextLine],
                      config: ChecksConfig) -> tuple[str, str, Box] | None:
    """A sign read two characters off a star keyword: what was read, the keyword, where."""
    texts = _sign_texts(scene_signs, lines)
    return next(((text, keyword, box) for text, box in texts if (keyword := misread_star_text(text, config))), None)


#: A person's box over this share of a hanging sign or marquee hides part of its text. Desk
#: signs stand on the counter in front of the staff behind them, so a person there hides nothing.
HIDDEN_SHARE = 0.1
#: What may be left in view of a star sign behind someone: 星 or 级. Signs of their own (咨询台,
#: 业务受理) hold neither, so a person in front of them still leaves a violation; 专席 is left out
#: because it also ends signs of their own (爱心专席, 缴费专席).
STAR_CHARACTERS = frozenset("星级")


def hidden_star_sign(sign: SignReading, scene: Scene) -> bool:
    """Whether ``sign`` may be a star sign with part of it behind someone: it shows a star
    character and a person overlaps it (a hanging sign or LED marquee is high on the wall or
    ceiling, so anyone overlapping it in the picture is nearer the camera)."""
    if sign.kind == "desk_sign" or not STAR_CHARACTERS & set(sign.text):
        return False
    return any(
        geometry.containment(sign.box, person) >= HIDDEN_SHARE
        for _, person, _, _ in scene.confident("person")
    )


def _reads(signs: list[SignReading]) -> str:
    return ", ".join(f"{sign.kind} reads {sign.text}" for sign in signs)


def check(scene: Scene, policy: RulePolicy) -> Finding:
    signs = scene.signs
    star_signs = [sign for sign in signs if sign.star]
    if star_signs:
        sign = star_signs[0]
        return finding(
            policy, "pass", f"{sign.kind} reads {sign.text}", evidence=[s.box for s in star_signs]
        )
    in_frame = frame_star_text(scene.frame_lines, scene.config)
    if in_frame is not None:
        return finding(
            policy, "pass", f"star sign text in view: {in_frame.text}", evidence=[in_frame.box]
        )
    unreadable = [sign for sign in signs if not sign.readable]
    if unreadable:
        return finding(
            policy,
            "indeterminate",
            f"{count_phrase(len(unreadable), 'sign')} found but not readable; no star sign read",
            evidence=[sign.box for sign in unreadable],
        )
    cut = partial_star_text(signs, scene.frame_lines, scene.config)
    if cut is not None:
        return finding(
            policy,
            "indeterminate",
            f"only part of a star sign in view: {cut[0]} (the rest hidden?)",
            evidence=[cut[1]],
        )
    hidden = [sign for sign in signs if hidden_star_sign(sign, scene)]
    if hidden:
        return finding(
            policy,
            "indeterminate",
            f"{_reads(hidden)}, partly behind a person: a star sign may be hidden",
            evidence=[sign.box for sign in hidden],
        )
    misread = misread_star_sign(signs, scene.frame_lines, scene.config)
    if misread is not None:
        text, keyword, box = misread
        return finding(
            policy,
            "indeterminate",
            f"a sign reads {text}: two characters from {keyword}, too unsure a read to decide",
            evidence=[box],
        )
    if signs:
        return finding(
            policy,
            "violation",
            f"no star desk sign: {_reads(signs)}",
            evidence=[sign.box for sign in signs],
            occurrences=1,
        )
    return finding(policy, "violation", "no star desk sign in view", occurrences=1)
