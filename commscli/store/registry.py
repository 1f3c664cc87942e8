"""Offices, households and staff: lookups, listings, counts and bulk inserts."""

from commscli.errors import NotFound
from commscli.labels import Msg
from commscli.store.records import by_id, decode, in_offices, keyed, whole_store


def office_by_code(store, code: str) -> dict:
    row = store.one("SELECT * FROM offices WHERE code = ?", (code,))
    if row is None:
        raise NotFound(Msg("err.no_such_office"), "office", code)
    return decode(row)


def office(store, office_id) -> dict:
    return decode(by_id(store, "SELECT * FROM offices WHERE id = ?", office_id, "office"))


def office_ids(store) -> dict:
    return {r["code"]: r["id"] for r in store.query("SELECT id, code FROM offices")}


def offices_by_code(store, codes: list) -> dict:
    """The stored offices among ``codes``, by code (raw rows, JSON columns as stored): an import's batch."""
    found = {}
    for i in range(0, len(codes), 300):
        chunk = codes[i : i + 300]
        sql = f"SELECT * FROM offices WHERE code IN ({', '.join('?' for _ in chunk)})"
        found.update({r["code"]: r for r in store.query(sql, chunk)})
    return found


def offices(store) -> list[dict]:
    return [decode(r) for r in store.query("SELECT * FROM offices ORDER BY code")]


def _where(filters: dict) -> tuple[str, list]:
    clauses, params = [], []
    for sql, value in filters.items():
        if value is not None:
            clauses.append(sql)
            params.append(value)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


HOUSEHOLD_SELECT = (
    "SELECT h.id, o.code AS office, h.building, h.room, h.name, h.phone, h.kind, h.use, h.move_in,"
    " h.occupied, h.important, h.created_at, h.created_by FROM households h JOIN offices o ON o.id = h.office_id"
)


def households(store, *, office=None, building=None, occupied=None, search=None, limit=None) -> list[dict]:
    where, params = _where(
        {
            "o.code = ?": office,
            "h.building = ?": building,
            "h.occupied = ?": None if occupied is None else int(occupied),
            "(h.name LIKE ? OR h.room LIKE ?)": None if search is None else f"%{search}%",
        }
    )
    if search is not None:
        params.append(f"%{search}%")
    sql = HOUSEHOLD_SELECT + where + " ORDER BY o.code, h.building, length(h.room), h.room"  # 101 before 1001
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, params)


def household(store, household_id) -> dict:
    return by_id(store, HOUSEHOLD_SELECT + " WHERE h.id = ?", household_id, "household")


def rows_by_key(store, table: str, office_id: int, keys: list[tuple], select: str = "r.*") -> dict:
    """The office's stored households (key (building, room)) or staff (key (name,)) among ``keys``, by key:
    one indexed lookup per few hundred keys, so an import holds one batch of keys, never the whole table.
    ``select``: the columns wanted (the key's among them)."""
    columns = ("building", "room") if table == "households" else ("name",)
    names = ", ".join(f"k{i}" for i in range(len(columns)))
    match = " AND ".join(f"r.{c} = k.k{i}" for i, c in enumerate(columns))
    # the keys drive the join, so each is one search of the unique index (office_id, key columns); a
    # row-value IN lets the planner take the office's index and read every row of the office instead
    sql = f"SELECT {select} FROM k CROSS JOIN {table} r ON r.office_id = ? AND {match}"
    rows = keyed(store, keys, names, sql, width=300, params=(office_id,), dicts=True)
    return {tuple(row[c] for c in columns): row for row in rows}


def buildings_in_office(store, office_id: int) -> list[str]:
    """The buildings of an office's households (and of its own building list)."""
    rows = store.query("SELECT DISTINCT building FROM households WHERE office_id = ?", (office_id,))
    return sorted({r["building"] for r in rows} | set(office(store, office_id).get("buildings") or ()))


def household_in_office(store, office_id: int, building: str, room: str):
    return store.one(
        "SELECT id FROM households WHERE office_id = ? AND building = ? AND room = ?", (office_id, building, room)
    )


STAFF_SELECT = (
    "SELECT s.id, o.code AS office, s.name, s.role, s.phone, s.buildings, s.active, s.created_at, s.created_by"
    " FROM staff s JOIN offices o ON o.id = s.office_id"
)


def staff_list(store, *, office=None, role=None, active=None) -> list[dict]:
    where, params = _where(
        {"o.code = ?": office, "s.role = ?": role, "s.active = ?": None if active is None else int(active)}
    )
    return [decode(r) for r in store.query(STAFF_SELECT + where + " ORDER BY o.code, s.role, s.name", params)]


def staff_member(store, staff_id) -> dict:
    return decode(by_id(store, STAFF_SELECT + " WHERE s.id = ?", staff_id, "staff member"))


def staff_names(store, office_id: int) -> set:
    return {r[0] for r in store.execute("SELECT name FROM staff WHERE office_id = ? AND active = 1", (office_id,))}


def staff_by_name(store, office_id: int) -> dict:
    """name → {id, name, role} of every staff member of the office, those who have left too."""
    rows = store.query("SELECT id, name, role FROM staff WHERE office_id = ?", (office_id,))
    return {r["name"]: r for r in rows}


def insert_many(store, table: str, rows: list[dict]) -> tuple[int | None, int | None]:
    """Insert rows of identical keys in one executemany; returns the first and last id."""
    if not rows:
        return None, None
    cols = list(rows[0])
    return insert_rows(store, table, cols, [tuple(r[c] for c in cols) for r in rows])


def insert_rows(store, table: str, columns: list, rows: list[tuple], *, new_only: bool = False) -> tuple | None:
    """Insert rows (tuples in ``columns`` order) in one executemany; the first and last id. ``new_only``: only
    if no row meets a unique index (a key stored already or given twice), else nothing is written and None."""
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    before = store.scalar(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    if not new_only:
        store.conn.executemany(sql, rows)
    else:
        store.conn.execute("SAVEPOINT import_batch")
        # an error (a full disk) propagates as it is: the caller's transaction is rolled back whole
        done = store.conn.executemany(sql + " ON CONFLICT DO NOTHING", rows).rowcount
        if done != len(rows):
            store.conn.execute("ROLLBACK TO import_batch")
            store.conn.execute("RELEASE import_batch")
            return None
        store.conn.execute("RELEASE import_batch")
    return before + 1, store.scalar(f"SELECT MAX(id) FROM {table}")


@whole_store
def occupancy(store, office=None) -> list[dict]:
    where, params = _where({"o.code = ?": office})
    return store.query(
        "SELECT o.code AS office, h.building, COUNT(*) AS households, SUM(h.occupied) AS occupied"
        " FROM households h JOIN offices o ON o.id = h.office_id"
        + where
        + " GROUP BY o.code, h.building ORDER BY o.code, h.building",
        params,
    )


@whole_store
def staff_per_role(store, office=None) -> list[dict]:
    where, params = _where({"o.code = ?": office, "s.active = ?": 1})
    return store.query(
        "SELECT o.code AS office, s.role, COUNT(*) AS staff FROM staff s JOIN offices o ON o.id = s.office_id"
        + where
        + " GROUP BY o.code, s.role ORDER BY o.code, s.role",
        params,
    )


def month_move_ins(store, office_ids: list[int], start: str, end: str) -> dict:
    """office id → households that moved in on [start, end) (dates)."""
    where, ids = in_offices("h.office_id", office_ids)
    return dict(
        store.execute(
            f"SELECT h.office_id, COUNT(*) FROM households h WHERE {where}"
            " AND h.move_in >= ? AND h.move_in < ? GROUP BY h.office_id",
            [*ids, start, end],
        ).fetchall()
    )


def add(store, ctx, table: str, values: dict, at: str) -> int:
    """Insert one registry record (``office`` given as its code) with its creation event."""
    import sqlite3

    from commscli.errors import RuleError
    from commscli.store import records

    values = dict(values)
    if "office" in values:
        values["office_id"] = office_by_code(store, values.pop("office"))["id"]
    values.update(created_at=at, created_by=ctx.by)
    try:
        return records.insert(store, ctx, table, values, at)
    except sqlite3.IntegrityError as exc:
        if "UNIQUE" in str(exc):
            raise RuleError(Msg("err.already_registered"), "record", _natural_key(table, values)) from None
        raise


def update(store, ctx, table: str, record_id, changes: dict, at: str, *, reason: str) -> dict:
    import sqlite3

    from commscli.errors import RuleError
    from commscli.store import records

    changes = dict(changes)
    if "office" in changes:
        changes["office_id"] = office_by_code(store, changes.pop("office"))["id"]
    try:
        return records.correct(store, ctx, table, record_id, changes, at, reason=reason)
    except sqlite3.IntegrityError as exc:
        if "UNIQUE" in str(exc):
            raise RuleError(Msg("err.key_taken"), "record", changes) from None
        raise


def _natural_key(table: str, values: dict) -> str:
    if table == "households":
        return f"{values.get('building')}/{values.get('room')}"
    return str(values.get("code") or values.get("name"))


def occupied_ids(store) -> list[int]:
    return [r[0] for r in store.execute("SELECT id FROM households WHERE occupied = 1 ORDER BY id")]


def counts(store, tables) -> dict:
    return {t: store.scalar(f"SELECT COUNT(*) FROM [{t}]") for t in tables}
