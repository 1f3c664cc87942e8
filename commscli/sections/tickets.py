"""Tickets and callbacks in the monthly report and in `report due`."""

from datetime import date, timedelta

from commscli import clock
from commscli.domain import callbacks as cb_rules
from commscli.domain import tickets as rules
from commscli.domain.reports import DueItem, Figure, Section, Table, rate
from commscli.store import callbacks as cq
from commscli.store import tickets as q


def _weeks_of_month(period) -> list[str]:
    """ISO weeks whose Thursday falls in the month (SPEC §8)."""
    d = period.first_day
    out = []
    while d < period.next_first_day:
        if d.isoweekday() == 4:
            out.append(cb_rules.week_of(d))
        d += timedelta(days=1)
    return out


def monthly_section(store, period, ctx) -> Section:
    now = clock.fmt(ctx.now)
    f = rules.month_figures(q.tickets_in(store, period.start, period.end, ctx.office), now)
    samples = cq.samples_in(store, _weeks_of_month(period), ctx.office)
    sampled = sum(s["size"] for s in samples)
    sample_done = 0
    for s in samples:
        sample_done += sum(1 for c in cq.sample_callbacks(store, s["id"]) if c["state"] == "done")
    done = cq.callbacks_done_in(store, period.start, period.end, ctx.office)
    sat_n, sat_d = cb_rules.satisfaction_rate([c["satisfaction"] for c in done])
    c = f["complaints"]
    sla_rows = []
    for p in ("urgent", "high", "normal"):
        s = f["sla"][p]
        decided = s["met"] + s["breached"]
        sla_rows.append([f"priority.{p}", sum(s.values()), s["met"], s["breached"], s["open"] + s["overdue"],
                         _pct(s["met"], decided)])
    by_cb_kind = {}
    for cb in done:
        k = by_cb_kind.setdefault(cb["kind"], [0, 0, 0])
        k[0] += 1
        if cb["satisfaction"]:
            k[2] += 1
            k[1] += cb["satisfaction"] in cb_rules.SATISFIED
    return Section("section.tickets", figures=[
        Figure("fig.tickets", f["total"] - f["cancelled"]),
        Figure("fig.tickets_open", f["open"]),
        Figure("fig.complaints_replied", rate(f["complaints_replied"], c), f["complaints_replied"], c),
        Figure("fig.complaints_analysed", rate(f["complaints_analysed"], c), f["complaints_analysed"], c),
        Figure("fig.complaints_escalated", f["complaints_escalated"]),
        Figure("fig.reworked", rate(f["reworked"], f["repairs"]), f["reworked"], f["repairs"]),
        Figure("fig.re_repairs", f["re_repairs"]),
        Figure("fig.reopened", f["reopened"]),
        Figure("fig.deferral_breaches", f["deferral_breaches"]),
        Figure("fig.callback_sample", rate(sample_done, sampled), sample_done, sampled),
        Figure("fig.satisfaction", rate(sat_n, sat_d), sat_n, sat_d),
    ], tables=[
        Table("table.by_kind", ["col.kind", "col.count"], [[f"kind.{k}", n] for k, n in sorted(f["by_kind"].items())]),
        Table("table.by_category", ["col.category", "col.count"],
              [[f"category.{k}", n] for k, n in sorted(f["by_category"].items())]),
        Table("table.by_channel", ["col.channel", "col.count"],
              [[f"channel.{k}", n] for k, n in sorted(f["by_channel"].items())]),
        Table("table.sla", ["col.priority", "col.repairs", "col.on_time", "col.late", "col.not_arrived", "col.on_time_rate"],
              sla_rows),
        Table("table.callbacks", ["col.callback_kind", "col.done", "col.satisfied", "col.graded"],
              [[f"callback.{k}", *v] for k, v in sorted(by_cb_kind.items())]),
    ])


def _pct(n, d) -> str:
    return "—" if not d else f"{100 * n / d:.1f}% ({n}/{d})"


def _detail(*parts) -> str:
    return " ".join(p for p in parts if p)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Open tickets and callbacks falling due before ``ctx.horizon``; names and phones masked unless
    ``ctx.show_personal`` (the clerk calls from this list)."""
    from commscli.render import mask_name, mask_phone

    show = ctx.show_personal
    horizon = ctx.horizon  # exclusive: `report due --within N` asks up to N days ahead, and everything past
    items = []
    for t in q.list_tickets(store, overdue_at=horizon, office=ctx.office):
        step = "reply" if t["state"] == "resolved" else ("arrive" if t["kind"] == "repair" else "resolve")
        items.append(DueItem(due=t["open_due"], what=f"due.ticket_{step}", record=f"tickets/{t['id']}", office=t["office"],
                             detail=_detail(f"{t['building'] or ''}{t['room'] or ''}",
                                            mask_name(t["household_name"] or t["caller_name"], show),
                                            mask_phone(t["household_phone"] or t["caller_phone"], show),
                                            (t["description"] or "")[:20]),
                             params={"kind": t["kind"]}))
    for c in cq.list_callbacks(store, due_before=horizon, office=ctx.office):
        items.append(DueItem(due=c["due_at"], what=f"due.callback_{c['kind']}", record=f"callbacks/{c['id']}", office=c["office"],
                             detail=_detail(f"{c['building'] or ''}{c['room'] or ''}", mask_name(c["name"], show),
                                            mask_phone(c["phone"], show), f"#{c['ticket_id']}" if c["ticket_id"] else ""),
                             params={"kind": c["kind"], "owed_by": c["owed_by"]}))
    return items
