"""What ``/healthz`` and ``/metrics`` read about the service itself: free disk where it keeps
its data, the oldest running snapshot, and the reasons it is ``degraded``.

A full disk used to show only as failed uploads: ``/healthz`` said ``ok`` at 100% full while
a snapshot whose result could not be written stayed ``running``. Now each of these is a reason.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy.engine import make_url

from storecheck.settings import Settings
from storecheck.store.images import ImageStore

MiB = 1024 * 1024


def data_dirs(settings: Settings, images: ImageStore) -> dict[str, Path]:
    """The local folders the service writes to, by role: ``home``, and ``images`` and
    ``database`` (SQLite's folder) when they are elsewhere. One per disk: a folder on the same
    filesystem as one named before it adds nothing."""
    candidates = {"home": settings.home}
    try:
        candidates["images"] = images.root
    except AttributeError:  # images in S3-compatible storage: not our disk
        pass
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        candidates["database"] = Path(url.database).parent  # type: ignore[arg-type]
    dirs: dict[str, Path] = {}
    devices: set[int] = set()
    for role, path in candidates.items():
        try:
            device = os.stat(path).st_dev
        except OSError:
            continue
        if device not in devices:
            devices.add(device)
            dirs[role] = path
    return dirs


def disk_free(dirs: dict[str, Path]) -> dict[str, int]:
    """Free bytes (for an unprivileged writer) on each folder's disk."""
    free = {}
    for role, path in dirs.items():
        try:
            free[role] = shutil.disk_usage(path).free
        except OSError:
            continue
    return free


def disk_reasons(free: dict[str, int], minimum: int, dirs: dict[str, Path]) -> list[str]:
    return [f"disk low: {bytes_left / MiB:.1f} MiB free for {role} ({dirs[role]}), "
            f"under the {minimum / MiB:.0f} MiB minimum (disk_free_min_bytes)"
            for role, bytes_left in free.items() if bytes_left < minimum]


def stuck_reason(oldest_running_s: float, lease_s: float) -> list[str]:
    if oldest_running_s <= lease_s:
        return []
    return [f"queue stuck: a snapshot has been running for {oldest_running_s:.0f} s, "
            f"past the {lease_s:.0f} s lease (analysis_lease_s)"]
