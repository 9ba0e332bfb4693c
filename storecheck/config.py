"""The engine's part of the ``--config`` YAML: ``{vision: VisionConfig, checks: ChecksConfig}``.
Unknown keys anywhere are rejected with the path to the offending key, so a typo never silently
falls back to a default.

The file may also hold the service's sections (``stores``, ``orders``, ``notifications``): every
entry point reads the whole file with :func:`storecheck.service_config.load_service_config` and
hands the engine this part (``config.engine()``), so one file serves ``storecheck analyze``, the
edge agent, the service and its workers, while this module knows nothing of the service.

Example::

    vision:
      detector: {confidence: 0.3}
    checks:
      max_posters: 2
      cameras:
        cam-window-1:
          zone: window
          polygons: {window: [[[0.05, 0.1], [0.5, 0.1], [0.5, 0.9], [0.05, 0.9]]]}
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from storecheck.checks.config import ChecksConfig
from storecheck.vision.config import VisionConfig

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """The configuration file is missing, not YAML, or does not validate."""


class StorecheckConfig(BaseModel):
    """What the :class:`~storecheck.engine.Engine` is configured with: how it sees and how it checks."""

    model_config = ConfigDict(extra="forbid")

    vision: VisionConfig = Field(default_factory=VisionConfig, description="Detector, OCR, image limits")
    checks: ChecksConfig = Field(default_factory=ChecksConfig, description="Rules, thresholds, zones, profiles")


def validate_yaml_file(
    path: str | Path, model: type[M], error: type[ValueError], expect: str
) -> M:
    """Read ``path`` as YAML and validate it as ``model``; every problem becomes one ``error``
    naming the file and the dotted path of each bad key. ``expect`` says what the top level holds."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise error(f"cannot read {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path} is not valid YAML: {exc}") from exc
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise error(f"{path} must be a mapping with {expect}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
        )
        raise error(f"{path}: {problems}") from exc

