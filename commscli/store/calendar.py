"""The office's own calendar days and imported holiday schedules."""


def overrides(store) -> dict:
    from datetime import date

    return {
        date.fromisoformat(d): (w, n, s)
        for d, w, n, s in store.execute("SELECT date, workday, name, source FROM calendar_days")
    }


def imported_years(store) -> set:
    return {
        int(y)
        for (y,) in store.execute("SELECT DISTINCT substr(date, 1, 4) FROM calendar_days WHERE source = 'import'")
    }


def get_day(store, day: str) -> dict | None:
    return store.one("SELECT * FROM calendar_days WHERE date = ?", (day,))


def put_day(store, day: str, workday: bool, name: str, source: str, at: str, by: str):
    store.execute(
        "INSERT INTO calendar_days (date, workday, name, source, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(date) DO UPDATE SET workday = excluded.workday, name = excluded.name,"
        " source = excluded.source, created_at = excluded.created_at, created_by = excluded.created_by",
        (day, int(workday), name, source, at, by),
    )
