"""The notice board and device display scenes: drawn, boxed inside the picture, truthful about
what can be read, and read by the real OCR where the truth says they can be."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from datasets import text_zones
from datasets.render import notices, price_tags
from datasets.render.canvas import Canvas
from datasets.render.words import (
    COMMITMENTS,
    DECOY_NOTICES,
    NOTICE_BODIES,
    NOTICE_KEYWORDS,
    REQUIRED_NOTICES,
)
from datasets.scene import SCALES, TEXT_ZONES, Scene, make_scene
from storecheck.vision.ocr import OcrEngine, load_ocr

NO_BLUR = {"blur_sigma": 0.0, "motion_px": 0.0}


def _truth(zone: str, scale: str, seed: list[int], width: int = 1280, height: int = 720) -> dict[str, Any]:
    return make_scene(np.random.default_rng(seed), zone, scale, width, height).truth


def _boxes(truth: dict[str, Any]) -> Iterator[list[int]]:
    for sheet in truth.get("sheets", []):
        yield from (b for b in (sheet["box"], sheet["title_box"]) if b is not None)
    for item in [*truth.get("price_tags", []), *truth.get("phones", [])]:
        yield item["box"]
    for terminal in truth.get("terminals", []):
        yield from (b for b in (terminal["box"], terminal["screen"], terminal["notice_box"]) if b)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def ocr() -> OcrEngine:
    return load_ocr()


@pytest.mark.parametrize("zone", TEXT_ZONES)
@pytest.mark.parametrize("scale", SCALES)
def test_text_zone_scenes_render_with_their_boxes_inside_the_picture(zone: str, scale: str) -> None:
    for seed in range(3):
        scene = make_scene(np.random.default_rng([31, seed]), zone, scale, 960, 540)
        assert scene.image.shape == (540, 960, 3) and scene.image.std() > 5
        assert scene.labels == []  # no detector class: boxes are in the truth only
        assert scene.truth["zone"] == zone and scene.truth["staff"] == [] and scene.truth["customers"] == 0
        boxes = list(_boxes(scene.truth))
        assert boxes, f"{zone} drew nothing"
        for x1, y1, x2, y2 in boxes:
            assert 0 <= x1 < x2 <= 960 and 0 <= y1 < y2 <= 540


def test_a_notice_board_holds_two_to_six_sheets_and_its_truth_is_consistent() -> None:
    for seed in range(12):
        truth = _truth("notice_board", "medium", [32, seed])
        sheets = truth["sheets"]
        assert 2 <= len(sheets) <= 6
        assert set(truth["notices"]["seen"]) <= set(truth["notices"]["all"]) <= set(REQUIRED_NOTICES)
        assert truth["notices"]["all"] == [c for c in REQUIRED_NOTICES if any(s["canonical"] == c for s in sheets)]
        assert truth["decoys"] == [s["title"] for s in sheets if s["kind"] == "decoy"]
        assert not truth["commitments"] or truth["community"]


def test_far_boards_cannot_be_read_and_near_ones_can() -> None:
    seen = {}
    for scale in SCALES:
        truths = [_truth("notice_board", scale, [33, i], 1920, 1080) for i in range(6)]
        seen[scale] = sum(len(t["notices"]["seen"]) for t in truths) / max(1, sum(len(t["notices"]["all"]) for t in truths))
    assert seen["far"] == 0.0
    assert seen["close"] > 0.6 and seen["medium"] > 0.5


def test_no_sheet_names_a_notice_it_is_not() -> None:
    """A body line of one notice (or a decoy, or the community board) that said 资费 or
    信息保护 would put a notice in the picture that the truth does not list."""
    for canonical, lines in NOTICE_BODIES.items():
        for line in lines:
            assert not [k for c, k in NOTICE_KEYWORDS.items() if c != canonical and k in line], line
    for title, lines in DECOY_NOTICES.items():
        assert not [k for k in NOTICE_KEYWORDS.values() if k in title + "".join(lines)], title
    for seed in range(20):
        spec = notices.community_notice(np.random.default_rng(seed), commitments=True, service_range=True)
        assert not [k for k in NOTICE_KEYWORDS.values() if k in "".join(spec.lines)]
    for variants in REQUIRED_NOTICES.values():
        assert all(any(k in v for k in NOTICE_KEYWORDS.values()) for v in variants)


def _sheet_on_canvas(spec: notices.NoticeSpec, cover_top: float | None) -> dict[str, Any]:
    canvas = Canvas(800, 600)
    canvas.fill(np.full(3, 200, np.float32))
    sheet = notices.draw_notice(spec, 360, 500, 40, np.random.default_rng(0), screen=False)
    canvas.paste(sheet.rgba, 200, 50, None, {"notice": spec, "part_px": sheet.part_px, "screen": False}, parts=sheet.parts)
    if cover_top is not None:  # a poster taped over the sheet from this height down
        canvas.paste(np.full((600, 800, 4), 255, np.uint8), 0, int(50 + 500 * cover_top))
    return text_zones.notice_board_truth(canvas, text_zones.text_in_view(canvas), NO_BLUR)


def test_a_notice_whose_title_is_covered_is_posted_but_not_seen() -> None:
    spec = notices.required_notice(np.random.default_rng(1), "实名制公告")
    assert _sheet_on_canvas(spec, None)["notices"] == {"seen": ["实名制公告"], "all": ["实名制公告"]}
    assert _sheet_on_canvas(spec, 0.02)["notices"] == {"seen": [], "all": ["实名制公告"]}


def test_community_commitments_are_seen_only_when_written_and_in_view() -> None:
    rng = np.random.default_rng(2)
    full = notices.community_notice(rng, commitments=True, service_range=True)
    assert COMMITMENTS in full.lines
    truth = _sheet_on_canvas(full, None)
    assert truth["community"] and truth["commitments"] and truth["service_range"]
    assert not _sheet_on_canvas(full, 0.5)["commitments"]  # the lower half hidden
    bare = notices.community_notice(rng, commitments=False, service_range=False)
    assert COMMITMENTS not in bare.lines
    truth = _sheet_on_canvas(bare, None)
    assert truth["community"] and not truth["commitments"] and not truth["service_range"]


def test_a_tag_leaves_off_the_field_asked_for() -> None:
    rng = np.random.default_rng(3)
    for field in price_tags.FIELDS:
        spec = price_tags.random_tag(rng, missing=field)
        tag = price_tags.draw_price_tag(spec, 240, rng)
        assert getattr(spec, field) is None
        assert price_tags.FIELDS.index(field) + 1 not in tag.part_px
        assert "产地" not in "".join(tag.lines) if field == "origin" else "产地" in "".join(tag.lines)


def test_device_display_truth_lists_each_phone_and_tag() -> None:
    for seed in range(6):
        truth = _truth("device_display", "medium", [34, seed])
        assert 3 <= len(truth["phones"]) <= 6 and len(truth["price_tags"]) == len(truth["phones"])
        for tag in truth["price_tags"]:
            assert tag["price"] is None or tag["price"].isdigit()
            assert any(tag[f] is not None for f in price_tags.FIELDS)


def _first_scene(zone: str, enough: Callable[[dict[str, Any]], bool]) -> Scene:
    for seed in range(40):
        scene = make_scene(np.random.default_rng([35, seed]), zone, "close", 1920, 1080)
        if enough(scene.truth):
            return scene
    raise AssertionError(f"no close {zone} scene showed enough to read")


def test_the_ocr_reads_the_titles_of_a_close_notice_board(ocr: OcrEngine) -> None:
    scene = _first_scene("notice_board", lambda t: len(t["notices"]["seen"]) >= 2)
    read = _squash("".join(line.text for line in ocr.read_frame(scene.image)))
    sheets: list[dict[str, Any]] = scene.truth["sheets"]  # type: ignore[assignment]
    titles = [s["title"] for s in sheets if s["title_readable"]]
    assert [t for t in titles if _squash(t) not in read] == []


def test_the_ocr_reads_the_price_on_a_close_tag(ocr: OcrEngine) -> None:
    scene = _first_scene("device_display", lambda t: any(g["readable"] and g["price"] for g in t["price_tags"]))
    read = _squash("".join(line.text for line in ocr.read_frame(scene.image)))
    tags: list[dict[str, Any]] = scene.truth["price_tags"]  # type: ignore[assignment]
    prices = [g["price"] for g in tags if g["readable"] and g["price"]]
    assert prices and [p for p in prices if p not in read] == []


def test_the_device_scenes_drawn_before_are_unchanged_by_the_itv_option() -> None:
    import hashlib

    from datasets import text_zones

    plain, _ = text_zones.render(np.random.default_rng([33, 1]), "device_display", "medium", 640, 360)
    again, truth = text_zones.render(np.random.default_rng([33, 1]), "device_display", "medium", 640, 360, itv=False)
    assert hashlib.sha256(plain.tobytes()).digest() == hashlib.sha256(again.tobytes()).digest() and "tv" not in truth
    _, with_tv = text_zones.render(np.random.default_rng([33, 1]), "device_display", "medium", 640, 360, itv=True)
    assert with_tv["tv"]["state"] in ("playing", "off", "no_signal") and with_tv["tv"]["box"]


def test_self_service_terminals_say_whether_they_are_faulty_and_marked() -> None:
    states, marked = set(), 0
    for seed in range(12):
        for terminal in _truth("self_service", "medium", [34, seed])["terminals"]:
            states.add(terminal["state"])
            assert terminal["faulty"] == (terminal["state"] != "working")
            assert not terminal["paused_notice"] or terminal["faulty"]
            marked += terminal["paused_notice"]
    assert states == {"working", "dark", "error"} and marked > 0
