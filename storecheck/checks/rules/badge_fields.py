"""``badge.fields``: the badge shows the name plus the job title or the employee id (二选一).

Badges narrower than ``badge_readable_width_px`` are not judged lacking: OCR on them misses or
misreads fields (FIELD-NOTES), so a missing field there is ``indeterminate``, never guessed. A
narrow badge whose read does show the name plus title or id passes: OCR drops fields it cannot
make out, it does not invent a name and a title, so the read is evidence enough.
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


def check(scene: Scene, policy: RulePolicy) -> Finding:
    badges = scene.badges
    if not badges:
        return finding(policy, "pass", "no badge in view")
    readable = [badge for badge in badges if _judged(badge)]
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
    if unreadable:
        return finding(
            policy,
            "indeterminate",
            f"{len(readable)} of {count_phrase(len(badges), 'badge')} "
            f"{'shows' if len(readable) == 1 else 'show'} name and title or id; "
            f"{note}",
            evidence=[badge.box for badge in unreadable],
        )
    return finding(
        policy, "pass", f"{count_phrase(len(badges), 'badge')}: name and title or id on each"
    )
