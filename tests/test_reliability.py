"""Nothing is lost: commands killed with SIGKILL at random moments leave a store that passes `db check`
and holds all or none of each command's rows; clerks and a report loop in four processes at once never see
"database is locked", and every acknowledged write is there with its events.

These are tests, not benchmarks: the moments are drawn from a seeded generator, and the latencies are
printed (run with -s) for the reader, never asserted."""

import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import copy_store, frozen_env

CLI = [sys.executable, "-m", "commscli"]
HOUSEHOLDS = 3000


def environment(folder: Path, db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMSCLI_")}
    env.update({k: v for k, v in frozen_env(folder).items() if v is not None})
    env["COMMSCLI_DB"] = str(db)
    return env


def commscli(env: dict, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *map(str, args)], env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout
    )


def check(env: dict) -> dict:
    done = commscli(env, "db", "check", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["integrity"] == ["ok"] and report["foreign_key_problems"] == [] and report["problems"] == []
    return report


def count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def killed_after(cmd: list, env: dict, delay: float) -> str:
    """Start ``cmd`` in its own process group, SIGKILL the group after ``delay`` seconds; its stdout so far."""
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
    )
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    return out


@pytest.fixture
def store(office, tmp_path) -> tuple[Path, dict]:
    """The office store (JM01, household 1栋/101, engineer 刘强) and a subprocess environment on it."""
    return office.db, environment(tmp_path, office.db)


# --- crash safety -----------------------------------------------------------------------------


@pytest.mark.slow
def test_an_import_killed_at_20_moments_leaves_none_or_all_of_its_rows(store, tmp_path):
    db, env = store
    rows = ["office,building,room,name,phone,kind,use,move_in,occupied"]
    rows += [f"JM01,2栋,{i + 1:04d},住户{i},139{i:08d},owner,home,2020-01-01,yes" for i in range(HOUSEHOLDS)]
    csv = tmp_path / "households.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    base = tmp_path / "base.db"
    copy_store(db, base)
    start = time.perf_counter()
    whole = commscli(env, "household", "import", csv)
    full = time.perf_counter() - start
    assert whole.returncode == 0, whole.stderr
    before = count(base, "SELECT COUNT(*) FROM households")
    rng = random.Random(20261130)
    seen = {}
    for trial in range(20):
        copy_store(base, db)
        killed_after([*CLI, "household", "import", str(csv)], env, rng.uniform(0, full * 1.1))
        check(env)
        added = count(db, "SELECT COUNT(*) FROM households") - before
        events = count(db, "SELECT COUNT(*) FROM events WHERE action = 'import'")
        assert added in (0, HOUSEHOLDS), f"trial {trial}: {added} of {HOUSEHOLDS} rows"
        assert events == (1 if added else 0)  # the import's one event is in the same transaction
        seen[added] = seen.get(added, 0) + 1
    print(f"\nimport of {HOUSEHOLDS} rows ({full:.2f} s) killed 20 times: {seen} (rows added: trials)")


@pytest.mark.slow
def test_a_loop_of_ticket_new_killed_at_20_moments_loses_no_acknowledged_ticket(store):
    db, env = store
    loop = (
        'for i in $(seq 1 40); do "$0" -m commscli ticket new --kind inquiry -d "问停车费$i" '
        '--building 1栋 --room 101 --at "2026-11-23 09:00" --json | "$0" -c '
        "\"import json,sys; print(json.load(sys.stdin)['id'], flush=True)\" || exit 1; done"
    )
    rng = random.Random(1130)
    acknowledged_total = 0
    for trial in range(20):
        before = count(db, "SELECT COUNT(*) FROM tickets")
        out = killed_after(["/bin/sh", "-c", loop, sys.executable], env, rng.uniform(0.2, 2.5))
        ids = [int(x) for x in out.split()]
        check(env)
        present = {r for (r,) in sqlite3.connect(str(db)).execute("SELECT id FROM tickets")}
        assert set(ids) <= present, f"trial {trial}: acknowledged tickets missing"
        after = count(db, "SELECT COUNT(*) FROM tickets")
        assert after - before in (len(ids), len(ids) + 1)  # one in flight may commit before it is acknowledged
        created = count(db, "SELECT COUNT(*) FROM events WHERE record_table = 'tickets' AND action = 'create'")
        assert created == after  # every ticket has its event, and no event its ticket lacks
        acknowledged_total += len(ids)
    print(f"\nticket new loop killed 20 times: {acknowledged_total} acknowledged tickets, all present")


@pytest.mark.slow
def test_demo_killed_at_8_moments_leaves_no_half_store(tmp_path):
    env = environment(tmp_path, tmp_path / "unused.db")
    rng = random.Random(2026)
    outcomes = []
    for trial in range(8):
        db = tmp_path / f"demo{trial}.db"
        killed_after([*CLI, "demo", "--db", str(db)], env, rng.uniform(0.3, 6.0))
        if db.exists():
            check({**env, "COMMSCLI_DB": str(db)})
            outcomes.append(count(db, "SELECT COUNT(*) FROM tickets"))
        else:
            outcomes.append(None)
    full = [n for n in outcomes if n is not None]
    assert len(set(full)) <= 1, f"a killed demo left a partial store: {outcomes}"
    print(f"\ndemo killed 8 times: {outcomes} (tickets in the store, None = no store)")


# --- concurrency ------------------------------------------------------------------------------


def clerk(env: dict, n: int, iterations: int, log: list):
    """A complaint from 1栋/101, resolved, then its callback recorded: four commands per round."""
    for i in range(iterations):
        t0 = 9 * 60 + i  # minutes after midnight, distinct per round
        at = f"2026-11-2{n} {t0 // 60:02d}:{t0 % 60:02d}"
        later = f"2026-11-2{n} {(t0 + 1) // 60:02d}:{(t0 + 1) % 60:02d}"
        made = timed(
            log,
            "ticket new",
            env,
            "ticket",
            "new",
            "--kind",
            "complaint",
            "-d",
            f"噪音{n}-{i}",
            "--building",
            "1栋",
            "--room",
            "101",
            "--at",
            at,
            "--json",
        )
        tid = json.loads(made.stdout)["id"]
        timed(log, "ticket resolve", env, "ticket", "resolve", tid, "--note", "已处理", "--at", later, "--json")
        listed = timed(log, "callback list", env, "callback", "list", "--json", "--all")
        cb = next(c["id"] for c in json.loads(listed.stdout) if c["ticket_id"] == tid)
        timed(
            log,
            "callback record",
            env,
            "callback",
            "record",
            cb,
            "--method",
            "phone",
            "--result",
            "满意",
            "--satisfaction",
            "satisfied",
            "--at",
            later,
            "--json",
        )
        log.append(("acknowledged", tid, cb))


def reporter(env: dict, stop: threading.Event, log: list, backups: list):
    """Reports in a loop, and an online backup after every fourth round while the clerks write."""
    rounds = 0
    while not stop.is_set():
        timed(log, "report monthly", env, "report", "monthly", "--month", "2026-11", "--json")
        timed(log, "report due", env, "report", "due", "--json")
        rounds += 1
        if rounds % 4 == 1:
            dest = Path(env["COMMSCLI_DB"]).with_name(f"online-{rounds}.db")
            timed(log, "db backup", env, "db", "backup", dest)
            backups.append(dest)


def timed(log: list, name: str, env: dict, *args) -> subprocess.CompletedProcess:
    start = time.perf_counter()
    done = commscli(env, *args)
    log.append((name, time.perf_counter() - start, done.returncode, done.stderr))
    return done


@pytest.mark.slow
def test_three_clerks_and_a_report_loop_at_once(store):
    db, env = store
    logs = [[] for _ in range(4)]
    stop = threading.Event()
    clerks = [threading.Thread(target=clerk, args=(env, n, 16, logs[n - 1])) for n in (1, 2, 3)]
    backups = []
    report = threading.Thread(target=reporter, args=(env, stop, logs[3], backups))
    for t in (*clerks, report):
        t.start()
    for t in clerks:
        t.join(timeout=600)
    stop.set()
    report.join(timeout=120)
    commands = [e for log in logs for e in log if e[0] != "acknowledged"]
    failures = [e for e in commands if e[2] != 0]
    assert failures == [], failures[:3]
    assert not any("locked" in e[3] for e in commands)
    acknowledged = [e for log in logs for e in log if e[0] == "acknowledged"]
    assert len(acknowledged) == 48
    conn = sqlite3.connect(str(db))
    tickets = {r[0]: r[1] for r in conn.execute("SELECT id, state FROM tickets")}
    callbacks = {r[0]: r[1] for r in conn.execute("SELECT id, state FROM callbacks")}
    for _, tid, cb in acknowledged:
        assert tickets[tid] == "resolved" and callbacks[cb] == "done"
    for table, actions in (("tickets", ("create", "resolve")), ("callbacks", ("record",))):
        for action in actions:
            got = conn.execute(
                "SELECT COUNT(DISTINCT record_id) FROM events WHERE record_table = ? AND action = ?", (table, action)
            ).fetchone()[0]
            assert got == 48, (table, action, got)
    orphans = conn.execute(
        "SELECT COUNT(*) FROM events e WHERE e.record_table = 'tickets' AND NOT EXISTS "
        "(SELECT 1 FROM tickets t WHERE t.id = e.record_id)"
    ).fetchone()[0]
    conn.close()
    assert orphans == 0
    check(env)
    # each online backup taken while the clerks wrote opens, passes db check, and holds tickets only with
    # their create events (a clerk's command is in it whole or not at all)
    assert backups
    for dest in backups:
        check({**env, "COMMSCLI_DB": str(dest)})
        assert count(dest, "SELECT COUNT(*) FROM tickets") == count(
            dest, "SELECT COUNT(DISTINCT record_id) FROM events WHERE record_table = 'tickets' AND action = 'create'"
        )
    print(f"\n{len(backups)} online backups checked")
    print(f"\n{len(commands)} commands in 4 processes; latency per command (ms):")
    for name in sorted({e[0] for e in commands}):
        ms = sorted(e[1] * 1000 for e in commands if e[0] == name)
        p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
        print(f"  {name:<16} n={len(ms):>3}  p50 {statistics.median(ms):6.0f}  p99 {p99:6.0f}")
