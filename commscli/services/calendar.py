"""Working days the office sets: the rows and their events (SPEC §8 calendar). A schedule is imported
by the one import loop (io/importer.CalendarDays)."""

from datetime import date

from commscli.store import calendar as q
from commscli.store import records


def set_day(store, ctx, day: date, workday: bool, name: str, reason: str | None, at: str) -> dict:
    """Mark ``day`` an office working day or closure; the event keeps what the day was before."""
    name = (name or "").strip()
    before = q.get_day(store, day.isoformat())
    q.put_day(store, day.isoformat(), workday, name, "office", at, ctx.by)
    records.log(
        store,
        ctx,
        "calendar_days",
        None,
        "set",
        at,
        before=before,
        after={"date": day.isoformat(), "workday": workday, "name": name},
        reason=reason,
    )
    return {"date": day.isoformat(), "workday": workday, "name": name, "source": "office"}
