"""The report contract: what a capability hands to ``report monthly`` and ``report due``.

A capability adds one module to ``commscli.sections.SECTIONS`` offering
``monthly_section(store, period, ctx) -> Section`` and ``due_items(store, day, ctx) -> list[DueItem]``.
Titles, column names and note keys are label keys (``commscli.labels``), so the same
section renders in zh-CN and English.
"""

from dataclasses import asdict, dataclass, field
from datetime import date


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
    return Period(year, month, f"{year:04d}-{month:02d}-01T00:00:00{utc_offset}",
                  f"{nxt_y:04d}-{nxt_m:02d}-01T00:00:00{utc_offset}")


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def rate(numerator: int, denominator: int) -> float | None:
    """A rate always travels with its numerator and denominator; None when nothing to count."""
    return None if not denominator else numerator / denominator


@dataclass
class Figure:
    key: str  # label key
    value: object
    numerator: int | None = None
    denominator: int | None = None


@dataclass
class Table:
    key: str  # label key of the title
    columns: list  # label keys
    rows: list  # lists of cells


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


def classify(item: DueItem, today: date, soon_days: int = 3, now: str | None = None) -> DueItem:
    """overdue | today | soon | later. ``now`` (a stored-time string) makes a deadline with a
    time overdue as soon as it passes, not only from the next day."""
    day = date.fromisoformat(item.due[:10])
    past = day < today or (now is not None and len(item.due) > 10 and item.due < now)
    item.state = "overdue" if past else "today" if day == today else (
        "soon" if (day - today).days <= soon_days else "later")
    return item


@dataclass
class Report:
    kind: str  # monthly | due
    title: str  # label key
    period: str  # the period it names (a month, or a day)
    generated_at: str
    sections: list = field(default_factory=list)
    due: list = field(default_factory=list)
    offices: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
