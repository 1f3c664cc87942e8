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


def flags(kind: str, starts: datetime, ends: datetime, agenda_sent: datetime | None, policy) -> list[Flag]:
    """What `meeting new` flags: an agenda sent late or not at all (board, president's office), a meeting
    longer than ``meeting_max_minutes``."""
    found = []
    due = agenda_due(kind, starts, policy)
    if due is not None and (agenda_sent is None or agenda_sent > due):
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
