"""Who in the snapshot is staff, and which badge each staff member wears.

A person is staff when any of these holds:

* a badge is on their upper body (customers do not wear 工号牌);
* their feet (the bottom of their box) stand in a ``staff_area`` polygon of the camera;
* their torso colour matches a uniform colour, except in store types without uniforms
  (社区厅: 无需统一着装) where clothes say nothing;
* in a counter or star-desk zone without ``staff_area`` polygons, they are seen from the waist
  up behind the counter (``counter_position``).

Everyone else is a customer and is never reported. A staff member without a badge is
``no_badge`` only when clearly seen; too small, cut off at the frame edge, weakly detected or
with their chest partly behind someone nearer the camera gives ``indeterminate``, which goes to
human review and never costs points. So does a person whom only their place behind the counter
makes staff: a customer seen from behind at the counter fits that too, while a black or
charcoal suit there (``suit_colours``) settles it; and so does someone a counter camera sees
head to foot, on the customers' side, whom only a uniform-like colour makes staff. Where
customers wear the uniform's colours too, ``colour_alone: indeterminate`` sends everyone whom
only their clothes make staff to review.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from storecheck.checks import geometry
from storecheck.checks.badges import ParsedBadge
from storecheck.checks.config import CameraConfig, ChecksConfig, UniformColour
from storecheck.contract import Badge, BadgeSeen, Staff, StaffStatus, Zone
from storecheck.vision.types import Box, Detections, Observation

Cue = str  # "badge" | "staff_area" | "uniform" | "counter" | "suit"
#: Zones whose cameras watch staff behind a counter.
COUNTER_ZONES = ("counter", "star_desk")
#: Share of a person's badge region that people nearer the camera may cover before the badge
#: counts as possibly hidden (a colleague or customer in front of them).
HIDDEN_SHARE = 0.4
#: How much lower (share of the frame height) a person's feet must stand to be nearer the camera.
NEARER_BY = 0.02
#: Cues that make a person staff with no badge in view; "suit" needs "counter" beside it.
_ALONE_ENOUGH = ("staff_area", "uniform", "suit")


@dataclass(frozen=True)
class BadgeReading:
    """One badge detection and what its text says."""

    index: int
    box: Box
    parsed: ParsedBadge
    readable: bool  # wide enough for OCR to read all fields (FIELD-NOTES: ~120 px)
    has_text: bool  # OCR returned at least one confident line
    #: "detector" (boxed by it, index is the detection's) or "text" (found by reading the frame;
    #: the index is past the detections')
    source: str = "detector"

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    def to_contract(self, worn: bool) -> BadgeSeen:
        return BadgeSeen.model_validate({"worn": worn, **_badge_fields(self.box, self.parsed, self.source)})


def _badge_fields(box: Box, parsed: ParsedBadge, source: str) -> dict[str, object]:
    """The contract's badge fields: where it is, what it says, how it was found."""
    return {"box": geometry.as_list(box), "text": parsed.raw, "name": parsed.name,
            "employee_id": parsed.employee_id, "title": parsed.title, "pregnant": parsed.pregnant,
            "intern": parsed.intern, "source": "text" if source == "text" else "detector"}


@dataclass(frozen=True)
class StaffMember:
    """A person taken for staff, why, and their badge(s)."""

    index: int
    box: Box
    status: StaffStatus
    cues: tuple[Cue, ...]
    badge: BadgeReading | None = None
    extra_badges: tuple[BadgeReading, ...] = field(default_factory=tuple)
    unsure_because: str | None = None

    @property
    def badges(self) -> tuple[BadgeReading, ...]:
        """Every badge they wear: the 工号牌 first, then the extras (none without a 工号牌)."""
        return (self.badge, *self.extra_badges) if self.badge is not None else ()

    @property
    def parsed(self) -> ParsedBadge | None:
        """Everything their badges say together (a 孕妈妈 胸牌 is worn beside the 工号牌)."""
        if self.badge is None:
            return None
        combined = self.badge.parsed
        for extra in self.extra_badges:
            combined = combined.merged_with(extra.parsed)
        return combined

    def to_contract(self) -> Staff:
        parsed = self.parsed
        badge = None
        if self.badge is not None and parsed is not None:
            badge = Badge.model_validate(_badge_fields(self.badge.box, parsed, self.badge.source))
        return Staff(box=geometry.as_list(self.box), status=self.status, badge=badge,
                     cues=list(self.cues), unsure_because=self.unsure_because)


def upper_body_only(box: Box, config: ChecksConfig) -> bool:
    """The box holds an upper body alone: a counter or desk hides the legs."""
    return box[3] - box[1] <= config.upper_body_max_aspect * (box[2] - box[0])


def badge_region(box: Box, frame_height: int, config: ChecksConfig) -> Box:
    """Where a person's badge can hang: the top ``upper_body_fraction`` of their box, or all of
    it when the box is an upper body only (cut off by the frame's bottom edge or by a counter).
    A close-up to the waist shows only the upper body, so its box is that, and a card on a
    lanyard hangs low in it (one at 66% of such a box was given to nobody, and its wearer called
    badgeless)."""
    if box[3] >= frame_height - config.edge_margin_px or upper_body_only(box, config):
        return box
    return geometry.upper_part(box, config.upper_body_fraction)


#: The part of a person's box searched for badge text, as fractions of its width and height:
#: the chest, not the wall behind the head; down to where a badge is still given to its wearer.
CHEST = (0.1, 0.12, 0.9)


def chest(box: Box, frame_height: int, config: ChecksConfig) -> Box:
    """Where to read a person's badge: their chest, down to the bottom of ``badge_region``."""
    x1, y1, x2, y2 = box
    w, h = x2 - x1, y2 - y1
    bottom = badge_region(box, frame_height, config)[3]
    return (x1 + w * CHEST[0], y1 + h * CHEST[1], x2 - w * (1 - CHEST[2]), bottom)


def on_a_chest(detections: Detections, frame_height: int, config: ChecksConfig) -> Callable[[Box], bool]:
    """Whether a box's centre lies on the ``chest`` of any person detected at or above the
    person threshold: where a card is someone's badge rather than a sign on the wall behind
    their head."""
    regions = [chest(box, frame_height, config) for box, score, label in detections
               if label == "person" and score >= config.thresholds.person]
    return lambda box: any(geometry.contains_point(region, geometry.centre(box)) for region in regions)


def _upper_body_anchor(box: Box) -> geometry.Point:
    # Badges hang on the chest, about a third of the way down a standing person's box.
    return ((box[0] + box[2]) / 2, box[1] + (box[3] - box[1]) * 0.3)


def assign_badges(
    persons: dict[int, Box], badges: list[BadgeReading], regions: dict[int, Box]
) -> tuple[dict[int, BadgeReading], dict[int, list[BadgeReading]]]:
    """Give each person at most one badge: the badge centre must lie in the person's badge region
    (``badge_region``); among candidates the nearest pair wins (greedy, closest first). Badges
    left over that still lie in someone's region are that person's extra badges (孕妈妈 胸牌)."""
    pairs = []
    for badge in badges:
        badge_centre = geometry.centre(badge.box)
        for person_index, box in persons.items():
            if geometry.contains_point(regions[person_index], badge_centre):
                distance = math.dist(badge_centre, _upper_body_anchor(box))
                pairs.append((distance, person_index, badge))
    pairs.sort(key=lambda pair: pair[0])
    primary: dict[int, BadgeReading] = {}
    used: set[int] = set()
    for _, person_index, badge in pairs:
        if person_index not in primary and badge.index not in used:
            primary[person_index] = badge
            used.add(badge.index)
    extras: dict[int, list[BadgeReading]] = {}
    for _, person_index, badge in pairs:
        if badge.index not in used and person_index in primary:
            extras.setdefault(person_index, []).append(badge)
            used.add(badge.index)
    return primary, extras


def _clear_of_the_bottom(box: Box, frame_height: int, zone: Zone | None, camera: CameraConfig,
                         config: ChecksConfig) -> bool:
    """On a counter camera that ``counter_position`` judges (no ``staff_area`` polygons), the box
    ends ``min_clearance`` or more above the frame's bottom: what cuts it there is in the picture
    (the counter, or the floor under the feet), not the frame's edge."""
    rule = config.counter_position
    if not rule.enabled or zone not in COUNTER_ZONES or camera.polygons.staff_area:
        return False
    return frame_height - box[3] >= rule.min_clearance * frame_height


def behind_counter(box: Box, frame_height: int, zone: Zone | None, camera: CameraConfig, config: ChecksConfig) -> bool:
    """Seen from the waist up with the counter below them, where a counter camera sees its staff
    (see ``CounterPosition``); never where the camera has its own ``staff_area`` polygons."""
    return upper_body_only(box, config) and _clear_of_the_bottom(box, frame_height, zone, camera, config)


def in_front_of_counter(box: Box, frame_height: int, zone: Zone | None, camera: CameraConfig,
                        config: ChecksConfig) -> bool:
    """Seen head to foot by a counter camera, feet in the picture: on the customers' side, since
    the counter hides the legs of those behind it. Customers there wear navy and telecom blue too.
    A box ending nearer the frame's bottom may be a close-up cut at the legs."""
    return not upper_body_only(box, config) and _clear_of_the_bottom(box, frame_height, zone, camera, config)


def staff_cues(
    box: Box,
    torso: tuple[int, int, int] | None,
    frame: tuple[int, int],
    zone: Zone | None,
    camera: CameraConfig,
    config: ChecksConfig,
    store_type: str,
) -> tuple[Cue, ...]:
    """What says this person is staff, badge aside (``frame``: width, height). Empty: a customer
    unless they wear a badge."""
    width, height = frame
    cues: list[Cue] = []
    staff_areas = [geometry.to_pixels(polygon, width, height) for polygon in camera.polygons.staff_area]
    if staff_areas and geometry.in_any(geometry.bottom_centre(box), staff_areas):
        cues.append("staff_area")
    clothes_count = config.uniform_identifies_staff and config.uniform_required(store_type)
    if clothes_count and _wears(torso, config.uniform_colours):
        cues.append("uniform")
    if behind_counter(box, height, zone, camera, config):
        cues.append("counter")
        if clothes_count and _wears(torso, config.suit_colours):
            cues.append("suit")
    return tuple(cues)


def _wears(torso: tuple[int, int, int] | None, colours: list[UniformColour]) -> bool:
    return torso is not None and any(colour.matches(torso) for colour in colours)


def _unsure_because(
    box: Box, score: float, observation: Observation, config: ChecksConfig, others: list[Box]
) -> str | None:
    """Why a staff member with no badge found cannot be called badgeless (``others``: everyone
    else detected), or None when they are seen clearly enough."""
    if box[3] - box[1] < config.person_min_height_px:
        return "too small"
    # Only the upper body matters: a close-up cut at the waist still shows where a badge would be.
    upper = geometry.upper_part(box, config.upper_body_fraction)
    if geometry.touches_edge(upper, observation.width, observation.height, config.edge_margin_px):
        return "cut off at the frame edge"
    # On a floor, whoever stands lower in the picture is nearer the camera and hides what is
    # behind them: a badge behind a colleague's shoulder is not a missing badge.
    nearer = [other for other in others if other[3] > box[3] + NEARER_BY * observation.height]
    if geometry.covered_share(badge_region(box, observation.height, config), nearer) >= HIDDEN_SHARE:
        return "partly behind someone nearer the camera"
    if score < config.thresholds.staff_certain:
        return "weakly detected"
    return None


def find_staff(
    observation: Observation,
    badges: list[BadgeReading],
    config: ChecksConfig,
    camera: CameraConfig,
    store_type: str,
    zone: Zone | None = None,
) -> list[StaffMember]:
    """The staff members in a snapshot, in detection order; customers are left out."""
    persons = {
        index: box
        for index, (box, score, label) in enumerate(observation.detections)
        if label == "person" and score >= config.thresholds.person
    }
    scores = {index: float(observation.detections.confidence[index]) for index in persons}
    regions = {index: badge_region(box, observation.height, config) for index, box in persons.items()}
    primary, extras = assign_badges(persons, badges, regions)
    frame = (observation.width, observation.height)
    counted = {badge.index for badge in badges}
    review = config.thresholds.badge_review
    # Weak badge detections nobody could read: one whose text was read and said nothing of a
    # badge (专席: a desk sign's corner) is not one (see read_badges).
    faint = [box for index, (box, score, label) in enumerate(observation.detections)
             if label == "badge" and index not in counted and score >= review
             and not any(line.score >= config.thresholds.ocr_text for line in observation.texts_of(index))]

    members = []
    for index, box in persons.items():
        cues = staff_cues(box, observation.torso_of(index), frame, zone, camera, config, store_type)
        if index in primary:
            cues = ("badge", *cues)
        if not cues:
            continue  # a customer: never reported
        unsure = None
        if index not in primary:
            others = [other for other_index, other in persons.items() if other_index != index]
            unsure = _unsure_because(box, scores[index], observation, config, others)
            if unsure is None and not any(cue in _ALONE_ENOUGH for cue in cues):
                unsure = "staff only by their place behind the counter"
            if unsure is None and cues == ("uniform",) and in_front_of_counter(box, observation.height, zone, camera, config):
                unsure = "standing in front of the counter, staff only by the colour of their clothes"
            if unsure is None and cues == ("uniform",) and config.colour_alone == "indeterminate":
                unsure = "staff only by the colour of their clothes"
            if unsure is None and any(geometry.contains_point(regions[index], geometry.centre(b)) for b in faint):
                # A small badge scores low: a faint one on the chest is a question, not an absence.
                unsure = "a badge on their chest the detector is unsure of"
        status: StaffStatus = (
            "badge" if index in primary else ("indeterminate" if unsure else "no_badge")
        )
        members.append(
            StaffMember(
                index=index,
                box=box,
                status=status,
                cues=cues,
                badge=primary.get(index),
                extra_badges=tuple(extras.get(index, [])),
                unsure_because=unsure,
            )
        )
    return members
