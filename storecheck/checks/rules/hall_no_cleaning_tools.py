"""``hall.no_cleaning_tools``: no mops, brooms, buckets or dustpans in the customer hall.

A tool counts where it stands (the bottom of its box) and only on the ``hall_floor`` polygons
when the camera has any: one behind a staff door in view is not in the hall.
"""

from __future__ import annotations

from collections import Counter

from storecheck.checks import geometry
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding
from storecheck.vision.types import CLEANING_TOOL_LABELS

RULE_ID = "hall.no_cleaning_tools"


def check(scene: Scene, policy: RulePolicy) -> Finding:
    floors = scene.pixel_polygons("hall_floor")
    tools = scene.confident(*sorted(CLEANING_TOOL_LABELS))
    in_hall = [
        (box, label)
        for _, box, _, label in tools
        if not floors or geometry.in_any(geometry.bottom_centre(box), floors)
    ]
    ignored = len(tools) - len(in_hall)
    ignored_note = (
        f" ({count_phrase(ignored, 'tool')} outside the hall floor ignored)" if ignored else ""
    )
    if in_hall:
        kinds = Counter(label for _, label in in_hall)
        listed = ", ".join(f"{count} {label}" for label, count in sorted(kinds.items()))
        return finding(
            policy,
            "violation",
            f"{count_phrase(len(in_hall), 'cleaning tool')} in the customer hall: {listed}"
            f"{ignored_note}",
            evidence=[box for box, _ in in_hall],
            occurrences=len(in_hall),
        )
    return finding(policy, "pass", f"no cleaning tools in the hall{ignored_note}")
