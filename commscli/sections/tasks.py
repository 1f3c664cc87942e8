"""Hand-offs to departments in the monthly report and in `report due` (000 §五(四)4–5, §五(五)3)."""

from datetime import date

from commscli import clock
from commscli.domain.reports import DueItem, Figure, Rate, Section
from commscli.store import tasks as q


def monthly_section(store, period, ctx) -> Section:
    """Per office, the hand-offs asked in the month: how many, committed by the time asked, reported back by the
    time committed (of those fed back or past that time)."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    rows = {
        r["office_id"]: r
        for r in q.month_task_counts(store, list(offices), period.start, period.end, clock.fmt(ctx.now))
    }
    figures = []
    for oid, code in offices.items():
        r = rows.get(oid) or {"n": 0, "committed_on_time": 0, "fed_back_on_time": 0, "feedback_due": 0}
        figures += [
            Figure("fig.handoffs", r["n"], code),
            Figure("fig.handoffs_committed_on_time", Rate(r["committed_on_time"], r["n"]), code),
            Figure("fig.handoffs_fed_back_on_time", Rate(r["fed_back_on_time"], r["feedback_due"]), code),
        ]
    return Section("section.tasks", figures=figures, tables=[])


def due_items(store, day: date, ctx) -> list[DueItem]:
    """A commitment not given by the time asked; a result not reported back by the time committed."""
    from commscli.sections import who

    items = []
    for k in q.list_tasks(store, due_before=ctx.horizon, office=ctx.office):
        step = "commit" if k["state"] == "asked" else "feedback"
        items.append(
            DueItem(
                due=k["open_due"],
                what=f"due.handoff_{step}",
                record=f"tasks/{k['id']}",
                office=k["office"],
                detail=" ".join(x for x in (f"#{k['ticket_id']}" if k["ticket_id"] else "", k["text"][:20]) if x),
                params={"to": f"dept.{k['to_dept']}"},
                owner=who(k["to_dept"], ("dept",)),  # the department asked commits and reports back
            )
        )
    return items
