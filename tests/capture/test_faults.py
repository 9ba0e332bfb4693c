"""The agent under faults, against the real service on loopback: the service goes down and comes
back, the agent is SIGKILLed mid-upload, cameras refuse, hang or send garbage."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from storecheck.capture import OFFLINE_RULE, Agent, Spool, load_capture_config
from storecheck.store.models import CameraHealthReport
from tests.capture.conftest import (
    LiveService,
    SnapshotCamera,
    capture_yaml,
    free_port,
    service_section,
    wait_for,
    write_clip,
)

REPO = Path(__file__).resolve().parents[2]


def _spool(path: Path) -> Spool:
    return Spool(path, max_bytes=10**9)


def _assert_each_frame_arrived_once(spool_dir: Path, service: LiveService) -> int:
    spool = _spool(spool_dir)
    assert spool.pending() == [] and spool.entries("rejected") == []
    done = spool.entries("done")
    rows = service.snapshots()
    assert len(rows) == len({(camera, sha) for _, camera, sha in rows}), "a snapshot was stored twice"
    assert {(e.meta["camera_id"], e.meta["sha256"]) for e in done} == {(camera, sha) for _, camera, sha in rows}
    by_frame = {(camera, sha): sid for sid, camera, sha in rows}
    assert all(e.meta["snapshot_id"] == by_frame[e.meta["camera_id"], e.meta["sha256"]] for e in done)
    return len(done)


def test_service_outage_every_grabbed_frame_arrives_exactly_once(
        tmp_path: Path, live_service: LiveService, snapshot_camera: SnapshotCamera, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_DEVICE_KEY", live_service.device_key)
    path = capture_yaml(tmp_path, [
        {"id": "store-a-hall", "zone": "hall", "source": f"{snapshot_camera.url}/good"},
        {"id": "store-a-counter", "zone": "counter", "source": str(write_clip(tmp_path / "clip.mp4"))},
    ], service=service_section(live_service))
    config = load_capture_config(path)
    spool = _spool(config.spool.dir)
    agent, stop = Agent(config), threading.Event()
    runner = threading.Thread(target=agent.run, args=(stop,), daemon=True)
    runner.start()
    try:
        wait_for(lambda: len(spool.entries("done")) >= 3, 10, "the first uploads")
        live_service.stop()
        # The agent keeps grabbing into the spool while nobody answers.
        wait_for(lambda: len(spool.pending()) >= 6, 10, "frames to pile up during the outage")
        live_service.start()
        wait_for(lambda: len(live_service.snapshots()) >= 12, 15, "the backlog to arrive")
    finally:
        stop.set()
        runner.join(15)
    # What was grabbed between the last upload and the stop goes with the next start.
    Agent(config).drainer.drain(threading.Event(), max_rounds=3)
    arrived = _assert_each_frame_arrived_once(config.spool.dir, live_service)
    retried = [e for e in spool.entries("done") if e.meta.get("attempts", 0) > 0]
    assert arrived >= 12 and retried, "no frame went through the outage"
    assert "unreachable" in retried[0].meta["last_error"]


class HoldingProxy:
    """Forwards uploads to the service; once armed, holds the next answer (the service has
    stored the snapshot, the agent has not heard) until released."""

    def __init__(self, upstream: str) -> None:
        self.armed, self.holding, self.release = threading.Event(), threading.Event(), threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "x-api-key")}
                answer = httpx.post(upstream + self.path, content=body, headers=headers, timeout=10)
                if proxy.armed.is_set() and not proxy.holding.is_set():
                    proxy.holding.set()
                    proxy.release.wait(20)
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def holding_proxy(live_service: LiveService) -> Iterator[HoldingProxy]:
    proxy = HoldingProxy(live_service.url)
    yield proxy
    proxy.close()


def _agent_process(config: Path, *args: str) -> subprocess.Popen[bytes]:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "storecheck.cli", "capture", "--config", str(config), *args],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_sigkill_mid_upload_then_restart_loses_and_duplicates_nothing(
        tmp_path: Path, live_service: LiveService, holding_proxy: HoldingProxy, snapshot_camera: SnapshotCamera,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_DEVICE_KEY", live_service.device_key)
    path = capture_yaml(tmp_path, [{"id": "store-a-hall", "zone": "hall", "source": f"{snapshot_camera.url}/good"}],
                        service=service_section(live_service, url=holding_proxy.url))
    spool_dir = tmp_path / "spool"
    agent = _agent_process(path)
    try:
        wait_for(lambda: len(live_service.snapshots()) >= 2, 20, "the agent's first uploads")
        holding_proxy.armed.set()
        wait_for(holding_proxy.holding.is_set, 10, "an upload in flight")
        stored = {sha for _, _, sha in live_service.snapshots()}
        agent.send_signal(signal.SIGKILL)
        agent.wait(10)
    finally:
        if agent.poll() is None:
            agent.kill()
    holding_proxy.release.set()
    in_flight = [e for e in _spool(spool_dir).pending() if e.meta["sha256"] in stored]
    assert len(in_flight) == 1, "the killed upload's frame should be stored by the service and pending here"

    restarted = _agent_process(path, "--once")
    out, err = restarted.communicate(timeout=30)
    assert restarted.returncode == 0, err.decode()
    _assert_each_frame_arrived_once(spool_dir, live_service)
    resent = json.loads((spool_dir / "done" / f"{in_flight[0].id}.json").read_text())
    assert resent["duplicate"] is True  # the service answered 200 with the same id


def test_broken_cameras_are_unhealthy_with_reasons_while_the_good_one_keeps_its_schedule(
        tmp_path: Path, live_service: LiveService, snapshot_camera: SnapshotCamera, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_DEVICE_KEY", live_service.device_key)
    silent = socket.socket()  # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    metrics_port = free_port()
    cameras = [
        {"id": "store-a-hall", "zone": "hall", "source": f"{snapshot_camera.url}/good"},
        {"id": "refusing", "zone": "hall", "source": f"http://127.0.0.1:{free_port()}/snap"},
        {"id": "garbage", "zone": "hall", "source": f"{snapshot_camera.url}/garbage"},
        {"id": "silent", "zone": "hall", "source": f"http://127.0.0.1:{silent.getsockname()[1]}/snap", "timeout_s": 0.5},
        {"id": "black", "zone": "hall", "source": f"{snapshot_camera.url}/black"},
        {"id": "rtsp-refusing", "zone": "hall", "source": f"rtsp://admin:pw@127.0.0.1:{free_port()}/cam",
         "timeout_s": 0.5},
    ]
    path = capture_yaml(tmp_path, cameras, service=service_section(live_service, health_path="/api/v1/devices/health"),
                        metrics_file=str(tmp_path / "capture.prom"), metrics_port=metrics_port)
    config = load_capture_config(path)
    agent, stop = Agent(config), threading.Event()
    runner = threading.Thread(target=agent.run, args=(stop,), kwargs={"duration_s": 3.0}, daemon=True)
    runner.start()
    try:
        wait_for(lambda: b"storecheck_capture_camera_up" in httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").content,
                 5, "the metrics endpoint")
        runner.join(15)
    finally:
        stop.set()
        silent.close()
    status = json.loads(config.resolved_status_file.read_text())
    cameras_health = status["cameras"]
    good = cameras_health["store-a-hall"]
    # Every 0.2 s for 3 s is 15 grabs. Waiting on even one of the 0.5 s timeouts (silent, rtsp)
    # before each grab would allow at most 6; 7 leaves room for a machine busy with other work.
    assert good["state"] == "ok" and good["grabbed"] >= 7, good
    expected = {"refusing": "refused", "garbage": "not an image", "silent": "Timeout", "rtsp-refusing": "cannot open"}
    for camera_id, reason in expected.items():
        health = cameras_health[camera_id]
        assert health["state"] == "offline" and reason.lower() in health["last_error"].lower(), health
        assert "pw@" not in health["last_error"]
    assert cameras_health["black"]["skipped"]["black"] >= 3 and cameras_health["black"]["state"] == "offline"
    offline = {f["camera_id"]: f for f in status["findings"]}
    assert set(offline) == {*expected, "black"}
    assert all(f["rule"] == OFFLINE_RULE and f["status"] == "warning" for f in offline.values())
    # The service heard it too: the registered camera is ok there (the broken ones are not
    # registered with the service, so it names them back as unknown and keeps the rest).
    with live_service.factory() as session:
        on_service = {row.camera_id: row.state for row in session.scalars(select(CameraHealthReport))}
    assert on_service == {"store-a-hall": "ok"}
    prom = (tmp_path / "capture.prom").read_text()
    assert 'storecheck_capture_camera_up{camera="store-a-hall"} 1.0' in prom
    assert 'storecheck_capture_camera_up{camera="refusing"} 0.0' in prom
