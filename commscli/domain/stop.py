"""STOP safety observation and communication (安全观察与沟通, SPEC §5, 004 篇3): the card's categories and
actions, the plan's team and crew lines, the card's limits, crew shifts, the quotas of 5.4.1, recurring
categories, deviations.

Pure functions over plain values and the policy. No observed person is ever a value here: a card names its
area and its observers only (4.5.3), and its note may not hold a registered staff member's name.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError
from commscli.labels import Msg

# 4.4.1–4.4.6, in the seed's order (附录A's observation categories)
CATEGORY = Choice(
    "stop_category",
    {
        "reaction": ("人员反应", "reactions", "people_reactions"),
        "position": ("人员位置", "positions"),
        "ppe": ("防护装备", "劳动防护", "protective equipment"),
        "tools": ("工具", "设备", "equipment", "tools_and_equipment"),
        "procedures": ("程序", "秩序", "order", "procedures_and_order"),
        "ergonomics": ("人机工程",),
    },
)
# 4.3.4, in the seed's order
ACTION = Choice(
    "stop_action",
    {"stop": (), "praise": ("表扬",), "discuss": (), "agree": (), "prompt": ("启发",), "thank": ()},
)
AWARD_KIND = ("card", "staff", "crew")


def week_of(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def iso_week(text: str, field: str = "--week") -> tuple[date, date]:
    """``2026-W47`` → (Monday, next Monday)."""
    try:
        year, week = str(text).strip().upper().split("-W")
        if not (year.isascii() and year.isdigit() and week.isascii() and week.isdigit()):
            raise ValueError
        monday = date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, AttributeError, OverflowError):
        raise InputError(Msg("err.iso_week"), field, text) from None
    return monday, monday + timedelta(days=7)


@dataclass(frozen=True)
class Unit:
    """A line of the plan: an observation team (leader, members, areas) or a crew (its shift in whole hours
    [start, end), which may pass midnight, its shift leader, its members)."""

    kind: str  # team | crew
    name: str
    leader: str
    members: tuple
    areas: tuple = ()
    shift: tuple | None = None  # (start hour, end hour)

    @property
    def people(self) -> tuple:
        return (self.leader, *self.members)


def _names(text: str) -> tuple:
    return tuple(dict.fromkeys(x.strip() for x in re.split(r"[,，、]", text) if x.strip()))


def parse_team(spec: str, policy, field: str = "--team") -> Unit:
    """``名称:组长:成员1,成员2:区域1,区域2`` (full-width colons too). A team observes as a team of 2–3 (4.2.3):
    the leader and the members together are within the policy's size."""
    parts = [p.strip() for p in re.split(r"[:：]", spec)]
    if len(parts) != 4 or not all(parts):
        raise InputError(Msg("err.stop_team_spec"), field, spec)
    name, leader, members, areas = parts[0], parts[1], _names(parts[2]), _names(parts[3])
    members = tuple(m for m in members if m != leader)
    size = 1 + len(members)
    if not policy.stop_team_min <= size <= policy.stop_team_max:
        raise RuleError(
            Msg("err.stop_team_size", n=size, low=policy.stop_team_min, high=policy.stop_team_max), field, spec
        )
    if not areas:
        raise InputError(Msg("err.stop_team_spec"), field, spec)
    return Unit("team", name, leader, members, areas)


def parse_crew(spec: str, field: str = "--crew") -> Unit:
    """``名称:08-20:班长:成员1,成员2``: a crew, the whole hours of its shift (``20-08`` passes midnight), its shift
    leader and the rest of the crew (at least one)."""
    parts = [p.strip() for p in re.split(r"[:：]", spec)]
    if len(parts) != 4 or not all(parts):
        raise InputError(Msg("err.stop_crew_spec"), field, spec)
    name, hours, leader, members = parts
    m = re.fullmatch(r"(\d{1,2})\s*[-–~]\s*(\d{1,2})", hours)
    if not m or int(m[1]) > 23 or int(m[2]) > 24 or int(m[1]) == int(m[2]) % 24:
        raise InputError(Msg("err.stop_shift"), field, hours)
    rest = tuple(x for x in _names(members) if x != leader)
    if not rest:
        raise InputError(Msg("err.stop_crew_spec"), field, spec)
    return Unit("crew", name, leader, rest, (), (int(m[1]), int(m[2]) % 24))


def shift_day(at: datetime, shift: tuple) -> date | None:
    """The day of the shift ``at`` falls in (a night shift 20–08: 02:00 belongs to the day before), or None
    when ``at`` is outside the shift's hours."""
    start, end = shift
    h = at.hour
    if start < end:
        return at.date() if start <= h < end else None
    if h >= start:
        return at.date()
    if h < end:
        return at.date() - timedelta(days=1)
    return None


def shift_end(day: date, shift: tuple, tz) -> datetime:
    """When the shift that began on ``day`` ends (the next day for a night shift)."""
    start, end = shift
    end_day = day if start < end else day + timedelta(days=1)
    return datetime.combine(end_day, datetime.min.time(), tzinfo=tz) + timedelta(hours=end)


def check_card(*, planned: bool, observers: int, seconds: int, policy) -> None:
    """4.2 and 2.1: a planned observation by a team of 2–3, a random one by one or more; at least 30 s."""
    if seconds < policy.stop_min_seconds:
        raise RuleError(Msg("err.stop_seconds", n=policy.stop_min_seconds), "--seconds", seconds)
    if planned and not policy.stop_team_min <= observers <= policy.stop_team_max:
        raise RuleError(
            Msg("err.stop_planned_team", n=observers, low=policy.stop_team_min, high=policy.stop_team_max),
            "--observer",
            observers,
        )


def named_in(note: str, names) -> str | None:
    """The first registered name found in the note (longest first), or None: a card never names the
    observed person (4.5.3), and a registered name in the note could be that person."""
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2 and name in note:
            return name
    return None


def quota_days(first: date, last: date, calendar, workdays_only: bool) -> list[date]:
    """The days in [first, last] on which a quota counts: every day, or working days only."""
    out, d = [], first
    while d <= last:
        if not workdays_only or calendar.is_workday(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def recurring(counts: dict, policy) -> list[str]:
    """The week's recurring unsafe categories (5.4.2 发生频次高或重复出现): those on at least
    ``stop_recurring_cards`` planned unsafe cards, in the seed's order."""
    return [c for c in CATEGORY.values if counts.get(c, 0) >= policy.stop_recurring_cards]


def most_frequent(counts: dict) -> list[str]:
    """The categories with the highest count (ties all named), in the seed's order; none when empty."""
    top = max(counts.values(), default=0)
    return [c for c in CATEGORY.values if top and counts.get(c, 0) == top]


def deviation_last_day(first: date, policy) -> date:
    """The last day an approved deviation may run (6.5: at most one year): the day before the same date
    ``stop_deviation_max_months`` months on; where that month has no such date (29 February, 31st), the
    month's last day."""
    months = first.month - 1 + policy.stop_deviation_max_months
    y, m = first.year + months // 12, months % 12 + 1
    try:
        return date(y, m, first.day) - timedelta(days=1)
    except ValueError:
        return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def check_deviation(first: date, last: date, policy) -> None:
    if last < first:
        raise InputError(Msg("err.stop_deviation_order"), "--to", last.isoformat())
    limit = deviation_last_day(first, policy)
    if last > limit:
        raise RuleError(
            Msg("err.stop_deviation_long", n=policy.stop_deviation_max_months, last=limit.isoformat()),
            "--to",
            last.isoformat(),
        )


def part_of_year(text: str, letter: str, field: str) -> tuple[str, date, date]:
    """``2026-Q4`` (letter Q: quarters) or ``2026-H2`` (letter H: halves) → (name, first day, last day)."""
    size = 3 if letter == "Q" else 6
    m = re.fullmatch(rf"(\d{{4}})\s*-?\s*{letter}([1-4])", str(text).strip().upper())
    if not m or int(m[2]) > 12 // size:
        raise InputError(Msg("err.quarter" if letter == "Q" else "err.half"), field, text)
    year, n = int(m[1]), int(m[2])
    first = date(year, (n - 1) * size + 1, 1)
    nxt = date(year + (first.month + size - 1) // 12, (first.month + size - 1) % 12 + 1, 1)
    return f"{year}-{letter}{n}", first, nxt - timedelta(days=1)
