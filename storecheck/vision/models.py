"""Where the shipped model files live, and how a model is named in results.

Search order for the model directory:

1. ``$STORECHECK_MODELS_DIR`` when set (must exist);
2. ``<repo>/models``, walking up from this file (editable installs, the source tree);
3. ``<sys.prefix>/share/storecheck/models`` (where the wheel's ``data-files`` put them).
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache
from pathlib import Path

DETECTOR_FILE = "storecheck-det.onnx"
SCREEN_DETECTOR_FILE = "storecheck-devices.onnx"
PERSON_DETECTOR_FILE = "people-ssdlite.onnx"
ENV_VAR = "STORECHECK_MODELS_DIR"


def models_dir() -> Path:
    """The directory holding the shipped models.

    Raises:
        FileNotFoundError: ``$STORECHECK_MODELS_DIR`` names a missing directory, or none of the
            places above exists.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(f"{ENV_VAR}={env} is not a directory")
        return path
    for parent in Path(__file__).resolve().parents:
        # The repo root is the folder with pyproject.toml; stop there so we never wander off.
        if (parent / "pyproject.toml").is_file():
            if (parent / "models").is_dir():
                return parent / "models"
            break
    installed = Path(sys.prefix) / "share" / "storecheck" / "models"
    if installed.is_dir():
        return installed
    raise FileNotFoundError(
        f"no storecheck models directory: set {ENV_VAR}, or install the package with its data files"
    )


def default_detector_path() -> Path:
    """``<models dir>/storecheck-det.onnx`` (it may not exist yet; callers check)."""
    return models_dir() / DETECTOR_FILE


def default_screen_detector_path() -> Path:
    """``<models dir>/storecheck-devices.onnx``: phones, the ITV set and terminal screens."""
    return models_dir() / SCREEN_DETECTOR_FILE


def default_person_detector_path() -> Path:
    """``<models dir>/people-ssdlite.onnx``: people, trained on real photographs (not ours)."""
    return models_dir() / PERSON_DETECTOR_FILE


@lru_cache(maxsize=32)
def _sha256(path: Path, mtime_ns: int, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_id(path: str | Path) -> str:
    """``"<stem>@sha256:<first 12 hex>"``, e.g. ``storecheck-det@sha256:1a2b3c4d5e6f``.

    Every result records it, so a finding can be traced to the exact weights that produced it.
    """
    path = Path(path).resolve()
    stat = path.stat()
    return f"{path.stem}@sha256:{_sha256(path, stat.st_mtime_ns, stat.st_size)[:12]}"
