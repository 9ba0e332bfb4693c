"""store.uniforms: one workwear across a store's cameras on a day (staff.uniform's store view),
from analysed snapshots in a real database, compared with the rule's own distance and limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import count

import pytest
from sqlalchemy.orm import Session, sessionmaker

from storecheck.checks import load_checks_config
from storecheck.checks.config import ChecksConfig
from storecheck.checks.rules.staff_uniform import Lab, difference
from storecheck.contract import Uniform
from storecheck.store.db import make_engine, session_factory, transaction, upgrade
from storecheck.store.models import Camera, Store
from storecheck.store.snapshots import add_snapshot, record_result
from storecheck.store.uniforms import DayUniforms, day_uniforms
from tests.servicekit import result_with

NAVY: Lab = (22.0, 6.0, -28.0)
NAVY_IN_SHADE: Lab = (27.0, 4.0, -24.0)  # 5.3 from NAVY: the same suit under another camera's light
ORANGE: Lab = (64.0, 34.0, 62.0)
DEFAULT = ChecksConfig()
_images = count()


@pytest.fixture
def factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    upgrade(engine)
    made = session_factory(engine)
    with transaction(made) as session:
        session.add(Store(id="hall", name="城东营业厅", store_type="hall_1_3"))
        session.add(Store(id="community", name="南苑社区厅", store_type="community"))
        session.flush()
        for store in ("hall", "community"):
            for zone in ("hall", "counter", "star_desk", "window"):
                session.add(Camera(id=f"{store}-{zone}", store_id=store, zone=zone, polygons={}))
            session.add(Camera(id=f"{store}-counter-2", store_id=store, zone="counter", polygons={}))
    yield made
    engine.dispose()


def snap(factory: sessionmaker[Session], camera: str, lab: Lab | None, staff: int = 1, hour: int = 2,
         day: int = 2) -> str:
    """An analysed snapshot of ``camera`` whose staff share the workwear ``lab`` (None: none seen)."""
    store, zone = camera.split("-")[0], camera.split("-")[1]
    result = result_with(findings=[], zone=zone).model_copy(
        update={"uniform": Uniform(lab=list(lab), staff=staff) if lab is not None else None})
    with transaction(factory) as session:
        snapshot = add_snapshot(session, store_id=store, camera_id=camera, sha256=f"{next(_images):064d}",
                                content_type="image/jpeg", size_bytes=1,
                                captured_at=datetime(2026, 11, day, hour, tzinfo=UTC), timezone="Asia/Shanghai")
        record_result(session, snapshot, result, {})
        return snapshot.id


def views(factory: sessionmaker[Session], store: str = "hall", checks: ChecksConfig = DEFAULT,
          since: date | None = None) -> list[DayUniforms]:
    with factory() as session:
        return day_uniforms(session, store, checks, since)


def test_two_cameras_in_one_suit_under_different_light_pass(factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY, staff=2)
    snap(factory, "hall-hall", NAVY_IN_SHADE)
    assert 3.0 < difference(NAVY, NAVY_IN_SHADE) < DEFAULT.uniform_max_difference
    [day] = views(factory)
    assert day.status == "pass", day.message
    assert sorted(day.cameras) == ["hall-counter", "hall-hall"] and day.different == [] and day.snapshots == []
    assert day.uniform is not None and difference(day.uniform, NAVY) < 5


def test_one_camera_whose_staff_wear_another_jacket_is_named(factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY, staff=3)
    snap(factory, "hall-star_desk", NAVY)
    snap(factory, "hall-hall", NAVY, hour=1)
    odd = snap(factory, "hall-hall", ORANGE, hour=3)  # the same camera, later, someone in orange
    snap(factory, "hall-counter-2", ORANGE)
    [day] = views(factory)
    assert day.status == "violation", day.message
    assert day.different == ["hall-counter-2", "hall-hall"] and len(day.snapshots) == 2 and odd in day.snapshots
    assert "hall-counter-2, hall-hall" in day.message and "3 of 4 cameras" in day.message, day.message
    assert [s.different for s in day.cameras["hall-hall"]] == [False, True]  # oldest first
    assert day.uniform is not None and difference(day.uniform, NAVY) < 1


def test_two_cameras_each_in_their_own_colour_are_both_named(factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY, staff=4)
    snap(factory, "hall-hall", ORANGE)
    [day] = views(factory)
    assert day.status == "violation" and day.different == ["hall-counter", "hall-hall"], day.message
    assert day.uniform is None  # no majority of cameras says which is the store's


def test_one_camera_alone_is_indeterminate(factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY, hour=1)
    snap(factory, "hall-counter", ORANGE, hour=2)
    [day] = views(factory)
    assert day.status == "indeterminate" and day.different == [] and day.uniform is None
    assert "1 camera" in day.message, day.message


def test_a_community_hall_has_no_store_view(factory: sessionmaker[Session]) -> None:
    snap(factory, "community-counter", NAVY)
    snap(factory, "community-hall", ORANGE)
    assert views(factory, "community") == []


def test_snapshots_without_a_uniform_and_cameras_outside_the_rules_zones_are_left_out(
        factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY)
    snap(factory, "hall-hall", None)  # nobody measured, or analysed before results carried it
    snap(factory, "hall-window", ORANGE)  # not a zone of staff.uniform
    [day] = views(factory)
    assert list(day.cameras) == ["hall-counter"] and day.status == "indeterminate"


def test_each_local_day_is_its_own_view_and_since_drops_older_days(factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY, day=2)
    snap(factory, "hall-hall", ORANGE, day=2)
    snap(factory, "hall-counter", NAVY, day=3)
    snap(factory, "hall-hall", NAVY, day=3)
    assert [(d.day, d.status) for d in views(factory)] == [(date(2026, 11, 2), "violation"),
                                                           (date(2026, 11, 3), "pass")]
    assert [d.day for d in views(factory, since=date(2026, 11, 3))] == [date(2026, 11, 3)]


def test_the_rules_own_limit_and_switch_from_the_config_decide(factory: sessionmaker[Session]) -> None:
    snap(factory, "hall-counter", NAVY)
    snap(factory, "hall-hall", NAVY_IN_SHADE)
    snap(factory, "hall-star_desk", NAVY)
    strict = load_checks_config({"uniform_max_difference": 3.0})
    [day] = views(factory, checks=strict)
    assert day.status == "violation" and day.different == ["hall-hall"], day.message
    off = load_checks_config({"rules": {"staff.uniform": {"enabled": False}}})
    assert views(factory, checks=off) == []
