"""One box a screen from the screen detector and the screen finder (vision.screen_fusion)."""

from __future__ import annotations

from storecheck.vision.screen_fusion import fuse, kinds_missing
from storecheck.vision.types import SOURCE, Detections


def labels_and_sources(screens: Detections) -> list[tuple[str, str | None]]:
    return [(label, screens.get(i, SOURCE)) for i, (_, _, label) in enumerate(screens)]


def test_the_detected_tv_replaces_the_finders_framed_poster() -> None:
    # The finder took a framed one-colour poster for a TV showing a blank screen; the detector
    # found the set elsewhere: the rule must judge the set, not the poster.
    detected = Detections.from_lists([[1300, 100, 1880, 420]], [0.8], ["tv"])
    found = Detections.from_lists([[200, 60, 330, 140]], [0.7], ["tv"], source=["screens"])
    screens = fuse(detected, found, "device_display")
    assert labels_and_sources(screens) == [("tv", "screen_detector")]
    assert screens.xyxy[0].tolist() == [1300, 100, 1880, 420]


def test_the_finders_tv_stands_when_the_detector_found_none() -> None:
    found = Detections.from_lists([[200, 60, 520, 240]], [0.7], ["tv"], source=["screens"])
    assert labels_and_sources(fuse(Detections.empty(), found, "device_display")) == [("tv", "screens")]


def test_a_phone_both_found_is_counted_once_and_the_finders_others_are_left_beside_detected_phones() -> None:
    # Beside phones the detector found, the finder's extra "phone" is a bright gap between two.
    detected = Detections.from_lists([[100, 500, 140, 580]], [0.9], ["phone"])
    found = Detections.from_lists([[102, 504, 138, 570], [300, 500, 340, 580]], [0.8, 0.6], ["phone", "phone"],
                                  source=["screens", "screens"])
    assert labels_and_sources(fuse(detected, found, "device_display")) == [("phone", "screen_detector")]


def test_the_finder_stands_in_for_a_kind_the_detector_found_none_of() -> None:
    detected = Detections.from_lists([[0, 0, 640, 360]], [0.9], ["tv"])
    found = Detections.from_lists([[702, 504, 738, 570], [800, 500, 840, 580], [300, 100, 340, 180]],
                                  [0.8, 0.6, 0.7], ["phone", "phone", "phone"], source=["screens"] * 3)
    # the two phones on the table count; the "phone" inside the TV's picture does not
    assert labels_and_sources(fuse(detected, found, "device_display")) == [
        ("phone", "screens"), ("phone", "screens"), ("tv", "screen_detector")]


def test_one_itv_set_the_best_scored_and_no_phone_inside_its_picture() -> None:
    detected = Detections.from_lists([[0, 0, 640, 360], [700, 0, 900, 112], [300, 100, 360, 200]],
                                     [0.6, 0.9, 0.8], ["tv", "tv", "phone"])
    screens = fuse(detected, Detections.empty(), "device_display")
    assert [label for _, _, label in screens] == ["phone", "tv"]
    assert screens.xyxy[1].tolist() == [700, 0, 900, 112]


def test_only_what_the_zone_judges_is_kept() -> None:
    detected = Detections.from_lists([[0, 0, 100, 200], [300, 0, 340, 80]], [0.9, 0.9], ["terminal", "phone"])
    assert [label for _, _, label in fuse(detected, Detections.empty(), "self_service")] == ["terminal"]
    assert [label for _, _, label in fuse(detected, Detections.empty(), "device_display")] == ["phone"]
    assert len(fuse(detected, Detections.empty(), "hall")) == 0


def test_the_finder_is_needed_only_for_kinds_the_detector_found_none_of() -> None:
    table = Detections.from_lists([[0, 0, 640, 360], [700, 500, 740, 580]], [0.9, 0.9], ["tv", "phone"])
    assert kinds_missing(table, "device_display") == set()
    assert kinds_missing(table[[1]], "device_display") == {"tv"}
    assert kinds_missing(Detections.empty(), "self_service") == {"terminal"}


def test_screens_are_listed_left_to_right_the_itv_set_last() -> None:
    detected = Detections.from_lists([[900, 500, 940, 580], [0, 0, 640, 360], [700, 500, 740, 580]], [0.95, 0.9, 0.8],
                                     ["phone", "tv", "phone"])
    screens = fuse(detected, Detections.empty(), "device_display")
    assert [(label, box[0]) for box, _, label in screens] == [("phone", 700.0), ("phone", 900.0), ("tv", 0.0)]
