"""``demo_phones.powered``: the experience table offers at least five demo phones switched on in
a tier 1-2 market, three in tier 3 (``checks.market_tier``).

The phones are the snapshot's ``phone`` devices (:mod:`storecheck.checks.devices`; found by the
screen detector and the screen finder, ``vision.screen_fusion``); one is switched on when its
screen is lit: bright or busy, where a dark one is black glass with a reflection, neither. No
phone in view is ``indeterminate`` (the camera may not see the table); fewer lit than the tier
asks is a violation saying how many of how many, its evidence the dark phones.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "demo_phones.powered"
#: Powered demo phones the standard asks for, by market tier.
MINIMUM = {1: 5, 2: 5, 3: 3}


def check(scene: Scene, policy: RulePolicy) -> Finding:
    phones = scene.devices_of("phone")
    tier = scene.config.market_tier
    minimum = MINIMUM[tier]
    if not phones:
        return finding(policy, "indeterminate", "no demo phone in view")
    lit = [phone for phone in phones if phone.working]
    dark = [phone for phone in phones if not phone.working]
    dark_note = f"; {count_phrase(len(dark), 'phone')} dark" if dark else ""
    if len(lit) >= minimum:
        return finding(policy, "pass", f"{len(lit)} demo phones switched on (a tier {tier} market asks for "
                                       f"{minimum}){dark_note}", evidence=[phone.box for phone in lit])
    return finding(policy, "violation", f"{len(lit)} of {minimum} demo phones switched on (tier {tier} "
                                        f"market){dark_note}", evidence=[phone.box for phone in dark], occurrences=1)
