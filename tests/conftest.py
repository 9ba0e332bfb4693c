"""Shared fixtures: one real engine (shipped detector + PP-OCR) for the whole session."""

from __future__ import annotations

import pytest

from storecheck.engine import Engine


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real engine with the shipped model; loading it once keeps the suite fast."""
    return Engine()
