"""Boxes and polygons in pixels: where objects are relative to zones and to each other.

Polygons in the config are relative (0-1, Frigate-style) so they survive a change of stream
resolution; they become pixels here, per snapshot.

Example:
    >>> square = to_pixels([(0, 0), (0.5, 0), (0.5, 0.5), (0, 0.5)], 200, 100)
    >>> square[2], point_in_polygon((50, 25), square), bottom_centre((10, 10, 30, 90))
    ((100.0, 50.0), True, (20.0, 90.0))
"""

from __future__ import annotations

from collections.abc import Sequence

from storecheck.vision.types import Box

Point = tuple[float, float]
PixelPolygon = list[Point]


def to_pixels(polygon: Sequence[Sequence[float]], width: int, height: int) -> PixelPolygon:
    """A relative 0-1 polygon in pixels of a ``width`` x ``height`` image."""
    return [(float(x) * width, float(y) * height) for x, y in polygon]


def point_in_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    """Ray casting; a point exactly on an edge may fall either way."""
    x, y = point
    inside = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                inside = not inside
    return inside


def in_any(point: Point, polygons: Sequence[Sequence[Point]]) -> bool:
    return any(point_in_polygon(point, polygon) for polygon in polygons)


def centre(box: Box) -> Point:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def bottom_centre(box: Box) -> Point:
    """Where a person (or a mop) stands: the middle of the box's bottom edge."""
    return ((box[0] + box[2]) / 2, float(box[3]))


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def intersection(a: Box, b: Box) -> float:
    return area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def iou(a: Box, b: Box) -> float:
    inter = intersection(a, b)
    union = area(a) + area(b) - inter
    return inter / union if union > 0 else 0.0


def containment(inner: Box, outer: Box) -> float:
    """Share of ``inner``'s area that lies inside ``outer`` (1.0: fully inside)."""
    own = area(inner)
    return intersection(inner, outer) / own if own > 0 else 0.0


def covered_share(box: Box, covers: Sequence[Box], samples: int = 16) -> float:
    """Share of ``box`` inside the union of ``covers``, on a ``samples`` x ``samples`` grid of
    points (overlapping covers are counted once, which summing their intersections would not)."""
    if not covers or area(box) <= 0:
        return 0.0
    xs = [box[0] + (box[2] - box[0]) * (i + 0.5) / samples for i in range(samples)]
    ys = [box[1] + (box[3] - box[1]) * (j + 0.5) / samples for j in range(samples)]
    inside = sum(1 for x in xs for y in ys if any(contains_point(c, (x, y)) for c in covers))
    return inside / (samples * samples)


def upper_part(box: Box, fraction: float) -> Box:
    """The top ``fraction`` of a box (a person's upper body, where badges are worn)."""
    return (box[0], box[1], box[2], box[1] + (box[3] - box[1]) * fraction)


def contains_point(box: Box, point: Point) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def touches_edge(box: Box, width: int, height: int, margin: float) -> bool:
    """Whether a box reaches the frame edge, i.e. the object is probably cut off."""
    return (
        box[0] <= margin
        or box[1] <= margin
        or box[2] >= width - margin
        or box[3] >= height - margin
    )


def as_list(box: Box) -> list[float]:
    """A box as the contract writes it: ``[x1, y1, x2, y2]`` rounded to 0.1 px."""
    return [round(float(v), 1) for v in box]


def as_box(values: Sequence[float]) -> Box:
    """A contract's ``[x1, y1, x2, y2]`` list as a box (the inverse of :func:`as_list`)."""
    x1, y1, x2, y2 = (float(v) for v in values[:4])
    return (x1, y1, x2, y2)


def cluster_boxes(boxes: Sequence[Box], gap: float = 0.5) -> list[Box]:
    """Merge boxes that lie within ``gap`` x their height of each other into blocks (the lines of
    one poster), returning each block's enclosing box."""
    blocks: list[Box] = []
    for box in sorted(boxes, key=lambda b: (b[1], b[0])):
        pad = (box[3] - box[1]) * gap
        grown = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
        for i, block in enumerate(blocks):
            if intersection(grown, block) > 0:
                blocks[i] = (
                    min(block[0], box[0]),
                    min(block[1], box[1]),
                    max(block[2], box[2]),
                    max(block[3], box[3]),
                )
                break
        else:
            blocks.append(box)
    return blocks
