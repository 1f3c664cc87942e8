"""`visit plan` for an office of 10,000 households with 24 months of visit history.

Prints the plan's time against two baselines of the same run: `commscli --help`
(process start-up) and `commscli household list --limit 1` (start-up plus opening the
store). The store is generated once into tests/bench/.cache/ (git-ignored) and copied
for each run. Run: python tests/bench/bench_visits.py
"""

import json
import random
import shutil
import sqlite3
import time
from pathlib import Path

from _bench import CACHE, commscli, header, interleaved, must, new_cached_store, remove_store, seal_cached_store, table

NOW = "2026-11-23T10:00:00+08:00"
N, BUILDINGS, MONTHS, PER_MONTH = 10_000, 20, 24, 700  # 7 % of 10,000


def build() -> Path:
    path = CACHE / "visits-10k.db"
    if path.exists():
        return path
    tmp = new_cached_store(path, "BIG")
    for name, role in (("经理", "manager"), ("主管", "supervisor"), ("前台", "clerk")):
        must(commscli("staff", "add", name, "--office", "BIG", "--role", role, "--db", tmp))
    conn = sqlite3.connect(tmp)
    per = N // BUILDINGS
    conn.executemany(
        "INSERT INTO households (office_id, building, room, occupied, created_at, created_by)"
        " VALUES (1, ?, ?, 1, ?, 'b')",
        [(f"{b}栋", f"{r:04d}", NOW) for b in range(1, BUILDINGS + 1) for r in range(1, per + 1)],
    )
    conn.executemany(
        "INSERT INTO staff (office_id, name, role, buildings, created_at, created_by) VALUES (1, ?, ?, ?, ?, 'b')",
        [
            (f"大堂{b}", "lobby_assistant", json.dumps([f"{b}栋", f"{b + 1}栋"], ensure_ascii=False), NOW)
            for b in range(1, BUILDINGS, 2)
        ],
    )
    rng = random.Random(7)
    order = list(range(1, N + 1))
    rng.shuffle(order)
    pos, cycle = 0, 1
    for m in range(MONTHS):
        y, mo = 2024 + (10 + m) // 12, (10 + m) % 12 + 1  # 2024-11 … 2026-10
        pid = conn.execute(
            "INSERT INTO visit_plans (office_id, month, kind, seed, cycle, required, basis, drawn_at,"
            " drawn_by) VALUES (1, ?, 'office', ?, ?, ?, '{}', ?, 'b')",
            (f"{y}-{mo:02d}", m, cycle, PER_MONTH, f"{y}-{mo:02d}-01T09:00:00+08:00"),
        ).lastrowid
        for k in range(PER_MONTH):
            if pos == N:
                pos, cycle = 0, cycle + 1
                rng.shuffle(order)
            h = order[pos]
            pos += 1
            item = conn.execute(
                "INSERT INTO visit_plan_items (plan_id, household_id, cycle, role, staff, building)"
                " VALUES (?, ?, ?, 'clerk', '前台', ?)",
                (pid, h, cycle, f"{(h - 1) // per + 1}栋"),
            ).lastrowid
            at = f"{y}-{mo:02d}-{1 + k % 27:02d}T10:00:00+08:00"
            conn.execute(
                "INSERT INTO visits (office_id, household_id, plan_item_id, cycle, visitors, method, started_at,"
                ' submit_due, state, created_at, created_by) VALUES (1, ?, ?, ?, \'[{"name": "前台", "role":'
                " \"clerk\"}]', 'office', ?, ?, 'reviewed', ?, 'b')",
                (h, item, cycle, at, at, at),
            )
    return seal_cached_store(conn, tmp, path)


def main():
    header("bench_visits")
    t = time.perf_counter()
    src = build()
    print(
        f"store: {N:,} households, {MONTHS} months of visits ({MONTHS * PER_MONTH:,}) ready "
        f"({time.perf_counter() - t:.1f} s)"
    )
    work = CACHE / "visits-work.db"
    shutil.copy(src, work)
    p001 = Path(__file__).resolve().parents[2] / "examples" / "policy-001.toml"
    plan = ["visit", "plan", "--month", "2026-12", "--seed", "1", "--redraw", "--reason", "bench", "--db", work]
    series = interleaved(
        {
            "household list --limit 1 (open the store)": commscli("household", "list", "--limit", "1", "--db", work),
            "visit plan --month 2026-12 (003 bands)": commscli(*plan),
            "visit plan --month 2026-12 (001 per building)": commscli(*plan, "--policy", p001),
        },
        7,
    )
    base = series["household list --limit 1 (open the store)"]
    table(list(series.values()), base, title="Median of 7 (ratio = row / a one-row listing of the same store)")
    out = json.loads(must(commscli("visit", "quota", "--month", "2026-12", "--json", "--db", work)))
    print(f"\nthe last plan drew {out['planned']} households (required {out['required']})")
    remove_store(work)


if __name__ == "__main__":
    main()
