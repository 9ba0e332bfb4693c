"""Request and response bodies, per entity: ``XCreate`` in, ``XPublic`` out, ``XsPublic`` lists
(``{data, count}``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.config import CameraPolygons, UniformColour
from storecheck.checks.messages_zh import message_zh
from storecheck.contract import AnalysisResult, StoreType, Zone
from storecheck.vision.types import LABELS

#: What a reviewer may say the evidence boxes hold.
RELABELS = (*LABELS, "background")


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class StoreCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$", description="Store code")
    name: str = Field(min_length=1, max_length=200, description="营业厅名称")
    store_type: StoreType = Field(description="Store type (decides which rules apply)")
    uniform_colours: list[UniformColour] | None = Field(
        default=None, description="Torso colours of this store's uniform; default: the deployment's"
    )


class StorePublic(_Public):
    id: str
    name: str
    store_type: str
    uniform_colours: list[dict[str, Any]] | None
    created_at: datetime


class StoresPublic(BaseModel):
    data: list[StorePublic]
    count: int


class CameraCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$", description="Camera id")
    name: str = Field(default="", max_length=200)
    zone: Zone = Field(description="What the camera watches: hall, counter, star_desk or window")
    polygons: CameraPolygons = Field(default_factory=CameraPolygons, description="Relative 0-1 polygons")


class CameraPublic(_Public):
    id: str
    store_id: str
    name: str
    zone: str
    polygons: dict[str, Any]


class CamerasPublic(BaseModel):
    data: list[CameraPublic]
    count: int


class SnapshotAccepted(BaseModel):
    id: str
    status: str
    duplicate: bool = Field(description="True when this image from this camera was already uploaded")


class ReviewCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["confirm", "dismiss"]
    reason: str = Field(default="", max_length=2000, description="Why; required to dismiss")
    relabel: str | None = Field(
        default=None,
        description="What the evidence boxes really hold, for the retraining export: a detector "
        "label (e.g. bucket when a mop was called), or background when nothing of ours is there",
    )

    @field_validator("relabel")
    @classmethod
    def _known_label(cls, value: str | None) -> str | None:
        if value is not None and value not in RELABELS:
            raise ValueError(f"relabel must be one of {', '.join(RELABELS)}")
        return value


class ReviewPublic(_Public):
    id: int
    reviewer: str
    verdict: str
    reason: str
    relabel: str | None = None
    created_at: datetime


class ReviewItemPublic(_Public):
    """Repeated findings of one rule on one camera showing the same thing: decided once."""

    id: int
    store_id: str
    camera_id: str
    rule: str
    status: Literal["open", "confirmed", "dismissed"]
    evidence: list[list[float]]
    first_seen: datetime
    last_seen: datetime
    closed_at: datetime | None
    count: int = Field(description="How many violations (frames) the item holds")
    violation_ids: list[int]
    snapshot_ids: list[str]
    title: str = ""

    @classmethod
    def of(cls, item: Any) -> ReviewItemPublic:
        return cls.model_validate({
            **{name: getattr(item, name) for name in (
                "id", "store_id", "camera_id", "rule", "status", "evidence", "first_seen", "last_seen", "closed_at")},
            "count": len(item.violations), "violation_ids": [v.id for v in item.violations],
            "snapshot_ids": [v.snapshot_id for v in item.violations], "title": CATALOGUE.rule(item.rule).title,
        })


class ReviewItemsPublic(BaseModel):
    data: list[ReviewItemPublic]
    count: int


class ViolationPublic(_Public):
    id: int
    snapshot_id: str
    finding_id: int
    store_id: str
    camera_id: str
    rule: str
    kind: Literal["violation", "indeterminate"]
    status: Literal["open", "confirmed", "dismissed"]
    message: str
    evidence: list[list[float]]
    deduction: float
    day: date
    created_at: datetime
    reviews: list[ReviewPublic]
    title: str = ""
    clause: str = ""
    item_id: int | None = Field(default=None, description="The review item this violation repeats")
    item_count: int = Field(default=1, description="How many violations (frames) its review item holds")
    first_seen: datetime | None = Field(default=None, description="The item's first frame")
    last_seen: datetime | None = Field(default=None, description="The item's latest frame")
    message_zh: str = Field(default="", description="What was found, in Chinese (message stays English)")

    @classmethod
    def of(cls, violation: Any) -> ViolationPublic:
        spec = CATALOGUE.rule(violation.rule)
        item = violation.item
        extra = {"item_count": len(item.violations), "first_seen": item.first_seen,
                 "last_seen": item.last_seen} if item is not None else {}
        return cls.model_validate(violation).model_copy(update={
            "title": spec.title, "clause": spec.clause,
            "message_zh": message_zh(violation.rule, violation.kind, len(violation.evidence)), **extra,
        })


class ViolationsPublic(BaseModel):
    data: list[ViolationPublic]
    count: int


class ModelsPublic(BaseModel):
    detector: str | None
    ocr: str | None
    rules: str | None


class SnapshotPublic(_Public):
    id: str
    store_id: str
    camera_id: str
    sha256: str
    content_type: str
    captured_at: datetime
    received_at: datetime
    status: Literal["queued", "running", "done", "failed"]
    attempts: int
    error: str | None
    score: float | None
    reviewed_score: float | None
    models: ModelsPublic
    result: AnalysisResult | None = Field(description="The analysis contract's result, once done")
    violations: list[ViolationPublic]
    review_state: Literal["pending", "none", "open", "reviewed"] = Field(
        description="pending: not analysed yet; none: nothing to review; open: some violation "
        "awaits a reviewer; reviewed: every violation has a verdict"
    )
    image_available: bool


class SnapshotsPublic(BaseModel):
    data: list[SnapshotPublic]
    count: int


class DailyScorePublic(_Public):
    day: date
    camera_id: str
    mean: float
    count: int
    minimum: float
    maximum: float


class SnapshotScore(BaseModel):
    id: str
    camera_id: str
    captured_at: datetime
    score: float | None
    reviewed_score: float | None
    bonus: float = Field(default=0.0, description="The snapshot's bonus points (加分项), beside its score")


class RuleCount(BaseModel):
    rule: str
    title: str
    count: int


class DayBoardsPublic(BaseModel):
    """The store's notice boards on one day: a notice seen on any notice_board camera counts."""

    model_config = ConfigDict(from_attributes=True)

    day: date
    seen: dict[str, list[str]] = Field(description="Each required notice seen, with the cameras that saw it")
    missing: list[str] = Field(description="Required notices no notice_board camera saw that day")
    cameras: list[str] = Field(description="notice_board cameras with an analysed snapshot that day")
    bonuses: dict[str, float] = Field(description="Each 加分项 rule's best bonus in the day's snapshots")
    bonus: float = Field(description="The day's bonus points, shown beside the score (not in it)")


class UniformSightingPublic(BaseModel):
    """The workwear one snapshot's staff share (its result's ``uniform``)."""

    model_config = ConfigDict(from_attributes=True)

    snapshot_id: str
    captured_at: datetime
    lab: list[float] = Field(min_length=3, max_length=3, description="CIE Lab (D65, L 0-100) of their clothes")
    staff: int = Field(description="How many staff members in view wear it")
    different: bool = Field(description="Not the store's workwear that day (named by the day's violation)")


class DayUniformsPublic(BaseModel):
    """The store's workwear on one day across its cameras (staff.uniform's zones; not community
    halls): the snapshots' uniforms compared with the rule's own colour distance and limit, the
    majority counted in cameras."""

    model_config = ConfigDict(from_attributes=True)

    day: date
    status: Literal["pass", "violation", "indeterminate"] = Field(
        description="pass: one workwear on every camera; violation: some camera's staff wear other "
        "workwear (every camera when no majority of cameras agrees); indeterminate: fewer than two cameras")
    message: str
    uniform: list[float] | None = Field(
        description="The store's workwear that day (CIE Lab, the mean of the agreeing snapshots); null "
        "without a majority or with fewer than two cameras")
    cameras: dict[str, list[UniformSightingPublic]] = Field(
        description="Per camera, the workwear seen in each analysed snapshot of the day, oldest first")
    different: list[str] = Field(description="Cameras whose staff wore other workwear that day")
    snapshots: list[str] = Field(description="Ids of the snapshots showing that other workwear")


class StoreScores(BaseModel):
    store_id: str
    days: list[DailyScorePublic] = Field(description="Whole-store mean per local day")
    cameras: list[DailyScorePublic] = Field(description="Mean per camera and day")
    snapshots: list[SnapshotScore] = Field(description="Latest analysed snapshots, newest first")
    trend: float | None = Field(description="Last day's mean minus the first day's, in the window")
    top_rules: list[RuleCount] = Field(description="Rules most often broken (confirmed or open)")
    boards: list[DayBoardsPublic] = Field(
        default_factory=list, description="Per day: notices seen on the store's notice boards, and bonuses")
    uniforms: list[DayUniformsPublic] = Field(
        default_factory=list,
        description="Per day with a uniform seen: the same workwear across the store's cameras (staff.uniform's "
        "store view); empty for store types the rule does not ask, such as community halls")


class KeyPublic(_Public):
    """An API key as an admin sees it: never the key itself, only its first characters."""

    id: int
    name: str
    role: str
    prefix: str = Field(description="The key's first characters, to tell keys apart")
    store_ids: list[str]
    created_at: datetime
    revoked_at: datetime | None


class KeysPublic(BaseModel):
    data: list[KeyPublic]
    count: int


class RosterEntryPublic(BaseModel):
    employee_id: str
    name: str
    role: Literal["staff", "intern"]
    pregnant: bool


class RosterPublic(BaseModel):
    store_id: str
    count: int
    entries: list[RosterEntryPublic]
    uploaded_at: datetime
    uploaded_by: int | None = Field(description="Id of the key that uploaded it")


class CameraHealthIn(BaseModel):
    """One camera's entry in an edge agent's health report (``storecheck capture``)."""

    # Newer agents may report more counters: kept in the stored report, never refused.
    model_config = ConfigDict(extra="allow")

    camera_id: str = Field(max_length=64)
    state: Literal["starting", "ok", "failing", "offline"]
    last_success: str | None = Field(default=None, max_length=40)
    last_attempt: str | None = Field(default=None, max_length=40)
    consecutive_failures: int = Field(default=0, ge=0)
    dark_since: str | None = Field(default=None, max_length=40)
    last_error: str | None = Field(default=None, max_length=2000)


class HealthReportIn(BaseModel):
    """What ``storecheck capture`` posts to ``service.health_path`` after each publish."""

    model_config = ConfigDict(extra="allow")

    store_id: str = Field(max_length=64)
    cameras: dict[str, CameraHealthIn] = Field(max_length=1000)
    findings: list[dict[str, Any]] = Field(default_factory=list, description="camera.offline findings, kept as sent")


class HealthReportAccepted(BaseModel):
    stored: list[str] = Field(description="Camera ids whose health was kept")
    unknown_cameras: list[str] = Field(description="Camera ids not registered for this store: not kept")


class CameraHealthPublic(_Public):
    camera_id: str
    zone: str
    state: str = Field(description="ok | starting | failing | offline (as the agent said), "
                                   "silent (no report lately) or unknown (never reported)")
    reported_state: str | None
    received_at: datetime | None
    last_success: str | None
    dark_since: str | None
    last_error: str | None


class StoreHealthPublic(BaseModel):
    store_id: str
    silent_after_s: int
    cameras: list[CameraHealthPublic]
