"""Information register steps: log an entry, distribute it, send urgent information on, record its
corrective/preventive report, link a week's review at a meeting (SPEC §5; 000 §六). Every ``--by`` is a
registered staff member."""

from datetime import date, datetime

from commscli.domain import info as rules
from commscli.errors import InputError, NotFound, RuleError
from commscli.labels import Msg, word
from commscli.services import number_form
from commscli.store import info as q
from commscli.store import records, registry


def _day(text: str) -> date:
    return datetime.fromisoformat(text).date()


def person(store, name, office_id: int, field: str) -> dict:
    """A registered, active staff member by name or ``#id`` (the office's first); refused naming the value."""
    from commscli.services.meetings import staff

    return staff(store, name, office_id, field)


def _entry(store, entry_id) -> dict:
    return q.entry(store, entry_id)


def _not_before(at: str, e: dict, field: str = "--at"):
    if at < e["logged_at"]:
        raise RuleError(Msg("err.info_before", at=e["logged_at"]), field, at)


def log_entry(store, ctx, data: dict) -> int:
    """Log an entry. ``data``: office, source, text, external, urgent, logged_at. Deadlines computed now and
    stored: external → distribute_due; urgent → report_due. A week already reviewed links the entry to it."""
    office = registry.office_by_code(store, data["office"])
    by = person(store, ctx.by, office["id"], "--by")
    at = data["logged_at"]
    day = _day(at)
    external, urgent = bool(data.get("external")), bool(data.get("urgent"))
    week = rules.week_of(day)
    reviewed = q.review(store, office["id"], week)
    row = dict(
        office_id=office["id"],
        logged_at=at,
        week=week,
        source=data["source"],
        text=data["text"],
        external=int(external),
        urgent=int(urgent),
        logged_by_id=by["id"],
        distribute_due=rules.distribute_due(day, ctx.policy, ctx.calendar).isoformat() if external else None,
        report_due=rules.report_due(day, ctx.policy, ctx.calendar).isoformat() if urgent else None,
        review_id=reviewed["id"] if reviewed else None,
        rules=records.dump({k: getattr(ctx.policy, k) for k in rules.rules_used(external, urgent)}),
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    eid = q.insert(store, "info_entries", row)
    after = {k: v for k, v in row.items() if k not in ("created_at", "created_by", "rules") and v is not None}
    records.log(store, ctx, "info_entries", eid, "create", at, after=after)
    return eid


def distribute(store, ctx, entry_id: int, names: list, at: str) -> dict:
    """Distribute (分发/通报) an entry to staff members; the first distribution after its deadline is late."""
    e = _entry(store, entry_id)
    person(store, ctx.by, e["office_id"], "--by")
    if not names:
        raise InputError(Msg("err.required"), "--to", None)
    _not_before(at, e)
    people = []
    for name in names:
        s = person(store, name, e["office_id"], "--to")
        if s["id"] in {p["id"] for p in people}:
            continue
        if q.distributed_to(store, entry_id, s["id"]):
            raise RuleError(Msg("err.info_distributed_to"), "--to", name)
        people.append(s)
    late = int(bool(e["distribute_due"]) and at[:10] > e["distribute_due"])
    for s in people:
        q.insert(
            store,
            "info_distributions",
            {"entry_id": entry_id, "staff_id": s["id"], "at": at, "late": late, "created_by": ctx.by},
        )
    if not e["distributed_at"]:
        q.update(store, "info_entries", entry_id, {"distributed_at": at, "distributed_late": late})
    records.log(
        store, ctx, "info_entries", entry_id, "distribute", at, after={"to": [p["name"] for p in people], "late": late}
    )
    return q.entry(store, entry_id)


def _receiver(store, role: str, office_id: int) -> dict:
    """The staff member of the role who receives urgent information: the office's own first, else the first
    registered anywhere (the quality department and the management representative are company posts)."""
    found = q.staff_of_role(store, role)
    own = [s for s in found if s["office_id"] == office_id]
    if not (own or found):
        from commscli.labels import Both, label

        said = Both(label(f"role.{role}", "zh"), label(f"role.{role}", "en"))
        raise RuleError(Msg("err.info_no_role", role=said), "ID", None)
    return (own or found)[0]


def send(store, ctx, entry_id: int, at: str) -> dict:
    """Urgent information to the quality department and the management representative: two steps, each
    with its time (a step already recorded keeps its time)."""
    e = _entry(store, entry_id)
    person(store, ctx.by, e["office_id"], "--by")
    if not e["urgent"]:
        raise RuleError(Msg("err.info_not_urgent"), "ID", entry_id)
    if e["quality_at"] and e["rep_at"]:
        raise RuleError(Msg("err.info_sent", at=e["rep_at"]), "ID", entry_id)
    _not_before(at, e)
    changes, after = {}, {}
    for role, key in zip(rules.URGENT_TO, ("quality", "rep"), strict=True):
        if e[f"{key}_at"]:
            continue
        s = _receiver(store, role, e["office_id"])
        changes |= {f"{key}_id": s["id"], f"{key}_at": at}
        after[key] = s["name"]
    q.update(store, "info_entries", entry_id, changes)
    for key, name in after.items():
        records.log(store, ctx, "info_entries", entry_id, f"send_{key}", at, after={"to": name})
    return q.entry(store, entry_id)


def report(store, ctx, entry_id: int, cause: str, measure: str, at: str) -> dict:
    """The corrective/preventive report (纠正预防措施报告) of urgent information; numbered here."""
    e = _entry(store, entry_id)
    by = person(store, ctx.by, e["office_id"], "--by")
    if not e["urgent"]:
        raise RuleError(Msg("err.info_not_urgent"), "ID", entry_id)
    if e["report_at"]:
        raise RuleError(Msg("err.info_reported", at=e["report_at"]), "ID", entry_id)
    for value, field in ((cause, "--cause"), (measure, "--measure")):
        if not (value or "").strip():
            raise InputError(Msg("err.required"), field, value or "")
    _not_before(at, e)
    changes = {"report_at": at, "cause": cause.strip(), "measure": measure.strip(), "reported_by_id": by["id"]}
    q.update(store, "info_entries", entry_id, changes)
    records.log(
        store,
        ctx,
        "info_entries",
        entry_id,
        "report",
        at,
        after={**changes, "late": at[:10] > (e["report_due"] or at[:10])},
    )
    number_form(store, ctx, e["office_id"], "info_corrective", "info_entries", entry_id, at)
    return q.entry(store, entry_id)


def reviewed(store, ctx, week: str, meeting_id: int, at: str) -> dict:
    """The week's entries were reviewed at a held meeting of their office and minuted: link it."""
    from commscli.store import meetings as mq

    monday, _ = rules.iso_week(week)
    key = rules.week_of(monday)
    try:
        m = mq.meeting(store, meeting_id)
    except NotFound as exc:
        raise NotFound(exc.message, "--meeting", meeting_id) from None
    person(store, ctx.by, m["office_id"], "--by")
    if m["state"] != "held":
        raise RuleError(Msg("err.info_meeting_not_held", state=word("meeting_state", m["state"])), "--meeting", m["id"])
    if m["starts_at"][:10] < monday.isoformat():
        raise RuleError(Msg("err.info_meeting_before", week=key), "--meeting", m["id"])
    if not q.list_entries(store, office=m["office"], week=key):
        raise RuleError(Msg("err.info_week_empty", office=m["office"]), "--week", week)
    old = q.review(store, m["office_id"], key)
    if old:
        raise RuleError(Msg("err.info_week_reviewed", meeting=old["meeting_id"]), "--week", week)
    day = rules.meeting_day(key, ctx.policy, ctx.calendar)
    row = dict(
        office_id=m["office_id"],
        week=key,
        meeting_id=m["id"],
        meeting_day=day.isoformat(),
        at=at,
        late=int(m["starts_at"][:10] > day.isoformat()),
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    rid = q.insert(store, "info_reviews", row)
    n = q.mark_reviewed(store, m["office_id"], key, rid)
    records.log(store, ctx, "info_reviews", rid, "create", at, after={**row, "entries": n})
    return {**row, "id": rid, "entries": n, "office": m["office"]}


def details(store, entry_id: int) -> dict:
    from commscli.services import history

    return {
        "entry": q.entry(store, entry_id),
        "distributions": q.distributions(store, entry_id),
        "events": history(store, "info_entries", entry_id),
    }


def form_data(store, entry_id: int) -> dict:
    """The 纠正预防措施报告 of an urgent entry whose report is recorded: the entry, its number, the office."""
    from commscli.store import forms

    e = q.entry(store, entry_id)
    if not e["urgent"]:
        raise RuleError(Msg("err.info_not_urgent"), "ID", entry_id)
    if not e["report_at"]:
        raise RuleError(Msg("err.info_no_report"), "ID", entry_id)
    office = registry.office(store, e["office_id"])
    return {
        "entry": e,
        "number": forms.number(store, "info_corrective", "info_entries", entry_id),
        "office": {k: office.get(k) for k in ("code", "name", "company_seal")},
    }


def register(store, office_code: str, start: str, end: str) -> dict:
    """The month's register (信息交流表): its entries in order, and the weeks they fall in with their review
    (a week with entries and no review is flagged)."""
    office = registry.office_by_code(store, office_code)
    rows = q.register_rows(store, office["id"], start, end)
    weeks = sorted({r["week"] for r in rows})
    reviews = {r["week"]: r for r in q.reviews_between(store, office["id"], weeks[0], weeks[-1])} if weeks else {}
    return {
        "office": {k: office.get(k) for k in ("code", "name")},
        "entries": rows,
        "weeks": [
            {
                "week": w,
                "entries": sum(1 for r in rows if r["week"] == w),
                "meeting_id": reviews[w]["meeting_id"] if w in reviews else None,
                "flagged": w not in reviews,
            }
            for w in weeks
        ],
    }
