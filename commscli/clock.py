"""Now, and the one stored time format.

Every time is kept in the office time zone as ``YYYY-MM-DDTHH:MM:SS+08:00`` so that
string order is time order. ``COMMSCLI_NOW`` freezes now for tests, demos and replays.
"""

import os
from datetime import date, datetime, timedelta
from functools import lru_cache

from commscli.errors import InputError

DEFAULT_TZ = "Asia/Shanghai"


@lru_cache(maxsize=8)
def zone(name: str = DEFAULT_TZ):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("unknown time zone", "office_timezone", name) from None


def now(tz: str = DEFAULT_TZ) -> datetime:
    """The current time in the office zone, to the second; ``COMMSCLI_NOW`` overrides."""
    frozen = os.environ.get("COMMSCLI_NOW")
    if frozen:
        return parse_time(frozen, tz, field="COMMSCLI_NOW")
    return datetime.now(zone(tz)).replace(microsecond=0)


def today(tz: str = DEFAULT_TZ) -> date:
    return now(tz).date()


def parse_time(text: str, tz: str = DEFAULT_TZ, field: str = "--at") -> datetime:
    """An ISO date or datetime; naive values are taken in the office zone."""
    value = (text or "").strip()
    try:
        if len(value) in (5, 8) and value[2:3] == ":":  # HH:MM today, for entries made later the same day
            from datetime import time as _time

            dt = datetime.combine(now(tz).date(), _time.fromisoformat(value))
        elif len(value) == 10:
            dt = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            dt = datetime.fromisoformat(value.replace(" ", "T", 1) if "T" not in value else value)
    except ValueError:
        raise InputError("not an ISO date or time (e.g. 2026-11-23, 2026-11-23T14:30, or 14:30 today)", field,
                         text) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone(tz))
    else:
        dt = dt.astimezone(zone(tz))
    return dt.replace(microsecond=0)


def parse_date(text: str, field: str = "date") -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise InputError("not an ISO date (YYYY-MM-DD)", field, text) from None


def parse_month(text: str, field: str = "--month") -> tuple[int, int]:
    """``2026-11`` → (2026, 11)."""
    try:
        year, month = (int(p) for p in (text or "").strip().split("-"))
        if not 1 <= month <= 12 or not 1900 < year < 3000:
            raise ValueError
    except ValueError:
        raise InputError("not a month (YYYY-MM)", field, text) from None
    return year, month


def fmt(dt: datetime) -> str:
    """The one stored format."""
    return dt.isoformat(timespec="seconds")


def happened(dt: datetime, current: datetime, tolerance_minutes: int, field: str = "--at") -> datetime:
    """A record of something that happened may not lie beyond the tolerance in the future."""
    if dt > current + timedelta(minutes=tolerance_minutes):
        raise InputError(
            f"lies in the future (now is {fmt(current)}; at most {tolerance_minutes} min ahead is accepted)",
            field,
            fmt(dt),
        )
    return dt
