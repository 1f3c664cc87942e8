"""Bulk import: ``commscli household import`` of 100,000 rows against sqlite3's own ``.import``.

The CSV (header office,building,room,name,phone,kind,use,move_in,occupied; office JM01;
100 buildings x 1,000 rooms; a seeded mix of English and Chinese values and empty cells)
is generated once and cached under tests/bench/.cache/ (git-ignored), then reused.

Timed, as whole processes, best of N (min and median), with the peak RSS of each child
(from ``os.wait4``):
  * ``commscli household import FILE --db DB`` into a fresh store (made untimed with
    ``commscli db init`` and ``commscli office add JM01 --name 测试``);
  * the baseline: ``sqlite3 FRESH.db ".mode csv" ".import FILE households_raw"`` (no
    validation, every column TEXT, no constraints);
  * for reading the figure: a plain Python script (csv.reader + executemany, no
    validation) into commscli's households table of a fresh store;
  * the re-import of the same file into an already imported store (a no-op).
Target: none set; the ratio to sqlite3's .import is printed. Row counts of the stores are
checked once and printed.

Run: /work/venv/bin/python tests/bench/bench_import.py [N]
"""

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _bench as b

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROWS = 100_000
SQLITE3 = "/usr/bin/sqlite3"
CSV = b.CACHE / "households-100k-v1.csv"  # bump the suffix when the generator changes

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国玉兰志强海燕红梅宇飞子涵浩然欣怡梓轩雨萱一诺"


def generate(path: Path):
    rng = random.Random(2026)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write("office,building,room,name,phone,kind,use,move_in,occupied\n")
        n = 0
        for building in range(1, 101):
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
                    n += 1
    assert n == ROWS
    tmp.replace(path)


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


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def main():
    b.header("bench_import")
    if CSV.exists():
        print(f"CSV: {CSV} (cached, {CSV.stat().st_size / 2**20:.1f} MiB)")
    else:
        generate(CSV)
        print(f"CSV: {CSV} (generated, {CSV.stat().st_size / 2**20:.1f} MiB)")

    with b.tempdir("import") as tmp:
        tmp = Path(tmp)
        made = 0

        def fresh_store(tag: str) -> Path:
            nonlocal made
            made += 1
            db = tmp / f"{tag}-{made}.db"
            b.must(b.commscli("db", "init", "--db", db))
            b.must(b.commscli("office", "add", "JM01", "--name", "测试", "--db", db))
            return db

        series = {
            label: b.Series(label)
            for label in (
                "commscli household import (fresh store)",
                "sqlite3 .import (baseline)",
                "plain python csv + executemany (no checks)",
                "commscli household import again (no-op)",
            )
        }
        s_ours, s_sqlite, s_plain, s_again = series.values()
        summary = again_summary = ""
        counts = {}
        for i in range(N):  # no warm-up: each run is seconds long; runs alternate between the commands
            db = fresh_store("ours")
            elapsed, rss, out = b.run_once(b.commscli("household", "import", CSV, "--db", db), stdout=subprocess.PIPE)
            s_ours.add(elapsed, rss)
            summary = out.decode().strip()
            counts["commscli"] = count(db, "households")

            raw = tmp / f"raw-{i}.db"
            elapsed, rss, _ = b.run_once([SQLITE3, str(raw), ".mode csv", f".import {CSV} households_raw"])
            s_sqlite.add(elapsed, rss)
            counts["sqlite3 .import"] = count(raw, "households_raw")

            plain = fresh_store("plain")
            elapsed, rss, _ = b.run_once([b.PY, "-c", PLAIN, str(plain), str(CSV)])
            s_plain.add(elapsed, rss)
            counts["plain python"] = count(plain, "households")

            elapsed, rss, out = b.run_once(b.commscli("household", "import", CSV, "--db", db), stdout=subprocess.PIPE)
            s_again.add(elapsed, rss)
            again_summary = out.decode().strip()
            events = count(db, "events")
            for path in tmp.glob("*.db*"):  # keep the temp directory small between runs
                path.unlink()

        rows = list(series.values())
        b.table(
            rows,
            s_sqlite,
            title=f"Import of {ROWS:,} household rows, best of {N} (ratio = row / sqlite3 .import)",
            rss=True,
        )
        print("  rows in the table after one run: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        print(f"  commscli said: {summary}")
        print(f"  re-import said: {again_summary}  (events in the store afterwards: {events})")
        print(
            f"  throughput: commscli {ROWS / s_ours.min:,.0f} rows/s, sqlite3 {ROWS / s_sqlite.min:,.0f} rows/s,"
            f" plain python {ROWS / s_plain.min:,.0f} rows/s"
        )


if __name__ == "__main__":
    main()
