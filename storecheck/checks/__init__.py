"""checks: objects and text -> findings and a score.

The flat public namespace::

    from storecheck.checks import CheckContext, evaluate, load_checks_config, load_roster

    result = evaluate(observation, CheckContext(zone="counter", roster=load_roster("staff.csv")))
"""

from storecheck.checks.badges import ParsedBadge, parse_badge
from storecheck.checks.catalogue import CATALOGUE, RULES_VERSION
from storecheck.checks.config import ChecksConfig, ChecksConfigError, load_checks_config
from storecheck.checks.evaluate import CheckContext, Evaluation, evaluate
from storecheck.checks.roster import Roster, RosterEntry, RosterError, load_roster, parse_roster
from storecheck.checks.scoring import ScoredSnapshot, ScoreSummary, aggregate_scores, score

__all__ = [
    "CATALOGUE",
    "RULES_VERSION",
    "CheckContext",
    "ChecksConfig",
    "ChecksConfigError",
    "Evaluation",
    "ParsedBadge",
    "Roster",
    "RosterEntry",
    "RosterError",
    "ScoreSummary",
    "ScoredSnapshot",
    "aggregate_scores",
    "evaluate",
    "load_checks_config",
    "load_roster",
    "parse_badge",
    "parse_roster",
    "score",
]
