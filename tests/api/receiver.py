"""A real local HTTP receiver for notification tests: records every request and answers as
scripted per path (a list of status codes, then 200 with the robots' ``{"errcode": 0}``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    at: float
    answered: int = 200


@dataclass
class Receiver:
    url: str
    script: dict[str, list[int]] = field(default_factory=dict)
    requests: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def to(self, path: str) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


@contextmanager
def receiver(script: dict[str, list[int]] | None = None) -> Iterator[Receiver]:
    """A receiver on a free loopback port; ``script`` maps a path to the statuses of its first
    requests (e.g. ``{"/flaky": [500, 500, 500]}``)."""
    state = Receiver(url="", script={k: list(v) for k, v in (script or {}).items()})

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                planned = state.script.get(parts.path, [])
                status = planned.pop(0) if planned else 200
                state.requests.append(Received(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                                               dict(self.headers), body, time.monotonic(), status))
            answer = b'{"errcode":0,"errmsg":"ok","code":0}' if status == 200 else b'{"error":"boom"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """A loopback URL nothing listens on: a dead receiver (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def wait_for(condition: Callable[[], object], timeout: float = 15.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
