"""The information register in the monthly report and in `report due` (SPEC §5, §6)."""

from datetime import date, datetime, time

from commscli.domain import info as rules
from commscli.domain.reports import DueItem, Figure, Section
from commscli.store import info as q


def monthly_section(store, period, ctx) -> Section:
    """Per office: entries logged in the month, external (*), urgent, urgent without their corrective/preventive
    report (as the store stands), external first distributed late."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    rows = {r["office_id"]: r for r in q.month_counts(store, list(offices), period.start, period.end)}
    figures = []
    for oid, code in offices.items():
        r = rows.get(oid) or {}
        figures += [
            Figure("fig.info_entries", r.get("n") or 0, code),
            Figure("fig.info_external", r.get("external") or 0, code),
            Figure("fig.info_urgent", r.get("urgent") or 0, code),
            Figure("fig.info_unreported", r.get("unreported") or 0, code),
            Figure("fig.info_late", r.get("late") or 0, code),
        ]
    return Section("section.info", figures=figures)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """External entries to distribute, urgent ones to send on (at once) or to report on, and weeks with entries
    not reviewed at a meeting (due on the week's meeting day)."""
    items = []
    for e in q.undistributed(store, ctx.horizon, ctx.office):
        items.append(
            DueItem(
                e["distribute_due"],
                "due.info_distribute",
                f"info_entries/{e['id']}",
                e["office"],
                e["source"][:20],
                owner=e["logged_by"] or "",  # who logged it distributes it
            )
        )
    for e in q.unsent(store, ctx.office):
        items.append(
            DueItem(
                e["logged_at"],
                "due.info_send",
                f"info_entries/{e['id']}",
                e["office"],
                e["source"][:20],
                owner=e["logged_by"] or "",
            )
        )
    for e in q.unreported(store, ctx.horizon, ctx.office):
        items.append(
            DueItem(
                e["report_due"],
                "due.info_report",
                f"info_entries/{e['id']}",
                e["office"],
                e["source"][:20],
                owner=e["logged_by"] or "",
            )
        )
    tz = ctx.now.tzinfo
    for w in q.unreviewed_weeks(store, ctx.office):
        meeting = rules.meeting_day(w["week"], ctx.policy, ctx.calendar)
        due = datetime.combine(meeting, time(23, 59, 59), tzinfo=tz).isoformat()
        if ctx.horizon and due >= ctx.horizon:
            continue
        items.append(
            DueItem(
                due,
                "due.info_review",
                "info_weeks",
                w["office"],
                params={"week": w["week"], "n": w["n"]},
                owner="role.manager",  # the weekly meeting's chair
            )
        )
    return items
