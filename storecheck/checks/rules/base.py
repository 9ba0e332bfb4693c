"""What every rule module shares: the rule's effective policy and how a finding is made.

A rule module exposes ``check(scene, policy) -> Finding`` and returns exactly one finding for
its rule id. Deductions are computed here, from the catalogue and the config, so no rule module
decides points on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storecheck.checks import geometry
from storecheck.checks.catalogue import CATALOGUE
from storecheck.checks.config import ChecksConfig, RuleOverride
from storecheck.contract import Finding, Status
from storecheck.vision.types import Box


@dataclass(frozen=True)
class RulePolicy:
    """A catalogue rule after the config's overrides: global ``rules`` first, then the store
    type's profile (the more specific setting wins)."""

    rule_id: str
    enabled: bool
    zones: tuple[str, ...]
    store_types: tuple[str, ...]
    deduction: float
    cap: float
    bonus: float = 0.0

    def applies(self, zone: str, store_type: str) -> bool:
        return self.enabled and zone in self.zones and store_type in self.store_types

    def points(self, occurrences: int) -> float:
        """Deduction for ``occurrences`` violations in one snapshot, capped."""
        return min(self.cap, self.deduction * max(occurrences, 1))


def resolve_policy(rule_id: str, config: ChecksConfig, store_type: str) -> RulePolicy:
    spec = CATALOGUE.rule(rule_id)
    enabled, deduction, cap, bonus = True, spec.deduction, spec.cap, spec.bonus
    overrides: list[RuleOverride | None] = [
        config.rules.get(rule_id),  # type: ignore[call-overload]
        config.profile(store_type).rules.get(rule_id),  # type: ignore[call-overload]
    ]
    for override in overrides:
        if override is None:
            continue
        enabled = enabled if override.enabled is None else override.enabled
        deduction = deduction if override.deduction is None else override.deduction
        cap = cap if override.cap is None else override.cap
        bonus = bonus if override.bonus is None else override.bonus
    return RulePolicy(rule_id, enabled, tuple(spec.zones), tuple(spec.store_types), deduction, cap, bonus)


def finding(
    policy: RulePolicy,
    status: Status,
    message: str,
    evidence: Iterable[Box] = (),
    occurrences: int = 0,
    bonus: bool = False,
) -> Finding:
    """A contract finding; only a violation carries a deduction, only a met 加分项 (``bonus``
    and a pass) its bonus points. An indeterminate finding says what a reviewer's confirmation
    would cost: the same policy's points for its evidence (one occurrence per box), capped."""
    boxes = [geometry.as_list(box) for box in evidence]
    return Finding(
        rule=policy.rule_id,
        status=status,
        message=message,
        evidence=boxes,
        deduction=policy.points(occurrences) if status == "violation" else 0.0,
        bonus=policy.bonus if bonus and status == "pass" else None,
        review_deduction=policy.points(occurrences or len(boxes)) if status == "indeterminate" else None,
    )


def not_applicable(policy: RulePolicy, zone: str, store_type: str) -> Finding:
    if not policy.enabled:
        reason = "switched off in the config"
    elif zone not in policy.zones:
        reason = f"not checked in the {zone} zone (only {', '.join(policy.zones)})"
    else:
        reason = f"not checked for store type {store_type}"
    return finding(policy, "not_applicable", reason)


def count_phrase(count: int, noun: str, plural: str | None = None) -> str:
    """``1 poster``, ``5 posters``."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"
