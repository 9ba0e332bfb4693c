"""The small data carriers that travel from the detector and OCR to the checks.

``Detections`` is deliberately one flat structure (boxes, scores, labels as parallel arrays), the
way roboflow/supervision carries detections: every stage filters or slices it without knowing
which backend produced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

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

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Detections:
    """Objects found in one image.

    Attributes:
        xyxy: ``(N, 4)`` float32 boxes in pixels of the original image, ``[x1, y1, x2, y2]``.
        confidence: ``(N,)`` float32 scores in ``[0, 1]``.
        label: ``(N,)`` array of label strings (see :data:`LABELS`).

    Example:
        >>> d = Detections.from_lists([[0, 0, 10, 20]], [0.9], ["person"])
        >>> len(d), d.of("person").xyxy.shape
        (1, (1, 4))
    """

    xyxy: np.ndarray
    confidence: np.ndarray
    label: np.ndarray

    def __post_init__(self) -> None:
        n = len(self.xyxy)
        if self.xyxy.shape != (n, 4) or len(self.confidence) != n or len(self.label) != n:
            raise ValueError("Detections arrays must be parallel: xyxy (N,4), confidence (N,), label (N,)")

    @classmethod
    def empty(cls) -> Detections:
        return cls(
            np.zeros((0, 4), np.float32), np.zeros((0,), np.float32), np.array([], dtype=object)
        )

    @classmethod
    def from_lists(
        cls, boxes: Iterable[Sequence[float]], scores: Iterable[float], labels: Iterable[str]
    ) -> Detections:
        xyxy = np.asarray(list(boxes), dtype=np.float32).reshape(-1, 4)
        return cls(xyxy, np.asarray(list(scores), np.float32), np.array(list(labels), dtype=object))

    def __len__(self) -> int:
        return len(self.xyxy)

    def __getitem__(self, index: int | slice | np.ndarray | list[int]) -> Detections:
        if isinstance(index, int):
            index = [index]
        return Detections(self.xyxy[index], self.confidence[index], self.label[index])

    def __iter__(self) -> Iterator[tuple[Box, float, str]]:
        for box, score, label in zip(self.xyxy, self.confidence, self.label, strict=True):
            yield (tuple(float(v) for v in box), float(score), str(label))  # type: ignore[misc]

    def of(self, *labels: str) -> Detections:
        """Only the detections whose label is one of ``labels``."""
        return self[np.isin(self.label, list(labels))]

    def above(self, threshold: float) -> Detections:
        return self[self.confidence >= threshold]

    @staticmethod
    def merge(parts: Iterable[Detections]) -> Detections:
        parts = [p for p in parts if len(p)]
        if not parts:
            return Detections.empty()
        return Detections(
            np.concatenate([p.xyxy for p in parts]),
            np.concatenate([p.confidence for p in parts]),
            np.concatenate([p.label for p in parts]),
        )

    def to_objects(self) -> list[dict[str, object]]:
        """The contract's ``objects`` list."""
        return [
            {"label": label, "box": [round(v, 1) for v in box], "score": round(score, 4)}
            for box, score, label in self
        ]


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
        detections: all objects found.
        object_texts: text read inside a detection, keyed by the detection's index.
        frame_texts: text from a full-frame OCR pass, ``None`` when no such pass ran.
        torso_hsv: median HSV colour (OpenCV ranges: H 0-179, S and V 0-255) of each person's
            torso, keyed by the detection index; used to tell staff in uniform from customers.
    """

    width: int
    height: int
    detections: Detections
    object_texts: dict[int, list[TextLine]] = field(default_factory=dict)
    frame_texts: list[TextLine] | None = None
    torso_hsv: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    def texts(self) -> list[TextLine]:
        """All text read, crops first then the full-frame pass, for the contract's ``texts``."""
        lines = [line for idx in sorted(self.object_texts) for line in self.object_texts[idx]]
        return lines + list(self.frame_texts or [])
