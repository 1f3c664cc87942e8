"""Visits and surveys in the monthly report and in `report due`."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from commscli import clock
from commscli.domain import visits as rules
from commscli.domain.reports import DueItem, Figure, Section, Table, rate
from commscli.store import registry
from commscli.store import surveys as sq
from commscli.store import visits as q


def monthly_section(store, period, ctx) -> Section:
    from commscli.services.visits import quota_status

    offices = [ctx.office] if ctx.office else [o["code"] for o in registry.offices(store)]
    quota_rows, role_rows = [], []
    required = done = visitor_visits = 0
    for code in offices:
        s = quota_status(store, ctx, code, period.year, period.month)
        required += s["required"]
        done += s["done"]
        visitor_visits += s["visitor_visits"]
        quota_rows.append([code, s["required"], s["planned"], s["done"], s["unplanned"]])
        role_rows += [[code, f"role.{r['role']}", r["required"], r["planned"], r["done"], r["visitor_visits"]]
                      for r in s["roles"]]
    visits = q.visits_in(store, period.start, period.end, ctx.office)
    items = q.items_in(store, period.start, period.end, ctx.office)
    kinds = Counter(i["kind"] for i in items)
    section = Section("section.visits", figures=[
        Figure("fig.visits_quota", rate(min(done, required), required), done, required),
        Figure("fig.visitor_visits", visitor_visits),  # a visit by two counts twice here, once above
        Figure("fig.visits_refused", sum(1 for v in visits if v["signed"] == 0)),
        Figure("fig.visits_late", sum(1 for v in visits if v["submitted_late"])),
        Figure("fig.visit_items", len(items)),
        Figure("fig.visit_tickets", sum(1 for i in items if i["ticket_id"])),
    ], tables=[
        Table("table.visit_quota", ["col.office", "form.required", "form.planned", "form.done", "form.unplanned"],
              quota_rows),
        Table("table.visit_roles", ["col.office", "col.role", "form.required", "form.planned", "form.done_once",
                                    "form.visitor_visits"], role_rows),
        Table("table.visit_items", ["form.item_kind", "col.count"], [[f"item.{k}", n] for k, n in sorted(kinds.items())]),
    ])
    # one row per office: with two or more offices a bare figure would not say whose it is
    summary_rows, returned, target, surveyed = [], 0, 0, False
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        s = q.summary(store, o["id"], period.name) or {}
        sv = sq.survey(store, o["id"], period.name)
        n = sq.return_count(store, sv["id"]) if sv else 0
        if sv:
            returned, target, surveyed = returned + n, target + sv["target"], True
        summary_rows.append([o["code"], (s.get("completed_at") or "—")[:10], (s.get("approved_at") or "—")[:10],
                             (s.get("completed_late") or 0) + (s.get("approved_late") or 0),
                             _pct(n, sv["target"]) if sv else "—"])
    section.tables.append(Table("table.visit_summaries", ["col.office", "fig.summary_completed",
                                                          "fig.summary_approved", "fig.summary_late",
                                                          "fig.survey_returns"], summary_rows))
    if surveyed:  # the offices' surveys of the month together
        section.figures.append(Figure("fig.survey_returns", rate(returned, target), returned, target))
    return section


def _pct(n: int, d: int) -> str:
    return "—" if not d else f"{100 * n / d:.1f}% ({n}/{d})"


def due_items(store, day: date, ctx) -> list[DueItem]:
    from commscli.services.surveys import analysis_due

    horizon = ctx.horizon  # exclusive: `report due --within N` asks up to N days ahead, and everything past
    items = [DueItem(due=v["submit_due"], what="due.visit_submit", record=f"visits/{v['id']}", office=v["office"],
                     detail=f"{v['building']}{v['room']}") for v in q.unsubmitted(store, horizon, ctx.office)]
    items += [DueItem(due=v["submitted_at"], what="due.visit_review", record=f"visits/{v['id']}", office=v["office"],
                      detail=f"{v['building']}{v['room']}") for v in q.unreviewed(store, ctx.office)]
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        # next month's plan is due by the 1st; last month's summary by the 5th, its approval 2 working days later
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if not q.active_plan(store, o["id"], nxt.strftime("%Y-%m")):
            items.append(DueItem(due=nxt.isoformat(), what="due.visit_plan", record="visit_plans", office=o["code"],
                                 params={"month": nxt.strftime("%Y-%m")}))
        prev = date(day.year, day.month, 1) - timedelta(days=1)
        s = q.summary(store, o["id"], prev.strftime("%Y-%m"))
        if not s or not s["completed_at"]:
            items.append(DueItem(due=rules.summary_due(prev.year, prev.month, ctx.policy).isoformat(),
                                 what="due.visit_summary", record="visit_summaries", office=o["code"],
                                 params={"month": prev.strftime("%Y-%m")}))
    for s in q.summaries_open(store, ctx.office):
        if s["completed_at"]:
            items.append(DueItem(due=s["approve_due"], what="due.visit_approve", record=f"visit_summaries/{s['id']}",
                                 office=s["office"], params={"month": s["month"]}))
    for s in sq.surveys_open(store, ctx.office):
        rec = f"surveys/{s['id']}"
        if not s["closed_at"]:
            items.append(DueItem(due=s["deadline"], what="due.survey_close", record=rec, office=s["office"],
                                 params={"season": s["season"]}))
        if not s["analysed_at"]:
            # known once the return rate is reached, while collection is still open (SPEC §8)
            due = analysis_due(s, ctx.policy)
            if due:
                items.append(DueItem(due=due, what="due.survey_analyse", record=rec, office=s["office"],
                                     params={"season": s["season"]}))
        else:
            items.append(DueItem(due=s["results_due"], what="due.survey_post", record=rec, office=s["office"],
                                 params={"season": s["season"]}))
    return items
