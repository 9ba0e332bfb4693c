"""price_tags.fields on hand-built text: tags found by their text, fields parsed, gaps named."""

from __future__ import annotations

from storecheck.checks import CheckContext, evaluate
from storecheck.vision.types import TextLine

from ..builders import finding_for, observe


def tag(x: float, *lines: str, score: float = 0.95) -> list[TextLine]:
    """A price tag's lines stacked at ``x`` (20 px lines, 6 px apart)."""
    return [TextLine(text, (x, 600 + 26 * i, x + 200, 620 + 26 * i), score) for i, text in enumerate(lines)]


def test_complete_tags_pass_and_their_fields_are_parsed() -> None:
    texts = tag(100, "品牌型号：华为 Mate 70", "价格：¥5,499", "产地：中国") + tag(700, "荣耀 Magic7", "3999元", "产地：广东东莞")
    result = evaluate(observe(frame_texts=texts), CheckContext(zone="device_display"))
    [found] = [f for f in result.findings if f.rule == "price_tags.fields"]
    assert found.status == "pass"
    assert [(t.brand_model, t.price, t.origin) for t in result.price_tags] == [
        ("华为 Mate 70", "5499", "中国"), ("荣耀 Magic7", "3999", "广东东莞")]


def test_a_tag_without_origin_is_a_violation_naming_it() -> None:
    texts = tag(100, "品牌型号：华为 Mate 70", "价格：¥5499", "产地：中国") + tag(700, "品牌型号：小米 15", "价格：¥4299")
    found = finding_for("price_tags.fields", observe(frame_texts=texts), zone="device_display")
    assert (found.status, found.deduction) == ("violation", 1.0)
    assert found.message == "1 price tag incomplete (小米 15: no 产地)"
    assert found.evidence[0][0] == 700


def test_a_blurred_tag_is_indeterminate() -> None:
    texts = tag(100, "品牌型号：小米 15", "价格：¥4299") + [TextLine("产他：中国", (100, 652, 300, 672), 0.6)]
    assert finding_for("price_tags.fields", observe(frame_texts=texts), zone="device_display").status == "indeterminate"


def test_a_label_on_its_own_line_takes_the_next_line() -> None:
    texts = tag(100, "品牌型号", "vivo X200", "价格", "3999", "产地", "中国")
    result = evaluate(observe(frame_texts=texts), CheckContext(zone="device_display"))
    assert [(t.brand_model, t.price, t.origin) for t in result.price_tags] == [("vivo X200", "3999", "中国")]


def test_a_table_without_tags_passes_and_other_zones_are_not_applicable() -> None:
    assert finding_for("price_tags.fields", observe(frame_texts=[]), zone="device_display").status == "pass"
    assert finding_for("price_tags.fields", observe(frame_texts=tag(100, "价格：¥1")), zone="hall").status == "not_applicable"


def test_brand_and_model_on_lines_of_their_own_are_one_field() -> None:
    texts = tag(100, "品牌：天翼", "型号：1号 2024", "价格：¥999", "产地：中国")
    result = evaluate(observe(frame_texts=texts), CheckContext(zone="device_display"))
    assert [(t.brand_model, t.price, t.origin) for t in result.price_tags] == [("天翼 1号 2024", "999", "中国")]


def test_two_tags_read_as_one_get_a_finer_read_before_they_pass() -> None:
    """Two neighbouring tags blurred into one group look complete (each field is there once
    from either tag), hiding that one lacks its price: a field labelled twice asks for the
    finer read, and that reading decides."""
    merged = tag(100, "品牌型号：苹果 iPhone 16", "品牌型号：华为 Pura 70", "价格：5999元", "产地：广东东莞", "产地：北京")
    apart = tag(100, "品牌型号：苹果 iPhone 16", "价格：5999元", "产地：广东东莞") + tag(700, "品牌型号：华为 Pura 70", "产地：北京")
    asked = []

    def refine(seen):
        asked.append(seen)
        return observe(frame_texts=apart)

    result = evaluate(observe(frame_texts=merged), CheckContext(zone="device_display"), refine=refine)
    [found] = [f for f in result.findings if f.rule == "price_tags.fields"]
    assert len(asked) == 1
    assert found.status == "violation" and "华为 Pura 70: no 价格" in found.message
    complete = tag(100, "品牌型号：华为 Mate 70", "价格：¥5499", "产地：中国")
    evaluate(observe(frame_texts=complete), CheckContext(zone="device_display"), refine=refine)
    assert len(asked) == 1  # a complete tag read once is not read again
