"""open(): pragmas, migrations under a write lock, and the one transaction helper."""

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from commscli.errors import StoreError
from commscli.labels import Both, Msg

BUSY_TIMEOUT_MS = 10_000

# SQLite's primary result codes (an extended code's low byte) that name a condition of the disk or
# the system rather than of the file's content
_CONDITIONS = {
    13: Both("磁盘已满", "disk full"),
    10: Both("读写错误", "I/O error"),
    14: Both("无法打开文件", "cannot open the file"),
    8: Both("只读（文件或文件夹不可写）", "read-only (file or folder not writable)"),
    5: Both("被其他程序锁定", "locked by another program"),
    6: Both("被其他程序锁定", "locked by another program"),
    3: Both("没有权限", "permission denied"),
    7: Both("内存不足", "out of memory"),
}
_CONDITION_WORDS = {"database or disk is full": 13, "disk I/O error": 10, "unable to open database file": 14}


def _primary(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(code, int):
        code = next((c for words, c in _CONDITION_WORDS.items() if words in str(exc)), None)
    return code & 0xFF if isinstance(code, int) else None


def condition(exc: sqlite3.Error) -> str | None:
    """ "disk full", "I/O error" … when ``exc`` is one; None when it is about the file's content."""
    return _CONDITIONS.get(_primary(exc))


def failure(exc: sqlite3.Error) -> str:
    """``disk full (database or disk is full)``: the condition named first (in either language), then
    SQLite's words."""
    named = condition(exc)
    return Both(f"{named.say('zh')}（{exc}）", f"{named} ({exc})") if named else str(exc)


def _refused(exc: sqlite3.Error, path) -> StoreError:
    """A file SQLite cannot read as a database is not ours; a full disk or an I/O error is said as such."""
    if condition(exc):
        return StoreError(Msg("err.store_unusable", why=failure(exc)), "--db", str(path))
    return StoreError(Msg("err.not_store", why=str(exc)), "--db", str(path))


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
            raise StoreError(Msg("err.transaction_open"))
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
        return [dict(zip(cols, row, strict=False)) for row in cur]

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


def create(path: Path, fill=None, replace: bool = False) -> Store:
    """A new store file (mode 0600, WAL), migrated, then filled by ``fill(store)`` if given.

    Built under a temporary name in the same folder and moved into place only when complete, so
    a failed or interrupted create (``db init``, ``demo``) leaves no half-built store behind.
    Refuses to overwrite, unless ``replace`` (the caller has checked what is there).
    """
    from commscli.io.output import check_destination, install, private_temp

    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    check_destination(path, "--db", replace=replace)
    with private_temp(path, "--db") as temp:
        store = Store(temp, _connect(temp))
        try:
            _wal(store.db)
            migrate(store)
            if fill is not None:
                fill(store)
            busy = store.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            store.close()
        if busy or os.path.exists(f"{temp}-wal") and os.path.getsize(f"{temp}-wal"):
            raise StoreError(Msg("err.wal_not_checkpointed"), "--db", str(path))
        if replace:  # the replaced store's side files must not be read as the new one's
            for suffix in ("-wal", "-shm", "-journal"):
                if os.path.exists(f"{path}{suffix}"):
                    os.remove(f"{path}{suffix}")
        install(temp, path, "--db", replace=replace)
    return open_store(path)


def _connect_readonly(path: Path):
    """SQLite's ``mode=ro``: this connection cannot write, migrate or change the journal mode.

    A WAL store needs its -shm (and -wal) to exist or to be creatable, and SQLite leaves them
    behind when a reader closes (empty -wal; the next writer's close removes them). In a folder
    that cannot be written and without a -wal, no writer can exist either, so the file is read as
    ``immutable`` there (SQLite would otherwise refuse to open it).
    """
    import sqlite_utils

    uri = Path(path).absolute().as_uri() + "?mode=ro"
    try:
        conn = _first_read(uri)
    except sqlite3.DatabaseError as exc:  # CANTOPEN (read-only file system), READONLY_DIRECTORY (folder)
        if (
            _primary(exc) not in (8, 14)
            or os.path.exists(f"{path}-wal")
            or os.access(Path(path).absolute().parent, os.W_OK)
        ):
            raise _refused(exc, path) from None
        try:
            conn = _first_read(uri + "&immutable=1")
        except sqlite3.DatabaseError as exc2:
            raise _refused(exc2, path) from None
    try:
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _refused(exc, path) from None
    return db


def _first_read(uri: str) -> sqlite3.Connection:
    """Connect and read the schema (SQLite opens lazily: errors show here, not at connect)."""
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _refuse_empty(path: Path):
    """A 0-byte file is not a store: opening it would turn someone's file into one."""
    if path.stat().st_size == 0 and not os.path.exists(f"{path}-wal"):
        raise StoreError(Msg("err.not_store", why=Msg("err.empty_store")), "--db", str(path))


def open_store(path: Path, migrate_it: bool = True, readonly: bool = False, old_ok: bool = False) -> Store:
    """The store at ``path``: WAL set and pending migrations applied (unless ``migrate_it=False``).

    ``readonly``: opened with SQLite's ``mode=ro`` — nothing written, no migration, no journal-mode
    change; a store at an older schema is refused with the command that upgrades it, unless
    ``old_ok`` (``db check`` and ``db backup`` take it as it is).
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(Msg("err.no_store"), "--db", str(path))
    _refuse_empty(path)
    store = Store(path, _connect_readonly(path) if readonly else _connect(path))
    try:
        tables = set(store.db.table_names())
        if tables and "_sqlite_migrations" not in tables:
            raise StoreError(Msg("err.not_store", why=Msg("err.no_migrations")), "--db", str(path))
        if readonly:
            if not tables:
                raise StoreError(Msg("err.not_store", why=Msg("err.no_tables")), "--db", str(path))
            if not old_ok:
                _refuse_older(store)
        else:
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


def _refuse_older(store: Store):
    from commscli.store.migrations import migrations

    pending = migrations.pending(store.db)
    if pending:
        raise StoreError(
            Msg("err.schema_older", n=len(pending)),
            "--db",
            str(store.path),
        )


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
            raise StoreError(Msg("err.backup_failed", why=failure(exc)), "DEST", str(dest)) from None
        finally:
            target.close()
        install(temp, dest, "DEST", replace=False)
    return pages


def applied(store: Store) -> list[str]:
    from commscli.store.migrations import migrations

    return [m.name for m in migrations.applied(store.db)]


BULK_CACHE_KIB = 24 << 10  # the page cache of an import (SQLite's default: 2 MiB), within its memory budget


def bulk_cache(store: Store):
    """A larger page cache for this connection, for a bulk write: the pages of the indexes a batch touches."""
    store.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")


def check(store: Store) -> dict:
    try:
        integrity = [r[0] for r in store.execute("PRAGMA integrity_check")]
        fk = [
            dict(zip(("table", "rowid", "parent", "fkid"), r, strict=False))
            for r in store.execute("PRAGMA foreign_key_check")
        ]
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
