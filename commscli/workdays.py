"""The working-day calendar (工作日): Monday–Friday minus statutory holidays, plus 调休
make-up workdays, plus the office's own closures and make-up days.

Statutory days come from the maintained ``chinese_calendar`` package; the office's
own days (``calendar set``) and imported schedules (``calendar import``, e.g. the State
Council's notice for a year the package does not cover yet) are passed in from the
store and win over the package. A year that neither covers falls back to plain
Mon–Fri, and is recorded in ``missing_years`` so the caller can warn once.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from commscli.errors import InputError
from commscli.labels import Msg

HOLIDAY_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class Day:
    date: date
    workday: bool
    name: str  # holiday or make-up day name, "" for an ordinary day
    source: str  # office | import | statutory | weekday (plain Mon–Fri, year not covered)


@dataclass
class Calendar:
    """``overrides``: date → (workday, name, source) from the store."""

    overrides: dict = field(default_factory=dict)
    imported_years: set = field(default_factory=set)
    missing_years: set = field(default_factory=set)
    _package_years: dict = field(default_factory=dict, repr=False)
    _days: dict = field(default_factory=dict, repr=False)  # date → Day: each date is worked out once

    def package_covers(self, year: int) -> bool:
        if year not in self._package_years:
            import chinese_calendar

            try:
                chinese_calendar.is_workday(date(year, 6, 1))
                self._package_years[year] = True
            except NotImplementedError:
                self._package_years[year] = False
        return self._package_years[year]

    def covers(self, year: int) -> bool:
        return year in self.imported_years or self.package_covers(year)

    def day(self, d: date) -> Day:
        """The day's verdict, cached: chinese_calendar recomputes its table's bounds on every call,
        which was a third of a 100k-row ticket import before the cache."""
        cached = self._days.get(d)
        if cached is None:
            cached = self._days[d] = self._work_out(d)
        return cached

    def _work_out(self, d: date) -> Day:
        hit = self.overrides.get(d)
        if hit is not None:
            workday, name, source = hit
            return Day(d, bool(workday), name or "", source)
        if self.package_covers(d.year):
            import chinese_calendar

            on_holiday, name = chinese_calendar.get_holiday_detail(d)
            workday = chinese_calendar.is_workday(d)
            label = HOLIDAY_ZH.get(name, name) if name else ""
            if name and workday:
                label = f"{label}调休"
            return Day(d, workday, label, "statutory" if name else "weekday")
        if d.year not in self.imported_years:
            self.missing_years.add(d.year)
        return Day(d, d.weekday() < 5, "", "weekday")

    def is_workday(self, d: date) -> bool:
        return self.day(d).workday

    def add(self, d: date, n: int) -> date:
        """The date N working days after ``d`` (before it when N < 0); N = 0 is ``d``."""
        if abs(n) > 3660:
            raise InputError(Msg("err.too_many_workdays"), "N", n)
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            d += timedelta(days=step)
            if self.is_workday(d):
                remaining -= 1
        return d

    def next_workday(self, d: date) -> date:
        """``d`` itself when it is a working day, else the next one."""
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def year(self, year: int) -> list[Day]:
        d = date(year, 1, 1)
        out = []
        while d.year == year:
            out.append(self.day(d))
            d += timedelta(days=1)
        return out


KINDS = {
    "workday": True,
    "work": True,
    "班": True,
    "上班": True,
    "工作日": True,
    "调休": True,
    "holiday": False,
    "off": False,
    "休": False,
    "休息": False,
    "假": False,
    "节假日": False,
    "放假": False,
    "closure": False,
    "closed": False,
}


def parse_kind(text: str, field_name: str = "kind") -> bool:
    """``workday`` / ``holiday`` (and Chinese 班 / 休 …) → is it a working day."""
    key = (text or "").strip().lower()
    if key not in KINDS:
        raise InputError(Msg("err.workday_or_holiday"), field_name, text)
    return KINDS[key]
