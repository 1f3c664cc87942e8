"""Bulk import at 100,000 and 1,000,000 rows: households and tickets against bare baselines (issue 16).

Generated files, cached under tests/bench/.cache/ (git-ignored) and reused:
  * households (office,building,room,name,phone,kind,use,move_in,occupied; office JM01; 1,000 rooms a
    building; a seeded mix of English and Chinese values and empty cells); the 100k file is the first
    100,000 rows of the 1M one;
  * historical tickets (ref on 30%, a caller without a household on 10%, every kind, repairs with their
    dispatch and arrival, all resolved) over two years, against the 100k households.

Timed as whole processes (min and median of N, runs alternating), with each child's peak RSS (``os.wait4``):
  households, each into a fresh store (``db init`` + ``office add``, untimed):
    * ``commscli household import FILE``;
    * baseline: a bare ``executemany`` of the parsed rows (csv.reader, a few dict lookups for the Chinese
      codes, no checks) in one transaction, into the same table with the same indexes;
    * ``sqlite-utils insert --csv`` of the file into a table of the file's columns with the same unique
      key and indexes (ratio printed the other way: how many times faster commscli is);
    * for reference, sqlite3's own ``.import`` into a bare table (no indexes, every column TEXT), and the
      baseline again with the page cache commscli's import sets (24 MiB; SQLite's default is 2 MiB);
    * ``commscli household import FILE`` again into the imported store (a no-op).
  tickets, each into a copy of a store holding the 100k households (untimed):
    * ``commscli ticket import FILE`` (its deadlines computed);
    * baseline: a bare ``executemany`` of the same rows (the ticket columns commscli wrote, dumped once to
      a CSV and read back with csv.reader) in one transaction, into the same table with the same indexes;
    * ``commscli ticket import FILE`` again (a no-op).
Targets (issue 16): household import <= 1.5x the baseline and >= 5x faster than sqlite-utils; ticket import
<= 2x its baseline; peak RSS < 100 MB for every commscli run whatever the size. Each import must leave one
``import`` event (checked and printed). The machine's load average is printed before and after.

Run: python tests/bench/bench_import.py [N=3] [SIZES=100k,1m] [PARTS=households,tickets]
(1M rows: several minutes a run)
"""

import csv
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _bench as b

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SIZES = [{"100k": 100_000, "1m": 1_000_000}[s] for s in (sys.argv[2] if len(sys.argv) > 2 else "100k,1m").split(",")]
PARTS = (sys.argv[3] if len(sys.argv) > 3 else "households,tickets").split(",")
SQLITE3 = "/usr/bin/sqlite3"
SQLITE_UTILS = b.BIN / "sqlite-utils"
ROOMS = 1000  # a building: 50 floors x 20 units

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国玉兰志强海燕红梅宇飞子涵浩然欣怡梓轩雨萱一诺"
KINDS = ["repair"] * 60 + ["complaint"] * 15 + ["inquiry"] * 12 + ["suggestion"] * 8 + ["help"] * 5
PRIORITIES = ["urgent"] * 1 + ["high"] * 3 + ["normal"] * 6


def tag(n: int) -> str:
    return f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}m"


def households_csv(n: int) -> Path:
    path = b.CACHE / f"households-{tag(n)}-v2.csv"  # bump the suffix when the generator changes
    if path.exists():
        return path
    rng = random.Random(2026)
    b.CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write("office,building,room,name,phone,kind,use,move_in,occupied\n")
        for building in range(1, n // ROOMS + 1):
            for floor in range(1, 51):
                for unit in range(1, 21):
                    name = (
                        ""
                        if rng.random() < 0.02
                        else (rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))))
                    )
                    phone = "" if rng.random() < 0.05 else f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
                    kind = rng.choice(("owner", "owner", "owner", "tenant", "业主", "租户"))
                    use = rng.choice(("home",) * 8 + ("business", "住宅"))
                    move_in = (
                        ""
                        if rng.random() < 0.1
                        else (f"{rng.randint(2005, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                    )
                    occupied = rng.choice(("yes", "yes", "yes", "no", "是", "否"))
                    fh.write(f"JM01,{building}栋,{floor}{unit:02d},{name},{phone},{kind},{use},{move_in},{occupied}\n")
    tmp.replace(path)
    return path


def stamp(s: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s + 8 * 3600))


def tickets_csv(n: int) -> Path:
    """Tickets against the 100k households (100 buildings), reported over 2024-10 .. 2026-10."""
    path = b.CACHE / f"tickets-{tag(n)}-v1.csv"
    if path.exists():
        return path
    rng = random.Random(7)
    b.CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    start = 1_790_784_000 - 2 * 365 * 86400  # 2024-10-01T00:00+08:00
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "ref,office,building,room,caller_name,kind,priority,description,reported_at,dispatched_at,arrived_at,"
            "resolved_at,replied_at,closed_at\n"
        )
        for i in range(n):
            s = start + i * (2 * 365 * 86400) // n
            kind = rng.choice(KINDS)
            pri = rng.choice(PRIORITIES) if kind == "repair" else ""
            ref = f"P{i:07d}" if rng.random() < 0.3 else ""
            if rng.random() < 0.9:
                building, room, caller = (
                    f"{rng.randrange(1, 101)}栋",
                    f"{rng.randrange(1, 51)}{rng.randrange(1, 21):02d}",
                    "",
                )
            else:
                building, room, caller = "", "", "王先生"
            dispatched, arrived = (stamp(s + 120), stamp(s + 300)) if kind == "repair" else ("", "")
            fh.write(
                f"{ref},JM01,{building},{room},{caller},{kind},{pri},第{i}单,{stamp(s)},{dispatched},{arrived},"
                f"{stamp(s + 3600)},,\n"
            )
    tmp.replace(path)
    return path


PLAIN = r"""
import csv, sqlite3, sys
db, path = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
office_id = conn.execute("SELECT id FROM offices WHERE code = 'JM01'").fetchone()[0]
with open(path, newline="", encoding="utf-8") as fh:
    reader = csv.reader(fh)
    next(reader)
    rows = ((office_id, r[1], r[2], r[3] or None, r[4] or None, {"业主": "owner", "租户": "tenant"}.get(r[5], r[5]),
             "home" if r[6] == "住宅" else r[6], r[7] or None, 1 if r[8] in ("yes", "是") else 0,
             "2026-11-23T10:00", "bench") for r in reader)
    with conn:
        conn.executemany("INSERT INTO households (office_id, building, room, name, phone, kind, use, move_in,"
                         " occupied, created_at, created_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
conn.close()
"""

# the baseline with the page cache commscli's import sets (store/db.BULK_CACHE_KIB): what the cache alone buys
PLAIN_CACHED = PLAIN.replace(
    "conn = sqlite3.connect(db)\n", "conn = sqlite3.connect(db)\nconn.execute('PRAGMA cache_size = -24576')\n", 1
)

PLAIN_TICKETS = r"""
import csv, sqlite3, sys
db, path = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db)
with open(path, newline="", encoding="utf-8") as fh:
    reader = csv.reader(fh)
    cols = next(reader)
    sql = f"INSERT INTO tickets ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    with conn:
        conn.executemany(sql, ([c if c != "" else None for c in r] for r in reader))
conn.close()
"""

# sqlite-utils inserts into a table of the file's columns with the households' key and indexes
SU_TABLE = (
    "CREATE TABLE households_csv (office TEXT, building TEXT, room TEXT, name TEXT, phone TEXT, kind TEXT,"
    " use TEXT, move_in TEXT, occupied TEXT, UNIQUE (office, building, room));"
    " CREATE INDEX households_csv_occupied ON households_csv (office, occupied);"
    " CREATE INDEX households_csv_move_in ON households_csv (office, move_in) WHERE move_in != '';"
)


def scalar(db: Path, sql: str):
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def fresh_store(path: Path) -> Path:
    b.remove_store(path)
    b.must(b.commscli("db", "init", "--db", path))
    b.must(b.commscli("office", "add", "JM01", "--name", "测试", "--db", path))
    return path


def rss_line(series, limit_mib=100):
    worst = max(series, key=lambda s: s.max_rss)
    verdict = "within" if worst.max_rss / 1024 < limit_mib else "ABOVE"
    return f"  peak RSS of commscli: at most {worst.max_rss / 1024:.1f} MiB ({worst.label}): {verdict} {limit_mib} MB"


def households_bench(n: int, tmp: Path):
    path = households_csv(n)
    t = tag(n)
    labels = {
        "ours": f"commscli household import {t}",
        "plain": "bare executemany (baseline)",
        "cached": "bare executemany, 24 MiB page cache (reference)",
        "su": "sqlite-utils insert --csv",
        "sqlite3": "sqlite3 .import, bare table (reference)",
        "again": "commscli household import again (no-op)",
    }
    series = {k: b.Series(v) for k, v in labels.items()}
    said = {}
    for _ in range(N):
        ours = fresh_store(tmp / "ours.db")
        elapsed, rss, out = b.run_once(b.commscli("household", "import", path, "--db", ours), stdout=subprocess.PIPE)
        series["ours"].add(elapsed, rss)
        said["ours"] = out.decode().strip()
        plain = fresh_store(tmp / "plain.db")
        series["plain"].add(*b.run_once([b.PY, "-c", PLAIN, str(plain), str(path)])[:2])
        cached = fresh_store(tmp / "cached.db")
        series["cached"].add(*b.run_once([b.PY, "-c", PLAIN_CACHED, str(cached), str(path)])[:2])
        su = tmp / "su.db"
        b.remove_store(su)
        subprocess.run([SQLITE3, str(su), SU_TABLE], check=True)
        series["su"].add(*b.run_once([str(SQLITE_UTILS), "insert", str(su), "households_csv", str(path), "--csv"])[:2])
        raw = tmp / "raw.db"
        b.remove_store(raw)
        series["sqlite3"].add(*b.run_once([SQLITE3, str(raw), ".mode csv", f".import {path} households_raw"])[:2])
        elapsed, rss, out = b.run_once(b.commscli("household", "import", path, "--db", ours), stdout=subprocess.PIPE)
        series["again"].add(elapsed, rss)
        said["again"] = out.decode().strip()
        counts = {
            "commscli": scalar(ours, "SELECT COUNT(*) FROM households"),
            "baseline": scalar(plain, "SELECT COUNT(*) FROM households"),
            "sqlite-utils": scalar(su, "SELECT COUNT(*) FROM households_csv"),
            "sqlite3": scalar(raw, "SELECT COUNT(*) FROM households_raw"),
        }
        events = scalar(ours, "SELECT COUNT(*) FROM events WHERE action = 'import'")
        for p in (ours, plain, cached, su, raw):
            b.remove_store(p)
    s = series
    b.table(
        list(s.values()), s["plain"], title=f"Household import, {n:,} rows, n={N} (ratio = row / baseline)", rss=True
    )
    ratio = s["ours"].median / s["plain"].median
    print(f"  target <= 1.5x the baseline: median ratio {ratio:.2f} is {'within' if ratio <= 1.5 else 'ABOVE'} target")
    faster = s["su"].median / s["ours"].median
    print(f"  target >= 5x faster than sqlite-utils: {faster:.2f}x, {'within' if faster >= 5 else 'BELOW'} target")
    print(rss_line([s["ours"], s["again"]]))
    print("  rows after one run: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"  commscli said: {said['ours']} | again: {said['again']}")
    print(f"  import events after import + re-import: {events} (one per import that wrote rows)")
    print(f"  throughput: commscli {n / s['ours'].min:,.0f} rows/s, baseline {n / s['plain'].min:,.0f} rows/s")


def household_store(tmp: Path) -> Path:
    """A store with the 100k households the tickets name (untimed), checkpointed so that a copy is whole."""
    path = fresh_store(tmp / "households.db")
    b.must(b.commscli("household", "import", households_csv(100_000), "--db", path))
    scalar(path, "PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def copy_store(template: Path, path: Path) -> Path:
    b.remove_store(path)
    shutil.copyfile(template, path)
    return path


def dump_tickets(db: Path, path: Path):
    """The ticket columns commscli wrote (every column but id that is not left at its default), as CSV."""
    conn = sqlite3.connect(str(db))
    cols = []
    for _, name, _, _, default, _ in conn.execute("PRAGMA table_info(tickets)"):
        if name == "id":
            continue
        if default is None or conn.execute(f"SELECT 1 FROM tickets WHERE {name} IS NOT {default} LIMIT 1").fetchone():
            cols.append(name)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        w.writerows(conn.execute(f"SELECT {', '.join(cols)} FROM tickets ORDER BY id"))
    conn.close()


def tickets_bench(n: int, tmp: Path, template: Path):
    path = tickets_csv(n)
    t = tag(n)
    labels = {
        "ours": f"commscli ticket import {t}",
        "plain": "bare executemany of the same rows (baseline)",
        "again": "commscli ticket import again (no-op)",
    }
    series = {k: b.Series(v) for k, v in labels.items()}
    same_rows = tmp / "tickets-rows.csv"
    said = {}
    for _ in range(N):
        ours = copy_store(template, tmp / "t-ours.db")
        elapsed, rss, out = b.run_once(b.commscli("ticket", "import", path, "--db", ours), stdout=subprocess.PIPE)
        series["ours"].add(elapsed, rss)
        said["ours"] = out.decode().strip()
        if not same_rows.exists():
            dump_tickets(ours, same_rows)
        plain = copy_store(template, tmp / "t-plain.db")
        series["plain"].add(*b.run_once([b.PY, "-c", PLAIN_TICKETS, str(plain), str(same_rows)])[:2])
        elapsed, rss, out = b.run_once(b.commscli("ticket", "import", path, "--db", ours), stdout=subprocess.PIPE)
        series["again"].add(elapsed, rss)
        said["again"] = out.decode().strip()
        counts = {
            "commscli": scalar(ours, "SELECT COUNT(*) FROM tickets"),
            "baseline": scalar(plain, "SELECT COUNT(*) FROM tickets"),
        }
        events = scalar(ours, "SELECT COUNT(*) FROM events WHERE action = 'import' AND record_table = 'tickets'")
        for p in (ours, plain):
            b.remove_store(p)
    same_rows.unlink()
    s = series
    b.table(list(s.values()), s["plain"], title=f"Ticket import, {n:,} rows, n={N} (ratio = row / baseline)", rss=True)
    ratio = s["ours"].median / s["plain"].median
    print(f"  target <= 2x the baseline: median ratio {ratio:.2f} is {'within' if ratio <= 2 else 'ABOVE'} target")
    print(rss_line([s["ours"], s["again"]]))
    print("  rows after one run: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"  commscli said: {said['ours']} | again: {said['again']}")
    print(f"  import events after import + re-import: {events}")
    print(f"  throughput: commscli {n / s['ours'].min:,.0f} rows/s, baseline {n / s['plain'].min:,.0f} rows/s")


def main():
    b.header("bench_import")
    print(f"sizes {', '.join(tag(n) for n in SIZES)}; {load()}")
    with b.tempdir("import") as tmp:
        tmp = Path(tmp)
        for n in SIZES if "households" in PARTS else ():
            households_bench(n, tmp)
            print(f"  ({load()})")
        template = household_store(tmp) if "tickets" in PARTS else None
        for n in SIZES if "tickets" in PARTS else ():
            tickets_bench(n, tmp, template)
            print(f"  ({load()})")


if __name__ == "__main__":
    main()
