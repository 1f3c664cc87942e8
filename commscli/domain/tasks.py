"""Hand-offs between the office and the departments (000 §五(四)4–5, §五(五)3): a problem transferred to a
department (the 故障转呈单 of a ticket) or a request from one department to another. The department asked gives a
definite commitment (when it will finish) by the time asked, then reports the result back.

Pure: plain values in, values out or InputError/RuleError.
"""

from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError
from commscli.labels import Msg, word

# Names: labels.LABELS dept.*; here the synonyms people also type.
DEPT = Choice(
    "dept",
    {
        "customer_service": ("客服", "客服部", "前台", "cs", "office"),
        "engineering": ("工程", "维修部", "engineer"),
        "security": ("安管", "保安部", "秩序维护部", "安保部"),
        "cleaning": ("保洁", "清洁部"),
        "greening": ("绿化", "园林"),
        "general_affairs": ("综合部", "行政部", "综合事务", "admin"),
        "finance": ("财务", "财务室"),
        "quality": ("品质", "品质部"),
    },
)
STATE = Choice("task_state", {"asked": ("待承诺",), "committed": ("已承诺",), "done": ("已反馈", "完成")})


def open_due(t: dict) -> str | None:
    """The pending deadline: the commitment by ``ask_by`` until it is given, then the feedback by the time
    committed; None once the department has reported back."""
    if t["state"] == "asked":
        return t["ask_by"]
    if t["state"] == "committed":
        return t["will_finish"]
    return None


def on_time(done: str | None, due: str | None) -> bool:
    """Answered by the deadline (the deadline itself is in time)."""
    return bool(done and due and done <= due)


def check_new(from_dept: str, to_dept: str, text: str, ask_by: str, at: str) -> str:
    if from_dept == to_dept:
        raise InputError(Msg("err.same_dept"), "--to", to_dept)
    if not (text or "").strip():
        raise InputError(Msg("err.required"), "--text", text or "")
    if ask_by <= at:
        raise InputError(Msg("err.not_after", at=at), "--ask-by", ask_by)
    return text.strip()


def check_asked(t: dict, dept: str, field: str) -> None:
    """Only the department that was asked commits or reports back."""
    if dept != t["to_dept"]:
        raise InputError(Msg("err.dept_not_asked", asked=word("dept", t["to_dept"])), field, dept)


def check_commit(t: dict, dept: str, will_finish: str, at: str) -> None:
    check_asked(t, dept, "--by")
    if t["state"] != "asked":
        raise RuleError(Msg("err.task_state", state=word("task_state", t["state"])), "task", f"#{t['id']}")
    if at < t["asked_at"]:
        raise RuleError(Msg("err.before_asked", asked=t["asked_at"]), "--at", at)
    if will_finish <= at:
        raise InputError(Msg("err.not_after", at=at), "--will-finish", will_finish)


def check_feedback(t: dict, dept: str, text: str, at: str) -> str:
    check_asked(t, dept, "--from")
    if t["state"] == "done":
        raise RuleError(Msg("err.task_state", state=word("task_state", t["state"])), "task", f"#{t['id']}")
    if not (text or "").strip():
        raise InputError(Msg("err.required"), "--text", text or "")
    if at < (t["committed_at"] or t["asked_at"]):
        raise RuleError(Msg("err.before_asked", asked=t["committed_at"] or t["asked_at"]), "--at", at)
    return text.strip()
