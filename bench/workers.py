"""Celery worker scaling: snapshots analysed per second by 1 and by 2 worker processes on one queue.

Loopback only and bounded. Uses the real Redis and PostgreSQL of this machine (a throw-away
schema, dropped afterwards; the Redis database is flushed, so give it one of its own), starts
``storecheck worker --concurrency 1`` processes, as separate machines would, waits until their
engines are loaded, queues ``--snapshots`` distinct JPEGs (sample images with a unique comment
segment) and times them to the last ``done`` row. One warm-up snapshot per process comes first
(the first OCR call pays for lazy initialisation).

    .venv/bin/python bench/workers.py --snapshots 60

Prints the rates, the ratio and the load average (the machine may be shared), then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.load_upload import ensure_loopback, unique_jpeg

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [("hall-mop.jpg", "hall"), ("counter-badges.jpg", "counter"),
           ("window-5-posters.jpg", "window"), ("star-desk-sign.jpg", "star_desk")]


class Bench:
    def __init__(self, redis_url: str, pg_url: str, home: Path, threads: int) -> None:
        sys.path.insert(0, str(ROOT))
        from redis import Redis
        from sqlalchemy import create_engine, text

        from storecheck.api.service import build_service
        from storecheck.settings import Settings
        from storecheck.store.db import normalise_url

        self.schema = f"sc_bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(normalise_url(pg_url))
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        sep = "&" if "?" in pg_url else "?"
        db_url = f"{pg_url}{sep}options=-csearch_path%3D{self.schema}"
        self.redis = Redis.from_url(redis_url)
        self.redis.flushdb()
        self.service = build_service(Settings(home=home, database_url=db_url, fsync_images=False, workers=0))
        self._seed()
        self.env = {**os.environ, "STORECHECK_QUEUE": "celery", "STORECHECK_REDIS_URL": redis_url,
                    "STORECHECK_DATABASE_URL": db_url, "STORECHECK_HOME": str(home),
                    "STORECHECK_FSYNC_IMAGES": "false", "STORECHECK_WORKER_THREADS": str(threads),
                    "STORECHECK_CELERY_QUEUE": f"bench-{self.schema}"}
        os.environ.update({k: v for k, v in self.env.items() if k.startswith("STORECHECK_")})
        from storecheck.queue.celery_config import CelerySettings
        from storecheck.queue.celery_queue import CeleryQueue

        self.queue = CeleryQueue(self.service.factory, CelerySettings())
        self.counter = 0

    def _seed(self) -> None:
        from storecheck.store.db import transaction
        from storecheck.store.models import Camera, Store

        with transaction(self.service.factory) as session:
            session.add(Store(id="bench", name="bench hall", store_type="hall_1_3"))
            session.flush()
            for _, zone in SAMPLES:
                session.add(Camera(id=f"bench-{zone}", store_id="bench", zone=zone, polygons={}))

    def add(self, count: int) -> list[str]:
        from storecheck.store.db import transaction
        from storecheck.store.snapshots import add_snapshot

        ids = []
        with transaction(self.service.factory) as session:
            for _ in range(count):
                name, zone = SAMPLES[self.counter % len(SAMPLES)]
                data = unique_jpeg((ROOT / "datasets" / "samples" / name).read_bytes(), self.counter)
                self.counter += 1
                digest = self.service.images.put(data)
                ids.append(add_snapshot(session, store_id="bench", camera_id=f"bench-{zone}", sha256=digest,
                                        content_type="image/jpeg", size_bytes=len(data),
                                        captured_at=datetime.now(UTC), timezone="Asia/Shanghai").id)
        return ids

    def done(self, ids: list[str]) -> int:
        from sqlalchemy import func, select

        from storecheck.store.models import Snapshot

        with self.service.factory() as session:
            return int(session.scalar(select(func.count()).select_from(Snapshot).where(
                Snapshot.id.in_(ids), Snapshot.status.in_(("done", "failed")))) or 0)

    def run(self, ids: list[str], timeout_s: float) -> float:
        """Seconds from the first submit to the last finished analysis."""
        start = time.monotonic()
        for snapshot_id in ids:
            self.queue.submit(snapshot_id)
        while self.done(ids) < len(ids):
            if time.monotonic() - start > timeout_s:
                raise SystemExit(f"timed out: {self.done(ids)}/{len(ids)} analysed in {timeout_s:.0f} s")
            time.sleep(0.05)
        return time.monotonic() - start

    def close(self) -> None:
        from sqlalchemy import text

        self.queue.stop()
        self.service.db.dispose()
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()
        self.redis.flushdb()


def start_workers(bench: Bench, count: int, logs: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    for index in range(count):
        with (logs / f"worker-{index}.log").open("wb") as out:
            workers.append(subprocess.Popen(
                [sys.executable, "-m", "storecheck.cli", "worker", "--concurrency", "1", "--loglevel", "info"],
                env=bench.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
    deadline = time.monotonic() + 120
    while sum(b"engine ready" in (logs / f"worker-{i}.log").read_bytes() for i in range(count)) < count:
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            stop_workers(workers)
            raise SystemExit(f"workers did not start; see {logs}")
        time.sleep(0.1)
    return workers


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def cpu_seconds(sessions: set[int]) -> float:
    """CPU time (user + system) of every process in the workers' sessions: main and pool children."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[3]) in sessions:  # field 6 of stat: the session id
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measure(bench: Bench, processes: int, snapshots: int, logs: Path) -> dict[str, float]:
    workers = start_workers(bench, processes, logs)
    sessions = {w.pid for w in workers}
    try:
        bench.run(bench.add(2 * processes), timeout_s=120)  # warm-up
        load_before, cpu_before = os.getloadavg()[0], cpu_seconds(sessions)
        seconds = bench.run(bench.add(snapshots), timeout_s=600)
        cpu = cpu_seconds(sessions) - cpu_before
    finally:
        stop_workers(workers)
    # CPU seconds per snapshot tell a shared machine's story: if they stay flat from 1 to 2
    # processes, the queue adds no cost and the wall-clock rate is bounded by the free cores.
    return {"processes": processes, "snapshots": snapshots, "seconds": round(seconds, 2),
            "per_second": round(snapshots / seconds, 3), "cpu_s_per_snapshot": round(cpu / snapshots, 3),
            "load1_before": round(load_before, 2), "load1_after": round(os.getloadavg()[0], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis", default=os.environ.get("STORECHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
                        help="broker (a Redis database of its own: it is flushed)")
    parser.add_argument("--database", default=os.environ.get("STORECHECK_TEST_DATABASE_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--snapshots", type=int, default=60, help="timed snapshots per run")
    parser.add_argument("--threads", type=int, default=1, help="ONNX Runtime threads per worker process")
    parser.add_argument("--json", action="store_true", help="print only the JSON line")
    args = parser.parse_args()
    ensure_loopback(args.redis)
    ensure_loopback(args.database.replace("postgresql://", "http://", 1))
    with tempfile.TemporaryDirectory(prefix="storecheck-bench-") as tmp:
        bench = Bench(args.redis, args.database, Path(tmp) / "home", args.threads)
        try:
            runs = [measure(bench, n, args.snapshots, Path(tmp)) for n in (1, 2)]
        finally:
            bench.close()
    ratio = runs[1]["per_second"] / runs[0]["per_second"]
    # On a shared machine the wall-clock ratio is what the other jobs leave free. The CPU cost per
    # snapshot is not: with two free cores, two processes would reach 2 x (cost alone / cost side by side).
    cpu_ratio = 2 * runs[0]["cpu_s_per_snapshot"] / runs[1]["cpu_s_per_snapshot"]
    report = {"cores": os.cpu_count(), "threads_per_process": args.threads, "runs": runs, "ratio": round(ratio, 2),
              "ratio_if_cores_free": round(cpu_ratio, 2)}
    if not args.json:
        for run in runs:
            print(f"{run['processes']} worker process(es): {run['per_second']:.2f} snapshots/s "
                  f"({run['snapshots']} in {run['seconds']:.1f} s, {run['cpu_s_per_snapshot']:.2f} CPU s each; "
                  f"load average {run['load1_before']:.2f} -> {run['load1_after']:.2f})")
        print(f"ratio 2:1 = {ratio:.2f}x (target >= 1.8x) on {os.cpu_count()} cores; from CPU s per snapshot, "
              f"{cpu_ratio:.2f}x if both cores were free")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
