"""open(): pragmas, migrations under a write lock, and the one transaction helper."""

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from commscli.errors import StoreError

BUSY_TIMEOUT_MS = 10_000

# SQLite's primary result codes (an extended code's low byte) that name a condition of the disk or
# the system rather than of the file's content
_CONDITIONS = {13: "disk full", 10: "I/O error", 14: "cannot open the file", 8: "read-only (file or folder not writable)",
               5: "locked by another program", 6: "locked by another program", 3: "permission denied",
               7: "out of memory"}
_CONDITION_WORDS = {"database or disk is full": 13, "disk I/O error": 10, "unable to open database file": 14}


def condition(exc: sqlite3.Error) -> str | None:
    """"disk full", "I/O error" … when ``exc`` is one; None when it is about the file's content."""
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        code = next((c for words, c in _CONDITION_WORDS.items() if words in str(exc)), None)
    return _CONDITIONS.get(code & 0xFF) if isinstance(code, int) else None


def failure(exc: sqlite3.Error) -> str:
    """``disk full (database or disk is full)``: the condition named first, then SQLite's words."""
    named = condition(exc)
    return f"{named} ({exc})" if named else str(exc)


def _refused(exc: sqlite3.Error, path) -> StoreError:
    """A file SQLite cannot read as a database is not ours; a full disk or an I/O error is said as such."""
    if condition(exc):
        return StoreError(f"cannot use the store: {failure(exc)}", "--db", str(path))
    return StoreError(f"not a commscli store ({exc})", "--db", str(path))


class Store:
    """One open store. ``db`` is a ``sqlite_utils.Database``; ``conn`` its connection."""

    def __init__(self, path: Path, db):
        self.path = Path(path)
        self.db = db
        self.conn = db.conn

    @contextmanager
    def transaction(self):
        """Every write of a command in one ``BEGIN IMMEDIATE`` transaction.

        IMMEDIATE takes the write lock up front, so a command that reads then writes never
        fails half-way with "database is locked"; sqlite-utils calls inside nest as savepoints.
        """
        if self.conn.in_transaction:
            raise StoreError("a transaction is already open")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql, params)

    def query(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, row)) for row in cur]

    def one(self, sql: str, params=()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def close(self):
        self.conn.close()


def _connect(path: Path):
    import sqlite_utils

    try:
        db = sqlite_utils.Database(str(path), execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise _refused(exc, path) from None
    return db


def _wal(db):
    """WAL (readers never wait for the writer); set only once the file is known to be ours."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")


def migrate(store: Store) -> list[str]:
    """Apply pending migrations under the write lock; return their names.

    Two processes opening an old store at once: the second waits on BEGIN IMMEDIATE,
    then finds nothing pending.
    """
    from commscli.store.migrations import migrations

    if not migrations.pending(store.db):
        return []
    with store.transaction():
        pending = [m.name for m in migrations.pending(store.db)]
        if pending:
            migrations.apply(store.db)
    return pending


def _new_private_file(path: Path, field: str):
    """Create an empty file readable by its owner only; refuse to overwrite."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise StoreError("already exists", field, str(path)) from None
    except OSError as exc:
        raise StoreError(f"cannot create ({exc.strerror})", field, str(path)) from None
    os.close(fd)
    os.chmod(path, 0o600)


def create(path: Path) -> Store:
    """A new store file (mode 0600), migrated. Refuses to overwrite."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    _new_private_file(path, "--db")
    store = Store(path, _connect(path))
    _wal(store.db)
    migrate(store)
    return store


def open_store(path: Path, migrate_it: bool = True) -> Store:
    path = Path(path)
    if not path.exists():
        raise StoreError("store not found (create it with `commscli db init`)", "--db", str(path))
    store = Store(path, _connect(path))
    try:
        tables = set(store.db.table_names())
        if tables and "_sqlite_migrations" not in tables:
            raise StoreError("not a commscli store (no _sqlite_migrations table)", "--db", str(path))
        _wal(store.db)
        if migrate_it:
            migrate(store)
    except sqlite3.DatabaseError as exc:
        store.close()
        raise _refused(exc, path) from None
    except BaseException:
        store.close()
        raise
    return store


def backup(store: Store, dest: Path) -> int:
    """A consistent online copy through SQLite's backup API; returns pages copied.

    Written under a temporary name (0600) beside DEST and moved there only when complete, so a
    failed or interrupted backup leaves nothing; DEST must not exist (nor be a symlink).
    """
    from commscli.io.output import check_destination, install, private_temp

    dest = Path(dest)
    check_destination(dest, "DEST", replace=False)
    with private_temp(dest, "DEST") as temp:
        target = sqlite3.connect(str(temp))
        try:
            store.conn.backup(target, pages=256)
            pages = target.execute("PRAGMA page_count").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"backup failed: {failure(exc)}", "DEST", str(dest)) from None
        finally:
            target.close()
        install(temp, dest, "DEST", replace=False)
    return pages


def applied(store: Store) -> list[str]:
    from commscli.store.migrations import migrations

    return [m.name for m in migrations.applied(store.db)]


def check(store: Store) -> dict:
    try:
        integrity = [r[0] for r in store.execute("PRAGMA integrity_check")]
        fk = [dict(zip(("table", "rowid", "parent", "fkid"), r)) for r in store.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as exc:  # damage bad enough that SQLite raises instead of reporting rows
        integrity, fk = [f"error: {exc}"], []
    from commscli.store.migrations import migrations

    applied = [m.name for m in migrations.applied(store.db)]
    pending = [m.name for m in migrations.pending(store.db)]
    return {
        "integrity": integrity,
        "foreign_key_problems": fk,
        "schema_version": len(applied),
        "migrations": applied,
        "pending": pending,
    }
