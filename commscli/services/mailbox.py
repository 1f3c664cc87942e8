"""The president's mailbox (总裁信箱) and the yearly staff needs survey (员工需求普查), 000 §五(八): record a
letter (anonymous unless it names its writer), its answer (a company document, or face to face by a leader),
the year's survey and the company document that answers it."""

from commscli.domain import mailbox as rules
from commscli.domain.appeals import check_text, when
from commscli.errors import RuleError
from commscli.labels import Msg
from commscli.services.appeals import staff_named
from commscli.store import mailbox as q
from commscli.store import records, registry


def new_letter(store, ctx, *, office: str, sender: str | None, text: str, at: str) -> int:
    o = registry.office_by_code(store, office)
    staff_named(store, o["code"], ctx.by, "--by")
    writer = staff_named(store, o["code"], sender, "--from") if sender is not None else None
    row = dict(
        office_id=o["id"],
        from_staff_id=writer["id"] if writer else None,
        text=check_text(text),
        received_at=at,
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    lid = q.insert(store, "mailbox_letters", row)
    # the event says whether it is signed, never who wrote it
    records.log(store, ctx, "mailbox_letters", lid, "create", at, after={"anonymous": writer is None})
    return lid


def answer(store, ctx, letter_id: int, how: str, text: str, at: str) -> dict:
    m = q.letter(store, letter_id)
    by = staff_named(store, m["office"], ctx.by, "--by")
    rules.check_answer(m, how, by, at)
    changes = {"answered_at": at, "answer_how": how, "answer": check_text(text), "answered_by": by["id"]}
    q.update(store, "mailbox_letters", m["id"], changes)
    records.log(store, ctx, "mailbox_letters", m["id"], "answer", at, after={"how": how})
    return q.letter(store, m["id"])


def view(m: dict, show_personal: bool) -> dict:
    """A letter as people and scripts read it: anonymous, or its writer's name (masked unless --show-personal)."""
    from commscli.render import mask_name

    out = {k: v for k, v in m.items() if k not in ("from_staff_id", "from_name", "answered_by_name")}
    out["anonymous"] = m["from_staff_id"] is None
    out["from"] = mask_name(m["from_name"], show_personal) if m["from_name"] else None
    out["answered_by"] = m["answered_by_name"]
    return out


def hold_survey(store, ctx, *, office: str, year: int, held_at: str, note: str | None) -> dict:
    o = registry.office_by_code(store, office)
    staff_named(store, o["code"], ctx.by, "--by")
    rules.check_year(year, held_at)
    if q.survey(store, o["id"], year):
        raise RuleError(Msg("err.mailbox_survey_held", year=year), "--year", year)
    row = dict(
        office_id=o["id"],
        year=year,
        held_at=held_at,
        note=(note or "").strip() or None,
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    sid = q.insert(store, "staff_needs_surveys", row)
    due = rules.survey_due(year, ctx.policy)
    records.log(
        store,
        ctx,
        "staff_needs_surveys",
        sid,
        "create",
        held_at,
        after={"year": year, "due": due, "late": held_at > due},
    )
    return q.survey(store, o["id"], year)


def answer_survey(store, ctx, *, office: str, year: int, text: str, at: str) -> dict:
    """The company document that answers the survey's common needs."""
    o = registry.office_by_code(store, office)
    staff_named(store, o["code"], ctx.by, "--by")
    s = q.survey(store, o["id"], year)
    if s is None:
        raise RuleError(Msg("err.mailbox_survey_not_held", year=year), "--year", year)
    if s["answered_at"]:
        raise RuleError(Msg("err.mailbox_survey_answered", at=when(s["answered_at"])), "--year", year)
    if at < s["held_at"]:
        raise RuleError(Msg("err.mailbox_before", at=when(s["held_at"])), "--at", at)
    q.update(store, "staff_needs_surveys", s["id"], {"answered_at": at, "answer": check_text(text)})
    records.log(store, ctx, "staff_needs_surveys", s["id"], "answer", at, after={"how": "document"})
    return q.survey(store, o["id"], year)
