"""``evaluate(observation, context) -> Evaluation``: the one entry point from vision to findings.

Example:
    >>> from storecheck.vision.types import Detections, Observation
    >>> obs = Observation(1280, 720, Detections.from_lists([[100, 500, 140, 560]], [0.9], ["mop"]))
    >>> result = evaluate(obs, CheckContext(zone="hall"))
    >>> [f.status for f in result.findings if f.rule == "hall.no_cleaning_tools"], result.score
    (['violation'], 98.0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from storecheck.checks.catalogue import RULES_VERSION
from storecheck.checks.config import ChecksConfig
from storecheck.checks.roster import Roster
from storecheck.checks.rules import (
    CHECKS,
    WANTS_FINER_TEXT,
    not_applicable,
    resolve_policy,
    staff_uniform,
)
from storecheck.checks.scene import Reader, build_scene
from storecheck.checks.scoring import score
from storecheck.contract import (
    BadgeSeen,
    Device,
    Finding,
    Notices,
    Posters,
    PriceTag,
    Sign,
    Staff,
    StoreType,
    Uniform,
    Zone,
)
from storecheck.vision.types import Observation

DEFAULT_ZONE: Zone = "hall"
#: Reads the frame's small print again, finer, and returns the observation with that reading.
Refiner = Callable[[Observation], Observation]


@dataclass(frozen=True)
class CheckContext:
    """Where a snapshot was taken and what to check it against.

    Attributes:
        zone: the camera's zone; ``None`` takes the camera's configured zone, else ``hall``.
        store_type: decides which rules apply and whether uniforms identify staff.
        camera_id: picks the camera's polygons (window, staff_area, hall_floor) from the config.
        roster: staff list for the 孕妈妈 / 实习生 cross-checks; ``None`` to check badges alone.
        config: thresholds, vocabularies, profiles; the defaults follow the standard.
    """

    zone: Zone | None = None
    store_type: StoreType = "hall_1_3"
    camera_id: str | None = None
    roster: Roster | None = None
    config: ChecksConfig = field(default_factory=ChecksConfig)

    def resolved_zone(self) -> Zone:
        return self.zone or self.config.camera(self.camera_id).zone or DEFAULT_ZONE


class Evaluation(BaseModel):
    """The checks' part of the contract's ``AnalysisResult``."""

    zone: Zone = Field(description="The zone the snapshot was checked as")
    staff: list[Staff] = Field(description="Persons taken for staff; customers are left out")
    badges: list[BadgeSeen] = Field(description="Every badge found, worn by staff in view or not")
    signs: list[Sign] = Field(description="Detected desk/hanging/LED signs and their text")
    posters: Posters = Field(description="Posters counted on the windows")
    findings: list[Finding] = Field(description="One per rule id, in the contract's order")
    score: float = Field(ge=0, le=100, description="100 minus the deductions of violations")
    bonus: float = Field(default=0.0, ge=0, description="The findings' bonus points (加分项), beside the score")
    notices: Notices | None = Field(default=None, description="Notices seen and missing (notice boards)")
    price_tags: list[PriceTag] = Field(default_factory=list, description="Device price tags read")
    devices: list[Device] = Field(default_factory=list, description="Demo phones, ITV set, terminals in view")
    uniform: Uniform | None = Field(
        default=None, description="The workwear most staff in view share (where staff.uniform applies)")
    rules_version: str = Field(description="Catalogue version + hash, for ModelsInfo.rules")


def evaluate(observation: Observation, context: CheckContext, reread: Reader | None = None,
             refine: Refiner | None = None) -> Evaluation:
    """Check one snapshot: every rule id gets exactly one finding (``not_applicable`` where the
    zone or store type does not call for it) and the score follows from the violations.

    ``reread`` reads a region of the snapshot again at full resolution; a rule may ask for it
    before it accuses someone (``Scene.reread``). ``refine`` reads the frame's small print again,
    finer: it runs (once) only when a rule that applies says the coarse reading cannot settle it
    (its module's ``wants_finer_text``), so a board whose four titles were read costs nothing
    more. Without them, rules judge what was observed."""
    zone = context.resolved_zone()
    config = context.config
    camera = config.camera(context.camera_id)
    scene = build_scene(observation, zone, context.store_type, config, camera, context.roster, reread)
    policies = {rule_id: resolve_policy(rule_id, config, context.store_type) for rule_id in CHECKS}
    applied = {rule_id for rule_id, policy in policies.items() if policy.applies(zone, context.store_type)}
    if refine is not None and any(WANTS_FINER_TEXT[rule_id](scene) for rule_id in applied & WANTS_FINER_TEXT.keys()):
        scene = build_scene(refine(observation), zone, context.store_type, config, camera, context.roster, reread)
    worn = {badge.index for member in scene.staff for badge in member.badges}
    findings = [CHECKS[rule_id](scene, policy) if rule_id in applied else not_applicable(policy, zone, context.store_type)
                for rule_id, policy in policies.items()]
    board = scene.board if "notices.displayed" in applied else None
    return Evaluation(
        zone=zone,
        staff=[member.to_contract() for member in scene.staff],
        badges=[badge.to_contract(worn=badge.index in worn) for badge in scene.badges],
        signs=[sign.to_contract() for sign in scene.signs],
        posters=scene.posters(),
        findings=findings,
        score=score(findings),
        bonus=round(sum(f.bonus or 0.0 for f in findings), 2),
        notices=Notices(seen=board.seen, missing=board.missing) if board is not None else None,
        price_tags=[tag.to_contract() for tag in scene.price_tags] if "price_tags.fields" in applied else [],
        devices=[device.to_contract() for device in scene.devices],
        uniform=staff_uniform.uniform_seen(scene) if staff_uniform.RULE_ID in applied else None,
        rules_version=RULES_VERSION,
    )
