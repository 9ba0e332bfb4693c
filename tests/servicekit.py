"""Shared fixtures for the service tests (api, store, queue): a fresh database per test on each
backend, the app, keys, and analysed snapshots.

``STORECHECK_TEST_DATABASE_URL`` (set by ``.ci/run``) adds PostgreSQL: every test runs on SQLite
and on a fresh PostgreSQL schema that is dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from storecheck.api.main import create_app
from storecheck.api.service import Service
from storecheck.contract import AnalysisResult
from storecheck.settings import Settings
from storecheck.store.db import normalise_url, transaction
from storecheck.store.keys import create_key
from storecheck.store.models import Camera, Snapshot, Store
from storecheck.store.snapshots import add_snapshot, record_result

SAMPLES = Path(__file__).resolve().parents[1] / "datasets" / "samples"
PG_URL = os.environ.get("STORECHECK_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def detector_available() -> bool:
    try:
        from storecheck.vision.models import default_detector_path

        return default_detector_path().is_file()
    except FileNotFoundError:
        return False


needs_detector = pytest.mark.skipif(not detector_available(), reason="models/storecheck-det.onnx not trained yet")


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with postgres_schema("sc_test") as url:
        yield url


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A URL to a fresh PostgreSQL schema (``prefix`` + random), dropped on exit."""
    assert PG_URL
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(PG_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def make_settings(home: Path, database_url: str, **overrides: Any) -> Settings:
    return Settings(home=home, database_url=database_url, fsync_images=False, **overrides)


@dataclass
class Keys:
    admin: str
    reviewer_a: str
    reviewer_b: str
    device_a: str
    device_b: str


@pytest.fixture
def app_client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    """The app on a fresh database with two stores (A: hall_1_3, B: community) and a camera per
    zone in each; the analysis queue is not started (tests insert results directly)."""
    app = create_app(make_settings(tmp_path / "home", database_url, workers=0), start_queue=False)
    with TestClient(app) as client:
        seed_stores(app.state.service)
        yield client


@pytest.fixture
def service(app_client: TestClient) -> Service:
    return app_client.app.state.service  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def keys(service: Service) -> Keys:
    with transaction(service.factory) as session:
        made = {
            "admin": create_key(session, "admin")[1],
            "reviewer_a": create_key(session, "reviewer", ["store-a"], name="审核员甲")[1],
            "reviewer_b": create_key(session, "reviewer", ["store-b"])[1],
            "device_a": create_key(session, "device", ["store-a"])[1],
            "device_b": create_key(session, "device", ["store-b"])[1],
        }
    return Keys(**made)


def seed_stores(service: Service) -> None:
    with transaction(service.factory) as session:
        session.add(Store(id="store-a", name="城东营业厅", store_type="hall_1_3"))
        session.add(Store(id="store-b", name="南苑社区厅", store_type="community"))
        session.flush()
        for store in ("store-a", "store-b"):
            for zone in ("hall", "counter", "star_desk", "window"):
                session.add(Camera(id=f"{store}-{zone}", store_id=store, zone=zone, polygons={}))


def sample_bytes(name: str = "hall-mop.jpg") -> bytes:
    return (SAMPLES / name).read_bytes()


def result_with(findings: list[dict[str, Any]], objects: list[dict[str, Any]] | None = None,
                zone: str = "hall") -> AnalysisResult:
    """A contract result as the engine would write it (for route tests that need no analysis)."""
    from storecheck.checks.scoring import score
    from storecheck.contract import Finding

    parsed = [Finding.model_validate(f) for f in findings]
    return AnalysisResult.model_validate({
        "image": "x", "width": 1920, "height": 1080, "zone": zone, "store_type": "hall_1_3",
        "objects": objects or [], "texts": [], "staff": [], "signs": [], "posters": {"count": 0, "boxes": []},
        "findings": [f.model_dump() for f in parsed], "score": score(parsed),
        "models": {"detector": "test-det@sha256:000000000000", "ocr": "rapidocr", "rules": "rules-test"},
    })


def insert_analysed(service: Service, store_id: str, zone: str, result: AnalysisResult,
                    image: str = "hall-mop.jpg", captured_at: datetime | None = None) -> str:
    """Store a sample image and a finished analysis of it; returns the snapshot id."""
    data = sample_bytes(image)
    digest = service.images.put(data)
    with transaction(service.factory) as session:
        snapshot = add_snapshot(
            session, store_id=store_id, camera_id=f"{store_id}-{zone}", sha256=digest,
            content_type="image/jpeg", size_bytes=len(data),
            captured_at=captured_at or datetime(2026, 11, 2, 1, 30, tzinfo=UTC),
            timezone=service.settings.timezone,
        )
        # A second result for the same bytes in one camera would collide: vary the camera row.
        record_result(session, snapshot, result, {"total": 0.5})
        return snapshot.id


def get_snapshot(service: Service, snapshot_id: str) -> Snapshot | None:
    with service.factory() as session:
        return session.get(Snapshot, snapshot_id)


MOP_BOX = [100.0, 500.0, 180.0, 900.0]
PERSON_BOX = [600.0, 200.0, 800.0, 900.0]


def mop_and_badge_result() -> AnalysisResult:
    """A hall with a mop (violation) and a staff member too small to judge (建议复核)."""
    return result_with(
        findings=[
            {"rule": "hall.no_cleaning_tools", "status": "violation", "message": "1 mop in the hall",
             "evidence": [MOP_BOX], "deduction": 4.0},
            {"rule": "badge.worn", "status": "indeterminate", "message": "staff too small to judge",
             "evidence": [PERSON_BOX], "deduction": 0.0},
            {"rule": "badge.fields", "status": "pass", "message": "ok"},
        ],
        objects=[{"label": "mop", "box": MOP_BOX, "score": 0.9},
                 {"label": "person", "box": PERSON_BOX, "score": 0.8}],
    )
