"""What the month counters' triggers (migration m017_month_counts, issue 15) cost writes, in process.

On fresh stores (``db init``, one office, 1,000 households), the minimum and median over N runs of:

- inserting 100,000 tickets of bench_report's October mix in one executemany (as an import writes them);
- 20,000 single-row UPDATEs that move a ticket's bucket (an arrival judging its SLA clock), one statement each;
- 20,000 single-row UPDATEs that move no bucket (a description), which pay only the trigger's WHEN;

each with the counters' triggers and on a copy of the same store whose triggers are dropped, runs interleaved; the
ratio is with / without. Also the backfill: the migration's INSERT … GROUP BY over the inserted tickets.

Run: python tests/bench/bench_counts.py [N]
"""

import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from _bench import commscli, header, must, tempdir
from bench_report import NOW, OCT_SECONDS, OCT_START, SQL, month_ticket

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3
ROWS = 100_000
UPDATES = 20_000


def template(d: Path) -> Path:
    path = d / "template.db"
    must(commscli("db", "init", "--db", path))
    must(commscli("office", "add", "JM01", "--name", "bench", "--db", path))
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO households (office_id, building, room, occupied, created_at, created_by)"
        " VALUES (1, ?, ?, 1, ?, 'b')",
        [(f"{b}栋", f"{r}", NOW) for b in range(1, 11) for r in range(1, 101)],
    )
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return path


def fresh(src: Path, dst: Path, triggers: bool) -> sqlite3.Connection:
    dst.unlink(missing_ok=True)
    dst.write_bytes(src.read_bytes())
    conn = sqlite3.connect(dst)
    if not triggers:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_counts_%'"):
            conn.execute(f"DROP TRIGGER {name}")
    return conn


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main():
    header("bench_counts")
    rng = random.Random(15)
    rows = [month_ticket(rng, OCT_START + i * OCT_SECONDS // ROWS) for i in range(ROWS)]
    late = [(f"2026-10-{rng.randrange(1, 29):02d}T12:00:00+08:00", rng.randrange(1, ROWS + 1)) for _ in range(UPDATES)]
    times = {}
    with tempdir("counts") as d:
        d = Path(d)
        src = template(d)
        for i in range(N + 1):  # the first round warms the file cache, untimed
            for triggers in (True, False):
                conn = fresh(src, d / "s.db", triggers)
                tag = "with triggers" if triggers else "without triggers"

                def insert(conn=conn):
                    conn.executemany(SQL, rows)
                    conn.commit()

                def move(conn=conn):
                    for at, tid in late:
                        conn.execute("UPDATE tickets SET arrived_at = ? WHERE id = ?", (at, tid))
                    conn.commit()

                def still(conn=conn):
                    for _, tid in late:
                        conn.execute("UPDATE tickets SET description = 'x' WHERE id = ?", (tid,))
                    conn.commit()

                for label, fn in (
                    (f"insert {ROWS:,} tickets", insert),
                    (f"{UPDATES:,} updates moving a bucket", move),
                    (f"{UPDATES:,} updates moving none", still),
                ):
                    t = timed(fn)
                    if i:
                        times.setdefault(label, {}).setdefault(tag, []).append(t)
                if not triggers and i:
                    conn.execute("DELETE FROM month_counts")
                    backfill = timed(
                        lambda conn=conn: conn.execute(
                            "INSERT INTO month_counts (office_id, month, figure, key, n) SELECT office_id,"
                            " substr(reported_at, 1, 7), CASE WHEN state = 'cancelled' THEN NULL WHEN kind = 'repair'"
                            " AND sla_verdict IN ('met', 'breached') THEN 'sla.' || sla_verdict WHEN kind = 'complaint'"
                            " THEN 'complaint' END AS f, CASE WHEN kind = 'repair' THEN COALESCE(priority, '')"
                            " ELSE state END, COUNT(*) FROM tickets WHERE f IS NOT NULL GROUP BY 1, 2, 3, 4"
                        )
                    )
                    times.setdefault(f"backfill of {ROWS:,} tickets", {}).setdefault("without triggers", []).append(
                        backfill
                    )
                conn.close()
    print(f"\nn={N}; ms (min / median); ratio = with triggers / without, by median and by min")
    print(
        f"  {'':<36} {'with min':>9} {'with med':>9} {'w/o min':>9} {'w/o med':>9} {'ratio(med)':>10} {'ratio(min)':>10}"
    )
    for label, by in times.items():
        w, wo = by.get("with triggers"), by["without triggers"]
        line = f"  {label:<36} "
        if w:
            line += f"{min(w) * 1000:9.1f} {statistics.median(w) * 1000:9.1f} "
        else:
            line += f"{'':>9} {'':>9} "
        line += f"{min(wo) * 1000:9.1f} {statistics.median(wo) * 1000:9.1f}"
        if w:
            line += f" {statistics.median(w) / statistics.median(wo):10.2f} {min(w) / min(wo):10.2f}"
        print(line)


if __name__ == "__main__":
    main()
