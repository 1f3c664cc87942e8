"""Notices in the monthly report and in `report due` (SPEC §3, §6)."""

from datetime import date, datetime

from commscli import clock
from commscli.domain import notices as rules
from commscli.domain.reports import DueItem, Figure, Section, Table
from commscli.store import notices as q
from commscli.store import registry


def monthly_section(store, period, ctx) -> Section:
    """Per office: notices told in the month, lead-time breaches (recorded only as emergencies), emergencies,
    withdrawals and notices told one to one (counted, never named); by kind; the emergencies with their reasons."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    groups = q.month_notice_groups(store, list(offices), period.start, period.end, rules.ONE_TO_ONE)
    emergencies = q.month_emergencies(store, list(offices), period.start, period.end)
    figures, by_kind = [], []
    for oid, code in offices.items():
        mine = [g for g in groups if g["office_id"] == oid]

        def total(column, rows=mine):
            return sum(r[column] or 0 for r in rows)

        figures += [
            Figure("fig.notices", total("n"), code),
            Figure("fig.notice_breaches", total("breaches"), code),
            Figure("fig.notice_emergencies", total("emergencies"), code),
            Figure("fig.notice_withdrawn", total("withdrawn"), code),
            Figure("fig.notice_one_to_one", total("one_to_one"), code),
        ]
        by_kind += [
            [code, f"notice_kind.{g['kind']}", g["n"], g["breaches"] or 0, g["emergencies"] or 0, g["withdrawn"] or 0]
            for g in sorted(mine, key=lambda g: list(rules.KIND.values).index(g["kind"]))
        ]
    return Section(
        "section.notices",
        figures=figures,
        tables=[
            Table(
                "table.notices_by_kind",
                ["col.office", "col.notice_kind", "col.count", "col.breaches", "col.emergencies", "col.withdrawn"],
                by_kind,
                keys=2,
            ),
            Table(
                "table.notice_emergencies",
                ["col.office", "col.date", "col.notice_kind", "col.reason", "col.count"],
                [
                    [offices[e["office_id"]], e["day"], f"notice_kind.{e['kind']}", e["reason"], e["n"]]
                    for e in emergencies
                ],
                keys=4,
            ),
        ],
    )


LOBBY_KINDS = tuple(k for k in rules.KIND.values if k not in rules.ONE_TO_ONE)


def due_items(store, day: date, ctx) -> list[DueItem]:
    """Publicity to refresh (at least monthly), notices recorded but not posted yet whose start is near, and
    one-to-one notices whose households are not all told (counted, never named), and the results notice of a
    survey whose results were posted without one."""
    items = []
    for o in registry.offices(store):
        if ctx.office and o["code"] != ctx.office:
            continue
        last = q.last_of_kind(store, o["id"], "publicity")
        due = rules.refresh_due(datetime.fromisoformat(last["posted_at"]), ctx.policy) if last else ctx.now
        items.append(
            DueItem(
                due=clock.fmt(due),
                what="due.notice_publicity",
                record=f"notices/{last['id']}" if last else "notices",
                office=o["code"],
                owner="notice_issuer.cs",  # customer service keeps the publicity board
            )
        )
    # planned, not posted: starting from now to the horizon (once started, its lead time was judged when recorded)
    for n in q.unposted(store, clock.fmt(ctx.now), ctx.horizon, ctx.office, LOBBY_KINDS):
        items.append(
            DueItem(
                due=n["due_by"] or n["effective_from"],
                what="due.notice_post",
                record=f"notices/{n['id']}",
                office=n["office"],
                detail=n["title"][:20],
                owner=f"notice_issuer.{n['issuer']}",
            )
        )
    # one to one (lost property, contracts): households not told yet, due by the notice's deadline (a day)
    for n in q.untold(store, ctx.horizon, ctx.office):
        items.append(
            DueItem(
                due=n["due_by"],
                what="due.notice_tell",
                record=f"notices/{n['id']}",
                office=n["office"],
                params={"n": n["untold"]},
                owner="notice_issuer.cs",  # customer service tells each household
            )
        )
    # survey results posted without a notice naming the survey (before it is posted, the survey room lists it)
    for s in q.results_unnoticed(store, ctx.horizon, ctx.office):
        items.append(
            DueItem(
                due=s["results_due"],
                what="due.notice_results",
                record=f"surveys/{s['id']}",
                office=s["office"],
                params={"season": s["season"]},
                owner="notice_issuer.cs",
            )
        )
    return items
