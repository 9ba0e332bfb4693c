"""The rules catalogue (``rules.yaml``): rule ids, the standard's clauses, zones, deductions.

Example:
    >>> CATALOGUE.rule("window.posters").zones
    ['window']
    >>> RULES_VERSION.startswith("rules-")
    True
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from storecheck.contract import RULE_IDS, STORE_TYPES, RuleId, StoreType, Zone

CATALOGUE_PATH = Path(__file__).with_name("rules.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSpec(_Strict):
    id: RuleId = Field(description="Rule id from the contract; never changes")
    title: str = Field(description="Short Chinese name of the requirement")
    clause: str = Field(description="The standard's clause, quoted")
    zones: list[Zone] = Field(description="Camera zones where the rule applies")
    store_types: list[StoreType] = Field(description="Store types where the rule applies")
    deduction: float = Field(ge=0, description="Points deducted per occurrence of a violation")
    cap: float = Field(ge=0, description="Most points this rule may deduct from one snapshot")
    bonus: float = Field(default=0.0, ge=0, description="Points a met 加分项 earns (bonus rules only)")


class StoreTypeSpec(_Strict):
    name: str = Field(description="The standard's name for this store type")
    uniform_required: bool = Field(description="Whether staff must wear the uniform (着装要求)")
    clause: str | None = Field(default=None, description="The clause behind an exception")


class Catalogue(_Strict):
    version: str = Field(description="Catalogue version; RULES_VERSION adds the file's hash")
    source: str = Field(description="The standard the clauses are quoted from")
    scoring: str = Field(description="How findings become a score, in words")
    store_types: dict[StoreType, StoreTypeSpec]
    rules: list[RuleSpec]

    @model_validator(mode="after")
    def _complete(self) -> Catalogue:
        ids = tuple(rule.id for rule in self.rules)
        if ids != RULE_IDS:
            raise ValueError(f"rules must be exactly {RULE_IDS} in that order, got {ids}")
        if set(self.store_types) != set(STORE_TYPES):
            raise ValueError(f"store_types must be exactly {STORE_TYPES}")
        return self

    def rule(self, rule_id: str) -> RuleSpec:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"unknown rule id {rule_id!r}; known: {', '.join(RULE_IDS)}")


def load_catalogue(path: Path = CATALOGUE_PATH) -> tuple[Catalogue, str]:
    """Parse and validate a catalogue file; returns it with its version string
    (``<version>+<first 8 hex of the file's sha256>``) so any edit shows in results."""
    raw = path.read_bytes()
    catalogue = Catalogue.model_validate(yaml.safe_load(raw))
    return catalogue, f"{catalogue.version}+{hashlib.sha256(raw).hexdigest()[:8]}"


CATALOGUE, RULES_VERSION = load_catalogue()
