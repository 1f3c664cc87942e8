"""Report contributors: each capability adds one module name to SECTIONS. The contract:

A module offers ``monthly_section(store, period, ctx) -> Section`` and
``due_items(store, day, ctx) -> list[DueItem]`` (dataclasses of ``commscli.domain.reports``).
``report monthly`` and ``report due`` only gather: ``monthly`` hands each section to
``present``, which shows the totals of all offices first and, with two or more offices, a
table of every figure per office.

1. Figures add up. A Figure's value is an int count or a ``Rate(numerator, denominator)``,
   never a float and never a date; every Figure names its ``office``. A ``Table``'s first
   ``keys`` columns name the row (label keys, office codes, dates); its other cells are ints or
   Rates. Per-office tables have the office as a key column. ``reports.merge`` adds sections of
   several offices or stores (rates from summed numerators and denominators), so a company
   rollup is ``present(merge(sections))``: ``rollup`` below, for ``report monthly --db A --db B …``.
2. Figures are computed in SQL. ``monthly_section`` calls query functions of ``commscli.store``
   that return aggregates (COUNT / SUM(...) GROUP BY office_id, ...) over the month's rows,
   selecting only the columns they need; a section never loads the month's rows into Python
   and never decodes a JSON column per row. It only assembles Figures and Tables, and rules
   (which grade is "satisfied", which states are open) come from ``commscli.domain`` as values.
3. A month's query is an index range search: it names its offices
   (``store.records.in_offices``, all of them when no --office is given) and a time range over
   an index on (office_id, time). tests/test_month_queries.py EXPLAINs every statement the
   report runs and fails on a SCAN of a record table; registry totals over the whole store are
   marked ``@whole_store``. ``due_items`` stays O(open items) through partial indexes.

A section with one count, one rate and one table, per office::

    def monthly_section(store, period, ctx) -> Section:
        offices = office_ids(store, ctx)                       # {office id: code}
        rows = q.month_notice_counts(store, list(offices), period.start, period.end)
        # SELECT n.office_id, n.kind, COUNT(*) AS posted, SUM(n.read_at IS NOT NULL) AS read
        #   FROM notices n WHERE n.office_id IN (?, ?) AND n.posted_at >= ? AND n.posted_at < ?
        #   GROUP BY n.office_id, n.kind
        figures, table = [], []
        for oid, code in offices.items():
            mine = [r for r in rows if r["office_id"] == oid]
            posted = sum(r["posted"] for r in mine)
            figures += [Figure("fig.notices", posted, code),
                        Figure("fig.notices_read", Rate(sum(r["read"] for r in mine), posted), code)]
            table += [[code, f"notice.{r['kind']}", r["posted"], Rate(r["read"], r["posted"])] for r in mine]
        return Section("section.notices", figures, [
            Table("table.notices", ["col.office", "col.kind", "col.count", "col.read"], table, keys=2)])

Titles, column names and note keys are label keys (``commscli.labels``), so the same section
renders in zh-CN and English.

How ``report monthly`` reads (issue 15): the sections in READ_FIRST, then any other section in SECTIONS order,
then READ_LAST (the registry last); a note whose key is in STORE_NOTES speaks of the store, not of the month's
figures, and goes to the report's footnotes; the key figures (关键指标) are the figure keys of KEY_FIGURES
(commscli.sections.keyfigures), a key no section offers is skipped.
"""

from datetime import date
from importlib import import_module

from commscli.context import Context
from commscli.domain.reports import Report, classify, present, seconds_left

SECTIONS = [
    "commscli.sections.registry",
    "commscli.sections.tickets",
    "commscli.sections.tasks",
    "commscli.sections.visits",
    "commscli.sections.guide",
    "commscli.sections.box",
    "commscli.sections.letters",
    "commscli.sections.notices",
    "commscli.sections.meetings",
    "commscli.sections.resolutions",
    "commscli.sections.appeals",
    "commscli.sections.mailbox",
    "commscli.sections.info",
    "commscli.sections.stop",
]

# the order a manager reads the monthly report; a section in neither list comes between them, in SECTIONS order
READ_FIRST = [
    "commscli.sections.tickets",
    "commscli.sections.tasks",
    "commscli.sections.visits",
    "commscli.sections.notices",
]
READ_LAST = [
    "commscli.sections.box",
    "commscli.sections.letters",
    "commscli.sections.guide",
    "commscli.sections.registry",
]
# notes about the store (not the month's figures): the report's footnotes
STORE_NOTES = {"note.calendar_missing", "note.calendar_ok"}


def reading_order(names: list | None = None) -> list:
    names = SECTIONS if names is None else names
    first = [n for n in READ_FIRST if n in names]
    last = [n for n in READ_LAST if n in names]
    return first + [n for n in names if n not in first and n not in last] + last


def office_ids(store, ctx: Context) -> dict:
    """office id → code of the offices a report covers (ctx.office alone, else all), by code."""
    from commscli.store import registry

    ids = registry.office_ids(store)
    return {ids[code]: code for code in sorted(ids) if not ctx.office or code == ctx.office}


def modules():
    return [import_module(name) for name in SECTIONS]


def monthly(store, period, ctx: Context, offices: list, raw: list | None = None) -> Report:
    """The month's report of one store. ``raw`` (a list) receives each section as its module made it (figures per
    office, before ``present``): what a company rollup adds up."""
    from commscli.clock import fmt
    from commscli.sections import keyfigures

    report = Report(
        kind="monthly", title="report.monthly", period=period.name, generated_at=fmt(ctx.now), offices=offices
    )
    source = {}  # section key → its module
    for name in reading_order():
        made = import_module(name).monthly_section(store, period, ctx)
        if raw is not None:
            raw.append(made)
        section = present(made)
        source[section.key] = name
        report.notes += [n for n in section.notes if n.key in STORE_NOTES]
        section.notes = [n for n in section.notes if n.key not in STORE_NOTES]
        report.sections.append(section)
    series = keyfigures.trends(store, period, ctx, keyfigures.totals(report.sections))

    def previous_of(keys):
        """Last month's totals of ``keys`` (figures without a trend): only their sections run, for last month."""
        prev = keyfigures.months_to(period, 2)[0]
        names = dict.fromkeys(source[s.key] for s in report.sections for f in s.figures if f.key in keys)
        figures = [f for n in names for f in present(import_module(n).monthly_section(store, prev, ctx)).figures]
        return {f.key: f.value for f in figures if f.office == "" and f.key in keys}

    report.key_figures = keyfigures.key_figures(report.sections, series, previous_of)
    report.trends = [series[k] for k in keyfigures.CHARTED if k in series]
    return report


def rollup(parts: list, left_out: list, month: str, generated_at: str) -> Report:
    """The company rollup of ``parts``: (store name, its Report, its raw sections) per store read, in order.

    The sections of all stores are added up (``merge``: counts summed, rates from summed numerators and
    denominators) and presented with the offices side by side and a total row; key figures and trend points add up
    the same way. An office code found in more than one store is told apart as ``store:code``. ``left_out`` lists
    (store, why) for the stores that could not be read: each becomes a footnote (a problem). With no store read,
    the report of ``month`` holds only its footnotes."""
    from dataclasses import replace

    from commscli.domain.reports import Note, merge

    seen: dict = {}
    for name, rep, _ in parts:
        for code in rep.offices:
            seen.setdefault(code, []).append(name)
    twice = {code for code, names in seen.items() if len(names) > 1}
    reports, grouped = [], {}
    for name, rep, raw in parts:
        rename = {code: f"{name}:{code}" for code in rep.offices if code in twice}
        reports.append(replace(rep, sections=[], offices=[rename.get(o, o) for o in rep.offices]))
        for section in raw:
            grouped.setdefault(section.key, []).append(_renamed(section, rename) if rename else section)
    report = merge(reports) if reports else Report("monthly", "report.monthly", month, generated_at)
    for group in grouped.values():
        section = present(merge(group), total=True)
        section.notes = [n for n in section.notes if n.key not in STORE_NOTES]
        report.sections.append(section)
    names = [name for name, _, _ in parts]
    report.notes.insert(0, Note("note.rollup_stores", {"count": len(names), "stores": ", ".join(names)}))
    report.notes += [Note("note.store_left_out", {"store": str(path), "why": why}, "problem") for path, why in left_out]
    return report


def _renamed(section, rename: dict):
    """``section`` with the office codes of ``rename`` replaced, in its figures and its tables' office column."""
    from dataclasses import replace

    from commscli.domain.reports import Figure, Table

    figures = [Figure(f.key, f.value, rename.get(f.office, f.office)) for f in section.figures]
    tables = []
    for t in section.tables:
        at = t.columns.index("col.office") if "col.office" in t.columns[: t.keys] else None
        rows = [r if at is None else [*r[:at], rename.get(r[at], r[at]), *r[at + 1 :]] for r in t.rows]
        tables.append(Table(t.key, list(t.columns), rows, t.keys))
    return replace(section, figures=figures, tables=tables)


def who(value, prefixes=("role", "dept")) -> str:
    """A due item's owner from a stored value: a role or department code as its label key (``engineering`` →
    ``role.engineering``), anything else (a staff name) as written; "" for none."""
    from commscli.labels import LABELS

    if not value:
        return ""
    return next((f"{p}.{value}" for p in prefixes if f"{p}.{value}" in LABELS), str(value))


def owner_matches(owner: str, wanted: str) -> bool:
    """``--owner``: a staff member's name exactly as written; a role or department (an owner that is a label key,
    ``role.supervisor``) by its code (``supervisor``), its key, or its name in either language (客服主管, any case)."""
    from commscli.labels import LABELS

    wanted = wanted.strip()
    if not owner or not wanted:
        return False
    if owner == wanted:
        return True
    if owner not in LABELS:
        return False
    names = {owner, owner.split(".", 1)[1], *LABELS[owner]}
    return wanted.casefold() in {n.casefold() for n in names}


def due(store, day: date, ctx: Context, offices: list, horizon_days: int = 3, owner: str | None = None) -> Report:
    from dataclasses import replace
    from datetime import date as date_
    from datetime import datetime, time, timedelta

    from commscli.clock import fmt

    # the reference moment: now when the list is for today, else the start of that day
    ref = ctx.now if day == ctx.now.date() else datetime.combine(day, time(), tzinfo=ctx.now.tzinfo)
    try:
        end = day + timedelta(days=horizon_days + 1)
    except OverflowError:
        end = date_.max
    ctx = replace(ctx, horizon=fmt(datetime.combine(end, time(), tzinfo=ctx.now.tzinfo)))
    items = []
    for mod in modules():
        items.extend(classify(i, day, horizon_days, fmt(ref)) for i in mod.due_items(store, day, ctx))
    items = [i for i in items if i.state != "later"]
    if owner is not None:
        items = [i for i in items if owner_matches(i.owner, owner)]
    for i in items:  # to the deadline (a date's to its end) from the reference moment: the list's order
        i.seconds_left = seconds_left(i.due, ref)
    items.sort(key=lambda i: (i.seconds_left, i.what, i.record))
    return Report(
        kind="due", title="report.due", period=day.isoformat(), generated_at=fmt(ctx.now), offices=offices, due=items
    )
