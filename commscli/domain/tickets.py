"""Tickets (客户诉求): kinds, the lifecycle state machine, SLA clocks and closure rules.

SPEC §1 and §8. Pure: every function takes plain values (dicts of a ticket's columns,
datetimes, the policy, the calendar) and returns values or raises RuleError/InputError.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError
from commscli.labels import Both, Msg, label, listed, moment, word

# Names: labels.LABELS (kind.repair → 报修 / repair); here the synonyms people also type.
KIND = Choice(
    "kind",
    {
        "repair": ("维修", "修理"),
        "complaint": (),
        "inquiry": ("enquiry", "询问", "查询"),
        "suggestion": (),
        "help": ("帮助", "协助"),
    },
)
CHANNEL = Choice(
    "channel",
    {
        "hotline": ("热线", "电话", "phone", "24h"),
        "walk_in": ("前台", "walkin", "desk"),
        "visit": ("上门", "访问"),
        "letter": ("来信",),
        "suggestion_box": ("box",),
        "app": ("微信", "wechat", "业主群", "网络"),
        "email": ("邮件", "e_mail", "mail"),
        "relayed": ("转递", "部门转递", "由部门转递"),  # relayed by a department or a staff member (000 §五(五)4)
    },
)
CATEGORY = Choice(
    "category",
    {
        "order_security": ("秩序", "安全", "security"),
        "cleaning": ("清洁",),
        "greening": (),
        "repair_service": ("维修服务", "维修", "员工技能态度", "repair"),
        "facilities": ("设施", "儿童设施"),
        "staff_ability": (),
        "convenience": ("便民",),
        "culture": ("文化",),
        "centre_ability": ("满足需求能力",),
        "special_difficulty": ("困难",),
        "other": (),
    },
)
# 特急 urgent, 急 high, 一般 normal (001 §2.5). 紧急 is what people say for the fastest one: urgent.
PRIORITY = Choice(
    "priority", {"urgent": ("紧急", "非常紧急", "加急"), "high": ("较急", "急修"), "normal": ("普通", "不急", "常规")}
)
REPLY_METHOD = Choice(
    "reply_method",
    {
        "phone": ("电话回复",),
        "visit": ("面谈",),
        "sms": ("短信回复",),
        "letter": ("信函",),
        "app": ("微信", "APP"),
        "desk": ("前台", "当面"),
    },
)
ESCALATION = Choice(
    "escalation",
    {
        "compensation": ("经济赔偿", "赔偿", "经济补偿", "补偿"),
        "against_director": ("投诉管理处主任", "director"),
        "major": ("重大",),
        "beyond_authority": ("超出权限",),
    },
)
# 004 投诉处理: the company's quality department (品质管理部) handles complaints at company level; one
# involving economic compensation, or against a management-office director, goes up to company leadership
# (公司领导) to resolve. Either way the company callback is owed by the quality department.
ESCALATED_TO = {
    "compensation": "leadership",
    "against_director": "leadership",
    "major": "quality",
    "beyond_authority": "quality",
}


def escalated_to(reason: str | None) -> str | None:
    """Where an escalated complaint is reported: leadership | quality (None when not escalated)."""
    return ESCALATED_TO[reason] if reason else None


MAJOR_DEFECT = Choice(
    "major_defect",
    {
        "roof_leak": ("roof", "屋顶渗漏", "屋面漏水"),
        "bathroom_leak": ("bathroom", "卫生间漏水"),
        "wall_crack": ("wall", "外墙裂缝"),
    },
)

OPEN_STATES = ("received", "dispatched", "on_site", "resolved", "replied")
STATES = (*OPEN_STATES, "closed", "cancelled")
STATE = Choice(
    "state",
    {
        "received": ("受理", "新"),
        "dispatched": ("派工",),
        "on_site": ("到场", "onsite"),
        "resolved": ("处理", "已解决"),
        "replied": ("回复",),
        "closed": ("关闭",),
        "cancelled": ("取消", "canceled"),
    },
)

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
    "defect_persists": ("received", "dispatched", "on_site", "resolved", "replied"),
    # hand-offs to departments (000 §五(五)): transferred while it is being worked; answers come in while open
    "transfer": ("received", "dispatched", "on_site"),
    "commit": ("received", "dispatched", "on_site", "resolved", "replied"),
    "feedback": ("received", "dispatched", "on_site", "resolved", "replied"),
    "promise": ("received", "dispatched", "on_site", "resolved"),  # before the answer is given
}
NEXT_STATE = {
    "dispatch": "dispatched",
    "arrive": "on_site",
    "resolve": "resolved",
    "reply": "replied",
    "close": "closed",
    "cancel": "cancelled",
    "reopen": "received",
}
COMPLAINT_ONLY = ("analyse", "escalate", "corrective", "company_notice")


def end_of_day(dt: datetime) -> datetime:
    return datetime.combine(dt.date(), time(23, 59, 59), tzinfo=dt.tzinfo)


def arrive_due(priority: str, reported: datetime, agreed: datetime | None, policy) -> datetime:
    """SLA (001 §2.5, SPEC §8): urgent +10 min, high +15 min (24/7); normal the same calendar
    day (or, with ``sla_normal_end_of_day`` false, ``sla_normal_hours`` after the report), or the
    time agreed with the customer."""
    if priority == "urgent":
        return reported + timedelta(minutes=policy.sla_urgent_minutes)
    if priority == "high":
        return reported + timedelta(minutes=policy.sla_high_minutes)
    if agreed is not None:
        return agreed
    if not policy.sla_normal_end_of_day:
        return reported + timedelta(hours=policy.sla_normal_hours)
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


def deadlines(
    kind: str, priority: str | None, reported: datetime, agreed: datetime | None, policy, calendar, fmt
) -> Deadlines:
    if kind == "repair":
        due = arrive_due(priority or "normal", reported, agreed, policy)
        sla = {
            "priority": priority or "normal",
            "urgent_minutes": policy.sla_urgent_minutes,
            "high_minutes": policy.sla_high_minutes,
            "normal_end_of_day": policy.sla_normal_end_of_day,
            "normal_hours": policy.sla_normal_hours,
            "agreed": fmt(agreed) if agreed else None,
            "reply_hours": policy.ticket_reply_hours,
        }
        return Deadlines(fmt(due), None, sla)
    due = resolve_due(reported, policy, calendar)
    return Deadlines(
        None, fmt(due), {"resolve_workdays": policy.ticket_resolve_workdays, "reply_hours": policy.ticket_reply_hours}
    )


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
        raise RuleError(
            Msg("err.complaints_only", step=Both(label(f"do.{step}", "zh"), step.replace("_", " "))),
            "ticket",
            f"#{t['id']} {t['kind']}",
        )
    allowed = STEPS[step]
    if step == "resolve" and t["kind"] == "repair":
        allowed = ("on_site",)
    if state not in allowed:
        raise RuleError(
            Msg(
                "err.step_state",
                step=Both(label(f"do.{step}", "zh"), step.replace("_", " ")),
                state=word("state", state),
                needs=listed("state", allowed, " 或 ", " or "),
            ),
            "ticket",
            f"#{t['id']}",
        )
    if at < t["last_at"]:
        raise RuleError(Msg("err.before_last_step", last=t["last_at"]), "--at", at)


def sla_due(t: dict) -> str | None:
    """The arrival deadline the SLA is judged by: a deferral moves it only when the customer
    was told in time (004); one told after the original deadline is itself a breach."""
    if t.get("deferred_until") and not t.get("deferral_breach"):
        return t["deferred_until"]
    return t.get("arrive_due")


def history(t: dict) -> list[dict]:
    """The deadlines of the clocks a reopening ended, each with its verdict (kept in ``sla.history``)."""
    return list((t.get("sla") or {}).get("history") or [])


def _missed_before(past: list[dict], step: str) -> bool:
    return any(h["step"] == step and h["verdict"] == "missed" for h in past)


def _breached_before(t: dict) -> bool:
    """An arrival missed on a clock a reopening ended (the flag written with ``sla.history``, which
    the SQL verdict ``store.tickets.SLA_STATE`` reads too)."""
    return bool(t.get("arrive_missed_before"))


def sla_state(t: dict, now: str) -> str:
    """met | breached | open (still in time) | overdue (not arrived, past due), for repairs.
    A repair that arrived late on a clock a reopening ended stays breached."""
    if t["kind"] != "repair":
        return ""
    if _breached_before(t):
        return "breached"
    due = sla_due(t)
    done = t.get("arrived_at") or (t.get("resolved_at") if t.get("without_visit") else None)
    if done:
        return "met" if done <= due else "breached"
    if t["state"] == "cancelled":
        return "cancelled"
    return "overdue" if now > due else "open"


DEADLINE_NAMES = {
    "arrive": "arrive (SLA)",
    "resolve": "resolve",
    "reply": "reply",
    "deferral_notice": "tell customer of deferral",
    "promise": "promised answer",
}


def _pending_deadlines(t: dict) -> list[tuple[str, str, str | None]]:
    """(step, due, done) of the ticket's current clock."""
    out = []
    if t["kind"] == "repair":
        out.append(
            ("arrive", sla_due(t), t.get("arrived_at") or (t.get("resolved_at") if t.get("without_visit") else None))
        )
    else:
        out.append(("resolve", t.get("deferred_until") or t.get("resolve_due"), t.get("resolved_at")))
    out.append(("reply", t.get("reply_due"), t.get("replied_at")))
    if t.get("deferred_until"):
        out.append(("deferral_notice", t.get("arrive_due") or t.get("resolve_due"), t.get("customer_told_at")))
    if t.get("promise_due"):  # an inquiry's promised answer (002 第六条3): kept by the reply
        out.append(("promise", t["promise_due"], t.get("replied_at")))
    return [(step, due, done) for step, due, done in out if due]


def _clock_no(t: dict) -> int:
    return max((h["clock"] for h in history(t)), default=0) + 1


def deadline_lines(t: dict, now: str) -> list[dict]:
    """Every deadline of the ticket with its verdict (met | missed | pending): first those of the clocks
    a reopening ended (verdict as it stood then; ``superseded`` when not yet due), then the current ones.
    A reopened ticket numbers its clocks (``clock``: 1, 2 …)."""
    past = history(t)
    out = [
        {
            "deadline": DEADLINE_NAMES[h["step"]],
            "clock": h["clock"],
            "due": h["due"],
            "done": h["done"],
            "verdict": h["verdict"],
        }
        for h in past
    ]
    for step, due, done in _pending_deadlines(t):
        verdict = ("met" if done <= due else "missed") if done else ("missed" if now > due else "pending")
        line = {"deadline": DEADLINE_NAMES[step], "due": due, "done": done, "verdict": verdict}
        out.append({"deadline": line["deadline"], "clock": _clock_no(t), **line} if past else line)
    return out


def reopen_changes(t: dict, at: str, policy, calendar, fmt) -> dict:
    """Reopening (SPEC §1) starts a new clock, counted from the reopening as if newly reported (the
    priority's minutes, or the end of that day; the working days of a request). The deadlines of the
    clock it ends are kept with their verdicts in ``sla.history``; the ticket's columns then describe
    the new clock (no arrival, no deferral yet)."""
    past = history(t)
    clock = _clock_no(t)
    for step, due, done in _pending_deadlines(t):
        verdict = ("met" if done <= due else "missed") if done else ("missed" if at > due else "superseded")
        past.append({"clock": clock, "step": step, "due": due, "done": done, "verdict": verdict, "until": at})
    d = deadlines(t["kind"], t.get("priority"), datetime.fromisoformat(at), None, policy, calendar, fmt)
    changes = {
        "state": "dispatched" if t.get("dispatched_at") else "received",
        "reopened": (t.get("reopened") or 0) + 1,
        "resolved_at": None,
        "resolution": None,
        "reply_due": None,
        "replied_at": None,
        "closed_at": None,
        "deferred_until": None,
        "customer_told_at": None,
        "deferral_breach": 0,
        "arrive_due": d.arrive_due,
        "resolve_due": d.resolve_due,
        "sla": {**d.sla, "since": at, "history": past},
        "arrive_missed_before": int(bool(t.get("arrive_missed_before")) or _missed_before(past, "arrive")),
        "deferral_missed_before": int(
            bool(t.get("deferral_missed_before") or t.get("deferral_breach")) or _missed_before(past, "deferral_notice")
        ),
    }
    if t["kind"] == "repair":
        changes.update(arrived_at=None, without_visit=0)
    return changes


def check_rework(t: dict, at: str, field: str, value) -> None:
    """A defect "persists" only in a repair that was finished (004): an unfinished one is worked, not re-repaired."""
    if t["kind"] != "repair":
        raise InputError(Msg("err.rework_not_repair", id=t["id"], kind=word("kind", t["kind"])), field, value)
    if t["state"] not in ("resolved", "replied", "closed"):
        raise RuleError(Msg("err.rework_unfinished", id=t["id"], state=word("state", t["state"])), field, value)
    if t.get("resolved_at") and at < t["resolved_at"]:
        raise RuleError(Msg("err.before_resolved", id=t["id"], at=moment(t["resolved_at"])), "--at", at)


def rework_priority(priority: str | None) -> str:
    """A re-repair is at least as urgent as the original, at most 急 (the emergency is over)."""
    return "high" if priority == "urgent" else (priority or "normal")


def close_blockers(t: dict, callbacks: list[dict]) -> list[str]:
    """Why a ticket cannot close yet (有求必应, 有应必解, 有解必答; 004 投诉处理)."""
    out = []
    if t["kind"] == "complaint":
        if not t.get("replied_at"):
            out.append(Msg("block.no_reply"))
        if not (t.get("cause") and t.get("prevention")):
            out.append(Msg("block.no_analysis"))
        if t.get("escalation") and not any(c["kind"] == "escalation" and c["state"] == "done" for c in callbacks):
            out.append(Msg("block.no_escalation_callback"))
        if t.get("escalation") == "major":
            if not t.get("corrective"):
                out.append(Msg("block.no_corrective"))
            if not t.get("company_notice"):
                out.append(Msg("block.no_notice"))
    if t.get("paid") and not t.get("quote_accepted_at"):
        out.append(Msg("block.no_price"))
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
        raise InputError(Msg("err.not_price"), "--price", price) from None
    if not math.isfinite(value) or value < 0 or value > 1_000_000:
        raise InputError(Msg("err.price_range"), "--price", price)
    if accepted_at > at:
        raise RuleError(Msg("err.after_quote", at=moment(at)), "--accepted-at", accepted_at)
    if accepted_at < t["reported_at"]:
        raise RuleError(Msg("err.before_report"), "--accepted-at", accepted_at)
    return value


def check_defer(t: dict, until: str, told_at: str) -> bool:
    """Returns True when the deferral breached: the customer was told after the original deadline."""
    original = open_due(t)
    if original is None:
        raise RuleError(Msg("err.nothing_to_defer"), "ticket", f"#{t['id']}")
    if until <= original:
        raise InputError(Msg("err.after_deadline", at=moment(original)), "--until", until)
    return told_at > original


def check_promise(t: dict, promise_due: str | None, where: str | None, at: str) -> str:
    """An inquiry that cannot be answered at once is told where to ask and by when it will be answered (002
    第六条3): both are given, the time lies after the promise is made, and a ticket is promised once."""
    if t["kind"] != "inquiry":
        raise InputError(Msg("err.promise_inquiry", kind=word("kind", t["kind"])), "--promise", promise_due)
    if not (where or "").strip():
        raise InputError(Msg("err.promise_where"), "--where", where or "")
    if not promise_due:
        raise InputError(Msg("err.required"), "--promise", promise_due)
    if promise_due <= at:
        raise InputError(Msg("err.not_after", at=at), "--promise", promise_due)
    if t.get("promise_due"):
        raise RuleError(Msg("err.promised_already", due=t["promise_due"]), "ticket", f"#{t.get('id')}")
    return where.strip()


def promise_kept(t: dict, replied_at: str) -> int | None:
    """At the reply: 1 when the promised answer came in time (the minute promised is in time), 0 broken."""
    if not t.get("promise_due"):
        return None
    return int(replied_at <= t["promise_due"])


def deadline_problems(t: dict) -> list[str]:
    """What is wrong with a stored ticket's deadlines against the policy values stored with it (``sla``):
    a deadline missing, or not the one those values give (`db check`). A repair's minutes are exact. A
    request's working days depend on the calendar of the day it was recorded, which may have changed
    since, so its deadline is only held to what any calendar gives: the end of a day at least N calendar
    days and at most N + 31 days after it was received."""
    import json

    if t["state"] == "cancelled":
        return []
    try:
        sla = json.loads(t["sla"]) if isinstance(t["sla"], str) else dict(t["sla"] or {})
    except (TypeError, ValueError):
        return ["sla: not the stored policy values"]
    base = datetime.fromisoformat(sla.get("since") or t["reported_at"])
    problems = []
    if t["kind"] == "repair":
        if not t["arrive_due"]:
            return ["arrive_due: missing"]
        try:
            values = type(
                "Stored",
                (),
                {
                    "sla_urgent_minutes": sla["urgent_minutes"],
                    "sla_high_minutes": sla["high_minutes"],
                    "sla_normal_end_of_day": sla["normal_end_of_day"],
                    "sla_normal_hours": sla["normal_hours"],
                },
            )
            agreed = datetime.fromisoformat(sla["agreed"]) if sla.get("agreed") else None
            want = arrive_due(sla["priority"], base, agreed, values)
        except (KeyError, TypeError, ValueError):
            return ["sla: not the stored policy values"]
        if datetime.fromisoformat(t["arrive_due"]) != want:
            problems.append(f"arrive_due: {t['arrive_due']}, its policy gives {want.isoformat()}")
    else:
        if not t["resolve_due"]:
            return ["resolve_due: missing"]
        try:
            days = int(sla["resolve_workdays"])
        except (KeyError, TypeError, ValueError):
            return ["sla: not the stored policy values"]
        due = datetime.fromisoformat(t["resolve_due"])
        gap = (due.date() - base.date()).days
        if not days <= gap <= days + 31 or due.time() != time(23, 59, 59):
            problems.append(f"resolve_due: {t['resolve_due']}, not the end of the {days}th working day after")
    if t["resolved_at"]:
        want = datetime.fromisoformat(t["resolved_at"]) + timedelta(hours=int(sla.get("reply_hours") or 0))
        if not t["reply_due"]:
            problems.append("reply_due: missing")
        elif "reply_hours" in sla and datetime.fromisoformat(t["reply_due"]) != want:
            problems.append(f"reply_due: {t['reply_due']}, its policy gives {want.isoformat()}")
    return problems
