"""bench.other_badges: badges of designs we never trained on, legible where they claim to be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from bench.ocr_baseline import OcrBaseline
from bench.other_badges import LAYOUTS, draw_other_badge, draw_other_pregnant_card, other_spec
from bench.real_badges import CASES, make_case
from storecheck.checks.badges import parse_badge


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_reads_as_what_it_says_when_large(layout: str, ocr: OcrBaseline, on_grey: Callable[[np.ndarray], np.ndarray]) -> None:
    rng = np.random.default_rng(7)
    spec = replace(other_spec(rng, complete=True, intern=False), layout=layout, title="服务代表",
                   employee_id=None if layout == "bar" else "20240518")
    parsed = parse_badge(ocr.read(on_grey(draw_other_badge(spec, 480, rng))))
    assert parsed.name == spec.name and parsed.title == "服务代表"
    assert parsed.employee_id == spec.employee_id


def test_the_pregnancy_card_reads_孕妈妈(ocr: OcrBaseline, on_grey: Callable[[np.ndarray], np.ndarray]) -> None:
    rng = np.random.default_rng(3)
    assert all(parse_badge(ocr.read(on_grey(draw_other_pregnant_card(240, rng)))).pregnant for _ in range(3))


@pytest.mark.parametrize("kind", CASES)
def test_other_design_cases_keep_the_truth_of_ours(kind: str) -> None:
    case = make_case(kind, np.random.default_rng(11), "other")
    ours = make_case(kind, np.random.default_rng(11))
    assert case.truth == ours.truth and case.pregnant_card is ours.pregnant_card
    entry = case.roster.lookup(case.spec.employee_id, case.spec.name)
    assert entry is not None and entry.name == case.spec.name
    assert (case.spec.title is None and case.spec.employee_id is None) is (kind == "name_only")
    assert case.spec.intern is (kind == "intern_marked")
