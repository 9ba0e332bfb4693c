"""notices.displayed and community.commitments on hand-built text (the real-OCR tests on rendered
boards are in tests/test_text_rules.py)."""

from __future__ import annotations

import pytest

from storecheck.checks import CheckContext, evaluate
from storecheck.vision.types import TextLine

from ..builders import finding_for, observe


def board(*titles: str, score: float = 0.95, height: float = 40) -> list[TextLine]:
    """Sheets side by side on a wall, each with its title read above two lines of smaller body text."""
    lines = []
    for i, t in enumerate(titles):
        lines.append(TextLine(t, (50 + 300 * i, 100, 300 + 300 * i, 100 + height), score))
        lines += [TextLine("请您仔细阅读以下内容并妥善保管", (50 + 300 * i, 160 + 30 * k, 300 + 300 * i, 180 + 30 * k), 0.9)
                  for k in range(2)]
    return lines


ALL_FOUR = ("中国电信服务承诺", "套餐资费一览表", "实名制登记公告", "用户个人信息保护告知书")


def test_all_four_notices_in_any_wording_pass() -> None:
    found = finding_for("notices.displayed", observe(frame_texts=board(*ALL_FOUR, "营业时间")), zone="notice_board")
    assert found.status == "pass"


def test_a_missing_notice_is_named() -> None:
    found = finding_for("notices.displayed", observe(frame_texts=board(*ALL_FOUR[:3], "温馨提示")), zone="notice_board")
    assert (found.status, found.deduction) == ("violation", 1.0)
    assert found.message.startswith("notices not in view: 个人用户信息保护")


def test_decoys_count_for_nothing_and_the_result_lists_seen_and_missing() -> None:
    texts = board("营业时间", "温馨提示", "防诈骗提醒", "5G套餐限时优惠")
    result = evaluate(observe(frame_texts=texts), CheckContext(zone="notice_board"))
    [found] = [f for f in result.findings if f.rule == "notices.displayed"]
    assert (found.status, found.deduction) == ("violation", 4.0)
    assert result.notices is not None and result.notices.seen == []
    assert result.notices.missing == ["服务承诺", "在售套餐资费表", "实名制公告", "个人用户信息保护"]


def test_one_wrong_character_is_tolerated_in_a_long_title_not_in_a_short_one() -> None:
    assert finding_for("notices.displayed", observe(frame_texts=board("服务承若书", "资费公示", "实名制公告", "个人信息保户")),
                       zone="notice_board").status == "pass"
    assert finding_for("notices.displayed", observe(frame_texts=board("服务承诺", "消费表", "实名制公告", "个人信息保护")),
                       zone="notice_board").status == "violation"


def test_a_sentence_that_mentions_a_notice_is_not_the_notice() -> None:
    texts = board("服务承诺", "资费公示", "实名制公告") + [
        TextLine("本厅严格遵守国家关于个人信息保护的各项法律法规和行业规定", (50, 300, 900, 330), 0.95)]
    assert finding_for("notices.displayed", observe(frame_texts=texts), zone="notice_board").status == "violation"


def test_text_too_blurred_to_read_is_indeterminate_not_a_violation() -> None:
    texts = board(*ALL_FOUR[:2]) + [TextLine("买名铜公吉", (650, 100, 900, 140), 0.55)]
    found = finding_for("notices.displayed", observe(frame_texts=texts), zone="notice_board")
    assert found.status == "indeterminate" and "实名制公告、个人用户信息保护 not confirmed" in found.message


def test_not_applicable_elsewhere() -> None:
    assert finding_for("notices.displayed", observe(frame_texts=board(*ALL_FOUR)), zone="hall").status == "not_applicable"


COMMUNITY = ("服务范围：幸福里社区、阳光小区", "服务项目：宽带新装、移机、故障维修", "承诺：当日装、当日修、慢必赔")


@pytest.mark.parametrize("store_type", ["community", "broadband_center"])
def test_a_community_board_with_the_commitments_earns_the_bonus(store_type: str) -> None:
    result = evaluate(observe(frame_texts=board(*COMMUNITY)), CheckContext(zone="notice_board", store_type=store_type))
    [found] = [f for f in result.findings if f.rule == "community.commitments"]
    assert (found.status, found.bonus, found.deduction) == ("pass", 2.0, 0.0)
    assert result.bonus == 2.0 and result.score == 100 - 4.0  # the bonus is beside the score, not in it


def test_the_same_board_in_a_large_hall_is_not_applicable() -> None:
    found = finding_for("community.commitments", observe(frame_texts=board(*COMMUNITY)), zone="notice_board",
                        store_type="hall_1_3")
    assert found.status == "not_applicable" and found.bonus is None


def test_a_missed_bonus_is_a_violation_without_deduction() -> None:
    found = finding_for("community.commitments", observe(frame_texts=board(*COMMUNITY[:2], "承诺：当日装、当日修")),
                        zone="notice_board", store_type="community")
    assert (found.status, found.deduction, found.bonus) == ("violation", 0.0, None)
    assert "慢必赔" in found.message


def test_bonus_points_are_configurable_per_store_type() -> None:
    from storecheck.checks import load_checks_config

    config = load_checks_config({"store_types": {"community": {"rules": {"community.commitments": {"bonus": 3}}}}})
    found = finding_for("community.commitments", observe(frame_texts=board(*COMMUNITY)), zone="notice_board",
                        store_type="community", config=config)
    assert found.bonus == 3.0


def test_a_footer_read_badly_is_not_a_missing_title() -> None:
    """Sheets end in small print (中国电信股份有限公司 ...) that OCR reads badly; it names no notice."""
    texts = board(*ALL_FOUR[:3]) + [TextLine("中中电信股份行限公司", (50, 260, 300, 280), 0.6)]
    assert finding_for("notices.displayed", observe(frame_texts=texts), zone="notice_board").status == "violation"


def test_small_print_is_read_again_only_when_a_notice_was_not_found() -> None:
    """The engine's finer read of small print is costly: a board whose four titles were read
    does not get it; a board missing one does, and the finer reading decides."""
    calls = []

    def refine(seen):
        calls.append(seen)
        return observe(frame_texts=board(*ALL_FOUR))

    complete = evaluate(observe(frame_texts=board(*ALL_FOUR)), CheckContext(zone="notice_board"), refine=refine)
    assert calls == [] and complete.notices is not None and complete.notices.missing == []
    found_later = evaluate(observe(frame_texts=board(*ALL_FOUR[:3])), CheckContext(zone="notice_board"),
                           refine=refine)
    assert len(calls) == 1
    assert [f.status for f in found_later.findings if f.rule == "notices.displayed"] == ["pass"]
    still_missing = evaluate(observe(frame_texts=board(*ALL_FOUR[:3])), CheckContext(zone="notice_board"),
                             refine=lambda seen: seen)
    assert [f.status for f in still_missing.findings if f.rule == "notices.displayed"] == ["violation"]


def test_no_finer_read_where_no_small_print_rule_applies() -> None:
    calls = []
    evaluate(observe(frame_texts=board(*ALL_FOUR[:2])), CheckContext(zone="hall"),
             refine=lambda seen: calls.append(seen) or seen)
    assert calls == []
