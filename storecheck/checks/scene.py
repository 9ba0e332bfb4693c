"""One snapshot as the rules see it: staff, badges, signs and posters, read once and shared.

Every rule module receives a :class:`Scene`, so a badge is parsed once and a poster counted once
however many rules look at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from storecheck.checks import geometry
from storecheck.checks.badges import looks_like_badge, parse_badge
from storecheck.checks.config import CameraConfig, ChecksConfig
from storecheck.checks.devices import DeviceReading, read_devices
from storecheck.checks.notices import Board, read_board
from storecheck.checks.price_tags import Tag, find_tags
from storecheck.checks.roster import Roster
from storecheck.checks.staff import BadgeReading, StaffMember, find_staff, on_a_chest
from storecheck.checks.text import find_any, join_split_lines, normalise, reading_order
from storecheck.checks.text_badges import lines_outside, lines_within, text_badges
from storecheck.contract import Posters, Sign, SignKind, Zone
from storecheck.vision.types import SIGN_LABELS, Box, Observation, TextLine

#: Reads a region (pixels of the snapshot) again and returns the lines found there.
Reader = Callable[[Box], list[TextLine]]


@dataclass(frozen=True)
class SignReading:
    """A detected desk/hanging/LED sign and whether its text names the star desk."""

    index: int
    kind: SignKind
    box: Box
    text: str
    readable: bool
    star: bool

    def to_contract(self) -> Sign:
        return Sign(kind=self.kind, box=geometry.as_list(self.box), text=self.text, star=self.star)


@dataclass(frozen=True)
class WindowPosters:
    """Posters counted on one window polygon (or the whole frame when none is configured)."""

    window: int
    boxes: list[Box]

    @property
    def count(self) -> int:
        return len(self.boxes)


@dataclass(frozen=True)
class Scene:
    observation: Observation
    zone: Zone
    store_type: str
    config: ChecksConfig
    camera: CameraConfig
    roster: Roster | None
    staff: list[StaffMember]
    badges: list[BadgeReading]
    signs: list[SignReading]
    windows: list[WindowPosters]
    #: The full-frame OCR pass's confident lines with split signs joined (see ``frame_lines``).
    frame_lines: list[TextLine]
    #: Reads a region of the snapshot again at full resolution (``None``: no image at hand).
    reader: Reader | None = None
    #: Demo phones, the ITV set and terminals, with what their screens show.
    devices: list[DeviceReading] = field(default_factory=list)

    @cached_property
    def board(self) -> Board:
        """The notice board's notices and commitments, read once for the rules that ask (a
        frozen dataclass still takes a cached property: it writes the instance's dict)."""
        return read_board(self.frame_lines, self.observation.frame_texts or [])

    @cached_property
    def price_tags(self) -> list[Tag]:
        """Device price tags, read once. From the lines as read, not ``frame_lines``: its joined
        neighbours would run a tag's model name into the price below it."""
        return find_tags(confident_lines(self.observation.frame_texts, self.config))

    def devices_of(self, kind: str) -> list[DeviceReading]:
        """The devices of one kind (``phone``, ``tv``, ``terminal``), left to right as found."""
        return [device for device in self.devices if device.kind == kind]

    def reread(self, box: Box) -> list[TextLine]:
        """The confident lines a fresh read of ``box`` finds: evidence a rule asks for before it
        accuses (a small card the frame pass saw too small). Empty without a reader."""
        return confident_lines(self.reader(box), self.config) if self.reader is not None else []

    def confident(self, *labels: str) -> list[tuple[int, Box, float, str]]:
        """Detections of ``labels`` at or above their configured thresholds."""
        thresholds = self.config.thresholds
        return [
            (index, box, score, label)
            for index, (box, score, label) in enumerate(self.observation.detections)
            if label in labels and score >= thresholds.for_label(label)
        ]

    def pixel_polygons(self, kind: str) -> list[geometry.PixelPolygon]:
        """The camera's polygons of ``kind`` (window, staff_area, hall_floor) in pixels."""
        relative = getattr(self.camera.polygons, kind)
        return [
            geometry.to_pixels(p, self.observation.width, self.observation.height) for p in relative
        ]

    def posters(self) -> Posters:
        """The contract's ``posters``: the total on windows, plus the count per window."""
        boxes = [box for window in self.windows for box in window.boxes]
        # per_window is our addition to the contract's Posters (fields may be added).
        return Posters.model_validate(
            {
                "count": len(boxes),
                "boxes": [geometry.as_list(box) for box in boxes],
                "per_window": [window.count for window in self.windows],
            }
        )


def confident_lines(lines: list[TextLine] | None, config: ChecksConfig) -> list[TextLine]:
    return [
        line
        for line in lines or []
        if line.score >= config.thresholds.ocr_text and line.text.strip()
    ]


def star_keyword(text: str, config: ChecksConfig) -> str | None:
    """The star keyword ``text`` shows, if any. A look-alike (星级服务专员) only counts when a
    keyword is also there exactly."""
    exact = find_any(text, config.star_keywords, max_errors=0)
    if exact is not None:
        return exact.keyword
    if any(normalise(negative) in normalise(text) for negative in config.star_negatives):
        return None
    match = find_any(text, config.star_keywords)
    return match.keyword if match else None


def frame_lines(observation: Observation, config: ChecksConfig) -> list[TextLine]:
    """The full-frame OCR pass's confident lines, plus neighbouring pairs joined (a sign OCR split in two)."""
    return join_split_lines(confident_lines(observation.frame_texts, config))


#: A sign owns the frame's lines centred within its box grown by this share (a marquee's glow).
SIGN_PAD = 0.05


def read_badges(observation: Observation, config: ChecksConfig, roster: Roster | None = None) -> list[BadgeReading]:
    """Every badge in the snapshot, boxed by the detector or not.

    Badge detections at or above the badge threshold, and weaker ones whose own text says badge
    (中国电信, 工号 and digits, 实习生, 孕妈妈): a small 孕妈妈 pin the detector scores 0.28 is still a
    badge once OCR reads the word on it. A detected badge owns the frame's lines on it
    (``lines_within``) besides any re-read of its crop. The frame's other lines are searched for
    badges the detector did not box (``text_badges``): on pictures unlike the training scenes
    the detector misses badges that OCR still reads. A header and a name alone make a badge
    only on someone's chest (``on_a_chest``)."""
    frame = confident_lines(observation.frame_texts, config)
    readings = []
    owned: set[TextLine] = set()
    for index, (box, score, label) in enumerate(observation.detections):
        if label != "badge":
            continue
        own = lines_within(box, frame)
        lines = reading_order(confident_lines(observation.texts_of(index), config) + own)
        if score < config.thresholds.badge and not any(looks_like_badge(line.text) for line in lines):
            continue
        owned.update(own)
        readings.append(
            BadgeReading(
                index=index,
                box=box,
                parsed=parse_badge([line.text for line in lines], config.titles),
                readable=box[2] - box[0] >= config.badge_readable_width_px,
                has_text=bool(lines),
            )
        )
    loose = [line for line in frame if line not in owned]
    first = len(observation.detections)  # text badges are numbered after the detections
    on_chest = on_a_chest(observation.detections, observation.height, config)
    for number, (box, _lines, parsed) in enumerate(text_badges(loose, config.titles, roster, on_chest)):
        readings.append(
            BadgeReading(
                index=first + number,
                box=box,
                parsed=parsed,
                # The lines' own box is narrower than the card: judge its width by the text.
                readable=box[2] - box[0] >= config.badge_readable_width_px * TEXT_WIDTH_SHARE,
                has_text=True,
                source="text",
            )
        )
    return readings


#: The text on a badge spans about this share of the card's width.
TEXT_WIDTH_SHARE = 0.7


def read_signs(observation: Observation, config: ChecksConfig) -> list[SignReading]:
    """Detected signs with the text on them: the frame's lines inside the sign's box, and any
    re-read of its crop."""
    frame = confident_lines(observation.frame_texts, config)
    readings = []
    for index, (box, score, label) in enumerate(observation.detections):
        if label not in SIGN_LABELS or score < config.thresholds.for_label(label):
            continue
        own = confident_lines(observation.texts_of(index), config)
        lines = reading_order(own + [line for line in lines_within(box, frame, SIGN_PAD) if line not in own])
        # Joined in reading order, so a sign OCR split in two (星级服务专 + 区) reads whole again.
        text = "".join(line.text.strip() for line in lines)
        readings.append(
            SignReading(
                index=index,
                kind=label,  # type: ignore[arg-type]  # SIGN_LABELS are the contract's kinds
                box=box,
                text=text,
                # A read of punctuation alone (an LED marquee's dots as ::**•…) read nothing.
                readable=bool(normalise(text)),
                star=star_keyword(text, config) is not None,
            )
        )
    return readings


#: A poster's headline is big: lines at least this share of the frame's height tall. Smaller text
#: on a window (opening hours, a price tag, a notice) is not counted as a poster.
POSTER_TEXT_MIN_HEIGHT = 0.02
#: Headline lines within this many line heights of each other are one poster's.
POSTER_LINE_GAP = 0.8
#: A detected poster owns the text centred within its box grown by this share.
POSTER_PAD = 0.1


#: A block of text is promotion of ours only with at least this many Chinese characters in it:
#: a China Telecom poster names its offer in Chinese (5G 畅享套餐, FTTR 全屋光宽带), while a
#: block of Latin alone is a brand on a shop front or a car seen through the glass.
POSTER_MIN_CJK = 2
_CJK = re.compile(r"[\u4e00-\u9fff]")


def text_posters(observation: Observation, config: ChecksConfig, boxed: list[Box]) -> list[Box]:
    """Posters found by their text: blocks of big lines that no detected poster holds, with
    ``POSTER_MIN_CJK`` Chinese characters or more. A poster is a block of promotional text on
    the window, boxed by the detector or not."""
    height = observation.height
    big = [
        line for line in lines_outside(boxed, confident_lines(observation.frame_texts, config), POSTER_PAD)
        if len(normalise(line.text)) >= 2 and line.box[3] - line.box[1] >= POSTER_TEXT_MIN_HEIGHT * height
    ]
    blocks = geometry.cluster_boxes([line.box for line in big], gap=POSTER_LINE_GAP)
    return [block for block in blocks
            if len(_CJK.findall("".join(line.text for line in lines_within(block, big, pad=0.0)))) >= POSTER_MIN_CJK]


def count_posters(
    observation: Observation, config: ChecksConfig, windows: list[geometry.PixelPolygon]
) -> list[WindowPosters]:
    """Posters per window by their centre, detected or read (``text_posters``); with no window
    polygons the frame is one window. Posters outside every window (on a wall) are not counted."""
    detected = [
        box
        for box, score, label in observation.detections
        if label == "poster" and score >= config.thresholds.poster
    ]
    boxes = detected + text_posters(observation, config, detected)
    if not windows:
        return [WindowPosters(window=0, boxes=boxes)]
    counted: list[WindowPosters] = []
    for number, polygon in enumerate(windows):
        inside = [box for box in boxes if geometry.point_in_polygon(geometry.centre(box), polygon)]
        counted.append(WindowPosters(window=number, boxes=inside))
    return counted


def build_scene(
    observation: Observation,
    zone: Zone,
    store_type: str,
    config: ChecksConfig,
    camera: CameraConfig,
    roster: Roster | None,
    reader: Reader | None = None,
) -> Scene:
    badges = read_badges(observation, config, roster)
    windows = [
        geometry.to_pixels(p, observation.width, observation.height) for p in camera.polygons.window
    ]
    return Scene(
        observation=observation,
        zone=zone,
        store_type=store_type,
        config=config,
        camera=camera,
        roster=roster,
        staff=find_staff(observation, badges, config, camera, store_type, zone),
        badges=badges,
        signs=read_signs(observation, config),
        windows=count_posters(observation, config, windows),
        frame_lines=frame_lines(observation, config),
        reader=reader,
        devices=read_devices(observation, confident_lines(observation.frame_texts, config), config.screens,
                             config.thresholds),
    )
