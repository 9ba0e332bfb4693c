"""Where image bytes live: a local directory by default, any fsspec filesystem (S3, MinIO, GCS…)
when the service and its workers run on different machines.

An :class:`ObjectStore` knows nothing about images or digests; it stores bytes under
slash-separated keys and promises one thing the rest of storecheck relies on: a key appears only
once its bytes are complete. Locally that is a temporary file, fsync and rename; on an object
store a single PUT is already all-or-nothing.

Example:
    >>> import tempfile
    >>> objects = open_object_store(tempfile.mkdtemp())
    >>> objects.write("ab/cd/x", b"bytes")
    >>> objects.read("ab/cd/x"), objects.size("ab/cd/x"), objects.keys("*/*/*")
    (b'bytes', 5, ['ab/cd/x'])
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Protocol

#: ``STORECHECK_IMAGES_URL``: e.g. ``s3://bucket/storecheck/images``; unset means the local
#: ``images_dir``. ``STORECHECK_IMAGES_OPTIONS``: JSON storage options for fsspec (endpoint, …).
URL_ENV, OPTIONS_ENV = "STORECHECK_IMAGES_URL", "STORECHECK_IMAGES_OPTIONS"


class ObjectStore(Protocol):
    """Bytes under keys (``"ab/cd/abcd…"``); see the module docstring for the atomicity promise."""

    def read(self, key: str) -> bytes:
        """The bytes; ``FileNotFoundError`` when the key is absent."""

    def write(self, key: str, data: bytes) -> None:
        """Store ``data`` under ``key``, replacing it; never visible half-written."""

    def size(self, key: str) -> int | None:
        """Size in bytes, or None when the key is absent."""

    def modified(self, key: str) -> float | None:
        """When the key was last written (POSIX seconds), or None when it is absent."""

    def delete(self, key: str) -> bool:
        """Remove the key; True when something was removed."""

    def keys(self, pattern: str) -> list[str]:
        """Keys matching a glob ``pattern`` relative to the store's root, e.g. ``"??/??/*"``."""


class LocalObjects:
    """Files under ``root``; temporary files go to ``root/tmp`` (same filesystem, so the final
    rename is atomic)."""

    def __init__(self, root: str | Path, *, fsync: bool = True) -> None:
        self.root = Path(root)
        self.fsync = fsync
        self.tmp = self.root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.root / key

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def write(self, key: str, data: bytes) -> None:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=target.name[:16] + ".")
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

    def size(self, key: str) -> int | None:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else None

    def modified(self, key: str) -> float | None:
        try:
            return self.path(key).stat().st_mtime
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> bool:
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def keys(self, pattern: str) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.glob(pattern) if p.is_file())


class FsspecObjects:
    """Keys under ``url`` on any fsspec filesystem (``s3://`` needs the ``s3`` extra: s3fs).

    Credentials and endpoints come from the library's usual places (``AWS_ACCESS_KEY_ID``,
    ``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL`` for MinIO) or from ``options``.
    """

    def __init__(self, url: str, **options: Any) -> None:
        from fsspec.core import url_to_fs

        self.url = url
        self.fs, root = url_to_fs(url, **options)
        self.root = root.rstrip("/")

    def _full(self, key: str) -> str:
        return f"{self.root}/{key}"

    def read(self, key: str) -> bytes:
        return bytes(self.fs.cat_file(self._full(key)))

    def write(self, key: str, data: bytes) -> None:
        self.fs.pipe_file(self._full(key), data)

    def size(self, key: str) -> int | None:
        # Another machine may have written or deleted the key: never answer from a listing cache.
        self.fs.invalidate_cache(self._full(key))
        try:
            return int(self.fs.size(self._full(key)))
        except FileNotFoundError:
            return None

    def modified(self, key: str) -> float | None:
        self.fs.invalidate_cache(self._full(key))
        try:
            return float(self.fs.modified(self._full(key)).timestamp())
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> bool:
        # S3's DELETE succeeds on a missing key, so ask first: retention counts what it removed.
        if self.size(key) is None:
            return False
        self.fs.rm_file(self._full(key))
        return True

    def keys(self, pattern: str) -> list[str]:
        self.fs.invalidate_cache(self.root)
        start = len(self.root) + 1  # glob answers full paths in the filesystem's own spelling
        return sorted(str(path)[start:] for path in self.fs.glob(self._full(pattern)))


def open_object_store(location: str | Path, *, fsync: bool = True, **options: Any) -> ObjectStore:
    """A local directory for a path (or ``file://``), fsspec for any other URL."""
    text = str(location)
    if "://" not in text:
        return LocalObjects(location, fsync=fsync)
    if text.startswith("file://"):
        return LocalObjects(text.removeprefix("file://"), fsync=fsync)
    return FsspecObjects(text, **options)


def object_store_from_env(default_dir: str | Path, *, fsync: bool = True) -> ObjectStore:
    """``STORECHECK_IMAGES_URL`` (+ ``STORECHECK_IMAGES_OPTIONS`` JSON) when set, else ``default_dir``."""
    url = os.environ.get(URL_ENV, "").strip()
    if not url:
        return LocalObjects(default_dir, fsync=fsync)
    options = json.loads(os.environ.get(OPTIONS_ENV) or "{}")
    if not isinstance(options, dict):
        raise ValueError(f"{OPTIONS_ENV} must be a JSON object, got {options!r}")
    return open_object_store(url, fsync=fsync, **options)
