"""A real ``storecheck worker`` (Celery, prefork) killed with SIGKILL mid-analysis: another worker
analyses the snapshot, every snapshot exactly once, although every task was also sent twice.

Two kills: the whole worker (main process and pool child, as in a power cut: Redis redelivers the
unacknowledged task), and only the pool child (out of memory: Celery rejects the task back to the
queue and starts a fresh child)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from storecheck.contract import RULE_IDS
from storecheck.queue.celery_config import CelerySettings
from storecheck.queue.celery_queue import CeleryQueue
from storecheck.store.models import Snapshot
from tests.queue.celerykit import (  # noqa: F401  (fixtures)
    Deployment,
    deployment_fixture,
    needs_redis_and_pg,
    pg_url_fixture,
    redis_fixture,
)
from tests.servicekit import needs_detector

ANALYSED = re.compile(r"snapshot ([0-9a-f]{32}) analysed")
CHILD = re.compile(rb"worker process (\d+): engine ready")


def _start_worker(deployment: Deployment, log: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so the kill takes the main process and its pool child together,
    # as when a machine loses power.
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "storecheck.cli", "worker", "--concurrency", "1"],
            env={**os.environ, **deployment.env}, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


def _wait_for(condition: object, timeout: float, what: str, *workers: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        for worker in workers:
            assert worker.poll() is None, f"worker exited ({worker.returncode}) while waiting: {what}"
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.02)


def _statuses(deployment: Deployment) -> dict[str, str]:
    with deployment.service.factory() as session:
        return {row[0]: row[1] for row in session.execute(select(Snapshot.id, Snapshot.status))}


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)  # warm shutdown: finish, then exit
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


@needs_redis_and_pg
@needs_detector
@pytest.mark.parametrize("kill", ["whole worker", "pool child"])
def test_a_worker_killed_mid_analysis_loses_nothing_and_nothing_runs_twice(
        deployment: Deployment, tmp_path: Path, kill: str) -> None:
    ids = [deployment.add(image, camera) for image, camera in (
        ("hall-mop.jpg", "store-a-hall"), ("window-5-posters.jpg", "store-a-window"),
        ("counter-no-badge.jpg", "store-a-counter"), ("star-desk-sign.jpg", "store-a-star_desk"))]
    queue = CeleryQueue(deployment.service.factory, CelerySettings())
    first = _start_worker(deployment, tmp_path / "first.log")
    second: subprocess.Popen[bytes] | None = None
    try:
        _wait_for(lambda: b"engine ready" in (tmp_path / "first.log").read_bytes(), 60, "engine loaded", first)
        for snapshot_id in ids + ids:  # every task delivered twice
            queue.submit(snapshot_id)
        child = int(CHILD.findall((tmp_path / "first.log").read_bytes())[0])
        _wait_for(lambda: "running" in _statuses(deployment).values(), 60, "an analysis started", first)
        if kill == "whole worker":
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        else:
            os.kill(child, signal.SIGKILL)
        killed = [i for i, status in _statuses(deployment).items() if status == "running"]
        assert len(killed) == 1, _statuses(deployment)

        if kill == "whole worker":
            second = _start_worker(deployment, tmp_path / "second.log")
        survivors = [w for w in (first, second) if w is not None and w.poll() is None]
        _wait_for(lambda: set(_statuses(deployment).values()) == {"done"}, 90, "all analysed", *survivors)
        time.sleep(1.0)  # let the duplicates reach the worker and be dropped
    finally:
        queue.stop()
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        if second is not None:
            _stop(second)

    logs = {path.stem: path.read_text() for path in tmp_path.glob("*.log")}
    analysed = [m for text in logs.values() for m in ANALYSED.findall(text)]
    assert sorted(analysed) == sorted(ids), logs  # each exactly once
    taker = logs["second" if kill == "whole worker" else "first"]
    assert "took over from a worker that stopped" in taker and killed[0] in ANALYSED.findall(taker)
    if kill == "pool child":
        assert "WorkerLostError" in taker  # Celery saw the child die and handed the task back
    with deployment.service.factory() as session:
        for snapshot in session.scalars(select(Snapshot)):
            assert snapshot.result is not None and snapshot.detector and snapshot.error is None
            assert [f["rule"] for f in snapshot.result["findings"]] == list(RULE_IDS)
            assert snapshot.attempts == (2 if snapshot.id == killed[0] else 1)
