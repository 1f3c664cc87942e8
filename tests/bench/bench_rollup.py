"""The company rollup: `report monthly --stores DIR` over 100 office stores of a year each (issue 15).

Target: a month's rollup costs at most 1.5x the sum of the 100 single-store reports run in ONE process (the
baseline: a Python process that imports the CLI once and runs `report monthly --db STORE` for each of the 100
stores in turn, as the rollup reads them in turn; both print their text report to /dev/null). The ratio says what
adding the stores up and rendering one report of 100 offices costs beyond reading them.

The 100 stores are generated once into tests/bench/.cache/rollup-100-s<N>/ (git-ignored) and reused: each holds one
office (O001 … O100), 1,000 households and a year of tickets (November 2025 … October 2026: 2,200 closed
history repairs over the eleven months before October, then 250 October tickets with bench_report's mix of kinds,
priorities and lives) and 60 October callbacks, each store from its own random seed. About 2 MB a store.

A second, stricter baseline computes the 100 stores' reports in one process without rendering them
(``sections.monthly`` on each store opened read-only: the figures, key figures and trends, no template): the single
reports above compile the report's templates once per report, which is most of their cost at this size, while the
rollup renders one report. The ratio to this row is what adding up and rendering 100 offices costs beyond reading.

For scale it also times, once, the 100 single-store reports as 100 processes (what a script looping over the
stores would pay without the rollup).

Run: python tests/bench/bench_rollup.py [N]
"""

import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from _bench import CACHE, PY, commscli, header, interleaved, must, new_cached_store, remove_store, schema_tag, table
from bench_report import NOW, OCT_SECONDS, OCT_START, SQL, history_ticket, month_ticket

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3
STORES = 100
HISTORY = 2_200  # the eleven months before October
OCTOBER = 250
CALLBACKS = 60
YEAR_START = OCT_START - 334 * 86400  # 2025-11-01T00:00:00+08:00: Nov .. Sep is 334 days


def fill(path: Path, n: int):
    rng = random.Random(1000 + n)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("UPDATE offices SET code = ?, name = ?", (f"O{n:03d}", f"第{n}物业服务中心"))
    conn.executemany(
        "INSERT INTO households (office_id, building, room, occupied, created_at, created_by)"
        " VALUES (1, ?, ?, 1, ?, 'b')",
        [(f"{b}栋", f"{r}", NOW) for b in range(1, 11) for r in range(1, 101)],
    )
    span = OCT_START - YEAR_START - 86400
    rows = [history_ticket(rng, YEAR_START + i * span // HISTORY) for i in range(HISTORY)]
    rows += [month_ticket(rng, OCT_START + i * OCT_SECONDS // OCTOBER) for i in range(OCTOBER)]
    conn.executemany(SQL, rows)
    first_oct = conn.execute("SELECT min(id) FROM tickets WHERE reported_at >= '2026-10-01'").fetchone()[0]
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
                f"2026-10-{2 + i % 27:02d}T10:00:00+08:00",
                f"2026-10-{1 + i % 27:02d}T10:00:00+08:00",
                f"2026-10-{1 + i % 27:02d}T11:00:00+08:00",
                rng.choice(sats),
            )
            for i in range(CALLBACKS)
        ],
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def build() -> Path:
    folder = CACHE / f"rollup-{STORES}-{schema_tag()}"
    if folder.exists():
        return folder
    work = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    template = new_cached_store(work / "template.db", "O000")  # db init + office add, through the CLI
    for n in range(1, STORES + 1):
        store = work / f"o{n:03d}.db"
        shutil.copyfile(template, store)
        fill(store, n)
    remove_store(template)
    work.rename(folder)
    return folder


ONE_PROCESS = (
    "import sys, typer\n"
    "from commscli.cli import app\n"
    "cmd = typer.main.get_command(app)\n"
    "for p in sys.argv[1:]:\n"
    "    rc = cmd.main(['report', 'monthly', '--month', '2026-10', '--db', p], prog_name='commscli',"
    " standalone_mode=False)\n"
    "    assert not rc, (p, rc)\n"
)

SECTIONS_ONLY = (
    "import sys\n"
    "from datetime import datetime\n"
    "from commscli import policy, sections\n"
    "from commscli.context import Context\n"
    "from commscli.domain.reports import period\n"
    "from commscli.store import calendar as cal_store, open_store, registry\n"
    "from commscli.workdays import Calendar\n"
    "now = datetime.fromisoformat('2026-11-23T10:00:00+08:00')\n"
    "for p in sys.argv[1:]:\n"
    "    store = open_store(p, readonly=True)\n"
    "    ctx = Context(policy.DEFAULT, Calendar(cal_store.overrides(store), cal_store.imported_years(store)), now)\n"
    "    sections.monthly(store, period(2026, 10), ctx, [o['code'] for o in registry.offices(store)])\n"
    "    store.close()\n"
)


def main():
    header("bench_rollup")
    t = time.perf_counter()
    folder = build()
    stores = sorted(folder.glob("*.db"))
    size = sum(p.stat().st_size for p in stores)
    print(f"{len(stores)} stores ready in {folder} ({size / 2**20:.0f} MiB; {time.perf_counter() - t:.1f} s)")
    assert len(stores) == STORES
    # the rollup reads every store: check once that none is left out (exit 0)
    must(commscli("report", "monthly", "--month", "2026-10", "--stores", folder, "--json"))
    rollup = f"rollup of {STORES} stores (--stores), one process"
    single = f"{STORES} single-store reports, one process"
    figures = f"{STORES} stores' figures unrendered, one process"
    series = interleaved(
        {
            rollup: commscli("report", "monthly", "--month", "2026-10", "--stores", folder),
            single: [PY, "-c", ONE_PROCESS, *map(str, stores)],
            figures: [PY, "-c", SECTIONS_ONLY, *map(str, stores)],
        },
        N,
    )
    table(
        [series[rollup], series[single]],
        series[single],
        title=f"October 2026 over {STORES} stores, median of {N} (ratio = row / the single reports in one process)",
        target=1.5,
        rss=True,
    )
    table(
        [series[rollup], series[figures]],
        series[figures],
        title=f"the same, ratio = row / the {STORES} stores' figures computed in one process, not rendered",
        rss=True,
    )
    t = time.perf_counter()
    for p in stores:
        must(commscli("report", "monthly", "--month", "2026-10", "--db", p))
    each = time.perf_counter() - t
    print(
        f"\nfor scale, once: {STORES} single-store reports as {STORES} processes took {each:.1f} s "
        f"({each / series[rollup].median:.1f}x the rollup's median)"
    )


if __name__ == "__main__":
    main()
