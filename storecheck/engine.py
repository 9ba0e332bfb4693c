"""The analysis engine: one snapshot in, the contract's result out.

A short pipeline, each stage timed (``Analysis.timings``) so ``bench/`` can report them:

1. ``decode``: safe image loading.
2. ``detect``: the detector on the full frame, with the people the person detector (trained on
   real photographs) finds and ours did not (``vision.people_fusion``), then the detector once
   more on the upper body of each large staff candidate whose badge the full-frame pass missed
   (the badge fills more of the input).
3. ``ocr``: every frame's text (``OcrEngine.read_frame``: text detection on the frame brought
   down to ``ocr.frame_limit_side_len``, recognition on the original pixels), then a finer
   look where that pass found nothing: a detected badge or sign with no line on it is re-read
   from its crop at full resolution, and so is the chest of a large staff candidate on whom
   nothing says badge, and of the widest other people (a badge is what makes them staff).
4. ``checks``: ``evaluate`` builds the scene (badges from detections *and* text, signs, staff)
   and runs each rule; a rule that wants more evidence before it accuses asks for it through
   the scene (``Scene.reread``), and a rule resting on small print (notices, price tags, the
   暂停使用 notice) can have it read again finer before the rules run (``evaluate``'s
   ``refine``, in ``vision.ocr.fine_zones`` only; timed as ``ocr``), so the engine knows
   nothing of any rule.

Example:
    >>> engine = Engine()                                   # doctest: +SKIP
    >>> result = engine.analyze("hall-cam1-0930.jpg", zone="hall")  # doctest: +SKIP
    >>> result.score                                        # doctest: +SKIP
    96.0
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from storecheck.checks import geometry
from storecheck.checks.badges import looks_like_badge, parse_badge
from storecheck.checks.config import ChecksConfig
from storecheck.checks.evaluate import CheckContext, evaluate
from storecheck.checks.roster import Roster
from storecheck.checks.scene import SIGN_PAD
from storecheck.checks.staff import badge_region, chest, on_a_chest, staff_cues
from storecheck.checks.text import reading_order
from storecheck.checks.text_badges import lines_outside, lines_within, read_groups, says_badge
from storecheck.config import StorecheckConfig
from storecheck.contract import AnalysisResult, ModelsInfo, StoreType, Zone
from storecheck.vision.appearance import clothes_lab, torso_hsv
from storecheck.vision.config import PersonDetectorConfig, ScreenDetectorConfig
from storecheck.vision.detector.base import Detector, clip_box, load_detector
from storecheck.vision.image import load_image, padded_box, require_min_side
from storecheck.vision.models import default_person_detector_path, default_screen_detector_path
from storecheck.vision.ocr.base import load_ocr
from storecheck.vision.people_fusion import fuse_people
from storecheck.vision.screen_fusion import fuse, kinds_missing
from storecheck.vision.screen_scorer import load_scorer
from storecheck.vision.screens import DEVICE_LABELS, find_devices, screen_stats
from storecheck.vision.types import (
    CLOTHES,
    SCREEN,
    SIGN_LABELS,
    SOURCE,
    TEXTS,
    TORSO,
    Box,
    Detections,
    Observation,
    TextLine,
)

log = logging.getLogger(__name__)

#: A person at least this tall (px) whose badge the full-frame pass missed gets a second look.
REDETECT_MIN_PERSON_HEIGHT = 160
#: A staff member at least this wide (px) on whom neither detector pass nor the frame's text
#: found a badge gets their chest read at full resolution: a badge on them is ~80 px wide or
#: more, what OCR can read, but the frame pass may have seen its glyphs too small.
OCR_BADGE_MIN_PERSON_WIDTH = 360
#: At most this many people not otherwise taken for staff get their chest read per frame, the
#: widest first: a badge is the only thing that makes them staff, and the frame pass, at
#: ``ocr.frame_limit_side_len``, shrinks a badge on a frame over 1080p below what it finds.
CHEST_READ_MAX_OTHERS = 4
#: A card whose lines were read only in part is read again this many times the larger side of
#: what was read above and below it (half of it to either side): the header alone is about a
#: card's width, and the card is shorter than it is wide.
TEXT_CARD_REACH = 1.0
#: At most this many regions of small print are read again per frame (a device table's tags, a
#: notice board's sheets), so a frame full of small text costs a bounded ~1 s more.
FINE_MAX_REGIONS = 8


@dataclass
class Analysis:
    """A result with what produced it: the decoded image (for annotation) and stage timings (s)."""

    result: AnalysisResult
    image: np.ndarray
    observation: Observation
    timings: dict[str, float] = field(default_factory=dict)


class Engine:
    """Loads the detector and OCR once; analyses any number of snapshots.

    Not thread-safe for concurrent calls (ONNX Runtime sessions are, our stats are not): use one
    engine per worker thread or process.
    """

    def __init__(self, config: StorecheckConfig | None = None) -> None:
        self.config = config or StorecheckConfig()
        self.detector = load_detector(self.config.vision.detector)
        self.ocr = load_ocr(self.config.vision.ocr)
        # The screen finder's scorer: loaded now, so a missing or stale weights file stops the start.
        self.screens = load_scorer()
        self.screen_detector = self._screen_detector()
        self.person_detector = self._person_detector()
        #: How often each fallback ran (``frame_ocr``) and how many snapshots were seen.
        self.stats: Counter[str] = Counter()

    def _screen_detector(self) -> Detector | None:
        """The screen detector, unless switched off or no zone is searched for screens."""
        vision = self.config.vision
        return _optional_detector(vision.screen_detector, default_screen_detector_path) if vision.screen_zones else None

    def _person_detector(self) -> Detector | None:
        """The real-photograph person detector, unless switched off."""
        return _optional_detector(self.config.vision.person_detector, default_person_detector_path)

    @property
    def models(self) -> ModelsInfo:
        from storecheck.checks.catalogue import RULES_VERSION

        return ModelsInfo(detector=self.detector.name, ocr=self.ocr.name, rules=RULES_VERSION,
                          screens=self.screens.name,
                          screen_detector=self.screen_detector.name if self.screen_detector else None,
                          person_detector=self.person_detector.name if self.person_detector else None)

    def analyze(self, source: str | Path | bytes | np.ndarray, **kwargs: object) -> AnalysisResult:
        """Analyse one snapshot; see :meth:`run` for the arguments."""
        return self.run(source, **kwargs).result  # type: ignore[arg-type]

    def run(
        self,
        source: str | Path | bytes | np.ndarray,
        *,
        name: str | None = None,
        zone: Zone | None = None,
        store_type: StoreType = "hall_1_3",
        camera_id: str | None = None,
        roster: Roster | None = None,
        checks: ChecksConfig | None = None,
    ) -> Analysis:
        """Analyse one snapshot (a path, encoded bytes or a decoded BGR array).

        ``checks`` is this call's checks config (the service's: the camera's polygons, the
        store's uniforms); the engine's own when not given. The vision config is fixed when the
        engine is made: its models are loaded then.

        Raises:
            storecheck.vision.image.ImageError: the image cannot be read (corrupt, too large...)
                or is too small to analyse.
        """
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        if isinstance(source, np.ndarray):
            image = source
        else:
            image = load_image(source, max_pixels=self.config.vision.max_pixels)
        require_min_side(image.shape[1], image.shape[0], self.config.vision.min_side_px)
        t1 = time.perf_counter()
        timings["decode"] = t1 - t0

        torsos: dict[Box, tuple[int, int, int]] = {}  # each person's torso colour, measured once

        def torso_of(box: Box) -> tuple[int, int, int]:
            if box not in torsos:
                torsos[box] = torso_hsv(image, box)
            return torsos[box]

        checks = checks or self.config.checks
        context = CheckContext(zone=zone, store_type=store_type, camera_id=camera_id, roster=roster,
                               config=checks)
        resolved_zone = context.resolved_zone()
        candidate = self._staff_candidate(image, resolved_zone, camera_id, store_type, torso_of, checks)
        detections, chests = self._detect(image, candidate, checks, resolved_zone)
        detections = detections.with_data(TORSO, [torso_of(box) if label == "person" else None
                                                  for box, _score, label in detections])
        detections = detections.with_data(CLOTHES, [clothes_lab(image, box) if label == "person" else None
                                                    for box, _score, label in detections])
        detections = self._screens(image, detections, resolved_zone)
        t2 = time.perf_counter()
        timings["detect"] = t2 - t1

        observation = self._read(image, detections, chests, checks)
        t3 = time.perf_counter()
        timings["ocr"] = t3 - t2

        refine = None
        fine_s = 0.0  # the small print's second read counts as ocr, though a rule asked for it

        if resolved_zone in self.config.vision.ocr.fine_zones:
            def refine(seen: Observation) -> Observation:
                nonlocal fine_s
                start = time.perf_counter()
                refined = replace(seen, frame_texts=self._fine_read(image, seen.frame_texts or []))
                fine_s = time.perf_counter() - start
                return refined
        evaluation = evaluate(observation, context, reread=lambda box: self._read_crop(image, box, pad=0.0),
                              refine=refine)
        detections = observation.detections
        h, w = image.shape[:2]
        result = AnalysisResult(
            image=name if name is not None else (str(source) if isinstance(source, (str, Path)) else "upload"),
            width=w,
            height=h,
            zone=evaluation.zone,
            store_type=store_type,
            objects=detections.to_objects(),  # type: ignore[arg-type]
            texts=[line.to_dict() for line in observation.texts()],  # type: ignore[misc]
            staff=evaluation.staff,
            signs=evaluation.signs,
            posters=evaluation.posters,
            findings=evaluation.findings,
            score=evaluation.score,
            models=self.models,
            badges=evaluation.badges,
            notices=evaluation.notices,
            price_tags=evaluation.price_tags,
            bonus=evaluation.bonus,
            devices=evaluation.devices,
            uniform=evaluation.uniform,
        )
        timings["ocr"] += fine_s
        timings["checks"] = time.perf_counter() - t3 - fine_s
        timings["total"] = time.perf_counter() - t0
        self.stats["snapshots"] += 1
        return Analysis(result, image, observation, timings)

    def find_screens(self, image: np.ndarray, zone: str) -> Detections:
        """The phones, ITV set and terminal screens of a device zone: the screen detector's and
        the finder's, one box a screen (``vision.screen_fusion``)."""
        detected = self.screen_detector.detect(image) if self.screen_detector else Detections.empty()
        found = Detections.empty()
        if kinds_missing(detected, zone):  # else fuse would drop all the finder finds: save its time
            found = find_devices(image, zone, self.screens)
            self.stats["screen_finder"] += 1
        return fuse(detected, found, zone)

    def _screens(self, image: np.ndarray, detections: Detections, zone: Zone) -> Detections:
        """Add the phones, TV and terminals of the screen detector and the screen finder, one box
        a screen (``vision.screen_fusion``; zones ``vision.screen_zones``), and measure the screen
        of every device detection."""
        if zone in self.config.vision.screen_zones:
            screens = self.find_screens(image, zone)
            if len(screens):
                detections = Detections.merge([detections, screens])
        return detections.with_data(SCREEN, [
            detections.get(index, SCREEN) or (screen_stats(image, box).as_tuple() if label in DEVICE_LABELS else None)
            for index, (box, _score, label) in enumerate(detections)])

    def _staff_candidate(
        self, image: np.ndarray, zone: Zone | None, camera_id: str | None, store_type: str,
        torso_of: Callable[[Box], tuple[int, int, int]], checks: ChecksConfig,
    ) -> Callable[[Box], bool]:
        """Would this person be taken for staff without a badge (uniform colour, staff area, place
        behind the counter)?

        Only such a person can be judged on a missing badge, so only they are worth the second
        detector pass; a customer without a badge is never judged whatever the pass finds."""
        h, w = image.shape[:2]
        camera = checks.camera(camera_id)

        def candidate(box: Box) -> bool:
            return bool(staff_cues(box, torso_of(box), (w, h), zone, camera, checks, store_type))

        return candidate

    def _detect(self, image: np.ndarray, staff_candidate: Callable[[Box], bool],
                checks: ChecksConfig, zone: Zone) -> tuple[Detections, list[Box]]:
        """All detections, and the people whose chest is worth reading: the staff candidates on
        whom no badge was found by either pass, and the widest others with no badge found."""
        found = self.detector.detect(image)
        found = found.with_data(SOURCE, ["detector"] * len(found))
        if self.person_detector is not None and zone in self.config.vision.person_detector.zones:
            found = fuse_people(found, self.person_detector.detect(image))
        persons = found.of("person")
        badges = found.of("badge")
        extra = []
        unbadged = []
        others = []  # wide enough to read a badge on, not taken for staff by anything but one
        for box, _score, _label in persons:
            # The same region the checks give a badge to its wearer by: a badge found outside it
            # would be nobody's.
            region = badge_region(box, image.shape[0], checks)
            if box[3] - box[1] < REDETECT_MIN_PERSON_HEIGHT or _has_badge_in(region, badges):
                continue
            if not staff_candidate(box):
                if box[2] - box[0] >= OCR_BADGE_MIN_PERSON_WIDTH:
                    others.append(box)
                continue
            again = self.detector.detect_region(image, region).of("badge")
            if len(again):
                self.stats["badge_redetect_hits"] += 1
                extra.append(again[[int(np.argmax(again.confidence))]])
            else:
                unbadged.append(box)
            self.stats["badge_redetect"] += 1
        extra = [badge.with_data(SOURCE, ["redetect"]) for badge in extra]
        # A badge is what makes someone in everyday clothes staff, so the chests of the widest
        # are read too (no second detector pass: it knows our generator's badges, not theirs).
        others = sorted(others, key=lambda box: box[2] - box[0], reverse=True)[:CHEST_READ_MAX_OTHERS]
        return (Detections.merge([found, *extra]) if extra else found), unbadged + others

    def _read(self, image: np.ndarray, detections: Detections, chests: list[Box], checks: ChecksConfig) -> Observation:
        """Every line of the frame, then a finer look where the frame pass found nothing: the
        crop of each detected badge (wide enough to read) or sign with no line on it, the chest
        of each large person of ``chests`` (see ``_detect``) with no badge word on it, and the
        card around a badge found by its text but read in part (``_short_text_badges``). Small print is
        read again only when a rule asks (``_fine_read``, through ``evaluate``'s ``refine``)."""
        h, w = image.shape[:2]
        frame = self.ocr.read_frame(image)
        self.stats["frame_ocr"] += 1
        texts: list[list[TextLine] | None] = []
        for box, _score, label in detections:
            lines = None
            if label == "badge" and box[2] - box[0] >= self.config.vision.ocr.badge_min_width_px \
                    and not self._complete(lines_within(box, frame), checks):
                self.stats["badge_reread"] += 1
                lines = _new_lines(self._read_crop(image, box, pad=0.08), frame)
            elif label in SIGN_LABELS and not lines_within(box, frame, SIGN_PAD):
                self.stats["sign_reread"] += 1
                lines = self._read_sign(image, box)
            texts.append(lines)
        for person in chests:
            region = chest(person, h, checks)
            if person[2] - person[0] < OCR_BADGE_MIN_PERSON_WIDTH or any(
                    looks_like_badge(line.text) for line in lines_within(region, frame, pad=0.0)):
                continue
            self.stats["chest_reread"] += 1
            found = _new_lines(self._read_crop(image, region, pad=0.0), frame)
            self.stats["chest_reread_hits"] += any(looks_like_badge(line.text) for line in found)
            frame = frame + found
        for region in self._short_text_badges(frame, detections, checks, h):
            self.stats["text_badge_reread"] += 1
            frame = frame + _new_lines(self._read_crop(image, region, pad=0.0), frame)
        return Observation(width=w, height=h, detections=detections.with_data(TEXTS, texts), frame_texts=frame)

    def _short_text_badges(self, frame: list[TextLine], detections: Detections, checks: ChecksConfig,
                           height: int) -> list[Box]:
        """Where to read again the badges found by their text (no detected badge holds them)
        that lack the name plus title or id: the frame pass drops lines of a card it did find
        (a bold name between the header and the id; all but the header on a frame over 1080p),
        and whatever it read of the card says where the rest must be (``TEXT_CARD_REACH``).
        A group that is no badge by itself (the header alone) is read again only on someone's
        chest."""
        boxed = [box for box, _score, label in detections if label == "badge"]
        loose = lines_outside(boxed, frame)
        on_chest = on_a_chest(detections, height, checks)
        regions = []
        for box, _lines, parsed in read_groups(loose, checks.titles):
            # The header alone, the part of a card read first, is a logo on a wall as often.
            if parsed.has_required_fields or not (says_badge(parsed) or on_chest(box)):
                continue
            x1, y1, x2, y2 = box
            reach = TEXT_CARD_REACH * max(x2 - x1, y2 - y1)
            regions.append((x1 - reach / 2, y1 - reach, x2 + reach / 2, y2 + reach))
        return regions

    def _fine_read(self, image: np.ndarray, frame: list[TextLine]) -> list[TextLine]:
        """Read the regions around the frame pass's small lines again at full resolution, and
        take that reading there: a price tag's neighbouring lines the coarse pass dropped come
        back, and so do the characters it misread (¥ as V)."""
        h, w = image.shape[:2]
        limit = self.config.vision.ocr.fine_line_max_px
        small = [line for line in frame if line.box[3] - line.box[1] <= limit]
        padded: list[Box] = []
        for block in geometry.cluster_boxes([line.box for line in small], gap=1.0):
            heights = sorted(line.box[3] - line.box[1] for line in small if geometry.containment(line.box, block) >= 0.5)
            pad = 3 * heights[len(heights) // 2] if heights else 0.0
            x1, y1, x2, y2 = clip_box((block[0] - pad, block[1] - pad, block[2] + pad, block[3] + pad), w, h)
            padded.append((float(x1), float(y1), float(x2), float(y2)))
        regions = geometry.cluster_boxes(padded, gap=0.0)[:FINE_MAX_REGIONS]
        for region in regions:
            self.stats["fine_reread"] += 1
            inside = [geometry.contains_point(region, geometry.centre(line.box)) for line in frame]
            known = [_shift(line, -region[0], -region[1]) for line, within in zip(frame, inside, strict=True) if within]
            again = self._read_crop(image, region, pad=0.0, known=known)
            if again:
                frame = [line for line, within in zip(frame, inside, strict=True) if not within] + again
        return frame

    def _complete(self, lines: list[TextLine], checks: ChecksConfig) -> bool:
        """A badge's lines name its wearer with a title or id: nothing a re-read could add."""
        parsed = parse_badge([line.text for line in reading_order(lines)], checks.titles)
        return parsed.has_required_fields

    def _read_crop(self, image: np.ndarray, box: tuple[float, ...], pad: float,
                   known: Sequence[TextLine] = ()) -> list[TextLine]:
        x1, y1, x2, y2 = padded_box(box, pad, image.shape[1], image.shape[0])
        if x2 - x1 < 4 or y2 - y1 < 4:
            return []
        lines = self.ocr.read(np.ascontiguousarray(image[y1:y2, x1:x2]), known=known)
        return [_shift(line, x1, y1) for line in lines]

    def _read_sign(self, image: np.ndarray, box: tuple[float, ...]) -> list[TextLine]:
        """A sign is one line: recognition only (~15 ms); detection+recognition if that fails."""
        h, w = image.shape[:2]
        x1, y1, x2, y2 = clip_box(box, w, h)
        if x2 - x1 < 4 or y2 - y1 < 4:
            return []
        crop = np.ascontiguousarray(image[y1:y2, x1:x2])
        if (x2 - x1) >= 2.2 * (y2 - y1):
            line = self.ocr.recognize(crop)
            if line is not None and line.score >= 0.8 and len(line.text.strip()) >= 2:
                return [_shift(line, x1, y1)]
        self.stats["sign_full_read"] += 1
        return self._read_crop(image, box, pad=0.03)


def _optional_detector(config: ScreenDetectorConfig | PersonDetectorConfig, default: Callable[[], Path]) -> Detector | None:
    """A detector beside the main one, from its config section: None when switched off; the shipped
    file (``default``) when no path is given."""
    if not config.enabled:
        return None
    return load_detector(config.model_copy(update={"path": config.path or default()}))


def _new_lines(found: list[TextLine], frame: list[TextLine]) -> list[TextLine]:
    """The lines a crop read found that the frame's lines do not already hold (IoU under 0.5)."""
    return [line for line in found if all(geometry.iou(line.box, seen.box) < 0.5 for seen in frame)]


def _has_badge_in(region: Box, badges: Detections) -> bool:
    return any(geometry.contains_point(region, geometry.centre(box)) for box, _score, _label in badges)


def _shift(line: TextLine, dx: float, dy: float) -> TextLine:
    x1, y1, x2, y2 = line.box
    return TextLine(line.text, (x1 + dx, y1 + dy, x2 + dx, y2 + dy), line.score)
