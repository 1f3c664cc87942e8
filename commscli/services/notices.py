"""Notice steps: record (with the lead-time checks), post, tell a household, confirm, withdraw (SPEC §3)."""

import json
from datetime import datetime

from commscli.domain import notices as rules
from commscli.errors import InputError, RuleError
from commscli.labels import Both, Msg
from commscli.services import number_form, required_reason
from commscli.store import notices as q
from commscli.store import records, registry


def judgement(ctx, kind: str, facts, found: list) -> dict:
    """The columns a notice stores of how it was judged (at the desk and on import alike): its deadline, the
    policy values it was judged by, its breaches."""
    return dict(
        due_by=rules.due_by(facts, ctx.policy, ctx.calendar),
        rules=records.dump({k: getattr(ctx.policy, k) for k in rules.policy_keys(kind, found)}),
        breaches=records.dump([b.to_dict() for b in found]),
        breach=int(bool(found)),
    )


def _kind(kind: str) -> Both:
    return Both(rules.KIND.name(kind, "zh"), rules.KIND.name(kind, "en"))


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def new_notice(store, ctx, data: dict) -> int:
    """Record a notice. ``data``: office, kind, title, body, effective_from; optional effective_to, posted_at
    (default: now), dept_notified_at, since, issuer, advice, households (ids), survey (season), ticket (a major
    complaint whose company-wide notice this is: issuer company, linked by the ticket's step), emergency, reason. A breach of its kind's rules is refused unless it is an emergency with a reason."""
    office = registry.office_by_code(store, data["office"])
    kind = data["kind"]
    start, end = data["effective_from"], data.get("effective_to")
    if end and end <= start:
        raise InputError(Msg("err.notice_period"), "--effective-to", end)
    if kind == "pest" and not end:
        raise InputError(Msg("err.notice_pest_end"), "--effective-to", None)
    posted = data.get("posted_at") or ctx.recorded_at
    since = data.get("since")
    survey = None
    if data.get("survey"):
        if kind != "survey_results":
            raise InputError(Msg("err.notice_survey_kind"), "--survey", data["survey"])
        from commscli.store import surveys as sq

        survey = sq.survey(store, office["id"], data["survey"])
        if survey is None:
            raise InputError(Msg("err.notice_no_survey"), "--survey", data["survey"])
        if not survey["analysed_at"]:
            raise RuleError(Msg("err.notice_survey_unanalysed"), "--survey", data["survey"])
        since = since or survey["analysed_at"]
    households = list(dict.fromkeys(data.get("households") or ()))
    if kind in rules.ONE_TO_ONE and not households:
        raise InputError(Msg("err.notice_households", kind=_kind(kind)), "--household", None)
    if households and kind not in rules.ONE_TO_ONE:
        raise InputError(Msg("err.notice_households_only"), "--household", households[0])
    for hid in households:
        h = registry.household(store, hid)
        if h["office"] != office["code"]:
            raise InputError(Msg("err.other_office"), "--household", hid)
    issuer = data.get("issuer") or ("company" if data.get("ticket") else "cs")
    if data.get("ticket"):
        if issuer != "company":
            raise RuleError(Msg("err.notice_not_company"), "--issuer", issuer)
        from commscli.errors import NotFound
        from commscli.store import tickets as tq

        try:
            tq.ticket(store, data["ticket"])
        except NotFound as exc:
            raise NotFound(exc.message, "--ticket", data["ticket"]) from None
    emergency = bool(data.get("emergency"))
    reason = (data.get("reason") or "").strip() or None
    if emergency and not reason:
        raise InputError(Msg("err.notice_reason"), "--reason", data.get("reason") or "")
    facts = rules.Facts(kind, _dt(start), _dt(end), _dt(posted), _dt(data.get("dept_notified_at")), _dt(since))
    found = rules.breaches(facts, ctx.policy, ctx.calendar)
    if found and not emergency:
        rules.refuse(found, kind)
    row = dict(
        office_id=office["id"],
        kind=kind,
        issuer=issuer,
        title=data["title"],
        body=data["body"],
        advice=data.get("advice"),
        effective_from=start,
        effective_to=end,
        posted_at=posted,
        dept_notified_at=data.get("dept_notified_at"),
        since=since,
        **judgement(ctx, kind, facts, found),
        emergency=int(emergency),
        reason=reason,
        survey_id=survey["id"] if survey else None,
        ticket_id=None,  # linked by the ticket's step (below), which checks the ticket
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    nid = q.insert(store, "notices", row)
    after = {k: v for k, v in row.items() if k not in ("created_at", "created_by") and v is not None}
    after["rules"], after["breaches"] = json.loads(row["rules"]), json.loads(row["breaches"])
    records.log(store, ctx, "notices", nid, "create", posted, after=after, reason=reason)
    for hid in households:
        q.insert(store, "notice_households", {"notice_id": nid, "household_id": hid})
    number_form(store, ctx, office["id"], "notice", "notices", nid, posted)  # 通知单
    if data.get("ticket"):
        from commscli.services import tickets

        tickets.company_notice(store, ctx, data["ticket"], nid, posted)
    if survey and not survey["results_posted_at"]:
        from commscli.services import surveys

        surveys.post_results(store, ctx, office["code"], survey["season"], at=posted)
    return nid


def post(
    store,
    ctx,
    notice_id: int,
    *,
    buildings: list | None = None,
    households: list | None = None,
    method: str | None = None,
    signs: bool = False,
    at: str,
) -> dict:
    """Where, how and when the notice was given. A lobby notice: every building of the office unless named,
    posted unless another method is said. A one-to-one notice (lost property, contract): never a lobby; each
    household addressed (all not yet told unless named) is told by the method said (phone, SMS, WeChat)."""
    n = q.notice(store, notice_id)
    if n["withdrawn_at"]:
        raise RuleError(Msg("err.notice_withdrawn", at=n["withdrawn_at"]), "ID", notice_id)
    if signs and n["kind"] not in rules.SIGNS:
        raise InputError(Msg("err.notice_signs"), "--signs", True)
    rows = []
    if n["kind"] in rules.ONE_TO_ONE:
        method = method or "posted"  # the default is a lobby, which a one-to-one notice refuses: say how
        if buildings or method == "posted":
            field, value = ("--building", buildings[0]) if buildings else ("--method", method)
            raise RuleError(Msg("err.notice_no_lobby", kind=_kind(n["kind"])), field, value)
        addressed = {h["household_id"]: h for h in q.households(store, notice_id)}
        for hid in households or ():
            if hid not in addressed:
                raise InputError(Msg("err.notice_not_addressed"), "--household", hid)
        chosen = households or [hid for hid, h in addressed.items() if not h["told_at"]] or list(addressed)
        for hid in chosen:
            rows.append({"household_id": hid, "building": None, "method": method})
            q.tell(store, notice_id, hid, at, method)
    else:
        if households:
            raise InputError(Msg("err.notice_households_only"), "--household", households[0])
        office = registry.office(store, n["office_id"])
        known = office["buildings"] or []
        for b in buildings or ():
            if b not in known:
                raise InputError(Msg("err.notice_building", buildings="、".join(known)), "--building", b)
        for b in buildings or known or [None]:
            rows.append({"household_id": None, "building": b, "method": method or "posted"})
    for r in rows:
        q.insert(
            store,
            "notice_postings",
            {**r, "notice_id": notice_id, "at": at, "signs": int(signs), "created_by": ctx.by},
        )
    if not n["first_posting_at"]:
        q.update(store, "notices", notice_id, {"first_posting_at": at})
    records.log(
        store,
        ctx,
        "notices",
        notice_id,
        "post",
        at,
        after={
            "method": rows[0]["method"] if rows else method,
            "buildings": [r["building"] for r in rows if r["building"]],
            "households": len([r for r in rows if r["household_id"]]),  # counted, never named in the event
            "signs": signs,
        },
    )
    return {**q.notice(store, notice_id), "posted_now": len(rows)}


def confirm(store, ctx, notice_id: int, household_id: int, at: str) -> dict:
    """A contract change: the household confirmed (003 §4.2 item 10: 双方确认)."""
    n = q.notice(store, notice_id)
    if n["kind"] != "contract":
        raise RuleError(Msg("err.notice_confirm_contract"), "ID", notice_id)
    if n["withdrawn_at"]:
        raise RuleError(Msg("err.notice_withdrawn", at=n["withdrawn_at"]), "ID", notice_id)
    if not q.addressed(store, notice_id, household_id):
        raise InputError(Msg("err.notice_not_addressed"), "--household", household_id)
    q.confirm(store, notice_id, household_id, at)
    records.log(store, ctx, "notices", notice_id, "confirm", at, after={"household_id": household_id})
    return q.notice(store, notice_id)


def withdraw(store, ctx, notice_id: int, reason: str, at: str) -> dict:
    """End a notice early; it stays on record (notices are never deleted)."""
    n = q.notice(store, notice_id)
    if n["withdrawn_at"]:
        raise RuleError(Msg("err.notice_withdrawn", at=n["withdrawn_at"]), "ID", notice_id)
    why = required_reason(reason)
    q.update(store, "notices", notice_id, {"withdrawn_at": at, "withdraw_reason": why})
    records.log(store, ctx, "notices", notice_id, "withdraw", at, reason=why)
    return q.notice(store, notice_id)


def link_ticket(store, ctx, notice_id: int, ticket: dict, at: str, field: str = "--notice") -> str:
    """Link a company notice to the ticket whose company-wide notice it is; its number (or #id) for the ticket.
    Refused: another issuer, another office, withdrawn, or already the notice of another ticket."""
    from commscli.errors import NotFound
    from commscli.store import forms

    try:
        n = q.notice(store, notice_id)
    except NotFound as exc:
        raise NotFound(exc.message, field, notice_id) from None
    if n["issuer"] != "company":
        raise RuleError(Msg("err.notice_not_company"), field, notice_id)
    if n["office_id"] != ticket["office_id"]:
        raise InputError(Msg("err.other_office"), field, notice_id)
    if n["withdrawn_at"]:
        raise RuleError(Msg("err.notice_withdrawn", at=n["withdrawn_at"]), field, notice_id)
    if n["ticket_id"] and n["ticket_id"] != ticket["id"]:
        raise RuleError(Msg("err.notice_linked", ticket=n["ticket_id"]), field, notice_id)
    if not n["ticket_id"]:
        q.update(store, "notices", n["id"], {"ticket_id": ticket["id"]})
        records.log(store, ctx, "notices", n["id"], "link", at, after={"ticket_id": ticket["id"]})
    number = forms.number(store, "notice", "notices", n["id"])
    return number["number"] if number else f"#{n['id']}"


def details(store, notice_id: int) -> dict:
    from commscli.services import history

    return {
        "notice": q.notice(store, notice_id),
        "postings": q.postings(store, notice_id),
        "households": q.households(store, notice_id),
        "events": history(store, "notices", notice_id),
    }


def form_data(store, notice_id: int) -> dict:
    """What the notice form shows: the notice, its number, the office (name, phone, seal lines). Never a
    resident's name or phone: a one-to-one notice names the household by building and room only."""
    from commscli.store import forms

    n = q.notice(store, notice_id)
    office = registry.office(store, n["office_id"])
    return {
        "notice": n,
        "number": forms.number(store, "notice", "notices", notice_id),
        "office": {k: office.get(k) for k in ("code", "name", "phone", "address", "cs_seal", "company_seal")},
        "households": [{"building": h["building"], "room": h["room"]} for h in q.households(store, notice_id)],
        "signs": n["kind"] in rules.SIGNS,
    }
