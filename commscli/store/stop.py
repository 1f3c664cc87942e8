"""STOP plans, cards and their observers, the weekly analysis, summaries, awards, deviations. SQL only; no rules.

No query here joins a card to anyone but its observers: a card has no observed person (004 篇3 §4.5.3)."""

import json

from commscli.store.records import by_id, in_offices
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)


def plan(store, office_id: int, year: int) -> dict | None:
    return store.one("SELECT * FROM stop_plans WHERE office_id = ? AND year = ?", (office_id, year))


def plans_of(store, office_id: int) -> list[dict]:
    """The office's STOP plans (year, start), by year."""
    return store.query("SELECT year, starts FROM stop_plans WHERE office_id = ? ORDER BY year", (office_id,))


def plan_units(store, plan_id: int) -> list[dict]:
    """The plan's teams and crews with their people (leader first) and a team's areas."""
    units = store.query("SELECT * FROM stop_units WHERE plan_id = ? ORDER BY kind DESC, id", (plan_id,))
    for u in units:
        people = store.query(
            "SELECT s.id, s.name, m.leader FROM stop_unit_members m JOIN staff s ON s.id = m.staff_id"
            " WHERE m.unit_id = ? ORDER BY m.leader DESC, s.name",
            (u["id"],),
        )
        u["leader"] = next((p["name"] for p in people if p["leader"]), None)
        u["members"] = [p["name"] for p in people if not p["leader"]]
        u["member_ids"] = [p["id"] for p in people]
        u["leader_id"] = next((p["id"] for p in people if p["leader"]), None)
        u["areas"] = [
            r["area"] for r in store.query("SELECT area FROM stop_areas WHERE unit_id = ? ORDER BY area", (u["id"],))
        ]
        u["shift"] = f"{u['shift_start']:02d}-{u['shift_end']:02d}" if u["kind"] == "crew" else None
    return units


def plan_areas(store, plan_id: int) -> list[str]:
    return [r["area"] for r in store.query("SELECT area FROM stop_areas WHERE plan_id = ? ORDER BY area", (plan_id,))]


def crews_of(store, plan_id: int, staff_id: int) -> list[dict]:
    """The crews the staff member belongs to in the plan (their shift and whether they lead it)."""
    return store.query(
        "SELECT u.id, u.shift_start, u.shift_end, m.leader FROM stop_unit_members m JOIN stop_units u"
        " ON u.id = m.unit_id WHERE u.plan_id = ? AND u.kind = 'crew' AND m.staff_id = ?",
        (plan_id, staff_id),
    )


def crew(store, plan_id: int, name: str):
    return store.one("SELECT * FROM stop_units WHERE plan_id = ? AND kind = 'crew' AND name = ?", (plan_id, name))


CARD_SELECT = (
    "SELECT c.*, o.code AS office, (SELECT json_group_array(s.name) FROM stop_card_observers x"
    " JOIN staff s ON s.id = x.staff_id WHERE x.card_id = c.id) AS observers"
    " FROM stop_cards c JOIN offices o ON o.id = c.office_id"
)


def _decode(row: dict) -> dict:
    for key in ("actions", "observers"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def card(store, card_id) -> dict:
    return _decode(by_id(store, CARD_SELECT + " WHERE c.id = ?", card_id, "STOP card"))


def cards(store, office_id: int, start: str, end: str) -> list[dict]:
    return [
        _decode(r)
        for r in store.query(
            CARD_SELECT + " WHERE c.office_id = ? AND c.at >= ? AND c.at < ? ORDER BY c.at, c.id",
            (office_id, start, end),
        )
    ]


def counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Cards in [start, end) per office, planned or not, category, area and safe: counted, never listed."""
    where, ids = in_offices("c.office_id", office_ids)
    return store.query(
        f"SELECT c.office_id, c.planned, c.category, c.area, c.safe, COUNT(*) AS n FROM stop_cards c"
        f" WHERE {where} AND c.at >= ? AND c.at < ? GROUP BY c.office_id, c.planned, c.category, c.area, c.safe",
        [*ids, start, end],
    )


def week_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Cards in [start, end) per office, week, planned, category and safe."""
    where, ids = in_offices("c.office_id", office_ids)
    return store.query(
        f"SELECT c.office_id, c.week, c.planned, c.category, c.safe, COUNT(*) AS n FROM stop_cards c"
        f" WHERE {where} AND c.at >= ? AND c.at < ? GROUP BY c.office_id, c.week, c.planned, c.category, c.safe",
        [*ids, start, end],
    )


def hours(store, office_id: int, start: str, end: str, planned_only: bool) -> list[dict]:
    """Cards in [start, end) per hour of the day (the stored local time's HH)."""
    return store.query(
        "SELECT CAST(substr(c.at, 12, 2) AS INTEGER) AS hour, COUNT(*) AS n FROM stop_cards c"
        " WHERE c.office_id = ? AND c.at >= ? AND c.at < ?"
        + (" AND c.planned = 1" if planned_only else "")
        + " GROUP BY hour",
        (office_id, start, end),
    )


def observer_days(store, office_ids: list[int], start: str, end: str, planned_only: bool) -> list[dict]:
    """Per office, observer and day: the cards they took part in (manager quotas)."""
    where, ids = in_offices("x.office_id", office_ids)
    return store.query(
        f"SELECT x.office_id, x.staff_id, substr(x.at, 1, 10) AS day, COUNT(*) AS n FROM stop_card_observers x"
        f" WHERE {where} AND x.at >= ? AND x.at < ?"
        + (" AND x.planned = 1" if planned_only else "")
        + " GROUP BY x.office_id, x.staff_id, day",
        [*ids, start, end],
    )


def crew_shifts(store, office_ids: list[int], start: str, end: str, planned_only: bool) -> list[dict]:
    """Per office, crew, shift day and leader or not: the distinct cards filed in that shift by its people."""
    where, ids = in_offices("x.office_id", office_ids)
    return store.query(
        f"SELECT x.office_id, x.unit_id, x.shift_day, x.leader, COUNT(DISTINCT x.card_id) AS n"
        f" FROM stop_card_observers x WHERE {where} AND x.at >= ? AND x.at < ? AND x.unit_id IS NOT NULL"
        + (" AND x.planned = 1" if planned_only else "")
        + " GROUP BY x.office_id, x.unit_id, x.shift_day, x.leader",
        [*ids, start, end],
    )


def measures(store, office_id: int, week: str) -> list[dict]:
    return store.query("SELECT * FROM stop_measures WHERE office_id = ? AND week = ? ORDER BY id", (office_id, week))


def measured(store, office_ids: list[int], weeks: list[str]) -> set:
    """(office id, week, category) with a measure recorded, for the given weeks."""
    if not weeks:
        return set()
    where, ids = in_offices("office_id", office_ids)
    marks = ", ".join("?" for _ in weeks)
    rows = store.query(
        f"SELECT DISTINCT office_id, week, category FROM stop_measures WHERE {where} AND week IN ({marks})",
        [*ids, *weeks],
    )
    return {(r["office_id"], r["week"], r["category"]) for r in rows}


def trainings(store, office_id: int, week: str) -> list[dict]:
    return store.query(
        "SELECT t.*, s.name FROM stop_trainings t JOIN staff s ON s.id = t.staff_id"
        " WHERE t.office_id = ? AND t.week = ? ORDER BY t.id",
        (office_id, week),
    )


def summary(store, office_id: int, month: str):
    return store.one("SELECT * FROM stop_summaries WHERE office_id = ? AND month = ?", (office_id, month))


def awards(store, office_id: int, start: str, end: str) -> list[dict]:
    return store.query(
        "SELECT a.*, s.name AS staff, u.name AS crew FROM stop_awards a LEFT JOIN staff s ON s.id = a.staff_id"
        " LEFT JOIN stop_units u ON u.id = a.unit_id WHERE a.office_id = ? AND a.at >= ? AND a.at < ?"
        " ORDER BY a.at, a.id",
        (office_id, start, end),
    )


def month_awards(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    where, ids = in_offices("a.office_id", office_ids)
    return store.query(
        f"SELECT a.office_id, COUNT(*) AS n FROM stop_awards a WHERE {where} AND a.at >= ? AND a.at < ?"
        " GROUP BY a.office_id",
        [*ids, start, end],
    )


def deviations(store, office_id: int, first: str, last: str) -> list[dict]:
    """Approved deviations of the office touching the days [first, last]."""
    return store.query(
        "SELECT * FROM stop_deviations WHERE office_id = ? AND from_day <= ? AND to_day >= ? ORDER BY from_day",
        (office_id, last, first),
    )


def week(store, office_id: int, week: str):
    return store.one("SELECT * FROM stop_weeks WHERE office_id = ? AND week = ?", (office_id, week))


def staff_by_name(store, office_id: int, name: str):
    return store.one("SELECT id, name, role, active FROM staff WHERE office_id = ? AND name = ?", (office_id, name))


def staff_names_all(store, office_id: int) -> list[str]:
    """Every registered name of the office, active or not (a note may name none of them)."""
    return [r[0] for r in store.execute("SELECT name FROM staff WHERE office_id = ?", (office_id,))]


def staff_in_roles(store, office_id: int, roles: list[str]) -> list[dict]:
    """Active staff of the office in these roles (the index staff_role)."""
    if not roles:
        return []
    marks = ", ".join("?" for _ in roles)
    return store.query(
        f"SELECT id, name, role, created_at FROM staff WHERE office_id = ? AND role IN ({marks}) AND active = 1"
        " ORDER BY name",
        [office_id, *roles],
    )


def card_shift_days(store, office_id: int, start: str, end: str) -> list[str]:
    """The times of the planned cards in [start, end) (coverage of shifts: a card's hour against each shift)."""
    return [
        r[0]
        for r in store.execute(
            "SELECT at FROM stop_cards WHERE office_id = ? AND at >= ? AND at < ? AND planned = 1 ORDER BY at",
            (office_id, start, end),
        )
    ]
