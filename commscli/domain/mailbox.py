"""The president's mailbox (总裁信箱) and the yearly staff needs survey (员工需求普查), 000 §五(八): common needs
are answered by a company document, sharp individual questions face to face by a leader. A letter may be
anonymous, and is never shown with a name unless it gives one. The survey is held once a year, in the policy
month ``mailbox_survey_month`` (ours: the seed says only 每年一次); one not held by the end of that month is due.

Pure: plain values in, values out or InputError/RuleError.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from commscli.domain.appeals import when
from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError
from commscli.labels import Msg

HOW = Choice(
    "mailbox_how",
    {"document": ("公司文件", "文件", "doc"), "face_to_face": ("当面", "当面沟通", "面谈", "in person")},
)
# who answers face to face: a leader (领导) — the company's leadership, a department head, the office's manager
LEADERS = ("leadership", "department_head", "manager")


def check_answer(letter: dict, how: str, by: dict, at: str) -> None:
    if letter.get("answered_at"):
        raise RuleError(Msg("err.mailbox_answered", at=when(letter["answered_at"])), "ID", letter["id"])
    if how == "face_to_face":
        if not letter.get("from_staff_id"):
            raise RuleError(Msg("err.mailbox_anonymous_face"), "--how", how)
        if by["role"] not in LEADERS:
            raise RuleError(Msg("err.mailbox_not_leader"), "--by", by["name"])
    if at < letter["received_at"]:
        raise RuleError(Msg("err.mailbox_before", at=when(letter["received_at"])), "--at", at)


def survey_due(year: int, policy) -> str:
    """The last second of the survey month of ``year`` (office zone)."""
    month = policy.mailbox_survey_month
    first_next = datetime(year + (month == 12), month % 12 + 1, 1)
    last = datetime.combine((first_next - timedelta(days=1)).date(), time(23, 59, 59))
    return last.replace(tzinfo=ZoneInfo(policy.office_timezone)).isoformat()


def check_year(year: int, held_at: str) -> None:
    if int(held_at[:4]) != year:
        raise InputError(Msg("err.mailbox_survey_year", year=year), "--held-at", held_at)
