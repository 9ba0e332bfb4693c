"""Evidence crops: each box on its own, with context around it, in a shape a reviewer can read."""

from __future__ import annotations

import pytest

from storecheck.api.imaging import crop_window

W, H = 1920, 1080


def _contains(window: tuple[int, int, int, int], box: list[float]) -> bool:
    left, top, right, bottom = window
    return left <= box[0] and top <= box[1] and right >= box[2] and bottom >= box[3]


@pytest.mark.parametrize(
    ("box", "expected"),
    [
        # A 60x40 badge: a quarter of its size each side is too little to judge; at least 96 px.
        ([900.0, 500.0, 960.0, 540.0], (882, 472, 978, 568)),
        # An 80x400 mop: 120x600 with its quarter each side, widened to 1:2 (not a 1:5 sliver),
        # and shifted right at the frame's edge rather than cut.
        ([100.0, 500.0, 180.0, 900.0], (0, 400, 300, 1000)),
        # A wide row of text 1800x40: made 2:1, clamped to the frame.
        ([60.0, 1000.0, 1860.0, 1040.0], (0, 0, 1920, 1080)),
        # Evidence as big as the frame: the frame.
        ([0.0, 0.0, 1920.0, 1080.0], (0, 0, 1920, 1080)),
    ],
)
def test_a_crop_pads_its_box_to_a_readable_shape_inside_the_frame(
    box: list[float], expected: tuple[int, int, int, int]
) -> None:
    assert crop_window(box, W, H) == expected


@pytest.mark.parametrize(
    "box",
    [[0.0, 0.0, 30.0, 20.0], [1890.0, 1060.0, 1920.0, 1080.0], [500.0, 10.0, 1500.0, 60.0], [10.0, 10.0, 40.0, 1000.0]],
)
def test_every_crop_holds_its_box_inside_the_frame_between_1_2_and_2_1(box: list[float]) -> None:
    window = crop_window(box, W, H)
    left, top, right, bottom = window
    assert 0 <= left < right <= W and 0 <= top < bottom <= H
    assert _contains(window, box)
    assert 0.5 <= (right - left) / (bottom - top) <= 2.0


def test_two_badges_far_apart_make_two_crops_neither_the_width_of_the_frame() -> None:
    left_badge, right_badge = [100.0, 100.0, 160.0, 140.0], [1700.0, 120.0, 1760.0, 160.0]
    windows = [crop_window(b, W, H) for b in (left_badge, right_badge)]
    assert _contains(windows[0], left_badge) and not _contains(windows[0], right_badge)
    assert _contains(windows[1], right_badge) and not _contains(windows[1], left_badge)
    assert all(right - left < W / 4 for left, _, right, _ in windows)
