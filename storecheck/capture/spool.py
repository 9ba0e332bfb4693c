"""The local spool: every grabbed frame is on disk, with its metadata, before anything else.

Layout under the spool folder::

    tmp/                 files being written (cleared at start)
    pending/ID.jpg+json  waiting for upload or analysis, oldest name first
    done/ID.jpg+json     uploaded or analysed: the first thing pruned when space runs short
    rejected/ID.jpg+json the service refused this image for good (bad image): kept for people

Writes are atomic (tmp + fsync + rename + fsync of the folder) and the JSON lands last, so an
entry exists entirely or not at all, whatever kills the agent. Moving an entry to ``done/``
writes the new JSON first; a crash halfway is finished by :meth:`Spool.recover`. Pending frames
are never pruned: when the spool is full, new frames are refused instead (and health says so).
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
STATES = ("pending", "done", "rejected")


class SpoolFull(OSError):
    """No room for a new frame: the disk or the spool limit is reached and nothing is prunable."""


class SpoolLocked(RuntimeError):
    """Another agent is using this spool folder."""


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write ``data`` to ``target`` so that a reader (or a reboot) sees the old file or the new
    one, never half of it. The temporary file lives in ``tmp_dir`` (same filesystem) or beside."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = (tmp_dir or target.parent) / f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def entry_id(camera_id: str, captured_at: datetime, sha256: str) -> str:
    """Sortable by capture time (UTC first), unique per camera and image."""
    stamp = captured_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safe_camera = re.sub(r"[^A-Za-z0-9_.-]", "_", camera_id)
    return f"{stamp}-{safe_camera}-{sha256[:16]}"


@dataclass
class SpoolEntry:
    id: str
    state: str
    meta: dict[str, Any]
    image_path: Path

    def read_image(self) -> bytes:
        return self.image_path.read_bytes()


class Spool:
    def __init__(self, root: Path, *, max_bytes: int, min_free_bytes: int = 0) -> None:
        self.root, self.max_bytes, self.min_free_bytes = root, max_bytes, min_free_bytes
        self.tmp = root / "tmp"
        for name in ("tmp", *STATES):
            (root / name).mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._lock_file: int | None = None

    def lock(self) -> None:
        """Claim the folder for this process (released by the OS even on SIGKILL)."""
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise SpoolLocked(f"another capture agent is using the spool {self.root}") from None
        self._lock_file = fd

    def unlock(self) -> None:
        if self._lock_file is not None:
            os.close(self._lock_file)  # closing the descriptor drops the flock
            self._lock_file = None

    def recover(self) -> int:
        """Clear half-written files and finish half-done moves; returns how many were repaired."""
        repaired = 0
        with self._lock:
            for leftover in self.tmp.iterdir():
                leftover.unlink(missing_ok=True)
            for meta_path in sorted((self.root / "pending").glob("*.json")):
                for state in ("done", "rejected"):
                    if (self.root / state / meta_path.name).exists():
                        self._finish_move(meta_path.stem, state)
                        repaired += 1
            for image in (self.root / "pending").glob("*.jpg"):
                if not image.with_suffix(".json").exists():  # grabbed but never committed
                    image.unlink(missing_ok=True)
                    repaired += 1
        return repaired

    def put(self, jpeg: bytes, meta: dict[str, Any]) -> SpoolEntry:
        """Commit a frame. Raises SpoolFull (the frame was not kept, nothing else was touched)."""
        entry = str(meta["id"])
        with self._lock:
            self._make_room(len(jpeg) + 4096)
            pending = self.root / "pending"
            try:
                write_atomic(pending / f"{entry}.jpg", jpeg, self.tmp)
                # The JSON is the commit mark: without it the image is a leftover.
                write_atomic(pending / f"{entry}.json", _dump(meta | {"state": "pending"}), self.tmp)
            except OSError as exc:
                (pending / f"{entry}.jpg").unlink(missing_ok=True)
                if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise SpoolFull(errno.ENOSPC, f"disk full while spooling {entry}") from exc
                raise
        return SpoolEntry(entry, "pending", meta | {"state": "pending"}, pending / f"{entry}.jpg")

    def pending(self, limit: int | None = None) -> list[SpoolEntry]:
        """Pending entries, oldest first."""
        return self._entries("pending", limit)

    def entries(self, state: str) -> list[SpoolEntry]:
        return self._entries(state, None)

    def _entries(self, state: str, limit: int | None) -> list[SpoolEntry]:
        folder = self.root / state
        found = []
        for meta_path in sorted(folder.glob("*.json")):
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # moved or being replaced right now; seen next time
            found.append(SpoolEntry(meta_path.stem, state, meta, folder / f"{meta_path.stem}.jpg"))
            if limit is not None and len(found) >= limit:
                break
        return found

    def update(self, entry: SpoolEntry, **changes: Any) -> None:
        """Rewrite a pending entry's metadata (attempts, last error)."""
        with self._lock:
            entry.meta.update(changes)
            write_atomic(self.root / "pending" / f"{entry.id}.json", _dump(entry.meta), self.tmp)

    def finish(self, entry: SpoolEntry, state: str = "done", **changes: Any) -> None:
        """Move an entry out of pending (``done`` or ``rejected``) with its final metadata."""
        with self._lock:
            entry.meta.update(changes, state=state)
            write_atomic(self.root / state / f"{entry.id}.json", _dump(entry.meta), self.tmp)
            self._finish_move(entry.id, state)

    def _finish_move(self, entry: str, state: str) -> None:
        source = self.root / "pending" / f"{entry}.jpg"
        if source.exists():
            os.replace(source, self.root / state / f"{entry}.jpg")
        (self.root / "pending" / f"{entry}.json").unlink(missing_ok=True)
        _fsync_dir(self.root / state)
        _fsync_dir(self.root / "pending")

    def usage(self) -> dict[str, int]:
        counts = {state: len(list((self.root / state).glob("*.json"))) for state in STATES}
        return counts | {"bytes": self._bytes()}

    def _bytes(self) -> int:
        return sum(f.stat().st_size for state in STATES for f in (self.root / state).iterdir() if f.is_file())

    def _make_room(self, needed: int) -> None:
        if self._fits(needed):
            return
        pruned = self.prune(needed)
        if not self._fits(needed):
            raise SpoolFull(errno.ENOSPC, f"spool full ({self._bytes()} bytes, limit {self.max_bytes}; "
                                          f"{pruned} done frames pruned): uploads or analysis are not keeping up")

    def _fits(self, needed: int) -> bool:
        free = shutil.disk_usage(self.root).free
        return self._bytes() + needed <= self.max_bytes and free - needed >= self.min_free_bytes

    def prune(self, needed: int = 0) -> int:
        """Delete the oldest done entries until ``needed`` more bytes fit; returns how many."""
        pruned = 0
        with self._lock:
            for meta_path in sorted((self.root / "done").glob("*.json")):
                if self._fits(needed):
                    break
                meta_path.with_suffix(".jpg").unlink(missing_ok=True)
                meta_path.unlink(missing_ok=True)
                pruned += 1
        if pruned:
            log.info("spool: pruned %d uploaded/analysed frames to make room", pruned)
        return pruned


def _dump(meta: dict[str, Any]) -> bytes:
    return json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")


def drain_in_order(
    spool: Spool,
    stop: threading.Event,
    deliver: Callable[[SpoolEntry], float | bool],
    *,
    batch: int,
    max_rounds: int | None = None,
) -> int:
    """Hand pending frames, oldest first, to ``deliver`` until ``stop``; returns how many went.

    ``deliver`` returns True (delivered), False (settled without delivery: rejected, skipped) or
    a number of seconds: it failed, the frame stays pending, and after that wait the loop starts
    again from the oldest, so delivery order stays capture order. With ``max_rounds`` (``--once``)
    the loop returns when the spool is empty or after that many failures in a row.
    """
    delivered = failures = 0
    while not stop.is_set():
        entries = spool.pending(limit=batch)
        if not entries:
            if max_rounds is not None:
                break
            stop.wait(0.2)
            continue
        for entry in entries:
            outcome = deliver(entry)
            if not isinstance(outcome, bool):
                failures += 1
                if max_rounds is not None and failures >= max_rounds:
                    return delivered
                stop.wait(outcome)
                break
            failures = 0
            delivered += outcome
            if stop.is_set():
                break
    return delivered
