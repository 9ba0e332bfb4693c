"""The people of a frame from two detectors: ours (``storecheck-det``, which knows our staff, badges
and halls but learned people mostly from drawn scenes) and the person detector
(``people-ssdlite``, trained on real photographs only; ``models/people-ssdlite.md``).

Ours is kept whole: it is the one that finds a staff member half hidden by a counter, and its
badge boxes hang on its person boxes. The person detector adds the people ours did not box,
which on real photographs is most of them (``python -m bench.real_people``: person recall at 0.4
on COCO val photos 0.05 for ours alone). A person it finds that one of ours already covers is
the same person, not a second one.

Example:
    >>> from storecheck.vision.types import Detections
    >>> ours = Detections.from_lists([[0, 0, 50, 120], [60, 0, 80, 10]], [0.9, 0.8], ["person", "badge"])
    >>> theirs = Detections.from_lists([[2, 4, 52, 118], [200, 0, 260, 150]], [0.8, 0.7], ["person", "person"])
    >>> weak = Detections.from_lists([[0, 0, 50, 60]], [0.3], ["person"])
    >>> [(box[0], round(score, 2), source) for (box, score, _), source
    ...  in zip(fuse_people(ours, theirs), fuse_people(ours, theirs).data["source"])]
    [(0.0, 0.9, 'detector'), (60.0, 0.8, 'detector'), (200.0, 0.7, 'people_detector')]
    >>> [(box[3], round(score, 2)) for box, score, _ in fuse_people(weak, theirs)]
    [(118.0, 0.8), (150.0, 0.7)]
"""

from __future__ import annotations

from storecheck.vision.boxes import iou, overlap
from storecheck.vision.types import SOURCE, Box, Detections

#: A found person overlapping one of ours this much (IoU), or one of the two lying this much
#: (share of the smaller box) inside the other, is that person: a second box on one person would
#: be a second person to judge.
SAME_IOU = 0.4
SAME_INSIDE = 0.7


def fuse_people(ours: Detections, theirs: Detections) -> Detections:
    """Our detections and the person detector's people, one box a person (``source``
    "detector" or "people_detector"). A person both found keeps the box of the one more sure of
    it: a real person our detector boxes weakly (a part of them, below the checks' threshold)
    takes the person detector's box, a staff member it finds surely behind a counter keeps ours,
    to which their badge belongs."""
    if SOURCE not in ours.data:
        ours = ours.with_data(SOURCE, ["detector"] * len(ours))
    theirs = theirs.of("person")
    theirs = theirs.with_data(SOURCE, ["people_detector"] * len(theirs))
    people = [i for i, label in enumerate(ours.label) if label == "person"]
    dropped: set[int] = set()  # our people the person detector boxed more surely
    kept: list[int] = []
    for j, (box, score, _label) in enumerate(theirs):
        same = [i for i in people if i not in dropped and _same(box, _box(ours, i))]
        if not same:
            kept.append(j)
            continue
        best = max(same, key=lambda i: iou(box, _box(ours, i)))
        if score > ours.confidence[best]:
            dropped.add(best)
            kept.append(j)
    mine = [i for i in range(len(ours)) if i not in dropped]
    return Detections.merge([ours[mine], theirs[kept]])


def _box(detections: Detections, index: int) -> Box:
    return tuple(float(v) for v in detections.xyxy[index])  # type: ignore[return-value]


def _same(box: Box, other: Box) -> bool:
    return iou(box, other) >= SAME_IOU or overlap(box, other) >= SAME_INSIDE
