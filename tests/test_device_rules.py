"""The rules seen rather than read, on rendered pictures through the real engine: staff in one
uniform or not (datasets.uniform_scenes), demo phones, the ITV set and self-service terminals
(datasets.device_scenes)."""

from __future__ import annotations

import numpy as np

from datasets.render.people import UNIFORM_JACKETS
from datasets.uniform_scenes import OTHER_JACKETS, Member, staff_row
from storecheck.contract import AnalysisResult, Finding
from storecheck.engine import Engine

NAVY = UNIFORM_JACKETS[1]
ORANGE, BEIGE = OTHER_JACKETS[1], OTHER_JACKETS[0]


def analyse(engine: Engine, image: np.ndarray, zone: str, store_type: str = "hall_1_3") -> AnalysisResult:
    return engine.run(image, name="rendered", zone=zone, store_type=store_type).result  # type: ignore[arg-type]


def finding(result: AnalysisResult, rule: str) -> Finding:
    [found] = [f for f in result.findings if f.rule == rule]
    return found


def test_three_staff_in_one_uniform_pass(engine: Engine) -> None:
    image, _ = staff_row(np.random.default_rng(3), [Member(NAVY)] * 3)
    found = finding(analyse(engine, image, "counter"), "staff.uniform")
    assert found.status == "pass" and "3 staff members" in found.message, found.message


def test_one_in_a_different_jacket_is_named(engine: Engine) -> None:
    image, staff = staff_row(np.random.default_rng(3), [Member(NAVY), Member(NAVY), Member(ORANGE)])
    found = finding(analyse(engine, image, "counter"), "staff.uniform")
    assert found.status == "violation" and len(found.evidence) == 1, found.message
    assert str(staff[2]["name"]) in found.message and str(staff[0]["name"]) not in found.message


def test_a_pregnant_staff_member_in_other_clothes_does_not_count(engine: Engine) -> None:
    image, _ = staff_row(np.random.default_rng(3), [Member(NAVY), Member(BEIGE, pregnant=True), Member(NAVY)])
    found = finding(analyse(engine, image, "counter"), "staff.uniform")
    assert found.status == "pass" and "孕妈妈 exempt" in found.message, found.message


def test_standing_staff_on_the_hall_floor_are_compared_too(engine: Engine) -> None:
    image, staff = staff_row(np.random.default_rng(4), [Member(NAVY), Member(BEIGE), Member(NAVY)], counter=False)
    result = analyse(engine, image, "hall")
    found = finding(result, "staff.uniform")
    assert found.status == "violation" and len(found.evidence) == 1, found.message
    assert finding(analyse(engine, image, "hall", store_type="community"), "staff.uniform").status == "not_applicable"
