"""The analysis contract (``shared/CONTRACT.md``) as pydantic models.

Tools outside the project read exactly this shape. Fields may be added; none may be renamed or
dropped, and rule ids never change. ``schema/analysis-result.schema.json`` is generated from
:class:`AnalysisResult` (``python -m storecheck.contract``) and the tests validate CLI output
against the committed file.
"""

from __future__ import annotations

import json
import sys
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

Zone = Literal["hall", "counter", "star_desk", "window", "notice_board", "device_display", "self_service"]
StoreType = Literal["hall_1_3", "hall_4_5", "franchise", "community", "broadband_center"]
Status = Literal["pass", "violation", "warning", "indeterminate", "not_applicable"]
StaffStatus = Literal["badge", "no_badge", "indeterminate"]
SignKind = Literal["desk_sign", "hanging_sign", "led_sign"]
DeviceKind = Literal["phone", "tv", "terminal"]
MarketTier = Literal[1, 2, 3]

RuleId = Literal[
    "badge.worn",
    "badge.fields",
    "badge.pregnant",
    "badge.intern",
    "star_desk.sign",
    "window.posters",
    "hall.no_cleaning_tools",
    # Version 2 additions
    "notices.displayed",
    "community.commitments",
    "price_tags.fields",
    "demo_phones.powered",
    "itv.playing",
    "terminals.paused_notice",
    "staff.uniform",
]

ZONES: tuple[str, ...] = get_args(Zone)
STORE_TYPES: tuple[str, ...] = get_args(StoreType)
#: The contract's rule ids, in the order every result lists them. Never renamed.
RULE_IDS: tuple[str, ...] = get_args(RuleId)

BoxList = list[float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class DetectedObject(_Model):
    label: str = Field(description="Detector class, e.g. person, badge, desk_sign, mop")
    box: BoxList = Field(min_length=4, max_length=4, description="[x1, y1, x2, y2] pixels")
    score: float = Field(ge=0, le=1)
    source: str | None = Field(
        default=None,
        description="Our addition: what found it: detector, redetect (the detector's second look at a "
        "staff member's chest), people_detector, screen_detector or screens (the screen finder); "
        "absent in results made before it")


class Text(_Model):
    text: str
    box: BoxList = Field(min_length=4, max_length=4)
    score: float = Field(ge=0, le=1)


class Badge(_Model):
    box: BoxList = Field(min_length=4, max_length=4)
    text: str = Field(description="Raw text read on the badge, lines joined by spaces")
    name: str | None = None
    employee_id: str | None = None
    title: str | None = None
    pregnant: bool = False
    intern: bool = False
    source: Literal["detector", "text"] = Field(
        default="detector",
        description="Found by the detector, or by reading the frame's text (a badge it did not box)")


class BadgeSeen(Badge):
    """A badge in the picture, worn by someone in view or not (a badge whose wearer the detector
    missed still names who wears it, for the roster checks)."""

    worn: bool = Field(description="Given to a staff member in ``staff``")


class Staff(_Model):
    box: BoxList = Field(min_length=4, max_length=4)
    status: StaffStatus
    badge: Badge | None = None
    cues: list[str] = Field(
        default_factory=list,
        description="Why this person is taken for staff: badge, staff_area, uniform, counter, suit")
    unsure_because: str | None = Field(
        default=None, description="Why a staff member with no badge found is indeterminate")


class Sign(_Model):
    kind: SignKind
    box: BoxList = Field(min_length=4, max_length=4)
    text: str
    star: bool


class Posters(_Model):
    count: int = Field(ge=0)
    boxes: list[BoxList] = Field(default_factory=list)


class Finding(_Model):
    rule: str
    status: Status
    message: str
    evidence: list[BoxList] = Field(default_factory=list)
    deduction: float = Field(default=0.0, ge=0)
    bonus: float | None = Field(
        default=None, ge=0, description="Points of a met 加分项 (bonus rule); absent on other findings")
    review_deduction: float | None = Field(
        default=None, ge=0,
        description="On an indeterminate finding: what a reviewer's confirmation costs (the rule's points "
        "under the same config and store type, capped), so review and engine score alike (our addition)")


class Notices(_Model):
    """The four notices the standard requires on a notice board, by their canonical titles."""

    seen: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)


class PriceTag(_Model):
    """A device price tag (终端商标牌) and the three fields it must carry (null when not read)."""

    box: BoxList = Field(min_length=4, max_length=4)
    text: str = Field(description="Raw text read on the tag, lines joined by spaces")
    brand_model: str | None = None
    price: str | None = None
    origin: str | None = None


class Device(_Model):
    """A demo phone, the ITV demo set or a self-service terminal, and the state of its screen."""

    kind: DeviceKind
    box: BoxList = Field(min_length=4, max_length=4)
    powered: bool = Field(description="The screen is lit and shows something (a phone switched on, a "
                          "TV playing, a terminal working): false for a dark, uniform or error screen")
    paused_notice: bool = Field(default=False, description="A 暂停使用 notice is read on or next to it")


class Uniform(_Model):
    """The workwear most staff in view wear (``staff.uniform``'s zones and store types), for a
    store's day across its cameras (our addition). 孕妈妈 and half-hidden staff are not counted."""

    lab: list[float] = Field(
        min_length=3, max_length=3,
        description="CIE Lab (D65, L 0-100) of their clothes: the mean of the staff who wear it")
    staff: int = Field(ge=1, description="How many staff members in view wear it")


class ModelsInfo(_Model):
    detector: str
    ocr: str
    rules: str
    screens: str | None = Field(
        default=None,
        description="Our addition: the screen scorer that finds demo phones, the ITV set and terminals "
        "(name@sha256-prefix); absent in results made before it")
    screen_detector: str | None = Field(
        default=None,
        description="Our addition: the screen detector (phones, the ITV set, terminal screens) run in device "
        "zones beside the screen finder (name@sha256-prefix); absent when switched off and in results made before it")
    person_detector: str | None = Field(
        default=None,
        description="Our addition: the person detector trained on real photographs, run beside the detector "
        "in the zones where people are judged (name@sha256-prefix); absent when switched off and in results "
        "made before it")


class AnalysisResult(_Model):
    image: str
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    zone: Zone
    store_type: StoreType
    objects: list[DetectedObject]
    texts: list[Text]
    staff: list[Staff]
    signs: list[Sign]
    posters: Posters
    findings: list[Finding]
    score: float = Field(ge=0, le=100)
    models: ModelsInfo
    badges: list[BadgeSeen] = Field(
        default_factory=list,
        description="Every badge found, by the detector or by its text, worn or not (our addition)")
    notices: Notices | None = Field(
        default=None, description="The required notices seen and missing (notice_board snapshots)")
    price_tags: list[PriceTag] = Field(default_factory=list, description="Device price tags read")
    bonus: float = Field(default=0.0, ge=0, description="The sum of the findings' bonus points")
    devices: list[Device] = Field(
        default_factory=list, description="Demo phones, the ITV set and self-service terminals in view")
    uniform: Uniform | None = Field(
        default=None,
        description="The workwear most staff in view share, also with one staff member (for the store's "
        "view across cameras); null where staff.uniform does not apply, nobody is measured, or no "
        "majority of staff wear one colour (our addition)")


class AnalysisError(_Model):
    """The line written for an image that could not be analysed."""

    image: str
    error: str


def json_schema() -> dict[str, object]:
    schema = AnalysisResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://storecheck.invalid/schema/analysis-result.schema.json"
    return schema


if __name__ == "__main__":  # regenerate the committed schema file
    json.dump(json_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
