"""Device price tags (终端商标牌) found by their text, and the three fields each must carry:
品牌型号 (brand and model), 价格 (price) and 产地 (origin).

The detector has no price-tag class yet, so a tag is a group of nearby lines of which at least
one is a tag field: a labelled line (品牌型号：…, 价格：…, 产地：…), a price (¥5499, 5499元) or a
phone brand. Lines of one tag stand within about a line's height of each other; tags on a table
stand further apart.

Example:
    >>> from storecheck.vision.types import TextLine
    >>> [tag] = find_tags([TextLine("品牌型号：华为 Mate 70", (100, 100, 300, 120), 0.95),
    ...                    TextLine("价格：¥5499", (100, 128, 220, 148), 0.96)])
    >>> tag.brand_model, tag.price, tag.origin
    ('华为 Mate 70', '5499', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from storecheck.checks import geometry
from storecheck.checks.text import reading_order, union_box
from storecheck.contract import PriceTag
from storecheck.vision.types import Box, TextLine

FIELD_NAMES = {"brand_model": "品牌型号", "price": "价格", "origin": "产地"}
_LABELS = {
    "brand_model": re.compile(r"^(?:品牌型号|品牌/型号|品牌及型号)\s*[:：]?\s*"),
    # A tag may give the brand and the model on lines of their own: joined, they are 品牌型号.
    "brand": re.compile(r"^品牌\s*[:：]?\s*"),
    "model": re.compile(r"^(?:型号|机型)\s*[:：]?\s*"),
    "price": re.compile(r"^(?:零售价|销售价|售价|价格|价钱)\s*[:：]?\s*"),
    "origin": re.compile(r"^(?:原产地|生产地|产地)\s*[:：]?\s*"),
}
_PRICE = re.compile(r"(?:[¥￥]|RMB)\s*(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s*元")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
BRANDS = ("华为", "HUAWEI", "荣耀", "HONOR", "小米", "Xiaomi", "Redmi", "红米", "OPPO", "vivo", "iQOO", "苹果", "iPhone",
          "Apple", "三星", "Samsung", "Galaxy", "中兴", "ZTE", "努比亚", "nubia", "天翼", "一加", "OnePlus", "realme",
          "真我", "魅族", "Meizu", "摩托罗拉", "motorola", "联想", "Lenovo", "华为畅享", "nova", "Mate", "Pura")
#: Lines closer than this many line heights are one tag's.
SAME_TAG_GAP = 0.9


@dataclass(frozen=True)
class Tag:
    box: Box
    lines: list[TextLine]
    brand_model: str | None
    price: str | None
    origin: str | None
    #: Fields whose label appears more than once: likely two tags read as one group.
    repeated: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    def missing(self) -> list[str]:
        return [name for key, name in FIELD_NAMES.items() if getattr(self, key) is None]

    def to_contract(self) -> PriceTag:
        return PriceTag(box=geometry.as_list(self.box), text=self.text, brand_model=self.brand_model,
                        price=self.price, origin=self.origin)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _price_in(text: str) -> str | None:
    found = _PRICE.search(text)
    if found is None:
        return None
    return (found.group(1) or found.group(2)).replace(",", "")


def _brand_in(text: str) -> bool:
    lowered = text.lower()
    return any(brand.lower() in lowered for brand in BRANDS)


def is_field(line: TextLine) -> bool:
    """Whether a line is one a price tag carries."""
    text = _clean(line.text)
    return any(label.match(text) for label in _LABELS.values()) or _price_in(text) is not None or _brand_in(text)


def parse_tag(lines: Sequence[TextLine]) -> Tag:
    """The three fields of one tag's lines (in reading order): a labelled value, the next line's
    text when the label stands alone, or an unlabelled price or brand line."""
    ordered = reading_order(lines)
    fields: dict[str, str | None] = dict.fromkeys(_LABELS)
    labelled: dict[str, int] = dict.fromkeys(_LABELS, 0)
    for i, line in enumerate(ordered):
        text = _clean(line.text)
        for key, label in _LABELS.items():
            found = label.match(text)
            if found is None:
                continue
            labelled[key] += 1
            value = text[found.end():].strip()
            if not value and i + 1 < len(ordered) and not is_field(ordered[i + 1]):
                value = _clean(ordered[i + 1].text)
            if key == "price":
                value = _price_in(value) or (_NUMBER.search(value).group(0).replace(",", "")  # type: ignore[union-attr]
                                             if _NUMBER.search(value) else "")
            if value and fields[key] is None:
                fields[key] = value
            break
        else:
            if fields["price"] is None and (price := _price_in(text)) is not None:
                fields["price"] = price
            elif fields["brand_model"] is None and fields["brand"] is None and _brand_in(text):
                fields["brand_model"] = text
    parts = [part for part in (fields["brand"], fields["model"]) if part]
    brand_model = fields["brand_model"] or (" ".join(parts) if parts else None)
    return Tag(union_box([line.box for line in lines]), list(ordered), brand_model, fields["price"],
               fields["origin"], tuple(key for key, count in labelled.items() if count > 1))


def find_tags(lines: Sequence[TextLine]) -> list[Tag]:
    """Price tags in a frame's lines: groups of nearby lines holding at least one tag field."""
    blocks = geometry.cluster_boxes([line.box for line in lines], gap=SAME_TAG_GAP)
    tags = []
    for block in blocks:
        members = [line for line in lines if geometry.containment(line.box, block) >= 0.5]
        if any(is_field(line) for line in members):
            tags.append(parse_tag(members))
    return sorted(tags, key=lambda tag: (tag.box[0], tag.box[1]))
