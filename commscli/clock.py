"""Now, and the one stored time format.

Every time is kept in the office time zone as ``YYYY-MM-DDTHH:MM:SS+08:00`` so that
string order is time order. ``COMMSCLI_NOW`` freezes now for tests, demos and replays.
"""

import calendar as _cal
import os
import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from commscli.errors import InputError
from commscli.labels import Both, Msg, word

DEFAULT_TZ = "Asia/Shanghai"


@lru_cache(maxsize=8)
def zone(name: str = DEFAULT_TZ):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(Msg("err.time_zone"), "office_timezone", name) from None


def now(tz: str = DEFAULT_TZ) -> datetime:
    """The current time in the office zone, to the second; ``COMMSCLI_NOW`` overrides."""
    frozen = os.environ.get("COMMSCLI_NOW")
    if frozen:
        return parse_time(frozen, tz, field="COMMSCLI_NOW", bounded=False)
    return datetime.now(zone(tz)).replace(microsecond=0)


def today(tz: str = DEFAULT_TZ) -> date:
    return now(tz).date()


@dataclass(frozen=True)
class Span:
    """The dates a command accepts: from policy ``time_earliest`` to ``time_years_ahead`` years after today."""

    earliest: date
    latest: date

    def check(self, d: date, field: str, text) -> None:
        if not self.earliest <= d <= self.latest:
            raise InputError(Msg("err.outside", earliest=self.earliest, latest=self.latest), field, text)


def span(policy=None, today: date | None = None) -> Span:
    """The span of ``policy`` (default: the built-in one) on ``today`` (default: today in its zone)."""
    if policy is None:
        from commscli.policy import DEFAULT as policy
    if today is None:
        today = now(policy.office_timezone).date()
    years = today.year + policy.time_years_ahead
    latest = today.replace(year=years, day=min(today.day, _cal.monthrange(years, today.month)[1]))
    return Span(date.fromisoformat(policy.time_earliest), latest)


_LIMITS: ContextVar = ContextVar("commscli_span", default=None)


@contextmanager
def limits(provider):
    """Inside a command: every date parsed is checked against ``provider()`` (the policy in force)."""
    token = _LIMITS.set(provider)
    try:
        yield
    finally:
        _LIMITS.reset(token)


def span_in_force() -> Span:
    provider = _LIMITS.get()
    return provider() if provider is not None else span()


# The one parser. Year first always; a day-first or month-first order is never guessed.
_DATE = r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
_TIME = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d{1,6})?)?"
_DATETIME = re.compile(rf"{_DATE}(?:(?:T|\s+){_TIME}\s*(?P<z>Z|[+-]\d{{2}}:?\d{{2}})?)?")
_TIME_ONLY = re.compile(_TIME)
_MONTH = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})")
_DAY_FIRST = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2,4}(\s.*)?")
_CHINESE = [  # 2019年5月1日 8时30分 → 2019-5-1 8:30
    (re.compile(r"(\d)\s*年\s*(?=\d)"), r"\1-"),
    (re.compile(r"(\d)\s*月\s*(?=\d)"), r"\1-"),
    (re.compile(r"(\d)\s*[月日号]"), r"\1 "),
    (re.compile(r"(\d)\s*[时点]\s*(?=\d)"), r"\1:"),
    (re.compile(r"(\d)\s*[时点]"), r"\1:00"),
    (re.compile(r"(\d)\s*分\s*(?=\d)"), r"\1:"),
    (re.compile(r"(\d)\s*[分秒]"), r"\1"),
]
EXAMPLES = Both(
    "如 2026-11-23、2026/11/23 14:30、2026年11月23日 14时30分，或今天的 14:30",
    "e.g. 2026-11-23, 2026/11/23 14:30, 2026年11月23日 14时30分, or 14:30 today",
)
# what Python says of an impossible date or time (2026-23-11), said in zh
_WHY = {
    "month must be in 1..12": "月份须在 1 到 12 之间",
    "day is out of range for month": "这个月没有这一天",
    "hour must be in 0..23": "小时须在 0 到 23 之间",
    "minute must be in 0..59": "分钟须在 0 到 59 之间",
    "second must be in 0..59": "秒须在 0 到 59 之间",
}


def _why(exc: ValueError) -> Both:
    said = str(exc)
    return Both(_WHY.get(said, said), said)


def _normal(text) -> str:
    if type(text) is str and text.isascii():  # the usual 2026-11-23 14:30: NFKC and the Chinese forms keep it
        return text.strip()
    value = unicodedata.normalize("NFKC", str(text or "")).strip()  # full-width digits, ／ and ：
    for pattern, repl in _CHINESE:
        value = pattern.sub(repl, value)
    return value.strip()


def _refuse(value: str, field: str, text, what: str = "date or time"):
    if _DAY_FIRST.fullmatch(value):
        raise InputError(Msg("err.day_first", examples=EXAMPLES), field, text)
    raise InputError(Msg("err.not_a", what=word("what", what), examples=EXAMPLES), field, text)


def parse_time(text: str, tz: str = DEFAULT_TZ, field: str = "--at", *, bounded: bool = True) -> datetime:
    """A date or date and time as offices type them; naive values are taken in the office zone.

    ``2026-11-23``, ``2026/11/23 8:30``, ``2026-11-23T08:30:00+08:00``, ``2026年11月23日 8时30分``, and
    ``14:30`` (today). The result must lie in the span in force (:func:`span_in_force`).
    """
    value = _normal(text)
    office = zone(tz)
    try:
        m = _DATETIME.fullmatch(value)
        if m:
            dt = datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
            if m["z"]:
                z = m["z"].replace(":", "")
                offset = (
                    timedelta(0)
                    if z == "Z"
                    else (1 if z[0] == "+" else -1) * timedelta(hours=int(z[1:3]), minutes=int(z[3:5]))
                )
                dt = dt.replace(tzinfo=timezone(offset))
        elif t := _TIME_ONLY.fullmatch(value):  # HH:MM today, for entries made later the same day
            dt = datetime.combine(now(tz).date(), time(int(t["H"]), int(t["M"]), int(t["S"] or 0)))
        else:
            _refuse(value, field, text)
    except ValueError as exc:
        raise InputError(Msg("err.bad_time", why=_why(exc)), field, text) from None
    if bounded:  # before any zone arithmetic: year 1 or 9999 would overflow or take a local mean time
        limits_ = span_in_force()
        limits_.check(dt.date(), field, text)
    try:
        dt = dt.replace(tzinfo=office) if dt.tzinfo is None else dt.astimezone(office)
    except (OverflowError, ValueError):
        raise InputError(Msg("err.out_of_range"), field, text) from None
    if bounded:
        limits_.check(dt.date(), field, text)
    return dt.replace(microsecond=0)


def parse_date(text: str, field: str = "date") -> date:
    """A date as offices type them (2026-11-23, 2026/11/23, 2026年11月23日), within the span in force."""
    value = _normal(text)
    m = _DATETIME.fullmatch(value)
    if not m or m["H"] is not None:
        _refuse(value, field, text, "date")
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as exc:
        raise InputError(Msg("err.bad_date", why=_why(exc)), field, text) from None
    span_in_force().check(d, field, text)
    return d


def parse_month(text: str, field: str = "--month") -> tuple[int, int]:
    """``2026-11``, ``2026/11``, ``2026年11月`` → (2026, 11), a month within the span in force."""
    value = _normal(text)
    m = _MONTH.fullmatch(value)
    if not m or not 1 <= int(m["m"]) <= 12:
        if re.fullmatch(r"\d{1,2}[-/.]\d{4}", value):
            raise InputError(Msg("err.month_year_first"), field, text)
        raise InputError(Msg("err.month"), field, text)
    year, month = int(m["y"]), int(m["m"])
    s = span_in_force()
    if not (s.earliest.year, s.earliest.month) <= (year, month) <= (s.latest.year, s.latest.month):
        raise InputError(Msg("err.outside", earliest=f"{s.earliest:%Y-%m}", latest=f"{s.latest:%Y-%m}"), field, text)
    return year, month


def check_year(year: int, field: str = "--year") -> int:
    s = span_in_force()
    if not s.earliest.year <= year <= s.latest.year:
        raise InputError(Msg("err.outside", earliest=s.earliest.year, latest=s.latest.year), field, year)
    return year


def fmt(dt: datetime) -> str:
    """The one stored format."""
    return dt.isoformat(timespec="seconds")


def happened(dt: datetime, current: datetime, tolerance_minutes: int, field: str = "--at") -> datetime:
    """A record of something that happened may not lie beyond the tolerance in the future."""
    if dt > current + timedelta(minutes=tolerance_minutes):
        raise InputError(
            Msg("err.future", now=fmt(current), minutes=tolerance_minutes),
            field,
            fmt(dt),
        )
    return dt
