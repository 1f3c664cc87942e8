"""Staff suggestions and appeals (职员提议、申诉表, 003 篇2 §4.3): hand one in, the superior's answer, the
employee's disagreement, general affairs' handling. Every person is a staff member of the office, by name."""

from commscli.domain import appeals as rules
from commscli.errors import InputError
from commscli.labels import Msg
from commscli.services import number_form
from commscli.store import appeals as q
from commscli.store import records, registry

FORM = "staff_appeal"


def staff_named(store, office: str, name: str | None, field: str) -> dict:
    """The active staff member of the office called ``name``; refused naming the value otherwise."""
    for s in registry.staff_list(store, office=office, active=True):
        if s["name"] == (name or "").strip():
            return s
    raise InputError(Msg("err.not_staff_member", office=office), field, name)


def new_appeal(store, ctx, *, office: str, kind: str, staff: str, superior: str, text: str, at: str) -> int:
    o = registry.office_by_code(store, office)
    staff_named(store, o["code"], ctx.by, "--by")
    person = staff_named(store, o["code"], staff, "--staff")
    boss = staff_named(store, o["code"], superior, "--to")
    rules.check_people(person, boss)
    text = rules.check_text(text)
    answer_due = rules.answer_due(at, ctx.policy)
    row = dict(
        office_id=o["id"],
        kind=kind,
        staff_id=person["id"],
        superior_id=boss["id"],
        text=text,
        submitted_at=at,
        answer_due=answer_due,
        ga_due=rules.general_affairs_due(answer_due, ctx.policy),
        open_due=answer_due,
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    aid = q.insert(store, "staff_appeals", row)
    used = {"appeal_superior_days": ctx.policy.appeal_superior_days}
    used["appeal_general_affairs_days"] = ctx.policy.appeal_general_affairs_days
    records.log(
        store,
        ctx,
        "staff_appeals",
        aid,
        "create",
        at,
        after={"kind": kind, "answer_due": answer_due, "ga_due": row["ga_due"], "rules": used},
    )
    number_form(store, ctx, o["id"], FORM, "staff_appeals", aid, at)  # 职员提议、申诉表
    return aid


def answer(store, ctx, appeal_id: int, text: str, at: str) -> dict:
    """The superior's answer; after the week it is recorded late and the appeal stays with general affairs."""
    a = q.appeal(store, appeal_id)
    by = staff_named(store, a["office"], ctx.by, "--by")
    rules.check_answer(a, by, at)
    text = rules.check_text(text)
    late = not rules.on_time(at, a["answer_due"])
    changes = {"answered_at": at, "answered_by": by["id"], "answer": text, "open_due": a["ga_due"] if late else None}
    q.update(store, "staff_appeals", a["id"], changes)
    records.log(store, ctx, "staff_appeals", a["id"], "answer", at, after={"late": late})
    return q.appeal(store, a["id"])


def disagree(store, ctx, appeal_id: int, text: str, at: str) -> dict:
    """The employee disagrees with the answer: it goes to general affairs, whose week starts that day (an appeal
    answered late is with general affairs already, since the end of the superior's week)."""
    a = q.appeal(store, appeal_id)
    by = staff_named(store, a["office"], ctx.by, "--by")
    rules.check_disagree(a, by, at)
    text = rules.check_text(text)
    ga_due = a["ga_due"] if rules.escalated(a, at) else rules.general_affairs_due(at, ctx.policy)
    changes = {"disagreed_at": at, "disagreement": text, "ga_due": ga_due, "open_due": ga_due}
    q.update(store, "staff_appeals", a["id"], changes)
    records.log(store, ctx, "staff_appeals", a["id"], "disagree", at, after={"ga_due": ga_due})
    return q.appeal(store, a["id"])


def handle(store, ctx, appeal_id: int, text: str, at: str) -> dict:
    """General affairs handles an appeal that came to it."""
    a = q.appeal(store, appeal_id)
    by = staff_named(store, a["office"], ctx.by, "--by")
    rules.check_handle(a, by, at)
    text = rules.check_text(text)
    late = not rules.on_time(at, a["ga_due"])
    q.update(
        store, "staff_appeals", a["id"], {"handled_at": at, "handled_by": by["id"], "handling": text, "open_due": None}
    )
    records.log(store, ctx, "staff_appeals", a["id"], "handle", at, after={"late": late})
    return q.appeal(store, a["id"])


def readers(store, by: str | None) -> dict:
    """office code → the staff member ``by`` names there (``--by`` of a reading command); refused when ``by``
    names no active staff member of any office; empty when no one is named."""
    if not by:
        return {}
    found = {s["office"]: s for s in registry.staff_list(store, active=True) if s["name"] == by.strip()}
    if not found:
        raise InputError(Msg("err.not_staff_anywhere"), "--by", by)
    return found


def view(a: dict, now: str, show: bool) -> dict:
    """An appeal as people and scripts read it: its flags, the employee's name only when ``show``."""
    out = {k: v for k, v in a.items() if k not in ("staff_id", "answered_by_name", "handled_by_name")}
    out.update(rules.flags(a, now))
    out["answered_by"], out["handled_by"] = a["answered_by_name"], a["handled_by_name"]
    out["staff"] = a["staff"] if show else None
    if not show and out.get("created_by") == a["staff"]:  # handed in by the employee: recorded by them
        out["created_by"] = None
    out["person_shown"] = show
    return out


def details(store, appeal_id: int, now: str, by: str | None, show_personal: bool) -> dict:
    from commscli.services import history

    a = q.appeal(store, appeal_id)
    show = show_personal or rules.may_see(a, readers(store, by).get(a["office"]))
    events = history(store, "staff_appeals", appeal_id)
    if not show:  # the employee's own steps (handing in, disagreeing) would name them
        events = [{**e, "by": None} if e["by"] == a["staff"] else e for e in events]
    return {"appeal": view(a, now, show), "events": events}


def listing(
    store, now: str, *, office=None, kind=None, start=None, end=None, open_only=False, by=None, show_personal=False
):
    """The appeals, each with the employee's name only where ``by`` (a staff member of some office, else
    refused) may read it: a reader sees nothing of another office's people."""
    seen_by = readers(store, by)
    rows = q.appeals(store, office=office, kind=kind, start=start, end=end, open_only=open_only)
    return [view(a, now, show_personal or rules.may_see(a, seen_by.get(a["office"]))) for a in rows]


def form_data(store, appeal_id: int, now: str, show_personal: bool) -> dict:
    """The 职员提议、申诉表: its number, the office, the appeal and its steps; the employee's name only with
    --show-personal."""
    from commscli.store import forms

    a = q.appeal(store, appeal_id)
    office = registry.office(store, a["office_id"])
    return {
        "appeal": view(a, now, show_personal),
        "number": forms.number(store, FORM, "staff_appeals", appeal_id),
        "office": {k: office.get(k) for k in ("code", "name")},
        "now": now,
    }
