"""Start-up: ``commscli --help`` against a bare one-command Typer app's ``--help``.

Measures wall time of whole processes (best of N, min and median), both started with the
same Python: ``python <venv>/bin/commscli --help`` (the console script) and
``python bare_app.py --help`` (a one-command Typer app with a help text, written to a temp
file). Target: median ratio <= 1.2. Modules load from .pyc (cached under .cache/pycache),
as from an installed wheel; one extra row shows a checkout run with
PYTHONDONTWRITEBYTECODE=1, where every one of our modules is compiled at each start.
Another row is a bare Typer app of commscli's shape (10 groups x 5 commands x 8 options),
to tell Typer's own cost per command from ours.

Then, to show where our start-up goes:
  * the 10 heaviest imports of ``import commscli.cli`` (``python -X importtime``, min over runs),
    and our own modules by cumulative import time,
  * whether a heavy library (sqlite_utils, jinja2, chinese_calendar, rich, dateutil …) is
    loaded by ``import commscli.cli`` or only by ``--help`` itself (and by the bare app's),
  * an in-process split of ``--help`` for both apps: import typer / import the app /
    build the command tree (Typer converts every command of every group, even for the
    root help) / parse and render the help,
  * per root command: commands, options, and the time to load and build it.

Run: /work/venv/bin/python tests/bench/bench_startup.py [N]
"""

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _bench as b

N = int(sys.argv[1]) if len(sys.argv) > 1 else 15
RUNS = 7  # in-process measurements: min of this many processes
HEAVY = ("sqlite_utils", "jinja2", "chinese_calendar", "rich", "dateutil", "tomllib", "zoneinfo", "csv", "sqlite3")

BARE_APP = '''\
"""A bare one-command Typer app: the start-up baseline."""
import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello(name: str = typer.Option("world", help="Who to greet.")):
    """Say hello to someone."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
'''

SHAPED_APP = '''\
"""A bare Typer app of commscli's shape: 10 groups x 5 commands x 8 options, no logic."""
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Same shape as commscli.")
Opt = lambda name: Annotated[Optional[str], typer.Option(name, help="An option.", show_default=False)]  # noqa: E731

for g in range(10):
    group = typer.Typer(help=f"Group {g}.", no_args_is_help=True)
    for c in range(5):
        def cmd(a: Opt("--a") = None, b: Opt("--b") = None, c: Opt("--c") = None, d: Opt("--d") = None,
                e: Opt("--e") = None, f: Opt("--f") = None, g: Opt("--g") = None,
                json_out: Annotated[bool, typer.Option("--json", help="JSON.")] = False):
            """A command."""
        group.command(f"cmd{c}")(cmd)
    app.add_typer(group, name=f"group{g}")

if __name__ == "__main__":
    app()
'''

# In-process split of `--help`: argv[1] is "commscli" or the path of the bare app.
SPLIT = rf"""
import contextlib, io, runpy, sys, time
which = sys.argv[1]
t0 = time.perf_counter()
import typer
t1 = time.perf_counter()
if which == "commscli":
    from commscli.cli import app
else:
    app = runpy.run_path(which)["app"]
t2 = time.perf_counter()
cmd = typer.main.get_command(app)
t3 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    try:
        cmd.main(["--help"], prog_name="x", standalone_mode=True)
    except SystemExit:
        pass
t4 = time.perf_counter()
print("import typer", t1 - t0)
print("import the app (beyond typer)", t2 - t1)
print("build the command tree", t3 - t2)
print("parse + render --help", t4 - t3)
print("HEAVY", " ".join(m for m in {HEAVY!r} if m in sys.modules))
"""

# Per root command of commscli: commands, parameters, and the time to load its module (if the
# group is loaded lazily) and build its click command, in a fresh process.
GROUPS = r"""
import time, typer
from commscli.cli import app
root = typer.main.get_command(app)
ctx = typer.Context(root, info_name="commscli")
for name in root.list_commands(ctx):
    t0 = time.perf_counter()
    sub = root.get_command(ctx, name)
    dt = time.perf_counter() - t0
    subs = list(getattr(sub, "commands", {}).values()) or [sub]
    print(name, len(subs), sum(len(c.params) for c in subs), dt)
"""


def importtime(module: str, runs: int) -> dict:
    """module → (self µs, cumulative µs), the minimum of each over ``runs`` runs."""
    best: dict = {}
    for _ in range(runs):
        p = subprocess.run(
            [b.PY, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, env=b.ENV, check=True
        )
        for line in p.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cum, name = line[len("import time:") :].split("|")
            name, self_us, cum = name.strip(), int(self_us), int(cum)
            old = best.get(name)
            best[name] = (min(self_us, old[0]), min(cum, old[1])) if old else (self_us, cum)
    return best


def heavy_loaded(code: str) -> list[str]:
    code += f"\nimport sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    return subprocess.run([b.PY, "-c", code], capture_output=True, text=True, env=b.ENV, check=True).stdout.split()


def split(which: str) -> tuple[dict, str]:
    stages: dict = {}
    heavy = ""
    for _ in range(RUNS):
        out = subprocess.run([b.PY, "-c", SPLIT, which], capture_output=True, text=True, env=b.ENV, check=True).stdout
        for line in out.splitlines():
            if line.startswith("HEAVY"):
                heavy = line[5:].strip()
                continue
            label, value = line.rsplit(" ", 1)
            stages[label] = min(stages.get(label, float("inf")), float(value))
    return stages, heavy


def main():
    b.header("bench_startup")
    with b.tempdir("startup") as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        shaped = Path(tmp) / "shaped_app.py"
        shaped.write_text(SHAPED_APP, encoding="utf-8")
        for cmd in ([b.PY, str(bare), "--help"], [b.PY, str(shaped), "--help"], b.commscli("--help")):
            b.must(cmd)  # fill the bytecode cache outside the timings
        cases = {
            "commscli --help (console script)": b.commscli("--help"),
            "bare Typer app --help (baseline)": [b.PY, str(bare), "--help"],
            "commscli --help, PYTHONDONTWRITEBYTECODE=1": (b.commscli("--help"), b.bench_env(bytecode_cache=False)),
            "bare Typer app of commscli's shape --help": [b.PY, str(shaped), "--help"],
            "python -c pass (interpreter floor)": [b.PY, "-c", "pass"],
            "python -c 'import typer'": [b.PY, "-c", "import typer"],
        }
        series = b.interleaved(cases, N)
        s = list(series.values())
        b.table(s, s[1], title=f"Start-up, best of {N} (ratio = row / bare Typer app)", target=1.2)

        # --- where the time goes -------------------------------------------------------------
        times = importtime("commscli.cli", RUNS)
        print(f"\n10 heaviest imports of `import commscli.cli` by self time (python -X importtime, min of {RUNS})")
        print(f"  {'module':<40} {'self ms':>8} {'cum ms':>8}")
        for name, (self_us, cum) in sorted(times.items(), key=lambda kv: -kv[1][0])[:10]:
            print(f"  {name:<40} {self_us / 1000:8.1f} {cum / 1000:8.1f}")
        ours = sorted(
            ((n, t) for n, t in times.items() if n == "commscli" or n.startswith("commscli.")), key=lambda kv: -kv[1][1]
        )
        print("\nOur modules by cumulative import time (cumulative includes what they are first to import)")
        print(f"  {'module':<40} {'self ms':>8} {'cum ms':>8}")
        for name, (self_us, cum) in ours[:12]:
            print(f"  {name:<40} {self_us / 1000:8.1f} {cum / 1000:8.1f}")
        total = times.get("commscli.cli", (0, 0))[1]
        typer_cum = times.get("typer", (0, 0))[1]
        print(
            f"  `import commscli.cli` {total / 1000:.1f} ms in all, of which `import typer` {typer_cum / 1000:.1f} ms"
        )

        print(f"\nLibraries among {', '.join(HEAVY)} in sys.modules")
        print(f"  after `import commscli.cli`:  {' '.join(heavy_loaded('import commscli.cli')) or 'none'}")
        ours_split, ours_heavy = split("commscli")
        bare_split, bare_heavy = split(str(bare))
        print(f"  after `commscli --help`:      {ours_heavy or 'none'}")
        print(f"  after bare app `--help`:      {bare_heavy or 'none'}")

        print(f"\nIn-process split of `--help` (min of {RUNS} processes; interpreter start-up not included)")
        print(f"  {'stage':<36} {'commscli ms':>11} {'bare ms':>9} {'extra ms':>9}")
        for label, value in ours_split.items():
            other = bare_split.get(label, 0.0)
            print(f"  {label:<36} {value * 1000:11.1f} {other * 1000:9.1f} {(value - other) * 1000:9.1f}")
        extra = sum(ours_split.values()) - sum(bare_split.values())
        print(
            f"  {'total':<36} {sum(ours_split.values()) * 1000:11.1f} {sum(bare_split.values()) * 1000:9.1f}"
            f" {extra * 1000:9.1f}"
        )

    groups: dict = {}
    for _ in range(RUNS):
        out = subprocess.run([b.PY, "-c", GROUPS], capture_output=True, text=True, env=b.ENV, check=True).stdout
        for line in out.splitlines():
            name, n_cmds, n_params, secs = line.split()
            old = groups.get(name)
            groups[name] = (n_cmds, n_params, min(float(secs), old[2]) if old else float(secs))
    print(f"\nPer root command: what running one of its commands adds (min of {RUNS} processes)")
    print("  (a group imported eagerly with commscli.cli shows only its build time: its import is above)")
    print(f"  {'command':<12} {'commands':>8} {'params':>7} {'load+build ms':>14}")
    for name, (n_cmds, n_params, secs) in groups.items():
        print(f"  {name:<12} {n_cmds:>8} {n_params:>7} {secs * 1000:14.1f}")


if __name__ == "__main__":
    main()
