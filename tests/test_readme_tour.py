"""The README's tour works as written: every command of its shell blocks runs, in order, against a fresh demo
store (ID replaced by the record the tour made or, for a callback, an open one of the demo)."""

import re
import shlex
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from commscli.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def tour_commands() -> list[tuple[dict, list[str]]]:
    """(environment, argv) of every commscli command in the shell blocks from "## A tour" to "## Forms"."""
    text = README.read_text(encoding="utf-8")
    part = text[text.index("## A tour") : text.index("## Forms")]
    commands, env = [], {}
    for block in re.findall(r"```sh\n(.*?)```", part, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            parts = [[]]
            for w in words:
                parts.append([]) if w == "&&" else parts[-1].append(w)
            for argv in parts:
                if argv[:1] == ["export"]:
                    key, _, value = argv[1].partition("=")
                    env[key] = value
                    continue
                local = dict(env)
                while argv and re.match(r"^[A-Z_]+=", argv[0]):
                    key, _, value = argv.pop(0).partition("=")
                    local[key] = value
                if argv[:1] == ["commscli"]:
                    commands.append((local, argv[1:]))
                else:
                    assert argv[:1] in ([], ["."], ["echo"]), argv
    return commands


def test_the_tour_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = tour_commands()
    assert len(commands) >= 25, commands
    runner = CliRunner()
    made: dict[str, int] = {}
    for env, argv in commands:
        db = tmp_path / env["COMMSCLI_DB"]
        if "ID" in argv:
            group = argv[0]
            if group == "callback" and group not in made:
                conn = sqlite3.connect(str(db))
                made["callback"] = conn.execute("SELECT MIN(id) FROM callbacks WHERE state = 'open'").fetchone()[0]
                conn.close()
            argv = [str(made[group]) if a == "ID" else a for a in argv]
        r = runner.invoke(app, argv, env={**env, "COMMSCLI_DB": str(db)}, catch_exceptions=False)
        assert r.exit_code == 0, f"commscli {' '.join(argv)}: exit {r.exit_code}\n{r.stdout}\n{r.stderr}"
        if argv[:2] in (["ticket", "new"], ["visit", "record"]):
            table = {"ticket": "tickets", "visit": "visits"}[argv[0]]
            conn = sqlite3.connect(str(db))
            made[argv[0]] = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
            conn.close()
    assert (tmp_path / "card.html").exists() and (tmp_path / "survey.html").exists()
    assert (tmp_path / "meetings.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert (tmp_path / "households.xlsx").read_bytes()[:2] == b"PK"  # a workbook (a zip)
    assert (tmp_path / "meetings.csv").read_text(encoding="utf-8-sig").startswith("office,type,")
