"""Events (the audit trail) and the generic get / insert / correct of any record."""

import json
from contextvars import ContextVar
from functools import wraps

from commscli.domain.fields import MAX_ID
from commscli.errors import NotFound
from commscli.labels import Msg, word

# Tables a command may name by id, with the noun used in errors.
NOUNS = {"offices": "office", "households": "household", "staff": "staff member"}
JSON_COLUMNS = {"buildings", "lobbies"}


def dump(value):
    """A JSON column's text (keys sorted, non-ASCII kept); None stays NULL."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def log(
    store,
    ctx,
    table: str,
    record_id,
    action: str,
    at: str,
    *,
    before=None,
    after=None,
    reason=None,
    by: str | None = None,
) -> int:
    """Record one event: what happened to which record, when (``at``), by whom and when it was recorded.

    The one way a change is recorded. ``ctx`` (commscli.services) gives who (``ctx.by``) and the time of
    recording (``ctx.recorded_at``); ``by`` replaces the person where the record names its source instead
    (an import is recorded as ``import:<file>``, the person who ran it goes in ``after``)."""
    by = ctx.by if by is None else by
    if not by:
        raise ValueError("an event names who acted: this context has no `by` (a report's context records nothing)")
    cur = store.execute(
        "INSERT INTO events (at, by, record_table, record_id, action, before, after, reason, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at, by, table, record_id, action, dump(before), dump(after), reason, ctx.recorded_at),
    )
    return cur.lastrowid


def log_many(store, ctx, table: str, action: str, at: str, entries: list[tuple]):
    """Record one event a record, ``entries`` being (record id, after) of records written together: as
    ``log`` records each, in one statement."""
    by = ctx.by
    if not by:
        raise ValueError("an event names who acted: this context has no `by` (a report's context records nothing)")
    store.conn.executemany(
        "INSERT INTO events (at, by, record_table, record_id, action, before, after, reason, recorded_at)"
        " VALUES (?, ?, ?, ?, ?, NULL, ?, NULL, ?)",
        [(at, by, table, record_id, action, dump(after), ctx.recorded_at) for record_id, after in entries],
    )


def keyed(store, keys: list[tuple], names: str, sql: str, *, width: int = 200, params=(), dicts: bool = False):
    """Rows of ``sql``, which joins ``k`` (columns ``names``), for an import's ``keys`` a few hundred at a time
    (``params`` after the keys'): the keys drive the join (``k CROSS JOIN table``), so each key is one search of
    an index and a batch of keys one statement; ``dicts``: rows as dicts, else as tuples."""
    arity = len(names.split(", "))
    run = store.query if dicts else store.execute
    for i in range(0, len(keys), width):
        chunk = keys[i : i + width]
        values = ", ".join(["(" + ", ".join("?" * arity) + ")"] * len(chunk))
        yield from run(f"WITH k({names}) AS (VALUES {values}) " + sql, [*(v for k in chunk for v in k), *params])


def events_for(store, table: str, record_id: int) -> list[dict]:
    rows = store.query("SELECT * FROM events WHERE record_table = ? AND record_id = ? ORDER BY id", (table, record_id))
    for row in rows:
        for key in ("before", "after"):
            row[key] = json.loads(row[key]) if row[key] else None
    return rows


def decode(row: dict | None) -> dict | None:
    if row is None:
        return None
    for key in JSON_COLUMNS & row.keys():
        if isinstance(row[key], str):
            row[key] = json.loads(row[key])
    return row


def encode(values: dict) -> dict:
    return {k: (dump(v) if k in JSON_COLUMNS else v) for k, v in values.items()}


def by_id(store, select: str, record_id, noun: str) -> dict:
    """``select`` + `` WHERE <alias>.id = ?``; NotFound naming the id when there is none."""
    try:
        rid = int(record_id)
    except (TypeError, ValueError):
        raise NotFound(Msg("err.not_id", noun=word("noun", noun)), "ID", record_id) from None
    if not 0 < rid <= MAX_ID:
        raise NotFound(Msg("err.not_id_range", noun=word("noun", noun), high=MAX_ID), "ID", str(record_id))
    row = store.one(select, (rid,))
    if row is None:
        raise NotFound(Msg("err.no_such", noun=word("noun", noun)), "ID", record_id)
    return row


def get(store, table: str, record_id) -> dict:
    return decode(by_id(store, f"SELECT * FROM {table} WHERE id = ?", record_id, NOUNS.get(table, table)))


def for_office(sql: str, params: list, office: str | None, column: str = "o.code") -> tuple[str, list]:
    """Append ``AND <column> = ?`` when an office is given (queries already holding a WHERE)."""
    if office:
        return f"{sql} AND {column} = ?", [*params, office]
    return sql, list(params)


_WHOLE_STORE: ContextVar = ContextVar("whole_store", default=False)


def whole_store(fn):
    """Marks a registry total over the whole store (households per building, staff per role): the
    one kind of report query allowed to scan its table (tests/test_month_queries.py)."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        token = _WHOLE_STORE.set(True)
        try:
            return fn(*args, **kwargs)
        finally:
            _WHOLE_STORE.reset(token)

    return wrapper


def in_whole_store_total() -> bool:
    return _WHOLE_STORE.get()


def in_offices(column: str, office_ids) -> tuple[str, list]:
    """``<column> IN (?, …)`` over the given office ids. Month queries name their offices even
    when they want all of them, so that an index on (office_id, time) gives a range search
    with or without --office."""
    ids = list(office_ids)
    if not ids:
        return "0", []
    return f"{column} IN ({', '.join('?' for _ in ids)})", ids


def insert_row(store, table: str, values: dict) -> int:
    """A plain INSERT of one row (no event: the caller writes the event that explains it)."""
    cols = ", ".join(values)
    return store.execute(
        f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in values)})", tuple(values.values())
    ).lastrowid


def update_row(store, table: str, record_id: int, changes: dict):
    sets = ", ".join(f"{k} = ?" for k in changes)
    store.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*changes.values(), record_id))


def insert(store, ctx, table: str, values: dict, at: str, action="create") -> int:
    values = encode(values)
    rid = insert_row(store, table, values)
    log(store, ctx, table, rid, action, at, after=decode(dict(values)))
    return rid


def correct(store, ctx, table: str, record_id: int, changes: dict, at: str, *, reason: str, action="update") -> dict:
    """Apply changes to one record and leave an event with before/after of what changed."""
    current = get(store, table, record_id)
    changed = {k: v for k, v in changes.items() if current.get(k) != v}
    if not changed:
        return current
    update_row(store, table, record_id, encode(changed))
    log(
        store,
        ctx,
        table,
        record_id,
        action,
        at,
        before={k: current.get(k) for k in changed},
        after=changed,
        reason=reason,
    )
    return get(store, table, record_id)


def set_meta(store, key: str, value: str):
    store.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def get_meta(store, key: str):
    return store.scalar("SELECT value FROM meta WHERE key = ?", (key,))


def is_set(column: str) -> str:
    """SQL: the column holds something (Python's truthiness of a text or number, as the domain reads it)."""
    return f"COALESCE({column}, '') NOT IN ('', 0)"
