"""The embedded queue: queued work is durable, survives a kill mid-analysis, and waits while the
engine cannot load."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from storecheck.api.main import create_app
from storecheck.api.service import build_service
from storecheck.contract import RULE_IDS
from storecheck.store.db import transaction
from storecheck.store.keys import create_key
from storecheck.store.models import Snapshot, utcnow
from tests.servicekit import (
    insert_analysed,
    make_settings,
    mop_and_badge_result,
    needs_detector,
    sample_bytes,
    seed_stores,
)

FORM = {"store_id": "store-a", "captured_at": "2026-11-02T09:30:00+08:00"}


def test_work_left_running_is_requeued_at_start_up(tmp_path: Path, database_url: str) -> None:
    service = build_service(make_settings(tmp_path, database_url, workers=0))
    seed_stores(service)
    snapshot_id = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
    with transaction(service.factory) as session:  # as if the process died mid-analysis
        session.execute(update(Snapshot).values(status="running", result=None))
    service.queue.start()
    service.queue.stop()
    with service.factory() as session:
        snapshot = session.get(Snapshot, snapshot_id)
        assert snapshot is not None and snapshot.status == "queued" and snapshot.started_at is None
    assert service.queue.depth() == 1
    service.db.dispose()


def test_uploads_wait_queued_while_the_engine_cannot_load(tmp_path: Path, database_url: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.yaml").write_text(f"vision:\n  detector:\n    path: {tmp_path / 'missing.onnx'}\n")
    app = create_app(make_settings(home, database_url, workers=1))
    with TestClient(app) as client:
        service = app.state.service
        seed_stores(service)
        with transaction(service.factory) as session:
            key = create_key(session, "device", ["store-a"])[1]
        accepted = client.post("/api/v1/snapshots", headers={"X-API-Key": key}, data={**FORM, "camera_id": "store-a-hall"},
                               files={"image": ("a.jpg", sample_bytes(), "image/jpeg")})
        assert accepted.status_code == 202
        deadline = time.monotonic() + 10
        while not client.get("/healthz").json()["engine"].startswith("error"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        health = client.get("/healthz").json()
        assert "missing.onnx" in health["engine"] and health["queue_depth"] == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(home: Path, database_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STORECHECK_DATABASE_URL": database_url, "STORECHECK_FSYNC_IMAGES": "false"}
    return subprocess.Popen([sys.executable, "-m", "storecheck.cli", "serve", "--home", str(home), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else "exited"
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("service did not start")


def _statuses(service: object) -> dict[str, str]:
    with service.factory() as session:  # type: ignore[attr-defined]
        return dict(session.execute(select(Snapshot.id, Snapshot.status)).tuples().all())


@needs_detector
def test_a_kill_mid_analysis_loses_no_snapshot(tmp_path: Path, database_url: str) -> None:
    home = tmp_path / "home"
    service = build_service(make_settings(home, database_url, workers=0))
    seed_stores(service)
    with transaction(service.factory) as session:
        key = create_key(session, "device", ["store-a"])[1]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    first = _serve(home, database_url, port)
    try:
        _wait_healthy(url, first)
        uploads = [("hall-mop.jpg", "store-a-hall"), ("window-5-posters.jpg", "store-a-window"),
                   ("counter-no-badge.jpg", "store-a-counter")]
        ids = []
        for name, camera in uploads:
            response = httpx.post(f"{url}/api/v1/snapshots", headers={"X-API-Key": key}, data={**FORM, "camera_id": camera},
                                  files={"image": (name, sample_bytes(name), "image/jpeg")})
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])
        deadline = time.monotonic() + 120
        while "running" not in _statuses(service).values():
            assert time.monotonic() < deadline, "no analysis started"
            time.sleep(0.02)
    finally:
        first.send_signal(signal.SIGKILL)  # no shutdown hook runs: as in a power cut
        first.wait()
    before = _statuses(service)
    assert set(before) == set(ids) and "running" in before.values()

    second = _serve(home, database_url, port)
    try:
        _wait_healthy(url, second)
        deadline = time.monotonic() + 180
        while set(_statuses(service).values()) != {"done"}:
            assert time.monotonic() < deadline, _statuses(service)
            time.sleep(0.2)
    finally:
        second.terminate()
        second.wait(30)
    with service.factory() as session:
        for snapshot in session.scalars(select(Snapshot)):
            assert snapshot.result is not None and snapshot.detector and snapshot.rules_version
            assert [f["rule"] for f in snapshot.result["findings"]] == list(RULE_IDS)
            # Violations, and indeterminates that show something (an evidence box).
            needing_review = [f["rule"] for f in snapshot.result["findings"] if f["status"] == "violation"
                              or (f["status"] == "indeterminate" and f["evidence"])]
            assert sorted(v.rule for v in snapshot.violations) == sorted(needing_review)
    service.db.dispose()


def _strand(service: object, snapshot_id: str, ago: timedelta) -> None:
    """Leave ``snapshot_id`` running since ``ago``: its worker died, or its result could not
    be written (a full disk)."""
    with transaction(service.factory) as session:  # type: ignore[attr-defined]
        session.execute(update(Snapshot).where(Snapshot.id == snapshot_id)
                        .values(status="running", result=None, started_at=utcnow() - ago))


def test_work_left_running_past_the_lease_is_requeued_without_a_restart(tmp_path: Path, database_url: str) -> None:
    service = build_service(make_settings(tmp_path, database_url, workers=0, analysis_lease_s=1))
    seed_stores(service)
    service.queue.start()
    try:
        stranded = insert_analysed(service, "store-a", "hall", mop_and_badge_result())
        _strand(service, stranded, timedelta(hours=1))
        fresh = insert_analysed(service, "store-a", "counter", mop_and_badge_result(), image="counter-badges.jpg")
        _strand(service, fresh, timedelta(0))  # still within its lease: left alone for now
        deadline = time.monotonic() + 10
        while _statuses(service)[stranded] != "queued":
            assert time.monotonic() < deadline, _statuses(service)
            time.sleep(0.1)
        assert _statuses(service)[fresh] == "running"
        while _statuses(service)[fresh] != "queued":  # once its lease runs out, it goes back too
            assert time.monotonic() < deadline, _statuses(service)
            time.sleep(0.1)
    finally:
        service.queue.stop()
        service.db.dispose()
