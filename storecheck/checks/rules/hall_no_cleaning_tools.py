"""``hall.no_cleaning_tools``: no mops, brooms, buckets or dustpans in the customer hall.

A tool counts where it stands (the bottom of its box) and only on the ``hall_floor`` polygons
when the camera has any: one behind a staff door in view is not in the hall.

A tool the detector sees but scores under its threshold (at least
``thresholds.cleaning_tool_review``) makes the finding ``indeterminate`` rather than a pass: a
weak tool is worth a reviewer's look, never a deduction. On 300 generated 1080p hall scenes
(``python -m bench.tool_review``) the band sends 4 of 278 scenes with a tool to review (24 with
the stage-4 model and bilinear shrinking) and none of the 22 clean halls.

A tool-like box too large for a cleaning tool (``thresholds.cleaning_tool_max_area`` of the frame,
or ``cleaning_tool_max_width`` of its width) is ignored, for violation and review alike, and
the message says how many. On the 159 real photographs of ``../shared/real`` (cafés, COCO scenes,
none with a cleaning tool) the detector's false tools were mostly such boxes: "mops" three
quarters of the frame tall over a café table. The limits come from the largest true tools in
generated hall scenes, with a margin; the real photographs only showed that such a limit is
needed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from storecheck.checks import geometry
from storecheck.checks.rules.base import RulePolicy, count_phrase, finding
from storecheck.checks.scene import Scene
from storecheck.contract import Finding
from storecheck.vision.types import CLEANING_TOOL_LABELS, Box

RULE_ID = "hall.no_cleaning_tools"


#: Boxes of different tool classes overlapping this much are one object the detector could not
#: name (a mop read as part mop, part broom).
SAME_TOOL_IOU = 0.3


@dataclass(frozen=True)
class Tool:
    """One object the detector took for a cleaning tool, its class scores merged."""

    box: Box
    score: float
    label: str  # the best-scoring class among the merged boxes
    threshold: float  # the lowest threshold among the merged classes


def merged_tools(scene: Scene) -> list[Tool]:
    """Cleaning tools, judged as "a tool" rather than by kind: the rule does not care whether it
    is a mop or a broom, and the detector often splits one object's score between the two. The
    overlapping boxes of different tool classes are merged with a noisy-OR of their scores
    (1 - Π(1 - p)), to be held to the lowest threshold among the merged classes."""
    thresholds = scene.config.thresholds
    raw = [(box, score, label) for box, score, label in scene.observation.detections if label in CLEANING_TOOL_LABELS]
    raw.sort(key=lambda item: -item[1])
    groups: list[list[tuple[Box, float, str]]] = []
    for item in raw:
        for group in groups:
            if geometry.iou(group[0][0], item[0]) >= SAME_TOOL_IOU:
                group.append(item)
                break
        else:
            groups.append([item])
    tools = []
    for group in groups:
        box, _, label = group[0]
        miss = 1.0
        for _, score, _ in group:
            miss *= 1.0 - score
        tools.append(Tool(box, 1.0 - miss, label, min(thresholds.for_label(member[2]) for member in group)))
    return tools


def tool_sized(scene: Scene, box: Box) -> bool:
    """Whether a box is small enough to be a mop, broom, bucket or dustpan in a camera's view."""
    thresholds = scene.config.thresholds
    width, height = scene.observation.width, scene.observation.height
    share_w = (box[2] - box[0]) / width
    share_area = share_w * (box[3] - box[1]) / height
    return share_area <= thresholds.cleaning_tool_max_area and share_w <= thresholds.cleaning_tool_max_width


def check(scene: Scene, policy: RulePolicy) -> Finding:
    floors = scene.pixel_polygons("hall_floor")

    def on_floor(tool: Tool) -> bool:
        return not floors or geometry.in_any(geometry.bottom_centre(tool.box), floors)

    review = scene.config.thresholds.cleaning_tool_review
    candidates = [tool for tool in merged_tools(scene) if tool.score >= min(review, tool.threshold)]
    tools = [tool for tool in candidates if tool_sized(scene, tool.box)]
    oversized = len(candidates) - len(tools)
    found = [tool for tool in tools if tool.score >= tool.threshold]
    in_hall = [tool for tool in found if on_floor(tool)]
    ignored = len(found) - len(in_hall)
    notes = [f"{count_phrase(ignored, 'tool')} outside the hall floor ignored"] if ignored else []
    if oversized:
        notes.append(f"{count_phrase(oversized, 'tool-like object')} too large for a cleaning tool ignored")
    ignored_note = f" ({'; '.join(notes)})" if notes else ""
    if in_hall:
        kinds = Counter(tool.label for tool in in_hall)
        listed = ", ".join(f"{count} {label}" for label, count in sorted(kinds.items()))
        return finding(
            policy,
            "violation",
            f"{count_phrase(len(in_hall), 'cleaning tool')} in the customer hall: {listed}"
            f"{ignored_note}",
            evidence=[tool.box for tool in in_hall],
            occurrences=len(in_hall),
        )
    # review 1 turns the band off: no score is both at least 1 and under a threshold of at most 1.
    weak = [tool for tool in tools if review <= tool.score < tool.threshold and on_floor(tool)]
    if weak:
        listed = ", ".join(f"{tool.label} {tool.score:.2f}" for tool in weak)
        return finding(
            policy,
            "indeterminate",
            f"{count_phrase(len(weak), 'possible cleaning tool')} in the customer hall, scored under "
            f"the detector threshold ({listed}): for review{ignored_note}",
            evidence=[tool.box for tool in weak],
        )
    return finding(policy, "pass", f"no cleaning tools in the hall{ignored_note}")
