"""What the person at the terminal and the cron job see beyond each command's own output:
typo suggestions, shell completion, and the exit codes a cron gate relies on."""

from pathlib import Path

import pytest


def test_a_mistyped_group_suggests_the_nearest_one(cli):
    r = cli("tiket", "list", db=False)
    assert r.exit_code == 2
    assert "No such command 'tiket'" in r.stderr and "Did you mean 'ticket'?" in r.stderr


def test_a_mistyped_command_in_a_group_suggests_too(cli):
    r = cli("ticket", "lst")
    assert r.exit_code == 2 and "Did you mean 'list'?" in r.stderr


def test_the_completion_script_is_generated(cli, monkeypatch):
    # Typer finds the shell from the process that ran the command; a bash user's, whatever runs the tests
    monkeypatch.setattr("typer.completion._get_shell_name", lambda: "bash")
    r = cli("--show-completion", db=False)
    assert r.exit_code == 0, r.stderr
    assert "_COMMSCLI_COMPLETE" in r.stdout and "complete " in r.stdout


@pytest.mark.parametrize(
    "day, code, word",
    [("2026-10-09", 0, "workday"), ("2026-10-01", 1, "not a workday"), ("2026-11-28", 1, "not a workday")],
)
def test_is_workday_exit_codes_and_quiet(cli, day, code, word):
    r = cli("calendar", "is-workday", day)
    assert r.exit_code == code and word in r.stdout
    quiet = cli("calendar", "is-workday", day, "-q")
    assert quiet.exit_code == code and quiet.stdout == "" and quiet.stderr == ""


def test_is_workday_exits_2_on_an_error_so_a_cron_gate_can_tell_it_from_a_holiday(cli, tmp_path):
    missing = cli("calendar", "is-workday", "2026-10-01", "--db", str(tmp_path / "nope.db"), db=False)
    assert missing.exit_code == 2 and missing.stderr.startswith("error: ") and "store not found" in missing.stderr
    bad = cli("calendar", "is-workday", "2026-13-01", "-q")
    assert bad.exit_code == 2 and "DATE" in bad.stderr
    assert not Path(tmp_path / "nope.db").exists()
