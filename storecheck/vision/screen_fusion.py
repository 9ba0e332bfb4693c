"""The screens of a device zone from two sources: the screen detector (``storecheck-devices``, a
YOLO model of phones, the ITV set and terminal screens) and the screen finder
(:func:`storecheck.vision.screens.find_devices`, shapes and a scorer).

The detector is trusted first: it learned what a screen is against framed posters, LED signs and
notice sheets, which the finder's shapes confuse with a TV showing one colour, and it finds a set
cut by the frame's edge, whose bezel the finder needs whole. The finder stands in for it, kind by
kind, where it found none of a kind (no phone, no TV, no terminal): a screen unlike any it
learned. Beside phones the detector did find, the finder's extra "phones" were inventions (a
bright gap between two phones), not phones it missed: on development seeds 11 and 14 the
detector scored every drawn phone, TV and terminal 0.786 or more (``bench.screen_choices``),
and a version of this module keeping both sets invented one phone there (``bench.screen_finder``,
not committed) where this rule invents none. One ITV set: the best scored.

Example:
    >>> from storecheck.vision.types import Detections
    >>> detected = Detections.from_lists([[0, 0, 160, 90]], [0.9], ["tv"])
    >>> found = Detections.from_lists([[10, 10, 150, 80], [200, 50, 220, 90]], [0.8, 0.7], ["tv", "phone"])
    >>> [label for _, _, label in fuse(detected, found, "device_display")]  # the finder's phone: none detected
    ['phone', 'tv']
"""

from __future__ import annotations

from storecheck.vision.boxes import overlap
from storecheck.vision.screens import OVERLAP, SHAPES
from storecheck.vision.types import SOURCE, Box, Detections

#: What each device zone's rules look at: the kinds the finder looks for there.
ZONE_LABELS: dict[str, tuple[str, ...]] = {zone: tuple(shape.kind for shape in shapes) for zone, shapes in SHAPES.items()}


def kinds_missing(detected: Detections, zone: str) -> set[str]:
    """The kinds the zone's rules judge that the detector found none of: only for these is the
    finder worth running (:func:`fuse` drops its boxes of the others)."""
    return set(ZONE_LABELS.get(zone, ())) - {str(label) for label in detected.label}


def fuse(detected: Detections, found: Detections, zone: str) -> Detections:
    """The zone's screens: the detector's (``source`` "screen_detector"), then the finder's of the
    kinds the detector found none of, where no detected screen covers them; at most one TV.
    Labels the zone's rules do not judge are dropped (a phone on a self-service counter is not a
    terminal)."""
    labels = ZONE_LABELS.get(zone, ())
    detected = detected.of(*labels) if labels else Detections.empty()
    missing = kinds_missing(detected, zone)  # before the duplicates go: a kind found stays found
    items = list(detected)
    kept: list[int] = []
    tv: Box | None = None
    for i in sorted(range(len(items)), key=lambda i: -items[i][1]):
        box, _, label = items[i]
        if label == "tv":
            if tv is not None:
                continue  # one ITV set, the best scored
            tv = box
        kept.append(i)
    # A bright patch of the TV's picture may be taken for a phone, never the other way round.
    kept = [i for i in kept if not (items[i][2] == "phone" and tv is not None and overlap(items[i][0], tv) >= OVERLAP)]
    detected = detected[sorted(kept)].with_data(SOURCE, ["screen_detector"] * len(kept))
    boxes = [items[i][0] for i in sorted(kept)]
    extra = [j for j, (box, _, label) in enumerate(found)
             if label in missing and not any(overlap(box, other) >= OVERLAP for other in boxes)]
    screens = Detections.merge([detected, found[extra]])
    # Left to right, the ITV set last, as the finder lists them: devices are reported in this order.
    return screens[sorted(range(len(screens)), key=lambda i: (screens.label[i] == "tv", float(screens.xyxy[i][0])))]
