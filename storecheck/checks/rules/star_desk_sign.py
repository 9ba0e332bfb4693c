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
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import (
    Scene,
    SignReading,
    frame_star_text,
    misread_star_sign,
    partial_star_text,
)
from storecheck.contract import Finding

RULE_ID = "star_desk.sign"

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
