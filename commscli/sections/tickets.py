"""Tickets and callbacks in the monthly report and in `report due`."""

from collections import Counter
from datetime import date

from commscli import clock
from commscli.domain import callbacks as cb_rules
from commscli.domain import tickets as rules
from commscli.domain.reports import DueItem, Figure, Rate, Section, Table, weeks_of_month
from commscli.store import callbacks as cq
from commscli.store import tickets as q


def monthly_section(store, period, ctx) -> Section:
    """Every figure per office, from aggregate queries over the month (the contract in commscli.sections)."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    groups = q.month_ticket_groups(
        store, list(offices), period.start, period.end, clock.fmt(ctx.now), rules.OPEN_STATES
    )
    cbs = cq.month_callback_groups(store, list(offices), period.start, period.end, cb_rules.SATISFIED)
    samples = {r["office_id"]: r for r in cq.month_sample_counts(store, list(offices), weeks_of_month(period))}
    orders = {r["office_id"]: r["n"] for r in q.month_dispatch_orders(store, list(offices), period.start, period.end)}
    figures = []
    for oid, code in offices.items():
        mine = [g for g in groups if g["office_id"] == oid]
        complaints = [g for g in mine if g["kind"] == "complaint"]
        repairs = sum(g["n"] for g in mine if g["kind"] == "repair")
        done = [c for c in cbs if c["office_id"] == oid]
        sample = samples.get(oid) or {"done": 0, "drawn": 0}

        def total(rows, column):  # SUM over a group of NULLs (callbacks done, none graded) is NULL: 0
            return sum(r[column] or 0 for r in rows)

        sla = Counter()  # (priority, verdict) → repairs
        for g in mine:
            if g["kind"] == "repair":
                sla[(g["priority"] or "normal", g["sla_state"])] += g["n"]

        figures += [
            Figure(key, value, code)
            for key, value in (
                ("fig.tickets", total(mine, "n")),
                ("fig.tickets_open", total(mine, "open")),
                # arrival on time of the repairs whose arrival is decided (on time or late), per priority
                *(
                    (f"fig.sla_{p}", Rate(sla[(p, "met")], sla[(p, "met")] + sla[(p, "breached")]))
                    for p in ("urgent", "high", "normal")
                ),
                ("fig.dispatch_orders", orders.get(oid, 0)),
                ("fig.relayed", sum(g["n"] for g in mine if g["channel"] == "relayed")),
                ("fig.promises", total(mine, "promises")),
                (
                    "fig.promises_kept",
                    Rate(total(mine, "promises_kept"), total(mine, "promises_kept") + total(mine, "promises_broken")),
                ),
                ("fig.complaints_replied", Rate(total(complaints, "replied"), total(complaints, "n"))),
                ("fig.complaints_analysed", Rate(total(complaints, "analysed"), total(complaints, "n"))),
                ("fig.complaints_escalated", total(complaints, "escalated")),
                # closed of the month's complaints (not cancelled: closed is then the one state not open)
                (
                    "fig.complaints_closed",
                    Rate(total(complaints, "n") - total(complaints, "open"), total(complaints, "n")),
                ),
                ("fig.reworked", Rate(total(mine, "reworked"), repairs)),
                ("fig.re_repairs", total(mine, "re_repairs")),
                ("fig.reopened", total(mine, "reopened")),
                ("fig.deferral_breaches", total(mine, "deferral_breaches")),
                ("fig.callback_sample", Rate(sample["done"], sample["drawn"])),
                ("fig.satisfaction", Rate(total(done, "satisfied"), total(done, "graded"))),
            )
        ]

    def count_by(column, prefix):
        n = Counter()
        for g in groups:
            n[g[column]] += g["n"]
        return [[f"{prefix}.{k}", v] for k, v in sorted(n.items())]

    sla = {p: Counter() for p in ("urgent", "high", "normal")}
    for g in groups:
        if g["kind"] == "repair":
            sla[g["priority"] or "normal"][g["sla_state"]] += g["n"]
    sla_rows = [
        [
            f"priority.{p}",
            sum(c.values()),
            c["met"],
            c["breached"],
            c["open"] + c["overdue"],
            Rate(c["met"], c["met"] + c["breached"]),
        ]
        for p, c in sla.items()
    ]
    by_cb_kind = {}
    for c in cbs:
        row = by_cb_kind.setdefault(c["kind"], [0, 0, 0])
        row[0] += c["done"]
        row[1] += c["satisfied"] or 0
        row[2] += c["graded"] or 0
    return Section(
        "section.tickets",
        figures=figures,
        tables=[
            Table("table.by_kind", ["col.kind", "col.count"], count_by("kind", "kind")),
            Table("table.by_category", ["col.category", "col.count"], count_by("category", "category")),
            Table("table.by_channel", ["col.channel", "col.count"], count_by("channel", "channel")),
            Table(
                "table.sla",
                ["col.priority", "col.repairs", "col.on_time", "col.late", "col.not_arrived", "col.on_time_rate"],
                sla_rows,
            ),
            Table(
                "table.callbacks",
                ["col.callback_kind", "col.done", "col.satisfied", "col.graded"],
                [[f"callback.{k}", *v] for k, v in sorted(by_cb_kind.items())],
            ),
        ],
    )


def _detail(row: dict, name, phone, show: bool, *more) -> str:
    """Where and whom the clerk calls (name and phone masked unless ``show``), then ``more``."""
    from commscli.render import mask_name, mask_phone

    parts = (f"{row['building'] or ''}{row['room'] or ''}", mask_name(name, show), mask_phone(phone, show), *more)
    return " ".join(p for p in parts if p)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Open tickets and callbacks falling due before ``ctx.horizon``; names and phones masked unless
    ``ctx.show_personal`` (the clerk calls from this list)."""
    from commscli.sections import who

    show = ctx.show_personal
    horizon = ctx.horizon  # exclusive: `report due --within N` asks up to N days ahead, and everything past
    items = []
    for t in q.list_tickets(store, overdue_at=horizon, office=ctx.office):
        step = "reply" if t["state"] == "resolved" else ("arrive" if t["kind"] == "repair" else "resolve")
        items.append(
            DueItem(
                due=t["open_due"],
                what=f"due.ticket_{step}",
                record=f"tickets/{t['id']}",
                office=t["office"],
                detail=_detail(
                    t,
                    t["household_name"] or t["caller_name"],
                    t["household_phone"] or t["caller_phone"],
                    show,
                    (t["description"] or "")[:20],
                ),
                params={"kind": t["kind"]},
                # whom it went to; the reply, or a ticket not dispatched yet: the clerk who received it
                owner=who(t["received_by"] if step == "reply" else t["dispatched_to"] or t["received_by"]),
            )
        )
    for t in q.open_promises(store, horizon, office=ctx.office):  # an inquiry's promised answer (002 第六条3)
        items.append(
            DueItem(
                due=t["promise_due"],
                what="due.ticket_promise",
                record=f"tickets/{t['id']}",
                office=t["office"],
                detail=_detail(t, None, None, show, (t["description"] or "")[:20]),
                params={"kind": t["kind"]},
                owner=who(t["received_by"]),
            )
        )
    for c in cq.list_callbacks(store, due_before=horizon, office=ctx.office):
        person = c["kind"] == "sample" and c["owed_by"] != "office"  # a sample's designated caller (公司专人)
        items.append(
            DueItem(
                due=c["due_at"],
                what=f"due.callback_{c['kind']}" + ("_by" if person else ""),
                record=f"callbacks/{c['id']}",
                office=c["office"],
                detail=_detail(c, c["name"], c["phone"], show, f"#{c['ticket_id']}" if c["ticket_id"] else ""),
                params={"kind": c["kind"], "owed_by": c["owed_by"]},
                owner=who(c["owed_by"], ("owed_by",)),  # the office, the quality department, or the designated caller
            )
        )
    return items
