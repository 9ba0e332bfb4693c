"""The small data carriers that travel from the detector and OCR to the checks.

``Detections`` is deliberately one flat structure (boxes, scores, labels as parallel arrays), the
way roboflow/supervision carries detections: every stage filters or slices it without knowing
which backend produced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Detector classes, in the order the shipped model was trained with (the contract's labels).
LABELS: tuple[str, ...] = (
    "person",
    "badge",
    "desk_sign",
    "hanging_sign",
    "led_sign",
    "poster",
    "mop",
    "broom",
    "bucket",
    "dustpan",
)
SIGN_LABELS: frozenset[str] = frozenset({"desk_sign", "hanging_sign", "led_sign"})
CLEANING_TOOL_LABELS: frozenset[str] = frozenset({"mop", "broom", "bucket", "dustpan"})

# Torso as fractions of the person box: below the head and collar, above the belt; the middle
# half of the width, away from arms and background at the sides.
TORSO_TOP, TORSO_BOTTOM = 0.20, 0.55
TORSO_LEFT, TORSO_RIGHT = 0.25, 0.75

Box = tuple[float, float, float, float]


#: Per-detection extras carried in ``Detections.data`` (see there).
TEXTS = "texts"  # list[TextLine]: the text read inside the detection
TORSO = "torso_hsv"  # (h, s, v): a person's torso colour
CLOTHES = "clothes_lab"  # (L, a, b): the commonest colour of a person's clothes (staff.uniform)
SCREEN = "screen"  # (mean, std, uniform): what a phone's, TV's or terminal's screen shows
#: str: what found it: "detector", "redetect" (second pass), "people_detector", "text" (read),
#: "screens", "screen_detector"
SOURCE = "source"


@dataclass(frozen=True)
class Detections:
    """Objects found in one image.

    Attributes:
        xyxy: ``(N, 4)`` float32 boxes in pixels of the original image, ``[x1, y1, x2, y2]``.
        confidence: ``(N,)`` float32 scores in ``[0, 1]``.
        label: ``(N,)`` array of label strings (see :data:`LABELS`).
        data: per-detection extras, each an ``(N,)`` object array (``None`` where unset): the
            text read inside it (:data:`TEXTS`), a person's torso colour (:data:`TORSO`), which
            pass found it (:data:`SOURCE`). As supervision's ``Detections.data``, they move with
            the detection through slicing and merging, so nothing is keyed by a position that a
            merge would shift.

    Example:
        >>> d = Detections.from_lists([[0, 0, 10, 20]], [0.9], ["person"], source=["detector"])
        >>> len(d), d.of("person").xyxy.shape, d.get(0, "source")
        (1, (1, 4), 'detector')
    """

    xyxy: np.ndarray
    confidence: np.ndarray
    label: np.ndarray
    data: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.xyxy)
        if self.xyxy.shape != (n, 4) or len(self.confidence) != n or len(self.label) != n:
            raise ValueError("Detections arrays must be parallel: xyxy (N,4), confidence (N,), label (N,)")
        if any(len(values) != n for values in self.data.values()):
            raise ValueError("Detections.data arrays must have one entry per detection")

    @classmethod
    def empty(cls) -> Detections:
        return cls(
            np.zeros((0, 4), np.float32), np.zeros((0,), np.float32), np.array([], dtype=object)
        )

    @classmethod
    def from_lists(
        cls, boxes: Iterable[Sequence[float]], scores: Iterable[float], labels: Iterable[str],
        **data: Sequence[object],
    ) -> Detections:
        xyxy = np.asarray(list(boxes), dtype=np.float32).reshape(-1, 4)
        return cls(xyxy, np.asarray(list(scores), np.float32), np.array(list(labels), dtype=object),
                   {key: _objects(values) for key, values in data.items()})

    def __len__(self) -> int:
        return len(self.xyxy)

    def __getitem__(self, index: int | slice | np.ndarray | list[int]) -> Detections:
        if isinstance(index, int):
            index = [index]
        return Detections(self.xyxy[index], self.confidence[index], self.label[index],
                          {key: values[index] for key, values in self.data.items()})

    def __iter__(self) -> Iterator[tuple[Box, float, str]]:
        for box, score, label in zip(self.xyxy, self.confidence, self.label, strict=True):
            yield (tuple(float(v) for v in box), float(score), str(label))  # type: ignore[misc]

    def get(self, index: int, key: str) -> Any:
        """The ``key`` extra of detection ``index``, ``None`` where unset."""
        values = self.data.get(key)
        return None if values is None else values[index]

    def with_data(self, key: str, values: Sequence[object]) -> Detections:
        """A copy with the ``key`` extra set for every detection."""
        return Detections(self.xyxy, self.confidence, self.label, {**self.data, key: _objects(values)})

    def of(self, *labels: str) -> Detections:
        """Only the detections whose label is one of ``labels``."""
        return self[np.isin(self.label, list(labels))]

    def above(self, threshold: float) -> Detections:
        return self[self.confidence >= threshold]

    @staticmethod
    def merge(parts: Iterable[Detections]) -> Detections:
        """One ``Detections`` of all ``parts``; an extra missing from a part is ``None`` there."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return Detections.empty()
        keys = sorted({key for p in parts for key in p.data})
        return Detections(
            np.concatenate([p.xyxy for p in parts]),
            np.concatenate([p.confidence for p in parts]),
            np.concatenate([p.label for p in parts]),
            {key: np.concatenate([p.data.get(key, _objects([None] * len(p))) for p in parts]) for key in keys},
        )

    def to_objects(self) -> list[dict[str, object]]:
        """The contract's ``objects`` list (with what found each, where known)."""
        sources = self.data.get(SOURCE)
        return [
            {"label": label, "box": [round(v, 1) for v in box], "score": round(score, 4),
             **({"source": str(sources[i])} if sources is not None and sources[i] is not None else {})}
            for i, (box, score, label) in enumerate(self)
        ]


def _objects(values: Sequence[object]) -> np.ndarray:
    """An object array holding ``values`` as they are (tuples and lists stay whole)."""
    out = np.empty(len(values), dtype=object)
    for i, value in enumerate(values):
        out[i] = value
    return out


@dataclass(frozen=True)
class TextLine:
    """One line of text read by OCR, its box in pixels of the original image."""

    text: str
    box: Box
    score: float

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "box": [round(v, 1) for v in self.box], "score": round(self.score, 4)}


@dataclass
class Observation:
    """Everything the vision stage saw in one snapshot: the seam between vision and checks.

    Attributes:
        width, height: the original image size in pixels.
        detections: all objects found, each with the text read inside it and, for a person,
            the torso colour (``Detections.data``).
        frame_texts: every line read over the whole frame (``None``: no frame pass ran, as in
            hand-built observations).
    """

    width: int
    height: int
    detections: Detections
    frame_texts: list[TextLine] | None = None

    def texts_of(self, index: int) -> list[TextLine]:
        """The text read inside detection ``index`` (none read: empty)."""
        return list(self.detections.get(index, TEXTS) or [])

    def torso_of(self, index: int) -> tuple[int, int, int] | None:
        """Detection ``index``'s torso colour (median HSV, OpenCV ranges), if measured."""
        torso = self.detections.get(index, TORSO)
        return None if torso is None else tuple(torso)  # type: ignore[return-value]

    def clothes_of(self, index: int) -> tuple[float, float, float] | None:
        """Detection ``index``'s clothes colour (CIE Lab, ``appearance.clothes_lab``), if measured."""
        clothes = self.detections.get(index, CLOTHES)
        return None if clothes is None else tuple(clothes)  # type: ignore[return-value]

    def screen_of(self, index: int) -> tuple[float, float, float] | None:
        """Detection ``index``'s screen measures (mean, std, uniform; ``vision.screens``), if taken."""
        screen = self.detections.get(index, SCREEN)
        return None if screen is None else tuple(screen)  # type: ignore[return-value]

    def texts(self) -> list[TextLine]:
        """Every line read, for the contract's ``texts``: the frame pass, then what re-reading
        a detection's crop added."""
        lines = list(self.frame_texts or [])
        seen = set(lines)
        for index in range(len(self.detections)):
            lines.extend(line for line in self.texts_of(index) if line not in seen)
        return lines
