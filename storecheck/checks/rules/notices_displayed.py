"""``notices.displayed``: the four notices the standard requires in a conspicuous place (服务承诺,
在售套餐资费表, 实名制公告, 个人用户信息保护), on paper or a screen, read from the frame's text.

A notice not read is a violation naming it, one deduction each, unless text that may be its
title was there but not read with confidence (too small or blurred): then the finding is
``indeterminate`` and names the notices it could not confirm. The service joins the day's
notice_board cameras of a store: a notice seen on any of them counts (``store.notices``).
"""

from __future__ import annotations

from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "notices.displayed"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    board = scene.board
    evidence = list(board.evidence.values())
    if not board.missing:
        return finding(policy, "pass", f"all four notices in view: {'、'.join(board.seen)}", evidence=evidence)
    seen = f" (seen: {'、'.join(board.seen)})" if board.seen else ""
    if board.doubtful:
        return finding(
            policy, "indeterminate",
            f"{'、'.join(board.missing)} not confirmed: {len(board.doubtful)} lines of text too small or "
            f"blurred to read{seen}",
            evidence=evidence + [line.box for line in board.doubtful],
        )
    return finding(policy, "violation", f"notices not in view: {'、'.join(board.missing)}{seen}",
                   evidence=evidence, occurrences=len(board.missing))


def wants_finer_text(scene: Scene) -> bool:
    """A notice not read at the frame's coarse scale may be there in small print: read again
    before saying it is missing. A board with all four read needs nothing more."""
    return bool(scene.board.missing)
