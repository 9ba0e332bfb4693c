"""The Version 2 text rules on rendered pictures through the real engine and OCR: notice boards
(the four notices, decoys, the community bonus) and device price tags. The sheets and tags are the
generator's (datasets.render), pasted on a plain wall at sizes a 1080p camera sees from a few
metres."""

from __future__ import annotations

import numpy as np
import pytest

from datasets.render.notices import NoticeSpec, draw_notice
from datasets.render.price_tags import TagSpec, draw_price_tag
from storecheck.contract import AnalysisResult
from storecheck.engine import Engine

WALL = (205, 210, 214)  # BGR
BODY = ("为保障您的合法权益，请仔细阅读以下内容。", "本厅工作人员将竭诚为您服务。", "如有疑问请咨询值班经理。")


def sheet(title: str, *lines: str, kind: str = "required") -> NoticeSpec:
    return NoticeSpec(kind, title, None, tuple(lines) or BODY)


def paste(canvas: np.ndarray, rgba: np.ndarray, x: int, y: int) -> None:
    h, w = rgba.shape[:2]
    alpha = rgba[:, :, 3:4].astype(np.float32) / 255
    region = canvas[y:y + h, x:x + w]
    region[:] = (rgba[:, :, :3] * alpha + region * (1 - alpha)).astype(np.uint8)


def board(*sheets: NoticeSpec, seed: int = 5) -> np.ndarray:
    """Sheets side by side on a wall of a 1920x1080 frame, titles 28 px tall."""
    rng = np.random.default_rng(seed)
    frame = np.full((1080, 1920, 3), WALL, np.uint8)
    width = min(420, 1800 // len(sheets) - 30)
    for i, spec in enumerate(sheets):
        drawn = draw_notice(spec, width, int(width * 1.35), 28, rng, screen=False)
        paste(frame, drawn.rgba, 60 + i * (width + 30), 200)
    return frame


def table(*tags: TagSpec, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    frame = np.full((1080, 1920, 3), WALL, np.uint8)
    frame[560:] = (120, 140, 160)  # the table top
    for i, spec in enumerate(tags):
        drawn = draw_price_tag(spec, 300, rng)
        paste(frame, drawn.rgba, 120 + i * 420, 600)
    return frame


def analyze(engine: Engine, image: np.ndarray, zone: str, store_type: str = "hall_1_3") -> AnalysisResult:
    return engine.run(image, name="rendered", zone=zone, store_type=store_type).result  # type: ignore[arg-type]


def finding(result: AnalysisResult, rule: str):  # type: ignore[no-untyped-def]
    [found] = [f for f in result.findings if f.rule == rule]
    return found


FOUR = (sheet("服务承诺书"), sheet("套餐资费一览表"), sheet("实名制登记公告"), sheet("用户个人信息保护告知书"))


def test_a_board_with_all_four_notices_passes(engine: Engine) -> None:
    result = analyze(engine, board(*FOUR, sheet("营业时间", "周一至周日 9:00-18:00", kind="decoy")), "notice_board")
    assert finding(result, "notices.displayed").status == "pass", finding(result, "notices.displayed").message
    assert result.notices is not None and result.notices.missing == []


def test_a_board_without_the_privacy_notice_names_it(engine: Engine) -> None:
    result = analyze(engine, board(*FOUR[:3], sheet("温馨提示", kind="decoy")), "notice_board")
    found = finding(result, "notices.displayed")
    assert found.status == "violation" and "个人用户信息保护" in found.message
    assert result.notices is not None and result.notices.missing == ["个人用户信息保护"]


def test_a_board_of_decoys_names_all_four(engine: Engine) -> None:
    result = analyze(engine, board(sheet("营业时间", "周一至周日 9:00-18:00", kind="decoy"),
                                   sheet("温馨提示", "请保管好随身物品", "谨防电信诈骗", kind="decoy")), "notice_board")
    found = finding(result, "notices.displayed")
    assert found.status == "violation", found.message
    assert result.notices is not None and result.notices.missing == ["服务承诺", "在售套餐资费表", "实名制公告", "个人用户信息保护"]


COMMUNITY = sheet("社区服务公示", "服务范围：幸福里社区、阳光小区", "服务项目：宽带新装、移机、故障维修",
                  "营维人员：王强 189 0000 1234", "当日装、当日修、慢必赔", kind="community")


def test_a_community_board_earns_the_bonus_and_a_large_hall_does_not_ask_for_it(engine: Engine) -> None:
    image = board(COMMUNITY, *FOUR)
    community = analyze(engine, image, "notice_board", store_type="community")
    found = finding(community, "community.commitments")
    assert (found.status, found.bonus) == ("pass", 2.0), found.message
    assert community.bonus == 2.0
    assert finding(analyze(engine, image, "notice_board"), "community.commitments").status == "not_applicable"


def test_a_tag_without_origin_is_named_and_a_complete_tag_is_parsed(engine: Engine) -> None:
    result = analyze(engine, table(TagSpec("华为 Mate 70", "5499", "中国"), TagSpec("小米 15", "4299", None)),
                     "device_display")
    found = finding(result, "price_tags.fields")
    assert found.status == "violation" and "产地" in found.message and "小米" in found.message, found.message
    complete = [t for t in result.price_tags if t.origin]
    assert [(t.brand_model, t.price, t.origin) for t in complete] == [("华为 Mate 70", "5499", "中国")]


@pytest.mark.parametrize("zone", ["hall", "counter"])
def test_the_new_rules_are_not_applicable_in_the_old_zones(engine: Engine, zone: str) -> None:
    result = analyze(engine, board(*FOUR), zone)
    assert {finding(result, r).status for r in ("notices.displayed", "price_tags.fields")} == {"not_applicable"}
