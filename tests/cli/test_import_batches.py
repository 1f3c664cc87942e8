"""Speed and memory of an import (issue 16), as behaviour: the store is asked a few statements a batch,
never one a row, and the progress bar on a terminal says rows per second. (The figures are in
tests/bench/bench_import.py; nothing here is timed.)"""

import io

import pytest

from commscli.store import db as store_db


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement the commands of the test send to the store: an executemany is one (SQLite traces
    each of its rows; a statement written once per batch is counted once)."""
    said: list[str] = []
    connect = store_db._connect

    def traced(path):
        db = connect(path)
        db.conn.set_trace_callback(lambda sql: said.append(sql) if not sql.startswith("INSERT") else None)
        return db

    monkeypatch.setattr(store_db, "_connect", traced)
    return said


@pytest.fixture
def sent(monkeypatch):
    """Every call that sends SQL to the store, INSERTs too: an ``execute`` or an ``executemany`` is one however
    many rows it writes (SQLite's trace would say each row of an executemany)."""
    import sqlite3

    said: list[str] = []

    class Counted(sqlite3.Connection):
        def execute(self, sql, *args):
            said.append(sql)
            return super().execute(sql, *args)

        def executemany(self, sql, *args):
            said.append(sql)
            return super().executemany(sql, *args)

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **k, factory=Counted))
    return said


def tickets(n: int) -> str:
    """n tickets (numbered from n): a third with a paper form's number, a third at household 1栋/101, a third
    by a caller."""
    lines = ["编号,管理处,楼栋,房号,来电人,类型,内容,报告时间"]
    for i in range(n, 2 * n):
        ref = f"P{i:04d}" if i % 3 == 0 else ""
        where = "1栋,101," if i % 3 == 1 else ",,王先生"
        lines.append(f"{ref},JM01,{where},咨询,第{i}单,2026-10-{1 + i % 28:02d} {8 + i // 28 % 10:02d}:{i // 280:02d}")
    return "\n".join(lines) + "\n"


def households(n: int) -> str:
    return "office,building,room,name\n" + "".join(f"JM01,2栋,{1000 + i},住户{i}\n" for i in range(n, 2 * n))


@pytest.mark.parametrize("command, rows", [(("ticket", "import"), tickets), (("household", "import"), households)])
def test_an_import_sends_as_many_statements_for_300_rows_as_for_30(office, tmp_path, statements, command, rows):
    counts = []
    for n in (30, 300):
        path = tmp_path / f"{n}.csv"
        path.write_text(rows(n), encoding="utf-8")
        statements.clear()
        assert office.json(*command, path)["inserted"] == n
        counts.append(len(statements))
        statements.clear()
        again = office.json(*command, path)  # a re-import looks every key up: as few statements
        assert (again["inserted"], again["existing"]) == (0, n)
        counts.append(len(statements))
    assert counts[2] - counts[0] <= 2 and counts[3] - counts[1] <= 2, counts


def test_the_progress_bar_on_a_terminal_says_rows_and_rows_per_second(monkeypatch):
    from rich.console import Console

    from commscli.cli import common
    from commscli.labels import Msg

    screen = io.StringIO()
    monkeypatch.setattr(common.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(common, "_stderr_console", lambda: Console(file=screen, force_terminal=True, width=120))
    for lang, words in (("en", ("importing h.csv", "rows", "rows/s")), ("zh", ("导入 h.csv", "行", "行/秒"))):
        env = common.Env(lang=lang)
        with env.progress(Msg("msg.importing", file="h.csv"), counting=True) as tick:
            tick(5000)
            tick.bar.refresh()
        shown = screen.getvalue()
        assert "5,000" in shown and all(w in shown for w in words), shown


def test_the_progress_bar_is_not_drawn_when_stderr_is_not_a_terminal(cli, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(households(3), encoding="utf-8")
    r = cli("household", "import", path)  # CliRunner: stderr is not a terminal
    assert r.exit_code == 0 and r.stderr.strip() == "", r.stderr


CELLS = [
    ["JM01", "1栋", "101", "王伟", "138 0013 8000", "业主", "", "2019/5/1", "是"],
    ["JM01", "1栋", "102", "", "", "租户", "business", "2019年5月1日", ""],
    ["JM01", "1栋", "103"],  # a short row: its last cells blank
    ["", "1栋", "104"],  # the office from --office
    ["JM01", " ", "105"],  # a required cell blank
    ["JM01", "1栋", "106", "a\x07b"],  # a control character
    ["JM01", "1栋", "107", "x\r\ny"],  # a Windows line break in a cell is one newline
    ["JM01", "1栋", "108", "", "12"],  # not a phone
    ["JM01", "1栋", "109", "", "", "landlord"],
    ["JM01", "1栋", "110", "", "", "", "", "2019-13-01"],
    ["JM01", "1栋", "111", "", "", "", "", "2019-05-01", "也许"],
]


@pytest.mark.parametrize("given", [{}, {"office": "JM02"}])
def test_the_row_cleaner_gives_what_clean_gives_values_and_errors(given):
    from commscli.domain import registry
    from commscli.domain.fields import clean, row_cleaner
    from commscli.errors import CommsError

    names = ["office", "building", "room", "name", "phone", "kind", "use", "move_in", "occupied"]
    spec = registry.HOUSEHOLD

    def said(f, *args):
        try:
            return f(*args)
        except CommsError as exc:
            return ("error", str(exc), exc.field, exc.value)

    fast = row_cleaner(spec, names, given, memo=2)  # a memo of two texts: kept, cleared and left off
    for _ in range(3):
        for cells in CELLS:
            raw = dict(zip(names, cells, strict=False))
            for f, v in given.items():
                if not str(raw.get(f) or "").strip():
                    raw[f] = v
            assert said(fast, cells) == said(clean, spec, raw), cells
    assert said(fast, CELLS[0])["phone"] == "13800138000" and said(fast, CELLS[1])["move_in"] == "2019-05-01"


def move_ins(n: int) -> str:
    """n households that moved in during the last two months (now: 2026-11-23), so each is owed a callback."""
    return "office,building,room,name,move_in\n" + "".join(
        f"JM01,2栋,{1000 + i},住户{i},2026-10-{1 + i % 28:02d}\n" for i in range(n, 2 * n)
    )


def test_the_new_resident_callbacks_of_an_import_are_written_in_as_many_statements_for_300_as_for_30(
    office, tmp_path, sent
):
    from tests.conftest import events

    counts = []
    for n in (30, 300):
        path = tmp_path / f"{n}.csv"
        path.write_text(move_ins(n), encoding="utf-8")
        sent.clear()
        assert office.json("household", "import", path)["inserted"] == n
        counts.append(sum("callbacks" in sql or "events" in sql for sql in sent))
    assert counts[1] == counts[0] <= 6, counts
    rows = office.json("callback", "list", "--kind", "new_resident", "--limit", "1000")
    assert len(rows) == 330 and len({r["household_id"] for r in rows}) == 330
    first = next(r for r in rows if r["room"] == "1030")  # moved in 2026-10-03: due a month on, at the day's end
    assert first["due_at"] == "2026-11-03T23:59:59+08:00" and first["state"] == "open"
    created = events(office, record_table="callbacks", action="create")
    assert sorted(e["record_id"] for e in created) == sorted(r["id"] for r in rows)
    assert all(e["by"] == created[0]["by"] and '"kind": "new_resident"' in e["after"] for e in created)


@pytest.mark.parametrize("given", [{}, {"office": "JM02"}])
def test_the_column_cleaner_gives_what_clean_gives_or_leaves_the_batch_to_the_rows(given):
    from commscli.domain import registry
    from commscli.domain.fields import clean, column_cleaner
    from commscli.errors import CommsError

    names = ["office", "building", "room", "name", "phone", "kind", "use", "move_in", "occupied"]
    spec = registry.HOUSEHOLD
    rows = [cells + [""] * (len(names) - len(cells)) for cells in CELLS]  # as wide as the header

    def cleaned(cells):
        raw = dict(zip(names, cells, strict=True))
        for f, v in given.items():
            if not str(raw.get(f) or "").strip():
                raw[f] = v
        try:
            r = clean(spec, raw)
        except CommsError:
            return None
        return tuple(r.get(f.name) for f in spec)

    good = [cells for cells in rows if cleaned(cells) is not None]
    refused = [cells for cells in rows if cleaned(cells) is None]
    assert len(good) >= 4 and len(refused) >= 6
    by_columns = column_cleaner(spec, names, given, memo=2)  # a memo of two texts: kept, cleared and left off
    for _ in range(3):
        assert list(zip(*by_columns(good), strict=True)) == [cleaned(cells) for cells in good]
        for cells in refused:  # a refused cell: the batch is cleaned row by row, which names the row
            assert by_columns([*good, cells]) is None
        assert by_columns([*good, good[0][:5]]) is None  # a short row too
