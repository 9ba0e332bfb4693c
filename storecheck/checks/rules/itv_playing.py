"""``itv.playing``: the 4K ITV demo set of a 1-3级厅 plays a picture.

The set is the snapshot's ``tv`` device (the screen finder's largest 16:9 screen on a device
table, ``vision.screens``; the detector has no tv class). It is not playing when its screen is
dark, uniform (a blank or single-colour no-signal page) or shows a no-signal line (无信号,
信号源, No Signal) read by OCR. No TV in view is ``indeterminate``.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "itv.playing"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    tvs = scene.devices_of("tv")
    if not tvs:
        return finding(policy, "indeterminate", "no ITV demo set in view")
    stopped = [tv for tv in tvs if not tv.working]
    if not stopped:
        return finding(policy, "pass", "the ITV demo set is playing a picture", evidence=[tv.box for tv in tvs])
    return finding(policy, "violation", f"the ITV demo set is not playing: {stopped[0].why_not()}",
                   evidence=[tv.box for tv in stopped], occurrences=1)
