"""What the monthly report's key figures and 12-month trends cost, in process, on bench_report's stores (issue 15).

For October 2026 in the 100k- and 1M-ticket stores of bench_report.py (built there, reused here), the minimum and
median over N runs, in milliseconds, of:

- the whole of ``sections.monthly`` as `report monthly` runs it (sections, key figures and trends);
- the trends as the report runs them: one read of the month counters (m017) per figure over the 11 months before
  October, October's point from its sections;
- each trend query alone, and all trends over 12 months from SQL (October read a second time);
- the two ways NOT taken for last month's key figures: the whole report again for September, and only the sections
  holding key figures (tickets, visits, notices) for September. The report reads last month from the trends
  instead, at no cost beyond them.

Run: python tests/bench/bench_trends.py [N]
"""

import os
import statistics
import sys
import time
from datetime import datetime

from _bench import header
from bench_report import build

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5


def timed(fn, n=N):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000, statistics.median(times) * 1000


def measure(n: int):
    from importlib import import_module

    from commscli import policy, sections
    from commscli.context import Context
    from commscli.domain.reports import period
    from commscli.sections import keyfigures as kf
    from commscli.store import calendar as cal_store
    from commscli.store import open_store
    from commscli.workdays import Calendar

    oct_, sep = period(2026, 10), period(2026, 9)
    now = datetime.fromisoformat("2026-11-23T10:00:00+08:00")
    store = open_store(build(n), readonly=True)
    ctx = Context(policy.DEFAULT, Calendar(cal_store.overrides(store), cal_store.imported_years(store)), now)
    report = sections.monthly(store, oct_, ctx, ["JM01"])
    current = kf.totals(report.sections)
    ids = list(sections.office_ids(store, ctx))
    months = kf.months_to(oct_)
    rows = [
        ("report monthly 2026-10, in process (all of it)", lambda: sections.monthly(store, oct_, ctx, ["JM01"])),
        ("trends as the report runs them (11 months)", lambda: kf.trends(store, oct_, ctx, current)),
        ("trends all 12 months from SQL", lambda: kf.trends(store, oct_, ctx)),
    ]
    rows += [
        (f"  trend query {fn.__name__} (11 months)", lambda fn=fn: fn(store, ids, months[:-1], ctx))
        for _, fn in kf.TRENDS
    ]
    key_sections = [import_module(f"commscli.sections.{m}") for m in ("tickets", "visits", "notices")]
    rows += [
        ("not taken: whole report for 2026-09", lambda: sections.monthly(store, sep, ctx, ["JM01"])),
        (
            "not taken: key-figure sections for 2026-09",
            lambda: [m.monthly_section(store, sep, ctx) for m in key_sections],
        ),
    ]
    print(f"\n{n // 1000}k-ticket store, N={N}")
    print(f"  {'':<50} {'min ms':>9} {'median ms':>10}")
    for label, fn in rows:
        lo, med = timed(fn)
        print(f"  {label:<50} {lo:9.1f} {med:10.1f}")


def main():
    os.environ.setdefault("COMMSCLI_NOW", "2026-11-23T10:00")
    header("bench_trends")
    for n in (100_000, 1_000_000):
        measure(n)


if __name__ == "__main__":
    main()
