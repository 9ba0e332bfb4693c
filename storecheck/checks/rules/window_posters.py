"""``window.posters``: 统一亮窗, at most ``max_posters`` promotional items per window (2-3)."""

from __future__ import annotations

from storecheck.checks import geometry
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene, confident_lines
from storecheck.contract import Finding

RULE_ID = "window.posters"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    limit = scene.config.max_posters
    windows = scene.windows
    over = [window for window in windows if window.count > limit]
    if len(windows) == 1:
        counts = f"{count_phrase(windows[0].count, 'poster')} on the window"
    else:
        counts = ", ".join(
            f"window {window.window + 1}: {count_phrase(window.count, 'poster')}"
            for window in windows
        )
    if over:
        return finding(
            policy,
            "violation",
            f"{counts}, at most {limit}",
            evidence=[box for window in over for box in window.boxes],
            occurrences=len(over),
        )
    if not any(window.count for window in windows):
        # The detector saw no poster at all. If the full-frame OCR pass sees more blocks of text
        # than the limit, posters of a kind the detector never learnt may be there: ask a person.
        lines = [
            line
            for line in confident_lines(scene.observation.frame_texts, scene.config)
            if len(line.text) >= 2
        ]
        blocks = geometry.cluster_boxes([line.box for line in lines])
        if len(blocks) > limit:
            return finding(
                policy,
                "indeterminate",
                f"no poster detected, but {len(blocks)} blocks of text on the window: check by eye",
                evidence=blocks,
            )
    return finding(policy, "pass", f"{counts}, at most {limit}")
