"""Listing: ``commscli household list`` on the demo store against a bare Typer command.

Builds a store once with ``commscli demo`` (about 720 households) in a temp directory,
then times whole processes (best of N, min and median), stdout to /dev/null so the
output is the plain tab-separated text of a pipe:
  * ``commscli household list --db DB``;
  * the baseline: a one-command Typer script (temp file) that opens the same store with
    ``sqlite_utils.Database(DB, execute_plugins=False)`` (as commscli does), runs the same
    query (households joined with offices, same columns and order), masks phones the same
    way and prints the same tab-separated rows with ``typer.echo``.
Target: median ratio <= 1.3. The two outputs are compared once (not timed) and the
result printed. Two more rows for reading the figure: ``--limit 1`` (the fixed cost of
the command) and ``--json``. Then an in-process split of the command's stages.

Run: /work/venv/bin/python tests/bench/bench_list.py [N]
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _bench as b

N = int(sys.argv[1]) if len(sys.argv) > 1 else 15
RUNS = 7

BARE_LIST = '''\
"""A bare Typer command printing the households as commscli household list does in a pipe."""
import sqlite_utils
import typer

COLUMNS = ["id", "office", "building", "room", "name", "phone", "kind", "use", "move_in", "occupied"]
SQL = ("SELECT h.id, o.code AS office, h.building, h.room, h.name, h.phone, h.kind, h.use, h.move_in, h.occupied"
       " FROM households h JOIN offices o ON o.id = h.office_id ORDER BY o.code, h.building, h.room")

app = typer.Typer(add_completion=False)


def mask(phone):
    if not phone:
        return phone
    phone = str(phone)
    return "*" * len(phone) if len(phone) < 7 else phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


@app.command()
def main(db: str = typer.Option(..., "--db", help="Store file.")):
    """List households, tab-separated."""
    database = sqlite_utils.Database(db, execute_plugins=False)
    typer.echo("\\t".join(COLUMNS))
    for row in database.query(SQL):
        row["phone"] = mask(row["phone"])
        typer.echo("\\t".join("" if row[c] is None else str(row[c]).replace("\\t", " ") for c in COLUMNS))
    database.close()


if __name__ == "__main__":
    app()
'''

# In-process split of `commscli household list --db DB` (argv[1]); prints "stage seconds" lines.
SPLIT = r"""
import contextlib, io, sys, time
db = sys.argv[1]
t0 = time.perf_counter()
import typer
t1 = time.perf_counter()
from commscli.cli import app
root = typer.main.get_command(app)
t2 = time.perf_counter()
ctx = typer.Context(root, info_name="commscli")
group = root.get_command(ctx, "household")
t3 = time.perf_counter()
from commscli.store import open_store
store = open_store(db)
t4 = time.perf_counter()
from commscli.store import registry
rows = registry.households(store)
t5 = time.perf_counter()
store.close()


def run():
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            root.main(["household", "list", "--db", db], prog_name="commscli", standalone_mode=True)
        except SystemExit:
            pass


run()
t6 = time.perf_counter()
run()
t7 = time.perf_counter()
print("import typer", t1 - t0)
print("import commscli.cli + root command", t2 - t1)
print("load + build the household group", t3 - t2)
print("open_store (sqlite_utils, pragmas, migration check)", t4 - t3)
print("the query (%d rows)" % len(rows), t5 - t4)
print("whole command, 1st in this process (what is left to load)", t6 - t5)
print("whole command, 2nd in this process (all warm)", t7 - t6)
"""

# Which libraries a run loads: argv[1] "commscli" or the bare script, argv[2] the store.
LOADED = r"""
import contextlib, io, runpy, sys
which, db = sys.argv[1], sys.argv[2]
if which == "commscli":
    from commscli.cli import app
    argv = ["household", "list", "--db", db]
else:
    app = runpy.run_path(which)["app"]
    argv = ["--db", db]
with contextlib.redirect_stdout(io.StringIO()):
    try:
        app(argv)
    except SystemExit:
        pass
print(" ".join(m for m in ("pydantic", "sqlite_utils", "rich", "jinja2", "chinese_calendar", "dateutil",
                           "zoneinfo", "tomllib", "csv") if m in sys.modules), "|", len(sys.modules))
"""


def main():
    b.header("bench_list")
    with b.tempdir("list") as tmp:
        tmp = Path(tmp)
        db = tmp / "bench.db"
        b.must(b.commscli("demo", "--db", db))
        count = (
            b.must(
                [
                    b.PY,
                    "-c",
                    f"import sqlite3; print(sqlite3.connect({str(db)!r}).execute("
                    f"'SELECT COUNT(*) FROM households').fetchone()[0])",
                ]
            )
            .decode()
            .strip()
        )
        bare = tmp / "bare_list.py"
        bare.write_text(BARE_LIST, encoding="utf-8")

        ours = b.must(b.commscli("household", "list", "--db", db))
        theirs = b.must([b.PY, str(bare), "--db", str(db)])
        if ours == theirs:
            same = f"identical ({len(ours.splitlines())} lines, {len(ours)} bytes)"
        else:
            a, c = ours.decode().splitlines(), theirs.decode().splitlines()
            first = next((i for i, (x, y) in enumerate(zip(a, c, strict=False)) if x != y), min(len(a), len(c)))
            same = (
                f"DIFFERENT: {len(a)} vs {len(c)} lines; first difference at line {first + 1}:\n"
                f"    commscli: {a[first] if first < len(a) else '(end)'}\n"
                f"    bare:     {c[first] if first < len(c) else '(end)'}"
            )

        cases = {
            "commscli household list": b.commscli("household", "list", "--db", db),
            "bare Typer + sqlite_utils list (baseline)": [b.PY, str(bare), "--db", str(db)],
            "commscli household list --limit 1": b.commscli("household", "list", "--limit", "1", "--db", db),
            "commscli household list --json": b.commscli("household", "list", "--json", "--db", db),
        }
        series = b.interleaved(cases, N)
        s = list(series.values())
        b.table(
            s,
            s[1],
            title=f"household list on the demo store ({count} households), stdout to /dev/null, "
            f"best of {N} (ratio = row / baseline)",
            target=1.3,
            rss=True,
        )
        print(f"  outputs of commscli and the baseline: {same}")

        print("\nLibraries loaded by one run (| modules in sys.modules)")
        for label, which in (("commscli household list", "commscli"), ("bare baseline", str(bare))):
            out = subprocess.run(
                [b.PY, "-c", LOADED, which, str(db)], capture_output=True, text=True, env=b.ENV, check=True
            ).stdout.strip()
            print(f"  {label:<26} {out}")

        stages: dict = {}
        for _ in range(RUNS):
            out = subprocess.run(
                [b.PY, "-c", SPLIT, str(db)], capture_output=True, text=True, env=b.ENV, check=True
            ).stdout
            for line in out.splitlines():
                label, value = line.rsplit(" ", 1)
                stages[label] = min(stages.get(label, float("inf")), float(value))
        print(f"\nIn-process split of `commscli household list` (min of {RUNS}; interpreter start-up not included)")
        for label, value in stages.items():
            print(f"  {label:<56} {value * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
