"""``badge.intern``: interns wear a badge reading 实习生 (checked against the roster).

A 实习生 badge on someone the roster lists as staff is a warning: either the badge or the
roster is out of date, and a person should look.
"""

from __future__ import annotations

from storecheck.checks.badges import INTERN_WORD
from storecheck.checks.rules.marks import Mark

RULE_ID = "badge.intern"
INTERN = Mark(
    word=INTERN_WORD,
    who="intern",
    on_badge=lambda parsed: parsed.intern,
    in_roster=lambda entry: entry.intern,
    warn_when_roster_disagrees=True,
)

check = INTERN.check
