"""A store's workwear over a day: ``staff.uniform`` asks one uniform of the whole store (同一店铺),
not only of the staff one camera sees together.

Each analysed snapshot of the store's cameras in the rule's zones carries the workwear its staff
share (``AnalysisResult.uniform``, one staff member included). A day's are compared across the
cameras with the rule's own colour distance, limit and majority
(:func:`~storecheck.checks.rules.staff_uniform.uniform_group`); the majority is counted in
cameras, so a camera that sends more snapshots does not outvote the others. Store types the rule
does not ask (community halls) have no store view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from storecheck.checks.config import ChecksConfig
from storecheck.checks.rules.base import count_phrase, resolve_policy
from storecheck.checks.rules.staff_uniform import RULE_ID, Lab, mean_colour, uniform_group
from storecheck.store.models import Camera, Snapshot, Store

DayStatus = Literal["pass", "violation", "indeterminate"]
#: A day's verdict in the store page's and the weekly report's words.
UNIFORM_STATUS_ZH: dict[str, str] = {"pass": "一致", "violation": "不一致", "indeterminate": "不足两个摄像头，无法对比"}


@dataclass
class Sighting:
    """The workwear one snapshot's staff share."""

    snapshot_id: str
    camera_id: str
    captured_at: datetime
    lab: Lab
    staff: int
    #: Not the store's workwear that day (named by a violation).
    different: bool = False


@dataclass
class DayUniforms:
    """The store's workwear on one local day, across its cameras."""

    day: date
    status: DayStatus = "indeterminate"
    message: str = ""
    #: The store's workwear that day (the mean of the sightings that agree); None without a majority.
    uniform: Lab | None = None
    #: Each camera's sightings, oldest first.
    cameras: dict[str, list[Sighting]] = field(default_factory=dict)

    @property
    def different(self) -> list[str]:
        """The cameras whose staff wore other workwear that day."""
        return sorted(camera for camera, seen in self.cameras.items() if any(s.different for s in seen))

    @property
    def snapshots(self) -> list[str]:
        """The snapshots showing that other workwear."""
        return [s.snapshot_id for seen in self.cameras.values() for s in seen if s.different]


def day_uniforms(session: Session, store_id: str, checks: ChecksConfig, since: date | None = None) -> list[DayUniforms]:
    """Per local day (oldest first) with a uniform seen, from the analysed snapshots of the
    store's cameras in the rule's zones; ``checks`` is the deployment's config (the rule's
    limit, and whether its profile asks this store type). Empty where the rule does not apply."""
    store = session.get(Store, store_id)
    if store is None or not store_view_asked(checks, store.store_type):
        return []
    policy = resolve_policy(RULE_ID, checks, store.store_type)
    # Only the result's uniform is read: a hall's day of full results stays in the database.
    query = (
        select(Snapshot.day, Snapshot.id, Snapshot.camera_id, Snapshot.captured_at, Snapshot.result["uniform"])
        .join(Camera, Camera.id == Snapshot.camera_id)
        .where(Snapshot.store_id == store_id, Snapshot.status == "done", Camera.zone.in_(policy.zones))
        .order_by(Snapshot.day, Snapshot.camera_id, Snapshot.captured_at, Snapshot.id)
    )
    if since is not None:
        query = query.where(Snapshot.day >= since)
    days: dict[date, DayUniforms] = {}
    for day, snapshot_id, camera_id, captured_at, uniform in session.execute(query):
        sighting = _sighting(snapshot_id, camera_id, captured_at, uniform)
        if sighting is not None:
            days.setdefault(day, DayUniforms(day)).cameras.setdefault(camera_id, []).append(sighting)
    for view in days.values():
        decide(view, checks.uniform_max_difference)
    return [days[day] for day in sorted(days)]


def store_view_asked(checks: ChecksConfig, store_type: str) -> bool:
    """Whether ``staff.uniform`` asks one uniform of a store of this type (enabled, and its
    profile covers the type): a report tells a community hall apart from a week with no uniform seen."""
    policy = resolve_policy(RULE_ID, checks, store_type)
    return policy.enabled and store_type in policy.store_types


def _sighting(snapshot_id: str, camera_id: str, captured_at: datetime, uniform: Any) -> Sighting | None:
    """A snapshot's uniform as stored (``{"lab": [L, a, b], "staff": n}``), or None (not
    measured, or analysed before results carried it)."""
    if not isinstance(uniform, dict) or len(uniform.get("lab") or []) != 3:
        return None
    lab = uniform["lab"]
    return Sighting(snapshot_id, camera_id, captured_at, (float(lab[0]), float(lab[1]), float(lab[2])),
                    int(uniform.get("staff") or 1))


def decide(view: DayUniforms, limit: float) -> None:
    """The day's verdict: ``pass`` when every sighting is within ``limit`` of the store's
    workwear; ``violation`` marking the sightings in other workwear (all of them when no majority
    of cameras agrees: nobody can say whose is the uniform); ``indeterminate`` with fewer than
    two cameras to compare."""
    sightings = [s for seen in view.cameras.values() for s in seen]
    cameras = count_phrase(len(view.cameras), "camera")
    if len(view.cameras) < 2:
        view.status = "indeterminate"
        view.message = f"workwear seen on {cameras}; two or more are needed to compare"
        return

    def camera_votes(group: Sequence[int]) -> int:
        return len({sightings[i].camera_id for i in group})

    alike, majority = uniform_group([s.lab for s in sightings], limit, votes=camera_votes)
    members = set(alike)
    odd = [s for i, s in enumerate(sightings) if i not in members]
    if not majority:
        for sighting in sightings:
            sighting.different = True
        view.status = "violation"
        view.message = f"no workwear shared by most cameras: {', '.join(view.different)} differ"
        return
    store_lab = mean_colour([sightings[i].lab for i in alike])
    view.uniform = (round(store_lab[0], 2), round(store_lab[1], 2), round(store_lab[2], 2))
    for sighting in odd:
        sighting.different = True
    if not odd:
        view.status = "pass"
        view.message = f"the same workwear on {cameras} ({count_phrase(len(sightings), 'snapshot')})"
        return
    view.status = "violation"
    view.message = (f"{', '.join(view.different)}: staff in other workwear than the store's (worn on "
                    f"{camera_votes(alike)} of {cameras}) in {count_phrase(len(odd), 'snapshot')}")
