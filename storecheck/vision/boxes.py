"""How two boxes ``(x1, y1, x2, y2)`` overlap, for the vision stage (the checks have their own
``checks.geometry``, which vision must not import: dependencies point one way).

Example:
    >>> overlap((0, 0, 10, 10), (5, 0, 25, 10)), round(iou((0, 0, 10, 10), (5, 0, 25, 10)), 3)
    (0.5, 0.2)
"""

from __future__ import annotations

from storecheck.vision.types import Box


def _intersection(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def overlap(a: Box, b: Box) -> float:
    """The share of the smaller box that the two have in common (1.0: one lies inside the other)."""
    smaller = min(_area(a), _area(b))
    return _intersection(a, b) / smaller if smaller > 0 else 0.0


def iou(a: Box, b: Box) -> float:
    """Intersection over union."""
    inter = _intersection(a, b)
    union = _area(a) + _area(b) - inter
    return inter / union if union > 0 else 0.0
