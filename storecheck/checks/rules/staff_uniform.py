"""``staff.uniform``: staff in one snapshot wear the same workwear (孕妈妈 exempt).

Not checked yet: the finding is ``indeterminate`` until the rule lands.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "staff.uniform"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    return finding(policy, "indeterminate", "not checked yet")
