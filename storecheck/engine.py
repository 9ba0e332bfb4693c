"""The analysis engine: one snapshot in, the contract's result out.

Stages, each timed (``Analysis.timings``) so ``bench/`` can report them:
``decode`` (safe image loading) -> ``detect`` (full frame, then the upper body of large persons
whose badge the full-frame pass missed) -> ``ocr`` (crops only: badges det+rec, signs
recognition-only, one full-frame pass only when a text-decided rule would otherwise see nothing)
-> ``checks`` (rules and score).

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from storecheck.checks import geometry
from storecheck.checks.badges import looks_like_badge, parse_badge
from storecheck.checks.evaluate import CheckContext, evaluate
from storecheck.checks.roster import Roster
from storecheck.checks.scene import star_keyword
from storecheck.checks.staff import badge_region, staff_cues
from storecheck.checks.text import reading_order, union_box
from storecheck.config import StorecheckConfig
from storecheck.contract import AnalysisResult, Finding, ModelsInfo, Staff, StoreType, Zone
from storecheck.vision.appearance import torso_hsv
from storecheck.vision.detector.base import clip_box, load_detector
from storecheck.vision.image import load_image, require_min_side
from storecheck.vision.ocr.base import load_ocr
from storecheck.vision.types import SIGN_LABELS, Box, Detections, Observation, TextLine

log = logging.getLogger(__name__)

#: A person at least this tall (px) whose badge the full-frame pass missed gets a second look.
REDETECT_MIN_PERSON_HEIGHT = 160
#: A staff member at least this wide (px) whose badge neither detector pass found gets their
#: chest read: a badge on them is ~80 px wide or more, what OCR can read. Real badges, uniforms
#: and light differ from the training scenes; text is what makes a badge a badge.
OCR_BADGE_MIN_PERSON_WIDTH = 360
#: The part of a person's box searched for badge text, as fractions of its width and height:
#: the chest, not the wall behind the head; down to where the checks still give a badge to
#: its wearer (``badge_region``: the whole box of a close-up cut at the waist).
CHEST = (0.1, 0.12, 0.9)
#: The score of a badge found by reading it rather than by the detector.
OCR_BADGE_SCORE = 0.5
#: Roster rules whose violation is double-checked by reading the accused's chest.
MARK_RULES = ("badge.pregnant", "badge.intern")


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
        #: How often each fallback ran (``frame_ocr``) and how many snapshots were seen.
        self.stats: Counter[str] = Counter()

    @property
    def models(self) -> ModelsInfo:
        from storecheck.checks.catalogue import RULES_VERSION

        return ModelsInfo(detector=self.detector.name, ocr=self.ocr.name, rules=RULES_VERSION)

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
    ) -> Analysis:
        """Analyse one snapshot (a path, encoded bytes or a decoded BGR array).

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

        context = CheckContext(zone=zone, store_type=store_type, camera_id=camera_id, roster=roster,
                               config=self.config.checks)
        resolved_zone = context.resolved_zone()
        candidate = self._staff_candidate(image, resolved_zone, camera_id, store_type, torso_of)
        detections, unbadged = self._detect(image, candidate)
        t2 = time.perf_counter()
        timings["detect"] = t2 - t1

        observation = self._read_text(image, detections, resolved_zone, unbadged)
        detections = observation.detections  # with any badge found by reading
        t3 = time.perf_counter()
        timings["ocr"] = t3 - t2

        for index, (box, _score, label) in enumerate(detections):
            if label == "person":
                observation.torso_hsv[index] = torso_of(box)
        evaluation = evaluate(observation, context)
        if self._read_marks_before_accusing(image, observation, evaluation.findings, evaluation.staff):
            detections = observation.detections
            evaluation = evaluate(observation, context)
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
            models=ModelsInfo(detector=self.detector.name, ocr=self.ocr.name, rules=evaluation.rules_version),
        )
        timings["checks"] = time.perf_counter() - t3
        timings["total"] = time.perf_counter() - t0
        self.stats["snapshots"] += 1
        return Analysis(result, image, observation, timings)

    def _staff_candidate(
        self, image: np.ndarray, zone: Zone | None, camera_id: str | None, store_type: str,
        torso_of: Callable[[Box], tuple[int, int, int]],
    ) -> Callable[[Box], bool]:
        """Would this person be taken for staff without a badge (uniform colour, staff area, place
        behind the counter)?

        Only such a person can be judged on a missing badge, so only they are worth the second
        detector pass; a customer without a badge is never judged whatever the pass finds."""
        h, w = image.shape[:2]
        camera = self.config.checks.camera(camera_id)

        def candidate(box: Box) -> bool:
            return bool(staff_cues(box, torso_of(box), (w, h), zone, camera, self.config.checks, store_type))

        return candidate

    def _detect(self, image: np.ndarray, staff_candidate: Callable[[Box], bool]) -> tuple[Detections, list[Box]]:
        """All detections, and the staff candidates on whom no badge was found by either pass."""
        found = self.detector.detect(image)
        persons = found.of("person")
        badges = found.of("badge")
        extra = []
        unbadged = []
        for box, _score, _label in persons:
            # The same region the checks give a badge to its wearer by: a badge found outside it
            # would be nobody's.
            region = badge_region(box, image.shape[0], self.config.checks)
            if box[3] - box[1] < REDETECT_MIN_PERSON_HEIGHT or _has_badge_in(region, badges) or not staff_candidate(box):
                continue
            again = self.detector.detect_region(image, region).of("badge")
            if len(again):
                self.stats["badge_redetect_hits"] += 1
                extra.append(again[[int(np.argmax(again.confidence))]])
            else:
                unbadged.append(box)
            self.stats["badge_redetect"] += 1
        return (Detections.merge([found, *extra]) if extra else found), unbadged

    def _read_marks_before_accusing(self, image: np.ndarray, observation: Observation, findings: list[Finding],
                                    staff: list[Staff]) -> bool:
        """Before a roster-marked staff member is said to lack 孕妈妈 or 实习生, read their chest:
        the mark is often a separate small card (a 孕妈妈 pin beside the 工号牌) the detector missed,
        and a false accusation costs more than one OCR read. Cards found are added to the
        observation as badges; returns whether any was."""
        accused = {tuple(box) for f in findings if f.rule in MARK_RULES and f.status == "violation" for box in f.evidence}
        people: list[Box] = [(m.box[0], m.box[1], m.box[2], m.box[3]) for m in staff
                             if m.badge is not None and tuple(m.badge.box) in accused]
        known = list(observation.detections.of("badge").xyxy)
        # Only the lines with the mark make the card: the rest of the chest read (the 工号牌 the
        # detector found already, the edge of a sign) would blur whose name it is.
        marks = [group for person in people for group in _badge_groups(
            [line for line in self._read_chest(image, person) if _shows_mark(line, self.config.checks.titles)])]
        cards = [(union_box([line.box for line in lines]), lines) for lines in marks]
        cards = [(box, lines) for box, lines in cards if all(geometry.iou(box, tuple(k)) < 0.5 for k in known)]
        self.stats["mark_ocr"] += len(people)
        self.stats["mark_ocr_hits"] += len(cards)
        if not cards:
            return False
        first = len(observation.detections)
        observation.detections = Detections.merge([observation.detections, Detections.from_lists(
            [list(box) for box, _ in cards], [OCR_BADGE_SCORE] * len(cards), ["badge"] * len(cards))])
        for offset, (_box, lines) in enumerate(cards):
            observation.object_texts[first + offset] = lines
        return True

    def _read_chest(self, image: np.ndarray, person: Box) -> list[TextLine]:
        x1, y1, x2, y2 = person
        w, h = x2 - x1, y2 - y1
        bottom = badge_region(person, image.shape[0], self.config.checks)[3]
        chest = (x1 + w * CHEST[0], y1 + h * CHEST[1], x2 - w * (1 - CHEST[2]), bottom)
        return self._read_crop(image, chest, pad=0.0)

    def _read_badges_on(self, image: np.ndarray, person: Box) -> list[tuple[Box, list[TextLine]]]:
        """Badges found by reading a staff member's chest: each group of lines around a word only
        badges carry (中国电信, 工号, 实习生, 孕妈妈), kept when it names someone or holds an id or a
        mark (a uniform's embroidered 中国电信 logo alone is not a badge)."""
        found = []
        for group in _badge_groups(self._read_chest(image, person)):
            parsed = parse_badge([line.text for line in reading_order(group)], self.config.checks.titles)
            if parsed.employee_id or parsed.intern or parsed.pregnant or parsed.has_required_fields:
                found.append((union_box([line.box for line in group]), group))
        return found

    def _read_text(self, image: np.ndarray, detections: Detections, zone: str,
                   unbadged: list[Box] | None = None) -> Observation:
        h, w = image.shape[:2]
        read_badges = []
        for person in unbadged or ():
            if person[2] - person[0] >= OCR_BADGE_MIN_PERSON_WIDTH:
                found = self._read_badges_on(image, person)
                self.stats["badge_ocr"] += 1
                self.stats["badge_ocr_hits"] += bool(found)
                read_badges.extend(found)
        first_read = len(detections)
        if read_badges:
            detections = Detections.merge([detections, Detections.from_lists(
                [list(box) for box, _ in read_badges], [OCR_BADGE_SCORE] * len(read_badges), ["badge"] * len(read_badges))])
        observation = Observation(width=w, height=h, detections=detections)
        for offset, (_box, lines) in enumerate(read_badges):
            observation.object_texts[first_read + offset] = lines
        for index, (box, _score, label) in enumerate(detections):
            if index in observation.object_texts:
                continue  # read already
            if label == "badge" and box[2] - box[0] >= self.config.vision.ocr.badge_min_width_px:
                observation.object_texts[index] = self._read_crop(image, box, pad=0.08)
            elif label in SIGN_LABELS:
                observation.object_texts[index] = self._read_sign(image, box)
        posters_found = bool(len(detections.of("poster")))
        star_read = any(
            star_keyword(line.text, self.config.checks)
            for index, lines in observation.object_texts.items()
            if detections.label[index] in SIGN_LABELS
            for line in lines
        )
        # Text-decided rules must not fail only because the detector missed the sign (or read
        # the wrong one): one full-frame pass before a star desk is called unsigned, and before
        # a window is called bare.
        if (zone == "star_desk" and not star_read) or (zone == "window" and not posters_found):
            self.stats["frame_ocr"] += 1
            observation.frame_texts = self.ocr.read_frame(image)
        return observation

    def _read_crop(self, image: np.ndarray, box: tuple[float, ...], pad: float) -> list[TextLine]:
        h, w = image.shape[:2]
        bw, bh = box[2] - box[0], box[3] - box[1]
        x1, y1, x2, y2 = clip_box((box[0] - bw * pad, box[1] - bh * pad, box[2] + bw * pad, box[3] + bh * pad), w, h)
        if x2 - x1 < 4 or y2 - y1 < 4:
            return []
        lines = self.ocr.read(np.ascontiguousarray(image[y1:y2, x1:x2]))
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


def _shows_mark(line: TextLine, titles: list[str]) -> bool:
    parsed = parse_badge([line.text], titles)
    return parsed.pregnant or parsed.intern


def _badge_groups(lines: list[TextLine]) -> list[list[TextLine]]:
    """Lines around each badge-only word: within two of its line heights above or below and
    overlapping its column widened by its own width; overlapping groups are one badge."""
    groups: list[list[TextLine]] = []
    for anchor in (line for line in lines if looks_like_badge(line.text)):
        ax1, ay1, ax2, ay2 = anchor.box
        reach_y, reach_x = 2.0 * (ay2 - ay1), ax2 - ax1
        near = [line for line in lines
                if line.box[3] >= ay1 - reach_y and line.box[1] <= ay2 + reach_y
                and line.box[2] >= ax1 - reach_x and line.box[0] <= ax2 + reach_x]
        for group in groups:
            if any(line in group for line in near):
                group.extend(line for line in near if line not in group)
                break
        else:
            groups.append(near)
    return groups


def _has_badge_in(region: Box, badges: Detections) -> bool:
    return any(geometry.contains_point(region, geometry.centre(box)) for box, _score, _label in badges)


def _shift(line: TextLine, dx: float, dy: float) -> TextLine:
    x1, y1, x2, y2 = line.box
    return TextLine(line.text, (x1 + dx, y1 + dy, x2 + dx, y2 + dy), line.score)
