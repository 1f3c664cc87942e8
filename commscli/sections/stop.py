"""STOP safety observation in the monthly report and in `report due` (SPEC §5, §6; 004 篇3 §5.4).

Counts only: no figure, table or due item links a card to an observed person (4.7.5); a due item names the
manager, the shift leader or the crew who owes a card."""

from datetime import date, timedelta

from commscli import clock
from commscli.domain import stop as rules
from commscli.domain.reports import DueItem, Figure, Rate, Section, Table
from commscli.store import registry
from commscli.store import stop as q

DUE_DAYS_BACK = 7  # a missed card stays listed a week (until the weekly analysis has seen it)
MEASURE_WEEKS_BACK = 4  # recurring categories without a measure: the last four weeks ended


def monthly_section(store, period, ctx) -> Section:
    """Per office: planned and random cards, the safe share of planned cards, quota slots met, recurring unsafe
    categories (weeks counted whole) and those without a measure, awards; per ISO week: planned cards and the
    quota slots of its days in the month."""
    from commscli.sections import office_ids
    from commscli.services import stop as svc

    offices = office_ids(store, ctx)
    ids = list(offices)
    tz, now = ctx.now.tzinfo, clock.fmt(ctx.now)
    counts = q.counts(store, ids, period.start, period.end)
    weeks = q.week_counts(store, ids, period.start, period.end)
    first, last = period.first_day, period.next_first_day - timedelta(days=1)
    first_monday = first - timedelta(days=first.weekday())
    end_monday = last + timedelta(days=7 - last.weekday())
    recurring = svc.recurring_weeks(store, ids, first_monday, end_monday, ctx.policy, tz)
    measured = q.measured(store, ids, sorted({r["week"] for r in recurring}))
    awards = {r["office_id"]: r["n"] for r in q.month_awards(store, ids, period.start, period.end)}
    figures, week_rows, recurring_rows = [], [], []
    for oid, code in offices.items():
        mine = [r for r in counts if r["office_id"] == oid]
        planned = sum(r["n"] for r in mine if r["planned"])
        safe = sum(r["n"] for r in mine if r["planned"] and r["safe"])
        slots = [s for s in svc.slots(store, ctx, oid, first, last) if s.due < now]  # owed so far
        rec = [r for r in recurring if r["office_id"] == oid]
        unmeasured = [r for r in rec if (oid, r["week"], r["category"]) not in measured]
        figures += [
            Figure("fig.stop_planned", planned, code),
            Figure("fig.stop_random", sum(r["n"] for r in mine if not r["planned"]), code),
            Figure("fig.stop_safe_share", Rate(safe, planned), code),
            Figure("fig.stop_quota", Rate(sum(s.met for s in slots), len(slots)), code),
            Figure("fig.stop_recurring", len(rec), code),
            Figure("fig.stop_unmeasured", len(unmeasured), code),
            Figure("fig.stop_awards", awards.get(oid, 0), code),
        ]
        by_week = {}
        for r in weeks:
            if r["office_id"] == oid and r["planned"]:
                w = by_week.setdefault(r["week"], [0, 0])
                w[0] += r["n"]
                w[1] += r["n"] if r["safe"] else 0
        slot_weeks = {}
        for s in slots:
            w = slot_weeks.setdefault(rules.week_of(date.fromisoformat(s.day)), [0, 0])
            w[0] += s.met
            w[1] += 1
        for week in sorted(set(by_week) | set(slot_weeks)):
            n, ok = by_week.get(week, [0, 0])
            met, owed = slot_weeks.get(week, [0, 0])
            week_rows.append([code, week, n, Rate(ok, n), owed, Rate(met, owed)])
        recurring_rows += [
            [
                code,
                r["week"],
                f"stop_category.{r['category']}",
                r["n"],
                int((oid, r["week"], r["category"]) in measured),
            ]
            for r in rec
        ]
    return Section(
        "section.stop",
        figures=figures,
        tables=[
            Table(
                "table.stop_weeks",
                ["col.office", "col.week", "col.stop_planned", "col.safe_share", "col.stop_required", "col.stop_quota"],
                week_rows,
                keys=2,
            ),
            Table(
                "table.stop_recurring",
                ["col.office", "col.week", "col.stop_category", "col.unsafe", "col.measured"],
                recurring_rows,
                keys=3,
            ),
        ],
    )


def analysis_due(store, ctx, office_id: int, first_monday: date, day: date) -> list[dict]:
    """The weeks from ``first_monday`` to ``day``'s whose weekly analysis is owed and not held (5.4.2): weeks
    with planned cards whose analysis day on the office's cadence (meeting_stop_analysis_weekday, a holiday moved
    to the next working day; a week whose days to Sunday are all holidays has none) lies in its STOP plan's run,
    and no stop_analysis meeting held in the week. Each with its week and its day."""
    from commscli.domain import meetings as mrules
    from commscli.services import stop as svc
    from commscli.services.meetings import stop_runs

    runs = stop_runs(store, office_id)
    if not runs:
        return []
    tz = ctx.now.tzinfo
    end = day + timedelta(days=6 - day.weekday())
    slots = mrules.slots("stop_analysis", first_monday, end, ctx.policy, ctx.calendar, runs)
    if not slots:
        return []
    start, stop = svc.bounds(first_monday, end, tz)
    carded = {r["week"] for r in q.week_counts(store, [office_id], start, stop) if r["planned"]}
    out = []
    for s in slots:
        week = rules.week_of(s.on)
        if week in carded and not svc.held_analyses(store, office_id, week, tz):
            out.append({"week": week, "on": s.on})
    return out


def analysis_holder(store, ctx, office_id: int) -> str:
    """Who holds the weekly analysis (5.4.2 基层队、站主要领导): the office's manager, else the first team's
    leader of its latest STOP plan."""
    managers = q.staff_in_roles(store, office_id, ["manager"])
    if managers:
        return managers[0]["name"]
    plans = q.plans_of(store, office_id)
    if plans:
        p = q.plan(store, office_id, plans[-1]["year"])
        teams = [u for u in q.plan_units(store, p["id"]) if u["kind"] == "team"]
        if teams:
            return teams[0]["leader"]
    return ""


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Cards owed (5.4.1) over the last week up to ``day``, each for its manager, shift leader or crew, due at
    the end of the day or of the shift; recurring unsafe categories of the last weeks ended without a
    measure, due ``stop_measure_days`` after their week; the weekly analysis meeting of a week with planned
    cards not held, due by the end of its day, for the office's manager (the last weeks and this one)."""
    from datetime import datetime, time

    from commscli.services import stop as svc

    items = []
    tz = ctx.now.tzinfo
    monday = day - timedelta(days=day.weekday())
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        for s in svc.slots(store, ctx, o["id"], day - timedelta(days=DUE_DAYS_BACK), day):
            if s.met or (ctx.horizon and s.due >= ctx.horizon):
                continue
            items.append(
                DueItem(
                    due=s.due,
                    what="due.stop_card",
                    record=s.record,
                    office=o["code"],
                    params={"slot": f"stop_slot.{s.kind}", "who": s.who},
                    owner=s.who,  # the manager, the shift leader or the crew
                )
            )
        first = monday - timedelta(days=7 * MEASURE_WEEKS_BACK)
        rec = svc.recurring_weeks(store, [o["id"]], first, monday, ctx.policy, tz)
        measured = q.measured(store, [o["id"]], sorted({r["week"] for r in rec}))
        for r in rec:
            if (o["id"], r["week"], r["category"]) in measured:
                continue
            sunday = rules.iso_week(r["week"])[1] - timedelta(days=1)
            items.append(
                DueItem(
                    due=(sunday + timedelta(days=ctx.policy.stop_measure_days)).isoformat(),
                    what="due.stop_measure",
                    record="stop_weeks",
                    office=o["code"],
                    params={"week": r["week"], "category": f"stop_category.{r['category']}"},
                    owner="role.manager",  # the weekly analysis gives the measure
                )
            )
        owed = analysis_due(store, ctx, o["id"], first, day)
        who = analysis_holder(store, ctx, o["id"]) if owed else ""
        for a in owed:
            due = clock.fmt(datetime.combine(a["on"], time(23, 59, 59), tzinfo=tz))
            if ctx.horizon and due >= ctx.horizon:
                continue
            items.append(
                DueItem(
                    due=due,
                    what="due.stop_analysis",
                    record="meetings",
                    office=o["code"],
                    params={"week": a["week"], "who": who},
                    owner=who or "role.manager",  # the office's manager, else the plan's first team leader
                )
            )
    return items
