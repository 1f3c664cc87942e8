"""Callbacks (回访): open one, cancel one, record its result, draw the weekly sample, new residents (SPEC §2).

The one place a callback opens (``open_callback``) and is cancelled (``cancel_callback``): tickets, surveys and
the registry call these. A callback's finding that a repaired defect persists opens the re-repair through the
ticket action ``services.tickets.open_rework``.
"""

import random
from datetime import date, datetime, time, timedelta

from commscli import clock
from commscli.domain import callbacks as rules
from commscli.errors import InputError, RuleError
from commscli.labels import Msg, moment, word
from commscli.services import required_reason
from commscli.store import callbacks as q
from commscli.store import records, registry
from commscli.store import tickets as tq


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _callback(
    ctx,
    at: str,
    *,
    office_id,
    kind,
    due: datetime | str,
    ticket_id=None,
    household_id=None,
    sample_id=None,
    owed_by="office",
) -> tuple[dict, dict]:
    """A callback's row and its creation event's ``after``, as every callback opens."""
    due_text = due if isinstance(due, str) else clock.fmt(due)
    row = dict(
        office_id=office_id,
        kind=kind,
        ticket_id=ticket_id,
        household_id=household_id,
        sample_id=sample_id,
        owed_by=owed_by,
        due_at=due_text,
        created_at=at,
        created_by=ctx.by,
    )
    return row, {"kind": kind, "ticket_id": ticket_id, "due_at": due_text, "owed_by": owed_by}


def open_callback(store, ctx, *, at: str, **callback) -> int:
    """Every callback opens here (``callback``: office_id, kind, due, and ticket_id, household_id,
    sample_id, owed_by when given): the row, and its creation event. Returns its id."""
    row, after = _callback(ctx, at, **callback)
    cid = q.insert_callback(store, row)
    records.log(store, ctx, "callbacks", cid, "create", at, after=after)
    return cid


def open_callbacks(store, ctx, callbacks: list[dict], *, at: str) -> list[int]:
    """Callbacks opened together (``callbacks``: each ``open_callback``'s keyword arguments but ``at``): as
    ``open_callback`` opens each, their rows in one statement and their creation events in another."""
    if not callbacks:
        return []
    made = [_callback(ctx, at, **c) for c in callbacks]
    ids = q.insert_callbacks(store, list(made[0][0]), [tuple(row.values()) for row, _ in made])
    records.log_many(
        store, ctx, "callbacks", "create", at, [(i, after) for i, (_, after) in zip(ids, made, strict=True)]
    )
    return ids


def open_ticket_callback(store, ctx, t: dict, kind: str, *, at: str, due: datetime | str, **more) -> int:
    """A callback about ticket ``t``: the ticket's office and household (``more``: sample_id, owed_by)."""
    return open_callback(
        store,
        ctx,
        office_id=t["office_id"],
        kind=kind,
        ticket_id=t["id"],
        household_id=t["household_id"],
        at=at,
        due=due,
        **more,
    )


def cancel_callback(store, ctx, c: dict, at: str, reason: str, why: str | None = None):
    """Every cancel of a callback: the state, its reason, and an event with who, when and why."""
    q.update_callback(store, c["id"], {"state": "cancelled", "cancel_reason": reason})
    records.log(
        store,
        ctx,
        "callbacks",
        c["id"],
        "cancel",
        at,
        before={"state": "open"},
        after={"state": "cancelled"},
        reason=why or reason,
    )


def cancel_open(store, ctx, tid, kind, at, reason):
    """Cancel a ticket's open callbacks of one kind (the ticket closed or was cancelled)."""
    for c in q.open_callbacks(store, tid, kind):
        cancel_callback(store, ctx, c, at, reason)


def draw_sample(
    store,
    ctx,
    week: str,
    seed: int | None,
    office: str | None,
    redraw: bool,
    reason: str | None,
    at: str,
    caller: str | None = None,
) -> list[dict]:
    """Per office, a random share (rounded up) of the week's dispatch orders (维修派工单, 004: the repairs first
    dispatched that ISO week). ``caller``: the person the company designates to make the calls (公司专人), an
    active staff member of the office, who then owes the sample's callbacks (else the office owes them)."""
    monday, next_monday = rules.iso_week(week)
    week = rules.week_of(monday)
    tz = ctx.now.tzinfo
    start = datetime.combine(monday, time(), tzinfo=tz)
    end = datetime.combine(next_monday, time(), tzinfo=tz)
    if end > ctx.now or end > _dt(at):
        raise RuleError(Msg("err.week_not_ended", end=moment(clock.fmt(end))), "--week", week)
    if redraw:
        reason = required_reason(reason)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    offices = [registry.office_by_code(store, office)] if office else registry.offices(store)
    if caller is not None:
        caller = caller.strip()
        for o in offices:
            if caller not in registry.staff_names(store, o["id"]):
                raise InputError(Msg("err.not_staff", office=o["code"]), "--caller", caller)
    out = []
    for o in offices:
        existing = q.active_sample(store, o["id"], week)
        if existing and not redraw:
            raise RuleError(Msg("err.sample_exists", office=o["code"], seed=existing["seed"]), "--week", week)
        if existing:
            q.retire_sample(store, existing["id"], reason)
            for c in q.sample_callbacks(store, existing["id"]):
                if c["state"] == "open":
                    cancel_callback(store, ctx, c, at, "sample redrawn", f"sample redrawn: {reason}")
            records.log(
                store,
                ctx,
                "callback_samples",
                existing["id"],
                "redraw",
                at,
                before={"seed": existing["seed"]},
                reason=reason,
            )
        population = tq.repairs_dispatched(store, o["id"], clock.fmt(start), clock.fmt(end))
        chosen = rules.draw(population, ctx.policy.callback_sample_share, seed)
        sid = q.insert_sample(
            store,
            dict(
                office_id=o["id"],
                week=week,
                seed=seed,
                share=ctx.policy.callback_sample_share,
                population=len(population),
                size=len(chosen),
                ticket_ids=chosen,
                caller=caller,
                drawn_at=at,
                drawn_by=ctx.by,
            ),
        )
        due = _dt(at) + timedelta(days=ctx.policy.callback_sample_days)
        for tid in chosen:
            open_ticket_callback(
                store, ctx, tq.ticket(store, tid), "sample", sample_id=sid, at=at, due=due, owed_by=caller or "office"
            )
        records.log(
            store,
            ctx,
            "callback_samples",
            sid,
            "draw",
            at,
            after={
                "week": week,
                "seed": seed,
                "population": len(population),
                "ticket_ids": chosen,
                **({"caller": caller} if caller else {}),
            },
        )
        out.append(
            {
                "id": sid,
                "office": o["code"],
                "week": week,
                "seed": seed,
                "population": len(population),
                "size": len(chosen),
                "ticket_ids": chosen,
                "caller": caller,
            }
        )
    return out


def record_callback(
    store, ctx, cid, method: str, result: str, satisfaction: str | None, defect_persists: bool, at: str
) -> dict:
    from commscli.services.tickets import open_rework  # a ticket action: tickets call callbacks, not the reverse

    c = q.callback(store, cid)
    if c["state"] != "open":
        raise RuleError(Msg("err.callback_state", state=word("cb_state", c["state"])), "callback", f"#{cid}")
    if at < c["created_at"]:
        raise RuleError(Msg("err.before_callback", at=moment(c["created_at"])), "--at", at)
    if not (result or "").strip():
        raise InputError(Msg("err.say_result"), "--result", result or "")
    changes = {
        "state": "done",
        "done_at": at,
        "method": method,
        "result": result.strip(),
        "satisfaction": satisfaction,
        "defect_persists": int(defect_persists),
        "recorded_by": ctx.by,
    }
    t = tq.ticket(store, c["ticket_id"]) if c["ticket_id"] else None
    if defect_persists:
        if t is None or t["kind"] != "repair":
            raise InputError(Msg("err.persists_repair_callback"), "--defect-persists", True)
        changes["rework_ticket_id"] = open_rework(
            store,
            ctx,
            t,
            at=at,
            channel="visit" if method == "visit" else "hotline",
            description=f"返修（原单 #{t['id']}）：{result.strip()}",
            source=f"callbacks/{cid}",
            field="--defect-persists",
            value=True,
        )
    q.update_callback(store, c["id"], changes)
    records.log(store, ctx, "callbacks", c["id"], "record", at, before={"state": "open"}, after=changes)
    if c["kind"] == "major_check" and t is not None and t["state"] not in ("closed", "cancelled"):
        due = rules.due("major_check", _dt(at), ctx.policy)
        open_ticket_callback(store, ctx, t, "major_check", at=at, due=due)
    return q.callback(store, cid)


def new_resident_callbacks(store, ctx, at: str) -> list[int]:
    """A household whose move-in date is recorded gets a callback due within a month of it (001 §1.4.4).

    Households that moved in during the last two months and have none yet get one; older
    move-ins (a registry brought from another system) do not.
    """
    from dateutil.relativedelta import relativedelta

    today = ctx.now.date()
    since = (today - relativedelta(months=2)).isoformat()
    dues: dict = {}  # move-in date → due (an import brings many households of one day)
    opened = []
    for h in q.move_ins_without_callback(store, since):
        due = dues.get(h["move_in"])
        if due is None:
            moved = datetime.combine(date.fromisoformat(h["move_in"]), time(), tzinfo=ctx.now.tzinfo)
            due = dues[h["move_in"]] = clock.fmt(rules.due("new_resident", moved, ctx.policy))
        opened.append(dict(office_id=h["office_id"], kind="new_resident", household_id=h["id"], due=due))
    return open_callbacks(store, ctx, opened, at=at)  # one statement for them all, and one for their events
