"""``badge.fields``: the badge shows the name plus the job title or the employee id (二选一).

Badges narrower than ``badge_readable_width_px`` are not judged lacking: OCR on them misses or
misreads fields (FIELD-NOTES), so a missing field there is ``indeterminate``, never guessed. A
narrow badge whose read does show the name plus title or id passes: OCR drops fields it cannot
make out, it does not invent a name and a title, so the read is evidence enough.

Only the 工号牌 is judged: a card that reads 孕妈妈 and nothing else is the separate pregnancy
card (``badge.pregnant`` judges it), and a badge that lacks fields but lies on nobody's upper
body is not called a violation (most such "badges" are desk signs or cards on the counter; a
badge of someone the detector missed is still reported as unjudged).
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.checks.staff import BadgeReading
from storecheck.contract import Finding

RULE_ID = "badge.fields"


def _judged(badge: BadgeReading) -> bool:
    """Wide enough to read, or read whole however narrow (see the module docstring)."""
    return badge.has_text and (badge.readable or badge.parsed.has_required_fields)


def _pregnancy_card(badge: BadgeReading) -> bool:
    parsed = badge.parsed
    return parsed.pregnant and parsed.name is None and parsed.title is None and parsed.employee_id is None


def check(scene: Scene, policy: RulePolicy) -> Finding:
    badges = [badge for badge in scene.badges if not _pregnancy_card(badge)]
    if not badges:
        return finding(policy, "pass", "no badge in view")
    worn = {badge.index for member in scene.staff for badge in member.badges}
    judged = [badge for badge in badges if _judged(badge)]
    # An incomplete read on nobody's chest is more likely a sign or a card on the counter.
    unworn = [b for b in judged if b.index not in worn and not b.parsed.has_required_fields]
    readable = [badge for badge in judged if badge not in unworn]
    unreadable = [badge for badge in badges if not _judged(badge)]
    incomplete = [badge for badge in readable if not badge.parsed.has_required_fields]
    too_narrow = sum(not badge.readable for badge in unreadable)
    notes = []
    if too_narrow:
        notes.append(
            f"{count_phrase(too_narrow, 'badge')} too small to read "
            f"(under {scene.config.badge_readable_width_px:g} px wide)"
        )
    if len(unreadable) > too_narrow:
        notes.append(f"{count_phrase(len(unreadable) - too_narrow, 'badge')} with no text read")
    if unworn:
        notes.append(f"{count_phrase(len(unworn), 'badge')} on nobody in view, not judged")
    note = "; ".join(notes)
    if incomplete:
        shown = ", ".join(f"'{badge.parsed.raw}'" for badge in incomplete)
        message = (
            f"{len(incomplete)} of {count_phrase(len(readable), 'readable badge')} "
            f"{'lacks' if len(incomplete) == 1 else 'lack'} the name "
            f"plus job title or employee id: {shown}"
        )
        return finding(
            policy,
            "violation",
            f"{message}; {note}" if note else message,
            evidence=[badge.box for badge in incomplete],
            occurrences=len(incomplete),
        )
    if unreadable or unworn:
        return finding(
            policy,
            "indeterminate",
            f"{len(readable)} of {count_phrase(len(badges), 'badge')} "
            f"{'shows' if len(readable) == 1 else 'show'} name and title or id; "
            f"{note}",
            evidence=[badge.box for badge in unreadable + unworn],
        )
    return finding(
        policy, "pass", f"{count_phrase(len(badges), 'badge')}: name and title or id on each"
    )
