"""The ``--config`` YAML: ``{vision: VisionConfig, checks: ChecksConfig}``. Unknown keys anywhere
are rejected with the path to the offending key, so a typo never silently falls back to a default.

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

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from storecheck.api.stores_config import StoresConfig
from storecheck.checks.config import ChecksConfig
from storecheck.vision.config import VisionConfig


class ConfigError(ValueError):
    """The configuration file is missing, not YAML, or does not validate."""


class StorecheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vision: VisionConfig = Field(default_factory=VisionConfig, description="Detector, OCR, image limits")
    checks: ChecksConfig = Field(default_factory=ChecksConfig, description="Rules, thresholds, zones, profiles")
    stores: StoresConfig | None = Field(
        default=None, description="Stores and cameras the service upserts at start-up (storecheck serve)"
    )


def load_config(path: str | Path | None) -> StorecheckConfig:
    """Read and validate a config file; ``None`` gives the defaults."""
    if path is None:
        return StorecheckConfig()
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"config {path} must be a mapping with 'vision' and/or 'checks'")
    try:
        return StorecheckConfig.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"config {path}: {problems}") from exc
