"""commscli db: path, init, check, backup; old stores upgrade on open, also from several processes at once."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from commscli.store.migrations import migrations
from tests.conftest import dump

ROOT = Path(__file__).resolve().parents[2]
ALL = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def old_store(path: Path) -> Path:
    """A store written by the first migration only (before the calendar existed), with one office."""
    db = sqlite_utils.Database(str(path))
    migrations.apply(db, stop_before="m002_calendar")
    db.execute(
        "INSERT INTO offices (code, name, created_at, created_by) VALUES ('OLD1', '老管理处', "
        "'2025-01-01T09:00:00+08:00', 'old')"
    )
    db.conn.commit()
    db.close()
    os.chmod(path, 0o600)  # as `db init` made it
    return path


def recorded(path) -> list[tuple]:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY rowid").fetchall()
    finally:
        conn.close()


def tables(path) -> set:
    conn = sqlite3.connect(str(path))
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def siblings(path: Path) -> list[Path]:
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()]


def test_there_are_several_migrations():
    assert ALL[:2] == ["m001_core", "m002_calendar"] and len(ALL) >= 2


# --- db path ------------------------------------------------------------------------------


def test_path_from_db_option_after_the_command(bare):
    r = bare.ok("db", "path")
    assert r.stdout.strip() == f"{bare.db}\t(--db; not created yet)"
    assert not bare.db.exists()


def test_path_from_root_db_option(bare):
    r = bare.ok("--db", bare.db, "db", "path", db=False)
    assert r.stdout.startswith(f"{bare.db}\t(--db")


def test_path_from_env(bare, tmp_path):
    other = tmp_path / "env.db"
    r = bare.ok("db", "path", db=False, env={"COMMSCLI_DB": str(other)})
    assert r.stdout.startswith(f"{other}\t(COMMSCLI_DB")
    # --db wins over the environment
    r = bare.ok("db", "path", env={"COMMSCLI_DB": str(other)})
    assert r.stdout.startswith(f"{bare.db}\t(--db")


def test_path_default_is_in_the_user_data_directory(bare, tmp_path):
    doc = bare.json("db", "path", db=False)
    assert doc["path"] == str(tmp_path / "xdg" / "commscli" / "commscli.db")
    assert doc["why"].startswith("default") and "user data directory" in doc["why"]
    assert doc["exists"] is False


def test_path_json_says_it_exists(cli):
    assert cli.json("db", "path") == {"path": str(cli.db), "why": "--db", "exists": True}
    assert cli.ok("db", "path").stdout.strip() == f"{cli.db}\t(--db)"


# --- db init ------------------------------------------------------------------------------


def test_init_creates_a_private_wal_store(bare):
    r = bare.ok("db", "init")
    assert r.stdout.strip() == f"created: {bare.db} (schema version {len(ALL)})"
    assert mode(bare.db) == 0o600
    for p in siblings(bare.db):
        assert mode(p) & 0o077 == 0, p
    conn = sqlite3.connect(str(bare.db))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert [n for _, n in recorded(bare.db)] == ALL


def test_init_json_and_parent_directories(tmp_path):
    from tests.conftest import Cli

    c = Cli(tmp_path / "a" / "b" / "store.db")
    doc = c.json("db", "init")
    assert doc == {"path": str(c.db), "state": "created", "applied": ALL, "schema_version": len(ALL)}
    assert c.db.exists()


def test_open_store_turns_foreign_keys_on_with_a_busy_timeout(cli):
    from commscli.store import open_store

    store = open_store(cli.db)
    try:
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("PRAGMA busy_timeout") >= 5000
        assert store.scalar("PRAGMA journal_mode") == "wal"
        with pytest.raises(sqlite3.IntegrityError):
            store.execute(
                "INSERT INTO households (office_id, building, room, created_at, created_by)"
                " VALUES (999, '1栋', '101', 'x', 'x')"
            )
    finally:
        store.close()


def test_second_init_is_up_to_date(cli):
    before = dump(cli.db)
    r = cli.ok("db", "init")
    assert r.stdout.strip() == f"up to date: {cli.db} (schema version {len(ALL)})"
    assert cli.json("db", "init") == {
        "path": str(cli.db),
        "state": "up to date",
        "applied": [],
        "schema_version": len(ALL),
    }
    assert dump(cli.db) == before


def test_init_upgrades_an_old_store(bare):
    old_store(bare.db)
    doc = bare.json("db", "init")
    assert doc["state"] == "upgraded" and doc["applied"] == ALL[1:] and doc["schema_version"] == len(ALL)


def test_init_refuses_a_file_that_is_not_sqlite(bare):
    bare.db.write_bytes(b"name,phone\n" * 500)
    before = bare.db.read_bytes()
    r = bare.fails("db", "init")
    assert str(bare.db) in r.stderr and "--db" in r.stderr
    assert bare.db.read_bytes() == before


# --- db check -----------------------------------------------------------------------------


def test_check_a_good_store(cli):
    r = cli.ok("db", "check")
    out = r.stdout
    assert f"schema version: {len(ALL)} ({ALL[-1]})" in out
    assert "integrity: ok" in out and "foreign keys: 0 problems" in out
    assert "calendar lacks: 2027" in out
    doc = cli.json("db", "check")
    assert doc["integrity"] == ["ok"] and doc["foreign_key_problems"] == [] and doc["problems"] == []
    assert doc["schema_version"] == len(ALL) and doc["migrations"] == ALL and doc["pending"] == []
    assert doc["calendar_missing_years"] == [2027]


def test_check_with_root_db_option(cli):
    r = cli.ok("--db", cli.db, "db", "check", db=False)
    assert "calendar lacks: 2027" in r.stdout


def test_check_fails_when_the_current_year_has_no_schedule(cli):
    env = {"COMMSCLI_NOW": "2027-03-01T10:00:00+08:00"}
    r = cli("db", "check", env=env)
    assert r.exit_code == 1
    assert "calendar lacks: 2027, 2028" in r.stdout
    assert "problem: calendar" in r.stderr and "2027" in r.stderr


def test_check_finds_a_foreign_key_violation(cli):
    conn = sqlite3.connect(str(cli.db))  # foreign keys are off on a raw connection
    conn.execute(
        "INSERT INTO households (office_id, building, room, created_at, created_by)"
        " VALUES (999, '9栋', '101', '2026-11-23T10:00:00+08:00', 'raw')"
    )
    conn.commit()
    conn.close()
    r = cli("db", "check")
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert "foreign keys: 1 problems" in r.stdout
    assert "problem: foreign_key_check" in r.stderr
    r = cli("db", "check", "--json")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["foreign_key_problems"][0]["table"] == "households" and doc["problems"]


def _fill(cli, rows=3000):
    conn = sqlite3.connect(str(cli.db))
    conn.executemany(
        "INSERT INTO households (office_id, building, room, name, created_at, created_by)"
        " VALUES (1, '1栋', ?, ?, '2026-11-23T10:00:00+08:00', 'fill')",
        [(str(i), "住户" * 20) for i in range(rows)],
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_check_finds_garbage_in_the_middle_of_the_file(cli):
    _fill(cli)
    size = cli.db.stat().st_size
    assert size > 100 * 4096
    with open(cli.db, "r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xde\xad\xbe\xef" * 256)
    r = cli("db", "check")
    assert r.exit_code != 0
    assert "Traceback" not in r.stdout + r.stderr
    assert "error:" in r.stderr or "problem: integrity_check" in r.stderr


def test_check_finds_a_damaged_index(cli):
    """Garbage in one index page: a damage integrity_check reports as rows, not as an exception."""
    _fill(cli)
    conn = sqlite3.connect(str(cli.db))
    page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'households_occupied'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    # replace the index root's cells area with zeros but keep the page header
    with open(cli.db, "r+b") as fh:
        fh.seek((page - 1) * page_size + 100)
        fh.write(b"\x00" * (page_size - 100))
    r = cli("db", "check")
    assert r.exit_code != 0
    assert "Traceback" not in r.stdout + r.stderr
    assert "problem: integrity_check" in r.stderr or "error:" in r.stderr


# --- missing and foreign files -------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("db", "check"),
        ("calendar", "list", "--year", "2026"),
        ("calendar", "is-workday", "2026-11-23"),
        ("office", "list"),
    ],
)
def test_a_missing_store_is_one_line_and_nothing_is_created(bare, args):
    r = bare.fails(*args)
    assert str(bare.db) in r.stderr and "db init" in r.stderr
    assert siblings(bare.db) == []


def test_backup_of_a_missing_store_creates_nothing(bare, tmp_path):
    dest = tmp_path / "copy.db"
    bare.fails("db", "backup", dest)
    assert siblings(bare.db) == [] and not dest.exists()


def test_a_text_file_is_not_a_store(bare):
    bare.db.write_text("date,kind,name\n2027-01-01,休,元旦\n" * 200, encoding="utf-8")
    before = bare.db.read_bytes()
    for args in (("db", "check"), ("calendar", "list", "--year", "2026"), ("db", "backup", bare.db.with_name("c.db"))):
        r = bare.fails(*args)
        assert str(bare.db) in r.stderr and "not a commscli store" in r.stderr
    assert bare.db.read_bytes() == before
    assert not bare.db.with_name("c.db").exists()


def test_another_programs_sqlite_file_is_refused_and_left_alone(bare):
    conn = sqlite3.connect(str(bare.db))
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('王芳', '13800138000')")
    conn.commit()
    conn.close()
    before = bare.db.read_bytes()
    r = bare.fails("db", "check")
    assert "not a commscli store" in r.stderr and str(bare.db) in r.stderr
    assert bare.db.read_bytes() == before, "refusing the file still changed it (journal mode?)"
    assert siblings(bare.db) == [bare.db]


# --- db backup ----------------------------------------------------------------------------


def test_backup_is_a_private_copy_with_the_same_rows(cli, tmp_path):
    cli.ok("calendar", "set", "2026-11-25", "--holiday", "--name", "停电检修")
    dest = tmp_path / "copies" / "store-copy.db"
    dest.parent.mkdir()
    r = cli.ok("db", "backup", dest)
    assert str(dest) in r.stdout
    assert mode(dest) == 0o600
    assert dump(dest) == dump(cli.db)
    conn = sqlite3.connect(str(dest))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # the copy is itself a usable store
    from tests.conftest import Cli

    r = Cli(dest)("calendar", "is-workday", "2026-11-25")
    assert r.exit_code == 1 and "停电检修" in r.stdout


def test_backup_json(cli, tmp_path):
    dest = tmp_path / "copy.db"
    doc = cli.json("db", "backup", dest)
    assert doc["source"] == str(cli.db) and doc["dest"] == str(dest) and doc["pages"] > 0


def test_backup_refuses_an_existing_destination(cli, unchanged, tmp_path):
    dest = tmp_path / "exists.db"
    dest.write_text("keep me", encoding="utf-8")
    with unchanged():
        r = cli.fails("db", "backup", dest)
    assert "DEST" in r.stderr and str(dest) in r.stderr and "exists" in r.stderr
    assert dest.read_text(encoding="utf-8") == "keep me"
    with unchanged():
        r = cli.fails("db", "backup", cli.db)  # not onto itself either
    assert "DEST" in r.stderr


def test_backup_into_a_missing_directory(cli, unchanged, tmp_path):
    dest = tmp_path / "no" / "such" / "dir" / "copy.db"
    with unchanged():
        r = cli.fails("db", "backup", dest)
    assert "DEST" in r.stderr and str(dest) in r.stderr
    assert not dest.exists()


WRITER = """
import sqlite3, sys, time
from pathlib import Path
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA busy_timeout = 10000")
stop, end, n = Path(sys.argv[2]), time.time() + 1.0, 0
while time.time() < end and not (n > 50 and stop.exists()):
    conn.execute("INSERT INTO events (at, by, record_table, action, after, recorded_at)"
                 " VALUES ('2026-11-23T10:00:00+08:00', 'writer', 'test', 'write', ?, '2026-11-23T10:00:00+08:00')",
                 ("w" * 400,))
    n += 1
    if n == 1:
        print("go", flush=True)
print(n, flush=True)
"""


@pytest.mark.slow
def test_backup_while_another_process_writes(cli, tmp_path):
    conn = sqlite3.connect(str(cli.db))  # big enough that the backup takes several steps
    conn.executemany(
        "INSERT INTO events (at, by, record_table, action, after, recorded_at)"
        " VALUES ('2026-11-23T09:00:00+08:00', 'seed', 'test', 'seed', ?, '2026-11-23T09:00:00+08:00')",
        [("s" * 400,) for _ in range(3000)],
    )
    conn.commit()
    conn.close()
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(cli.db), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "go"
        dest = tmp_path / "online.db"
        cli.ok("db", "backup", dest)
        stop.touch()
        written = int(writer.stdout.readline())
        assert writer.wait(timeout=10) == 0, writer.stderr.read()
    finally:
        if writer.poll() is None:
            writer.kill()
    conn = sqlite3.connect(str(dest))
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    copied = conn.execute("SELECT COUNT(*) FROM events WHERE by = 'writer'").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM events WHERE by = 'seed'").fetchone()[0] == 3000
    conn.close()
    assert 1 <= copied <= written
    assert mode(dest) == 0o600


# --- old stores upgrade themselves ----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("calendar", "set", "2026-11-25", "--holiday"),
        ("db", "init"),
        ("office", "update", "1", "--phone", "02168880001", "--reason", "补录"),
    ],
)
def test_an_old_store_is_upgraded_when_a_command_writes(bare, args):
    """Commands that only read refuse an old store instead (tests/cli/test_store_open.py)."""
    old_store(bare.db)
    assert "calendar_days" not in tables(bare.db)
    assert recorded(bare.db) == [("commscli", "m001_core")]
    bare.ok(*args)
    assert "calendar_days" in tables(bare.db)
    assert recorded(bare.db) == [("commscli", n) for n in ALL]
    # the old rows are still there, and a second open applies nothing again
    bare.ok("db", "check")
    assert recorded(bare.db) == [("commscli", n) for n in ALL]
    assert [o["code"] for o in bare.json("office", "list")] == ["OLD1"]


def test_an_upgraded_store_takes_calendar_days(bare):
    old_store(bare.db)
    bare.ok("calendar", "set", "2026-11-25", "--holiday", "--name", "停电检修")
    assert bare("calendar", "is-workday", "2026-11-25").exit_code == 1


OPENER = """
import os, sys, time
from pathlib import Path
from commscli.store import open_store
Path(sys.argv[2]).touch()                       # ready
go = Path(sys.argv[3])
while not go.exists():
    time.sleep(0.0005)
store = open_store(sys.argv[1])
print(store.scalar("SELECT COUNT(*) FROM _sqlite_migrations"))
store.close()
"""


@pytest.mark.slow
@pytest.mark.parametrize("processes", [4])
def test_several_processes_open_an_old_store_at_once(tmp_path, processes):
    path = old_store(tmp_path / "old.db")
    go = tmp_path / "go"
    ready = [tmp_path / f"ready{i}" for i in range(processes)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(path), str(r), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for r in ready
    ]
    try:
        deadline = time.time() + 20
        while not all(r.exists() for r in ready):
            assert time.time() < deadline, "openers did not start"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.005)
        go.touch()
        outs = [p.communicate(timeout=30) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (out, err) in zip(procs, outs, strict=False):
        assert p.returncode == 0, err
        assert out.strip() == str(len(ALL))
    assert recorded(path) == [("commscli", n) for n in ALL]
    assert "calendar_days" in tables(path)


# --- in the interface language (issue 10); --json stays English -------------------------------------

ZH = {"COMMSCLI_LANG": "zh"}


def test_db_commands_speak_chinese(bare, tmp_path):
    r = bare.ok("db", "path", env=ZH)
    assert r.stdout.strip() == f"{bare.db}\t（--db；尚未创建）"
    r = bare.ok("db", "init", env=ZH)
    assert r.stdout.strip() == f"已创建：{bare.db}（结构版本 {len(ALL)}）"
    assert bare.ok("db", "init", env=ZH).stdout.strip() == f"已是最新：{bare.db}（结构版本 {len(ALL)}）"
    r = bare.ok("db", "check", env=ZH)
    assert r.stdout.splitlines() == [
        f"数据库：{bare.db}",
        f"结构版本：{len(ALL)}（{ALL[-1]}）",
        "完整性：正常",
        "外键：0 个问题",
        "日历缺少：2027 年节假日安排（请用 `commscli calendar import`）",
    ]
    in_2027 = {**ZH, "COMMSCLI_NOW": "2027-03-01T10:00:00+08:00"}
    r = bare("db", "check", env=in_2027)
    assert r.exit_code == 1 and "日历缺少：2027、2028 年节假日安排" in r.stdout
    assert r.stderr.strip() == "问题：日历：今年（2027）没有节假日安排"
    doc = json.loads(bare("db", "check", "--json", env=in_2027).stdout)  # for scripts: English, in any language
    assert doc["problems"] == ["calendar: no holiday schedule for the current year 2027"]
    dest = tmp_path / "copy.db"
    r = bare.ok("db", "backup", dest, env=ZH)
    assert r.stdout.startswith(f"已备份 {bare.db} → {dest}（") and r.stdout.strip().endswith(" 页）")
    r = bare("db", "backup", dest, env=ZH)
    assert r.exit_code == 1 and r.stderr == f"错误：备份文件='{dest}': 已存在\n"
