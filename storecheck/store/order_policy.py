"""The ``orders:`` section of the config YAML: how long a store has to fix each rule's finding.

Example (``$STORECHECK_HOME/config.yaml``)::

    orders:
      due_hours: 24                  # any rule not listed below
      due_hours_by_rule:
        hall.no_cleaning_tools: 1    # a mop in the hall is moved in minutes
        notices.displayed: 72        # a missing licence notice needs a print shop

Pure pydantic (no SQLAlchemy): ``storecheck analyze`` reads the same file.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from storecheck.contract import RuleId

#: Hours to fix, per rule, when the config says nothing: what a hall can do at once (move a mop,
#: put a badge on) gets hours; what needs a print shop or head office gets days.
#: Rules not here (badge fields, posters, price tags) get ``due_hours``.
DEFAULT_DUE_HOURS_BY_RULE: dict[str, float] = {
    "badge.worn": 2,
    "hall.no_cleaning_tools": 2,
    "star_desk.sign": 4,
    "notices.displayed": 72,
    "community.commitments": 72,
}
Hours = Annotated[float, Field(gt=0, le=24 * 365)]


class OrdersConfig(BaseModel):
    """Rectification orders (整改单): a confirmed finding becomes an order with a due time."""

    model_config = ConfigDict(extra="forbid")

    due_hours: Hours = Field(default=24, description="Hours a store has to fix a finding of a rule "
                             "with no hours of its own (here or built in)")
    due_hours_by_rule: dict[RuleId, Hours] = Field(
        default_factory=dict,
        description="Hours to fix per rule id, over the built-in defaults "
        "(badge.worn 2, hall.no_cleaning_tools 2, star_desk.sign 4, notices.displayed 72, "
        "community.commitments 72)")

    def due_in(self, rule: str) -> timedelta:
        """How long after the confirmation an order for ``rule`` falls due."""
        hours = self.due_hours_by_rule.get(rule)  # type: ignore[call-overload]
        if hours is None:
            hours = DEFAULT_DUE_HOURS_BY_RULE.get(rule, self.due_hours)
        return timedelta(hours=hours)
