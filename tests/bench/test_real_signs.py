"""bench.real_signs: the truth of each drawn sign, and posters that never overlap."""

from __future__ import annotations

import numpy as np
import pytest

from bench.real_signs import FRAME_PX, SIGN_CASES, frame_of, with_posters, with_sign


@pytest.fixture
def frame() -> np.ndarray:
    return frame_of(np.full((480, 640, 3), 120, np.uint8))


def test_a_photograph_becomes_a_camera_wide_frame(frame: np.ndarray) -> None:
    assert frame.shape == (1440, FRAME_PX, 3)


@pytest.mark.parametrize("case", SIGN_CASES)
def test_only_a_star_sign_in_view_passes(case: str, frame: np.ndarray) -> None:
    drawn, truth = with_sign(frame, case, np.random.default_rng(4))
    if case.startswith("star"):
        assert truth in ("pass", None)  # None: a marquee scrolled past its keyword
    else:
        assert truth == "violation"
    assert bool((drawn != 120).any()) is (case != "none")


def test_posters_are_drawn_apart_and_counted(frame: np.ndarray) -> None:
    drawn, placed = with_posters(frame, 5, np.random.default_rng(2))
    assert placed == 5
    assert (drawn != 120).mean() < 0.5
    assert with_posters(frame, 0, np.random.default_rng(2))[1] == 0


@pytest.mark.parametrize("seed", range(6))
def test_a_sign_is_drawn_wholly_inside_the_frame(seed: int, frame: np.ndarray) -> None:
    drawn, _truth = with_sign(frame, "star desk_sign", np.random.default_rng(seed))
    changed = np.argwhere((drawn != 120).any(axis=2))
    (_top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0)
    assert left > 0 and right < frame.shape[1] - 1 and bottom < frame.shape[0] - 1
