"""Fixtures for the Celery backend tests: the real Redis and PostgreSQL of this machine.
Import the ``*_fixture`` functions into a test module; pytest knows them by their short names.

``STORECHECK_TEST_REDIS_URL`` (a database number of its own, e.g. ``/15``: it is flushed) and
``STORECHECK_TEST_DATABASE_URL`` (a fresh schema per test, dropped afterwards) are set by
``.ci/run``; without them these tests are skipped, saying which variable is missing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from redis import Redis

from storecheck.api.service import Service, build_service
from storecheck.store.db import transaction
from storecheck.store.snapshots import add_snapshot
from tests.servicekit import make_settings, postgres_schema, sample_bytes, seed_stores

REDIS_URL = os.environ.get("STORECHECK_TEST_REDIS_URL")
PG_URL = os.environ.get("STORECHECK_TEST_DATABASE_URL")

needs_redis_and_pg = pytest.mark.skipif(
    not (REDIS_URL and PG_URL),
    reason="Celery backend tests need a real broker and database: set STORECHECK_TEST_REDIS_URL "
    "(e.g. redis://127.0.0.1:6379/15, flushed) and STORECHECK_TEST_DATABASE_URL (as .ci/run does)",
)


@pytest.fixture(name="pg_url")
def pg_url_fixture() -> Iterator[str]:
    """A fresh PostgreSQL schema, dropped afterwards."""
    with postgres_schema("sc_celery") as url:
        yield url


@pytest.fixture(name="redis")
def redis_fixture() -> Iterator[Redis]:
    """The test Redis database, empty before and after (it is ours alone)."""
    assert REDIS_URL
    client = Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@dataclass
class Deployment:
    """One storecheck deployment on the real services: what a worker's environment holds."""

    service: Service
    env: dict[str, str]

    def add(self, image: str = "hall-mop.jpg", camera: str = "store-a-hall", data: bytes | None = None) -> str:
        data = sample_bytes(image) if data is None else data
        digest = self.service.images.put(data)
        with transaction(self.service.factory) as session:
            return add_snapshot(
                session, store_id=camera.rsplit("-", 1)[0], camera_id=camera, sha256=digest,
                content_type="image/jpeg", size_bytes=len(data),
                captured_at=datetime(2026, 11, 2, 1, 30, tzinfo=UTC), timezone="Asia/Shanghai",
            ).id


@pytest.fixture(name="deployment")
def deployment_fixture(tmp_path: Path, pg_url: str, redis: Redis, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deployment]:
    """Migrated schema with two stores, images under a shared home, Celery settings in the
    environment of this process (for in-process use) and in ``env`` (for worker processes).

    Short lease and visibility timeout so a dead worker's snapshot comes back in seconds."""
    home = tmp_path / "home"
    service = build_service(make_settings(home, pg_url, workers=0))
    seed_stores(service)
    run = uuid.uuid4().hex[:8]
    env = {
        "STORECHECK_QUEUE": "celery", "STORECHECK_REDIS_URL": str(REDIS_URL),
        "STORECHECK_DATABASE_URL": pg_url, "STORECHECK_HOME": str(home), "STORECHECK_FSYNC_IMAGES": "false",
        "STORECHECK_CELERY_QUEUE": f"storecheck-test-{run}", "STORECHECK_KEY_PREFIX": f"sc-test-{run}:",
        "STORECHECK_LEASE_S": "3", "STORECHECK_VISIBILITY_TIMEOUT_S": "4", "STORECHECK_RESTORE_INTERVAL_S": "1",
        "STORECHECK_RETRY_BACKOFF_S": "0.5", "STORECHECK_ENGINE_RETRY_S": "1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    yield Deployment(service, env)
    service.db.dispose()
