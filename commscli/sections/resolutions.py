"""Minutes and resolutions in the monthly report and in `report due` (SPEC §4, §6, §8).

Month figures per office (additive counts, SQL aggregates over index ranges):
- meetings held in the month, minutes recorded, distributed on time (first distribution by 23:59:59 of the
  third day after the meeting's day), ``fig.minutes_late`` (distributed after it, or not yet and it has
  passed), conclusions approved;
- resolutions (and motions) opened and done in the month; open at the month's end (or now, for the current
  month) and, of those, ``fig.resolutions_overdue`` (due before that day).
"""

from datetime import date, datetime

from commscli import clock
from commscli.domain.reports import DueItem, Figure, Section
from commscli.store import meetings as mq
from commscli.store import resolutions as q


def monthly_section(store, period, ctx) -> Section:
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    ids = list(offices)
    now = clock.fmt(ctx.now)
    moment = min(period.end, now)  # the month's end, or now for the month still running
    day = datetime.fromisoformat(moment).date().isoformat()
    minutes = {r["office_id"]: r for r in mq.month_minutes(store, ids, period.start, period.end, now)}
    opened = q.month_opened(store, ids, period.start, period.end)
    done = {r["office_id"]: r for r in q.month_done(store, ids, period.start, period.end)}
    still = {r["office_id"]: r for r in q.open_at(store, ids, moment, day)}
    figures = []
    for oid, code in offices.items():
        m, d, s = minutes.get(oid, {}), done.get(oid, {}), still.get(oid, {})
        mine = [r for r in opened if r["office_id"] == oid]
        figures += [
            Figure("fig.meetings_held", m.get("held") or 0, code),
            Figure("fig.minutes_recorded", m.get("minuted") or 0, code),
            Figure("fig.minutes_on_time", m.get("on_time") or 0, code),
            Figure("fig.minutes_late", m.get("late") or 0, code),
            Figure("fig.meetings_approved", m.get("approved") or 0, code),
            Figure("fig.resolutions_opened", sum(r["n"] for r in mine), code),
            Figure("fig.resolutions_done", d.get("n") or 0, code),
            Figure("fig.resolutions_open", s.get("n") or 0, code),
            Figure("fig.resolutions_overdue", s.get("overdue") or 0, code),
        ]
    return Section("section.meeting_minutes", figures=figures)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Minutes to distribute (by their deadline), action plans owed (with the minutes), resolutions due or
    overdue (by their date), approvals pending (by the minutes' deadline), report-backs owed (by the date)."""
    end_day = ctx.horizon[:10]
    items = []
    for m in mq.undistributed(store, ctx.horizon, ctx.office):
        items.append(
            DueItem(
                due=m["minutes_due"],
                what="due.meeting_distribute",
                record=f"meetings/{m['id']}",
                office=m["office"],
                owner=m["owner"] or "role.manager",  # the minute-taker, else the chair
            )
        )
    for m in mq.unapproved(store, ctx.horizon, ctx.office):
        items.append(
            DueItem(
                due=m["minutes_due"],
                what="due.meeting_approve",
                record=f"meetings/{m['id']}",
                office=m["office"],
                owner="role.leadership",  # the president's office (000 §七)
            )
        )
    # action plans owed (with the minutes), resolutions due or overdue, report-backs owed: one item shape
    for rows, what, due, named in (
        (q.plans_owed(store, ctx.horizon, ctx.office), "due.resolution_plan", "minutes_due", True),
        (q.due_open(store, end_day, ctx.office), "due.resolution", "due_on", True),
        (q.report_backs_owed(store, end_day, ctx.office), "due.resolution_report_back", "due_on", False),
    ):
        for r in rows:
            items.append(
                DueItem(
                    due=r[due],
                    what=what,
                    record=f"meeting_resolutions/{r['id']}",
                    office=r["office"],
                    detail=r["text"][:20],
                    params={"owner": r["owner"]} if named else {},
                    owner=r["owner"],
                )
            )
    return items
