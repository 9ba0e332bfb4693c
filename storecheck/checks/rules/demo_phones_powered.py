"""``demo_phones.powered``: at least five demo phones switched on (tier 1-2 markets), three in tier 3.

Not checked yet: the finding is ``indeterminate`` until the rule lands.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "demo_phones.powered"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    return finding(policy, "indeterminate", "not checked yet")
