"""``badge.pregnant``: pregnant staff also wear a 胸牌 reading 孕妈妈 (checked against the roster).

A 孕妈妈 badge on someone the roster does not list as pregnant is not questioned: the roster may
simply lag behind, and it is not ours to query.
"""

from __future__ import annotations

from storecheck.checks.badges import PREGNANT_WORD
from storecheck.checks.rules.marks import Mark

RULE_ID = "badge.pregnant"
PREGNANT = Mark(
    word=PREGNANT_WORD,
    who="pregnant",
    on_badge=lambda parsed: parsed.pregnant,
    in_roster=lambda entry: entry.pregnant,
    warn_when_roster_disagrees=False,
)

check = PREGNANT.check
