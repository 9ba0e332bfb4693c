"""``terminals.paused_notice``: a 加分项 of 4-5级厅 and 专营店. Every self-service terminal that
looks faulty (a dark screen, a blank uniform page, or error text on it: 系统故障, 暂停服务, 错误)
carries a 暂停使用 notice, read on its screen, on its casing below or beside it.

The terminals are the snapshot's ``terminal`` devices (the screen finder's, ``vision.screens``;
the detector has no terminal class). Met, or no terminal faulty, the finding passes with the
rule's ``bonus``; a faulty terminal without the notice is a violation with no deduction (a bonus
not earned). No terminal in view is ``indeterminate``.
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "terminals.paused_notice"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    terminals = scene.devices_of("terminal")
    if not terminals:
        return finding(policy, "indeterminate", "no self-service terminal in view")
    faulty = [terminal for terminal in terminals if not terminal.working]
    unmarked = [terminal for terminal in faulty if not terminal.paused_notice]
    if unmarked:
        why = "; ".join(terminal.why_not() for terminal in unmarked)
        return finding(policy, "violation",
                       f"bonus not earned: {count_phrase(len(unmarked), 'faulty terminal')} without a 暂停使用 "
                       f"notice ({why})", evidence=[terminal.box for terminal in unmarked])
    if faulty:
        return finding(policy, "pass", f"{count_phrase(len(faulty), 'faulty terminal')} marked 暂停使用: bonus earned",
                       evidence=[terminal.box for terminal in faulty], bonus=True)
    return finding(policy, "pass", f"{count_phrase(len(terminals), 'terminal')} in service, none faulty: bonus earned",
                   bonus=True)


def wants_finer_text(scene: Scene) -> bool:
    """A faulty terminal whose 暂停使用 notice was not read: the notice may be small print."""
    return any(not terminal.working and not terminal.paused_notice for terminal in scene.devices_of("terminal"))
