"""When each camera is grabbed: a fixed interval or a cron line, within business hours.

Times are computed in the camera's time zone (a store in Urumqi opens at its own 9:00), so a
cron line like ``*/15 8-21 * * *`` means local time, daylight saving included.

Example:
    >>> from datetime import datetime, timezone
    >>> plan = Schedule(ScheduleConfig(every_s=900, business_hours=["09:00-18:00"], timezone="Asia/Shanghai"))
    >>> plan.next_due(datetime(2026, 11, 2, 0, 0, tzinfo=timezone.utc)).isoformat()   # 08:00 local
    '2026-11-02T09:00:00+08:00'
"""

from __future__ import annotations

import math
from datetime import datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How far ahead a due time is searched; a schedule that never fires in two weeks is a config error.
HORIZON = timedelta(days=14)


def _parse_window(raw: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in raw.split("-"))
    except ValueError:
        raise ValueError(f"business hours {raw!r}: write them as 'HH:MM-HH:MM'") from None
    if start == end:
        raise ValueError(f"business hours {raw!r} are empty")
    return start, end


class ScheduleConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    every_s: float | None = Field(default=None, gt=0, description="Grab every N seconds (aligned to the clock)")
    cron: str | None = Field(default=None, description="Or a cron line in local time, e.g. '*/15 8-21 * * *'")
    business_hours: list[str] = Field(
        default_factory=list, description="'HH:MM-HH:MM' windows (an end before the start runs past midnight); empty: all day"
    )
    days: list[Day] = Field(default_factory=lambda: list(DAYS), min_length=1, description="Open days")
    timezone: str | None = Field(default=None, description="IANA zone; unset: the file's timezone")

    @field_validator("business_hours")
    @classmethod
    def _windows(cls, value: list[str]) -> list[str]:
        for raw in value:
            _parse_window(raw)
        return value

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None and not croniter.is_valid(value):
            raise ValueError(f"{value!r} is not a valid cron line")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _one_rhythm(self) -> ScheduleConfig:
        if self.every_s is not None and self.cron is not None:
            raise ValueError("give 'every_s' or 'cron', not both")
        if self.every_s is None and self.cron is None:
            self.every_s = 900.0  # the standard's hourly check, four times over
        return self


class Schedule:
    """Due times of one camera."""

    def __init__(self, config: ScheduleConfig) -> None:
        self.config = config
        self.zone = ZoneInfo(config.timezone or "UTC")
        self.windows = [_parse_window(raw) for raw in config.business_hours]
        self.days = {DAYS.index(day) for day in config.days}

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` falls on an open day inside business hours."""
        local = moment.astimezone(self.zone)
        if not self.windows:
            return local.weekday() in self.days
        clock = local.time()
        for start, end in self.windows:
            if start < end and start <= clock < end and local.weekday() in self.days:
                return True
            if start > end:  # overnight: the evening belongs to today, the small hours to yesterday
                if clock >= start and local.weekday() in self.days:
                    return True
                if clock < end and (local.weekday() - 1) % 7 in self.days:
                    return True
        return False

    def next_due(self, after: datetime) -> datetime:
        """The first due time strictly after ``after`` that is inside business hours.

        Raises:
            ValueError: nothing is due within two weeks (e.g. a cron line outside the hours).
        """
        candidate = self._next_tick(after)
        limit = after + HORIZON
        while candidate <= limit:
            if self.is_open(candidate):
                return candidate
            opening = self._next_opening(candidate)
            # A tick exactly at opening time counts; otherwise the first tick after it.
            candidate = opening if self._on_tick(opening) else self._next_tick(opening)
        raise ValueError("this schedule is never due within two weeks: check cron, days and business_hours")

    def _next_tick(self, after: datetime) -> datetime:
        local = after.astimezone(self.zone)
        if self.config.cron is not None:
            return croniter(self.config.cron, local).get_next(datetime)  # type: ignore[no-any-return]
        every = self.config.every_s or 900.0
        # Aligned to the epoch, so every_s=900 grabs at :00, :15, :30, :45 whatever the start.
        ticks = math.floor(after.timestamp() / every) + 1
        return datetime.fromtimestamp(ticks * every, tz=self.zone)

    def _on_tick(self, moment: datetime) -> bool:
        return self._next_tick(moment - timedelta(microseconds=1)) == moment

    def _next_opening(self, after: datetime) -> datetime:
        """The first instant after ``after`` when business opens (midnight of an open day
        when no hours are set)."""
        local = after.astimezone(self.zone)
        starts = [start for start, _ in self.windows] or [time(0, 0)]
        for offset in range(0, 9):
            day = local.date() + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            for start in sorted(starts):
                opening = datetime.combine(day, start, tzinfo=self.zone)
                if opening > local:
                    return opening
        return local + HORIZON + timedelta(seconds=1)
