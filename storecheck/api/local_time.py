"""Times as the review pages show them: on the stores' clock (settings ``timezone``).

Days are already grouped by the stores' local day; a UTC time beside a local day reads as the
wrong day for anything after 16:00 in Shanghai.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

FORMAT = "%Y-%m-%d %H:%M"


def local_time(value: datetime | str | None, zone: str) -> str:
    """``value`` on ``zone``'s clock, e.g. ``"2026-11-25 16:00"``.

    ``value`` may be an ISO-8601 string (a device agent's report); one without an offset is
    already local, as for uploads. A string that is not ISO-8601 is returned as it came, so a
    reviewer still sees what the agent said; None is a dash.

    Example:
        >>> local_time("2026-11-25T08:00:00+00:00", "Asia/Shanghai")
        '2026-11-25 16:00'
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    tz = ZoneInfo(zone)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz).strftime(FORMAT)
