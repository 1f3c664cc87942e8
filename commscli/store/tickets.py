"""Tickets: rows in, rows out. SQL only; no rules. (Callbacks and their samples: store/callbacks.py.)"""

import json

from commscli.store.records import by_id, dump, for_office, insert_row, update_row

TICKET_SELECT = (
    "SELECT t.*, o.code AS office, h.building, h.room, h.name AS household_name, h.phone AS household_phone"
    " FROM tickets t JOIN offices o ON o.id = t.office_id LEFT JOIN households h ON h.id = t.household_id"
)


def _ticket(row):
    if row is None:
        return None
    for key in ("sla", "corrective"):
        if row.get(key):
            row[key] = json.loads(row[key])
    return row


def ticket(store, ticket_id) -> dict:
    return _ticket(by_id(store, TICKET_SELECT + " WHERE t.id = ?", ticket_id, "ticket"))


def ticket_by_ref(store, office_id: int, ref: str):
    return store.one("SELECT id FROM tickets WHERE office_id = ? AND ref = ?", (office_id, ref))


def ticket_by_natural_key(store, office_id: int, household_id, reported_at: str, kind: str):
    return store.one("SELECT id FROM tickets WHERE office_id = ? AND household_id IS ? AND reported_at = ? AND kind = ?",
                     (office_id, household_id, reported_at, kind))


def encode(values: dict) -> dict:
    return {k: (dump(v) if k in ("sla", "corrective") else v) for k, v in values.items()}


def insert_ticket(store, values: dict) -> int:
    return insert_row(store, "tickets", encode(values))


def update_ticket(store, ticket_id: int, changes: dict):
    update_row(store, "tickets", ticket_id, encode(changes))


def list_tickets(store, *, state=None, kind=None, priority=None, office=None, start=None, end=None,
                 overdue_at=None, open_only=False, breached=False, limit=None) -> list[dict]:
    """Filters combine. ``overdue_at`` uses the partial index on open_due, so its cost is the
    number of open items, not the size of the store."""
    clauses, params = [], []
    if overdue_at is not None:
        clauses.append("t.open_due IS NOT NULL AND t.open_due < ?")
        params.append(overdue_at)
    if open_only:
        clauses.append("t.state NOT IN ('closed', 'cancelled')")
    for sql, value in (("t.state = ?", state), ("t.kind = ?", kind), ("t.priority = ?", priority),
                       ("o.code = ?", office), ("t.reported_at >= ?", start), ("t.reported_at < ?", end)):
        if value is not None:
            clauses.append(sql)
            params.append(value)
    if breached:
        clauses.append("t.kind = 'repair' AND (COALESCE(t.arrived_at, CASE WHEN t.without_visit THEN t.resolved_at END)"
                       " > COALESCE(CASE WHEN t.deferral_breach = 0 THEN t.deferred_until END, t.arrive_due)"
                       # an arrival clock a reopening ended (sla.history), missed
                       " OR EXISTS (SELECT 1 FROM json_each(t.sla, '$.history') h"
                       " WHERE json_extract(h.value, '$.step') = 'arrive' AND json_extract(h.value, '$.verdict') = 'missed'))")
    sql = TICKET_SELECT + (" WHERE " + " AND ".join(clauses) if clauses else "")
    sql += " ORDER BY t.open_due, t.id" if overdue_at is not None else " ORDER BY t.reported_at, t.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_ticket(r) for r in store.query(sql, params)]


def rework_from(store, parent_id: int, source: str):
    """The re-repair of ``parent_id`` opened by ``source`` (e.g. tickets/12, a complaint), if any."""
    return store.one("SELECT id FROM tickets WHERE parent_id = ? AND source = ?", (parent_id, source))


def tickets_in(store, start: str, end: str, office=None) -> list[dict]:
    """Every ticket reported in [start, end): the month's figures are computed from these."""
    return list_tickets(store, start=start, end=end, office=office)


def repairs_resolved(store, office_id: int, start: str, end: str) -> list[int]:
    return [r[0] for r in store.execute(
        "SELECT id FROM tickets WHERE office_id = ? AND kind = 'repair' AND resolved_at >= ? AND resolved_at < ?"
        " AND state != 'cancelled' ORDER BY id", (office_id, start, end))]
