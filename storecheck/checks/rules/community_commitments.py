"""``community.commitments``: a 加分项 of community halls and broadband centres. The board posts
the service range and the commitment 当日装、当日修、慢必赔; met, the finding passes with the rule's
``bonus`` points; missed, it is a violation with no deduction (a bonus not earned, not a
penalty), naming what was not read."""

from __future__ import annotations

from storecheck.checks.notices import COMMITMENTS
from storecheck.checks.rules.base import RulePolicy, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding

RULE_ID = "community.commitments"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    board = scene.board
    absent = [part for part in COMMITMENTS if part not in board.commitments]
    if board.service_range is None:
        absent.append("服务范围")
    evidence = list(board.commitments.values()) + ([board.service_range] if board.service_range else [])
    if not absent:
        return finding(policy, "pass", "service range and 当日装、当日修、慢必赔 posted: bonus earned",
                       evidence=evidence, bonus=True)
    if board.doubtful:  # the rest may be in the text that could not be read
        return finding(policy, "indeterminate",
                       f"{'、'.join(absent)} not confirmed: text too small or blurred to read",
                       evidence=evidence + [line.box for line in board.doubtful])
    return finding(policy, "violation", f"bonus not earned: {'、'.join(absent)} not posted", evidence=evidence)


def wants_finer_text(scene: Scene) -> bool:
    """The commitment and the service range are body text, often small: read finer before
    saying the bonus is not earned."""
    board = scene.board
    return board.service_range is None or any(part not in board.commitments for part in COMMITMENTS)
