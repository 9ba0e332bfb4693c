"""torso_hsv: the clothing colour the staff checks compare with the uniform colours."""

from __future__ import annotations

import cv2
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


def _jacket_with_shirt_and_badge(box_bottom: int) -> np.ndarray:
    """A navy jacket over a white shirt V with a white badge on the chest, on a light wall."""
    img = np.full((400, 300, 3), 200, np.uint8)
    img[40:80, 120:180] = (120, 160, 220)  # head
    img[90:box_bottom, 80:220] = (90, 45, 20)  # navy jacket
    for row in range(90, 160):  # the shirt's V narrowing down the chest
        half = max(0, (160 - row) // 3)
        img[row, 150 - half:150 + half] = (250, 250, 250)
    img[120:150, 170:210] = (255, 255, 255)  # badge
    return img


@pytest.mark.parametrize("bottom", [240, 380])  # cut at the waist by a counter, or seen whole
def test_clothes_colour_is_the_jacket_not_the_shirt_or_badge(bottom: int) -> None:
    from storecheck.vision.appearance import clothes_lab

    lab = clothes_lab(_jacket_with_shirt_and_badge(bottom), [70, 40, 230, bottom])
    navy = cv2.cvtColor(np.float32([[(90, 45, 20)]]) / 255, cv2.COLOR_BGR2Lab)[0, 0]
    assert np.abs(np.array(lab) - navy).max() < 2
