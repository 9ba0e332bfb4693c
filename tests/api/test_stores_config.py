"""The ``stores:`` section of the config: validated (unknown keys refused), upserted into the
database at start-up, readable through the API, and each camera's polygons reach the analysis."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
import yaml
from fastapi.testclient import TestClient

from storecheck.api.commands import _settings
from storecheck.api.main import create_app
from storecheck.cli import build_parser, main
from storecheck.config import ConfigError
from storecheck.store.db import transaction
from storecheck.store.keys import create_key
from storecheck.store.models import Camera, Snapshot, Store
from storecheck.store.stores_sync import StoresSyncError
from tests import scenes
from tests.servicekit import make_settings, needs_detector

NAVY = {"name": "navy suit", "hue": [100, 130], "saturation": [60, 255], "value": [20, 140]}
CORNER = [[[0.0, 0.0], [0.01, 0.0], [0.0, 0.01]]]  # a floor no tool stands on


def stores_yaml(name: str = "城东营业厅", hall_floor: list | None = None) -> dict:
    return {"stores": [
        {"id": "3301-001", "name": name, "type": "hall_1_3", "uniform_colours": [NAVY], "cameras": [
            {"id": "3301-001-hall", "name": "大厅", "zone": "hall", "polygons": {"hall_floor": hall_floor or CORNER}},
            {"id": "3301-001-hall-plain", "zone": "hall"},
        ]},
        {"id": "3301-002", "name": "南苑社区厅", "type": "community",
         "cameras": [{"id": "3301-002-window", "zone": "window",
                      "polygons": {"window": [[[0.05, 0.1], [0.5, 0.1], [0.5, 0.9], [0.05, 0.9]]]}}]},
    ]}


def write_config(home: Path, data: dict) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def admin_key(app: object) -> str:
    with transaction(app.state.service.factory) as session:  # type: ignore[attr-defined]
        return create_key(session, "admin")[1]


def test_stores_from_the_config_are_upserted_at_start_up(tmp_path: Path, database_url: str) -> None:
    home = tmp_path / "home"
    write_config(home, stores_yaml())
    app = create_app(make_settings(home, database_url, workers=0), start_queue=False)
    with TestClient(app) as client:
        headers = {"X-API-Key": admin_key(app)}
        stores = client.get("/api/v1/stores", headers=headers).json()
        assert [(s["id"], s["store_type"]) for s in stores["data"]] == [("3301-001", "hall_1_3"), ("3301-002", "community")]
        assert stores["data"][0]["uniform_colours"][0]["name"] == "navy suit"
        cameras = client.get("/api/v1/stores/3301-001/cameras", headers=headers).json()["data"]
        assert [(c["id"], c["zone"], c["name"]) for c in cameras] == [("3301-001-hall", "hall", "大厅"),
                                                                    ("3301-001-hall-plain", "hall", "")]
        assert cameras[0]["polygons"]["hall_floor"][0][1] == [0.01, 0.0]
        # The management routes stay: a store made through the API survives the next start-up.
        made = client.post("/api/v1/stores", headers=headers, json={"id": "api-made", "name": "x", "store_type": "franchise"})
        assert made.status_code == 201
    write_config(home, stores_yaml(name="城东营业厅（新）"))
    app = create_app(make_settings(home, database_url, workers=0), start_queue=False)
    with TestClient(app) as client:
        headers = {"X-API-Key": admin_key(app)}
        names = {s["id"]: s["name"] for s in client.get("/api/v1/stores", headers=headers).json()["data"]}
    assert names == {"3301-001": "城东营业厅（新）", "3301-002": "南苑社区厅", "api-made": "x"}


@pytest.mark.parametrize(
    ("case", "mutate", "says"),
    [
        ("unknown camera key", lambda d: d["stores"][0]["cameras"][0].update(zon="hall"), "stores.0.cameras.0.zon"),
        ("unknown store key", lambda d: d["stores"][1].update(adress="x"), "stores.1.adress"),
        ("bad store type", lambda d: d["stores"][0].update(type="mall"), "stores.0.type"),
        ("polygon outside 0-1", lambda d: d["stores"][0]["cameras"][0].update(polygons={"window": [[[0, 0], [2, 0], [0, 1]]]}),
         "stores.0.cameras.0.polygons.window"),
        ("repeated camera id", lambda d: d["stores"][1]["cameras"][0].update(id="3301-001-hall"), "camera id(s) listed more than once: 3301-001-hall"),
        ("id unfit for a URL", lambda d: d["stores"][0].update(id="a b"), "stores.0.id"),
    ],
)
def test_bad_stores_sections_stop_the_start_up(tmp_path: Path, database_url: str, case: str, mutate: object, says: str) -> None:
    data = stores_yaml()
    mutate(data)  # type: ignore[operator]
    write_config(tmp_path / "home", data)
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        create_app(make_settings(tmp_path / "home", database_url, workers=0))


def test_a_camera_is_never_moved_to_another_store(tmp_path: Path, database_url: str) -> None:
    home = tmp_path / "home"
    write_config(home, stores_yaml())
    create_app(make_settings(home, database_url, workers=0)).state.service.db.dispose()
    moved = stores_yaml()
    moved["stores"][1]["cameras"][0]["id"] = "3301-001-hall"
    moved["stores"][0]["cameras"].pop(0)
    write_config(home, moved)
    with pytest.raises(StoresSyncError, match="belongs to store 3301-001"):
        create_app(make_settings(home, database_url, workers=0))


def test_serve_takes_a_config_file(tmp_path: Path) -> None:
    path = write_config(tmp_path / "elsewhere", stores_yaml())
    args = build_parser().parse_args(["serve", "--home", str(tmp_path / "home"), "--config", str(path)])
    assert _settings(args).resolved_config_path == path  # type: ignore[attr-defined]


@needs_detector
def test_each_cameras_polygons_reach_the_analysis(tmp_path: Path, database_url: str) -> None:
    """The same hall image (a mop on the floor, drawn as the engine tests draw it): on a camera
    whose configured floor excludes it, the mop is ignored."""
    ok, jpeg = cv2.imencode(".jpg", scenes.hall(6, tool="mop"))
    home = tmp_path / "home"
    write_config(home, stores_yaml())
    app = create_app(make_settings(home, database_url, workers=1), start_queue=False)
    with TestClient(app) as client:
        service = app.state.service
        with transaction(service.factory) as session:
            device = create_key(session, "device", ["3301-001"])[1]
            assert session.get(Store, "3301-001") is not None and session.get(Camera, "3301-001-hall") is not None
        findings = {}
        for camera in ("3301-001-hall", "3301-001-hall-plain"):
            sent = client.post("/api/v1/snapshots", headers={"X-API-Key": device},
                               data={"store_id": "3301-001", "camera_id": camera, "captured_at": "2026-11-02T09:30:00+08:00"},
                               files={"image": ("h.jpg", jpeg.tobytes(), "image/jpeg")})
            assert sent.status_code == 202, sent.text
            assert service.queue.analyzers[0].run_one() == sent.json()["id"]
            with service.factory() as session:
                result = session.get(Snapshot, sent.json()["id"]).result
            findings[camera] = next(f for f in result["findings"] if f["rule"] == "hall.no_cleaning_tools")
    assert findings["3301-001-hall-plain"]["status"] == "violation", findings
    assert findings["3301-001-hall"]["status"] == "pass"
    assert "outside the hall floor ignored" in findings["3301-001-hall"]["message"]


def test_serve_reports_a_bad_config_instead_of_crashing(tmp_path: Path, database_url: str,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STORECHECK_DATABASE_URL", database_url)
    data = stores_yaml()
    data["stores"][0]["cameras"][0]["zone"] = "lobby"
    path = write_config(tmp_path / "conf", data)
    assert main(["serve", "--home", str(tmp_path / "home"), "--config", str(path)]) == 2
    assert "stores.0.cameras.0.zone" in capsys.readouterr().err


def test_the_worker_analyses_with_the_configured_camera_and_store(tmp_path: Path, database_url: str) -> None:
    """What the engine is handed for a camera from the file (model-independent half of the test
    below): its zone and polygons, and its store's uniform colours."""
    write_config(tmp_path / "home", stores_yaml())
    app = create_app(make_settings(tmp_path / "home", database_url, workers=1), start_queue=False)
    service = app.state.service
    with service.factory() as session:
        camera, store = session.get(Camera, "3301-001-hall"), session.get(Store, "3301-001")
        checks = service.queue.analyzers[0]._checks_for(camera, store)
    service.db.dispose()
    seen = checks.camera("3301-001-hall")
    assert seen.zone == "hall" and seen.polygons.hall_floor[0][1] == (0.01, 0.0)
    assert [u.name for u in checks.uniform_colours] == ["navy suit"]
    assert service.queue.analyzers[0].config.checks.cameras.get("3301-001-hall") is None  # never assigned
