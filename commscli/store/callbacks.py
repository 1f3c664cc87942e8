"""Callbacks and the weekly callback samples: rows in, rows out. SQL only; no rules."""

import json

from commscli.store.records import by_id, in_offices, insert_row, is_set, keyed, update_row

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


def insert_callbacks(store, columns: list, rows: list[tuple]) -> list[int]:
    """Callbacks written together, in one statement: their ids in order."""
    from commscli.store.registry import insert_rows

    if not rows:
        return []
    first, last = insert_rows(store, "callbacks", columns, rows)
    if last - first + 1 != len(rows):  # a row-id beyond SQLite's largest is chosen at random: not in order
        raise RuntimeError(f"callbacks: {len(rows)} rows written, ids {first}..{last}")
    return list(range(first, last + 1))


def callback(store, callback_id) -> dict:
    return by_id(store, CALLBACK_SELECT + " WHERE c.id = ?", callback_id, "callback")


def update_callback(store, callback_id: int, changes: dict):
    update_row(store, "callbacks", callback_id, changes)


def callbacks_for(store, ticket_id: int) -> list[dict]:
    return store.query(CALLBACK_SELECT + " WHERE c.ticket_id = ? ORDER BY c.id", (ticket_id,))


def list_callbacks(
    store, *, due_before=None, overdue_at=None, state=None, kind=None, office=None, limit=None
) -> list[dict]:
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
        f" SUM({is_set('c.satisfaction')}) AS graded FROM callbacks c"
        f" WHERE {where} AND c.state = 'done' AND c.done_at >= ? AND c.done_at < ?"
        " GROUP BY c.office_id, c.kind",
        [*satisfied, *ids, start, end],
    )


def open_callbacks(store, ticket_id: int, kind: str) -> list[dict]:
    return store.query("SELECT * FROM callbacks WHERE ticket_id = ? AND kind = ? AND state = 'open'", (ticket_id, kind))


# --- samples -------------------------------------------------------------------------------


def active_sample(store, office_id: int, week: str):
    row = store.one("SELECT * FROM callback_samples WHERE office_id = ? AND week = ? AND active = 1", (office_id, week))
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
        f" WHERE {where} AND s.active = 1 AND s.week IN ({marks}) GROUP BY s.office_id",
        [*ids, *weeks],
    )


def sample_callbacks(store, sample_id: int) -> list[dict]:
    return store.query("SELECT * FROM callbacks WHERE sample_id = ?", (sample_id,))


def open_callbacks_of_kind(store, kind: str) -> list[dict]:
    return store.query(
        CALLBACK_SELECT.replace("SELECT c.*", "SELECT c.*, h.move_in", 1)
        + " WHERE c.kind = ? AND c.state = 'open' ORDER BY c.id",
        (kind,),
    )


def move_ins_without_callback(store, since: str) -> list[dict]:
    """Occupied households that moved in on or after ``since`` and have no new-resident callback."""
    return store.query(
        "SELECT h.id, h.office_id, h.move_in FROM households h WHERE h.occupied = 1 AND h.move_in >= ?"
        " AND NOT EXISTS (SELECT 1 FROM callbacks c WHERE c.household_id = h.id AND c.kind = 'new_resident')",
        (since,),
    )


def callbacks_by_key(store, ticket_keys: list[tuple], household_keys: list[tuple]) -> dict:
    """The stored callbacks among an import's keys, by key: ("t", ticket_id, kind, due_at) — one search of
    callbacks_ticket per key — and ("h", household_id, kind, due_at or None: any due time) of callbacks
    without a ticket — one read of those callbacks for the batch's households."""
    found = {}
    sql = (
        "SELECT k.t AS k_t, k.due AS k_due, c.* FROM k CROSS JOIN callbacks c"
        " ON c.ticket_id = k.t AND c.kind = k.kind AND c.due_at = k.due ORDER BY c.id"
    )
    for row in keyed(store, ticket_keys, "t, kind, due", sql, dicts=True):
        found.setdefault(("t", row["k_t"], row["kind"], row["k_due"]), row)
    if household_keys:
        wanted = set(household_keys)
        ids = json.dumps(sorted({k[0] for k in household_keys}))
        sql = (
            "SELECT * FROM callbacks WHERE ticket_id IS NULL AND household_id IN (SELECT value FROM json_each(?))"
            " ORDER BY id"
        )
        for row in store.query(sql, (ids,)):
            for key in ((row["household_id"], row["kind"], row["due_at"]), (row["household_id"], row["kind"], None)):
                if key in wanted:
                    found.setdefault(("h", *key), row)
    return found
