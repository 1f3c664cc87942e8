"""The price list in the monthly report: services listed, and the month's quotes on and off the list (001 §2.2)."""

from datetime import date

from commscli.domain.reports import DueItem, Figure, Rate, Section
from commscli.store import guide as q


def monthly_section(store, period, ctx) -> Section:
    """Per office: services in force (a search of the partial index guide_services_name) and the quotes accepted
    in the month (a range over tickets_quoted), of which those off the price list."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    listed = {r["office_id"]: r["n"] for r in q.services_in_force(store, list(offices))}
    quotes = {r["office_id"]: r for r in q.month_quote_counts(store, list(offices), period.start, period.end)}
    figures = []
    for oid, code in offices.items():
        mine = quotes.get(oid) or {"quotes": 0, "off_list": 0}
        figures += [
            Figure("fig.services_listed", listed.get(oid, 0), code),
            Figure("fig.quotes", mine["quotes"], code),
            Figure("fig.quotes_off_list", Rate(mine["off_list"] or 0, mine["quotes"]), code),
        ]
    return Section("section.guide", figures=figures)


def due_items(store, day: date, ctx) -> list[DueItem]:
    return []
