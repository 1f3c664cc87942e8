"""Tickets (客户诉求): kinds, the lifecycle state machine, SLA clocks and closure rules.

SPEC §1 and §8. Pure: every function takes plain values (dicts of a ticket's columns,
datetimes, the policy, the calendar) and returns values or raises RuleError/InputError.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError

KIND = Choice({
    "repair": ("报修", "维修"),
    "complaint": ("投诉",),
    "inquiry": ("咨询", "enquiry"),
    "suggestion": ("建议",),
    "help": ("求助",),
})
CHANNEL = Choice({
    "hotline": ("热线", "电话", "phone", "24h"),
    "walk_in": ("来访", "前台", "walkin", "desk"),
    "visit": ("走访", "上门", "访问"),
    "letter": ("信函", "来信"),
    "suggestion_box": ("意见箱", "box"),
    "app": ("微信", "APP", "app", "wechat", "业主群", "网络"),
    "email": ("邮件", "电子邮件", "e_mail"),
})
CATEGORY = Choice({
    "order_security": ("秩序安全", "秩序", "安全", "security"),
    "cleaning": ("保洁", "清洁"),
    "greening": ("绿化",),
    "repair_service": ("维修服务", "维修", "员工技能态度", "repair"),
    "facilities": ("休闲及儿童设施", "设施", "儿童设施"),
    "staff_ability": ("员工能力",),
    "convenience": ("便民服务", "便民"),
    "culture": ("社区文化", "文化"),
    "centre_ability": ("中心满足需求能力", "满足需求能力"),
    "special_difficulty": ("特殊困难", "困难"),
    "other": ("其他",),
})
PRIORITY = Choice({"urgent": ("特急",), "high": ("急",), "normal": ("一般",)})
REPLY_METHOD = Choice({"phone": ("电话",), "visit": ("上门", "面谈"), "sms": ("短信",), "letter": ("书面", "信函"),
                       "app": ("微信", "APP"), "desk": ("前台", "当面")})
ESCALATION = Choice({
    "compensation": ("经济赔偿", "赔偿"),
    "against_director": ("投诉管理处主任", "against-director", "director"),
    "major": ("重大投诉", "重大"),
    "beyond_authority": ("超出权限", "beyond-authority"),
})
MAJOR_DEFECT = Choice({"roof_leak": ("屋面渗漏", "roof"), "bathroom_leak": ("卫生间渗漏", "bathroom"),
                       "wall_crack": ("外墙开裂", "wall")})

OPEN_STATES = ("received", "dispatched", "on_site", "resolved", "replied")
STATES = (*OPEN_STATES, "closed", "cancelled")
STATE_ZH = {"received": "已受理", "dispatched": "已派工", "on_site": "已到场", "resolved": "已处理",
            "replied": "已回复", "closed": "已关闭", "cancelled": "已取消"}

# step → the states it may start from; repairs and the others differ only in `resolve`
STEPS = {
    "dispatch": ("received", "dispatched"),
    "arrive": ("dispatched",),
    "resolve": ("received", "dispatched", "on_site"),
    "reply": ("resolved",),
    "close": ("replied",),
    "cancel": ("received", "dispatched", "on_site", "resolved", "replied"),
    "reopen": ("resolved", "replied", "closed"),
    "defer": ("received", "dispatched", "on_site"),
    "quote": ("received", "dispatched", "on_site"),
    "analyse": ("received", "dispatched", "on_site", "resolved", "replied"),
    "escalate": ("received", "dispatched", "on_site", "resolved", "replied"),
    "corrective": ("received", "dispatched", "on_site", "resolved", "replied"),
    "company_notice": ("received", "dispatched", "on_site", "resolved", "replied"),
}
NEXT_STATE = {"dispatch": "dispatched", "arrive": "on_site", "resolve": "resolved", "reply": "replied",
              "close": "closed", "cancel": "cancelled", "reopen": "received"}
COMPLAINT_ONLY = ("analyse", "escalate", "corrective", "company_notice")


def end_of_day(dt: datetime) -> datetime:
    return datetime.combine(dt.date(), time(23, 59, 59), tzinfo=dt.tzinfo)


def arrive_due(priority: str, reported: datetime, agreed: datetime | None, policy) -> datetime:
    """SLA (001 §2.5, SPEC §8): urgent +10 min, high +15 min (24/7); normal the same calendar
    day, or the time agreed with the customer."""
    if priority == "urgent":
        return reported + timedelta(minutes=policy.sla_urgent_minutes)
    if priority == "high":
        return reported + timedelta(minutes=policy.sla_high_minutes)
    if agreed is not None:
        return agreed
    return end_of_day(reported)


def resolve_due(reported: datetime, policy, calendar) -> datetime:
    """Non-repair requests: by the end of the N-th working day after the report (ours)."""
    day = calendar.add(reported.date(), policy.ticket_resolve_workdays)
    return datetime.combine(day, time(23, 59, 59), tzinfo=reported.tzinfo)


def reply_due(resolved: datetime, policy) -> datetime:
    return resolved + timedelta(hours=policy.ticket_reply_hours)


@dataclass(frozen=True)
class Deadlines:
    arrive_due: str | None
    resolve_due: str | None
    sla: dict  # the policy values used, stored with the ticket


def deadlines(kind: str, priority: str | None, reported: datetime, agreed: datetime | None, policy, calendar,
              fmt) -> Deadlines:
    if kind == "repair":
        due = arrive_due(priority or "normal", reported, agreed, policy)
        sla = {"priority": priority or "normal", "urgent_minutes": policy.sla_urgent_minutes,
               "high_minutes": policy.sla_high_minutes, "agreed": fmt(agreed) if agreed else None,
               "reply_hours": policy.ticket_reply_hours}
        return Deadlines(fmt(due), None, sla)
    due = resolve_due(reported, policy, calendar)
    return Deadlines(None, fmt(due), {"resolve_workdays": policy.ticket_resolve_workdays,
                                      "reply_hours": policy.ticket_reply_hours})


def open_due(t: dict) -> str | None:
    """The deadline of the next pending step, or None: this is what `--overdue` compares with now."""
    state = t["state"]
    if state in ("received", "dispatched") and t["kind"] == "repair":
        return t.get("deferred_until") or t["arrive_due"]
    if state in ("received", "dispatched", "on_site") and t["kind"] != "repair":
        return t.get("deferred_until") or t["resolve_due"]
    if state == "resolved":
        return t["reply_due"]
    return None


def check_step(t: dict, step: str, at: str) -> None:
    """Refuse a step out of order (state or time). ``t`` holds the ticket's columns."""
    state = t["state"]
    if step in COMPLAINT_ONLY and t["kind"] != "complaint":
        raise RuleError(f"only complaints can be {step.replace('_', ' ')}d", "ticket", f"#{t['id']} {t['kind']}")
    allowed = STEPS[step]
    if step == "resolve" and t["kind"] == "repair":
        allowed = ("on_site",)
    if state not in allowed:
        raise RuleError(f"cannot {step.replace('_', ' ')}: ticket is {state} (needs {' or '.join(allowed)})",
                        "ticket", f"#{t['id']}")
    if at < t["last_at"]:
        raise RuleError(f"--at lies before the ticket's last step ({t['last_at']})", "--at", at)


def sla_due(t: dict) -> str | None:
    """The arrival deadline the SLA is judged by: a deferral moves it only when the customer
    was told in time (004); one told after the original deadline is itself a breach."""
    if t.get("deferred_until") and not t.get("deferral_breach"):
        return t["deferred_until"]
    return t.get("arrive_due")


def sla_state(t: dict, now: str) -> str:
    """met | breached | open (still in time) | overdue (not arrived, past due), for repairs."""
    if t["kind"] != "repair":
        return ""
    due = sla_due(t)
    done = t.get("arrived_at") or (t.get("resolved_at") if t.get("without_visit") else None)
    if done:
        return "met" if done <= due else "breached"
    if t["state"] == "cancelled":
        return "cancelled"
    return "overdue" if now > due else "open"


def close_blockers(t: dict, callbacks: list[dict]) -> list[str]:
    """Why a ticket cannot close yet (有求必应, 有应必解, 有解必答; 004 投诉处理)."""
    out = []
    if t["kind"] == "complaint":
        if not t.get("replied_at"):
            out.append("no reply to the customer is recorded")
        if not (t.get("cause") and t.get("prevention")):
            out.append("no cause analysis and preventive measure (`ticket analyse`)")
        if t.get("escalation") and not any(c["kind"] == "escalation" and c["state"] == "done" for c in callbacks):
            out.append("the company's escalation callback is not recorded")
        if t.get("escalation") == "major":
            if not t.get("corrective"):
                out.append("no corrective-action report (`ticket corrective`)")
            if not t.get("company_notice"):
                out.append("no company-wide notice recorded (`ticket company-notice`)")
    if t.get("paid") and not t.get("quote_accepted_at"):
        out.append("paid service without an accepted price")
    return out


def check_quote(t: dict, price: str, accepted_at: str, at: str) -> float:
    """A paid service's price is shown and accepted before the work (004, 001 §2.2).

    The engineer may arrive to inspect and quote on site; the work is what `resolve`
    records, and a paid ticket cannot resolve without an accepted price. So: the quote is
    recorded before resolution (its states), and not accepted after it was recorded.
    """
    import math

    try:
        value = float(price)
    except ValueError:
        raise InputError("not a price", "--price", price) from None
    if not math.isfinite(value) or value < 0 or value > 1_000_000:
        raise InputError("out of range (0 to 1,000,000 yuan)", "--price", price)
    if accepted_at > at:
        raise RuleError(f"lies after the quote is recorded ({at})", "--accepted-at", accepted_at)
    if accepted_at < t["reported_at"]:
        raise RuleError("lies before the request was reported", "--accepted-at", accepted_at)
    return value


def check_defer(t: dict, until: str, told_at: str) -> bool:
    """Returns True when the deferral breached: the customer was told after the original deadline."""
    original = open_due(t)
    if original is None:
        raise RuleError("nothing to defer: no pending deadline", "ticket", f"#{t['id']}")
    if until <= original:
        raise InputError(f"must lie after the current deadline {original}", "--until", until)
    return told_at > original
