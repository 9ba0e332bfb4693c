"""Real peers on loopback for the capture agent: an HTTP snapshot camera, the storecheck service
under uvicorn (stoppable and restartable on the same port and data), short clips from the
sample snapshots."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import uvicorn
import yaml
from sqlalchemy import select

from storecheck.api.main import create_app
from storecheck.store.db import transaction
from storecheck.store.keys import create_key
from storecheck.store.models import Snapshot
from tests.servicekit import SAMPLES, make_settings, seed_stores

SAMPLE_FILES = sorted(SAMPLES.glob("*.jpg"))
FRAME_SIZE = (320, 240)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def stamped_frame(n: int, sample: int | None = None) -> np.ndarray:
    """Sample snapshot ``n`` (cycling; or always ``sample``, for frames of one size), small, with
    its number drawn: every frame differs."""
    image = cv2.resize(cv2.imread(str(SAMPLE_FILES[(n if sample is None else sample) % len(SAMPLE_FILES)])), FRAME_SIZE)
    cv2.putText(image, f"#{n}", (10, 40), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 255, 255), 3)
    return image


def stamped_jpeg(n: int, sample: int | None = None) -> bytes:
    return cv2.imencode(".jpg", stamped_frame(n, sample))[1].tobytes()


class SnapshotCamera:
    """An IP camera's snapshot endpoint: ``/good`` (a new picture each time), ``/garbage``
    (200 with text), ``/black`` (a black picture), ``/auth`` (basic auth user:secret)."""

    def __init__(self) -> None:
        counter = itertools.count()
        self.requests: list[str] = []
        camera = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                camera.requests.append(self.path)
                if self.path == "/auth" and self.headers.get("Authorization") != "Basic dXNlcjpzZWNyZXQ=":
                    self._send(401, b"who are you", "text/plain")
                elif self.path in ("/good", "/auth"):
                    self._send(200, stamped_jpeg(next(counter)), "image/jpeg")
                elif self.path == "/black":
                    self._send(200, cv2.imencode(".jpg", np.zeros((240, 320, 3), np.uint8))[1].tobytes(), "image/jpeg")
                else:
                    self._send(200, b"<html>login required</html>" * 10, "image/jpeg")

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def snapshot_camera() -> Iterator[SnapshotCamera]:
    camera = SnapshotCamera()
    yield camera
    camera.close()


class LiveService:
    """The real storecheck service under uvicorn on loopback; :meth:`stop` and :meth:`start`
    keep the port and the data, like a server that goes down and comes back."""

    def __init__(self, home: Path) -> None:
        self.home, self.port = home, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = make_settings(home, f"sqlite:///{home / 'storecheck.db'}", workers=0)
        app = create_app(self.settings, start_queue=False)
        seed_stores(app.state.service)
        with transaction(app.state.service.factory) as session:
            self.device_key = create_key(session, "device", ["store-a"], name="edge-box")[1]
        app.state.service.db.dispose()
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        app = create_app(self.settings, start_queue=False)
        self.factory = app.state.service.factory
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        wait_for(lambda: self.server is not None and self.server.started, 20, "uvicorn to start")

    def stop(self) -> None:
        assert self.server is not None and self.thread is not None
        self.server.should_exit = True
        self.thread.join(10)
        self.server = None

    def snapshots(self) -> list[tuple[str, str, str]]:
        """(id, camera_id, sha256) of every stored snapshot."""
        with self.factory() as session:
            return [(s.id, s.camera_id, s.sha256) for s in session.scalars(select(Snapshot))]


@pytest.fixture
def live_service(tmp_path: Path) -> Iterator[LiveService]:
    service = LiveService(tmp_path / "service")
    service.start()
    yield service
    if service.server is not None:
        service.stop()


def capture_yaml(tmp_path: Path, cameras: list[dict[str, Any]], **top: Any) -> Path:
    """A cameras.yaml in ``tmp_path`` with fast test timings; ``top`` overrides top-level keys."""
    config: dict[str, Any] = {
        "store_id": "store-a",
        "spool": {"dir": str(tmp_path / "spool")},
        "defaults": {"schedule": {"every_s": 0.2}, "timeout_s": 2, "offline_after": 3,
                     "reconnect_initial_s": 0.1, "reconnect_max_s": 0.5},
        "cameras": cameras,
    } | top
    path = tmp_path / "cameras.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def service_section(service: LiveService, **extra: Any) -> dict[str, Any]:
    return {"url": service.url, "api_key": {"env": "TEST_DEVICE_KEY"}, "timeout_s": 5,
            "retry_initial_s": 0.1, "retry_max_s": 0.4} | extra


def write_clip(path: Path, frames: int = 20, fps: int = 10) -> Path:
    """A short MPEG-4 clip of stamped sample snapshots."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, FRAME_SIZE)
    assert writer.isOpened(), "OpenCV cannot write mp4v here"
    for n in range(frames):
        writer.write(stamped_frame(n))
    writer.release()
    return path
