import re
from pathlib import Path

import pytest

from storecheck.checks.catalogue import CATALOGUE, RULES_VERSION
from storecheck.contract import RULE_IDS

STANDARD = Path(__file__).resolve().parents[3] / "shared/seed/000_a881e3ed32b0db1b.txt"


def test_catalogue_lists_every_contract_rule_in_order() -> None:
    assert tuple(rule.id for rule in CATALOGUE.rules) == RULE_IDS


def test_rules_version_carries_the_file_hash() -> None:
    assert re.fullmatch(r"rules-\d{4}\.\d{2}\+[0-9a-f]{8}", RULES_VERSION)


@pytest.mark.parametrize(
    ("rule_id", "zones"),
    [
        ("badge.worn", ["hall", "counter", "star_desk"]),
        ("star_desk.sign", ["star_desk"]),
        ("window.posters", ["window"]),
        ("hall.no_cleaning_tools", ["hall"]),
    ],
)
def test_zones_follow_the_contract(rule_id: str, zones: list[str]) -> None:
    assert CATALOGUE.rule(rule_id).zones == zones


@pytest.mark.skipif(not STANDARD.exists(), reason="the service standard is not checked out here")
@pytest.mark.parametrize("rule", CATALOGUE.rules, ids=lambda rule: rule.id)
def test_clauses_are_quoted_from_the_standard(rule) -> None:  # type: ignore[no-untyped-def]
    assert rule.clause in STANDARD.read_text(encoding="utf-8")
