"""The ``notifications:`` section of the config YAML: where messages go and when.

Example (``$STORECHECK_HOME/config.yaml``)::

    notifications:
      link_base: https://storecheck.example.com      # links in messages point here
      quiet_hours: {start: "22:00", end: "08:00"}    # the stores' time zone; held until the end
      default:                                       # stores without sinks of their own
        - name: ops
          kind: webhook
          url: https://ops.example.com/storecheck
          secret_env: STORECHECK_OPS_WEBHOOK_SECRET  # HMAC-SHA256 key; or secret: "..."
      stores:
        "3301-001":
          - name: 城东店群
            kind: wecom
            url: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...
            events: [violation.confirmed, order.overdue]
          - name: 区域经理
            kind: dingtalk
            digest_at: "18:00"                       # one summary a day instead of each event
            url: https://oapi.dingtalk.com/robot/send?access_token=...
            secret_env: STORECHECK_DINGTALK_SECRET   # the robot's 加签 secret (SEC...)
            rules: [hall.no_cleaning_tools, badge.worn]

Pure pydantic (no SQLAlchemy, no HTTP): ``storecheck analyze`` reads the same file.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from storecheck.contract import RuleId

EventKind = Literal["violation.new", "violation.confirmed", "order.overdue", "camera.offline"]
EVENT_KINDS: tuple[EventKind, ...] = ("violation.new", "violation.confirmed", "order.overdue", "camera.offline")
SinkKind = Literal["webhook", "wecom", "dingtalk", "feishu"]
ID_PATTERN = r"^[A-Za-z0-9_.-]+$"


class SecretMissing(ValueError):
    """A sink names an environment variable for its secret that is not set."""


class SinkConfig(BaseModel):
    """One place messages go."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="Names the sink in the delivery log (unique)")
    kind: SinkKind = Field(description="webhook: signed JSON; wecom, dingtalk, feishu: the robots' formats")
    url: str = Field(min_length=8, max_length=2000, description="Where to POST (a robot's webhook URL)")
    secret: str | None = Field(default=None, min_length=1, max_length=500,
                               description="webhook: the HMAC-SHA256 key (required); dingtalk, feishu: "
                               "the robot's signing secret (optional). Prefer secret_env")
    secret_env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                                   description="Environment variable holding the secret instead")
    events: list[EventKind] = Field(default_factory=lambda: list(EVENT_KINDS),
                                    description="Which events this sink receives; default all")
    rules: list[RuleId] | None = Field(default=None,
                                       description="Only these rules' events; default every rule")
    digest_at: time | None = Field(
        default=None, description="Local time (HH:MM): one daily digest of the day's events then, "
        "instead of one message per event")

    @field_validator("url")
    @classmethod
    def _http(cls, url: str) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return url

    @model_validator(mode="after")
    def _one_secret(self) -> SinkConfig:
        if self.secret is not None and self.secret_env is not None:
            raise ValueError("give secret or secret_env, not both")
        if self.kind == "webhook" and self.secret is None and self.secret_env is None:
            raise ValueError("a webhook sink needs a secret (or secret_env): its body is signed")
        return self

    def resolved_secret(self) -> str | None:
        """The secret, read from the environment when ``secret_env`` names it.

        Raises:
            SecretMissing: the variable is not set.
        """
        if self.secret_env is None:
            return self.secret
        value = os.environ.get(self.secret_env)
        if not value:
            raise SecretMissing(f"sink {self.name}: environment variable {self.secret_env} is not set")
        return value

    def wants(self, kind: str, rule: str | None) -> bool:
        return kind in self.events and (self.rules is None or rule is None or rule in self.rules)


class QuietHours(BaseModel):
    """Local times (the service's time zone) when nothing is sent; messages wait for ``end``."""

    model_config = ConfigDict(extra="forbid")

    start: time = Field(description="From, e.g. 22:00")
    end: time = Field(description="Until, e.g. 08:00 (the next morning when before start)")

    def until(self, now: datetime, timezone: str) -> datetime | None:
        """When quiet hours covering ``now`` end (aware UTC), or None when ``now`` is not quiet."""
        local = now.astimezone(ZoneInfo(timezone))
        t = local.time().replace(tzinfo=None)
        if self.start <= self.end:
            quiet = self.start <= t < self.end
        else:  # across midnight
            quiet = t >= self.start or t < self.end
        if not quiet:
            return None
        end = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(now.tzinfo)


class NotificationsConfig(BaseModel):
    """Sinks per store (and a default), quiet hours, and how hard to try."""

    model_config = ConfigDict(extra="forbid")

    default: list[SinkConfig] = Field(default_factory=list, description="Sinks of stores not listed in stores")
    stores: dict[str, list[SinkConfig]] = Field(
        default_factory=dict, description="Sinks per store id; a store listed here gets these instead of default")
    quiet_hours: QuietHours | None = Field(default=None, description="No messages between these local times")
    link_base: str = Field(default="", max_length=500,
                           description="The service's address as people reach it, for links in messages")
    max_attempts: int = Field(default=5, ge=1, le=50,
                              description="Tries before a delivery goes to the dead-letter list")
    backoff_s: float = Field(default=30.0, gt=0, le=24 * 3600,
                             description="Wait before the first retry; doubled after each failure")
    backoff_max_s: float = Field(default=3600.0, gt=0, le=7 * 24 * 3600, description="Longest wait between tries")
    timeout_s: float = Field(default=10.0, gt=0, le=120, description="HTTP timeout of one try")
    poll_s: float = Field(default=5.0, gt=0, le=3600, description="How often the sender looks for work")
    keep_days: int = Field(default=90, ge=1, le=3650, description="Events and their deliveries are kept this long")

    @model_validator(mode="after")
    def _unique_names(self) -> NotificationsConfig:
        for where, sinks in (("default", self.default), *self.stores.items()):
            names = [s.name for s in sinks]
            if len(names) != len(set(names)):
                raise ValueError(f"sink names repeat under {where}")
        return self

    @field_validator("stores")
    @classmethod
    def _store_ids(cls, stores: dict[str, list[SinkConfig]]) -> dict[str, list[SinkConfig]]:
        bad = [s for s in stores if not re.match(ID_PATTERN, s)]
        if bad:
            raise ValueError(f"not a store id: {', '.join(bad)}")
        return stores

    def sinks_for(self, store_id: str) -> list[SinkConfig]:
        return self.stores.get(store_id, self.default)

    def sink(self, store_id: str, name: str) -> SinkConfig | None:
        return next((s for s in self.sinks_for(store_id) if s.name == name), None)

    def backoff(self, failures: int) -> timedelta:
        """The wait after the ``failures``-th failed try: backoff_s, doubled each time, capped."""
        return timedelta(seconds=min(self.backoff_max_s, self.backoff_s * 2 ** (failures - 1)))

    def check_secrets(self) -> None:
        """Raises :class:`SecretMissing` for the first sink whose secret variable is unset."""
        for sinks in (self.default, *self.stores.values()):
            for sink in sinks:
                sink.resolved_secret()
