"""The trends' month counters (migration m017_month_counts, issue 15) agree with a direct GROUP BY over the rows.

The reference is what store/trends.py ran before the counters: one scan per figure over the records' times (copied
here as it was). The counters are kept by triggers, so they must agree after any write: the demo (built through the
services), random steps through the CLI on it (arrive, resolve, reopen, cancel, defer, dispatch, callback record,
survey record, new tickets), a store upgraded from the schema before the counters (the backfill), and random raw SQL
inserts, updates and deletes on every counted table.
"""

import random
import sqlite3
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commscli.domain import callbacks as cb_rules
from commscli.store import db, open_store
from commscli.store import trends as q
from commscli.store.records import in_offices, is_set
from commscli.store.tickets import SLA_STATE
from tests.conftest import Cli, copy_store, frozen_env

START, END = "0000-01-01T00:00:00+08:00", "9999-12-01T00:00:00+08:00"
NOW = "2026-11-23T10:00:00+08:00"


# --- the reference: the trend queries as they scanned the records before the counters -----------------------------


def ref_sla(store, ids):
    where, ids = in_offices("t.office_id", ids)
    return store.query(
        f"SELECT substr(t.reported_at, 1, 7) AS month, t.priority, SUM(s = 'met') AS met,"
        f" SUM(s IN ('met', 'breached')) AS decided FROM (SELECT t.reported_at, t.priority, {SLA_STATE} AS s"
        f" FROM tickets t WHERE {where} AND t.reported_at >= ? AND t.reported_at < ? AND t.kind = 'repair'"
        " AND t.state != 'cancelled') t GROUP BY 1, 2",
        [NOW, *ids, START, END],
    )


def ref_complaints(store, ids):
    where, ids = in_offices("t.office_id", ids)
    return store.query(
        "SELECT substr(t.reported_at, 1, 7) AS month, COUNT(*) AS n, SUM(t.state = 'closed') AS closed FROM tickets t"
        f" WHERE {where} AND t.reported_at >= ? AND t.reported_at < ? AND t.kind = 'complaint'"
        " AND t.state != 'cancelled' GROUP BY 1",
        [*ids, START, END],
    )


def ref_satisfaction(store, ids):
    where, ids = in_offices("c.office_id", ids)
    marks = ", ".join("?" for _ in cb_rules.SATISFIED)
    return store.query(
        f"SELECT substr(c.done_at, 1, 7) AS month, SUM(c.satisfaction IN ({marks})) AS satisfied,"
        f" SUM({is_set('c.satisfaction')}) AS graded FROM callbacks c"
        f" WHERE {where} AND c.state = 'done' AND c.done_at >= ? AND c.done_at < ? GROUP BY 1",
        [*cb_rules.SATISFIED, *ids, START, END],
    )


def ref_visits(store, ids):
    where, ids = in_offices("v.office_id", ids)
    return store.query(
        "SELECT v.office_id, substr(v.started_at, 1, 7) AS month, COUNT(*) AS done FROM visits v"
        f" WHERE {where} AND v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled' GROUP BY 1, 2",
        [*ids, START, END],
    )


def ref_surveys(store, ids):
    where, ids = in_offices("s.office_id", ids)
    return store.query(
        "SELECT s.season AS month, SUM(s.target) AS target,"
        " SUM((SELECT COUNT(*) FROM survey_returns r WHERE r.survey_id = s.id)) AS returns"
        f" FROM surveys s WHERE {where} AND s.season >= ? AND s.season <= ? GROUP BY 1",
        [*ids, "0000-01", "9999-12"],
    )


def figures(sla, complaints, satisfaction, visits, surveys) -> dict:
    """Each trend's rows as {(month, …): values}, without the all-zero ones (a month without records reads 0)."""

    def keep(rows, key, values):
        out = {}
        for r in rows:
            v = tuple(r[c] or 0 for c in values)
            if any(v):
                out[key(r)] = v
        return out

    return {
        "sla": keep(sla, lambda r: (r["month"], r["priority"] or ""), ("met", "decided")),
        "complaints": keep(complaints, lambda r: r["month"], ("n", "closed")),
        "satisfaction": keep(satisfaction, lambda r: r["month"], ("satisfied", "graded")),
        "visits": keep(visits, lambda r: (r["office_id"], r["month"]), ("done",)),
        "surveys": keep(surveys, lambda r: r["month"], ("target", "returns")),
    }


def reference(store, ids) -> dict:
    return figures(*(f(store, ids) for f in (ref_sla, ref_complaints, ref_satisfaction, ref_visits, ref_surveys)))


def counted(store, ids) -> dict:
    return figures(
        q.sla_by_month(store, ids, START, END, NOW),
        q.complaints_by_month(store, ids, START, END),
        q.satisfaction_by_month(store, ids, START, END, cb_rules.SATISFIED),
        q.visits_by_month(store, ids, START, END),
        q.survey_returns_by_month(store, ids, "0000-01", "9999-12"),
    )


def assert_agree(store):
    offices = [r[0] for r in store.execute("SELECT DISTINCT office_id FROM month_counts")]
    offices = sorted(set(offices) | {r[0] for r in store.execute("SELECT id FROM offices")})
    for ids in [[o] for o in offices] + [offices]:
        assert counted(store, ids) == reference(store, ids), ids


# --- through the services ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("counts")
    c = Cli(folder / "demo.db")
    c.ok("demo", "--db", c.db, db=False, env=frozen_env(folder))
    return c, frozen_env(folder)


def test_the_demo_built_through_the_services_counts_what_the_rows_say(demo):
    c, _ = demo
    store = open_store(c.db, readonly=True)
    assert store.one("SELECT SUM(n) AS n FROM month_counts WHERE figure LIKE 'sla.%'")["n"] > 100
    assert_agree(store)


def test_random_steps_through_the_cli_keep_the_counters(demo, tmp_path):
    c0, env = demo
    c = Cli(tmp_path / "steps.db")
    copy_store(c0.db, c.db)
    rng = random.Random(15)
    conn = sqlite3.connect(c.db)
    tickets = [r[0] for r in conn.execute("SELECT id FROM tickets ORDER BY id")]
    callbacks = [r[0] for r in conn.execute("SELECT id FROM callbacks WHERE state = 'open' ORDER BY id")]
    conn.close()
    done, errors, open_ = 0, [], []
    for i in range(150):
        if rng.random() < 0.7:  # mostly the tickets whose clocks still run, which most steps take
            conn = sqlite3.connect(c.db)
            open_ = [r[0] for r in conn.execute("SELECT id FROM tickets WHERE state NOT IN ('closed', 'cancelled')")]
            conn.close()
        t = rng.choice(open_ if open_ else tickets)
        conn = sqlite3.connect(c.db)
        last = conn.execute("SELECT last_at FROM tickets WHERE id = ?", (t,)).fetchone()[0]
        conn.close()
        # after the ticket's last step (a step may not go back in time), at times late for its clock
        at = datetime.fromisoformat(last) + timedelta(minutes=rng.choice([5, 20, 90, 600, 3000]))
        day = min(at, datetime.fromisoformat(NOW)).strftime("%Y-%m-%d %H:%M")
        step = rng.choice(
            [
                ("ticket", "arrive", t, "--at", day),
                ("ticket", "dispatch", t, "--to", "工程部", "--at", day),
                ("ticket", "resolve", t, "--note", "修好", "--at", day),
                ("ticket", "resolve", t, "--note", "电话指导", "--without-visit", "--at", day),
                ("ticket", "reopen", t, "--reason", "复发", "--at", day),
                ("ticket", "cancel", t, "--reason", "重复", "--at", day),
                ("ticket", "defer", t, "--until", day, "--customer-told-at", day, "--at", day),
                (
                    "callback",
                    "record",
                    rng.choice(callbacks),
                    "--method",
                    "phone",
                    "--result",
                    "好",
                    "--satisfaction",
                    rng.choice(["very_satisfied", "satisfied", "neutral", "dissatisfied"]),
                    "--at",
                    day,
                ),
                ("ticket", "new", "--kind", "repair", "--building", "1栋", "--room", "101", "-d", "漏水", "--at", day),
            ]
        )
        r = c(*step, env=env)
        done += r.exit_code == 0
        errors.append(r.stderr)
        if i % 40 == 39:
            assert_agree(open_store(c.db, readonly=True))
    assert done > 40, [e[:150] for e in errors]  # enough steps were taken, not only refused
    assert_agree(open_store(c.db, readonly=True))


def test_an_upgraded_store_is_backfilled(tmp_path):
    """A store at the schema before the counters, filled by raw rows, then upgraded: the backfill counts them."""
    import sqlite_utils

    from commscli.store.db import Store
    from commscli.store.migrations import migrations

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m017_month_counts")
    conn = old.conn
    for code in ("JM01", "JM02"):
        conn.execute("INSERT INTO offices (code, name, created_at, created_by) VALUES (?, 'x', ?, 't')", (code, NOW))
    conn.execute(
        "INSERT INTO households (office_id, building, room, created_at, created_by) VALUES (1, '1', '1', ?, 't')",
        (NOW,),
    )
    rng = random.Random(3)
    for _ in range(200):
        insert(conn, rng.choice(["tickets", "callbacks", "visits", "surveys", "survey_returns"]), rng)
    conn.commit()
    want = {o: reference(Store(path, old), [o]) for o in (1, 2)}
    assert want[1]["sla"] and want[1]["surveys"] and want[2]["satisfaction"]
    old.close()
    store = open_store(path)  # upgrades
    assert {o: counted(store, [o]) for o in (1, 2)} == want
    assert_agree(store)


# --- raw SQL -----------------------------------------------------------------------------------------------------

MONTHS = ["2026-08", "2026-09", "2026-10"]
STATES = ["received", "dispatched", "on_site", "resolved", "replied", "closed", "cancelled"]


def when(rng) -> str:
    return f"{rng.choice(MONTHS)}-{rng.randrange(1, 29):02d}T{rng.randrange(0, 24):02d}:00:00+08:00"


def maybe(rng, value):
    return value if rng.random() < 0.6 else None


def insert(conn, table, rng):
    if table == "tickets":
        reported = when(rng)
        conn.execute(
            "INSERT INTO tickets (office_id, kind, channel, category, priority, household_id, description, state,"
            " reported_at, received_by, arrive_due, arrived_at, resolved_at, without_visit, deferred_until,"
            " deferral_breach, arrive_missed_before, sla, last_at, created_at, created_by)"
            " VALUES (?, ?, 'hotline', 'other', ?, 1, 'x', ?, ?, 'b', ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, 'b')",
            (
                rng.choice([1, 2]),
                rng.choice(["repair", "repair", "complaint", "inquiry"]),
                rng.choice(["urgent", "high", "normal", None]),
                rng.choice(STATES),
                reported,
                maybe(rng, when(rng)),
                maybe(rng, when(rng)),
                maybe(rng, when(rng)),
                rng.choice([0, 1]),
                maybe(rng, when(rng)),
                rng.choice([0, 0, 1]),
                rng.choice([0, 0, 0, 1]),
                reported,
                reported,
            ),
        )
    elif table == "callbacks":
        state = rng.choice(["open", "done", "cancelled"])
        conn.execute(
            "INSERT INTO callbacks (office_id, kind, owed_by, due_at, state, done_at, satisfaction, created_at,"
            " created_by) VALUES (?, 'sample', 'office', ?, ?, ?, ?, ?, 'b')",
            (
                rng.choice([1, 2]),
                when(rng),
                state,
                when(rng) if state == "done" or rng.random() < 0.2 else None,
                rng.choice(["very_satisfied", "satisfied", "neutral", "dissatisfied", "", None]),
                NOW,
            ),
        )
    elif table == "visits":
        conn.execute(
            "INSERT INTO visits (office_id, household_id, cycle, visitors, method, started_at, submit_due, state,"
            " created_at, created_by) VALUES (?, 1, 1, '[]', 'x', ?, ?, ?, ?, 'b')",
            (rng.choice([1, 2]), when(rng), NOW, rng.choice(["recorded", "submitted", "reviewed", "cancelled"]), NOW),
        )
    elif table == "surveys":
        conn.execute(
            "INSERT OR IGNORE INTO surveys (office_id, season, deadline, target, min_return, opened_at, opened_by)"
            " VALUES (?, ?, '2026-12-01', ?, 0.5, ?, 'b')",
            (rng.choice([1, 2]), rng.choice(MONTHS), rng.randrange(0, 50), NOW),
        )
    else:
        survey = conn.execute("SELECT id FROM surveys ORDER BY random() LIMIT 1").fetchone()
        conn.execute(
            "INSERT OR IGNORE INTO survey_returns (survey_id, household_id, returned_at, grades, created_by)"
            " VALUES (?, ?, ?, '{}', 'b')",
            (survey[0] if survey and rng.random() < 0.9 else 999, rng.randrange(1, 40), NOW),
        )


UPDATES = {
    "tickets": [
        ("state", lambda rng: rng.choice(STATES)),
        ("kind", lambda rng: rng.choice(["repair", "complaint", "inquiry"])),
        ("priority", lambda rng: rng.choice(["urgent", "high", "normal", None, ""])),
        ("reported_at", when),
        ("office_id", lambda rng: rng.choice([1, 2])),
        ("arrived_at", lambda rng: maybe(rng, when(rng))),
        ("resolved_at", lambda rng: maybe(rng, when(rng))),
        ("without_visit", lambda rng: rng.choice([0, 1])),
        ("arrive_due", lambda rng: maybe(rng, when(rng))),
        ("deferred_until", lambda rng: maybe(rng, when(rng))),
        ("deferral_breach", lambda rng: rng.choice([0, 1])),
        ("arrive_missed_before", lambda rng: rng.choice([0, 1])),
        ("description", lambda rng: "y"),
    ],
    "callbacks": [
        ("state", lambda rng: rng.choice(["open", "done", "cancelled"])),
        ("done_at", lambda rng: maybe(rng, when(rng))),
        ("satisfaction", lambda rng: rng.choice(["very_satisfied", "satisfied", "neutral", "", None, 0])),
        ("office_id", lambda rng: rng.choice([1, 2])),
    ],
    "visits": [
        ("state", lambda rng: rng.choice(["recorded", "submitted", "cancelled"])),
        ("started_at", when),
        ("office_id", lambda rng: rng.choice([1, 2])),
    ],
    "surveys": [
        ("season", lambda rng: rng.choice(MONTHS)),
        ("target", lambda rng: rng.randrange(0, 50)),
        ("office_id", lambda rng: rng.choice([1, 2])),
    ],
    "survey_returns": [("survey_id", lambda rng: rng.randrange(1, 6))],
}


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    s = db.create(tmp_path_factory.mktemp("counts") / "raw.db")
    s.execute("PRAGMA foreign_keys = OFF")  # raw SQL, as anyone may write it
    for code in ("JM01", "JM02"):
        s.execute("INSERT INTO offices (code, name, created_at, created_by) VALUES (?, 'x', ?, 't')", (code, NOW))
    s.execute(
        "INSERT INTO households (office_id, building, room, created_at, created_by) VALUES (1, '1', '1', ?, 't')",
        (NOW,),
    )
    yield s
    s.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), steps=st.integers(1, 80))
def test_random_raw_sql_keeps_the_counters(raw, seed, steps):
    rng = random.Random(seed)
    conn = raw.conn
    for table in UPDATES:
        conn.execute(f"DELETE FROM {table}")
    for _ in range(steps):
        table = rng.choice(list(UPDATES))
        op = rng.choice(["insert", "insert", "update", "update", "delete"])
        if op == "insert":
            insert(conn, table, rng)
            continue
        row = conn.execute(f"SELECT id FROM {table} ORDER BY random() LIMIT 1").fetchone()
        if row is None:
            continue
        if op == "delete":
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row[0],))
        else:
            cols = rng.sample(UPDATES[table], min(len(UPDATES[table]), rng.randrange(1, 3)))
            sets = ", ".join(f"{c} = ?" for c, _ in cols)
            try:
                conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*(f(rng) for _, f in cols), row[0]))
            except sqlite3.IntegrityError:  # a survey's (office, season) already taken
                pass
    if rng.random() < 0.3:  # one statement moving many rows
        conn.execute("UPDATE tickets SET state = 'cancelled' WHERE id % 3 = 0")
    assert_agree(raw)


def test_each_month_of_the_trend_is_what_that_months_report_says(demo):
    """The October report's trend points from the counters equal each month's own key figures (its sections, as of
    now): the demo's months with records, June to September."""
    c, env = demo
    trends = {t["key"]: t["points"] for t in c.json("report", "monthly", "--month", "2026-10", env=env)["trends"]}
    checked = 0
    for month in ("2026-06", "2026-07", "2026-08", "2026-09"):
        figures = {k["key"]: k for k in c.json("report", "monthly", "--month", month, env=env)["key_figures"]}
        for key, points in trends.items():
            point = next(p for p in points if p["month"] == month)
            own = figures[key]
            assert (point["numerator"], point["denominator"]) == (own["numerator"], own["denominator"]), (month, key)
            checked += point["denominator"] > 0
    assert checked >= 20
