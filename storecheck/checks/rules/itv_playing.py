"""``itv.playing``: the 4K ITV demo set of a 1-3级厅 is playing.

Not checked yet: the finding is ``indeterminate`` until the rule lands.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "itv.playing"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    return finding(policy, "indeterminate", "not checked yet")
