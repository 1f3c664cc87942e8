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
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in ("COMMSCLI_DB", "COMMSCLI_POLICY", "COMMSCLI_DEBUG"):
        monkeypatch.delenv(var, raising=False)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


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
        return Result(r.exit_code, r.stdout, r.stderr)

    def ok(self, *args, **kw) -> Result:
        r = self(*args, **kw)
        assert r.exit_code == 0, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
        return r

    def json(self, *args, **kw):
        import json

        return json.loads(self.ok(*args, "--json", **kw).stdout)

    def fails(self, *args, code: int = 1, **kw) -> Result:
        """A refused command: the exit code, one error line naming the problem, no traceback."""
        r = self(*args, **kw)
        assert r.exit_code == code, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
        assert "Traceback" not in r.stderr + r.stdout
        if code == 1:
            lines = [l for l in r.stderr.splitlines() if l.strip()]
            assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
        return r


def dump(path: Path) -> list[str]:
    """The store's whole content, to compare before and after a refused command."""
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def cli(tmp_path) -> Cli:
    """A CLI on an initialised store holding one office (JM01 with buildings 1栋, 2栋)."""
    c = Cli(tmp_path / "store.db")
    c.ok("db", "init")
    c.ok("office", "add", "JM01", "--name", "金茂府物业服务中心", "--buildings", "1栋,2栋", "--phone", "02168880001")
    return c


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
