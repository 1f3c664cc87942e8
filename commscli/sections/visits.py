"""Visits and surveys in the monthly report and in `report due`."""

from collections import Counter
from datetime import date, timedelta

from commscli.domain import visits as rules
from commscli.domain.reports import DueItem, Figure, Rate, Section, Table
from commscli.store import registry
from commscli.store import surveys as sq
from commscli.store import visits as q


def monthly_section(store, period, ctx) -> Section:
    """Every figure per office: aggregate queries over the month, and each office's quota status
    (a few aggregate queries per office: the cost follows the offices, not the visits)."""
    from commscli.sections import office_ids
    from commscli.services.visits import quota_status

    offices = office_ids(store, ctx)
    counts = {r["office_id"]: r for r in q.month_visit_counts(store, list(offices), period.start, period.end)}
    items = q.month_item_counts(store, list(offices), period.start, period.end)
    important = {
        r["office_id"]: r
        for r in sq.month_important_visits(
            store,
            list(offices),
            period.start[:10],
            period.end[:10],
            ctx.policy.survey_important_visit_days,
        )
    }
    yearly = {}
    if ctx.policy.visit_every_household_months:  # 001 §4.1: overdue at the month's end
        last_day = date.fromisoformat(period.end[:10]) - timedelta(days=1)
        before = rules.yearly_since_before(last_day, ctx.policy)
        yearly = {r["office_id"]: r["n"] for r in q.month_yearly_overdue(store, list(offices), period.end, before)}
    figures, quota_rows, role_rows, summary_rows = [], [], [], []
    for oid, code in offices.items():
        s = quota_status(store, ctx, code, period.year, period.month)
        c = counts.get(oid) or {"refused": 0, "late": 0}
        mine = [i for i in items if i["office_id"] == oid]
        figures += [
            Figure(key, value, code)
            for key, value in (
                ("fig.visits_quota", Rate(s["done"], s["required"])),
                ("fig.visitor_visits", s["visitor_visits"]),  # a visit by two counts twice here, once above
                ("fig.visits_refused", c["refused"] or 0),  # SUM over NULLs (none signed or refused): 0
                ("fig.visits_late", c["late"]),
                ("fig.visit_items", sum(i["n"] for i in mine)),
                ("fig.visit_tickets", sum(i["tickets"] for i in mine)),
                # the month's items that asked for feedback, and how many have it by now (003 §4.3.1)
                ("fig.visit_feedback", Rate(sum(i["given"] or 0 for i in mine), sum(i["wanted"] or 0 for i in mine))),
            )
        ]
        if ctx.policy.visit_every_household_months:
            figures.append(Figure("fig.visits_yearly_overdue", yearly.get(oid, 0), code))
        quota_rows.append([code, s["required"], s["planned"], s["done"], s["unplanned"]])
        role_rows += [
            [code, f"role.{r['role']}", r["required"], r["planned"], r["done"], r["visitor_visits"]] for r in s["roles"]
        ]
        # one row per office: dates are table cells beside the office, never figures
        summary = q.summary(store, oid, period.name) or {}
        sv = sq.survey(store, oid, period.name)
        returns = Rate(sq.return_count(store, sv["id"]), sv["target"]) if sv else Rate(0, 0)
        summary_rows.append(
            [
                code,
                (summary.get("completed_at") or "—")[:10],
                (summary.get("approved_at") or "—")[:10],
                (summary.get("completed_late") or 0) + (summary.get("approved_late") or 0),
                returns,
            ]
        )
        if oid in important:  # 004: important customers' home visits that fell due this month
            r = important[oid]
            figures.append(Figure("fig.important_visits", Rate(r["done"] or 0, r["owed"]), code))
        figures.append(Figure("fig.survey_returns", returns, code))  # no survey that month: — (0/0)
    kinds = Counter()
    for i in items:
        kinds[i["kind"]] += i["n"]
    return Section(
        "section.visits",
        figures=figures,
        tables=[
            Table(
                "table.visit_quota",
                ["col.office", "form.required", "form.planned", "form.done", "form.unplanned"],
                quota_rows,
            ),
            Table(
                "table.visit_roles",
                ["col.office", "col.role", "form.required", "form.planned", "form.done_once", "form.visitor_visits"],
                role_rows,
                keys=2,
            ),
            Table(
                "table.visit_items",
                ["form.item_kind", "col.count"],
                [[f"item.{k}", n] for k, n in sorted(kinds.items())],
            ),
            Table(
                "table.visit_summaries",
                [
                    "col.office",
                    "fig.summary_completed",
                    "fig.summary_approved",
                    "fig.summary_late",
                    "fig.survey_returns",
                ],
                summary_rows,
                keys=3,
            ),
        ],
    )


def due_items(store, day: date, ctx) -> list[DueItem]:
    from commscli.services.surveys import analysis_due

    horizon = ctx.horizon  # exclusive: `report due --within N` asks up to N days ahead, and everything past
    items = [
        DueItem(
            due=v["submit_due"],
            what="due.visit_submit",
            record=f"visits/{v['id']}",
            office=v["office"],
            detail=f"{v['building']}{v['room']}",
            owner=v["visitors"][0]["name"] if v["visitors"] else "",  # the visitor submits the record
        )
        for v in q.unsubmitted(store, horizon, ctx.office)
    ]
    items += [
        DueItem(
            due=v["submitted_at"],
            what="due.visit_review",
            record=f"visits/{v['id']}",
            office=v["office"],
            detail=f"{v['building']}{v['room']}",
            owner="role.supervisor",  # the customer-service supervisor reviews it
        )
        for v in q.unreviewed(store, ctx.office)
    ]
    if ctx.policy.visit_every_household_months:
        # 001 §4.1: a household approaching its months unvisited, from visit_yearly_notice_days ahead
        notice = ctx.policy.visit_yearly_notice_days
        last = max(date.fromisoformat(horizon[:10]) - timedelta(days=1), day + timedelta(days=notice))
        for h in q.yearly_candidates(store, rules.yearly_since_before(last, ctx.policy), ctx.office):
            items.append(
                DueItem(
                    due=rules.yearly_due(h["since"], ctx.policy).isoformat(),
                    what="due.visit_yearly",
                    record=f"households/{h['id']}",
                    office=h["office"],
                    detail=f"{h['building']}{h['room']}",
                    params={"months": ctx.policy.visit_every_household_months},
                    notice_days=notice,
                    owner="role.supervisor",  # who plans the visits
                )
            )
    for h in sq.important_unvisited(store, ctx.office):  # 004: 重要客户应登门拜访, after the analysis
        items.append(
            DueItem(
                due=(
                    date.fromisoformat(h["analysed_at"][:10]) + timedelta(days=ctx.policy.survey_important_visit_days)
                ).isoformat(),
                what="due.survey_important_visit",
                record=f"households/{h['id']}",
                office=h["office"],
                detail=f"{h['building']}{h['room']}",
                params={"season": h["season"]},
                owner="role.manager",  # 004: the office's manager calls on an important customer
            )
        )
    for i in q.feedback_owed(store, ctx.office):
        due = rules.feedback_due(i, ctx.policy, ctx.calendar)
        if due is not None:
            items.append(
                DueItem(
                    due=due.isoformat(),
                    what="due.visit_feedback",
                    record=f"visit_items/{i['id']}",
                    office=i["office"],
                    detail=f"{i['building']}{i['room']}" + (f" #{i['ticket_id']}" if i["ticket_id"] else ""),
                    owner=i["visitor"] or "",  # who made the visit gives the feedback
                )
            )
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        # next month's plan is due by the 1st; last month's summary by the 5th, its approval 2 working days later
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if not q.active_plan(store, o["id"], nxt.strftime("%Y-%m")):
            items.append(
                DueItem(
                    due=nxt.isoformat(),
                    what="due.visit_plan",
                    record="visit_plans",
                    office=o["code"],
                    params={"month": nxt.strftime("%Y-%m")},
                    owner="role.supervisor",
                )
            )
        prev = date(day.year, day.month, 1) - timedelta(days=1)
        s = q.summary(store, o["id"], prev.strftime("%Y-%m"))
        if not s or not s["completed_at"]:
            items.append(
                DueItem(
                    due=rules.summary_due(prev.year, prev.month, ctx.policy).isoformat(),
                    what="due.visit_summary",
                    record="visit_summaries",
                    office=o["code"],
                    params={"month": prev.strftime("%Y-%m")},
                    owner="role.supervisor",
                )
            )
    for s in q.summaries_open(store, ctx.office):
        if s["completed_at"]:
            items.append(
                DueItem(
                    due=s["approve_due"],
                    what="due.visit_approve",
                    record=f"visit_summaries/{s['id']}",
                    office=s["office"],
                    params={"month": s["month"]},
                    owner="role.manager",  # the office's manager approves the summary
                )
            )
    for s in sq.surveys_open(store, ctx.office):
        steps = []
        if not s["closed_at"]:
            steps.append(("due.survey_close", s["deadline"]))
        if not s["analysed_at"]:
            # known once the return rate is reached, while collection is still open (SPEC §8)
            due = analysis_due(s, ctx.policy)
            if due:
                steps.append(("due.survey_analyse", due))
        else:
            steps.append(("due.survey_post", s["results_due"]))
        items += [
            DueItem(
                due=due,
                what=what,
                record=f"surveys/{s['id']}",
                office=s["office"],
                params={"season": s["season"]},
                owner="role.supervisor",
            )
            for what, due in steps
        ]
    return items
