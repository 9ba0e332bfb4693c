"""Clean snapshot images, content-addressed and written atomically.

``<root>/ab/cd/abcd…`` holds the bytes exactly as uploaded, named by their sha256. An image
appears under its final name only once it is complete (locally: a temporary file in the same
filesystem, fsync, rename), so a crash or a full disk never leaves a half image behind a name.
Where the bytes live is an :class:`~storecheck.store.objects.ObjectStore`: a local directory by
default, S3-compatible storage when the workers run on other machines.
Boxes are data in the database; overlays are drawn on request, never stored.
"""

from __future__ import annotations

import errno
import hashlib
import logging
from pathlib import Path

from storecheck.store.objects import LocalObjects, ObjectStore

log = logging.getLogger(__name__)


class StorageFull(OSError):
    """The image filesystem has no room (ENOSPC/EDQUOT); the upload must be refused (507)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ImageStore:
    """Content-addressed images under ``root`` (a local directory), or in ``objects``.

    Example:
        >>> import tempfile
        >>> store = ImageStore(tempfile.mkdtemp())
        >>> digest = store.put(b"jpeg bytes")
        >>> store.get(digest)
        b'jpeg bytes'
    """

    def __init__(self, root: str | Path | None = None, *, fsync: bool = True,
                 objects: ObjectStore | None = None) -> None:
        if objects is None:
            if root is None:
                raise ValueError("ImageStore needs a root directory or an object store")
            objects = LocalObjects(root, fsync=fsync)
        self.objects = objects
        self.fsync = fsync

    @property
    def root(self) -> Path:
        if not isinstance(self.objects, LocalObjects):
            raise AttributeError("images are not in a local directory")
        return self.objects.root

    @staticmethod
    def key(digest: str) -> str:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return f"{digest[:2]}/{digest[2:4]}/{digest}"

    def path(self, digest: str) -> Path:
        """The local file of an image (local stores only)."""
        return self.root / self.key(digest)

    def exists(self, digest: str) -> bool:
        return self.objects.size(self.key(digest)) is not None

    def modified(self, digest: str) -> float | None:
        """When the image was stored (POSIX seconds), or None when it is not there."""
        return self.objects.modified(self.key(digest))

    def put(self, data: bytes, digest: str | None = None) -> str:
        """Store ``data`` (a no-op when the same bytes are already there); returns the sha256.

        Raises:
            StorageFull: no space left; nothing was left behind.
        """
        digest = digest or sha256_hex(data)
        key = self.key(digest)
        if self.objects.size(key) == len(data):
            return digest
        try:
            self._write_atomically(key, data)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise StorageFull(exc.errno, f"image store is full: {exc.strerror}") from exc
            raise
        return digest

    def _write_atomically(self, key: str, data: bytes) -> None:
        # One seam for every write, so a test can make the filesystem full here.
        self.objects.write(key, data)

    def get(self, digest: str) -> bytes:
        """The image bytes. Raises ``FileNotFoundError`` when pruned or never stored."""
        return self.objects.read(self.key(digest))

    def delete(self, digest: str) -> bool:
        """Remove one image; True when a file was removed."""
        return self.objects.delete(self.key(digest))

    def digests(self) -> list[str]:
        """Every stored digest (for retention's orphan sweep)."""
        return sorted(key.rsplit("/", 1)[-1] for key in self.objects.keys("??/??/*")
                      if len(key.rsplit("/", 1)[-1]) == 64)
