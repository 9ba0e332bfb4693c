"""``terminals.paused_notice``: a 加分项; every faulty self-service terminal carries 暂停使用.

Not checked yet: the finding is ``indeterminate`` until the rule lands.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "terminals.paused_notice"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    return finding(policy, "indeterminate", "not checked yet")
