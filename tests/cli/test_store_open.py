"""Opening the store: commands that only read never write to it or migrate it (SQLite mode=ro); an
empty file is not a store; a full disk or an I/O error is named as such."""

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlite_utils

from commscli.store.migrations import migrations
from tests.conftest import Cli, dump, frozen_env, visit_record

ALL = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]
Database = sqlite_utils.Database  # the real one: tests below replace sqlite_utils.Database


def siblings(path: Path) -> dict:
    """The store's side files and their sizes."""
    return {s: os.path.getsize(f"{path}{s}") for s in ("-wal", "-shm", "-journal") if os.path.exists(f"{path}{s}")}


def snapshot(path: Path):
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, stat.S_IMODE(st.st_mode)


@pytest.fixture(scope="module")
def busy_db(tmp_path_factory) -> Path:
    """A store with something for every read-only command to show: office JM01, household 1栋/101 (moved in
    this month: a new-resident callback), a supervisor and a manager, a repair, the month's visit plan and a
    visit, a survey."""
    folder = tmp_path_factory.mktemp("busy")
    env = frozen_env(folder)
    c = Cli(folder / "busy.db")
    for args in (
        ("db", "init"),
        ("office", "add", "JM01", "--name", "金茂府物业服务中心", "--buildings", "1栋,2栋"),
        (
            "household",
            "add",
            "--office",
            "JM01",
            "--building",
            "1栋",
            "--room",
            "101",
            "--phone",
            "13800138000",
            "--move-in",
            "2026-11-01",
        ),
        ("staff", "add", "林晓东", "--office", "JM01", "--role", "supervisor"),
        ("staff", "add", "陈建国", "--office", "JM01", "--role", "manager"),
        ("ticket", "new", "--kind", "repair", "--building", "1栋", "--room", "101", "-d", "漏水"),
        ("visit", "plan", "--month", "2026-11"),
        visit_record("1栋", "101", "2026-11-20T10:00"),
        ("survey", "open", "--season", "2026-11"),
    ):
        c.ok(*args, env=env)
    assert siblings(c.db) == {}  # the last connection closed: everything is in the main file
    return c.db


@pytest.fixture
def busy(busy_db, tmp_path) -> Cli:
    c = Cli(tmp_path / "store.db")
    shutil.copyfile(busy_db, c.db)
    os.chmod(c.db, 0o600)
    return c


READ_ONLY = [
    ("db", "check"),
    ("db", "path"),
    ("policy", "show"),
    ("calendar", "is-workday", "2026-11-23"),
    ("calendar", "add", "2026-11-23", "3"),
    ("calendar", "list", "--year", "2026"),
    ("office", "list"),
    ("office", "show", "JM01"),
    ("household", "list"),
    ("household", "show", "1"),
    ("household", "form", "1"),
    ("staff", "list"),
    ("staff", "show", "1"),
    ("ticket", "list"),
    ("ticket", "list", "--overdue"),
    ("ticket", "show", "1"),
    ("ticket", "form", "1", "transfer"),
    ("callback", "list"),
    ("callback", "show", "1"),
    ("visit", "planned", "--month", "2026-11"),
    ("visit", "quota", "--month", "2026-11"),
    ("visit", "list", "--month", "2026-11"),
    ("visit", "show", "1"),
    ("visit", "form", "1"),
    ("visit", "summary", "--month", "2026-11"),
    ("survey", "status", "--season", "2026-11"),
    ("survey", "report", "--season", "2026-11"),
    ("report", "monthly", "--month", "2026-11"),
    ("report", "due"),
    ("report", "monthly", "-f", "csv"),
]


def rollback_journal(path: Path):
    """The same store in rollback-journal mode, as a copy made by another SQLite tool may be."""
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.mark.parametrize("journal", ["wal", "delete"])
@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_a_read_only_command_leaves_the_store_file_as_it_was(busy, args, journal):
    if journal == "delete":
        rollback_journal(busy.db)
    before, rows = snapshot(busy.db), dump(busy.db)
    busy.ok(*args)
    assert snapshot(busy.db) == before, "the store file changed"
    assert dump(busy.db) == rows
    # mode=ro on a WAL store may leave an empty -wal and a -shm (SQLite's reader bookkeeping), never content
    assert siblings(busy.db).get("-wal", 0) == 0 and "-journal" not in siblings(busy.db)


def test_db_backup_reads_only(busy, tmp_path):
    rollback_journal(busy.db)
    before = snapshot(busy.db)
    busy.ok("db", "backup", tmp_path / "copy.db")
    assert snapshot(busy.db) == before
    assert dump(tmp_path / "copy.db") == dump(busy.db)


def test_write_commands_still_work_after_read_only_ones(busy):
    busy.ok("office", "list")
    assert siblings(busy.db) == {"-wal": 0, "-shm": 32768}  # a WAL reader's bookkeeping, no content
    busy.ok("calendar", "set", "2026-11-25", "--holiday", "--name", "停电检修")
    assert siblings(busy.db) == {}  # the writer's close tidied the reader's side files away
    assert busy("calendar", "is-workday", "2026-11-25").exit_code == 1


# --- a reader beside a writer, and in a folder it cannot write ------------------------------------


def test_a_read_only_command_beside_an_open_writer(busy):
    """Another connection holds the write lock with an uncommitted row, and committed rows still in its WAL."""
    writer = sqlite3.connect(str(busy.db), isolation_level=None)
    try:
        writer.execute(
            "INSERT INTO offices (code, name, created_at, created_by)"
            " VALUES ('ZZ01', '已提交', '2026-11-23T09:00:00+08:00', 'w')"
        )
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO offices (code, name, created_at, created_by)"
            " VALUES ('ZZ02', '未提交', '2026-11-23T09:00:00+08:00', 'w')"
        )
        assert siblings(busy.db)["-wal"] > 0
        assert [o["code"] for o in busy.json("office", "list")] == ["JM01", "ZZ01"]
        busy.ok("report", "due")
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert [o["code"] for o in busy.json("office", "list")] == ["JM01", "ZZ01", "ZZ02"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder anyway")
@pytest.mark.parametrize("side_files", [False, True])
def test_a_read_only_command_in_a_read_only_folder(busy, side_files):
    if side_files:  # a reader already left -wal and -shm
        busy.ok("office", "list")
    folder = busy.db.parent
    os.chmod(folder, 0o555)
    try:
        before = snapshot(busy.db)
        assert [o["code"] for o in busy.json("office", "list")] == ["JM01"]
        busy.ok("report", "due")
        assert snapshot(busy.db) == before
        if not side_files:  # a writer cannot create the -wal it needs (with them present it could write)
            r = busy.fails("office", "add", "ZZ09", "--name", "新处")
            assert "--db" in r.stderr and "read-only" in r.stderr
    finally:
        os.chmod(folder, 0o755)


# --- old stores: read-only commands name the upgrade; write commands upgrade -----------------------


def old_store(path: Path) -> Path:
    db = Database(str(path))
    migrations.apply(db, stop_before="m002_calendar")
    db.execute(
        "INSERT INTO offices (code, name, created_at, created_by) VALUES ('OLD1', '老管理处', "
        "'2025-01-01T09:00:00+08:00', 'old')"
    )
    db.conn.commit()
    db.close()
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("office", "list"),
        ("calendar", "list", "--year", "2026"),
        ("calendar", "is-workday", "2026-11-23"),
        ("report", "due"),
        ("ticket", "list"),
        ("household", "show", "1"),
    ],
    ids=" ".join,
)
def test_a_read_only_command_refuses_an_old_store_and_names_the_upgrade(bare, args):
    old_store(bare.db)
    before, rows = snapshot(bare.db), dump(bare.db)
    r = bare.fails(*args)
    assert "--db" in r.stderr and str(bare.db) in r.stderr
    assert "older" in r.stderr and "commscli db init" in r.stderr
    assert snapshot(bare.db) == before and dump(bare.db) == rows


def test_db_check_reports_an_old_store_without_upgrading_it(bare):
    old_store(bare.db)
    before = snapshot(bare.db)
    r = bare("db", "check")
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert "schema version: 1 (m001_core)" in r.stdout and "integrity: ok" in r.stdout
    assert "problem: schema" in r.stderr and "commscli db init" in r.stderr
    assert snapshot(bare.db) == before


def test_an_old_store_is_backed_up_as_it_is(bare, tmp_path):
    old_store(bare.db)
    before = snapshot(bare.db)
    bare.ok("db", "backup", tmp_path / "before-upgrade.db")
    assert snapshot(bare.db) == before and dump(tmp_path / "before-upgrade.db") == dump(bare.db)


def test_db_init_and_write_commands_upgrade_an_old_store(bare, tmp_path):
    old_store(bare.db)
    doc = bare.json("db", "init")
    assert doc["state"] == "upgraded" and doc["applied"] == ALL[1:]
    assert [o["code"] for o in bare.json("office", "list")] == ["OLD1"]
    other = Cli(old_store(tmp_path / "other.db"))
    other.ok("office", "add", "NEW1", "--name", "新管理处")
    assert [o["code"] for o in other.json("office", "list")] == ["NEW1", "OLD1"]


# --- an empty file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("db", "check"),
        ("office", "list"),
        ("db", "init"),
        ("report", "due"),
        ("office", "add", "JM01", "--name", "金茂"),
        ("demo",),
    ],
    ids=" ".join,
)
def test_an_empty_file_is_not_a_store(bare, args):
    bare.db.touch()
    os.chmod(bare.db, 0o644)
    r = bare.fails(*args)
    assert "not a commscli store" in r.stderr and "empty" in r.stderr and str(bare.db) in r.stderr
    assert snapshot(bare.db) == (b"", *snapshot(bare.db)[1:]) and bare.db.stat().st_size == 0
    assert stat.S_IMODE(bare.db.stat().st_mode) == 0o644 and siblings(bare.db) == {}


# --- a full disk, an I/O error ------------------------------------------------------------------


@pytest.fixture
def tiny_disk(monkeypatch):
    """Every store connection may not grow by a single page: SQLite's own SQLITE_FULL."""
    real = sqlite_utils.Database

    class Tiny(real):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            pages = self.execute("PRAGMA page_count").fetchone()[0]
            self.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

    monkeypatch.setattr(sqlite_utils, "Database", Tiny)


def test_a_full_disk_while_upgrading_is_named(bare, tiny_disk):
    old_store(bare.db)
    rows = dump(bare.db)
    r = bare.fails("office", "add", "NEW1", "--name", "新管理处")
    assert "disk full" in r.stderr and "not a commscli store" not in r.stderr and "--db" in r.stderr
    assert dump(bare.db) == rows


def test_a_full_disk_while_writing_is_named(cli, unchanged, tiny_disk):
    with unchanged():
        r = cli.fails("household", "import", _households(cli.db.parent, 300))
    assert "disk full" in r.stderr


def _households(folder: Path, n: int) -> Path:
    path = folder / "households.csv"
    path.write_text(
        "office,building,room,name\n" + "".join(f"JM01,1栋,{i},住户{i}\n" for i in range(1, n + 1)), encoding="utf-8"
    )
    return path


def test_an_io_error_is_named(cli, monkeypatch):
    real = sqlite_utils.Database

    class Failing(real):
        def __init__(self, *args, **kw):
            exc = sqlite3.OperationalError("disk I/O error")
            exc.sqlite_errorcode, exc.sqlite_errorname = 266, "SQLITE_IOERR_READ"
            raise exc

    monkeypatch.setattr(sqlite_utils, "Database", Failing)
    for args in (("office", "list"), ("office", "add", "NEW1", "--name", "新管理处")):
        r = cli.fails(*args)
        assert "I/O error" in r.stderr and "not a commscli store" not in r.stderr


def test_failures_are_named_plain():
    from commscli.store.db import condition, failure

    full = sqlite3.OperationalError("database or disk is full")
    assert failure(full) == "disk full (database or disk is full)"
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorcode = 266  # SQLITE_IOERR_READ: the primary code is the low byte
    assert condition(io) == "I/O error"
    assert condition(sqlite3.DatabaseError("file is not a database")) is None
