"""The whole ``--config`` YAML (``$STORECHECK_HOME/config.yaml``): the engine's sections
(:class:`~storecheck.config.StorecheckConfig`: ``vision``, ``checks``) plus the service's
(``stores``, ``orders``, ``notifications``).

Every entry point reads the file with :func:`load_service_config`, so one file works for
``storecheck analyze``, the edge agent, the service and its workers, and a typo in any section is
rejected everywhere with its dotted path. The engine gets only its part (:meth:`engine`).

Example::

    vision:
      detector: {confidence: 0.3}
    checks:
      max_posters: 2
    stores:
      - {id: "3301-001", name: 城东营业厅, type: hall_1_3, cameras: [{id: 3301-001-hall, zone: hall}]}
    orders:
      due_hours_by_rule: {hall.no_cleaning_tools: 4}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from storecheck.config import ConfigError, StorecheckConfig, validate_yaml_file
from storecheck.notify.config import NotificationsConfig
from storecheck.store.order_policy import OrdersConfig
from storecheck.stores_config import StoresConfig


class StorecheckServiceConfig(StorecheckConfig):
    """The engine's config and the service's sections of the same file."""

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

    def engine(self) -> StorecheckConfig:
        """The engine's part alone (``vision``, ``checks``), what an :class:`~storecheck.engine.Engine` takes."""
        return StorecheckConfig(vision=self.vision, checks=self.checks)


def load_service_config(path: str | Path | None) -> StorecheckServiceConfig:
    """Read and validate a config file; ``None`` gives the defaults.

    Raises:
        ConfigError: the file is missing, not YAML, or a key is unknown or invalid (each named by
            its dotted path, e.g. ``checks.cameras.cam1.zonee``).
    """
    if path is None:
        return StorecheckServiceConfig()
    return validate_yaml_file(path, StorecheckServiceConfig, ConfigError,
                              "'vision', 'checks', 'stores', 'orders' and/or 'notifications'")
