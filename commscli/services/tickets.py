"""Ticket intake and steps, opening the callbacks they need through services.callbacks (SPEC §1, §2)."""

from datetime import datetime, time

from commscli import clock
from commscli.domain import callbacks as callback_rules
from commscli.domain import tickets as rules
from commscli.domain.registry import ROLE
from commscli.errors import InputError, NotFound, RuleError
from commscli.labels import Both, Msg, say, word
from commscli.services import callbacks, number_form, required_reason
from commscli.store import callbacks as cq
from commscli.store import records, registry
from commscli.store import tickets as q


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _apply(store, ctx, t: dict, action: str, at: str, changes: dict, reason=None, noted=None) -> dict:
    """Write a step: the changes, the new pending deadline, and one event with before/after (plus
    ``noted``: what the step decided that is not a column)."""
    merged = {**t, **changes}
    changes["open_due"] = rules.open_due(merged)
    changes["last_at"] = max(t["last_at"], at)
    changed = {k: v for k, v in changes.items() if t.get(k) != v}
    if changed:  # a step that changes no column (a hand-off's answer at the time of the last step) is its event
        q.update_ticket(store, t["id"], changed)
    records.log(
        store,
        ctx,
        "tickets",
        t["id"],
        action,
        at,
        before={k: t.get(k) for k in changed if k not in ("last_at",)},
        after={**{k: v for k, v in changed.items() if k != "last_at"}, **(noted or {})},
        reason=reason,
    )
    return q.ticket(store, t["id"])


def resolve_household(store, office_id: int, household_id=None, building=None, room=None):
    if household_id is not None:
        h = registry.household(store, household_id)
        if registry.office_by_code(store, h["office"])["id"] != office_id:
            raise InputError(Msg("err.other_office"), "--household", household_id)
        return h["id"]
    if building or room:
        if not (building and room):
            raise InputError(Msg("err.both_building_room"), "--building/--room", f"{building}/{room}")
        from commscli.domain.registry import match_building

        building = match_building(building, registry.buildings_in_office(store, office_id))
        row = registry.household_in_office(store, office_id, building, room)
        if row is None:
            raise InputError(Msg("err.no_household"), "household", f"{building}/{room}")
        return row["id"]
    return None


def received(ctx, r: dict, office_id: int, household_id, priority, by: str) -> dict:
    """The columns a ticket is received with, at the desk (``new_ticket``) or from history (ticket_import):
    the request as reported, who took it, and its deadlines under the policy in force."""
    kind = r["kind"]
    agreed = _dt(r["agreed_at"]) if r.get("agreed_at") else None
    d = rules.deadlines(kind, priority, _dt(r["reported_at"]), agreed, ctx.policy, ctx.calendar, clock.fmt)
    return dict(
        office_id=office_id,
        ref=r.get("ref"),
        kind=kind,
        channel=r["channel"],
        category=r.get("category") or ("repair_service" if kind == "repair" else "other"),
        priority=priority,
        household_id=household_id,
        caller_name=r.get("caller_name"),
        caller_phone=r.get("caller_phone"),
        description=r["description"],
        reported_at=r["reported_at"],
        received_by=by,
        agreed_at=r.get("agreed_at"),
        arrive_due=d.arrive_due,
        resolve_due=d.resolve_due,
        sla=d.sla,
    )


def relayed_by(store, office_id: int, channel: str, who) -> str | None:
    """Who relayed a ticket of the channel 部门转递 (000 §五(五)4): a staff member of the office by name, else a
    department (its code); required with that channel and refused with any other."""
    from commscli.domain.tasks import DEPT

    if channel != "relayed":
        if who is not None:
            raise InputError(Msg("err.relayed_by_only"), "--relayed-by", who)
        return None
    name = (who or "").strip()
    if not name:
        raise InputError(Msg("err.required"), "--relayed-by", who)
    if name in registry.staff_names(store, office_id):
        return name
    try:
        return DEPT.parse(name, "--relayed-by")
    except InputError:
        raise InputError(Msg("err.not_staff_or_dept"), "--relayed-by", who) from None


def new_ticket(store, ctx, data: dict) -> int:
    """Record a request. ``data``: office, kind, channel, category, priority, description, reported_at,
    and household_id or building/room or caller_name/caller_phone; optional agreed_at, ref, paid,
    major_defect, parent_id, source."""
    office = registry.office_by_code(store, data["office"])
    kind = data["kind"]
    household_id = resolve_household(
        store, office["id"], data.get("household_id"), data.get("building"), data.get("room")
    )
    about = data.get("about")
    if (about is None) != (not data.get("defect_persists")):
        raise InputError(
            Msg("err.about_and_persists"),
            "--defect-persists" if about is None else "--about",
            about,
        )
    if about is not None:
        if kind != "complaint":
            raise InputError(
                Msg("err.persists_complaint_only"),
                "--kind",
                kind,
            )
        if household_id is None and not (data.get("caller_name") or data.get("caller_phone")):
            # the complaint is the repaired household's (or caller's) unless it names another
            t = _repair_about(store, {"office_id": office["id"], "household_id": None}, about)
            household_id = t["household_id"]
            if household_id is None:
                data = {**data, "caller_name": t["caller_name"], "caller_phone": t["caller_phone"]}
    if household_id is None and not (data.get("caller_name") or data.get("caller_phone")):
        raise InputError(Msg("err.name_household"), "household", None)
    priority = data.get("priority")
    if kind == "repair":
        priority = priority or "normal"
    elif priority:
        raise InputError(Msg("err.only_repairs_priority"), "--priority", priority)
    if data.get("major_defect") and kind != "repair":
        raise InputError(Msg("err.major_defect_repairs"), "--major-defect", data["major_defect"])
    if data.get("agreed_at") and kind != "repair":
        raise InputError(Msg("err.agreed_repairs"), "--agreed", data["agreed_at"])
    reported = _dt(data["reported_at"])
    agreed = _dt(data["agreed_at"]) if data.get("agreed_at") else None
    if agreed is not None and agreed < reported:
        raise InputError(Msg("err.agreed_before_report"), "--agreed", data["agreed_at"])
    relayer = relayed_by(store, office["id"], data["channel"], data.get("relayed_by"))
    promise_where = None
    if data.get("promise_due") or data.get("promise_where"):
        promise_where = rules.check_promise(
            {"kind": kind}, data.get("promise_due"), data.get("promise_where"), data["reported_at"]
        )
    row = dict(
        **received(ctx, data, office["id"], household_id, priority, ctx.by),
        relayed_by=relayer,
        paid=int(bool(data.get("paid"))),
        major_defect=data.get("major_defect"),
        parent_id=data.get("parent_id"),
        source=data.get("source"),
        state="received",
        promise_due=data.get("promise_due"),
        promise_where=promise_where,
        last_at=data["reported_at"],
        created_at=data["reported_at"],
        created_by=ctx.by,
    )
    row["open_due"] = rules.open_due(row)
    if row["ref"] and q.ticket_by_ref(store, office["id"], row["ref"]):
        raise RuleError(Msg("err.ref_exists"), "--ref", row["ref"])
    if about is not None:  # checked before anything is written
        rules.check_rework(_repair_about(store, {**row, "id": None}, about), data["reported_at"], "--about", about)
    tid = q.insert_ticket(store, row)
    records.log(
        store,
        ctx,
        "tickets",
        tid,
        "create",
        data["reported_at"],
        after={
            k: row[k]
            for k in (
                "kind",
                "channel",
                "relayed_by",
                "category",
                "priority",
                "household_id",
                "arrive_due",
                "resolve_due",
                "ref",
                "parent_id",
                "promise_due",
            )
            if row.get(k) is not None
        },
    )
    if row["major_defect"]:
        due = callback_rules.due("major_check", reported, ctx.policy)
        callbacks.open_ticket_callback(store, ctx, {**row, "id": tid}, "major_check", at=data["reported_at"], due=due)
    if about is not None:
        defect_persists(store, ctx, tid, about, data["reported_at"])
    return tid


def details(store, tid, now: str) -> dict:
    """What `ticket show` prints: the ticket, every deadline with its verdict (met, missed, pending; those
    of clocks a reopening ended too), the timeline of its events and its callbacks."""
    t = q.ticket(store, tid)
    return {
        "ticket": t,
        "deadlines": rules.deadline_lines(t, now),
        "timeline": [
            {k: e[k] for k in ("at", "by", "action", "after", "reason")}
            for e in records.events_for(store, "tickets", t["id"])
        ],
        "callbacks": [
            {k: c[k] for k in ("id", "kind", "owed_by", "due_at", "state", "done_at", "satisfaction")}
            for c in cq.callbacks_for(store, t["id"])
        ],
    }


def form_data(store, tid, corrective: bool = False, form: str | None = None) -> dict:
    """The ticket, its office, its timeline and the form's number (None until the step that makes the form) for
    a form; the corrective-action report needs one recorded, the dispatch order a repair."""
    from commscli.store import forms
    from commscli.store import tasks as tq

    t = q.ticket(store, tid)
    t["escalated_to"] = rules.escalated_to(t["escalation"])
    if corrective and not t["corrective"]:
        raise RuleError(Msg("err.no_corrective"), "ticket", f"#{tid}")
    if form == "dispatch" and t["kind"] != "repair":
        raise RuleError(Msg("err.dispatch_order_repairs", kind=word("kind", t["kind"])), "ticket", f"#{tid}")
    timeline = records.events_for(store, "tickets", t["id"])
    escalated = [e["by"] for e in timeline if e["action"] == "escalate"]
    return {
        "ticket": t,
        "office": registry.office_by_code(store, t["office"]),
        "timeline": timeline,
        # the work-contact letter is sent by who escalated the complaint (not who took it)
        "sender": escalated[-1] if escalated else t["received_by"],
        "number": forms.number(store, form, "tickets", t["id"]) if form else None,
        "handoffs": tq.tasks_of_ticket(store, t["id"]),
    }


def dispatch(store, ctx, tid, to: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "dispatch", at)
    who = (to or "").strip()
    if who not in registry.staff_names(store, t["office_id"]):
        try:
            who = ROLE.parse(who, "--to")
        except InputError:
            raise InputError(Msg("err.not_staff_or_dept"), "--to", to) from None
    changes = {"state": "dispatched", "dispatched_to": who}
    if not t["dispatched_at"]:
        changes["dispatched_at"] = at
    t2 = _apply(store, ctx, t, "dispatch", at, changes)
    if t["kind"] == "repair":  # the repair dispatch order (维修派工单, 004), dated by the first dispatch
        number_form(store, ctx, t["office_id"], "dispatch", "tickets", tid, at)
    return t2


def arrive(store, ctx, tid, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "arrive", at)
    changes = {"state": "on_site"}
    if not t["arrived_at"]:  # the first arrival is the one the SLA measures
        changes["arrived_at"] = at
    return _apply(store, ctx, t, "arrive", at, changes)


def resolve(store, ctx, tid, note: str, at: str, without_visit: bool = False) -> dict:
    t = q.ticket(store, tid)
    if without_visit and t["kind"] == "repair" and t["state"] in ("received", "dispatched"):
        pass  # handled by phone or by the customer with guidance: the SLA runs to the fix (SPEC §8)
    else:
        rules.check_step(t, "resolve", at)
    if at < t["last_at"]:
        raise RuleError(Msg("err.before_last_step", last=t["last_at"]), "--at", at)
    if t["paid"] and not t["quote_accepted_at"]:
        raise RuleError(Msg("err.paid_first"), "ticket", f"#{tid}")
    if not (note or "").strip():
        raise InputError(Msg("err.say_done"), "--note", note or "")
    changes = {
        "state": "resolved",
        "resolved_at": at,
        "resolution": note.strip(),
        "reply_due": clock.fmt(rules.reply_due(_dt(at), ctx.policy)),
        "without_visit": int(bool(without_visit and not t["arrived_at"])),
    }
    t2 = _apply(store, ctx, t, "resolve", at, changes)
    if t["kind"] == "complaint" and not cq.open_callbacks(store, tid, "complaint"):
        due = callback_rules.due("complaint", _dt(at), ctx.policy)
        callbacks.open_ticket_callback(store, ctx, t, "complaint", at=at, due=due)
    return t2


def reply(store, ctx, tid, method: str, text: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "reply", at)
    if not (text or "").strip():
        raise InputError(Msg("err.say_told"), "--text", text or "")
    changes = {"state": "replied", "replied_at": at, "reply_method": method, "reply_text": text.strip()}
    if t.get("promise_due"):
        changes["promise_kept"] = rules.promise_kept(t, at)
    return _apply(store, ctx, t, "reply", at, changes)


def close(store, ctx, tid, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "close", at)
    blockers = rules.close_blockers(t, cq.callbacks_for(store, tid))
    if blockers:
        raise RuleError(
            Msg("err.cannot_close", blockers=Both("；".join(say(b, "zh") for b in blockers), "; ".join(blockers))),
            "ticket",
            f"#{tid}",
        )
    t2 = _apply(store, ctx, t, "close", at, {"state": "closed", "closed_at": at})
    callbacks.cancel_open(store, ctx, tid, "major_check", at, "ticket closed")
    return t2


def cancel(store, ctx, tid, reason: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "cancel", at)
    reason = required_reason(reason)
    t2 = _apply(
        store, ctx, t, "cancel", at, {"state": "cancelled", "cancelled_at": at, "cancel_reason": reason}, reason=reason
    )
    for kind in ("major_check", "complaint", "special", "sample"):
        callbacks.cancel_open(store, ctx, tid, kind, at, "ticket cancelled")
    return t2


def reopen(store, ctx, tid, reason: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "reopen", at)
    reason = required_reason(reason)
    changes = rules.reopen_changes(t, at, ctx.policy, ctx.calendar, clock.fmt)
    return _apply(store, ctx, t, "reopen", at, changes, reason=reason)


def defer(store, ctx, tid, until: str, told_at: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "defer", at)
    breach = rules.check_defer(t, until, told_at)
    return _apply(
        store,
        ctx,
        t,
        "defer",
        at,
        {"deferred_until": until, "customer_told_at": told_at, "deferral_breach": int(breach)},
    )


def quote(store, ctx, tid, price: str, accepted_at: str, at: str, service: str = "", reason: str | None = None) -> dict:
    """The price shown and accepted, naming the service of the price list it is for (001 §2.2: 明码标价); a price
    other than the list's needs a reason, and the list price is kept beside it."""
    from commscli.domain import guide as price_list
    from commscli.services import guide

    t = q.ticket(store, tid)
    rules.check_step(t, "quote", at)
    value = rules.check_quote(t, price, accepted_at, at)
    s = guide.find(store, t["office_id"], service)
    off, why = price_list.check_quote_service(s, t, value, reason)
    changes = {
        "price": value,
        "quote_accepted_at": accepted_at,
        "paid": 1,
        "service_id": s["id"],
        "list_price": price_list.yuan(s["price_fen"]),
        "off_list": int(off),
        "price_reason": why,
    }
    return _apply(store, ctx, t, "quote", at, changes, reason=why, noted={"service": s["name"]})


def analyse(store, ctx, tid, cause: str, prevention: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "analyse", at)
    if not (cause or "").strip() or not (prevention or "").strip():
        raise InputError(Msg("err.cause_and_prevention"), "--cause/--prevention", f"{cause!r}/{prevention!r}")
    return _apply(
        store, ctx, t, "analyse", at, {"cause": cause.strip(), "prevention": prevention.strip(), "analysed_at": at}
    )


def escalate(store, ctx, tid, reason: str, at: str) -> dict:
    """To the company (004): compensation or a complaint against the office's director is reported to company
    leadership, the others to the quality department; the quality department owes the customer a callback
    before the complaint closes. The event records where it went (``escalated_to``)."""
    t = q.ticket(store, tid)
    rules.check_step(t, "escalate", at)
    if t["escalation"]:
        raise RuleError(Msg("err.already_escalated", how=word("escalation", t["escalation"])), "ticket", f"#{tid}")
    t2 = _apply(
        store,
        ctx,
        t,
        "escalate",
        at,
        {"escalation": reason, "escalated_at": at},
        noted={"escalated_to": rules.escalated_to(reason)},
    )
    number_form(store, ctx, t["office_id"], "contact_letter", "tickets", tid, at)  # 工作联系函
    due_day = ctx.calendar.add(_dt(at).date(), ctx.policy.callback_escalation_workdays)
    due = datetime.combine(due_day, time(23, 59, 59), tzinfo=_dt(at).tzinfo)
    callbacks.open_ticket_callback(store, ctx, t, "escalation", at=at, due=due, owed_by="quality")
    return t2


def corrective(store, ctx, tid, cause: str, action: str, owner: str, due: str, at: str) -> dict:
    t = q.ticket(store, tid)
    rules.check_step(t, "corrective", at)
    fields = {"cause": cause, "action": action, "owner": owner}
    for name, value in fields.items():
        if not (value or "").strip():
            raise InputError(Msg("err.required"), f"--{name}", value or "")
    report = {**{k: v.strip() for k, v in fields.items()}, "due": due, "recorded_at": at}
    t2 = _apply(store, ctx, t, "corrective", at, {"corrective": report})
    number_form(store, ctx, t["office_id"], "corrective", "tickets", tid, at)  # 纠正措施报告
    return t2


def company_notice(store, ctx, tid, notice: int, at: str) -> dict:
    """A major complaint's company-wide notice (SPEC §1): a notice issued by the company (its seal line), linked
    to the ticket; the ticket keeps the notice's number."""
    from commscli.services import notices

    t = q.ticket(store, tid)
    rules.check_step(t, "company_notice", at)
    number = notices.link_ticket(store, ctx, notice, t, at)
    return _apply(store, ctx, t, "company_notice", at, {"company_notice": number}, noted={"notice_id": int(notice)})


def open_rework(store, ctx, t: dict, *, at: str, channel: str, description: str, source: str, field: str, value) -> int:
    """A repaired defect persists (004): at once a re-repair linked to the original (``parent_id``) and a
    special callback due within ``callback_special_hours``. The one place a re-repair opens, whether the
    finding comes from a callback or from a complaint. Returns the re-repair's id."""
    rules.check_rework(t, at, field, value)
    new_id = new_ticket(
        store,
        ctx,
        dict(
            office=t["office"],
            kind="repair",
            channel=channel,
            category=t["category"],
            priority=rules.rework_priority(t["priority"]),
            household_id=t["household_id"],
            caller_name=t["caller_name"],
            caller_phone=t["caller_phone"],
            description=description,
            reported_at=at,
            parent_id=t["id"],
            source=source,
            major_defect=None,
        ),
    )
    if not t["reworked"]:
        q.update_ticket(store, t["id"], {"reworked": 1})
        records.log(
            store,
            ctx,
            "tickets",
            t["id"],
            "reworked",
            at,
            before={"reworked": 0},
            after={"reworked": 1, "rework": new_id},
        )
    due = callback_rules.due("special", _dt(at), ctx.policy)  # on the re-repair
    callbacks.open_ticket_callback(store, ctx, q.ticket(store, new_id), "special", at=at, due=due)
    return new_id


def _repair_about(store, complaint: dict, about) -> dict:
    """The earlier repair a complaint is about: a ticket of the same office (and household, when both have one)."""
    try:
        t = q.ticket(store, about)
    except NotFound as exc:
        raise NotFound(exc.message, "--about", about) from None
    if t["office_id"] != complaint["office_id"]:
        raise InputError(Msg("err.other_office"), "--about", about)
    if t["household_id"] and complaint["household_id"] and t["household_id"] != complaint["household_id"]:
        raise InputError(Msg("err.other_household", id=t["id"]), "--about", about)
    return t


def defect_persists(store, ctx, tid, about, at: str) -> dict:
    """A complaint says the defect a repair fixed persists (004): the re-repair and its special callback open
    now, as a callback's finding would open them; the complaint records which repair and which re-repair."""
    c = q.ticket(store, tid)
    if c["kind"] != "complaint":
        raise RuleError(
            Msg("err.not_a_complaint", id=tid, kind=word("kind", c["kind"])),
            "ticket",
            f"#{tid}",
        )
    rules.check_step(c, "defect_persists", at)
    t = _repair_about(store, c, about)
    rules.check_rework(t, at, "--about", about)
    earlier = q.rework_from(store, t["id"], f"tickets/{tid}")
    if earlier:
        raise RuleError(Msg("err.rework_recorded", id=earlier["id"]), "--about", about)
    new_id = open_rework(
        store,
        ctx,
        t,
        at=at,
        channel=c["channel"],
        source=f"tickets/{tid}",
        field="--about",
        value=about,
        description=f"返修（原单 #{t['id']}，投诉 #{tid}）：{c['description']}",
    )
    q.update_ticket(store, tid, {"last_at": max(c["last_at"], at)})
    records.log(store, ctx, "tickets", tid, "defect_persists", at, after={"about": t["id"], "rework_ticket_id": new_id})
    return {**q.ticket(store, tid), "rework_ticket_id": new_id}


def transfer(store, ctx, tid, to: str, ask_by: str, at: str) -> dict:
    """Hand the problem to a department with the fault-transfer form (故障转呈单, 000 §五(五)), numbered now;
    the department owes a definite commitment by ``ask_by``."""
    from commscli.services import tasks

    t = q.ticket(store, tid)
    rules.check_step(t, "transfer", at)
    task = tasks.new_task(
        store,
        ctx,
        office=t["office"],
        from_dept="customer_service",
        to_dept=to,
        text=t["description"],
        ask_by=ask_by,
        at=at,
        ticket_id=tid,
    )
    t2 = _apply(store, ctx, t, "transfer", at, {}, noted={"to_dept": to, "ask_by": ask_by, "task": task["id"]})
    number_form(store, ctx, t["office_id"], "transfer", "tickets", tid, at)  # 故障转呈单
    return t2


def _asked(store, t: dict, dept: str, field: str) -> dict:
    """The ticket's hand-off to ``dept`` (the latest); refused when it was never transferred, or not to it."""
    from commscli.domain import tasks as task_rules
    from commscli.store import tasks as tq

    handoffs = tq.tasks_of_ticket(store, t["id"])
    if not handoffs:
        raise RuleError(Msg("err.no_transfer"), "ticket", f"#{t['id']}")
    mine = [k for k in handoffs if k["to_dept"] == dept]
    if not mine:
        task_rules.check_asked(handoffs[-1], dept, field)
    return mine[-1]


def commit(store, ctx, tid, dept: str, will_finish: str, at: str) -> dict:
    """The department gives a definite time it will finish by (000 §五(四)4)."""
    from commscli.services import tasks

    t = q.ticket(store, tid)
    rules.check_step(t, "commit", at)
    k = tasks.commit(store, ctx, None, dept, will_finish, at, t=_asked(store, t, dept, "--by"))
    return _apply(store, ctx, t, "commit", at, {}, noted={"to_dept": dept, "will_finish": will_finish, "task": k["id"]})


def feedback(store, ctx, tid, dept: str, text: str, at: str) -> dict:
    """The department reports the result back to the office (000 §五(五)3)."""
    from commscli.services import tasks

    t = q.ticket(store, tid)
    rules.check_step(t, "feedback", at)
    k = tasks.feedback(store, ctx, None, dept, text, at, t=_asked(store, t, dept, "--from"))
    return _apply(store, ctx, t, "feedback", at, {}, noted={"feedback": k["feedback"], "task": k["id"]})


def promise(store, ctx, tid, promise_due: str, where: str, at: str) -> dict:
    """Record where an inquiry's customer can ask and by when they will be answered (002 第六条3)."""
    t = q.ticket(store, tid)
    rules.check_step(t, "promise", at)
    where = rules.check_promise(t, promise_due, where, at)
    return _apply(store, ctx, t, "promise", at, {"promise_due": promise_due, "promise_where": where})


def register(store, office: str, year: int, month: int, utc_offset: str) -> dict:
    """The customer communication register (与客户沟通登记表, 000 §五(五)4) of one office and month: every ticket
    reported in the month, in order, with who relayed it, who took it and how it ended. Reads only."""
    from commscli.domain.reports import period

    o = registry.office_by_code(store, office)
    p = period(year, month, utc_offset)
    rows = q.list_tickets(store, office=office, start=p.start, end=p.end)
    return {"office": o, "year": year, "month": month, "tickets": rows}
