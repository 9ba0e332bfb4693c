"""``star_desk.sign``: the star desk has its sign (桌牌, 吊牌 or 跑马显示屏) naming it 星级专席.

Order of evidence: a detected sign reading a star keyword passes; otherwise the full-frame OCR
pass may show the keyword on a sign the detector missed. Signs whose text could not be read
leave the question open (indeterminate), and so does a piece of a star keyword with the rest
cut off (星级客户 behind a head: 星级客户|专席); readable signs that say something else (业务受理), or
no sign at all, are a violation.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene, frame_star_text, partial_star_text
from storecheck.contract import Finding

RULE_ID = "star_desk.sign"


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
    if signs:
        read = ", ".join(f"{sign.kind} reads {sign.text}" for sign in signs)
        return finding(
            policy,
            "violation",
            f"no star desk sign: {read}",
            evidence=[sign.box for sign in signs],
            occurrences=1,
        )
    return finding(policy, "violation", "no star desk sign in view", occurrences=1)
