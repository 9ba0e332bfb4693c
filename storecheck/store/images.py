"""Clean snapshot images on disk, content-addressed and written atomically.

``<root>/ab/cd/abcd…`` holds the bytes exactly as uploaded, named by their sha256. A file appears
under its final name only once it is complete and flushed (write to a temporary file in the same
filesystem, fsync, rename), so a crash or a full disk never leaves a half image behind a name.
Boxes are data in the database; overlays are drawn on request, never stored.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


class StorageFull(OSError):
    """The image filesystem has no room (ENOSPC/EDQUOT); the upload must be refused (507)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ImageStore:
    """Content-addressed image files under ``root``.

    Example:
        >>> import tempfile
        >>> store = ImageStore(tempfile.mkdtemp())
        >>> digest = store.put(b"jpeg bytes")
        >>> store.get(digest)
        b'jpeg bytes'
    """

    def __init__(self, root: str | Path, *, fsync: bool = True) -> None:
        self.root = Path(root)
        self.fsync = fsync
        self._tmp = self.root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def path(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return self.root / digest[:2] / digest[2:4] / digest

    def exists(self, digest: str) -> bool:
        return self.path(digest).is_file()

    def put(self, data: bytes, digest: str | None = None) -> str:
        """Store ``data`` (a no-op when the same bytes are already there); returns the sha256.

        Raises:
            StorageFull: no space left; nothing was left behind.
        """
        digest = digest or sha256_hex(data)
        target = self.path(digest)
        if target.is_file() and target.stat().st_size == len(data):
            return digest
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._write_atomically(target, data)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise StorageFull(exc.errno, f"image store is full: {exc.strerror}") from exc
            raise
        return digest

    def _write_atomically(self, target: Path, data: bytes) -> None:
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp, prefix=target.name[:16] + ".")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                if self.fsync:
                    os.fsync(fh.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def get(self, digest: str) -> bytes:
        """The image bytes. Raises ``FileNotFoundError`` when pruned or never stored."""
        return self.path(digest).read_bytes()

    def delete(self, digest: str) -> bool:
        """Remove one image; True when a file was removed."""
        try:
            self.path(digest).unlink()
        except FileNotFoundError:
            return False
        return True

    def digests(self) -> list[str]:
        """Every stored digest (for retention's orphan sweep)."""
        return sorted(p.name for p in self.root.glob("??/??/*") if len(p.name) == 64)
