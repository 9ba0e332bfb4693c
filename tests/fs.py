"""A real full disk for tests: a tiny tmpfs, when this process may mount one (root, as in CI)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def tiny_tmpfs(path: Path, size: str = "64k") -> Iterator[bool]:
    """Create ``path`` and mount a ``size`` tmpfs on it; yields False (a plain folder) when the
    mount is not allowed here. Unmounted on the way out."""
    path.mkdir(parents=True)
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    ).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=False)


def fill_up(folder: Path) -> Path:
    """Write a file into ``folder`` until its filesystem refuses a single byte more (ENOSPC);
    returns the file, whose removal frees the space again."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as out:
        for chunk in (64 * 1024, 4096, 512, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    return filler
