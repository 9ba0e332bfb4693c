"""One module per rule id; :data:`CHECKS` maps each id to its ``check(scene, policy)``,
in the contract's order. A module whose verdict rests on small print may also say, with
``wants_finer_text(scene)``, that the frame's coarse reading cannot settle it
(:data:`WANTS_FINER_TEXT`): the engine then reads the small print again before the rules run."""

from __future__ import annotations

from collections.abc import Callable

from storecheck.checks.rules import (
    badge_fields,
    badge_intern,
    badge_pregnant,
    badge_worn,
    community_commitments,
    demo_phones_powered,
    hall_no_cleaning_tools,
    itv_playing,
    notices_displayed,
    price_tags_fields,
    staff_uniform,
    star_desk_sign,
    terminals_paused_notice,
    window_posters,
)
from storecheck.checks.rules.base import RulePolicy, not_applicable, resolve_policy
from storecheck.checks.scene import Scene
from storecheck.contract import RULE_IDS, Finding

Check = Callable[[Scene, RulePolicy], Finding]

_MODULES = (
    badge_worn,
    badge_fields,
    badge_pregnant,
    badge_intern,
    star_desk_sign,
    window_posters,
    hall_no_cleaning_tools,
    notices_displayed,
    community_commitments,
    price_tags_fields,
    demo_phones_powered,
    itv_playing,
    terminals_paused_notice,
    staff_uniform,
)
CHECKS: dict[str, Check] = {module.RULE_ID: module.check for module in _MODULES}
WANTS_FINER_TEXT: dict[str, Callable[[Scene], bool]] = {
    module.RULE_ID: module.wants_finer_text for module in _MODULES if hasattr(module, "wants_finer_text")
}
if tuple(CHECKS) != RULE_IDS:  # one module per contract rule id, in the contract's order
    raise ImportError(f"rule modules {tuple(CHECKS)} do not match the contract's {RULE_IDS}")

__all__ = ["CHECKS", "WANTS_FINER_TEXT", "Check", "RulePolicy", "not_applicable", "resolve_policy"]
