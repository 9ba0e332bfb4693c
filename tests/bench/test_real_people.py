"""bench.real_people's scoring: what a person AP50 and a recall at the engine's threshold mean."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.real_people import REAL, average_precision, labelled_photos, match, summarise

TRUTH = np.array([[0, 0, 10, 20], [100, 100, 110, 120]], np.float32)


def test_every_person_found_first_is_a_perfect_ap() -> None:
    found = np.array([[1, 0, 10, 20], [100, 101, 110, 120], [300, 300, 310, 320]], np.float32)
    scores = np.array([0.9, 0.8, 0.1], np.float32)
    hits = match(found, scores, TRUTH)
    assert hits.tolist() == [True, True, False]
    assert average_precision(scores, hits, len(TRUTH)) == pytest.approx(1.0)


def test_a_person_boxed_twice_counts_once_and_the_second_box_is_false() -> None:
    found = np.array([[0, 0, 10, 20], [0, 1, 10, 20]], np.float32)
    scores = np.array([0.7, 0.9], np.float32)
    assert match(found, scores, TRUTH).tolist() == [False, True]


@pytest.mark.parametrize(("scores", "hits", "ap"), [
    ([0.9, 0.8], [False, True], 0.25),  # a false box above the one person found: precision 1/2 at recall 1/2
    ([0.9, 0.8], [True, False], 0.5),   # half the people, found first
    ([], [], 0.0),                       # nothing found
])
def test_ap_is_the_area_under_the_precision_recall_curve(scores: list[float], hits: list[bool], ap: float) -> None:
    assert average_precision(np.array(scores), np.array(hits, bool), 2) == pytest.approx(ap)


def test_recall_counts_only_boxes_the_engine_keeps() -> None:
    scores, hits = np.array([0.9, 0.3]), np.array([True, True])
    figures = summarise(scores, hits, 2, [0, 2, 1])
    assert figures["recall@0.4"] == 0.5 and figures["precision@0.4"] == 1.0
    assert (figures["false_tools"], figures["photos_with_a_false_tool"], figures["photos"]) == (3, 2, 3)


@pytest.mark.skipif(not (REAL / "labels.jsonl").is_file(), reason="../shared/real (the real-photo evaluation set) is absent")
def test_the_real_set_is_read_whole() -> None:
    photos = labelled_photos(REAL)
    by_set = {name: [p for p in photos if p.set == name] for name in ("coco", "cafe")}
    assert (len(by_set["coco"]), len(by_set["cafe"])) == (128, 31)
    assert sum(len(p.persons) for p in photos) == 740
    assert all(Path(p.path).is_file() for p in photos)
