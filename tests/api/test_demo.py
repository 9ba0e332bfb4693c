"""``storecheck seed-demo`` (and ``serve --demo``) can be run again and again: the second run
adds no snapshot and no key, and prints the same reviewer key, which still signs in. The samples
meant for a store type reach the cameras of the demo store of that type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from storecheck.api.main import create_app
from storecheck.cli import main
from storecheck.store.images import sha256_hex
from storecheck.store.models import ApiKey, ApiKeyStore, Snapshot
from tests.servicekit import SAMPLES, make_settings


def test_seed_demo_twice_adds_nothing_the_second_time(tmp_path: Path, database_url: str,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    home = tmp_path / "home"
    printed = []
    for _ in range(2):
        assert main(["seed-demo", "--home", str(home)]) == 0
        printed.append(capsys.readouterr().out)
    assert "new snapshots queued" in printed[0] and "demo: 3 stores, 0 new snapshots" in printed[1]
    first_key, second_key = (out.split("reviewer key: ")[1].split()[0] for out in printed)
    assert first_key == second_key
    app = create_app(make_settings(home, database_url, workers=0), start_queue=False)
    with TestClient(app) as client:
        with app.state.service.factory() as session:
            assert len(session.scalars(select(ApiKey)).all()) == 1
        stores = client.get("/api/v1/stores", headers={"X-API-Key": first_key})
        assert stores.status_code == 200 and stores.json()["count"] == 3


def seeded_cameras(home: Path, database_url: str) -> dict[str, set[str]]:
    """Sample image name -> the cameras the demo put it on."""
    names = {sha256_hex((SAMPLES / json.loads(line)["image"]).read_bytes()): json.loads(line)["image"]
             for line in (SAMPLES / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line}
    app = create_app(make_settings(home, database_url, workers=0), start_queue=False)
    cameras: dict[str, set[str]] = {}
    with app.state.service.factory() as session:
        for snapshot in session.scalars(select(Snapshot)):
            cameras.setdefault(names[snapshot.sha256], set()).add(snapshot.camera_id)
    return cameras


def test_the_samples_meant_for_a_store_type_go_to_that_demo_store(tmp_path: Path, database_url: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    home = tmp_path / "home"
    assert main(["seed-demo", "--home", str(home)]) == 0
    cameras = seeded_cameras(home, database_url)
    # The terminals' 加分项 is a 4-5级厅's; the ITV set a 1-3级厅's.
    assert cameras["self-service-paused-notice.jpg"] == {"demo-hall-003-self_service"}
    assert cameras["self-service-no-notice.jpg"] == {"demo-hall-003-self_service"}
    assert cameras["device-phones-on-itv-playing.jpg"] == {"demo-hall-001-device_display"}
    assert cameras["counter-odd-jacket.jpg"] == {"demo-hall-001-counter"}
    # A sample meant for no store type: the first store and one of the other two.
    assert cameras["hall-mop.jpg"] == {"demo-hall-001-hall", "demo-hall-003-hall"}
    assert cameras["hall-clean.jpg"] == {"demo-hall-001-hall", "demo-community-002-hall"}


def test_a_demo_seeded_before_the_third_store_gets_its_key_extended(tmp_path: Path, database_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    home = tmp_path / "home"
    assert main(["seed-demo", "--home", str(home)]) == 0
    key = capsys.readouterr().out.split("reviewer key: ")[1].split()[0]
    app = create_app(make_settings(home, database_url, workers=0), start_queue=False)
    with app.state.service.factory() as session:  # as a key made when the demo had two stores
        session.delete(session.get(ApiKeyStore, (1, "demo-hall-003")))
        session.commit()
    assert main(["seed-demo", "--home", str(home)]) == 0
    assert capsys.readouterr().out.split("reviewer key: ")[1].split()[0] == key
    with TestClient(create_app(make_settings(home, database_url, workers=0), start_queue=False)) as client:
        stores = client.get("/api/v1/stores", headers={"X-API-Key": key})
        assert stores.status_code == 200 and stores.json()["count"] == 3
