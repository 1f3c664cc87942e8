"""Resolutions and motions (决议 / 议案, SPEC §4; 000 §七 6 and 8): what a meeting decided, each with a named
owner who delivers an action plan, a due date, progress until done, and, for a promise to the owners'
committee, a report back to it.

Pure rules. Our readings where the seeds are silent:
- a resolution is typed on the command line as ``TEXT|OWNER|DUE`` (``--resolution "更换2栋电梯|李明|2026-12-15"``):
  one option keeps the three together (repeated options would pair owners and dates by position, which a
  missing one silently shifts); ``|`` does not occur in the office's Chinese text, where commas, colons and
  semicolons do; owner and due date are required, so a resolution without an owner is refused;
- the owner's action plan is owed with the minutes (000 §七 6–7: the minutes list the action items), so by
  the meeting's minutes deadline;
- a resolution is due by the end of its due date and overdue from the next day until done;
- a report back to the owners' committee is owed by the resolution's due date.
"""

from datetime import date

from commscli.errors import InputError
from commscli.labels import Msg

# meetings with the owners' committee or owners: each improvement promised is reported back (004 篇2)
REPORT_BACK = ("committee", "owners")
SEP = "|"


def parse(text: str, field: str = "--resolution") -> tuple[str, str, date]:
    """``TEXT|OWNER|DUE`` → (text, owner's name, due date). Refused naming the option and the value: no text,
    no owner (the rule: every resolution has a named owner), no or a bad due date."""
    from commscli.clock import parse_date

    parts = [p.strip() for p in str(text or "").split(SEP)]
    if not parts[0]:
        raise InputError(Msg("err.resolution_text"), field, text)
    if len(parts) < 2 or not parts[1]:
        raise InputError(Msg("err.resolution_owner"), field, text)
    if len(parts) < 3 or not parts[2]:
        raise InputError(Msg("err.resolution_due"), field, text)
    if len(parts) > 3:
        raise InputError(Msg("err.resolution_parts"), field, text)
    return parts[0], parts[1], parse_date(parts[2], field)


def kind_for(meeting_type: str) -> str:
    """A board's output is its motions (议案); every other meeting's its resolutions."""
    from commscli.domain.meetings import OUTPUT_KIND

    return OUTPUT_KIND.get(meeting_type, "resolution")


def needs_report_back(meeting_type: str) -> bool:
    return meeting_type in REPORT_BACK


def overdue(due_on: str, done_at: str | None, today: date) -> bool:
    """Not done and its due date is past (due by the end of the day)."""
    return done_at is None and date.fromisoformat(due_on[:10]) < today


def state(r: dict, today: date) -> str:
    """done | overdue | open."""
    if r.get("done_at"):
        return "done"
    return "overdue" if overdue(r["due_on"], None, today) else "open"
