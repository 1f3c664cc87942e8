"""The information register (信息交流表, SPEC §5; 000 §六): the deadlines an entry carries.

Pure functions over the policy and the working-day calendar. Our readings where the seed is silent:
- external information is distributed "on time" (按时): by the end of the day ``info_distribute_workdays``
  working days after the day it was logged;
- urgent information goes "at once" (立即) to the quality department and the management representative: due
  at the moment it is logged; its corrective/preventive report, written "afterwards" (事后), by the end of the day
  ``info_report_workdays`` working days after the day it was logged;
- a week (ISO, Monday to Sunday) is reviewed at the weekly meeting of the week after, on ISO weekday
  ``info_review_weekday``, moved to the next working day when that day is not one (SPEC §8).
"""

from datetime import date, timedelta

from commscli.errors import InputError
from commscli.labels import Msg

# the two who receive urgent information at once, by staff role (domain/registry.ROLE)
URGENT_TO = ("quality", "management_rep")


def week_of(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def iso_week(text: str, field: str = "--week") -> tuple[date, date]:
    """``2026-W47`` → (its Monday, the next Monday)."""
    try:
        year, week = str(text).strip().upper().split("-W")
        if not (year.isdigit() and week.isdigit() and len(year) == 4):
            raise ValueError
        monday = date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, AttributeError):
        raise InputError(Msg("err.iso_week"), field, text) from None
    return monday, monday + timedelta(days=7)


def distribute_due(logged: date, policy, calendar) -> date:
    return calendar.add(logged, policy.info_distribute_workdays)


def report_due(logged: date, policy, calendar) -> date:
    return calendar.add(logged, policy.info_report_workdays)


def meeting_day(week: str, policy, calendar) -> date:
    """The day the week's entries are reviewed: its weekday in the week after, or the next working day."""
    _, next_monday = iso_week(week)
    return calendar.next_workday(next_monday + timedelta(days=policy.info_review_weekday - 1))


def rules_used(external: bool, urgent: bool) -> tuple:
    return (
        *(("info_distribute_workdays",) if external else ()),
        *(("info_report_workdays",) if urgent else ()),
        "info_review_weekday",
    )
