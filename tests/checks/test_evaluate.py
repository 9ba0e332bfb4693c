"""evaluate(): one finding per rule id, always, and a score that only violations lower."""

import pytest

from storecheck.checks import RULES_VERSION, CheckContext, evaluate, load_checks_config
from storecheck.contract import RULE_IDS, AnalysisResult

from .builders import NAVY, Obj, badge_on, observe, person

APPLICABLE = {
    "hall": {
        "badge.worn",
        "badge.fields",
        "badge.pregnant",
        "badge.intern",
        "hall.no_cleaning_tools",
    },
    "counter": {"badge.worn", "badge.fields", "badge.pregnant", "badge.intern"},
    "star_desk": {"badge.worn", "badge.fields", "badge.pregnant", "badge.intern", "star_desk.sign"},
    "window": {"window.posters"},
}


@pytest.mark.parametrize("zone", sorted(APPLICABLE))
@pytest.mark.parametrize("store_type", ["hall_1_3", "community", "broadband_center"])
def test_all_rule_ids_always_present_in_contract_order(zone: str, store_type: str) -> None:
    result = evaluate(observe(), CheckContext(zone=zone, store_type=store_type))  # type: ignore[arg-type]
    assert tuple(f.rule for f in result.findings) == RULE_IDS
    applicable = {f.rule for f in result.findings if f.status != "not_applicable"}
    uniform = {"staff.uniform"} if zone in ("hall", "counter", "star_desk") and store_type != "community" else set()
    assert applicable == APPLICABLE[zone] | uniform


@pytest.mark.parametrize(
    ("zone", "store_type", "applicable"),
    [
        ("device_display", "hall_1_3", {"price_tags.fields", "demo_phones.powered", "itv.playing"}),
        ("device_display", "hall_4_5", {"price_tags.fields", "demo_phones.powered"}),  # ITV: 1-3级厅 only
        ("self_service", "hall_4_5", {"terminals.paused_notice"}),
        ("self_service", "franchise", {"terminals.paused_notice"}),
        ("self_service", "hall_1_3", set()),  # the terminals' bonus is a 4-5级厅 and 专营店 one
    ],
)
def test_the_device_rules_apply_in_their_zones_and_store_types(zone: str, store_type: str, applicable: set[str]) -> None:
    result = evaluate(observe(), CheckContext(zone=zone, store_type=store_type))  # type: ignore[arg-type]
    assert {f.rule for f in result.findings if f.status != "not_applicable"} == applicable


def test_empty_snapshot_scores_full_marks() -> None:
    result = evaluate(observe(), CheckContext())
    assert result.zone == "hall" and result.score == 100.0 and result.rules_version == RULES_VERSION
    assert result.staff == [] and result.signs == [] and result.posters.count == 0


def test_score_sums_violations_only() -> None:
    staff_member = person(100, torso=NAVY)
    unsure = person(500, h=60, torso=NAVY)  # too small: indeterminate, no deduction
    scene = observe(
        staff_member,
        unsure,
        Obj("mop", (900, 450, 960, 650)),
        Obj("desk_sign", (700, 300, 800, 340), texts=["业务受理"]),
    )
    result = evaluate(scene, CheckContext(zone="hall"))
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["badge.worn"].deduction == 2.0
    assert by_rule["hall.no_cleaning_tools"].deduction == 2.0
    assert result.score == 96.0
    assert [s.status for s in result.staff] == ["no_badge", "indeterminate"]
    assert result.signs[0].model_dump() == {
        "kind": "desk_sign",
        "box": [700, 300, 800, 340],
        "text": "业务受理",
        "star": False,
    }


@pytest.mark.parametrize(
    ("config", "store_type", "status", "deduction"),
    [
        ({}, "hall_1_3", "violation", 2.0),
        (
            {"rules": {"hall.no_cleaning_tools": {"deduction": 5, "cap": 5}}},
            "hall_1_3",
            "violation",
            5.0,
        ),
        (
            {"rules": {"hall.no_cleaning_tools": {"enabled": False}}},
            "hall_1_3",
            "not_applicable",
            0.0,
        ),
        # the store type's profile is more specific than the global rules section
        (
            {
                "rules": {"hall.no_cleaning_tools": {"deduction": 5, "cap": 5}},
                "store_types": {
                    "franchise": {"rules": {"hall.no_cleaning_tools": {"deduction": 1}}}
                },
            },
            "franchise",
            "violation",
            1.0,
        ),
    ],
)
def test_rule_overrides(config: dict, store_type: str, status: str, deduction: float) -> None:
    context = CheckContext(zone="hall", store_type=store_type, config=load_checks_config(config))  # type: ignore[arg-type]
    result = evaluate(observe(Obj("mop", (200, 450, 260, 650))), context)
    found = next(f for f in result.findings if f.rule == "hall.no_cleaning_tools")
    assert (found.status, found.deduction, result.score) == (status, deduction, 100 - deduction)


def test_zone_comes_from_context_then_camera_then_hall() -> None:
    config = load_checks_config({"cameras": {"w": {"zone": "window"}}})
    assert evaluate(observe(), CheckContext(camera_id="w", config=config)).zone == "window"
    assert (
        evaluate(observe(), CheckContext(zone="counter", camera_id="w", config=config)).zone
        == "counter"
    )
    assert evaluate(observe(), CheckContext(camera_id="other", config=config)).zone == "hall"


def test_evaluation_fits_the_contract() -> None:
    someone = person(100, torso=NAVY)
    scene = observe(someone, badge_on(someone, ["实习生 李娜 工号 20231234"]))
    result = evaluate(scene, CheckContext(zone="counter"))
    analysis = AnalysisResult(
        image="counter.jpg",
        width=1280,
        height=720,
        zone=result.zone,
        store_type="hall_1_3",
        objects=scene.detections.to_objects(),  # type: ignore[arg-type]
        texts=[line.to_dict() for line in scene.texts()],  # type: ignore[misc]
        staff=result.staff,
        signs=result.signs,
        posters=result.posters,
        findings=result.findings,
        score=result.score,
        models={"detector": "d", "ocr": "o", "rules": result.rules_version},  # type: ignore[arg-type]
    )
    staff = analysis.model_dump()["staff"][0]
    assert staff["badge"]["name"] == "李娜" and staff["badge"]["intern"] is True
