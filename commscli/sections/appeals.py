"""Staff suggestions and appeals in the monthly report (handed in, answered on time, late, escalated to general
affairs, handled by general affairs on time and late: counted, no one named) and in `report due` (the superior's
answer within the week; general affairs' handling within its week)."""

from datetime import date

from commscli import clock
from commscli.domain import appeals as rules
from commscli.domain.reports import DueItem, Figure, Rate, Section, Table
from commscli.store import appeals as q


def monthly_section(store, period, ctx) -> Section:
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    rows = q.month_appeal_counts(store, list(offices), period.start, period.end, clock.fmt(ctx.now))
    figures, by_kind = [], []
    for oid, code in offices.items():
        mine = [r for r in rows if r["office_id"] == oid]

        def total(column, rows=mine):
            return sum(r[column] or 0 for r in rows)

        n = total("n")
        figures += [
            Figure("fig.appeals", n, code),
            Figure("fig.appeals_on_time", Rate(total("on_time"), n), code),
            Figure("fig.appeals_late", total("late"), code),
            Figure("fig.appeals_escalated", total("escalated"), code),
            Figure("fig.appeals_handled_on_time", Rate(total("handled_on_time"), total("escalated")), code),
            Figure("fig.appeals_handled_late", total("handled_late"), code),
        ]
        by_kind += [
            [code, f"appeal_kind.{r['kind']}", r["n"], r["on_time"] or 0, r["late"] or 0, r["escalated"] or 0]
            for r in sorted(mine, key=lambda r: list(rules.KIND.values).index(r["kind"]))
        ]
    return Section(
        "section.appeals",
        figures=figures,
        tables=[
            Table(
                "table.appeals_by_kind",
                ["col.office", "col.appeal_kind", "col.count", "col.on_time", "col.late", "col.escalated"],
                by_kind,
                keys=2,
            )
        ],
    )


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Each open appeal once: the superior's answer until its week ends, then general affairs' handling."""
    now = clock.fmt(ctx.now)
    items = []
    for a in q.open_appeals(store, ctx.office):
        if not a["answered_at"] and not a["disagreed_at"] and now <= a["answer_due"]:
            due, what = a["answer_due"], "due.appeal_answer"
        else:
            due, what = a["ga_due"], "due.appeal_handle"
        if ctx.horizon is None or due < ctx.horizon:
            items.append(
                DueItem(
                    due=due,
                    what=what,
                    record=f"staff_appeals/{a['id']}",
                    office=a["office"],
                    params={"kind": f"appeal_kind.{a['kind']}"},
                    # by role, no one named (who appealed stays out of the list): the superior, then general affairs
                    owner="owner.superior" if what == "due.appeal_answer" else "dept.general_affairs",
                )
            )
    return items
