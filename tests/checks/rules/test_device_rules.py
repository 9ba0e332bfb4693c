"""The device rules on hand-built observations: screens as the finder measures them (grey mean,
spread, uniform share) and the frame's text. The real-engine tests on rendered tables and
terminals are in tests/test_device_rules.py."""

from __future__ import annotations

import pytest

from storecheck.contract import Finding
from storecheck.vision.types import Box, Detections, Observation, TextLine

from ..builders import finding_for

LIT = (140.0, 30.0, 0.5)
DARK = (18.0, 5.0, 1.0)
BLUE_PAGE = (70.0, 12.0, 0.98)  # a no-signal page: one colour and a line of text


def devices(*items: tuple[str, Box, tuple[float, float, float]], texts: list[TextLine] | None = None) -> Observation:
    detections = Detections.from_lists([box for _, box, _ in items], [0.5] * len(items), [kind for kind, _, _ in items],
                                       screen=[stats for _, _, stats in items])
    return Observation(1920, 1080, detections, frame_texts=texts or [])


def phones(lit: int, dark: int) -> Observation:
    states = [LIT] * lit + [DARK] * dark
    return devices(*[("phone", (100.0 + 200 * i, 500.0, 200.0 + 200 * i, 700.0), s) for i, s in enumerate(states)])


@pytest.mark.parametrize(("lit", "dark", "tier", "status"), [
    (5, 0, 1, "pass"), (4, 2, 1, "violation"), (4, 2, 2, "violation"), (4, 2, 3, "pass"), (3, 0, 3, "pass"),
    (0, 0, 1, "indeterminate"),
])
def test_lit_phones_are_counted_against_the_market_tier(lit: int, dark: int, tier: int, status: str) -> None:
    from storecheck.checks.config import ChecksConfig

    found = finding_for("demo_phones.powered", phones(lit, dark), zone="device_display",
                        config=ChecksConfig(market_tier=tier))  # type: ignore[arg-type]
    assert found.status == status, found.message


def test_the_violation_says_how_many_of_how_many_and_shows_the_dark_ones() -> None:
    found = finding_for("demo_phones.powered", phones(4, 2), zone="device_display")
    assert "4 of 5" in found.message and len(found.evidence) == 2 and found.deduction == 2.0


def tv(stats: tuple[float, float, float], *lines: str) -> Finding:
    box = (200.0, 100.0, 800.0, 437.0)
    texts = [TextLine(text, (400.0, 250.0 + 40 * i, 600.0, 280.0 + 40 * i), 0.95) for i, text in enumerate(lines)]
    return finding_for("itv.playing", devices(("tv", box, stats), texts=texts), zone="device_display")


@pytest.mark.parametrize(("stats", "lines", "status"), [
    (LIT, (), "pass"), (DARK, (), "violation"), (BLUE_PAGE, (), "violation"),
    (LIT, ("No Signal",), "violation"), (LIT, ("信号源: HDMI1",), "violation"),
])
def test_the_itv_set_plays_a_picture(stats: tuple[float, float, float], lines: tuple[str, ...], status: str) -> None:
    assert tv(stats, *lines).status == status


def test_no_tv_in_view_is_indeterminate() -> None:
    assert finding_for("itv.playing", phones(3, 0), zone="device_display").status == "indeterminate"


TERMINALS = [(300.0, 200.0, 500.0, 450.0), (900.0, 200.0, 1100.0, 450.0)]


def terminals(first: tuple[float, float, float], second: tuple[float, float, float], *lines: TextLine) -> Observation:
    return devices(("terminal", TERMINALS[0], first), ("terminal", TERMINALS[1], second), texts=list(lines))


def notice_at(x: float, y: float) -> TextLine:
    return TextLine("暂停使用", (x, y, x + 120, y + 40), 0.95)


def test_a_dark_terminal_marked_beside_it_earns_the_bonus() -> None:
    found = finding_for("terminals.paused_notice", terminals(LIT, DARK, notice_at(950, 600)),
                        zone="self_service", store_type="hall_4_5")
    assert (found.status, found.bonus) == ("pass", 1.0), found.message


def test_a_notice_counts_for_the_nearest_terminal_only() -> None:
    found = finding_for("terminals.paused_notice", terminals(DARK, LIT, notice_at(950, 600)),
                        zone="self_service", store_type="franchise")
    assert found.status == "violation" and found.deduction == 0.0 and found.evidence == [list(TERMINALS[0])]


def test_error_text_on_a_screen_makes_it_faulty() -> None:
    error = TextLine("系统故障", (950.0, 300.0, 1050.0, 330.0), 0.95)
    found = finding_for("terminals.paused_notice", terminals(LIT, LIT, error), zone="self_service", store_type="hall_4_5")
    assert found.status == "violation" and "系统故障" in found.message


def test_terminals_all_in_service_earn_the_bonus_and_a_large_hall_is_not_asked() -> None:
    observation = terminals(LIT, LIT)
    assert finding_for("terminals.paused_notice", observation, zone="self_service", store_type="hall_4_5").bonus == 1.0
    assert finding_for("terminals.paused_notice", observation, zone="self_service").status == "not_applicable"


def test_a_sheet_on_a_stand_between_two_terminals_marks_the_faulty_one_though_nearer_the_working_one() -> None:
    # Working x 300-500, faulty x 700-900: a sheet centred at x 590 is beside both, nearer the first.
    observation = devices(("terminal", (300.0, 200.0, 500.0, 450.0), LIT), ("terminal", (700.0, 200.0, 900.0, 450.0), DARK),
                          texts=[notice_at(530, 420)])
    found = finding_for("terminals.paused_notice", observation, zone="self_service", store_type="hall_4_5")
    assert (found.status, found.bonus) == ("pass", 1.0), found.message


def test_a_sheet_taped_on_a_screen_is_that_terminals_not_its_faulty_neighbours() -> None:
    found = finding_for("terminals.paused_notice", terminals(DARK, LIT, notice_at(940, 300)),
                        zone="self_service", store_type="hall_4_5")
    assert found.status == "violation" and found.evidence == [list(TERMINALS[0])], found.message


@pytest.mark.parametrize(("stats", "lit"), [
    ((46.0, 12.5, 0.75), True),   # icons in a frame the camera under-exposes: dim but busy
    ((68.0, 9.0, 0.9), True),     # a plain, bright page
    ((30.0, 6.0, 0.99), False),   # black glass with a reflection of the room: neither
])
def test_a_screen_is_lit_when_bright_or_busy(stats: tuple[float, float, float], lit: bool) -> None:
    found = finding_for("demo_phones.powered", devices(*[("phone", (100.0 + 200 * i, 500.0, 200.0 + 200 * i, 700.0), stats)
                                                         for i in range(5)]), zone="device_display")
    assert found.status == ("pass" if lit else "violation"), found.message
