"""bench.real_people's scoring: what a person AP50 and a recall at the engine's threshold mean."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.real_people import (
    REAL,
    average_precision,
    labelled_photos,
    match,
    summarise,
    yolo_photos,
)

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


def test_recall_at_the_other_thresholds_counts_the_boxes_above_each() -> None:
    figures = summarise(np.array([0.9, 0.3, 0.22]), np.array([True, True, False]), 4, [0])
    assert (figures["recall@0.2"], figures["precision@0.2"]) == (0.5, 0.667)
    assert (figures["recall@0.3"], figures["recall@0.5"]) == (0.5, 0.25)


def test_a_development_folder_in_yolo_layout_is_read_as_a_set_of_its_own(tmp_path: Path) -> None:
    import cv2

    folder = tmp_path / "cctv-valid"
    (folder / "images").mkdir(parents=True)
    (folder / "labels").mkdir()
    cv2.imwrite(str(folder / "images" / "a.jpg"), np.zeros((100, 200, 3), np.uint8))
    cv2.imwrite(str(folder / "images" / "b.jpg"), np.zeros((100, 200, 3), np.uint8))
    # Person (class 0) centred at (100, 50), 40 x 20 px; another class is not a person.
    (folder / "labels" / "a.txt").write_text("0 0.5 0.5 0.2 0.2\n3 0.1 0.1 0.1 0.1\n")
    photos = yolo_photos(folder)
    assert [(p.set, p.path.name, len(p.persons)) for p in photos] == [("cctv-valid", "a.jpg", 1), ("cctv-valid", "b.jpg", 0)]
    np.testing.assert_allclose(photos[0].persons[0], [80, 40, 120, 60])


@pytest.mark.skipif(not (REAL / "labels.jsonl").is_file(), reason="../shared/real (the real-photo evaluation set) is absent")
def test_the_real_set_is_read_whole() -> None:
    photos = labelled_photos(REAL)
    by_set = {name: [p for p in photos if p.set == name] for name in ("coco", "cafe")}
    assert (len(by_set["coco"]), len(by_set["cafe"])) == (128, 31)
    assert sum(len(p.persons) for p in photos) == 740
    assert all(Path(p.path).is_file() for p in photos)
