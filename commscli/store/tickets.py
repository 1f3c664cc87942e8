"""Tickets: rows in, rows out. SQL only; no rules. (Callbacks and their samples: store/callbacks.py.)"""

import json

from commscli.store.records import by_id, dump, in_offices, insert_row, keyed, update_row

TICKET_SELECT = (
    "SELECT t.*, o.code AS office, h.building, h.room, h.name AS household_name, h.phone AS household_phone"
    " FROM tickets t JOIN offices o ON o.id = t.office_id LEFT JOIN households h ON h.id = t.household_id"
)


# What migration m012 computes of each ticket for the month's figures (virtual generated columns, held in
# the index tickets_month): not part of a ticket as commands show it.
MONTH_COLUMNS = (
    "sla_due",
    "sla_verdict",
    "is_replied",
    "is_analysed",
    "is_escalated",
    "is_reworked",
    "is_re_repair",
    "is_reopened",
    "is_deferral_breach",
    "has_promise",
    "is_promise_kept",
    "is_promise_broken",
    "promise_open_due",
)


def _ticket(row):
    if row is None:
        return None
    for key in MONTH_COLUMNS:
        row.pop(key, None)
    for key in ("sla", "corrective"):
        if row.get(key):
            row[key] = json.loads(row[key])
    return row


def ticket(store, ticket_id) -> dict:
    return _ticket(by_id(store, TICKET_SELECT + " WHERE t.id = ?", ticket_id, "ticket"))


def ticket_by_ref(store, office_id: int, ref: str):
    return store.one("SELECT id FROM tickets WHERE office_id = ? AND ref = ?", (office_id, ref))


def ticket_by_natural_key(store, office_id: int, household_id, reported_at: str, kind: str, description: str):
    return store.one(
        "SELECT id FROM tickets WHERE office_id = ? AND household_id IS ? AND reported_at = ? AND kind = ?"
        " AND description = ?",
        (office_id, household_id, reported_at, kind, description),
    )


_KEYS = (  # a ticket's natural keys: (tag, the key's columns, how a stored ticket matches them)
    ("ref", "o, ref", "t.office_id = k.o AND t.ref = k.ref"),
    (
        "nat",
        "o, h, at, kind, d",
        "t.office_id = k.o AND t.household_id IS k.h AND t.reported_at = k.at AND t.kind = k.kind AND t.description = k.d",
    ),
)


def _by_key(store, refs: list[tuple], natural: list[tuple], picked: str = "", where: str = ""):
    """(tag, the key, the row's ``picked`` columns) of the stored tickets matching ``refs`` ((office_id, ref))
    and ``natural`` ((office_id, household_id, reported_at, kind, description)): one indexed look per key, a
    few hundred keys a statement (the keys drive the join, as in registry.rows_by_key), in ticket id order."""
    for (tag, names, match), keys in zip(_KEYS, (refs, natural), strict=True):
        width = len(names.split(", "))
        sql = f"SELECT DISTINCT k.*{picked} FROM k CROSS JOIN tickets t ON {match}{where}{' ORDER BY t.id' if picked else ''}"
        for row in keyed(store, keys, names, sql):
            yield tag, row[:width], row[width:]


def tickets_by_key(store, refs: list[tuple], natural: list[tuple]) -> set:
    """The keys among ``refs`` and ``natural`` (see ``_by_key``) that a stored ticket has, as ("ref", …) and
    ("nat", …) tuples."""
    return {(tag, *key) for tag, key, _ in _by_key(store, refs, natural)}


def insert_tickets(store, rows: list[dict]) -> tuple:
    """Insert tickets of identical keys in one executemany; the first and last id."""
    from commscli.store.registry import insert_rows

    columns = list(rows[0])
    texts: dict = {}  # a JSON column's few distinct values (the policy's numbers), each dumped once

    def cell(column, value):
        if column not in ("sla", "corrective") or value is None:
            return value
        try:
            key = (column, *value.items())
            hit = texts.get(key)
        except (AttributeError, TypeError):  # not a dict of plain values
            return dump(value)
        if hit is None:
            hit = texts[key] = dump(value)
        return hit

    order, json_at = tuple(columns), [(i, c) for i, c in enumerate(columns) if c in ("sla", "corrective")]
    values = []
    for r in rows:
        row = list(r.values()) if tuple(r) == order else [r[c] for c in columns]
        for i, c in json_at:
            row[i] = cell(c, row[i])
        values.append(row)
    return insert_rows(store, "tickets", columns, values)


def encode(values: dict) -> dict:
    return {k: (dump(v) if k in ("sla", "corrective") else v) for k, v in values.items()}


def insert_ticket(store, values: dict) -> int:
    return insert_row(store, "tickets", encode(values))


def update_ticket(store, ticket_id: int, changes: dict):
    update_row(store, "tickets", ticket_id, encode(changes))


# The SLA verdict of a repair, written once in SQL: the monthly figures and `ticket list --breached`
# use it; commscli.domain.tickets.sla_state is the same rule for one ticket in Python, and
# tests/test_sla_agreement.py checks that the two agree over generated tickets. The verdict of a ticket
# whose clock has stopped (met, breached, cancelled; '' for other kinds) and the deadline in force are
# generated columns (migration m015_tickets_month_index, where the rule is written); only a running clock
# is judged here. It binds ONE parameter, now (it only tells "open" from "overdue").
SLA_STATE = "COALESCE(t.sla_verdict, CASE WHEN ? > t.sla_due THEN 'overdue' ELSE 'open' END)"


def sla_states(store, ticket_ids: list[int], now: str) -> dict:
    """ticket id → its SLA verdict by SLA_STATE (the agreement test compares it with the domain's)."""
    marks = ", ".join("?" for _ in ticket_ids)
    return dict(
        store.execute(f"SELECT t.id, {SLA_STATE} FROM tickets t WHERE t.id IN ({marks})", [now, *ticket_ids]).fetchall()
    )


def list_tickets(
    store,
    *,
    state=None,
    kind=None,
    priority=None,
    office=None,
    start=None,
    end=None,
    overdue_at=None,
    open_only=False,
    breached=False,
    limit=None,
    newest_first=False,
) -> list[dict]:
    """Filters combine. ``overdue_at`` uses the partial index on open_due, so its cost is the
    number of open items, not the size of the store."""
    clauses, params = [], []
    if overdue_at is not None:
        clauses.append("t.open_due IS NOT NULL AND t.open_due < ?")
        params.append(overdue_at)
    if open_only:
        clauses.append("t.state NOT IN ('closed', 'cancelled')")
    for sql, value in (
        ("t.state = ?", state),
        ("t.kind = ?", kind),
        ("t.priority = ?", priority),
        ("o.code = ?", office),
        ("t.reported_at >= ?", start),
        ("t.reported_at < ?", end),
    ):
        if value is not None:
            clauses.append(sql)
            params.append(value)
    if breached:
        clauses.append(f"{SLA_STATE} = 'breached'")
        params.append("")  # now: a breach does not depend on it
    sql = TICKET_SELECT + (" WHERE " + " AND ".join(clauses) if clauses else "")
    sql += (
        " ORDER BY t.open_due, t.id"
        if overdue_at is not None
        else " ORDER BY t.reported_at DESC, t.id DESC"
        if newest_first
        else " ORDER BY t.reported_at, t.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_ticket(r) for r in store.query(sql, params)]


def rework_from(store, parent_id: int, source: str):
    """The re-repair of ``parent_id`` opened by ``source`` (e.g. tickets/12, a complaint), if any."""
    return store.one("SELECT id FROM tickets WHERE parent_id = ? AND source = ?", (parent_id, source))


def month_ticket_groups(store, office_ids: list[int], start: str, end: str, now: str, open_states: tuple) -> list[dict]:
    """The live (not cancelled) tickets reported in [start, end), counted per office, kind,
    category, channel, priority and SLA verdict, with the counts the monthly report needs: one
    index range search over (office_id, reported_at) in the index tickets_month, which holds every
    value read here (the flags computed when each ticket was written); cost by the groups returned
    and the month's index entries, not by rows of the table."""
    where, ids = in_offices("t.office_id", office_ids)
    states = ", ".join("?" for _ in open_states)
    return store.query(
        f"SELECT t.office_id, t.kind, t.category, t.channel, t.priority, {SLA_STATE} AS sla_state, COUNT(*) AS n,"
        f" SUM(t.state IN ({states})) AS open, SUM(t.is_replied) AS replied, SUM(t.is_analysed) AS analysed,"
        " SUM(t.is_escalated) AS escalated, SUM(t.is_reworked) AS reworked, SUM(t.is_re_repair) AS re_repairs,"
        " SUM(t.is_reopened) AS reopened, SUM(t.is_deferral_breach) AS deferral_breaches,"
        " SUM(t.has_promise) AS promises, SUM(t.is_promise_kept) AS promises_kept,"
        " SUM(t.is_promise_broken OR (t.promise_open_due < ?) IS 1) AS promises_broken"
        # named: the planner cannot tell that this index covers the generated columns, and would pick
        # tickets_reported (same prefix, narrower) and read every row of the month from the table
        f" FROM tickets t INDEXED BY tickets_month WHERE {where} AND t.reported_at >= ? AND t.reported_at < ? AND t.state != 'cancelled'"
        " GROUP BY 1, 2, 3, 4, 5, 6",  # sla_state by position: `sla` is also a column
        [now, *open_states, now, *ids, start, end],
    )


def repairs_dispatched(store, office_id: int, start: str, end: str) -> list[int]:
    """The repairs first dispatched in [start, end): the dispatch orders of those days (not cancelled)."""
    return [
        r[0]
        for r in store.execute(
            "SELECT id FROM tickets WHERE office_id = ? AND kind = 'repair' AND dispatched_at >= ?"
            " AND dispatched_at < ? AND state != 'cancelled' ORDER BY id",
            (office_id, start, end),
        )
    ]


def month_dispatch_orders(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per office, the dispatch orders of [start, end): repairs first dispatched then (the partial index
    tickets_repairs_dispatched)."""
    where, ids = in_offices("t.office_id", office_ids)
    return store.query(
        f"SELECT t.office_id, COUNT(*) AS n FROM tickets t WHERE {where} AND t.kind = 'repair'"
        " AND t.dispatched_at >= ? AND t.dispatched_at < ? GROUP BY t.office_id",
        [*ids, start, end],
    )


def open_promises(store, before: str, office: str | None = None) -> list[dict]:
    """Promised answers not yet given, due before ``before`` (the partial index tickets_promise_open)."""
    sql = TICKET_SELECT + (
        " WHERE t.promise_due IS NOT NULL AND t.replied_at IS NULL AND t.promise_due < ? AND t.state != 'cancelled'"
    )
    params = [before]
    if office:
        sql += " AND o.code = ?"
        params.append(office)
    return [_ticket(r) for r in store.query(sql + " ORDER BY t.promise_due, t.id", params)]


def ticket_rows_by_key(store, refs: list[tuple], natural: list[tuple]) -> dict:
    """The stored tickets among ``refs`` ((office_id, ref)) and ``natural`` ((office_id, household_id,
    reported_at, kind, description)), by ("ref", …) or ("nat", …) key: id, ref, kind, household_id,
    reported_at, resolved_at. One indexed look per key, a few hundred keys a statement (as ``tickets_by_key``);
    of tickets alike in every key column (an import holds them as one), the first; cancelled ones are not named."""
    found: dict = {}
    cols = ("id", "ref", "kind", "household_id", "reported_at", "resolved_at")
    picked = "".join(f", t.{c} AS t_{c}" for c in cols)
    for tag, key, row in _by_key(store, refs, natural, picked, " WHERE t.state != 'cancelled'"):
        found.setdefault((tag, *key), dict(zip(cols, row, strict=True)))
    return found
