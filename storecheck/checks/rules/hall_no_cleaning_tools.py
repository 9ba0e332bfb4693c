"""``hall.no_cleaning_tools``: no mops, brooms, buckets or dustpans in the customer hall.

A tool counts where it stands (the bottom of its box) and only on the ``hall_floor`` polygons
when the camera has any: one behind a staff door in view is not in the hall.

A tool the detector sees but scores under its threshold (at least
``thresholds.cleaning_tool_review``) makes the finding ``indeterminate`` rather than a pass: a
weak tool is worth a reviewer's look, never a deduction. On 300 generated 1080p hall scenes
(``python -m bench.tool_review``) the band sends 4 of 278 scenes with a tool to review (24 with
the stage-4 model and bilinear shrinking) and none of the 22 clean halls.
"""

from __future__ import annotations

from collections import Counter

from storecheck.checks import geometry
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding
from storecheck.vision.types import CLEANING_TOOL_LABELS, Box

RULE_ID = "hall.no_cleaning_tools"


#: Boxes of different tool classes overlapping this much are one object the detector could not
#: name (a mop read as part mop, part broom).
SAME_TOOL_IOU = 0.3


def tool_detections(scene: Scene, floor: float | None = None) -> list[tuple[int, Box, float, str]]:
    """Cleaning tools, judged as "a tool" rather than by kind: the rule does not care whether it
    is a mop or a broom, and the detector often splits one object's score between the two. The
    overlapping boxes of different tool classes are merged with a noisy-OR of their scores
    (1 - Π(1 - p)), then held to the lowest threshold among the merged classes, or to ``floor``
    where one is given."""
    thresholds = scene.config.thresholds
    raw = [
        (index, box, score, label)
        for index, (box, score, label) in enumerate(scene.observation.detections)
        if label in CLEANING_TOOL_LABELS
    ]
    raw.sort(key=lambda item: -item[2])
    groups: list[list[tuple[int, Box, float, str]]] = []
    for item in raw:
        for group in groups:
            if geometry.iou(group[0][1], item[1]) >= SAME_TOOL_IOU:
                group.append(item)
                break
        else:
            groups.append([item])
    kept = []
    for group in groups:
        index, box, _, label = group[0]
        miss = 1.0
        for _, _, score, _ in group:
            miss *= 1.0 - score
        needed = floor if floor is not None else min(thresholds.for_label(member[3]) for member in group)
        if 1.0 - miss >= needed:
            kept.append((index, box, 1.0 - miss, label))
    return kept


def _on_floor(scene: Scene, tools: list[tuple[int, Box, float, str]]) -> list[tuple[Box, float, str]]:
    floors = scene.pixel_polygons("hall_floor")
    return [
        (box, score, label)
        for _, box, score, label in tools
        if not floors or geometry.in_any(geometry.bottom_centre(box), floors)
    ]


def check(scene: Scene, policy: RulePolicy) -> Finding:
    tools = tool_detections(scene)
    in_hall = [(box, label) for box, _, label in _on_floor(scene, tools)]
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
    review = scene.config.thresholds.cleaning_tool_review
    weak = _on_floor(scene, tool_detections(scene, floor=review)) if review < 1.0 else []
    if weak:
        listed = ", ".join(f"{label} {score:.2f}" for _, score, label in weak)
        return finding(
            policy,
            "indeterminate",
            f"{count_phrase(len(weak), 'possible cleaning tool')} in the customer hall, scored under "
            f"the detector threshold ({listed}): for review{ignored_note}",
            evidence=[box for box, _, _ in weak],
        )
    return finding(policy, "pass", f"no cleaning tools in the hall{ignored_note}")
