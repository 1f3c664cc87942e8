"""Tickets, callbacks and callback samples: rows in, rows out. SQL only; no rules."""

import json

from commscli.store.records import _dump, by_id, in_offices, insert_row, update_row

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
    return {k: (_dump(v) if k in ("sla", "corrective") else v) for k, v in values.items()}


def insert_ticket(store, values: dict) -> int:
    return insert_row(store, "tickets", encode(values))


def update_ticket(store, ticket_id: int, changes: dict):
    update_row(store, "tickets", ticket_id, encode(changes))


# The SLA verdict of a repair, written once in SQL: the monthly figures and `ticket list --breached`
# use it; commscli.domain.tickets.sla_state is the same rule for one ticket in Python, and
# tests/test_sla_agreement.py checks that the two agree over generated tickets. It binds ONE
# parameter, now (it only tells "open" from "overdue"). Other kinds classify as ''.
SLA_DONE = "COALESCE(t.arrived_at, CASE WHEN t.without_visit THEN t.resolved_at END)"
SLA_DUE = "COALESCE(CASE WHEN NOT t.deferral_breach THEN t.deferred_until END, t.arrive_due)"
SLA_STATE = (f"(CASE WHEN t.kind != 'repair' THEN ''"
             f" WHEN t.arrive_missed_before THEN 'breached'"  # on a clock a reopening ended
             f" WHEN {SLA_DONE} IS NOT NULL THEN CASE WHEN {SLA_DONE} <= {SLA_DUE} THEN 'met' ELSE 'breached' END"
             f" WHEN t.state = 'cancelled' THEN 'cancelled'"
             f" WHEN ? > {SLA_DUE} THEN 'overdue' ELSE 'open' END)")


def sla_states(store, ticket_ids: list[int], now: str) -> dict:
    """ticket id → its SLA verdict by SLA_STATE (the agreement test compares it with the domain's)."""
    marks = ", ".join("?" for _ in ticket_ids)
    return dict(store.execute(f"SELECT t.id, {SLA_STATE} FROM tickets t WHERE t.id IN ({marks})",
                              [now, *ticket_ids]).fetchall())


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
        clauses.append(f"{SLA_STATE} = 'breached'")
        params.append("")  # now: a breach does not depend on it
    sql = TICKET_SELECT + (" WHERE " + " AND ".join(clauses) if clauses else "")
    sql += " ORDER BY t.open_due, t.id" if overdue_at is not None else " ORDER BY t.reported_at, t.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_ticket(r) for r in store.query(sql, params)]


def rework_from(store, parent_id: int, source: str):
    """The re-repair of ``parent_id`` opened by ``source`` (e.g. tickets/12, a complaint), if any."""
    return store.one("SELECT id FROM tickets WHERE parent_id = ? AND source = ?", (parent_id, source))


def _set(column: str) -> str:
    """The column holds something (SQL's reading of Python's truthiness of a text or number)."""
    return f"COALESCE({column}, '') NOT IN ('', 0)"


def month_ticket_groups(store, office_ids: list[int], start: str, end: str, now: str,
                        open_states: tuple) -> list[dict]:
    """The live (not cancelled) tickets reported in [start, end), counted per office, kind,
    category, channel, priority and SLA verdict, with the counts the monthly report needs: one
    index range search over (office_id, reported_at); cost by the groups returned, not by rows."""
    where, ids = in_offices("t.office_id", office_ids)
    states = ", ".join("?" for _ in open_states)
    return store.query(
        f"SELECT t.office_id, t.kind, t.category, t.channel, t.priority, {SLA_STATE} AS sla_state, COUNT(*) AS n,"
        f" SUM(t.state IN ({states})) AS open, SUM({_set('t.replied_at')}) AS replied,"
        f" SUM({_set('t.cause')} AND {_set('t.prevention')}) AS analysed,"
        f" SUM({_set('t.escalation')}) AS escalated, SUM({_set('t.reworked')}) AS reworked,"
        f" SUM({_set('t.parent_id')}) AS re_repairs, SUM({_set('t.reopened')}) AS reopened,"
        f" SUM({_set('t.deferral_breach')} OR t.deferral_missed_before) AS deferral_breaches"
        f" FROM tickets t WHERE {where} AND t.reported_at >= ? AND t.reported_at < ? AND t.state != 'cancelled'"
        " GROUP BY 1, 2, 3, 4, 5, 6",  # sla_state by position: `sla` is also a column
        [now, *open_states, *ids, start, end])


def repairs_resolved(store, office_id: int, start: str, end: str) -> list[int]:
    return [r[0] for r in store.execute(
        "SELECT id FROM tickets WHERE office_id = ? AND kind = 'repair' AND resolved_at >= ? AND resolved_at < ?"
        " AND state != 'cancelled' ORDER BY id", (office_id, start, end))]


# --- callbacks ---------------------------------------------------------------------------

CALLBACK_SELECT = (
    "SELECT c.*, o.code AS office, t.kind AS ticket_kind, t.description AS ticket_description,"
    " COALESCE(h.building, th.building) AS building, COALESCE(h.room, th.room) AS room,"
    " COALESCE(h.phone, th.phone, t.caller_phone) AS phone, COALESCE(h.name, th.name, t.caller_name) AS name"
    " FROM callbacks c JOIN offices o ON o.id = c.office_id LEFT JOIN tickets t ON t.id = c.ticket_id"
    " LEFT JOIN households h ON h.id = c.household_id LEFT JOIN households th ON th.id = t.household_id"
)


def insert_callback(store, values: dict) -> int:
    return insert_row(store, "callbacks", values)


def callback(store, callback_id) -> dict:
    return by_id(store, CALLBACK_SELECT + " WHERE c.id = ?", callback_id, "callback")


def update_callback(store, callback_id: int, changes: dict):
    update_row(store, "callbacks", callback_id, changes)


def callbacks_for(store, ticket_id: int) -> list[dict]:
    return store.query(CALLBACK_SELECT + " WHERE c.ticket_id = ? ORDER BY c.id", (ticket_id,))


def list_callbacks(store, *, due_before=None, overdue_at=None, state=None, kind=None, office=None,
                   limit=None) -> list[dict]:
    clauses, params = [], []
    if overdue_at is not None:
        clauses.append("c.state = 'open' AND c.due_at < ?")
        params.append(overdue_at)
    if due_before is not None:
        clauses.append("c.state = 'open' AND c.due_at < ?")
        params.append(due_before)
    for sql, value in (("c.state = ?", state), ("c.kind = ?", kind), ("o.code = ?", office)):
        if value is not None:
            clauses.append(sql)
            params.append(value)
    sql = CALLBACK_SELECT + (" WHERE " + " AND ".join(clauses) if clauses else "") + " ORDER BY c.due_at, c.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def month_callback_groups(store, office_ids: list[int], start: str, end: str, satisfied: tuple) -> list[dict]:
    """Callbacks done in [start, end) per office and kind: done, satisfied (a grade in
    ``satisfied``) and graded (any grade). Searches the partial index callbacks_done."""
    where, ids = in_offices("c.office_id", office_ids)
    marks = ", ".join("?" for _ in satisfied)
    return store.query(
        f"SELECT c.office_id, c.kind, COUNT(*) AS done, SUM(c.satisfaction IN ({marks})) AS satisfied,"
        f" SUM({_set('c.satisfaction')}) AS graded FROM callbacks c"
        f" WHERE {where} AND c.state = 'done' AND c.done_at >= ? AND c.done_at < ?"
        " GROUP BY c.office_id, c.kind", [*satisfied, *ids, start, end])


def open_callbacks(store, ticket_id: int, kind: str) -> list[dict]:
    return store.query("SELECT * FROM callbacks WHERE ticket_id = ? AND kind = ? AND state = 'open'",
                       (ticket_id, kind))


# --- samples -------------------------------------------------------------------------------

def active_sample(store, office_id: int, week: str):
    row = store.one("SELECT * FROM callback_samples WHERE office_id = ? AND week = ? AND active = 1",
                    (office_id, week))
    if row:
        row["ticket_ids"] = json.loads(row["ticket_ids"])
    return row


def insert_sample(store, values: dict) -> int:
    return insert_row(store, "callback_samples", dict(values, ticket_ids=json.dumps(values["ticket_ids"])))


def retire_sample(store, sample_id: int, reason: str):
    store.execute("UPDATE callback_samples SET active = 0, reason = ? WHERE id = ?", (reason, sample_id))


def month_sample_counts(store, office_ids: list[int], weeks: list[str]) -> list[dict]:
    """Per office, the callbacks drawn in the active samples of ``weeks`` and how many are done."""
    if not weeks:
        return []
    where, ids = in_offices("s.office_id", office_ids)
    marks = ", ".join("?" for _ in weeks)
    return store.query(
        "SELECT s.office_id, SUM(s.size) AS drawn, SUM((SELECT COUNT(*) FROM callbacks c"
        " WHERE c.sample_id = s.id AND c.state = 'done')) AS done FROM callback_samples s"
        f" WHERE {where} AND s.active = 1 AND s.week IN ({marks}) GROUP BY s.office_id", [*ids, *weeks])


def sample_callbacks(store, sample_id: int) -> list[dict]:
    return store.query("SELECT * FROM callbacks WHERE sample_id = ?", (sample_id,))


def household_in_office(store, office_id: int, building: str, room: str):
    return store.one("SELECT id FROM households WHERE office_id = ? AND building = ? AND room = ?",
                     (office_id, building, room))


def staff_names(store, office_id: int) -> set:
    return {r[0] for r in store.execute("SELECT name FROM staff WHERE office_id = ? AND active = 1", (office_id,))}


def open_callbacks_of_kind(store, kind: str) -> list[dict]:
    return store.query(CALLBACK_SELECT.replace("SELECT c.*", "SELECT c.*, h.move_in", 1)
                       + " WHERE c.kind = ? AND c.state = 'open' ORDER BY c.id", (kind,))
