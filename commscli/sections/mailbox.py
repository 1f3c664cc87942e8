"""The president's mailbox and the staff needs survey in the monthly report (letters received and anonymous,
answered by document and face to face, the survey held and answered; no one named) and in `report due` (the
year's survey not held by the end of its month, ``mailbox_survey_month``)."""

from datetime import date

from commscli.domain import mailbox as rules
from commscli.domain.reports import DueItem, Figure, Section
from commscli.store import mailbox as q
from commscli.store import registry


def monthly_section(store, period, ctx) -> Section:
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    ids = list(offices)
    received = {r["office_id"]: r for r in q.month_letter_counts(store, ids, period.start, period.end)}
    answered = q.month_answer_counts(store, ids, period.start, period.end)
    surveys = {r["office_id"]: r for r in q.month_survey_counts(store, ids, period.start, period.end)}
    figures = []
    for oid, code in offices.items():
        r, s = received.get(oid) or {}, surveys.get(oid) or {}
        how = {a["answer_how"]: a["n"] for a in answered if a["office_id"] == oid}
        figures += [
            Figure("fig.mailbox_letters", r.get("received") or 0, code),
            Figure("fig.mailbox_anonymous", r.get("anonymous") or 0, code),
            Figure("fig.mailbox_answered", sum(how.values()), code),
            Figure("fig.mailbox_by_document", how.get("document", 0), code),
            Figure("fig.mailbox_face_to_face", how.get("face_to_face", 0), code),
            Figure("fig.needs_survey_held", s.get("held") or 0, code),
        ]
    return Section("section.mailbox", figures=figures)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Per office: this year's needs survey while it is not recorded (due by the end of the policy month)."""
    year = day.year
    due = rules.survey_due(year, ctx.policy)
    if ctx.horizon is not None and due >= ctx.horizon:
        return []
    items = []
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        if q.survey(store, o["id"], year) is None:
            items.append(
                DueItem(
                    due=due,
                    what="due.needs_survey",
                    record="staff_needs_surveys",
                    office=o["code"],
                    params={"year": year},
                    owner="dept.general_affairs",
                )
            )
    return items
