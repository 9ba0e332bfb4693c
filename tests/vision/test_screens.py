"""The screen finder (vision.screens): what it finds on simple drawn scenes, what it leaves alone."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from datasets.render.screens import photograph
from storecheck.vision.models import models_dir
from storecheck.vision.screen_scorer import SCORER_FILE, ScreenScorer, load_scorer
from storecheck.vision.screens import find_devices, screen_stats


def wall() -> np.ndarray:
    return np.full((720, 1280, 3), 205, np.uint8)


def test_a_black_16_9_screen_on_a_device_table_wall_is_the_tv_and_dark() -> None:
    image = wall()
    cv2.rectangle(image, (100, 60), (500, 285), (15, 15, 15), -1)
    [(box, _score, label)] = list(find_devices(image, "device_display"))
    assert label == "tv" and abs(box[0] - 100) <= 2 and abs(box[2] - 501) <= 2
    stats = screen_stats(image, box)
    assert stats.mean < 30 and stats.uniform == 1.0


def test_a_lit_picture_in_a_bezel_is_busy_and_bright() -> None:
    image = wall()
    cv2.rectangle(image, (100, 60), (500, 285), (15, 15, 15), -1)
    image[70:275, 110:490] = photograph(380, 205, np.random.default_rng(1))
    [(box, _score, label)] = list(find_devices(image, "device_display"))
    stats = screen_stats(image, box)
    assert label == "tv" and stats.mean > 100 and stats.uniform < 0.85


def test_nothing_is_looked_for_outside_the_device_zones_and_a_plain_wall_has_nothing() -> None:
    image = wall()
    cv2.rectangle(image, (100, 60), (500, 285), (15, 15, 15), -1)
    assert len(find_devices(image, "hall")) == 0
    assert len(find_devices(wall(), "device_display")) == 0 and len(find_devices(wall(), "self_service")) == 0


def test_a_grey_panel_with_writing_is_not_a_tv() -> None:
    image = wall()
    cv2.rectangle(image, (100, 60), (500, 285), (80, 80, 80), -1)  # as dark as a bezel at most
    cv2.putText(image, "OPENING HOURS", (130, 180), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (230, 230, 230), 2)
    # Its letters may pass for small lit phones (a known weakness of the finder: light strokes in
    # a darker surround look like a lit screen in its rim); the panel is no TV.
    assert "tv" not in [label for _box, _score, label in find_devices(image, "device_display")]


def test_a_scorer_made_for_other_features_is_refused_with_how_to_retrain(tmp_path: Path) -> None:
    spec = json.loads((models_dir() / SCORER_FILE).read_text(encoding="utf-8"))
    spec["features"] = spec["features"][:-1]
    path = tmp_path / "old-screens.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="models.train_screens"):
        ScreenScorer(path)


def test_what_the_finder_finds_carries_the_scorers_confidence() -> None:
    image = wall()
    cv2.rectangle(image, (100, 60), (500, 285), (15, 15, 15), -1)
    [(_box, score, _label)] = list(find_devices(image, "device_display"))
    assert load_scorer().threshold <= score <= 1.0


def test_phones_standing_level_are_one_row_and_a_row_is_only_searched_beside_a_kept_phone() -> None:
    from storecheck.vision.screen_rows import row_phones, rows

    level = [(100.0, 200.0, 140.0, 280.0), (300.0, 204.0, 340.0, 270.0)]
    assert rows([*level, (100.0, 600.0, 140.0, 680.0)]) == [level, [(100.0, 600.0, 140.0, 680.0)]]
    image = np.full((400, 600, 3), 200, np.uint8)
    assert row_phones(image, cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), [], load_scorer()) == []


def test_the_row_search_prefilter_measures_what_the_full_features_do() -> None:
    """The row search drops windows on no outline with ``outline`` before measuring the rest in
    full: it must give the same two values ``features`` does, or the search would keep others."""
    import cv2

    from storecheck.vision.screen_features import FEATURES, features, outline

    rng = np.random.default_rng(5)
    image = rng.integers(0, 255, (240, 320, 3), dtype=np.uint8)
    image[60:180, 100:160] = 20  # a dark phone-like shape with a light rim
    cv2.rectangle(image, (98, 58), (161, 181), (230, 230, 230), 2)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    for box in [(100.0, 60.0, 160.0, 180.0), (0.0, 0.0, 40.0, 90.0), (290.0, 200.0, 320.0, 240.0),
                (97.5, 57.2, 163.1, 183.9)]:
        full = features(image, grey, box, "outlined")
        straight, rim_level = outline(grey, box)
        assert straight == pytest.approx(full[FEATURES.index("border_straight")])
        assert rim_level == pytest.approx(full[FEATURES.index("rim_level")])
