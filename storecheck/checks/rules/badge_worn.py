"""``badge.worn``: every staff member wears the uniform badge (工号牌/吊牌).

No staff in view is a ``pass`` ("no staff in view"), not ``not_applicable``: the contract keeps
``not_applicable`` for zones and store types that do not call for a rule, while here the rule was
checked and nothing contradicts it.
"""

from __future__ import annotations

from collections import Counter

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "badge.worn"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    staff = scene.staff
    if not staff:
        return finding(policy, "pass", "no staff in view")
    missing = [member for member in staff if member.status == "no_badge"]
    unsure = [member for member in staff if member.status == "indeterminate"]
    unsure_note = ""
    if unsure:
        reasons = Counter(member.unsure_because for member in unsure)
        unsure_note = (
            f"{len(unsure)} could not be checked ("
            + ", ".join(f"{count} {reason}" for reason, count in reasons.items())
            + ")"
        )
    if missing:
        message = f"{len(missing)} of {len(staff)} staff wear no badge"
        return finding(
            policy,
            "violation",
            f"{message}; {unsure_note}" if unsure_note else message,
            evidence=[member.box for member in missing],
            occurrences=len(missing),
        )
    if unsure:
        return finding(
            policy,
            "indeterminate",
            f"{len(staff) - len(unsure)} of {len(staff)} staff wear a badge; {unsure_note}",
            evidence=[member.box for member in unsure],
        )
    return finding(policy, "pass", f"all {len(staff)} staff wear a badge")
