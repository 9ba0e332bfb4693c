"""Hand-built observations: the checks need no models, only what vision would have seen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storecheck.checks import CheckContext, evaluate
from storecheck.contract import Finding
from storecheck.vision.types import Box, Detections, Observation, TextLine

NAVY = (115, 150, 60)  # a dark navy suit, OpenCV HSV
RED_COAT = (0, 200, 180)  # a customer's red coat


@dataclass(frozen=True)
class Obj:
    """One detection, with the text OCR read inside it and, for persons, the torso colour."""

    label: str
    box: Box
    score: float = 0.9
    texts: Sequence[str] = ()
    torso: tuple[int, int, int] | None = None


def lines_in(box: Box, texts: Sequence[str], score: float = 0.95) -> list[TextLine]:
    """Text lines stacked top to bottom inside ``box``."""
    height = (box[3] - box[1]) / max(len(texts), 1)
    return [
        TextLine(text, (box[0], box[1] + i * height, box[2], box[1] + (i + 1) * height), score)
        for i, text in enumerate(texts)
    ]


def observe(
    *objects: Obj,
    width: int = 1280,
    height: int = 720,
    frame_texts: list[TextLine] | None = None,
) -> Observation:
    detections = Detections.from_lists(
        [o.box for o in objects], [o.score for o in objects], [o.label for o in objects],
        texts=[lines_in(o.box, o.texts) if o.texts else None for o in objects],
        torso_hsv=[o.torso for o in objects],
    )
    return Observation(width=width, height=height, detections=detections, frame_texts=frame_texts)


def person(x: float, y: float = 150, *, w: float = 160, h: float = 400, **kw: object) -> Obj:
    return Obj("person", (x, y, x + w, y + h), **kw)  # type: ignore[arg-type]


def badge_on(p: Obj, texts: Sequence[str] = (), *, width: float = 140, **kw: object) -> Obj:
    """A badge on the chest of person ``p``: a third of the way down, centred."""
    cx = (p.box[0] + p.box[2]) / 2
    top = p.box[1] + (p.box[3] - p.box[1]) * 0.3
    return Obj("badge", (cx - width / 2, top, cx + width / 2, top + width * 0.6), texts=texts, **kw)  # type: ignore[arg-type]


def finding_for(rule_id: str, observation: Observation, **context: object) -> Finding:
    """The one finding ``evaluate`` gives for ``rule_id`` on ``observation``."""
    result = evaluate(observation, CheckContext(**context))  # type: ignore[arg-type]
    (found,) = [f for f in result.findings if f.rule == rule_id]
    return found
