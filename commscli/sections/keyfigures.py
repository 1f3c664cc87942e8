"""The monthly report's key figures (关键指标) and their trends over the last 12 months (issue 15).

KEY_FIGURES is a declared list of figure keys: a key figure is the total (all offices) of the section figure of that
key, so a section adds its key by naming it here; a key no section offers (meetings, before they land) is skipped.
TRENDS gives a key its month-by-month series from ONE SQL query over the 12 months (commscli.store.trends), not from
12 report runs; last month's value of a key figure is read from its series. A key figure without a series gets last
month's value from its own section run for last month (only those sections, never the whole report).
CHARTED are the trends the report shows (charts in HTML, a table elsewhere).
"""

from collections import defaultdict

from commscli import clock
from commscli.domain import callbacks as cb_rules
from commscli.domain.reports import KeyFigure, Period, Rate, Trend, period
from commscli.store import trends as q

KEY_FIGURES = [
    "fig.sla_urgent",
    "fig.sla_high",
    "fig.sla_normal",
    "fig.complaints_closed",
    "fig.satisfaction",
    "fig.visits_quota",
    "fig.survey_returns",
    "fig.notice_breaches",
    "fig.minutes_late",  # the meetings section's (issue 13)
    "fig.resolutions_overdue",  # the meetings section's (issue 13)
]
CHARTED = [
    "fig.sla_urgent",
    "fig.sla_high",
    "fig.sla_normal",
    "fig.satisfaction",
    "fig.visits_quota",
    "fig.survey_returns",
]
TREND_MONTHS = 12


def months_to(p: Period, n: int = TREND_MONTHS) -> list[Period]:
    """The ``n`` report months ending with ``p``, the oldest first (periods in p's zone)."""
    offset = p.start[-6:]
    out = []
    year, month = p.year, p.month
    for _ in range(n):
        out.append(period(year, month, offset))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def _sla(store, ids, months, ctx) -> dict:
    rows = q.sla_by_month(store, ids, months[0].start, months[-1].end, clock.fmt(ctx.now))
    out = {f"fig.sla_{p}": defaultdict(lambda: Rate(0, 0)) for p in ("urgent", "high", "normal")}
    for r in rows:
        out[f"fig.sla_{r['priority'] or 'normal'}"][r["month"]] += Rate(r["met"] or 0, r["decided"] or 0)
    return out


def _complaints(store, ids, months, ctx) -> dict:
    rows = q.complaints_by_month(store, ids, months[0].start, months[-1].end)
    return {"fig.complaints_closed": {r["month"]: Rate(r["closed"] or 0, r["n"]) for r in rows}}


def _satisfaction(store, ids, months, ctx) -> dict:
    rows = q.satisfaction_by_month(store, ids, months[0].start, months[-1].end, cb_rules.SATISFIED)
    return {"fig.satisfaction": {r["month"]: Rate(r["satisfied"] or 0, r["graded"] or 0) for r in rows}}


def _visits(store, ids, months, ctx) -> dict:
    """Done: the month's visits; required: the month's active plan, else the quota of today's registry (as the
    visits section works it out for a month without a plan)."""
    from commscli.domain import visits as rules
    from commscli.services.visits import staff_of
    from commscli.store import registry
    from commscli.store import visits as vq

    codes = {v: k for k, v in registry.office_ids(store).items()}
    done = {
        (r["office_id"], r["month"]): r["done"] for r in q.visits_by_month(store, ids, months[0].start, months[-1].end)
    }
    plans = {
        (r["office_id"], r["month"]): r["required"]
        for r in q.plans_by_month(store, ids, months[0].name, months[-1].name)
    }
    out = {}
    for oid in ids:
        unplanned = None
        for m in months:
            required = plans.get((oid, m.name))
            if required is None:
                if unplanned is None:
                    occupied = vq.occupied_by_building(store, oid)
                    unplanned = rules.quota(ctx.policy, occupied, staff_of(store, codes[oid])).required
                required = unplanned
            out[m.name] = out.get(m.name, Rate(0, 0)) + Rate(done.get((oid, m.name), 0), required)
    return {"fig.visits_quota": out}


def _surveys(store, ids, months, ctx) -> dict:
    rows = q.survey_returns_by_month(store, ids, months[0].name, months[-1].name)
    return {"fig.survey_returns": {r["month"]: Rate(r["returns"] or 0, r["target"] or 0) for r in rows}}


def _notices(store, ids, months, ctx) -> dict:
    rows = q.notice_breaches_by_month(store, ids, months[0].start, months[-1].end)
    return {"fig.notice_breaches": {r["month"]: r["breaches"] or 0 for r in rows}}


# (the keys it gives, a function giving each key's {month: value}); a month without a row is 0 (or 0/0)
TRENDS = [
    (("fig.sla_urgent", "fig.sla_high", "fig.sla_normal"), _sla),
    (("fig.complaints_closed",), _complaints),
    (("fig.satisfaction",), _satisfaction),
    (("fig.visits_quota",), _visits),
    (("fig.survey_returns",), _surveys),
    (("fig.notice_breaches",), _notices),
]
RATES = {"fig.sla_urgent", "fig.sla_high", "fig.sla_normal", "fig.complaints_closed", "fig.satisfaction"}
RATES |= {"fig.visits_quota", "fig.survey_returns"}


def trends(store, p: Period, ctx, current: dict | None = None, n: int = TREND_MONTHS) -> dict:
    """key → Trend over the ``n`` months ending with ``p``, for every key of TRENDS. ``current`` (key → the report
    month's total, from its sections) gives the last point where it has every key of a query: that query then reads
    only the months before, not the report month's rows a second time."""
    from commscli.sections import office_ids

    ids = list(office_ids(store, ctx))
    months = months_to(p, n)
    current = current or {}
    out = {}
    for keys, fn in TRENDS:
        known = all(k in current for k in keys)
        by_key = fn(store, ids, months[:-1] if known else months, ctx)
        for key in keys:
            by_month = dict(by_key.get(key, {}))
            if known:
                by_month[months[-1].name] = current[key]
            empty = Rate(0, 0) if key in RATES else 0
            out[key] = Trend(key, [m.name for m in months], [by_month.get(m.name, empty) for m in months])
    return out


def totals(sections: list) -> dict:
    """key → the figure's total of all offices, over presented sections."""
    return {f.key: f.value for s in sections for f in s.figures if f.office == ""}


def key_figures(sections: list, series: dict, previous_of) -> list[KeyFigure]:
    """The KEY_FIGURES the ``sections`` (presented: totals have office "") offer, in KEY_FIGURES order, each with
    last month's value: from its series when it has one, else ``previous_of(keys)`` → {key: value}, called once
    with every key that needs it."""
    now = totals(sections)
    keys = [k for k in KEY_FIGURES if k in now]
    missing = [k for k in keys if k not in series]
    before = previous_of(missing) if missing else {}
    return [KeyFigure(k, now[k], series[k].values[-2] if k in series else before.get(k)) for k in keys]
