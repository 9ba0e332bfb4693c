"""The sample snapshots of the rules seen on screens and clothes get, from the real engine, the
verdict their truth line expects, for the store type they are meant for (what the README's
walk-through and the demo show), seeing each screen in the state it is drawn in."""

from __future__ import annotations

import json
from typing import Any

import pytest

from datasets.samples import CASES, VERDICTS
from storecheck.engine import Engine
from tests.servicekit import SAMPLES

EXPECTING = [item for item in (json.loads(line) for line in (SAMPLES / "truth.jsonl").read_text(encoding="utf-8").splitlines()
                               if line) if "expect" in item]


def test_every_new_rule_has_a_sample_for_each_verdict() -> None:
    shown = {(rule, verdict) for item in EXPECTING for rule, verdict in item["expect"].items()}
    assert shown == {(rule, verdict) for rule in VERDICTS for verdict in ("pass", "violation")}


@pytest.mark.parametrize("item", EXPECTING, ids=[item["image"] for item in EXPECTING])
def test_the_verdict_expected_is_the_one_its_truth_gives(item: dict[str, Any]) -> None:
    case = next(case for case in CASES if f"{case.name}.jpg" == item["image"])
    assert item["store_type"] == case.store_type and item["seed"] not in case.skip
    assert {rule: VERDICTS[rule](item) for rule in item["expect"]} == item["expect"]


@pytest.mark.parametrize("item", EXPECTING, ids=[item["image"] for item in EXPECTING])
def test_the_engine_gives_the_sample_its_expected_verdict(engine: Engine, item: dict[str, Any]) -> None:
    analysis = engine.run(SAMPLES / item["image"], zone=item["zone"], store_type=item["store_type"])
    got = {f.rule: f for f in analysis.result.findings if f.rule in item["expect"]}  # type: ignore[union-attr]
    assert {rule: found.status for rule, found in got.items()} == item["expect"], {r: f.message for r, f in got.items()}
    # and for the reason the picture shows: each screen seen once, in its state
    seen = sorted((d.kind, d.powered, d.paused_notice) for d in analysis.result.devices)  # type: ignore[union-attr]
    assert seen == screens(item)


def screens(item: dict[str, Any]) -> list[tuple[str, bool, bool]]:
    """The phones, ITV set and terminals of a truth line: (kind, working, 暂停使用 notice)."""
    found = [("phone", bool(phone["powered"]), False) for phone in item.get("phones", [])]
    found += [("tv", bool(item["tv"]["playing"]), False)] if item.get("tv") else []
    found += [("terminal", not terminal["faulty"], bool(terminal["paused_notice"])) for terminal in item.get("terminals", [])]
    return sorted(found)
