"""torso_hsv: the clothing colour the staff checks compare with the uniform colours."""

from __future__ import annotations

import numpy as np
import pytest

from storecheck.vision.appearance import torso_hsv


def _person(shirt_bgr: tuple[int, int, int]) -> np.ndarray:
    """A 200x100 person on a grey wall: skin-coloured head, shirt torso, dark trousers."""
    img = np.full((300, 300, 3), 128, np.uint8)
    img[50:90, 100:200] = (120, 160, 220)   # head
    img[90:160, 100:200] = shirt_bgr        # torso: rows 20-55% of the box are 90-160
    img[160:250, 100:200] = (40, 30, 30)    # trousers
    return img


@pytest.mark.parametrize(
    ("shirt", "hsv"),
    [((255, 0, 0), (120, 255, 255)), ((0, 0, 200), (0, 255, 200)), ((255, 255, 255), (0, 0, 255))],
)
def test_torso_colour_ignores_head_legs_and_wall(shirt: tuple[int, int, int], hsv: tuple[int, int, int]) -> None:
    assert torso_hsv(_person(shirt), [100, 50, 200, 250]) == hsv


def test_red_shirt_hue_does_not_average_to_cyan() -> None:
    img = _person((0, 0, 200))
    img[100:160, 100:150] = (20, 0, 200)  # hue ~177 beside hue 0: both red
    h, s, v = torso_hsv(img, [100, 50, 200, 250])
    assert h <= 5 or h >= 174


@pytest.mark.parametrize("box", [[149, 149, 152, 153], [-50, -50, 2, 2], [295, 295, 400, 400], [10, 10, 10, 10]])
def test_tiny_and_edge_boxes_still_give_a_colour(box: list[float]) -> None:
    hsv = torso_hsv(_person((255, 0, 0)), box)
    assert all(isinstance(v, int) for v in hsv)


def test_box_outside_the_image_is_an_error() -> None:
    with pytest.raises(ValueError, match="outside"):
        torso_hsv(np.zeros((0, 0, 3), np.uint8), [0, 0, 10, 10])
