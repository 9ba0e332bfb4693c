"""bench.other_signs: signs and posters of designs we never tuned to, legible where they claim to
be, and the truth ``bench.real_signs --design other`` scores them against."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from bench.ocr_baseline import OcrBaseline
from bench.other_signs import (
    LOOKALIKE_NOTICES,
    LOOKALIKE_TITLE,
    OTHER_SIGN_CASES,
    POSTER_STYLES,
    draw_hanging_board,
    draw_marquee,
    draw_other_poster,
    draw_standing_sign,
    draw_tent_sign,
    proves_star,
)
from bench.real_signs import frame_of, with_other_sign, with_posters
from storecheck.checks.text import normalise

#: (design, its wording, a drawer of it large): every sign design, star and not.
SIGNS: list[tuple[str, str, Callable[[np.random.Generator], np.ndarray]]] = [
    ("tent", "星级服务台", lambda rng: draw_tent_sign("星级服务台", "STAR SERVICE", 600, rng, star=True)),
    ("tent name plate", LOOKALIKE_TITLE, lambda rng: draw_tent_sign("王晓燕", LOOKALIKE_TITLE, 600, rng)),
    ("hanging", "五星级服务专席", lambda rng: draw_hanging_board("五星级服务专席", "STAR SERVICE", 700, rng, star=True)),
    ("hanging", "综合业务受理", lambda rng: draw_hanging_board("综合业务受理", None, 700, rng)),
    ("marquee", "VIP星级专席", lambda rng: draw_marquee("VIP星级专席", 480, rng, start=0.0, visible=9)[0]),
    ("standing vertical", "老年人爱心通道", lambda rng: draw_standing_sign("老年人爱心通道", None, 220, rng, vertical=True)),
    ("standing stacked", "星级客户服务区", lambda rng: draw_standing_sign("星级客户服务区", "竭诚为您服务", 220, rng, vertical=False)),
]


@pytest.mark.parametrize(("design", "wording", "draw"), SIGNS, ids=[f"{d} {w}" for d, w, _ in SIGNS])
def test_each_sign_design_reads_its_wording_when_large(design: str, wording: str,
                                                       draw: Callable[[np.random.Generator], np.ndarray],
                                                       ocr: OcrBaseline, on_grey: Callable[[np.ndarray], np.ndarray]) -> None:
    sprite = draw(np.random.default_rng(5))
    assert sprite.ndim == 3 and sprite.shape[2] == 4
    assert normalise(wording) in normalise("".join(ocr.read(on_grey(sprite))))


@pytest.mark.parametrize("style", POSTER_STYLES)
def test_each_poster_style_is_one_portrait_poster_that_reads_its_headline(style: str, ocr: OcrBaseline, on_grey: Callable[[np.ndarray], np.ndarray]) -> None:
    sprite, lines = draw_other_poster(480, np.random.default_rng(2), style)
    assert sprite.shape[2] == 4 and sprite.shape[0] > sprite.shape[1] and (sprite[..., 3] == 255).all()
    assert (3 <= len(lines) <= 6) if style == "list" else (1 <= len(lines) <= 3)
    assert normalise(lines[0]) in normalise("".join(ocr.read(on_grey(sprite))))


@pytest.fixture
def frame() -> np.ndarray:
    return frame_of(np.full((480, 640, 3), 120, np.uint8))


@pytest.mark.parametrize("case", OTHER_SIGN_CASES)
def test_a_star_wording_in_view_passes_and_anything_else_is_a_violation(case: str, frame: np.ndarray) -> None:
    for seed in range(6):
        drawn, truth, shown = with_other_sign(frame, case, np.random.default_rng(seed))
        if case.startswith("star"):
            # None: a marquee scrolled so that no star wording is wholly in view.
            assert truth == ("pass" if proves_star(shown) else None)
            assert truth == "pass" or case == "star marquee"
        else:
            assert truth == "violation" and not proves_star(shown)
        if case.startswith("lookalike"):
            assert "星级" in shown
        assert bool((drawn != 120).any()) is (case != "none")


def test_a_marquee_scrolled_past_its_wording_proves_nothing() -> None:
    rng = np.random.default_rng(1)
    text = "欢迎光临星级服务台竭诚为您服务"
    _sprite, whole = draw_marquee(text, 480, rng, start=3.9, visible=9)
    _sprite, cut = draw_marquee(text, 480, rng, start=4.5, visible=9)  # 星 half off the left edge
    assert "星级服务台" in whole and proves_star(whole)
    assert cut.startswith("级服务台") and not proves_star(cut)
    truths = {with_other_sign(frame_of(np.full((480, 640, 3), 120, np.uint8)), "star marquee",
                              np.random.default_rng(seed))[1] for seed in range(30)}
    assert truths == {"pass", None}


def test_look_alikes_say_星级_and_prove_no_star_desk() -> None:
    for text in (*LOOKALIKE_NOTICES, LOOKALIKE_TITLE):
        assert "星级" in text and not proves_star(text)


def test_other_posters_are_drawn_apart_and_counted(frame: np.ndarray) -> None:
    drawn, placed = with_posters(frame, 5, np.random.default_rng(2), "other")
    assert placed == 5
    assert (drawn != 120).mean() < 0.5
