"""One snapshot as the rules see it: staff, badges, signs and posters, read once and shared.

Every rule module receives a :class:`Scene`, so a badge is parsed once and a poster counted once
however many rules look at it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storecheck.checks import geometry
from storecheck.checks.badges import looks_like_badge, parse_badge
from storecheck.checks.config import CameraConfig, ChecksConfig
from storecheck.checks.roster import Roster
from storecheck.checks.staff import BadgeReading, StaffMember, find_staff
from storecheck.checks.text import find_any, join_split_lines, normalise, reading_order
from storecheck.checks.text_badges import lines_within, text_badges
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


def frame_star_text(lines: list[TextLine], config: ChecksConfig) -> TextLine | None:
    """A star keyword among the full-frame OCR pass's ``lines`` (``frame_lines``: a sign the
    detector missed, a sign that OCR split into two boxes joined again)."""
    for line in lines:
        if star_keyword(line.text, config):
            return line
    return None


#: A sign owns the frame's lines centred within its box grown by this share (a marquee's glow).
SIGN_PAD = 0.05

#: What a piece of a star sign must still show to count as one: the sign's own words.
STAR_WORDS = ("星级", "专席")
#: A star keyword's last characters, this many or more, are a piece of it too without a star
#: word: OCR often loses the first characters of an LED marquee (星级服务专区 read 服务专区 or
#: 及服务专区), and a sign ending so may be that or a sign of its own (综合服务专区).
STAR_TAIL_MIN = 4


def cut_star_text(text: str, config: ChecksConfig) -> str | None:
    """The piece of a star keyword ``text`` ends or starts with, as when a head, a pillar or the
    frame edge hides the rest of the sign (星级客户|专席), or OCR misses the first characters
    of a marquee (服务专区): not proof of a star sign, not proof of its absence either."""
    t = normalise(text)
    for keyword in (normalise(k) for k in config.star_keywords):
        # A text ending with the start of a keyword, or starting with its end...
        pieces = [t[i:] for i in range(len(t)) if keyword.startswith(t[i:])] + [
            t[:j] for j in range(len(t), 0, -1) if keyword.endswith(t[:j])]
        # ...or ending with its end (the characters before it unread or misread).
        pieces += [t[i:] for i in range(len(t)) if len(t) - i >= STAR_TAIL_MIN and keyword.endswith(t[i:])]
        for piece in pieces:
            if len(piece) < 2 or piece == keyword:
                continue
            if any(word in piece for word in STAR_WORDS) or (len(piece) >= STAR_TAIL_MIN and keyword.endswith(piece)):
                return piece
    return None


#: A misread star keyword: at most this many wrong characters, on keywords this long or longer
#: (one wrong character already counts as the keyword; two in 星级专席 would leave half of it).
MISREAD_ERRORS, MISREAD_MIN_LENGTH = 2, 6


def misread_star_text(text: str, config: ChecksConfig) -> str | None:
    """The star keyword ``text`` nearly reads, when it keeps 星 or 级 and misses by two
    characters, as OCR reads a small or blurred sign (星级服务专席 as 星业服务专活, 星级客户服务专区
    as 型级客户服务刻区): not proof either way. Signs of their own do not carry 星 or 级, and a
    read as near a look-alike that does (``star_negatives``, one character off) is that look-alike."""
    if not set("星级") & set(normalise(text)) or find_any(text, config.star_negatives) is not None:
        return None
    long_keywords = [k for k in config.star_keywords if len(normalise(k)) >= MISREAD_MIN_LENGTH]
    match = find_any(text, long_keywords, max_errors=MISREAD_ERRORS)
    return match.keyword if match else None


def _sign_texts(scene_signs: list[SignReading], lines: list[TextLine]) -> list[tuple[str, Box]]:
    """Every text read on a detected sign, then the full-frame pass's ``lines``, with its box."""
    return [(sign.text, sign.box) for sign in scene_signs if sign.text] + [(line.text, line.box) for line in lines]


def partial_star_text(scene_signs: list[SignReading], lines: list[TextLine], config: ChecksConfig) -> tuple[str, Box] | None:
    """A cut star keyword on a detected sign or among the full-frame pass's ``lines``, and where it is."""
    texts = _sign_texts(scene_signs, lines)
    return next(((piece, box) for text, box in texts if (piece := cut_star_text(text, config))), None)


def misread_star_sign(scene_signs: list[SignReading], lines: list[TextLine],
                      config: ChecksConfig) -> tuple[str, str, Box] | None:
    """A sign read two characters off a star keyword: what was read, the keyword, where."""
    texts = _sign_texts(scene_signs, lines)
    return next(((text, keyword, box) for text, box in texts if (keyword := misread_star_text(text, config))), None)


def read_badges(observation: Observation, config: ChecksConfig, roster: Roster | None = None) -> list[BadgeReading]:
    """Every badge in the snapshot, boxed by the detector or not.

    Badge detections at or above the badge threshold, and weaker ones whose own text says badge
    (中国电信, 工号 and digits, 实习生, 孕妈妈): a small 孕妈妈 pin the detector scores 0.28 is still a
    badge once OCR reads the word on it. A detected badge owns the frame's lines on it
    (``lines_within``) besides any re-read of its crop. The frame's other lines are searched for
    badges the detector did not box (``text_badges``): on pictures unlike the training scenes
    the detector misses badges that OCR still reads."""
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
    for number, (box, _lines, parsed) in enumerate(text_badges(loose, config.titles, roster)):
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


def count_posters(
    observation: Observation, config: ChecksConfig, windows: list[geometry.PixelPolygon]
) -> list[WindowPosters]:
    """Posters per window by their centre; with no window polygons the frame is one window.
    Posters outside every window (on a wall) are not counted."""
    boxes = [
        box
        for box, score, label in observation.detections
        if label == "poster" and score >= config.thresholds.poster
    ]
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
    )
