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
from typing import TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from storecheck.checks.config import ChecksConfig
from storecheck.notify.config import NotificationsConfig
from storecheck.store.order_policy import OrdersConfig
from storecheck.stores_config import StoresConfig
from storecheck.vision.config import VisionConfig

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """The configuration file is missing, not YAML, or does not validate."""


class StorecheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vision: VisionConfig = Field(default_factory=VisionConfig, description="Detector, OCR, image limits")
    checks: ChecksConfig = Field(default_factory=ChecksConfig, description="Rules, thresholds, zones, profiles")
    stores: StoresConfig | None = Field(
        default=None, description="Stores and cameras the service upserts at start-up (storecheck serve)"
    )
    orders: OrdersConfig = Field(
        default_factory=OrdersConfig, description="Rectification orders (整改单): hours to fix per rule"
    )
    notifications: NotificationsConfig = Field(
        default_factory=NotificationsConfig,
        description="Where findings, confirmations and overdue orders are told (webhook, 企业微信, 钉钉, 飞书)",
    )


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


def load_config(path: str | Path | None) -> StorecheckConfig:
    """Read and validate a config file; ``None`` gives the defaults."""
    if path is None:
        return StorecheckConfig()
    return validate_yaml_file(path, StorecheckConfig, ConfigError, "'vision', 'checks', 'stores', 'orders' and/or 'notifications'")
