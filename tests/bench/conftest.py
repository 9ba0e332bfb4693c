"""Shared by the tests of the benches that draw other hands' designs: real OCR, and a sprite
on a page as a camera sees it."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from bench.ocr_baseline import OcrBaseline


@pytest.fixture(scope="session")
def ocr() -> OcrBaseline:
    return OcrBaseline()


def _on_grey(sprite: np.ndarray) -> np.ndarray:
    """A BGRA sprite on a grey page with a margin, as OCR would see a photographed card or sign."""
    h, w = sprite.shape[:2]
    page = np.full((h + 80, w + 80, 3), 128, np.uint8)
    alpha = sprite[..., 3:4] / 255.0
    page[40:40 + h, 40:40 + w] = (sprite[..., :3] * alpha + page[40:40 + h, 40:40 + w] * (1 - alpha)).astype(np.uint8)
    return page


@pytest.fixture
def on_grey() -> Callable[[np.ndarray], np.ndarray]:
    return _on_grey
