"""Meetings in the monthly report and in `report due` (SPEC §4, §6)."""

from datetime import date, datetime, time, timedelta

from commscli import clock
from commscli.domain import meetings as rules
from commscli.domain.reports import DueItem, Figure, Rate, Section, Table
from commscli.store import meetings as q
from commscli.store import registry


def _required(store, ctx, offices: dict, first: date, last: date) -> dict:
    """office id → type → the cadence slots whose day lies in [first, last] (rules over the calendar, no rows)."""
    from commscli.services.meetings import cadence, hq_office_id

    hq = hq_office_id(store, ctx.policy)
    out = {}
    for oid in offices:
        types, runs = cadence(store, ctx.policy, oid, oid == hq)
        out[oid] = {k: rules.slots(k, first, last, ctx.policy, ctx.calendar, runs) for k in types}
    return out


def monthly_section(store, period, ctx) -> Section:
    """Per office: meetings held, the cadence's meetings held against those required (per type), agendas sent on
    time (board, president's office), meetings flagged, planned and cancelled."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    first = datetime.fromisoformat(period.start).date()
    last = datetime.fromisoformat(period.end).date() - timedelta(days=1)
    groups = q.month_meeting_groups(store, list(offices), period.start, period.end)
    required = _required(store, ctx, offices, first, last)
    types = sorted({k for per in required.values() for k in per})
    keys = sorted({s.key for per in required.values() for slots in per.values() for s in slots})
    filled = {(r["office_id"], r["type"]): r["n"] for r in q.held_in_slots(store, list(offices), types, keys)}
    figures, by_type = [], []
    for oid, code in offices.items():
        mine = {g["type"]: g for g in groups if g["office_id"] == oid}
        rows = list(mine.values())

        def total(column, rows=rows):
            return sum(r[column] or 0 for r in rows)

        need = {k: len(v) for k, v in required[oid].items()}
        met = {k: min(filled.get((oid, k), 0), n) for k, n in need.items()}
        figures += [
            Figure("fig.meetings_held", total("held"), code),
            Figure("fig.meetings_cadence", Rate(sum(met.values()), sum(need.values())), code),
            Figure("fig.meeting_agendas_on_time", Rate(total("agendas_on_time"), total("agendas")), code),
            Figure("fig.meetings_flagged", total("flagged"), code),
            Figure("fig.meetings_planned", total("planned"), code),
            Figure("fig.meetings_cancelled", total("cancelled"), code),
        ]
        for kind in rules.TYPE.values:
            g = mine.get(kind)
            if g is None and not need.get(kind):
                continue
            g = g or {}
            by_type.append(
                [
                    code,
                    f"meeting_type.{kind}",
                    g.get("held") or 0,
                    Rate(met.get(kind, 0), need.get(kind, 0)),
                    Rate(g.get("agendas_on_time") or 0, g.get("agendas") or 0),
                    g.get("cancelled") or 0,
                ]
            )
    return Section(
        "section.meetings",
        figures=figures,
        tables=[
            Table(
                "table.meetings_by_type",
                [
                    "col.office",
                    "col.meeting_type",
                    "col.held",
                    "col.cadence_met",
                    "col.agendas_on_time",
                    "col.cancelled",
                ],
                by_type,
                keys=2,
            )
        ],
    )


def due_items(store, day: date, ctx) -> list[DueItem]:
    """A cadence meeting neither held nor planned, from ``meeting_due_lookback_days`` before ``day`` to the
    horizon: due by the end of its window. The weekly STOP analysis is said by the STOP section instead (a week
    with planned cards and no analysis held by its day, with who holds it)."""
    from commscli.services.meetings import hq_office_id

    tz = ctx.now.tzinfo
    first = day - timedelta(days=ctx.policy.meeting_due_lookback_days)
    last = datetime.fromisoformat(ctx.horizon).date() - timedelta(days=1) if ctx.horizon else day
    hq = hq_office_id(store, ctx.policy)
    items = []
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        for kind in rules.types_for(ctx.policy, o["id"] == hq):
            if kind == "stop_analysis":
                continue
            for s in rules.slots(kind, first, last, ctx.policy, ctx.calendar):
                lo = clock.fmt(datetime.combine(s.first, time(), tzinfo=tz))
                hi = clock.fmt(datetime.combine(s.last + timedelta(days=1), time(), tzinfo=tz))
                if q.filling(store, o["id"], kind, s.dept, lo, hi, s.key) is None:
                    items.append(
                        DueItem(
                            due=clock.fmt(datetime.combine(s.last, time(23, 59, 59), tzinfo=tz)),
                            what="due.meeting_cadence",
                            record="meetings",
                            office=o["code"],
                            detail=f"{s.first.isoformat()}–{s.last.isoformat()}",  # the window (no code words)
                            params={"type": f"meeting_type.{kind}", "dept": f"dept.{s.dept}" if s.dept else ""},
                            owner=f"dept.{s.dept}" if s.dept else "role.manager",  # who calls it
                        )
                    )
    return items
