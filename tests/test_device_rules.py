"""The rules seen rather than read, on rendered pictures through the real engine: staff in one
uniform or not (datasets.uniform_scenes), demo phones, the ITV set and self-service terminals
(datasets.device_scenes)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from datasets.device_zones import demo_table, terminal_row
from datasets.render.people import UNIFORM_JACKETS
from datasets.uniform_scenes import OTHER_JACKETS, Member, staff_row
from storecheck.checks import CheckContext, evaluate
from storecheck.checks.config import ChecksConfig
from storecheck.checks.rules.staff_uniform import difference
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



def test_one_staff_member_alone_gives_the_uniform_seen_for_the_store_view(engine: Engine) -> None:
    image, _ = staff_row(np.random.default_rng(3), [Member(NAVY)])
    result = analyse(engine, image, "counter")
    assert finding(result, "staff.uniform").status == "indeterminate"
    assert result.uniform is not None and result.uniform.staff == 1
    [[jacket]] = cv2.cvtColor(np.array([[NAVY]], np.float32) / 255.0, cv2.COLOR_BGR2Lab).tolist()
    seen = (result.uniform.lab[0], result.uniform.lab[1], result.uniform.lab[2])
    assert difference(seen, (jacket[0], jacket[1], jacket[2])) < 14, (seen, jacket)
    assert analyse(engine, image, "counter", store_type="community").uniform is None


FOUR_LIT_TWO_DARK = [True, True, False, True, False, True]


def test_five_lit_demo_phones_pass_in_a_tier_1_market(engine: Engine) -> None:
    image, _ = demo_table(np.random.default_rng(7), [True] * 5)
    result = analyse(engine, image, "device_display")
    found = finding(result, "demo_phones.powered")
    assert found.status == "pass", found.message
    assert [(d.kind, d.powered) for d in result.devices] == [("phone", True)] * 5


def test_four_lit_and_two_dark_phones_are_4_of_5_and_enough_in_a_tier_3_market(engine: Engine) -> None:
    image, _ = demo_table(np.random.default_rng(7), FOUR_LIT_TWO_DARK)
    analysis = engine.run(image, name="rendered", zone="device_display")
    found = finding(analysis.result, "demo_phones.powered")  # type: ignore[arg-type]
    assert found.status == "violation" and "4 of 5" in found.message and len(found.evidence) == 2, found.message
    tier_3 = evaluate(analysis.observation, CheckContext(zone="device_display", config=ChecksConfig(market_tier=3)))
    [found] = [f for f in tier_3.findings if f.rule == "demo_phones.powered"]
    assert found.status == "pass", found.message


@pytest.mark.parametrize(("state", "message", "why"), [("off", None, "dark"), ("no_signal", "无信号", "无信号")])
def test_a_dark_or_no_signal_itv_set_is_a_violation(engine: Engine, state: str, message: str | None, why: str) -> None:
    image, _ = demo_table(np.random.default_rng(7), [True] * 3, tv=state, tv_message=message)
    found = finding(analyse(engine, image, "device_display"), "itv.playing")
    assert found.status == "violation" and why in found.message, found.message


def test_an_itv_set_showing_a_picture_passes_and_a_4_5_hall_is_not_asked(engine: Engine) -> None:
    image, _ = demo_table(np.random.default_rng(7), [True] * 3, tv="playing")
    result = analyse(engine, image, "device_display")
    assert finding(result, "itv.playing").status == "pass", finding(result, "itv.playing").message
    assert [d.powered for d in result.devices if d.kind == "tv"] == [True]
    assert finding(analyse(engine, image, "device_display", "hall_4_5"), "itv.playing").status == "not_applicable"


def test_a_dark_terminal_without_a_notice_misses_the_bonus_and_with_one_earns_it(engine: Engine) -> None:
    bare, _ = terminal_row(np.random.default_rng(7), [("working", False), ("dark", False), ("working", False)])
    found = finding(analyse(engine, bare, "self_service", "hall_4_5"), "terminals.paused_notice")
    assert (found.status, found.deduction, found.bonus) == ("violation", 0.0, None), found.message
    marked, _ = terminal_row(np.random.default_rng(7), [("working", False), ("dark", True), ("working", False)])
    result = analyse(engine, marked, "self_service", "hall_4_5")
    found = finding(result, "terminals.paused_notice")
    assert (found.status, found.bonus) == ("pass", 1.0), found.message
    assert result.bonus == 1.0 and [d.paused_notice for d in result.devices] == [False, True, False]


def test_a_terminal_showing_an_error_is_faulty(engine: Engine) -> None:
    image, _ = terminal_row(np.random.default_rng(7), [("error", False), ("working", False)])
    result = analyse(engine, image, "self_service", "franchise")
    found = finding(result, "terminals.paused_notice")
    assert found.status == "violation" and len(found.evidence) == 1, found.message


def _cut_at_the_top(image: np.ndarray) -> np.ndarray:
    """The frame starts below the top of the ITV set (``demo_table`` hangs it 8% down): its top
    bezel is out of the picture, as on a camera aimed at the table under a high-hung set."""
    return np.ascontiguousarray(image[int(image.shape[0] * 0.14):])


@pytest.mark.parametrize(("state", "status"), [("playing", "pass"), ("off", "violation")])
def test_an_itv_set_cut_by_the_frames_top_edge_is_still_judged(engine: Engine, state: str, status: str) -> None:
    image, _ = demo_table(np.random.default_rng(7), [True] * 3, tv=state)
    result = analyse(engine, _cut_at_the_top(image), "device_display")
    found = finding(result, "itv.playing")
    assert found.status == status, found.message
    assert [d.kind for d in result.devices].count("tv") == 1

