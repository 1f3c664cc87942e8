"""Meetings (会议制度, SPEC §4; 000 §七, 003 篇2 §4.1, 004 篇2): the types, the checks on a meeting recorded
(agenda lead time, length), flagged rather than refused because the meeting still happens.

Pure functions over the policy (and, for cadences, the working-day calendar). Our readings where the seeds
are silent:
- an agenda lead time in days is wall-clock time: "2 weeks before" is 14 × 24 hours before the start;
- a missing agenda for a type with a lead time is flagged like a late one;
- the minutes are due by 23:59:59 of the third calendar day after the meeting's day (SPEC §8).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from commscli.domain.fields import Choice

TYPE = Choice(
    "meeting_type",
    {
        "board": ("董事会议", "board meeting"),
        "president": ("总裁会", "总裁办", "president's office"),
        "company": ("公司周例会", "company weekly", "weekly"),
        "drill": ("训话", "晨会训话", "morning drill"),
        "dept": ("部门周例会", "department", "department weekly"),
        "interdept": ("部门交流会", "inter-department"),
        "forum": ("主任会", "director forum"),
        "office_morning": ("晨会", "office morning meeting"),
        "assembly": ("员工会", "staff assembly"),
        "committee": ("业委会", "业委会沟通会", "owners' committee", "owners committee"),
        "owners": ("业主大会", "恳谈会", "座谈会", "业主恳谈会", "业主座谈会", "owners' meeting", "owners meeting"),
        "stop_analysis": ("安全观察周分析会", "周分析会", "STOP analysis", "stop weekly analysis"),
    },
)
STATE = Choice("meeting_state", {"planned": ("计划",), "held": ("召开",), "cancelled": ("取消", "canceled")})
RESOLUTION_KIND = Choice("meeting_resolution_kind", {"resolution": ("决议",), "motion": ("议案",)})

# the policy key of each type's agenda lead time in days (SPEC §4 "before")
AGENDA_DAYS = {"board": "meeting_board_agenda_days", "president": "meeting_president_agenda_days"}
# conclusions go to the president's office for approval (000 §七)
NEEDS_APPROVAL = ("interdept", "forum")
# a board's output is its motions (议案); every other meeting's its resolutions
OUTPUT_KIND = {"board": "motion"}


@dataclass(frozen=True)
class Flag:
    """One rule not met, recorded with the meeting: the policy key, the option concerned, the time (or
    length) required and the one given."""

    key: str
    field: str
    required: object
    given: object

    def to_dict(self) -> dict:
        return {"rule": self.key, "field": self.field, "required": text(self.required), "given": text(self.given)}


def text(value):
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def agenda_due(kind: str, starts: datetime, policy) -> datetime | None:
    """The latest time the agenda may go out, or None when the type has no lead time."""
    key = AGENDA_DAYS.get(kind)
    return None if key is None else starts - timedelta(days=getattr(policy, key))


def flags(
    kind: str, starts: datetime, ends: datetime, agenda_sent: datetime | None, policy, now: datetime | None = None
) -> list[Flag]:
    """What `meeting new` flags: an agenda sent late, or not sent by its deadline when that has passed (``now``;
    a meeting planned ahead may still send it), for the board and the president's office; a meeting longer
    than ``meeting_max_minutes``."""
    found = []
    due = agenda_due(kind, starts, policy)
    missing = agenda_sent is None and (now is None or due is None or due <= now)
    if due is not None and (missing or (agenda_sent is not None and agenda_sent > due)):
        found.append(Flag(AGENDA_DAYS[kind], "--agenda-sent-at", due, agenda_sent))
    length = int((ends - starts).total_seconds() // 60)
    if length > policy.meeting_max_minutes:
        found.append(Flag("meeting_max_minutes", "--ends-at", policy.meeting_max_minutes, length))
    return found


def rules_used(kind: str) -> tuple:
    return tuple(k for k in (AGENDA_DAYS.get(kind), "meeting_max_minutes", "meeting_minutes_days") if k)


def minutes_due(starts: datetime, policy) -> datetime:
    """23:59:59 of the ``meeting_minutes_days``-th calendar day after the meeting's day (SPEC §8)."""
    return datetime.combine(starts.date() + timedelta(days=policy.meeting_minutes_days), time(23, 59, 59))


# --- cadences (SPEC §4 table, §8; 000 §五, §七; 003 篇2 §4.1; 004 篇2) ----------------------------------------
# The company's own meetings are kept by one office (policy meeting_hq_office); the others by every office.
HQ_TYPES = ("board", "president", "company", "drill", "dept", "interdept", "forum")
# every type that can be on a cadence (office_morning "if the director sees need" and owners' meetings never are)
CADENCED = ("board", "president", "company", "drill", "dept", "interdept", "forum", "assembly", "committee",
            "stop_analysis")  # fmt: skip


@dataclass(frozen=True)
class Slot:
    """One meeting a cadence requires: its type, a stable key (the slot a meeting fills), the window of days in
    which a meeting of the type fills it (``first``–``last``), the day it is planned on (None: any day of the
    window, the board) and its times of day; ``dept`` for a department's weekly meeting."""

    type: str
    key: str
    first: date
    last: date
    on: date | None
    start: time
    end: time
    dept: str | None = None

    @property
    def day(self) -> date:
        """The day it counts for (a month's report, a plan's range): the planned day, else the window's end."""
        return self.on or self.last


def _hm(text: str) -> time:
    hh, _, mm = text.partition(":")
    return time(int(hh), int(mm))


def _times(kind: str, policy) -> tuple[time, time]:
    if kind == "drill":
        return _hm(policy.meeting_drill_start), _hm(policy.meeting_drill_end)
    start = _hm(policy.meeting_start_time)
    end = (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=policy.meeting_plan_minutes)).time()
    return start, end


def _months(start: date, end: date, interval: int = 1):
    """The first days of the months in [start, end] (rrule, anchored on January 2000 so an every-N-months
    cadence always falls in the same months: every two months is January, March, …)."""
    from dateutil.rrule import MONTHLY, rrule

    first = date(start.year, start.month, 1)
    anchor = datetime(2000, 1, 1)
    return [d.date() for d in rrule(MONTHLY, interval=interval, dtstart=anchor, until=datetime.combine(end, time()))
            if d.date() >= first]  # fmt: skip


def _month_end(d: date) -> date:
    return (date(d.year + d.month // 12, d.month % 12 + 1, 1)) - timedelta(days=1)


def _weekly(kind: str, weekdays: list, start: date, end: date, policy, cal) -> list[Slot]:
    """A meeting on each of ``weekdays`` of every ISO week; a day that is not a working day moves to the next
    working day (SPEC §8) within its window (up to the next listed weekday, else Sunday); a meeting that would
    leave its window is not held that time (a week of holidays: none; the drill moved onto Thursday: one)."""
    from dateutil.rrule import WEEKLY, rrule

    days = sorted(set(weekdays))
    first_monday = start - timedelta(days=start.weekday())
    nominal = rrule(WEEKLY, byweekday=days, dtstart=datetime.combine(first_monday, time()),
                    until=datetime.combine(end, time()))  # fmt: skip
    t0, t1 = _times(kind, policy)
    out = []
    for n in nominal:
        d = n.date()
        i = days.index(d.weekday())
        last = d + timedelta(days=(days[i + 1] if i + 1 < len(days) else 7) - d.weekday() - 1)
        moved = cal.next_workday(d)
        if moved > last:
            continue
        year, week, _ = d.isocalendar()
        key = f"{kind}:{year}-W{week:02d}" + (f"-{d.weekday() + 1}" if len(days) > 1 else "")
        out.append(Slot(kind, key, d, last, moved, t0, t1))
    return out


def _monthly_on(kind: str, start: date, end: date, interval: int, policy, cal) -> list[Slot]:
    """Once every ``interval`` months, any day of the month; planned on meeting_monthly_day moved to the next
    working day."""
    t0, t1 = _times(kind, policy)
    out = []
    for m in _months(start, end, interval):
        on = cal.next_workday(m.replace(day=policy.meeting_monthly_day))
        out.append(Slot(kind, f"{kind}:{m:%Y-%m}", m, _month_end(m), on, t0, t1))
    return out


def _president(start: date, end: date, policy, cal) -> list[Slot]:
    """Monthly, within the month's first ``meeting_president_first_workdays`` working days (000 §五(一)); a
    holiday at the month's start (National Day) pushes the window later; planned on the first of them."""
    t0, t1 = _times("president", policy)
    out = []
    for m in _months(start, end):
        first = cal.next_workday(m)
        last = cal.add(first, policy.meeting_president_first_workdays - 1)
        out.append(Slot("president", f"president:{m:%Y-%m}", first, last, first, t0, t1))
    return out


def _assembly(start: date, end: date, policy, cal) -> list[Slot]:
    """At month end (000 §五(六)2): within the month's last ``meeting_assembly_days`` days, planned on its last
    working day."""
    t0, t1 = _times("assembly", policy)
    out = []
    for m in _months(start, end):
        last = _month_end(m)
        on = last
        while not cal.is_workday(on):
            on -= timedelta(days=1)
        first = min(on, last - timedelta(days=policy.meeting_assembly_days - 1))
        out.append(Slot("assembly", f"assembly:{m:%Y-%m}", first, last, on, t0, t1))
    return out


def _board(start: date, end: date, policy) -> list[Slot]:
    """Every ``meeting_board_months`` months (half-yearly, 000 §七A), any day of the period: no planned day."""
    t0, t1 = _times("board", policy)
    n = policy.meeting_board_months
    out = []
    for m in _months(start - timedelta(days=31 * n), end, n):  # a period that began before start ends in it
        last = _month_end(date(m.year + (m.month + n - 2) // 12, (m.month + n - 2) % 12 + 1, 1))
        out.append(Slot("board", f"board:{m:%Y-%m}", m, last, None, t0, t1))
    return out


def _dept(start: date, end: date, policy, cal) -> list[Slot]:
    """Each department of ``meeting_departments`` meets before the company meeting (003 篇2 §4.1.2): between
    the previous company meeting's day and the day before this one; planned on the last working day of that."""
    company = _weekly("company", [policy.meeting_company_weekday], start - timedelta(days=21), end + timedelta(days=21),
                      policy, cal)  # fmt: skip
    t0, t1 = _times("dept", policy)
    out = []
    for prev, c in zip(company, company[1:], strict=False):
        first, last = prev.on, c.on - timedelta(days=1)
        on = last
        while on > first and not cal.is_workday(on):
            on -= timedelta(days=1)
        if not start <= on <= end:
            continue
        week = c.key.split(":", 1)[1]
        out += [Slot("dept", f"dept:{d}:{week}", first, last, on, t0, t1, d) for d in policy.meeting_departments]
    return out


def slots(kind: str, start: date, end: date, policy, cal, runs=()) -> list[Slot]:
    """The meetings of ``kind`` its cadence requires whose day (:attr:`Slot.day`) lies in [start, end]; none for
    a type without a cadence (or one left out of ``meeting_cadence_types``). ``runs``: the spans of days
    (first, last) in which the office's STOP programme runs (its plans: from a plan's start to its year's end);
    the weekly STOP analysis (004 篇3 5.4.2) is on the office's cadence in those weeks whose day lies in one,
    even when ``meeting_cadence_types`` does not list it (listed, it is every office's, every week)."""
    stop = kind == "stop_analysis" and kind not in policy.meeting_cadence_types
    if kind not in policy.meeting_cadence_types and not (stop and runs):
        return []
    if kind == "company":
        found = _weekly(kind, [policy.meeting_company_weekday], start, end, policy, cal)
    elif kind == "drill":
        found = _weekly(kind, policy.meeting_drill_weekdays, start, end, policy, cal)
    elif kind == "stop_analysis":
        found = _weekly(kind, [policy.meeting_stop_analysis_weekday], start, end, policy, cal)
    elif kind == "president":
        found = _president(start, end, policy, cal)
    elif kind == "assembly":
        found = _assembly(start, end, policy, cal)
    elif kind == "board":
        found = _board(start, end, policy)
    elif kind == "dept":
        found = _dept(start, end, policy, cal)
    elif kind == "forum":
        found = _monthly_on(kind, start, end, policy.meeting_forum_months, policy, cal)
    elif kind in ("interdept", "committee"):
        found = _monthly_on(kind, start, end, 1, policy, cal)
    else:
        return []
    found = [s for s in found if start <= s.day <= end]
    return [s for s in found if any(a <= s.day <= b for a, b in runs)] if stop else found


def types_for(policy, hq: bool, stop: bool = False) -> list[str]:
    """The cadenced types an office keeps: all of them at the office that keeps the company's meetings, the
    office's own ones elsewhere; ``stop``: the office runs the STOP programme (it has a plan), so its weekly
    analysis meeting too."""
    listed = [*policy.meeting_cadence_types, *(("stop_analysis",) if stop else ())]
    return [k for k in CADENCED if k in listed and (hq or k not in HQ_TYPES)]


def slot_for(kind: str, day: date, policy, cal, dept: str | None = None, runs=()) -> Slot | None:
    """The slot of ``kind`` (and department) whose window holds ``day``, or None."""
    # a slot's day lies at most this far after a day of its window (the board: the half year's end)
    ahead = {"board": 190, "company": 7, "drill": 7, "stop_analysis": 7, "dept": 14}.get(kind, 31)
    around = slots(kind, day - timedelta(days=35), day + timedelta(days=ahead), policy, cal, runs)
    return next((s for s in around if s.first <= day <= s.last and s.dept == dept), None)


def dept_window(company_day: date, policy, cal) -> tuple[date, date]:
    """The days in which the departments meet before a company meeting on ``company_day``: from the previous
    company meeting's day of the cadence (else a week before) to the day before."""
    before = _weekly("company", [policy.meeting_company_weekday], company_day - timedelta(days=28),
                     company_day - timedelta(days=1), policy, cal)  # fmt: skip
    earlier = [s.on for s in before if s.on < company_day]
    first = earlier[-1] if earlier else company_day - timedelta(days=7)
    return first, company_day - timedelta(days=1)


# --- minutes, distribution, approval (MEET2) ----------------------------------------------------------------


def parse_speaker(text: str, field: str = "--speaker") -> tuple[str, int]:
    """``NAME=MINUTES`` → (name, minutes); refused naming the option and the value."""
    from commscli.errors import InputError
    from commscli.labels import Msg

    name, sep, minutes = str(text or "").rpartition("=")
    name, minutes = name.strip(), minutes.strip()
    if not sep or not name or not minutes.isdigit() or not 0 < int(minutes) <= 24 * 60:
        raise InputError(Msg("err.meeting_speaker"), field, text)
    return name, int(minutes)


def speaker_flagged(minutes: int, policy) -> bool:
    """Outside ``meeting_speaker_min_minutes``–``meeting_speaker_max_minutes`` (5–8, 000 §七 3): flagged."""
    return not policy.meeting_speaker_min_minutes <= minutes <= policy.meeting_speaker_max_minutes


def distribution_late(at: datetime, due: datetime) -> bool:
    """Distributed after the minutes' deadline (23:59:59 of the third calendar day: that second is on time)."""
    return at > due
