"""Staff suggestions and appeals (职员提议、申诉表, 003 篇2 §4.3): a staff channel, apart from the customers'
suggestion box (意见箱). The employee hands the form to the direct superior, who answers within one week
(``appeal_superior_days``); when it is still unanswered after that week, or the employee disagrees with the
answer, it goes to general affairs (综合事务部), which handles it within one week (``appeal_general_affairs_days``).

"Within one week" is 7 calendar days (the keys count days; working-day limits are named ``…_workdays``, and
SPEC §8 reads the survey's 一周 as 7 days): by the end of the 7th day after the day it starts, as SPEC §8 reads
"within 3 days" of minutes. A holiday does not stretch it. The rules apply to both kinds of the one form.

Pure: plain values in, values out or InputError/RuleError.
"""

from datetime import datetime, time, timedelta

from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError
from commscli.labels import Msg

KIND = Choice("appeal_kind", {"suggestion": ("提议", "建议", "proposal"), "appeal": ("申诉", "complaint")})
# states as people read them (derived, never stored: the times say it)
STATES = ("with_superior", "answered", "with_general_affairs", "handled")
GENERAL_AFFAIRS = "general_affairs"  # the staff role of 综合事务部 (domain.registry.ROLE)


def when(text: str) -> str:
    """A stored time as an error line says it: ``2026-10-06 23:59``."""
    return text[:16].replace("T", " ")


def end_of_day_after(at: str, days: int) -> str:
    """The last second of the ``days``-th calendar day after the day of ``at`` (office zone kept)."""
    t = datetime.fromisoformat(at)
    return datetime.combine(t.date() + timedelta(days=days), time(23, 59, 59), tzinfo=t.tzinfo).isoformat()


def answer_due(submitted_at: str, policy) -> str:
    """The superior's answer: within ``appeal_superior_days`` of the day it was handed in."""
    return end_of_day_after(submitted_at, policy.appeal_superior_days)


def general_affairs_due(since: str, policy) -> str:
    """General affairs handles it within ``appeal_general_affairs_days`` of the day it came to them: the end of
    the superior's week (unanswered) or the day the employee disagreed."""
    return end_of_day_after(since, policy.appeal_general_affairs_days)


def on_time(done: str | None, due: str | None) -> bool:
    """Done by the deadline (the deadline itself is in time)."""
    return bool(done and due and done <= due)


def escalated(a: dict, now: str) -> bool:
    """With general affairs: the employee disagreed, or the superior did not answer within the week."""
    if a.get("disagreed_at"):
        return True
    if a.get("answered_at"):
        return a["answered_at"] > a["answer_due"]
    return now > a["answer_due"]


def state(a: dict, now: str) -> str:
    if a.get("handled_at"):
        return "handled"
    if escalated(a, now):
        return "with_general_affairs"
    return "answered" if a.get("answered_at") else "with_superior"


def flags(a: dict, now: str) -> dict:
    """What people read beside the times: the state, whether it went to general affairs, and each late step (an
    answer or handling after its deadline, or still owed past it)."""
    answered, handled = a.get("answered_at"), a.get("handled_at")
    answer_late = (answered > a["answer_due"]) if answered else now > a["answer_due"]
    esc = escalated(a, now)
    ga_due = a.get("ga_due") if esc else None
    handle_late = bool(ga_due) and ((handled > ga_due) if handled else now > ga_due)
    return {
        "state": state(a, now),
        "escalated": esc,
        "answer_late": answer_late,
        "handle_late": handle_late,
        "ga_due": ga_due,
    }


def check_people(staff: dict, superior: dict) -> None:
    if staff["id"] == superior["id"]:
        raise InputError(Msg("err.appeal_own_superior"), "--to", superior["name"])


def check_text(text: str | None, field: str = "--text") -> str:
    if not (text or "").strip():
        raise InputError(Msg("err.required"), field, text or "")
    return text.strip()


def _not_before(at: str, since: str, what: str) -> None:
    if at < since:
        raise RuleError(Msg("err.appeal_before", what=Msg(f"appeal_step.{what}"), at=when(since)), "--at", at)


def check_answer(a: dict, by: dict, at: str) -> None:
    """Only the superior it was handed to answers, once, not before it was handed in."""
    if a.get("handled_at"):
        raise RuleError(Msg("err.appeal_handled", at=when(a["handled_at"])), "ID", a["id"])
    if a.get("answered_at"):
        raise RuleError(Msg("err.appeal_answered", at=when(a["answered_at"])), "ID", a["id"])
    if by["id"] != a["superior_id"]:
        raise RuleError(Msg("err.appeal_not_superior"), "--by", by["name"])
    _not_before(at, a["submitted_at"], "submitted")


def check_disagree(a: dict, by: dict, at: str) -> None:
    """Only the employee disagrees, once, with an answer given, before general affairs has handled it."""
    if by["id"] != a["staff_id"]:
        raise RuleError(Msg("err.appeal_not_owner"), "--by", by["name"])
    if not a.get("answered_at"):
        raise RuleError(Msg("err.appeal_not_answered"), "ID", a["id"])
    if a.get("handled_at"):
        raise RuleError(Msg("err.appeal_handled", at=when(a["handled_at"])), "ID", a["id"])
    if a.get("disagreed_at"):
        raise RuleError(Msg("err.appeal_disagreed", at=when(a["disagreed_at"])), "ID", a["id"])
    _not_before(at, a["answered_at"], "answered")


def check_handle(a: dict, by: dict, at: str) -> None:
    """General affairs handles an appeal that came to it (unanswered after the week, or disagreed), once."""
    if by["role"] != GENERAL_AFFAIRS:
        raise RuleError(Msg("err.appeal_not_general_affairs"), "--by", by["name"])
    if a.get("handled_at"):
        raise RuleError(Msg("err.appeal_handled", at=when(a["handled_at"])), "ID", a["id"])
    if not escalated(a, at):
        raise RuleError(Msg("err.appeal_not_escalated", due=when(a["answer_due"])), "ID", a["id"])
    since = a.get("disagreed_at") or a.get("answered_at")
    if since:
        _not_before(at, since, "disagreed" if a.get("disagreed_at") else "answered")


def may_see(a: dict, by: dict | None) -> bool:
    """Who may read the employee's name: the employee, the superior it was handed to, general affairs."""
    if by is None:
        return False
    return by["id"] in (a["staff_id"], a["superior_id"]) or by["role"] == GENERAL_AFFAIRS
