"""bench.tool_errors sorts each labelled tool by what the detector made of it: the counts a
retrainer reads to know whether tools are missed, misnamed or boxed loosely."""

from __future__ import annotations

from bench.tool_errors import false_tool_ground, judge, size_band
from storecheck.vision.types import Detections

MOP = (100.0, 100.0, 140.0, 400.0)
THRESHOLD = {"mop": 0.4, "broom": 0.4, "bucket": 0.45, "dustpan": 0.45}


def _judge(*found: tuple[tuple[float, float, float, float], float, str]) -> str:
    detections = Detections.from_lists([f[0] for f in found], [f[1] for f in found], [f[2] for f in found])
    return judge("mop", MOP, detections, THRESHOLD, review=0.25)


def test_a_tool_boxed_and_named_above_its_threshold_is_found() -> None:
    assert _judge((MOP, 0.7, "mop")) == "found"


def test_a_tool_scored_in_the_review_band_is_weak_not_missed() -> None:
    assert _judge((MOP, 0.3, "mop")) == "weak"
    assert _judge((MOP, 0.1, "mop")) == "missed"


def test_a_mop_taken_for_a_broom_is_named_as_such() -> None:
    assert _judge((MOP, 0.6, "broom"), (MOP, 0.2, "mop")) == "called broom"


def test_a_box_on_half_the_handle_is_loose() -> None:
    lower_half = (100.0, 250.0, 140.0, 400.0)  # IoU 0.5: the match limit, still found
    assert _judge((lower_half, 0.8, "mop")) == "found"
    assert _judge(((100.0, 260.0, 140.0, 400.0), 0.8, "mop")) == "loose box"


def test_false_tools_say_what_they_lie_on() -> None:
    truth = [("mop", MOP), ("person", (300.0, 50.0, 420.0, 500.0))]
    assert false_tool_ground(MOP, "mop", truth) is None
    assert false_tool_ground(MOP, "broom", truth) == "another tool"
    assert false_tool_ground((300.0, 60.0, 420.0, 480.0), "broom", truth) == "person"
    assert false_tool_ground((900.0, 900.0, 950.0, 1000.0), "bucket", truth) == "nothing labelled"


def test_size_bands_share_of_frame_height() -> None:
    assert size_band((0, 0, 10, 50), 1080) == "under 6%"
    assert size_band((0, 0, 10, 300), 1080) == "25% and up"
