"""`ticket list --overdue` and `callback sample` on 100k- and 1M-ticket stores, in one run.

Target: listing open/overdue work costs by open items, not by store size (partial
indexes), so the 1M / 100k ratio stays near 1. The stores are generated once into
tests/bench/.cache/ (git-ignored) and reused; each run copies them so the sample can be
drawn afresh. Run: python tests/bench/bench_tickets.py
"""

import random
import shutil
import sqlite3
import time
from pathlib import Path

from _bench import (
    CACHE,
    commscli,
    header,
    interleaved,
    new_cached_store,
    remove_store,
    schema_tag,
    seal_cached_store,
    table,
)

NOW = "2026-11-23T10:00:00+08:00"
OPEN = 300  # open tickets in every store, 120 of them overdue


def build(n: int) -> Path:
    path = CACHE / f"tickets-{n}-{schema_tag()}.db"
    if path.exists():
        return path
    tmp = new_cached_store(path, "JM01")
    rng = random.Random(n)
    conn = sqlite3.connect(tmp)
    conn.execute("PRAGMA synchronous = OFF")
    conn.executemany(
        "INSERT INTO households (office_id, building, room, created_at, created_by) VALUES (1, ?, ?, ?, 'b')",
        [(f"{b}栋", f"{r}", NOW) for b in range(1, 11) for r in range(1, 101)],
    )
    # closed history spread over five years before now; the same OPEN items at the end in every store
    span = 5 * 365 * 24 * 3600
    t0 = 1_606_000_000  # 2020-11-22

    def stamp(s):
        return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(s + 8 * 3600))

    cols = (
        "office_id, kind, channel, category, priority, household_id, description, state, reported_at, received_by,"
        " arrive_due, sla, open_due, dispatched_at, arrived_at, resolved_at, replied_at, closed_at, reply_due, last_at,"
        " created_at, created_by"
    )
    sql = f"INSERT INTO tickets ({cols}) VALUES ({', '.join('?' * 22)})"
    batch = []
    for i in range(n - OPEN):
        s = t0 + i * span // n
        r, a, z = stamp(s), stamp(s + 600), stamp(s + 3600)
        batch.append(
            (
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
                "{}",
                None,
                r,
                a,
                z,
                z,
                z,
                z,
                z,
                r,
                "b",
            )
        )
        if len(batch) == 50_000:
            conn.executemany(sql, batch)
            batch.clear()
    for j in range(OPEN):
        s = 1_795_400_000 + j * 600  # around 2026-11-22
        r = stamp(s)
        due = "2026-11-23T09:00:00+08:00" if j < 120 else "2026-11-30T09:00:00+08:00"
        batch.append(
            (
                1,
                "repair",
                "hotline",
                "repair_service",
                "normal",
                rng.randrange(1, 1001),
                "待处理",
                "received",
                r,
                "b",
                due,
                "{}",
                due,
                None,
                None,
                None,
                None,
                None,
                None,
                r,
                r,
                "b",
            )
        )
    conn.executemany(sql, batch)
    return seal_cached_store(conn, tmp, path)


def main():
    header("bench_tickets")
    sizes = [100_000, 1_000_000]
    for n in sizes:
        t = time.perf_counter()
        build(n)
        print(f"store {n:>9,} tickets ready ({time.perf_counter() - t:.1f} s)")
    work = {n: CACHE / f"work-{n}.db" for n in sizes}
    for n in sizes:
        shutil.copy(build(n), work[n])
    cases = {"commscli --help (start-up)": commscli("--help")}
    for n in sizes:
        tag = f"{n // 1000}k"
        cases[f"ticket list --overdue, {tag}"] = commscli("ticket", "list", "--overdue", "--db", work[n])
        cases[f"ticket list --open, {tag}"] = commscli("ticket", "list", "--open", "--db", work[n])
        cases[f"callback sample (a past week), {tag}"] = commscli(
            "callback", "sample", "--week", "2025-W10", "--seed", "1", "--redraw", "--reason", "bench", "--db", work[n]
        )
    series = interleaved(cases, 7)
    base = series["commscli --help (start-up)"]
    table(list(series.values()), base, title="Median of 7 (ratio = row / --help)")
    print("\n1M / 100k (target: near 1 for open work, by open items not store size)")
    for what in ("ticket list --overdue", "ticket list --open", "callback sample (a past week)"):
        a, b = series[f"{what}, 100k"], series[f"{what}, 1000k"]
        print(f"  {what:36} {b.median / a.median:6.2f}")
    for p in work.values():
        remove_store(p)


if __name__ == "__main__":
    main()
