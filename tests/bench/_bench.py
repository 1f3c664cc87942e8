"""Shared helpers for the benchmark scripts in this directory (not a test module).

Every timed command runs in its own subprocess, started with the same Python as the
benchmark, in an environment with a frozen clock and a fixed user. Runs of the command
and of its baseline are interleaved so that machine noise hits both alike. Nothing here
asserts on a timing: the scripts print figures and ratios for a reader to judge.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
BIN = Path(PY).parent
COMMSCLI = BIN / "commscli"  # the console script, run with PY (same interpreter either way)
HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"  # git-ignored


PYCACHE = CACHE / "pycache"


def bench_env(bytecode_cache: bool = True) -> dict:
    """The environment of every timed process.

    With ``bytecode_cache`` (the default) compiled modules are cached under
    ``.cache/pycache`` (``PYTHONPYCACHEPREFIX``) so that our modules start as an installed
    wheel would, from .pyc, without writing ``__pycache__`` into the source tree, and even
    when the calling shell sets ``PYTHONDONTWRITEBYTECODE=1``. Without it, nothing is
    cached or written (``PYTHONDONTWRITEBYTECODE=1``): a source checkout without
    ``__pycache__`` then compiles every one of our modules at each start, while
    site-packages still load from the .pyc that pip wrote.
    """
    env = dict(os.environ)
    for var in ("COMMSCLI_DB", "COMMSCLI_POLICY", "COMMSCLI_DEBUG"):
        env.pop(var, None)
    env.update(COMMSCLI_NOW="2026-11-23T10:00", COMMSCLI_USER="bench")
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env.pop("PYTHONPYCACHEPREFIX", None)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


ENV = bench_env()
BYTECODE_NOTE = "bytecode cached under tests/bench/.cache/pycache" + (
    " (the calling shell's PYTHONDONTWRITEBYTECODE=1 is overridden)"
    if os.environ.get("PYTHONDONTWRITEBYTECODE")
    else ""
)


def commscli(*args) -> list[str]:
    return [PY, str(COMMSCLI), *map(str, args)]


class Failed(RuntimeError):
    pass


def run_once(cmd, *, stdout=subprocess.DEVNULL, cwd=None, env=None) -> tuple[float, int, bytes]:
    """Run ``cmd`` once: (wall seconds, peak RSS of that child in KiB, captured stdout or b"").

    ``os.wait4`` gives the resource usage of exactly this child (``RUSAGE_CHILDREN`` would be
    the maximum over every child waited for so far).
    """
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env or ENV, cwd=cwd)
    out = b""
    if stdout == subprocess.PIPE:
        out = p.stdout.read()
        p.stdout.close()
    err = p.stderr.read()
    p.stderr.close()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise Failed(f"{' '.join(map(str, cmd))} exited {p.returncode}:\n{err.decode(errors='replace')}")
    rss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return elapsed, rss_kib, out


def must(cmd, **kw) -> bytes:
    """Run an untimed setup step, failing loudly."""
    return run_once(cmd, stdout=subprocess.PIPE, **kw)[2]


class Series:
    def __init__(self, label: str):
        self.label = label
        self.times: list[float] = []
        self.rss: list[int] = []

    def add(self, elapsed: float, rss: int):
        self.times.append(elapsed)
        self.rss.append(rss)

    @property
    def min(self):
        return min(self.times)

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def max_rss(self):
        return max(self.rss)


def interleaved(cases: dict, n: int, *, warmup: int = 1, setup=None) -> dict:
    """Time each ``label → cmd`` ``n`` times, alternating between them.

    ``cmd`` may be a callable returning the command (e.g. one needing a fresh store), or a
    ``(cmd, env)`` pair to run with another environment; ``setup(label)`` runs untimed
    before each timed run when given.
    """
    series = {label: Series(label) for label in cases}
    for i in range(warmup + n):
        for label, cmd in cases.items():
            if setup:
                setup(label)
            env = None
            if isinstance(cmd, tuple):
                cmd, env = cmd
            argv = cmd() if callable(cmd) else cmd
            elapsed, rss, _ = run_once(argv, env=env)
            if i >= warmup:
                series[label].add(elapsed, rss)
    return series


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def table(rows: list[Series], baseline: Series, *, title: str, target: float | None = None, rss: bool = False):
    """Absolute min / median in ms, and each row's median and min as a ratio of the baseline's."""
    print(f"\n{title}")
    n = len(baseline.times)
    head = f"  {'':<44} {'min ms':>9} {'median ms':>9} {'ratio(med)':>10} {'ratio(min)':>10}"
    if rss:
        head += f" {'peak RSS MiB':>12}"
    print(head)
    for s in rows:
        line = (
            f"  {s.label:<44} {ms(s.min)} {ms(s.median)} {s.median / baseline.median:10.2f}"
            f" {s.min / baseline.min:10.2f}"
        )
        if rss:
            line += f" {s.max_rss / 1024:12.1f}"
        print(line)
    if target is not None:
        main = rows[0]
        ratio = main.median / baseline.median
        verdict = "within" if ratio <= target else "ABOVE"
        print(f"  n={n} per command; target ratio <= {target}: median ratio {ratio:.2f} is {verdict} target")


def tempdir(prefix: str) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=f"commscli-bench-{prefix}-")


def header(name: str):
    print(f"{name}  (python {sys.version.split()[0]}, {PY}; {os.cpu_count()} CPUs; {BYTECODE_NOTE})")


def remove_store(path: Path):
    """A store file and its -wal / -shm companions."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def schema_tag() -> str:
    """``s<N>``: the number of migrations of this checkout, so a cached store is rebuilt when the schema grows
    (a command that only reads refuses an older store)."""
    from commscli.store.migrations import migrations

    return f"s{len(migrations._migrations)}"


def new_cached_store(path: Path, office: str) -> Path:
    """Start building a cached store: a fresh temp file beside ``path``, initialised with one office.
    Fill it, then hand the connection to ``seal_cached_store``."""
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    remove_store(tmp)
    must(commscli("db", "init", "--db", tmp))
    must(commscli("office", "add", office, "--name", "bench", "--db", tmp))
    return tmp


def seal_cached_store(conn, tmp: Path, path: Path) -> Path:
    """Commit, ANALYZE (so the planner sees realistic sizes) and move the store into the cache."""
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()
    tmp.rename(path)
    return path
