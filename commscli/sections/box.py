"""The suggestion box in the monthly report (openings, items found, tickets made) and in `report due` (a box not
opened within ``box_open_days`` of its last opening)."""

from datetime import date

from commscli.domain import box as rules
from commscli.domain.reports import DueItem, Figure, Section
from commscli.store import box as q


def monthly_section(store, period, ctx) -> Section:
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    rows = {r["office_id"]: r for r in q.month_box_counts(store, list(offices), period.start, period.end)}
    figures = []
    for oid, code in offices.items():
        mine = rows.get(oid) or {}
        figures += [
            Figure("fig.box_openings", mine.get("openings") or 0, code),
            Figure("fig.box_found", mine.get("found") or 0, code),
            Figure("fig.box_tickets", mine.get("tickets") or 0, code),
        ]
    return Section("section.box", figures=figures)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Per office whose box has been opened at least once (the register starts with its first opening): the next
    opening, due ``box_open_days`` after the last one."""
    items = []
    for r in q.last_openings(store, ctx.office):
        due = rules.next_due(r["last_opened"], ctx.policy.box_open_days)
        if due is not None and (ctx.horizon is None or due < ctx.horizon):
            items.append(
                DueItem(
                    due=due,
                    what="due.box_open",
                    record="box_openings",
                    office=r["office"],
                    params={"last": r["last_opened"][:10]},
                    owner="dept.customer_service",  # 002: the office opens and sorts its box
                )
            )
    return items
