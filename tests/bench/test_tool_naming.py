"""bench.tool_naming's AP: what a reader of its table takes each number to mean."""

from __future__ import annotations

import math

import pytest

from bench.tool_naming import average_precision, group_boxes

MOP = (100.0, 100.0, 140.0, 400.0)
BROOM = (500.0, 120.0, 560.0, 420.0)


def test_every_tool_found_first_scores_one() -> None:
    assert average_precision([([MOP, BROOM], [(0.9, MOP), (0.8, BROOM), (0.1, (0.0, 0.0, 9.0, 9.0))])]) == 1.0


def test_a_missed_tool_halves_it_and_a_confident_false_box_costs_more() -> None:
    assert average_precision([([MOP, BROOM], [(0.9, MOP)])]) == pytest.approx(51 / 101)
    assert average_precision([([MOP], [(0.9, BROOM), (0.5, MOP)])]) == pytest.approx(0.5)


def test_a_second_box_on_one_tool_is_a_false_positive() -> None:
    assert average_precision([([MOP], [(0.9, MOP), (0.8, MOP)])]) == 1.0  # after full recall: no cost
    assert average_precision([([MOP, BROOM], [(0.9, MOP), (0.8, MOP), (0.7, BROOM)])]) < 1.0


def test_no_truth_is_nan() -> None:
    assert math.isnan(average_precision([([], [(0.9, MOP)])]))


def test_a_mop_named_broom_counts_only_when_the_two_are_scored_as_one() -> None:
    truth = [("mop", MOP)]
    found = [("broom", 0.8, MOP)]
    assert average_precision([group_boxes(("mop",), truth, found)]) == 0.0
    assert average_precision([group_boxes(("mop", "broom"), truth, found)]) == 1.0
