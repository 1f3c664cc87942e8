"""The registry section: households, occupancy, staff per role, calendar gaps."""

from datetime import date

from commscli.domain.reports import DueItem, Figure, Note, Rate, Section, Table
from commscli.store import registry as q


def calendar_gaps(calendar, years) -> list[int]:
    return [y for y in years if not calendar.covers(y)]


def monthly_section(store, period, ctx) -> Section:
    """Per office: households, occupancy and staff (registry totals by building and role) and the
    month's move-ins (an index range search over (office_id, move_in))."""
    from commscli.sections import office_ids

    offices = office_ids(store, ctx)
    occ = q.occupancy(store, ctx.office)
    roles = q.staff_per_role(store, ctx.office)
    moved = q.month_move_ins(store, list(offices), period.first_day.isoformat(), period.next_first_day.isoformat())
    figures = []
    for oid, code in offices.items():
        total = sum(r["households"] for r in occ if r["office"] == code)
        occupied = sum(r["occupied"] or 0 for r in occ if r["office"] == code)
        figures += [
            Figure("fig.households", total, code),
            Figure("fig.occupied", occupied, code),
            Figure("fig.occupancy", Rate(occupied, total), code),
            Figure("fig.staff", sum(r["staff"] for r in roles if r["office"] == code), code),
            Figure("fig.move_ins", moved.get(oid, 0), code),
        ]
    section = Section(
        "section.registry",
        figures=figures,
        tables=[
            Table(
                "table.occupancy",
                ["col.office", "col.building", "col.households", "col.occupied"],
                [[r["office"], r["building"], r["households"], r["occupied"]] for r in occ],
                keys=2,
            ),
            Table(
                "table.staff_roles",
                ["col.office", "col.role", "col.staff"],
                [[r["office"], f"role.{r['role']}", r["staff"]] for r in roles],
                keys=2,
            ),
        ],
    )
    years = [period.year, period.year + 1]
    for year in calendar_gaps(ctx.calendar, years):
        section.notes.append(Note("note.calendar_missing", {"year": year}, "warning"))
    covered = [y for y in years if ctx.calendar.covers(y)]
    if covered:
        section.notes.append(Note("note.calendar_ok", {"years": "、".join(map(str, covered))}))
    return section


def due_items(store, day: date, ctx) -> list[DueItem]:
    """A year's holiday schedule is due by its 1 January (the State Council publishes it in autumn)."""
    return [
        DueItem(
            due=date(year, 1, 1).isoformat(),
            what="due.calendar_import",
            record="calendar",
            params={"year": year},
            owner="role.clerk",
        )
        for year in calendar_gaps(ctx.calendar, (day.year, day.year + 1))
    ]
