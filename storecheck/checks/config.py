"""``ChecksConfig``: the ``checks:`` section of ``--config`` (thresholds, vocabularies, uniform
colours, store-type profiles, cameras with relative polygons, rule overrides).

Unknown keys are rejected, so a typo never silently falls back to a default. Everything has a
default: ``load_checks_config({})`` works.

Example:
    >>> cfg = load_checks_config({"max_posters": 2,
    ...     "cameras": {"cam1": {"zone": "window", "polygons": {"window": ["0,0,0.5,0,0.5,1,0,1"]}}}})
    >>> cfg.cameras["cam1"].polygons.window[0][1]
    (0.5, 0.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from storecheck.checks.catalogue import CATALOGUE, RuleId
from storecheck.contract import STORE_TYPES, MarketTier, StoreType, Zone


class ChecksConfigError(ValueError):
    """The checks config is invalid; the message names each bad key and why."""


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Thresholds(_Config):
    """Minimum detector confidence per object kind; weaker detections are ignored."""

    person: float = Field(
        default=0.4, ge=0, le=1, description="Person detections below this are ignored"
    )
    badge: float = Field(default=0.4, ge=0, le=1, description="Badge (工号牌/吊牌) detections")
    desk_sign: float = Field(default=0.4, ge=0, le=1, description="Desk signs (桌牌)")
    hanging_sign: float = Field(default=0.4, ge=0, le=1, description="Hanging signs (吊牌)")
    led_sign: float = Field(default=0.4, ge=0, le=1, description="LED marquees (跑马显示屏)")
    poster: float = Field(default=0.35, ge=0, le=1, description="Posters on a window (val precision stays above 0.9 at this level)")
    mop: float = Field(
        default=0.4, ge=0, le=1, description="Mops (thin; the weakest class in training)"
    )
    broom: float = Field(default=0.4, ge=0, le=1, description="Brooms")
    bucket: float = Field(default=0.45, ge=0, le=1, description="Buckets")
    dustpan: float = Field(default=0.45, ge=0, le=1, description="Dustpans")
    cleaning_tool_review: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="A cleaning tool on the hall floor scoring at least this but under its own "
        "threshold makes hall.no_cleaning_tools indeterminate (for review) instead of a pass: "
        "the detector finds thin tools with low scores. 1 turns this off; nothing under the "
        "detector's own confidence (0.25 by default) reaches the checks",
    )
    cleaning_tool_max_area: float = Field(
        default=0.2,
        gt=0,
        le=1,
        description="A tool-like box covering more than this share of the frame is not a cleaning "
        "tool (on real photographs the detector took table tops and doorways for frame-sized mops); "
        "the largest true tool in 474 generated hall detections covered 0.19. 1 turns this off",
    )
    cleaning_tool_max_width: float = Field(
        default=0.35,
        gt=0,
        le=1,
        description="A tool-like box wider than this share of the frame is not a cleaning tool "
        "(the widest true tool in generated halls was 0.30). 1 turns this off",
    )
    badge_review: float = Field(
        default=0.25,
        ge=0,
        le=1,
        description="A badge detection scoring at least this but under the badge threshold on a "
        "staff member's chest makes them indeterminate (for review) instead of no_badge: small "
        "badges score low. 1 turns this off",
    )
    ocr_text: float = Field(
        default=0.5, ge=0, le=1, description="OCR lines below this score are not read"
    )
    staff_certain: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="A staff member without a badge whose person score is below this is "
        "indeterminate rather than a violation",
    )

    def for_label(self, label: str) -> float:
        """The threshold for a detector label; labels added later default to 0.5."""
        value = getattr(self, label, 0.5)
        return float(value)


def _parse_hsv_bound(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


HsvBound = Annotated[tuple[int, int], BeforeValidator(_parse_hsv_bound)]


class ScreenThresholds(_Config):
    """How a screen's measures (``vision.screens.screen_stats``: grey mean and spread of its
    interior, share of pixels near its median) say what it shows. Measured on generated tables,
    TVs and terminals of development seeds 12-13 as the engine boxes them (``python -m
    bench.screen_choices``, "ranges"): a dark phone's glass 0-46 mean, std 0.4-7; a lit one
    46-209, std 8.5-55 (a frame the camera under-exposes dims a lit screen below 55, a plain
    page is hardly busy); a TV off 0-49 (std 0.4-8.6), showing no signal 4-79 (std 9-26,
    0.96-0.99 uniform), playing 50-135 (std 20-49, 0.12-0.56 uniform); a working terminal 56-214
    (std 17-64, 0.06-0.63 uniform)."""

    lit_mean: float = Field(default=55.0, ge=0, le=255, description="A screen at least this bright (grey "
                            "mean) is lit")
    lit_std: float = Field(default=10.0, ge=0, description="and so is one at least this busy (grey std): black "
                           "glass with a reflection is neither, a lit screen one or both")
    uniform: float = Field(default=0.85, gt=0, le=1, description="A screen this uniform (share of pixels "
                           "within 14 grey levels of its median) shows no picture: a no-signal or blank "
                           "error page. A TV or terminal showing it is not playing or not working")
    playing_std: float = Field(default=15.0, ge=0, description="A TV playing a picture varies at least this "
                               "much (grey std); a set switched off, its black glass reflecting the room, "
                               "does not (at most 8.6 measured; 13 on earlier generated sets)")


class UniformColour(_Config):
    """A named HSV range (OpenCV scale: H 0-179, S and V 0-255) of a uniform's torso colour."""

    name: str = Field(description="What the colour is, e.g. navy suit")
    hue: HsvBound = Field(description="[low, high] hue; low > high wraps around red (170 -> 10)")
    saturation: HsvBound = Field(description="[low, high] saturation")
    value: HsvBound = Field(description="[low, high] brightness")
    min_chroma: float = Field(
        default=0, ge=0, le=255,
        description="Least chroma (saturation x brightness / 255: the spread of B, G and R): "
        "under it the clothes are black or grey, whatever hue and saturation a dark patch "
        "measures at (a black T-shirt under a bluish white balance reads as navy)")

    def matches(self, hsv: tuple[int, int, int]) -> bool:
        h, s, v = hsv
        lo, hi = self.hue
        hue_ok = lo <= h <= hi if lo <= hi else (h >= lo or h <= hi)
        return (
            hue_ok
            and self.saturation[0] <= s <= self.saturation[1]
            and (self.value[0] <= v <= self.value[1])
            and s * v / 255 >= self.min_chroma
        )


def _default_uniforms() -> list[UniformColour]:
    # China Telecom staff mostly wear dark navy suits or telecom-blue jackets. White shirts are
    # left out by default: half the customers wear white too.
    return [
        # A floor on chroma: a black T-shirt measures a blue hue at 60-150 saturation when dark
        # (bench.uniform_cue: chroma 20 drops a third of the matches on COCO train2017's people,
        # 2 of 247 drawn staff).
        UniformColour(name="navy suit", hue=(100, 130), saturation=(60, 255), value=(20, 110), min_chroma=20),
        UniformColour(name="telecom blue", hue=(95, 125), saturation=(90, 255), value=(110, 255)),
    ]


def _default_suits() -> list[UniformColour]:
    # Black and charcoal suits are uniforms too, but so many customers wear black that the colour
    # alone says nothing; behind a counter it does.
    return [
        UniformColour(name="black suit", hue=(0, 179), saturation=(0, 70), value=(10, 75)),
        UniformColour(name="charcoal suit", hue=(0, 179), saturation=(0, 45), value=(75, 115)),
    ]


class CounterPosition(_Config):
    """Where a counter camera sees its staff: behind the counter, from the waist up.

    In a ``counter`` or ``star_desk`` zone with no ``staff_area`` polygon, a person whose box is
    an upper body (``upper_body_max_aspect``) and ends at least ``min_clearance`` of the frame
    height above its bottom edge
    (the counter hides the legs; customers in front of it reach the bottom of the frame) stands
    where staff stand. With a uniform or suit colour that makes them staff; by position alone a
    missing badge is only ``indeterminate`` (a customer seen from behind at the counter fits too).
    """

    enabled: bool = Field(default=True, description="False: position never identifies staff")
    min_clearance: float = Field(
        default=0.06,
        ge=0,
        lt=1,
        description="Least gap between the box bottom and the frame bottom, as a share of the "
        "frame height",
    )


def _parse_polygon(value: Any) -> Any:
    """Accept Frigate's ``"x1,y1,x2,y2,..."`` string as well as ``[[x, y], ...]``."""
    if isinstance(value, str):
        numbers = [float(part) for part in value.split(",") if part.strip()]
        if len(numbers) % 2:
            raise ValueError("a polygon string needs an even number of coordinates")
        return [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers), 2)]
    return value


Point = tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]]
Polygon = Annotated[list[Point], BeforeValidator(_parse_polygon), Field(min_length=3)]


class CameraPolygons(_Config):
    """Areas of one camera's view, in relative 0-1 coordinates (x right, y down)."""

    window: list[Polygon] = Field(
        default_factory=list, description="Shop windows; posters are counted per window"
    )
    staff_area: list[Polygon] = Field(
        default_factory=list,
        description="Where only staff stand (behind counters): a person whose lowest visible "
        "point (feet, or the counter top that hides them) is inside is staff",
    )
    hall_floor: list[Polygon] = Field(
        default_factory=list,
        description="The customer hall floor; cleaning tools elsewhere (a staff door) are ignored",
    )


class CameraConfig(_Config):
    """One camera as the checks see it: what it watches and the areas of its view.

    Declared once: the stores file's cameras (:class:`storecheck.stores_config.CameraEntry`) and
    the edge agent's (:class:`storecheck.capture.config.CameraSpec`) extend it with their own
    fields (and make ``zone`` required); a database row maps to it in
    :func:`storecheck.store.cameras.camera_setup`.
    """

    zone: Zone | None = Field(default=None, description="The camera's zone when none is given")
    polygons: CameraPolygons = Field(
        default_factory=CameraPolygons,
        description="Relative 0-1 polygons of this camera's view: window, staff_area, hall_floor",
    )

    def setup(self) -> CameraConfig:
        """This camera's zone and polygons alone (what ``ChecksConfig.cameras`` holds), without the
        fields a subclass adds (id, name, source...)."""
        return CameraConfig(zone=self.zone, polygons=self.polygons)


class RuleOverride(_Config):
    """Changes to one rule from the catalogue; unset fields keep the catalogue's value."""

    enabled: bool | None = Field(default=None, description="False: always not_applicable")
    deduction: float | None = Field(default=None, ge=0, description="Points per occurrence")
    cap: float | None = Field(default=None, ge=0, description="Most points per snapshot")
    bonus: float | None = Field(default=None, ge=0, description="Points a met 加分项 (bonus rule) earns")


class StoreProfile(_Config):
    """How one store type is checked."""

    uniform_required: bool | None = Field(
        default=None,
        description="Whether the uniform colour may identify staff; unset: the catalogue's "
        "value (false for community halls, whose staff need no uniform)",
    )
    rules: dict[RuleId, RuleOverride] = Field(
        default_factory=dict, description="Per-rule changes for this store type"
    )


DEFAULT_TITLES = [
    "营业员", "店长", "值班经理", "客户经理", "厅经理", "营业厅主任", "综合柜员", "引导员",
    "理财经理", "装维经理", "大堂经理", "值班长", "业务经理", "服务经理", "营业主管",
]  # fmt: skip
DEFAULT_STAR_KEYWORDS = [
    "星级专席", "星级服务专区", "星级客户专席", "星级服务专席", "星级专区", "星级客户服务专区",
    "星级服务区", "星级客户专区",
]  # fmt: skip
DEFAULT_STAR_NEGATIVES = ["星级服务专员", "星级客户经理", "星级权益", "星级评定", "星级认证"]


class ChecksConfig(_Config):
    """Everything the checks can be told; the defaults follow the service standard."""

    thresholds: Thresholds = Field(
        default_factory=Thresholds, description="Detector and OCR confidence thresholds"
    )
    market_tier: MarketTier = Field(
        default=1,
        description="The city market the hall serves (1, 2 or 3): demo_phones.powered asks for five "
        "powered-on demo phones in tier 1-2 markets, three in tier 3",
    )
    screens: ScreenThresholds = Field(
        default_factory=ScreenThresholds,
        description="What makes a demo phone's, the ITV set's or a terminal's screen lit, playing or blank",
    )
    max_posters: int = Field(
        default=3, ge=0, description="Most posters per window (统一亮窗: 2-3 promotional items)"
    )
    badge_readable_width_px: float = Field(
        default=120,
        gt=0,
        description="Narrower badges are not read (field tests: below ~120 px OCR misses or "
        "misreads fields), so badge.fields is indeterminate for them",
    )
    person_min_height_px: float = Field(
        default=300,
        gt=0,
        description="A staff member without a badge found is only called no_badge from this "
        "height (px) up; shorter is indeterminate. A badge is ~5-8% of body height, so below "
        "300 px it is under ~20 px wide, where the detector misses many (model card).",
    )
    edge_margin_px: float = Field(
        default=2,
        ge=0,
        description="A person box this close to the frame edge is cut off: indeterminate",
    )
    upper_body_fraction: float = Field(
        default=0.65,
        gt=0,
        le=1,
        description="A badge belongs to a person when its centre is in this "
        "top share of the person's box",
    )
    upper_body_max_aspect: float = Field(
        default=2.2,
        gt=0,
        description="A person box no taller than this times its width shows an upper body only "
        "(a counter, desk or the frame cuts it at the waist; a standing person's box is about "
        "three times as tall as wide): their badge may hang anywhere in it",
    )
    uniform_identifies_staff: bool = Field(
        default=True,
        description="Use torso colour to find staff (false where customers dress alike)",
    )
    colour_alone: Literal["violation", "indeterminate"] = Field(
        default="violation",
        description="badge.worn for someone seen clearly, without a badge, whom only the colour of "
        "their clothes makes staff: a violation, or indeterminate (for review, never a deduction) "
        "where customers wear the uniform's colours too. On real indoor ceiling frames the "
        "colour alone made 16 of 44 frames a false violation (bench.real_rules --photos); on "
        "generated halls 6 staff members without a badge are caught by it alone (bench.accuracy)",
    )
    titles: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TITLES),
        description="Job titles (岗位职务) on badges. A title not listed still counts when built as "
        "titles are: a post's words before a post word (服务代表, 智家工程师: checks.badges.TITLE_STEMS, "
        "TITLE_HEADS)"
    )
    star_keywords: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STAR_KEYWORDS),
        description="Texts that make a sign a star-desk sign (one wrong character tolerated)",
    )
    star_negatives: list[str] = Field(
        default_factory=lambda: list(DEFAULT_STAR_NEGATIVES),
        description="Look-alike texts that are not a star-desk sign",
    )
    uniform_colours: list[UniformColour] = Field(
        default_factory=_default_uniforms, description="Torso colours of the staff uniform"
    )
    suit_colours: list[UniformColour] = Field(
        default_factory=_default_suits,
        description="Torso colours of uniforms customers wear too (black, charcoal): staff only "
        "together with their place behind a counter (counter_position)",
    )
    uniform_max_difference: float = Field(
        default=14.0,
        gt=0,
        description="staff.uniform: two staff members' clothes colours further apart than this (CIE "
        "Lab distance, lightness counted half) are different workwear. The same jacket measured at "
        "most 11.2 apart on 200 generated pairs (5.2 at the 99th percentile: light, vignetting, "
        "shirts, colour casts); navy and telecom blue "
        "differ by 11 (not told apart), navy and black suits by 21, a dark suit and a coloured "
        "jacket by 40 or more",
    )
    counter_position: CounterPosition = Field(
        default_factory=CounterPosition,
        description="Staff by their place behind the counter, in counter and star_desk zones "
        "without staff_area polygons",
    )
    store_types: dict[StoreType, StoreProfile] = Field(
        default_factory=dict,
        validate_default=True,
        description="Per-store-type profiles; missing types use defaults",
    )
    cameras: dict[str, CameraConfig] = Field(
        default_factory=dict, description="Per-camera zone and polygons, keyed by camera id"
    )
    rules: dict[RuleId, RuleOverride] = Field(
        default_factory=dict, description="Per-rule changes for every store type"
    )

    @field_validator("store_types")
    @classmethod
    def _all_store_types(cls, value: dict[StoreType, StoreProfile]) -> dict[str, StoreProfile]:
        return {kind: value.get(kind, StoreProfile()) for kind in STORE_TYPES}  # type: ignore[call-overload]

    def profile(self, store_type: str) -> StoreProfile:
        return self.store_types.get(store_type, StoreProfile())  # type: ignore[call-overload]

    def uniform_required(self, store_type: str) -> bool:
        explicit = self.profile(store_type).uniform_required
        if explicit is not None:
            return explicit
        return CATALOGUE.store_types[store_type].uniform_required  # type: ignore[index]

    def camera(self, camera_id: str | None) -> CameraConfig:
        """The camera's config; an unknown or absent camera has no polygons."""
        return self.cameras.get(camera_id or "", CameraConfig())


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        why = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        lines.append(f"  {where}: {why}")
    return "invalid checks config:\n" + "\n".join(lines)


def load_checks_config(data: Mapping[str, Any] | None = None) -> ChecksConfig:
    """Validate the ``checks:`` mapping of a config file.

    Raises:
        ChecksConfigError: listing each bad key as a dotted path, e.g. ``cameras.cam1.zonee:
            unknown key``.
    """
    try:
        return ChecksConfig.model_validate(dict(data or {}))
    except ValidationError as error:
        raise ChecksConfigError(_describe(error)) from None
