"""The monthly report's queries: an index range search over the month, and counts, not rows (issue 9).

Every statement `report monthly` runs while the sections compute is recorded through the
connection's trace callback, so a query added to any section later is checked too: none may
SCAN a table of records (a registry total over the whole store, marked ``@whole_store`` in
store/, is the one exception), with or without --office, with or without ANALYZE statistics.
"""

import re
import sqlite3

import pytest

from commscli.store import records
from tests.conftest import Cli, copy_store, frozen_env

# tables whose rows grow with time: a month's query must search them through an index
MONTH_TABLES = {
    "tickets",
    "callbacks",
    "callback_samples",
    "visits",
    "visit_items",
    "visit_plans",
    "visit_plan_items",
    "visit_summaries",
    "surveys",
    "survey_returns",
    "households",
    "events",
    "box_openings",
    "box_opening_tickets",
    "letters",
    "guide_services",
    "notices",
    "notice_postings",
    "notice_households",
    "staff_appeals",
    "mailbox_letters",
    "staff_needs_surveys",
    "info_entries",
    "info_distributions",
    "info_reviews",
    "meetings",
    "stop_plans",
    "stop_units",
    "stop_unit_members",
    "stop_areas",
    "stop_cards",
    "stop_card_observers",
    "stop_weeks",
    "stop_measures",
    "stop_trainings",
    "stop_summaries",
    "stop_awards",
    "stop_deviations",
    "meeting_resolutions",
    "month_counts",
}
OCTOBER = ("2026-10-01T00:00:00+08:00", "2026-11-01T00:00:00+08:00")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo store (JM01, a year of records) and a second office JM02 with one October ticket."""
    folder = tmp_path_factory.mktemp("month")
    env = frozen_env(folder)
    c = Cli(folder / "demo.db")
    c.ok("demo", "--db", c.db, db=False, env=env)
    c.ok("office", "add", "JM02", "--name", "翠湖苑物业服务中心", "--buildings", "A座", env=env)
    c.ok(
        "household", "add", "--office", "JM02", "--building", "A座", "--room", "101", "--move-in", "2026-10-03", env=env
    )
    c.ok(
        "ticket",
        "new",
        "--kind",
        "complaint",
        "--office",
        "JM02",
        "--building",
        "A座",
        "--room",
        "101",
        "-d",
        "噪音",
        "--at",
        "2026-10-09T09:00",
        env=env,
    )
    return c.db


@pytest.fixture
def store(demo_store, tmp_path) -> Cli:
    c = Cli(tmp_path / "copy.db")
    copy_store(demo_store, c.db)
    return c


class CountingCursor:
    def __init__(self, cur, counter):
        self._cur, self._counter = cur, counter

    def __iter__(self):
        for row in self._cur:
            self._counter[0] += 1
            yield row

    def fetchone(self):
        row = self._cur.fetchone()
        self._counter[0] += row is not None
        return row

    def fetchall(self):
        rows = self._cur.fetchall()
        self._counter[0] += len(rows)
        return rows

    def __getattr__(self, name):
        return getattr(self._cur, name)


class CountingConnection:
    def __init__(self, conn, counter):
        self._conn, self._counter = conn, counter

    def execute(self, sql, params=()):
        return CountingCursor(self._conn.execute(sql, params), self._counter)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def recorded(c: Cli, monkeypatch, *args, month="2026-10") -> tuple[list, int, dict]:
    """(statements run by the sections as (sql, whole-store total?), rows fetched, the report)."""
    from commscli import sections

    statements, fetched = [], [0]
    real = sections.monthly

    def monthly(store, *a, **kw):
        conn = store.conn
        conn.set_trace_callback(lambda sql: statements.append((sql, records.in_whole_store_total())))
        store.conn = CountingConnection(conn, fetched)
        try:
            return real(store, *a, **kw)
        finally:
            store.conn = conn
            conn.set_trace_callback(None)

    monkeypatch.setattr(sections, "monthly", monthly)
    report = c.json("report", "monthly", "--month", month, *args)
    return statements, fetched[0], report


def tables_of(sql: str) -> dict:
    """alias → table for every FROM / JOIN of a statement."""
    out = {}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.I):
        out[table] = table
        if alias and alias.upper() not in {"WHERE", "JOIN", "LEFT", "ON", "GROUP", "ORDER", "INNER", "CROSS", "LIMIT"}:
            out[alias] = table
    return out


def plans(path, statements) -> list[tuple[str, list[str], bool]]:
    conn = sqlite3.connect(str(path))
    try:
        return [
            (sql, [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)], exempt)
            for sql, exempt in statements
            if sql.lstrip().upper().startswith(("SELECT", "WITH"))
        ]
    finally:
        conn.close()


@pytest.mark.parametrize("analyze", [False, True])
@pytest.mark.parametrize("office", [(), ("--office", "JM01")])
def test_no_month_query_scans_its_table(store, monkeypatch, office, analyze):
    if analyze:
        conn = sqlite3.connect(str(store.db))
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
    statements, _, _ = recorded(store, monkeypatch, *office, month="2026-11")  # the demo's survey month
    scanned, searched = [], set()
    for sql, plan, exempt in plans(store.db, statements):
        names = tables_of(sql)
        for line in plan:
            m = re.match(r"(SCAN|SEARCH) (\w+)", line)
            if not m or "VIRTUAL TABLE" in line:
                continue
            table = names.get(m.group(2), m.group(2))
            if m.group(1) == "SEARCH":
                searched.add(table)
            elif table in MONTH_TABLES and not exempt:
                scanned.append(f"{line}\n    in: {sql}")
    assert not scanned, "\n".join(scanned)
    # the month's records are found by a range over their time, whether or not --office is given
    ranges = "\n".join(line for _, plan, _ in plans(store.db, statements) for line in plan)
    for column in (
        *("reported_at", "done_at", "started_at", "move_in", "quote_accepted_at", "opened_at", "dated"),
        *("submitted_at", "received_at", "answered_at", "held_at"),
    ):
        assert re.search(rf"\(office_id=\? AND {column}>\? AND {column}<\?\)", ranges), column
    assert re.search(r"\(office_id=\? AND logged_at>\? AND logged_at<\?\)", ranges), "info_entries"
    # the check saw the month's queries of every kind of record
    assert {
        "tickets",
        "callbacks",
        "callback_samples",
        "visits",
        "visit_items",
        "surveys",
        "survey_returns",
        "households",
        "visit_plan_items",
        "box_openings",
        "box_opening_tickets",
        "letters",
        "guide_services",
        "staff_appeals",
        "mailbox_letters",
        "staff_needs_surveys",
        "info_entries",
        "meetings",
    } <= searched


def triple_october(path):
    """Every October ticket, callback done, visit and visit item twice more (new ids; the copied
    visits have no items, the items are copied onto the same visits)."""
    conn = sqlite3.connect(str(path))

    def copy(table, where, drop=("id",)):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in drop]
        last = conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0]
        sql = f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM {table} WHERE id <= ? AND {where}"
        for _ in range(2):
            conn.execute(sql, (last, *OCTOBER))

    copy("visit_items", "visit_id IN (SELECT id FROM visits WHERE started_at >= ? AND started_at < ?)")
    copy("tickets", "reported_at >= ? AND reported_at < ?", drop=("id", "ref"))
    copy("callbacks", "state = 'done' AND done_at >= ? AND done_at < ?")
    copy("visits", "started_at >= ? AND started_at < ?")
    conn.commit()
    conn.close()


def test_the_report_fetches_counts_not_rows(store, monkeypatch):
    """Three times the month's records: the same number of rows fetched, three times the figures."""
    _, before, report = recorded(store, monkeypatch)
    triple_october(store.db)
    _, after, tripled = recorded(store, monkeypatch)

    def figures(rep, key):
        section = next(s for s in rep["sections"] if s["key"] == key)
        return {f["key"]: f["value"] for f in section["figures"]}

    assert figures(tripled, "section.tickets")["fig.tickets"] == 3 * figures(report, "section.tickets")["fig.tickets"]
    assert (
        figures(tripled, "section.visits")["fig.visit_items"]
        == 3 * figures(report, "section.visits")["fig.visit_items"]
    )
    assert after == before, f"{before} rows fetched for the month, {after} for three times the month"


def test_the_month_ticket_query_reads_one_index_and_no_ticket_row(store, monkeypatch, tmp_path):
    """The month's ticket figures come from one index over (office_id, reported_at) that holds every value
    the aggregate reads, the verdicts and flags computed when the ticket is written (generated columns):
    the query reads no row of the table. The index of resolved repairs, which no query uses, is gone."""
    statements, _, _ = recorded(store, monkeypatch)
    (sql,) = [s for s, _ in statements if "GROUP BY 1, 2, 3, 4, 5, 6" in s]
    conn = sqlite3.connect(str(store.db))
    try:
        plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert any(
            re.match(
                r"SEARCH t USING (COVERING )?INDEX tickets_month \(office_id=\? AND reported_at>\? AND reported_at<\?\)",
                p,
            )
            for p in plan
        ), plan
        # the program reads no column of the table itself (each OP_Column names the index's cursor)
        program = list(conn.execute("EXPLAIN " + sql))
        opened = {r[2]: r[3] for r in program if r[1] in ("OpenRead", "ReopenIdx")}
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").fetchone()[0]
        table_cursors = {cursor for cursor, page in opened.items() if page == root}
        assert not [r for r in program if r[1] == "Column" and r[2] in table_cursors]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        conn.close()
    assert "tickets_repairs_resolved" not in indexes
