"""`report monthly` for a month of ~85k tickets, in a 100k- and a 1M-ticket store, in one run.

Targets (issue 9): the month's report costs at most 3x one bare GROUP BY over a covering
index of the same store, with a peak RSS of at most 100 MB; and its cost follows the
month, not the store (1M / 100k near 1).

The stores are generated once into tests/bench/.cache/ (git-ignored) and reused. Both hold
the same October 2026 (85,000 tickets: repairs of every priority with on-time, late and
open arrivals, complaints replied / analysed / escalated, the other kinds, some cancelled,
reopened and reworked; and 8,000 callbacks done that month); the rest of each store is
closed history spread over the five years before.

The baseline is a Python process (the same interpreter) that opens the store with sqlite3
and runs ``SELECT office_id, count(*) … GROUP BY office_id`` over the month through the
``tickets_reported (office_id, reported_at)`` index, which covers it: the floor any report
of that month pays (process start, opening the file, one index range scan). The index is named
(INDEXED BY): the planner would otherwise pick the wider ``tickets_month``, which covers it too
and which the report's ticket query reads.

Third, a 100k-row ticket import (`commscli ticket import`) into a fresh store, with the
working-day calendar's per-date cache and without it (the same process with
``Calendar.day`` swapped back to the uncached lookup), to show what the cache buys.

A second baseline runs the same GROUP BY in a process that first pays what every commscli
command pays before it does anything: importing the CLI (typer) and ``commscli.cli.common``,
and opening the store with ``open_store`` (sqlite-utils, the migration check, WAL). A bare
``python -c`` takes ~20 ms; no commscli command can start in under ~100 ms, so the ratio to
this second row says what the report itself costs beyond its start-up.

Run: python tests/bench/bench_report.py [N]
"""

import random
import sqlite3
import sys
import time
from pathlib import Path

from _bench import (
    CACHE,
    PY,
    commscli,
    header,
    interleaved,
    must,
    new_cached_store,
    remove_store,
    schema_tag,
    seal_cached_store,
    table,
    tempdir,
)

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5
NOW = "2026-11-23T10:00:00+08:00"
MONTH_TICKETS = 85_000
MONTH_CALLBACKS = 8_000
OCT_START = 1_790_784_000  # 2026-10-01T00:00:00+08:00 as a Unix time
OCT_SECONDS = 31 * 86400
KINDS = ["repair"] * 60 + ["complaint"] * 15 + ["inquiry"] * 12 + ["suggestion"] * 8 + ["help"] * 5
CHANNELS = ["hotline", "walk_in", "visit", "letter", "suggestion_box", "app", "email"]
CATEGORIES = [
    "order_security",
    "cleaning",
    "greening",
    "repair_service",
    "facilities",
    "staff_ability",
    "convenience",
    "culture",
    "centre_ability",
    "special_difficulty",
    "other",
]
PRIORITIES = ["urgent"] * 1 + ["high"] * 3 + ["normal"] * 6
COLS = (
    "office_id, kind, channel, category, priority, household_id, description, state, reported_at, received_by,"
    " arrive_due, resolve_due, sla, open_due, dispatched_at, arrived_at, resolved_at, replied_at, closed_at,"
    " reply_due, cause, prevention, escalation, reopened, reworked, parent_id, deferral_breach, last_at,"
    " created_at, created_by"
)
SQL = f"INSERT INTO tickets ({COLS}) VALUES ({', '.join('?' * 30)})"


def stamp(s: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(s + 8 * 3600))


def month_ticket(rng: random.Random, s: int) -> tuple:
    """One October ticket with a plausible life."""
    kind = rng.choice(KINDS)
    priority = rng.choice(PRIORITIES) if kind == "repair" else None
    r = stamp(s)
    arrive_due = resolve_due = None
    if kind == "repair":
        arrive_due = stamp(s + {"urgent": 600, "high": 900}.get(priority, 3600 * 6))
    else:
        resolve_due = stamp(s + 2 * 86400)
    state = rng.choice(["closed"] * 14 + ["replied", "resolved", "on_site", "dispatched", "received", "cancelled"])
    late = rng.random() < 0.08
    dispatched = stamp(s + 120) if state != "received" else None
    arrived = (
        stamp(s + (1200 if late else 300)) if kind == "repair" and state not in ("received", "dispatched") else None
    )
    resolved = stamp(s + 3600) if state in ("resolved", "replied", "closed") else None
    replied = stamp(s + 5400) if state in ("replied", "closed") else None
    closed = stamp(s + 7200) if state == "closed" else None
    complaint = kind == "complaint"
    analysed = complaint and (state == "closed" or rng.random() < 0.4)
    escalation = (
        rng.choice(["compensation", "against_director", "major"]) if complaint and rng.random() < 0.05 else None
    )
    open_due = (
        arrive_due
        if kind == "repair" and state in ("received", "dispatched")
        else resolve_due
        if kind != "repair" and state in ("received", "dispatched", "on_site")
        else stamp(s + 5400)
        if state == "resolved"
        else None
    )
    last = closed or replied or resolved or arrived or dispatched or r
    return (
        1,
        kind,
        rng.choice(CHANNELS),
        "repair_service" if kind == "repair" else rng.choice(CATEGORIES),
        priority,
        rng.randrange(1, 1001),
        "十月报修" if kind == "repair" else "十月来电",
        state,
        r,
        "b",
        arrive_due,
        resolve_due,
        "{}",
        open_due,
        dispatched,
        arrived,
        resolved,
        replied,
        closed,
        stamp(s + 5400) if resolved else None,
        "原因" if analysed else None,
        "措施" if analysed else None,
        escalation,
        int(rng.random() < 0.01),
        int(kind == "repair" and rng.random() < 0.01),
        None,
        int(rng.random() < 0.002),
        last,
        r,
        "b",
    )


def history_ticket(rng: random.Random, s: int) -> tuple:
    r, a, z = stamp(s), stamp(s + 600), stamp(s + 3600)
    return (
        1,
        "repair",
        "hotline",
        "repair_service",
        "normal",
        rng.randrange(1, 1001),
        "历史报修",
        "closed",
        r,
        "b",
        stamp(s + 900),
        None,
        "{}",
        None,
        r,
        a,
        z,
        z,
        z,
        z,
        None,
        None,
        None,
        0,
        0,
        None,
        0,
        z,
        r,
        "b",
    )


def build(n: int) -> Path:
    path = CACHE / f"report-{n}-{schema_tag()}.db"
    if path.exists():
        return path
    tmp = new_cached_store(path, "JM01")
    rng = random.Random(2026)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA synchronous = OFF")
    conn.executemany(
        "INSERT INTO households (office_id, building, room, occupied, created_at, created_by)"
        " VALUES (1, ?, ?, 1, ?, 'b')",
        [(f"{b}栋", f"{r}", NOW) for b in range(1, 11) for r in range(1, 101)],
    )
    batch = []

    def flush(force=False):
        if force or len(batch) >= 50_000:
            conn.executemany(SQL, batch)
            batch.clear()

    history = n - MONTH_TICKETS
    t0, span = OCT_START - 5 * 365 * 86400, 5 * 365 * 86400 - 86400  # the five years before October
    for i in range(history):
        batch.append(history_ticket(rng, t0 + i * span // history))
        flush()
    for i in range(MONTH_TICKETS):
        batch.append(month_ticket(rng, OCT_START + i * OCT_SECONDS // MONTH_TICKETS))
        flush()
    flush(True)
    first_oct = conn.execute("SELECT min(id) FROM tickets WHERE reported_at >= ?", (stamp(OCT_START),)).fetchone()[0]
    sats = ["very_satisfied", "satisfied", "satisfied", "fair", "dissatisfied", None]
    conn.executemany(
        "INSERT INTO callbacks (office_id, kind, ticket_id, household_id, owed_by, due_at, created_at, created_by,"
        " state, done_at, method, result, satisfaction, defect_persists, recorded_by)"
        " VALUES (1, ?, ?, ?, 'office', ?, ?, 'b', 'done', ?, 'phone', '好', ?, 0, 'b')",
        [
            (
                rng.choice(["sample", "complaint"]),
                first_oct + i,
                rng.randrange(1, 1001),
                stamp(OCT_START + i * 300 + 86400),
                stamp(OCT_START + i * 300),
                stamp(OCT_START + i * 300 + 3600),
                rng.choice(sats),
            )
            for i in range(MONTH_CALLBACKS)
        ],
    )
    return seal_cached_store(conn, tmp, path)


BASELINE = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
    ' print(c.execute("SELECT office_id, count(*) FROM tickets INDEXED BY tickets_reported WHERE office_id = 1'
    " AND reported_at >= '2026-10-01T00:00:00+08:00' AND reported_at < '2026-11-01T00:00:00+08:00'"
    ' GROUP BY office_id").fetchall())'
)


IMPORT_ROWS = 100_000
IMPORT_CSV = CACHE / "tickets-import-100k-v1.csv"
UNCACHED = (
    "import sys, commscli.workdays as w; w.Calendar.day = w.Calendar._work_out;"
    " from commscli.cli import main; sys.argv = ['commscli', *sys.argv[1:]]; main()"
)


def import_csv() -> Path:
    """100k historical tickets over 2024-2026 (the calendar is asked for every report day)."""
    if IMPORT_CSV.exists():
        return IMPORT_CSV
    rng = random.Random(7)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = IMPORT_CSV.with_suffix(".tmp")
    start = OCT_START - 2 * 365 * 86400
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write("office,building,room,kind,priority,description,reported_at,arrived_at,resolved_at\n")
        for i in range(IMPORT_ROWS):
            s = start + i * (2 * 365 * 86400) // IMPORT_ROWS
            kind = rng.choice(KINDS)
            pri = rng.choice(PRIORITIES) if kind == "repair" else ""
            arrived = stamp(s + 300)[:19] if kind == "repair" else ""
            fh.write(
                f"JM01,{rng.randrange(1, 11)}栋,{rng.randrange(1, 101)},{kind},{pri},第{i}单,"
                f"{stamp(s)[:19]},{arrived},{stamp(s + 3600)[:19]}\n"
            )
    tmp.rename(IMPORT_CSV)
    return IMPORT_CSV


def import_bench(n: int):
    csv_path = import_csv()
    with tempdir("import") as d:
        store = Path(d) / "import.db"
        template = Path(d) / "template.db"
        must(commscli("db", "init", "--db", template))
        must(commscli("office", "add", "JM01", "--name", "bench", "--db", template))
        conn = sqlite3.connect(template)
        conn.executemany(
            "INSERT INTO households (office_id, building, room, occupied, created_at, created_by)"
            " VALUES (1, ?, ?, 1, ?, 'b')",
            [(f"{b}栋", f"{r}", NOW) for b in range(1, 11) for r in range(1, 101)],
        )
        conn.commit()
        conn.close()

        def fresh(label):
            remove_store(store)
            store.write_bytes(template.read_bytes())

        args = ["ticket", "import", str(csv_path), "--db", str(store)]
        series = interleaved(
            {
                "ticket import 100k, calendar cached": commscli(*args),
                "ticket import 100k, calendar uncached": [PY, "-c", UNCACHED, *args],
            },
            n,
            warmup=0,
            setup=fresh,
        )
    cached, uncached = series["ticket import 100k, calendar cached"], series["ticket import 100k, calendar uncached"]
    table(
        [cached, uncached], uncached, title=f"100k-row ticket import, n={n} (ratio = row / uncached calendar)", rss=True
    )


STARTUP_BASELINE = (
    "import sys, commscli.cli, commscli.cli.common; from commscli.store.db import open_store;"
    " s = open_store(sys.argv[1]);"
    ' print(s.execute("SELECT office_id, count(*) FROM tickets INDEXED BY tickets_reported WHERE office_id = 1'
    " AND reported_at >= '2026-10-01T00:00:00+08:00' AND reported_at < '2026-11-01T00:00:00+08:00'"
    ' GROUP BY office_id").fetchall())'
)


def main():
    header("bench_report")
    sizes = [100_000, 1_000_000]
    stores = {}
    for n in sizes:
        t = time.perf_counter()
        stores[n] = build(n)
        print(f"store {n:>9,} tickets ready ({time.perf_counter() - t:.1f} s)")
    cases = {}
    for n in sizes:
        tag = f"{n // 1000}k"
        cases[f"report monthly 2026-10, {tag}"] = commscli("report", "monthly", "--month", "2026-10", "--db", stores[n])
        cases[f"bare GROUP BY (covering index), {tag}"] = [PY, "-c", BASELINE, str(stores[n])]
        cases[f"GROUP BY after commscli start-up, {tag}"] = [PY, "-c", STARTUP_BASELINE, str(stores[n])]
    series = interleaved(cases, N)
    for n in sizes:
        tag = f"{n // 1000}k"
        base = series[f"bare GROUP BY (covering index), {tag}"]
        startup = series[f"GROUP BY after commscli start-up, {tag}"]
        report = series[f"report monthly 2026-10, {tag}"]
        table(
            [report, base, startup],
            base,
            title=f"{tag} store, median of {N} (ratio = row / bare GROUP BY)",
            target=3.0,
            rss=True,
        )
        table(
            [report, startup],
            startup,
            title=f"{tag} store, median of {N} (ratio = row / GROUP BY after commscli start-up)",
            target=3.0,
            rss=True,
        )
    a, b = series["report monthly 2026-10, 100k"], series["report monthly 2026-10, 1000k"]
    print(
        f"\nreport monthly, 1M / 100k store (target: near 1, the cost follows the month): "
        f"median {b.median / a.median:.2f}, min {b.min / a.min:.2f}"
    )
    print(f"peak RSS of report monthly: {max(a.max_rss, b.max_rss) / 1024:.1f} MiB (target <= 100 MB)")
    import_bench(max(1, min(N, 3)))


if __name__ == "__main__":
    main()
