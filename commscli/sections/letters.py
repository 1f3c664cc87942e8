"""The letters register in the monthly report: letters in and out, by their date."""

from datetime import date

from commscli.domain.reports import DueItem, Figure, Section
from commscli.store import letters as q


def monthly_section(store, period, ctx) -> Section:
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    rows = {
        r["office_id"]: r
        for r in q.month_letter_counts(
            store, list(offices), period.first_day.isoformat(), period.next_first_day.isoformat()
        )
    }
    figures = []
    for oid, code in offices.items():
        mine = rows.get(oid) or {}
        figures += [
            Figure("fig.letters_in", mine.get("letters_in") or 0, code),
            Figure("fig.letters_out", mine.get("letters_out") or 0, code),
        ]
    return Section("section.letters", figures=figures)


def due_items(store, day: date, ctx) -> list[DueItem]:
    return []
