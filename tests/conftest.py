"""Shared fixtures: frozen now, a private user data directory, a CLI runner on a temp store."""

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commscli.cli import app

NOW = "2026-11-23T10:00:00+08:00"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMSCLI_NOW", NOW)
    monkeypatch.setenv("COMMSCLI_USER", "tester")
    monkeypatch.setenv("COMMSCLI_LANG", "en")  # the suite reads English; Chinese tests say --lang zh
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.parent / "cache"))  # compiled templates, shared by the run
    for var in ("COMMSCLI_DB", "COMMSCLI_POLICY", "COMMSCLI_DEBUG"):
        monkeypatch.delenv(var, raising=False)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    output: str = ""  # stdout and stderr in the order written, as a terminal shows them


class Cli:
    """Runs ``commscli`` in-process on one store file."""

    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args, db: bool = True, input=None, env=None) -> Result:
        argv = [str(a) for a in args]
        if db:
            argv += ["--db", str(self.db)]
        r = self.runner.invoke(app, argv, input=input, env=env, catch_exceptions=False)
        return Result(r.exit_code, r.stdout, r.stderr, r.output)

    def ok(self, *args, **kw) -> Result:
        r = self(*args, **kw)
        assert r.exit_code == 0, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
        return r

    def json(self, *args, **kw):
        import json

        return json.loads(self.ok(*args, "--json", **kw).stdout)

    def skipped(self, *args, **kw):
        """An import done with rows skipped (``--skip-bad``): exit 3; the JSON result when ``--json`` is given."""
        import json

        r = self(*args, **kw)
        assert r.exit_code == 3, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
        return json.loads(r.stdout) if "--json" in args else r

    def fails(self, *args, code: int | None = None, **kw) -> Result:
        """A refused command: the exit code, one error line naming the problem, no traceback.

        ``calendar is-workday`` refuses with 2 (1 means a day off, for cron gates); others with 1."""
        gate = "is-workday" in map(str, args)
        if code is None:
            code = 2 if gate else 1
        r = self(*args, **kw)
        assert r.exit_code == code, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
        assert "Traceback" not in r.stderr + r.stdout
        if code == 1 or (gate and code == 2):
            lines = [line for line in r.stderr.splitlines() if line.strip()]
            assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
        return r


def dump(path: Path) -> list[str]:
    """The store's whole content, to compare before and after a refused command."""
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


PHONE = "13800138000"


def ticket_new(kind: str, at: str, *extra, desc: str = "漏水", building: str = "1栋", room: str = "101") -> tuple:
    """The words of `ticket new` for a household by building and room (the ``office`` store's 1栋/101)."""
    return ("ticket", "new", "--kind", kind, "--building", building, "--room", room, "-d", desc, "--at", at, *extra)


def visit_record(building: str, room: str, at: str, *extra, visitors: str = "林晓东", method: str = "来访") -> tuple:
    """The words of `visit record` for one household (an office visit by default: no appointment needed)."""
    words = ("visit", "record", "--building", building, "--room", room, "--visitors", visitors, "--method", method)
    return (*words, "--at", at, *extra)


def frozen_env(folder: Path) -> dict:
    """The autouse fixture's environment, for set-up that runs outside a test (module or session scope)."""
    return {
        "COMMSCLI_NOW": NOW,
        "COMMSCLI_USER": "tester",
        "COMMSCLI_LANG": "en",
        "XDG_CONFIG_HOME": str(folder / "xdg"),
        "HOME": str(folder / "home"),
        "COMMSCLI_DB": None,
        "COMMSCLI_POLICY": None,
        "COMMSCLI_DEBUG": None,
    }


def copy_store(src: Path, dst: Path):
    """A private (0600) copy of a store through SQLite's backup API."""
    import os

    os.close(os.open(dst, os.O_CREAT | os.O_WRONLY, 0o600))
    a, b = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


@pytest.fixture(scope="session")
def _templates(tmp_path_factory) -> tuple[Path, Path]:
    """(office only, office + household 1栋/101 + engineer 刘强), built once through the CLI."""
    folder = tmp_path_factory.mktemp("templates")
    env = frozen_env(folder)
    c = Cli(folder / "office.db")
    c.ok("db", "init", env=env)
    c.ok(
        "office",
        "add",
        "JM01",
        "--name",
        "金茂府物业服务中心",
        "--buildings",
        "1栋,2栋",
        "--phone",
        "02168880001",
        env=env,
    )
    desk = Cli(folder / "desk.db")
    copy_store(c.db, desk.db)
    desk.ok("household", "add", "--office", "JM01", "--building", "1栋", "--room", "101", "--phone", PHONE, env=env)
    desk.ok("staff", "add", "刘强", "--office", "JM01", "--role", "engineering", env=env)
    return c.db, desk.db


def events(cli: Cli, **where) -> list[dict]:
    """The store's events (optionally those matching column = value), in recording order."""
    conn = sqlite3.connect(str(cli.db))
    conn.row_factory = sqlite3.Row
    sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(f"{k} = ?" for k in where) if where else "")
    rows = [dict(r) for r in conn.execute(sql + " ORDER BY id", tuple(where.values()))]
    conn.close()
    return rows


@pytest.fixture
def cli(tmp_path, _templates) -> Cli:
    """A CLI on its own store holding one office (JM01 with buildings 1栋, 2栋): `db init` and
    `office add` run once per session and each test gets a private copy."""
    c = Cli(tmp_path / "store.db")
    copy_store(_templates[0], c.db)
    return c


@pytest.fixture
def office(cli, _templates) -> Cli:
    """``cli`` with household 1栋/101 (phone 13800138000) and engineer 刘强."""
    copy_store(_templates[1], cli.db)
    return cli


@pytest.fixture
def bare(tmp_path) -> Cli:
    """A CLI on a store path that does not exist yet."""
    return Cli(tmp_path / "new.db")


@pytest.fixture
def unchanged(cli):
    """Use as ``with unchanged(): cli.fails(...)`` — the store must be byte-for-byte the same."""
    from contextlib import contextmanager

    @contextmanager
    def check(path=None):
        p = path or cli.db
        before = dump(p)
        yield
        assert dump(p) == before, "a refused command changed the store"

    return check
