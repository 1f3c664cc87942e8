"""examples/crontab runs as cron runs it: each entry's command line through /bin/sh, with the crontab's
variables, stdin closed and no terminal; it writes its dated file and prints nothing, and a failure is one
line on stderr and a non-zero exit."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[1]
CRONTAB = ROOT / "examples" / "crontab"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(shutil.which("date") is None, reason="needs date(1)")


def crontab() -> tuple[dict, list[tuple[str, str]]]:
    """The crontab's variables and its entries as (schedule, command), with cron's ``\\%`` unescaped."""
    variables, entries = {}, []
    for line in CRONTAB.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if m := re.fullmatch(r"([A-Z_]+)=(.*)", line):
            variables[m[1]] = m[2]
            continue
        fields = line.split(None, 5)
        assert len(fields) == 6, f"not a crontab entry: {line!r}"
        entries.append((" ".join(fields[:5]), fields[5].replace("\\%", "%")))
    return variables, entries


def run(command: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", "-c", command], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> dict:
    """A demo store and a reports folder, and cron's environment pointed at them (the installed commscli first)."""
    folder = tmp_path_factory.mktemp("cron")
    variables, _ = crontab()
    env = {
        **variables,
        "PATH": f"{BIN}:/usr/bin:/bin",
        "HOME": str(folder / "home"),
        "COMMSCLI_DB": str(folder / "office.db"),
        "REPORTS": str(folder / "reports"),
        "COMMSCLI_NOW": NOW,
        "COMMSCLI_USER": "cron",
    }
    (folder / "reports").mkdir()
    made = run('commscli demo --db "$COMMSCLI_DB"', env)
    assert made.returncode == 0, made.stderr
    return env


def test_the_crontab_has_the_monthly_report_and_the_due_list():
    variables, entries = crontab()
    assert {"COMMSCLI_DB", "REPORTS", "PATH"} <= set(variables)
    assert [schedule for schedule, _ in entries] == ["0 6 1 * *", "30 7 * * *"]
    assert "report monthly" in entries[0][1] and "report due" in entries[1][1]
    assert entries[1][1].startswith("commscli calendar is-workday -q && ")


def test_each_entry_writes_its_dated_file_unattended_and_quietly(office):
    _, entries = crontab()
    reports = Path(office["REPORTS"])
    for _, command in entries:
        done = run(command, office)  # 2026-11-23 (NOW) is a Monday: the due list runs
        assert done.returncode == 0, done.stderr
        assert done.stdout == "" and done.stderr == ""
    month = subprocess.run(["date", "-d", "yesterday", "+%Y-%m"], capture_output=True, text=True).stdout.strip()
    today = subprocess.run(["date", "+%F"], capture_output=True, text=True).stdout.strip()
    monthly, due = reports / f"monthly-{month}.html", reports / f"due-{today}.html"
    assert sorted(p.name for p in reports.iterdir()) == sorted([monthly.name, due.name])
    assert "<html" in monthly.read_text(encoding="utf-8") and "<html" in due.read_text(encoding="utf-8")
    assert "2026-10" in monthly.read_text(encoding="utf-8")  # the month before NOW's month
    for path in (monthly, due):
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"


def test_a_day_off_runs_nothing_and_says_nothing(office, tmp_path):
    _, entries = crontab()
    env = {**office, "COMMSCLI_NOW": "2026-11-22T07:30:00+08:00", "REPORTS": str(tmp_path)}  # a Sunday
    done = run(entries[1][1], env)
    assert done.returncode == 1 and done.stdout == "" and done.stderr == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("entry", [0, 1])
def test_a_broken_store_fails_with_one_line_on_stderr(office, tmp_path, entry):
    _, entries = crontab()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a SQLite database" * 100)
    env = {**office, "COMMSCLI_DB": str(broken), "REPORTS": str(tmp_path)}
    done = run(entries[entry][1], env)
    assert done.returncode != 0 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]  # no report file, half or whole


def test_a_person_at_a_terminal_is_told_where_the_file_went(cli, tmp_path, monkeypatch):
    target = tmp_path / "due.html"
    quiet = cli("report", "due", "-f", "html", "-o", str(target))
    assert quiet.exit_code == 0 and quiet.stderr == "" and target.exists()
    monkeypatch.setenv("COMMSCLI_FORCE_TTY", "1")
    told = cli("report", "due", "-f", "html", "-o", str(target))
    assert told.exit_code == 0 and str(target) in told.stderr
