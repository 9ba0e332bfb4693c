import pytest

from storecheck.checks import geometry

SQUARE = geometry.to_pixels([(0.25, 0.25), (0.75, 0.25), (0.75, 0.75), (0.25, 0.75)], 400, 200)


@pytest.mark.parametrize(
    ("point", "inside"),
    [((200, 100), True), ((50, 100), False), ((200, 20), False), ((299, 149), True)],
)
def test_point_in_relative_polygon(point: tuple[float, float], inside: bool) -> None:
    assert SQUARE == [(100, 50), (300, 50), (300, 150), (100, 150)]
    assert geometry.point_in_polygon(point, SQUARE) is inside


@pytest.mark.parametrize(
    ("a", "b", "iou", "contained"),
    [
        ((0, 0, 10, 10), (0, 0, 10, 10), 1.0, 1.0),
        ((0, 0, 10, 10), (5, 0, 15, 10), 1 / 3, 0.5),
        ((0, 0, 10, 10), (20, 20, 30, 30), 0.0, 0.0),
        ((2, 2, 4, 4), (0, 0, 10, 10), 0.04, 1.0),
    ],
)
def test_iou_and_containment(a, b, iou, contained) -> None:  # type: ignore[no-untyped-def]
    assert geometry.iou(a, b) == pytest.approx(iou)
    assert geometry.containment(a, b) == pytest.approx(contained)


def test_a_person_stands_where_their_feet_are() -> None:
    assert geometry.bottom_centre((100, 50, 200, 450)) == (150, 450)
    assert geometry.upper_part((0, 100, 10, 300), 0.65) == (0, 100, 10, 230)


@pytest.mark.parametrize(
    ("box", "cut"),
    [((0, 100, 50, 300), True), ((10, 10, 50, 300), False), ((10, 10, 50, 720), True)],
)
def test_touches_edge(box, cut) -> None:  # type: ignore[no-untyped-def]
    assert geometry.touches_edge(box, 1280, 720, margin=2) is cut


def test_covered_share_counts_overlapping_covers_once() -> None:
    from storecheck.checks.geometry import covered_share

    box = (0.0, 0.0, 100.0, 100.0)
    left, also_left = (0.0, 0.0, 50.0, 100.0), (0.0, 0.0, 50.0, 100.0)
    assert covered_share(box, [left, also_left]) == 0.5
    assert covered_share(box, [left, (50.0, 0.0, 100.0, 50.0)]) == 0.75
    assert covered_share(box, []) == 0.0
    assert covered_share(box, [(-10.0, -10.0, 200.0, 200.0)]) == 1.0
