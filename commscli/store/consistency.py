"""What `db check` finds beyond SQLite's own checks: events whose record is gone, records whose state is
not what their last event left, stored deadlines that their stored policy values do not give, and a store
file others may read."""

import os
import stat

from commscli.domain.tickets import deadline_problems

LIMIT = 20  # examples named per finding; the counts are whole


def orphan_events(store) -> list[dict]:
    """Per table: events that name a record the table does not hold (an import's event names none)."""
    tables = set(store.db.table_names())
    found = []
    for (table,) in store.execute("SELECT DISTINCT record_table FROM events").fetchall():
        if table not in tables:
            n = store.execute("SELECT COUNT(*) FROM events WHERE record_table = ?", (table,)).fetchone()[0]
            found.append({"table": table, "events": n, "examples": [], "why": "no such table"})
            continue
        rows = store.execute(
            f"SELECT e.id FROM events e WHERE e.record_table = ? AND e.record_id IS NOT NULL AND NOT EXISTS "
            f'(SELECT 1 FROM "{table}" r WHERE r.rowid = e.record_id) ORDER BY e.id',
            (table,),
        ).fetchall()
        if rows:
            found.append({"table": table, "events": len(rows), "examples": [r[0] for r in rows[:LIMIT]]})
    return found


def _stateful(store) -> dict:
    """table → (the initial state (its column default), whether it has ``created_by``) of every table with a
    ``state`` column."""
    out = {}
    for table in store.db.table_names():
        cols = {col[1]: col for col in store.execute(f'PRAGMA table_info("{table}")').fetchall()}
        if "state" in cols:
            default = cols["state"][4]
            out[table] = (default.strip("'") if isinstance(default, str) else None, "created_by" in cols)
    return out


def state_mismatches(store) -> tuple[list[dict], list[dict]]:
    """(problems, warnings). A problem: a record whose state is not the one its last state-changing event
    wrote. A warning: a record whose state moved from the table's initial state with no event naming a
    state (events of older versions named the step but not the state it left). A record an import wrote
    (created by ``import:<file>``) with no event of its own is neither: its state is what the file's times
    gave, and the import's one event (file, hash, id range) stands for it."""
    problems, warnings = [], []
    for table, (initial, has_creator) in sorted(_stateful(store).items()):
        last = (
            "(SELECT json_extract(e.after, '$.state') FROM events e WHERE e.record_table = ? AND e.record_id = r.id"
            " AND json_extract(e.after, '$.state') IS NOT NULL ORDER BY e.id DESC LIMIT 1)"
        )
        imported = "r.created_by LIKE 'import:%'" if has_creator else "0"
        rows = store.execute(
            f'SELECT r.id, r.state, {last} AS logged, {imported} AS imported FROM "{table}" r '
            f"WHERE r.state IS NOT coalesce({last}, ?, r.state) ORDER BY r.id",
            (table, table, initial),
        ).fetchall()
        for found, mine in (
            (problems, [r for r in rows if r[2] is not None]),
            (warnings, [r for r in rows if r[2] is None and not r[3]]),
        ):
            if mine:
                found.append(
                    {
                        "table": table,
                        "records": len(mine),
                        "examples": [
                            {"id": r[0], "state": r[1], "last_event_state": r[2] or initial} for r in mine[:LIMIT]
                        ],
                    }
                )
    return problems, warnings


def ticket_deadlines(store) -> dict:
    """Tickets whose stored deadlines are missing or not what their stored policy values give."""
    cols = "id, kind, state, reported_at, arrive_due, resolve_due, resolved_at, reply_due, sla"
    n, examples = 0, []
    cursor = store.execute(f"SELECT {cols} FROM tickets ORDER BY id")
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(5000):
        for row in batch:
            t = dict(zip(names, row, strict=True))
            problems = deadline_problems(t)
            if problems:
                n += 1
                if len(examples) < LIMIT:
                    examples.append({"ticket": t["id"], "problems": problems})
    return {"tickets": n, "examples": examples}


def file_mode(path) -> dict:
    """The store file's permission bits; group or other access is a problem (it holds phones and names)."""
    mode = stat.S_IMODE(os.stat(path).st_mode)
    return {"mode": f"{mode:04o}", "private": not mode & 0o077}


def findings(store, path) -> dict:
    mismatches, unlogged = state_mismatches(store)
    return {
        "orphan_events": orphan_events(store),
        "state_mismatches": mismatches,
        "states_without_event": unlogged,
        "deadline_problems": ticket_deadlines(store),
        "file_mode": file_mode(path),
    }
