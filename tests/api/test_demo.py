"""``storecheck seed-demo`` (and ``serve --demo``) can be run again and again: the second run
adds no snapshot and no key, and prints the same reviewer key, which still signs in."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from storecheck.api.main import create_app
from storecheck.cli import main
from storecheck.store.models import ApiKey
from tests.servicekit import make_settings


def test_seed_demo_twice_adds_nothing_the_second_time(tmp_path: Path, database_url: str,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    home = tmp_path / "home"
    printed = []
    for _ in range(2):
        assert main(["seed-demo", "--home", str(home)]) == 0
        printed.append(capsys.readouterr().out)
    assert "new snapshots queued" in printed[0] and "demo: 2 stores, 0 new snapshots" in printed[1]
    first_key, second_key = (out.split("reviewer key: ")[1].split()[0] for out in printed)
    assert first_key == second_key
    app = create_app(make_settings(home, database_url, workers=0), start_queue=False)
    with TestClient(app) as client:
        with app.state.service.factory() as session:
            assert len(session.scalars(select(ApiKey)).all()) == 1
        stores = client.get("/api/v1/stores", headers={"X-API-Key": first_key})
        assert stores.status_code == 200 and stores.json()["count"] == 2
