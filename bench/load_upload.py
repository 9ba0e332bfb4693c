"""Upload load test: accepted snapshot uploads per second and latency percentiles.

Loopback only and bounded (a duration and a request cap). By default it starts its own service
(``storecheck serve``) on a throw-away ``STORECHECK_HOME`` with the embedded SQLite default and
one analysis worker, seeds a store, a camera and a device key, then posts distinct JPEGs (a
sample image with a unique comment segment, so none is a duplicate) from ``--concurrency``
clients. Analysis is queued as in production; the worker runs beside the uploads when the
detector model is present.

    .venv/bin/python bench/load_upload.py --seconds 20 --concurrency 8

Prints a table and one JSON line (``--json`` for only the JSON).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "datasets" / "samples" / "hall-mop.jpg"


def unique_jpeg(base: bytes, n: int) -> bytes:
    """``base`` with a COM segment holding ``n``: a valid, distinct JPEG."""
    payload = f"storecheck-bench-{n}".encode()
    return base[:2] + b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload + base[2:]


def ensure_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        loopback = False
    if not loopback:
        raise SystemExit(f"refusing to load {host}: this benchmark only runs against loopback")


def start_service(home: Path, port: int, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """Seed a store, camera and device key in ``home`` and start the service there."""
    sys.path.insert(0, str(ROOT))
    from storecheck.api.service import build_service
    from storecheck.settings import Settings
    from storecheck.store.db import transaction
    from storecheck.store.keys import create_key
    from storecheck.store.models import Camera, Store

    service = build_service(Settings(home=home, workers=0))
    with transaction(service.factory) as session:
        session.add(Store(id="bench", name="压测营业厅", store_type="hall_1_3"))
        session.flush()
        session.add(Camera(id="bench-hall", store_id="bench", zone="hall", polygons={}))
        session.flush()
        key = create_key(session, "device", ["bench"])[1]
    service.db.dispose()
    env = {**os.environ, "STORECHECK_HOME": str(home), "STORECHECK_WORKERS": str(workers)}
    process = subprocess.Popen([sys.executable, "-m", "storecheck.cli", "serve", "--port", str(port)],
                               env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                return process, key
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the service did not start")


async def run_load(url: str, key: str, seconds: float, concurrency: int, cap: int) -> dict[str, object]:
    base = SAMPLE.read_bytes()
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = iter(range(cap))
    deadline = time.monotonic() + seconds
    data = {"store_id": "bench", "camera_id": "bench-hall", "captured_at": "2026-11-02T09:30:00+08:00"}

    async def client_loop(client: httpx.AsyncClient) -> None:
        for n in counter:
            if time.monotonic() >= deadline:
                return
            body = unique_jpeg(base, n)
            started = time.perf_counter()
            response = await client.post("/api/v1/snapshots", headers={"X-API-Key": key}, data=data,
                                         files={"image": (f"{n}.jpg", body, "image/jpeg")})
            latencies.append(time.perf_counter() - started)
            statuses[response.status_code] += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        began = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(concurrency)))
        wall = time.perf_counter() - began
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1) if ordered else 0.0

    return {
        "requests": len(latencies), "seconds": round(wall, 2), "concurrency": concurrency,
        "accepted_per_s": round(statuses[202] / wall, 1), "statuses": dict(statuses),
        "latency_ms": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": pct(100),
                       "mean": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0},
        "cpus": os.cpu_count(), "image_bytes": len(base),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an already running service on loopback (needs --key)")
    parser.add_argument("--key", help="a device key for store 'bench' camera 'bench-hall' (with --url)")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to load (default 20)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients in flight (default 8)")
    parser.add_argument("--max-requests", type=int, default=5000, help="upper bound on requests (default 5000)")
    parser.add_argument("--workers", type=int, default=1, help="analysis workers of the started service")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    process = None
    with tempfile.TemporaryDirectory(prefix="storecheck-bench-") as home:
        if args.url:
            if not args.key:
                parser.error("--url needs --key")
            ensure_loopback(args.url)
            url, key = args.url, args.key
        else:
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            process, key = start_service(Path(home), port, args.workers)
            url = f"http://127.0.0.1:{port}"
        try:
            report = asyncio.run(run_load(url, key, args.seconds, args.concurrency, args.max_requests))
            report["queue_depth_after"] = httpx.get(f"{url}/healthz").json().get("queue_depth")
        finally:
            if process is not None:
                process.terminate()
                process.wait(30)
    if not args.json:
        lat = report["latency_ms"]
        print(f"{report['requests']} uploads in {report['seconds']} s with {report['concurrency']} clients: "
              f"{report['accepted_per_s']} accepted/s; latency ms p50 {lat['p50']} p90 {lat['p90']} "  # type: ignore[index]
              f"p99 {lat['p99']} max {lat['max']}; statuses {report['statuses']}")  # type: ignore[index]
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
