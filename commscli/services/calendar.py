"""Working days the office sets or imports: the rows and their events (SPEC §8 calendar)."""

from datetime import date

from commscli.store import calendar as q
from commscli.store import records


def set_day(store, ctx, day: date, workday: bool, name: str, reason: str | None, at: str) -> dict:
    """Mark ``day`` an office working day or closure; the event keeps what the day was before."""
    name = (name or "").strip()
    before = q.get_day(store, day.isoformat())
    q.put_day(store, day.isoformat(), workday, name, "office", at, ctx.by)
    records.log(store, ctx, "calendar_days", None, "set", at, before=before,
                after={"date": day.isoformat(), "workday": workday, "name": name}, reason=reason)
    return {"date": day.isoformat(), "workday": workday, "name": name, "source": "office"}


def import_days(store, ctx, days, *, file: str, sha256: str, by: str, at: str) -> dict:
    """Store a schedule's days (``days``: validated {date, kind, name} rows, read by the caller) as
    ``source='import'`` and record one import event naming the file; ``by`` is ``import:<file>``."""
    count, years = 0, set()
    for r in days:
        q.put_day(store, r["date"], r["kind"], r.get("name", ""), "import", at, by)
        count += 1
        years.add(int(r["date"][:4]))
    records.log(store, ctx, "calendar_days", None, "import", at, by=by,
                after={"file": file, "sha256": sha256, "rows": count, "years": sorted(years), "run_by": ctx.by})
    return {"file": file, "rows": count, "years": sorted(years)}
