"""The report contract: what a capability hands to ``report monthly`` and ``report due``.

A capability adds one module to ``commscli.sections.SECTIONS`` offering
``monthly_section(store, period, ctx) -> Section`` and ``due_items(store, day, ctx) -> list[DueItem]``.
Titles, column names and note keys are label keys (``commscli.labels``), so the same
section renders in zh-CN and English.
"""

import math
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class Period:
    """A report month: records whose time falls in [start, end) belong to it (SPEC §8)."""

    year: int
    month: int
    start: str  # stored-time strings in the office zone, so string order is time order
    end: str

    @property
    def name(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> date:
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)


def period(year: int, month: int, utc_offset: str = "+08:00") -> Period:
    nxt_y, nxt_m = year + month // 12, month % 12 + 1
    return Period(
        year,
        month,
        f"{year:04d}-{month:02d}-01T00:00:00{utc_offset}",
        f"{nxt_y:04d}-{nxt_m:02d}-01T00:00:00{utc_offset}",
    )


def weeks_of_month(p: Period) -> list[str]:
    """The ISO weeks (``2026-W40``) that belong to the month: those whose Thursday falls in it (SPEC §8), so that
    each week counts in exactly one month (Mon 2026-09-28 .. Sun 10-04 is October's)."""
    from datetime import timedelta

    d = p.first_day + timedelta(days=(3 - p.first_day.weekday()) % 7)  # the month's first Thursday
    out = []
    while d < p.next_first_day:
        y, w, _ = d.isocalendar()
        out.append(f"{y}-W{w:02d}")
        d += timedelta(days=7)
    return out


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


@dataclass(frozen=True)
class Rate:
    """A rate is its numerator and its denominator; its value is derived, never stored, so that
    rates of several offices or stores add up (summed parts, then divided: not a mean of rates).

    ``display`` is how every report shows it: ``87.5% (7/8)``, or ``— (0/0)`` with nothing to count.
    ``str()`` is the plain number (empty when 0/0), for CSV's value column.
    """

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return None if not self.denominator else self.numerator / self.denominator

    @property
    def display(self) -> str:
        n, d = self.numerator, self.denominator
        return "— (0/0)" if not d else f"{100 * n / d:.1f}% ({n}/{d})"

    def __add__(self, other):
        if not isinstance(other, Rate):
            return NotImplemented
        return Rate(self.numerator + other.numerator, self.denominator + other.denominator)

    def __str__(self) -> str:
        v = self.value
        return "" if v is None else str(v)


@dataclass
class Figure:
    """One number of a section for one office: a count (int) or a Rate. Never a date: a date per
    office is a cell of a table whose first column is the office."""

    key: str  # label key
    value: int | Rate
    office: str = ""  # the office code; "" for all offices together (a total)

    @property
    def numerator(self) -> int | None:
        return self.value.numerator if isinstance(self.value, Rate) else None

    @property
    def denominator(self) -> int | None:
        return self.value.denominator if isinstance(self.value, Rate) else None

    @property
    def number(self):
        """The count, or the rate as a float (None when 0/0): what JSON's ``value`` holds."""
        return self.value.value if isinstance(self.value, Rate) else self.value


@dataclass
class Table:
    """Rows whose first ``keys`` cells name the row (label keys, office codes, dates) and whose
    other cells are ints or Rates (or None where there is nothing), so that rows add up."""

    key: str  # label key of the title
    columns: list  # label keys
    rows: list  # lists of cells
    keys: int = 1


@dataclass
class Note:
    key: str  # label key of a format string
    params: dict = field(default_factory=dict)
    level: str = "info"  # info | warning | problem


@dataclass
class Section:
    key: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass
class DueItem:
    due: str  # stored-time string or ISO date
    what: str  # label key
    record: str  # e.g. "households/12", or "" for the office as a whole
    office: str = ""
    detail: str = ""
    params: dict = field(default_factory=dict)  # for the label of ``what``
    state: str = ""  # overdue | today | soon | later, set by classify()
    notice_days: int = 0  # listed (as soon) this many days ahead even beyond `report due --within` (a policy's notice)
    owner: str = ""  # who owes it: a staff member's name, or a label key (role.supervisor, dept.quality); "" unknown
    seconds_left: int | None = None  # to the deadline from the report's reference moment (negative: late), by due()


def deadline(due: str, tz) -> datetime:
    """The moment a deadline falls: a stored time as it is; a date (a deadline of a whole day) at 23:59:59 of that
    day in ``tz`` (the office zone), the last second before ``classify`` counts it overdue."""
    if len(due) > 10:
        return datetime.fromisoformat(due)
    return datetime.combine(date.fromisoformat(due[:10]), time(23, 59, 59), tzinfo=tz)


def seconds_left(due: str, ref: datetime) -> int:
    """Whole seconds from ``ref`` to the deadline ``due``: 0 exactly due now, negative when late (floored, so that a
    fraction of a second late is late)."""
    return math.floor((deadline(due, ref.tzinfo) - ref).total_seconds())


def split_span(seconds: int) -> tuple[int, int, int, int]:
    """|seconds| as (days, hours, minutes, seconds), for "2 d 3 h left" / "1 d 4 h late"."""
    s = abs(seconds)
    return s // 86400, s % 86400 // 3600, s % 3600 // 60, s % 60


def classify(item: DueItem, today: date, soon_days: int = 3, now: str | None = None) -> DueItem:
    """overdue | today | soon | later. ``now`` (a stored-time string) makes a deadline with a
    time overdue as soon as it passes, not only from the next day."""
    day = date.fromisoformat(item.due[:10])
    past = day < today or (now is not None and len(item.due) > 10 and item.due < now)
    item.state = (
        "overdue"
        if past
        else "today"
        if day == today
        else ("soon" if (day - today).days <= max(soon_days, item.notice_days) else "later")
    )
    return item


def change(value, previous):
    """A key figure's change since last month: a count's difference, or a rate's in percentage points (one decimal);
    None when either month has nothing to count (0/0) or there is no last month."""
    if previous is None:
        return None
    if isinstance(value, Rate) and isinstance(previous, Rate):
        if value.value is None or previous.value is None:
            return None
        return round(100 * (value.value - previous.value), 1)
    return value - previous


@dataclass
class KeyFigure:
    """A key figure (关键指标): the total of all offices for the month, and last month's."""

    key: str  # the figure's label key
    value: int | Rate
    previous: int | Rate | None = None

    @property
    def change(self):
        return change(self.value, self.previous)


@dataclass
class Trend:
    """A figure over consecutive months (the oldest first): one value (int or Rate) per month."""

    key: str
    months: list
    values: list


@dataclass
class Report:
    kind: str  # monthly | due
    title: str  # label key
    period: str  # the period it names (a month, or a day)
    generated_at: str
    sections: list = field(default_factory=list)
    due: list = field(default_factory=list)
    offices: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # footnotes: Notes about the store (a missing holiday year)
    key_figures: list = field(default_factory=list)  # KeyFigures, first in the report
    trends: list = field(default_factory=list)  # Trends of the key rates over the last 12 months

    def to_dict(self) -> dict:
        return _plain(self)


def _plain(value):
    """JSON-ready: a Figure keeps ``value`` (the count or the rate) beside its numerator and
    denominator; a Rate cell becomes {rate, numerator, denominator}."""
    if isinstance(value, Figure):
        return {
            "key": value.key,
            "office": value.office,
            "value": value.number,
            "numerator": value.numerator,
            "denominator": value.denominator,
        }
    if isinstance(value, KeyFigure):
        return {**_figure(value.key, value.value), "previous": _figure(None, value.previous), "change": value.change}
    if isinstance(value, Trend):
        return {
            "key": value.key,
            "points": [{"month": m, **_figure(None, v)} for m, v in zip(value.months, value.values, strict=True)],
        }
    if isinstance(value, DueItem):  # `rule` is the stable name of `what` for scripts
        return {"rule": value.what, **{f.name: _plain(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, Rate):
        return {"rate": value.value, "numerator": value.numerator, "denominator": value.denominator}
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _figure(key, value) -> dict:
    """{key?, value, numerator, denominator}: a count's value is the count (numerator and denominator null), a rate's
    is the rate (null when 0/0)."""
    out = {"key": key} if key is not None else {}
    if isinstance(value, Rate):
        return {**out, "value": value.value, "numerator": value.numerator, "denominator": value.denominator}
    return {**out, "value": value, "numerator": None, "denominator": None}


def _add(a, b, what: str):
    """Two cells or figure values of the same key added: ints summed, Rates by their parts."""
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, Rate) and isinstance(b, Rate):
        return a + b
    if type(a) is int and type(b) is int:
        return a + b
    raise ValueError(f"{what}: cannot add {a!r} and {b!r} (only ints and Rates add up)")


def _distinct_notes(notes) -> list:
    return list({(n.key, repr(n.params), n.level): n for n in notes}.values())


def merge(parts, office: str | None = None):
    """Add up Sections of the same key, or Reports section by section (the company rollup), with their key figures
    and trend points by key, and their footnotes once each.

    Figures with the same key and office add up (ints summed; Rates by summing numerators and
    denominators, then the rate follows). With ``office`` every figure counts as that office's:
    ``office=""`` gives the totals of all offices together. Rows of tables with the same key
    and the same key cells add up cell by cell the same way; other rows are appended. Figures,
    tables and rows keep the order in which they first appear. Raises ValueError when parts do
    not add up (a count against a rate, tables of different columns).
    """
    parts = list(parts)
    if not parts:
        raise ValueError("nothing to merge")
    if all(isinstance(p, Report) for p in parts):
        grouped: dict = {}
        for rep in parts:
            for section in rep.sections:
                grouped.setdefault(section.key, []).append(section)
        first = parts[0]
        keyed: dict = {}
        for k in (k for rep in parts for k in rep.key_figures):
            old = keyed.get(k.key)
            keyed[k.key] = (
                k
                if old is None
                else KeyFigure(k.key, _add(old.value, k.value, k.key), _add(old.previous, k.previous, k.key))
            )
        trends: dict = {}
        for t in (t for rep in parts for t in rep.trends):
            old = trends.get(t.key)
            if old is not None and old.months != t.months:
                raise ValueError(f"{t.key}: trends of different months do not add up")
            trends[t.key] = (
                Trend(t.key, list(t.months), list(t.values))
                if old is None
                else Trend(t.key, old.months, [_add(a, b, t.key) for a, b in zip(old.values, t.values, strict=True)])
            )
        return Report(
            first.kind,
            first.title,
            first.period,
            first.generated_at,
            sections=[merge(group, office) for group in grouped.values()],
            offices=list(dict.fromkeys(o for rep in parts for o in rep.offices)),
            notes=_distinct_notes(n for rep in parts for n in rep.notes),
            key_figures=list(keyed.values()),
            trends=list(trends.values()),
        )
    keys = {p.key for p in parts}
    if len(keys) > 1:
        raise ValueError(f"sections of different keys: {sorted(keys)}")
    figures: dict = {}
    for part in parts:
        for f in part.figures:
            where = f.office if office is None else office
            old = figures.get((f.key, where))
            figures[(f.key, where)] = Figure(f.key, f.value if old is None else _add(old.value, f.value, f.key), where)
    tables: dict = {}
    for part in parts:
        for t in part.tables:
            seen = tables.get(t.key)
            if seen is None:
                seen = tables[t.key] = (Table(t.key, list(t.columns), [], t.keys), {})
            table, rows = seen
            if table.columns != list(t.columns) or table.keys != t.keys:
                raise ValueError(f"{t.key}: tables of different columns do not add up")
            for row in t.rows:
                key = tuple(row[: t.keys])
                if key in rows:
                    rows[key][t.keys :] = [
                        _add(a, b, t.key) for a, b in zip(rows[key][t.keys :], row[t.keys :], strict=False)
                    ]
                else:
                    rows[key] = list(row)
                    table.rows.append(rows[key])
    notes = _distinct_notes(n for part in parts for n in part.notes)
    return Section(parts[0].key, list(figures.values()), [t for t, _ in tables.values()], notes)


TOTAL_ROW = "rollup.total"  # the key cell of the company rollup's total row (合计)


def present(section: Section, total: bool = False) -> Section:
    """What a report shows of a section: the totals of all its offices first and, when its figures
    come from two or more offices, one row per office of every figure (office × figure), then
    the section's own tables. Rollups merge the sections first, then present the merge, with
    ``total``: the per-office table ends with the totals' row (TOTAL_ROW)."""
    shown = merge([section], office="")
    offices = sorted({f.office for f in section.figures if f.office})
    if len(offices) > 1:
        keys = list(dict.fromkeys(f.key for f in section.figures))
        cells = {(f.key, f.office): f.value for f in section.figures}
        rows = [[o, *(cells.get((k, o)) for k in keys)] for o in offices]
        if total:
            sums = {f.key: f.value for f in shown.figures}
            rows.append([TOTAL_ROW, *(sums.get(k) for k in keys)])
        shown.tables.insert(0, Table("table.by_office", ["col.office", *keys], rows))
    return shown
