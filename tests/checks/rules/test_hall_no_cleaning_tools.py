import pytest

from storecheck.checks import load_checks_config

from ..builders import Obj, finding_for, observe

# The hall floor is the left three quarters of the view; a staff door is on the right.
HALL = load_checks_config(
    {"cameras": {"cam1": {"polygons": {"hall_floor": ["0,0.4,0.75,0.4,0.75,1,0,1"]}}}}
)


@pytest.mark.parametrize(
    ("tools", "status", "deduction"),
    [
        ([("mop", 200)], "violation", 2.0),  # on the hall floor
        ([("mop", 1100)], "pass", 0.0),  # behind the staff door polygon: ignored
        ([("bucket", 200), ("broom", 400), ("dustpan", 600)], "violation", 4.0),  # capped
        ([], "pass", 0.0),
    ],
)
def test_cleaning_tools_on_the_hall_floor(
    tools: list[tuple[str, float]], status: str, deduction: float
) -> None:
    scene = observe(*(Obj(label, (x, 450, x + 60, 650)) for label, x in tools))
    found = finding_for("hall.no_cleaning_tools", scene, zone="hall", camera_id="cam1", config=HALL)
    assert (found.status, found.deduction) == (status, deduction)


def test_violation_lists_the_tools_with_evidence() -> None:
    scene = observe(Obj("mop", (200, 450, 260, 650)), Obj("bucket", (1100, 450, 1160, 650)))
    found = finding_for("hall.no_cleaning_tools", scene, zone="hall", camera_id="cam1", config=HALL)
    assert (
        found.message
        == "1 cleaning tool in the customer hall: 1 mop (1 tool outside the hall floor ignored)"
    )
    assert found.evidence == [[200, 450, 260, 650]]


def test_without_polygons_the_whole_frame_is_the_hall() -> None:
    found = finding_for(
        "hall.no_cleaning_tools", observe(Obj("mop", (1100, 450, 1160, 650))), zone="hall"
    )
    assert found.status == "violation"


def test_not_applicable_at_the_counter() -> None:
    assert (
        finding_for(
            "hall.no_cleaning_tools", observe(Obj("mop", (0, 0, 9, 9))), zone="counter"
        ).status
        == "not_applicable"
    )


def test_one_object_split_between_mop_and_broom_counts_as_one_tool() -> None:
    from storecheck.checks.evaluate import CheckContext, evaluate
    from storecheck.vision.types import Detections, Observation

    split = Detections.from_lists([[900, 300, 960, 700], [905, 310, 962, 700]], [0.34, 0.28], ["broom", "mop"])
    result = evaluate(Observation(1280, 720, split), CheckContext(zone="hall"))
    f = next(f for f in result.findings if f.rule == "hall.no_cleaning_tools")
    assert f.status == "violation"  # 1 - 0.66 * 0.72 = 0.52 >= 0.4
    assert len(f.evidence) == 1


def test_a_weak_tool_goes_to_review_instead_of_passing() -> None:
    """A tool scored under its threshold is neither a deduction nor a silent pass."""
    weak = observe(Obj("mop", (200, 450, 260, 650), score=0.3))
    found = finding_for("hall.no_cleaning_tools", weak, zone="hall", camera_id="cam1", config=HALL)
    assert (found.status, found.deduction) == ("indeterminate", 0.0)
    assert found.evidence == [[200, 450, 260, 650]]
    assert "mop 0.30" in found.message and "for review" in found.message
    behind_door = observe(Obj("mop", (1100, 450, 1160, 650), score=0.3))
    assert finding_for("hall.no_cleaning_tools", behind_door, zone="hall", camera_id="cam1", config=HALL).status == "pass"
    off = load_checks_config({"thresholds": {"cleaning_tool_review": 1.0}})
    assert finding_for("hall.no_cleaning_tools", weak, zone="hall", config=off).status == "pass"
    fainter = observe(Obj("mop", (200, 450, 260, 650), score=0.2))
    assert finding_for("hall.no_cleaning_tools", fainter, zone="hall").status == "pass"


def test_a_frame_sized_mop_over_a_cafe_table_is_not_a_cleaning_tool() -> None:
    """The shape of the detector's false tools on real photographs: a "mop" three quarters of the
    frame tall and a third of it wide. No camera sees a mop that size; the hall passes and the
    message says what was set aside."""
    scene = observe(Obj("mop", (350, 80, 750, 700), score=0.8))
    found = finding_for("hall.no_cleaning_tools", scene, zone="hall")
    assert found.status == "pass"
    assert found.message == "no cleaning tools in the hall (1 tool-like object too large for a cleaning tool ignored)"


def test_a_large_weak_tool_is_not_sent_to_review_either() -> None:
    scene = observe(Obj("bucket", (0, 200, 600, 700), score=0.3))  # a green litter bin filling the view
    assert finding_for("hall.no_cleaning_tools", scene, zone="hall").status == "pass"


def test_a_real_sized_tool_beside_a_frame_sized_one_is_still_a_violation() -> None:
    scene = observe(Obj("mop", (100, 300, 160, 650), score=0.8), Obj("broom", (400, 60, 900, 700), score=0.9))
    found = finding_for("hall.no_cleaning_tools", scene, zone="hall")
    assert (found.status, found.evidence) == ("violation", [[100, 300, 160, 650]])
    assert found.message.endswith("(1 tool-like object too large for a cleaning tool ignored)")


def test_the_size_limits_can_be_turned_off() -> None:
    config = load_checks_config({"thresholds": {"cleaning_tool_max_area": 1, "cleaning_tool_max_width": 1}})
    scene = observe(Obj("mop", (350, 80, 750, 700), score=0.8))
    assert finding_for("hall.no_cleaning_tools", scene, zone="hall", config=config).status == "violation"
