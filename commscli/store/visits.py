"""Visit plans, visits, their items, monthly summaries. SQL only. (Surveys: store/surveys.py.)"""

import json

from commscli.store.records import by_id, for_office, in_offices, keyed
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401

# --- plans ---------------------------------------------------------------------------------


def active_plan(store, office_id: int, month: str, kind: str = "office"):
    row = store.one(
        "SELECT * FROM visit_plans WHERE office_id = ? AND month = ? AND kind = ? AND active = 1",
        (office_id, month, kind),
    )
    if row:
        row["basis"] = json.loads(row["basis"])
    return row


def plan_items(store, plan_id: int) -> list[dict]:
    return store.query(
        "SELECT i.*, h.building AS household_building, h.room, h.name,"
        " (SELECT MIN(v.id) FROM visits v WHERE v.plan_item_id = i.id AND v.state != 'cancelled') AS visit_id"
        " FROM visit_plan_items i JOIN households h ON h.id = i.household_id WHERE i.plan_id = ? ORDER BY i.id",
        (plan_id,),
    )


def drawn_households(store, office_id: int, month: str, kind: str) -> set:
    return {
        r[0]
        for r in store.execute(
            "SELECT i.household_id FROM visit_plan_items i JOIN visit_plans p ON p.id = i.plan_id"
            " WHERE p.office_id = ? AND p.month = ? AND p.kind = ? AND p.active = 1",
            (office_id, month, kind),
        )
    }


def current_cycle(store, office_id: int) -> int:
    return (
        store.scalar(
            "SELECT MAX(c) FROM (SELECT MAX(i.cycle) AS c FROM visit_plan_items i JOIN visit_plans p"
            " ON p.id = i.plan_id WHERE p.office_id = ? AND p.active = 1"
            " UNION ALL SELECT MAX(cycle) FROM visits WHERE office_id = ?)",
            (office_id, office_id),
        )
        or 1
    )


def visited_in_cycle(store, office_id: int, cycle: int) -> set:
    return {
        r[0]
        for r in store.execute(
            "SELECT DISTINCT household_id FROM visits WHERE office_id = ? AND cycle = ? AND state != 'cancelled'",
            (office_id, cycle),
        )
    }


def visited_since(store, office_id: int, since: str) -> set:
    return {
        r[0]
        for r in store.execute(
            "SELECT DISTINCT household_id FROM visits WHERE office_id = ? AND started_at >= ? AND state != 'cancelled'",
            (office_id, since),
        )
    }


def last_visit_of(store, household_id: int):
    return store.one(
        "SELECT * FROM visits WHERE household_id = ? AND state != 'cancelled' ORDER BY started_at DESC LIMIT 1",
        (household_id,),
    )


def occupied_by_building(store, office_id: int) -> dict:
    """building → occupied households of the office (buildings in the order their first household was added)."""
    return dict(
        store.execute(
            "SELECT building, COUNT(*) FROM households WHERE office_id = ? AND occupied = 1"
            " GROUP BY building ORDER BY MIN(id)",
            (office_id,),
        ).fetchall()
    )  # first-seen order, as before


def plan_counts(store, plan_id: int) -> list[dict]:
    """A plan's items per role and building: how many, and how many have a visit (not cancelled)."""
    return store.query(
        "SELECT i.role, h.building, COUNT(*) AS n, SUM(EXISTS (SELECT 1 FROM visits v WHERE v.plan_item_id = i.id"
        " AND v.state != 'cancelled')) AS visited FROM visit_plan_items i JOIN households h ON h.id = i.household_id"
        " WHERE i.plan_id = ? GROUP BY i.role, h.building",
        (plan_id,),
    )


def occupied_households(store, office_id: int) -> dict:
    return {
        hid: b
        for hid, b in store.execute(
            "SELECT id, building FROM households WHERE office_id = ? AND occupied = 1", (office_id,)
        )
    }


def plan_item_for(store, office_id: int, household_id: int, month: str):
    return store.one(
        "SELECT i.* FROM visit_plan_items i JOIN visit_plans p ON p.id = i.plan_id WHERE p.office_id = ?"
        " AND p.month = ? AND p.active = 1 AND i.household_id = ? AND NOT EXISTS"
        " (SELECT 1 FROM visits v WHERE v.plan_item_id = i.id AND v.state != 'cancelled') ORDER BY p.kind DESC LIMIT 1",
        (office_id, month, household_id),
    )


# --- visits ---------------------------------------------------------------------------------

VISIT_SELECT = (
    "SELECT v.*, o.code AS office, h.building, h.room, h.name AS household_name, h.phone AS household_phone"
    " FROM visits v JOIN offices o ON o.id = v.office_id JOIN households h ON h.id = v.household_id"
)


def _visit(row):
    if row is not None:
        row["visitors"] = json.loads(row["visitors"])
    return row


def visit(store, visit_id) -> dict:
    return _visit(by_id(store, VISIT_SELECT + " WHERE v.id = ?", visit_id, "visit"))


def visit_items(store, visit_id: int) -> list[dict]:
    return store.query("SELECT * FROM visit_items WHERE visit_id = ? ORDER BY id", (visit_id,))


def visit_item(store, item_id) -> dict:
    """An item with its visit's office, household, visitors and time, and its ticket's handling."""
    row = by_id(
        store,
        "SELECT i.*, v.office_id, o.code AS office, v.household_id, v.visitors, v.started_at, v.state AS visit_state,"
        " t.dispatched_to, t.resolved_at FROM visit_items i JOIN visits v ON v.id = i.visit_id"
        " JOIN offices o ON o.id = v.office_id LEFT JOIN tickets t ON t.id = i.ticket_id WHERE i.id = ?",
        item_id,
        "visit item",
    )
    row["visitors"] = json.loads(row["visitors"])
    return row


def ticket_handlers(store, ticket_id: int) -> set:
    """Who handled a ticket: the person it was dispatched to and whoever recorded its resolution or reply."""
    names = {
        r[0]
        for r in store.execute(
            "SELECT by FROM events WHERE record_table = 'tickets' AND record_id = ? AND action IN ('resolve', 'reply')",
            (ticket_id,),
        )
    }
    dispatched = store.scalar("SELECT dispatched_to FROM tickets WHERE id = ?", (ticket_id,))
    return names | ({dispatched} if dispatched else set())


def feedback_owed(store, office=None) -> list[dict]:
    """Items that asked for feedback and have none yet, of reviewed visits (partial index visit_items_feedback_owed)."""
    sql = (
        "SELECT i.id, i.ticket_id, v.reviewed_at, t.resolved_at, t.cancelled_at, o.code AS office, h.building, h.room,"
        " json_extract(v.visitors, '$[0].name') AS visitor"
        " FROM visit_items i JOIN visits v ON v.id = i.visit_id JOIN offices o ON o.id = v.office_id"
        " JOIN households h ON h.id = v.household_id LEFT JOIN tickets t ON t.id = i.ticket_id"
        " WHERE i.wants_feedback = 1 AND i.feedback_at IS NULL AND v.state = 'reviewed'"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql + " ORDER BY i.id", params)


# a household's last visit (not cancelled), else its move-in day, else the day it was registered
_SINCE = (
    "COALESCE((SELECT MAX(v.started_at) FROM visits v WHERE v.household_id = h.id AND v.state != 'cancelled'{end}),"
    " h.move_in, h.created_at)"
)


def yearly_candidates(store, before: str, office=None) -> list[dict]:
    """Occupied households whose last visit (or move-in, or registration) lies before ``before`` (YYYY-MM-DD):
    the office's occupied households (index households_occupied), each with its last visit found through
    visits_household. The cost follows the office's households, not its visits."""
    sql = (
        "SELECT * FROM (SELECT h.id, h.building, h.room, o.code AS office, "
        + _SINCE.format(end="")
        + " AS since FROM households h JOIN offices o ON o.id = h.office_id WHERE h.occupied = 1"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql + ") WHERE substr(since, 1, 10) < ? ORDER BY since, id", [*params, before])


def month_yearly_overdue(store, office_ids: list[int], end: str, before: str) -> list[dict]:
    """Per office, the occupied households (the registry as it stands) whose last visit before ``end`` (or
    move-in, or registration) lies before ``before`` (YYYY-MM-DD): overdue for their yearly visit at ``end``."""
    where, ids = in_offices("h.office_id", office_ids)
    return store.query(
        "SELECT h.office_id, COUNT(*) AS n FROM households h"
        f" WHERE {where} AND h.occupied = 1"
        " AND substr(" + _SINCE.format(end=" AND v.started_at < ?") + ", 1, 10) < ? GROUP BY h.office_id",
        [*ids, end, before],
    )


def visits_in(store, start: str, end: str, office=None, state=None, limit=None) -> list[dict]:
    sql = VISIT_SELECT + " WHERE v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled'"
    sql, params = for_office(sql, [start, end], office)
    if state:
        sql += " AND v.state = ?"
        params.append(state)
    sql += " ORDER BY v.started_at, v.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_visit(r) for r in store.query(sql, params)]


def items_in(store, start: str, end: str, office=None) -> list[dict]:
    sql = (
        "SELECT i.*, v.started_at, v.household_id, h.building, h.room, t.state AS ticket_state, t.kind AS ticket_kind"
        " FROM visit_items i JOIN visits v ON v.id = i.visit_id JOIN households h ON h.id = v.household_id"
        " JOIN offices o ON o.id = v.office_id LEFT JOIN tickets t ON t.id = i.ticket_id"
        " WHERE v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled'"
    )
    sql, params = for_office(sql, [start, end], office)
    return store.query(sql + " ORDER BY i.id", params)


def month_visit_groups(store, office_id: int, start: str, end: str, plan_id) -> list[dict]:
    """The office's visits in [start, end) (not cancelled), counted per role planned for the
    household in plan ``plan_id`` (NULL when none), the roles of the visitors in order (a JSON
    list, one per group), building, and whether the visit was planned at all."""
    return store.query(
        "SELECT i.role AS planned_role, (SELECT json_group_array(json_extract(j.value, '$.role'))"
        " FROM json_each(v.visitors) j) AS roles, h.building, v.plan_item_id IS NOT NULL AS planned, COUNT(*) AS n"
        " FROM visits v JOIN households h ON h.id = v.household_id"
        " LEFT JOIN visit_plan_items i ON i.id = v.plan_item_id AND i.plan_id = ?"
        " WHERE v.office_id = ? AND v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled'"
        " GROUP BY 1, 2, 3, 4",
        (plan_id, office_id, start, end),
    )


def month_visit_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per office, the visits of [start, end) (not cancelled): how many, refused signatures, late submissions."""
    where, ids = in_offices("v.office_id", office_ids)
    return store.query(
        "SELECT v.office_id, COUNT(*) AS visits, SUM(v.signed = 0) AS refused,"
        " SUM(COALESCE(v.submitted_late, 0) != 0) AS late FROM visits v"
        f" WHERE {where} AND v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled'"
        " GROUP BY v.office_id",
        [*ids, start, end],
    )


def month_item_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per office and kind, the items heard on the visits of [start, end), how many became tickets, how many
    asked for feedback and how many of those have it."""
    where, ids = in_offices("v.office_id", office_ids)
    return store.query(
        "SELECT v.office_id, i.kind, COUNT(*) AS n, SUM(COALESCE(i.ticket_id, 0) != 0) AS tickets,"
        " SUM(i.wants_feedback) AS wanted, SUM(i.wants_feedback = 1 AND i.feedback_at IS NOT NULL) AS given"
        " FROM visits v JOIN visit_items i ON i.visit_id = v.id"
        f" WHERE {where} AND v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled'"
        " GROUP BY v.office_id, i.kind",
        [*ids, start, end],
    )


def unsubmitted(store, before: str, office=None) -> list[dict]:
    sql = VISIT_SELECT + " WHERE v.submitted_at IS NULL AND v.state = 'recorded' AND v.submit_due < ?"
    sql, params = for_office(sql, [before], office)
    return [_visit(r) for r in store.query(sql + " ORDER BY v.submit_due", params)]


def unreviewed(store, office=None) -> list[dict]:
    sql = VISIT_SELECT + " WHERE v.state = 'submitted'"
    sql, params = for_office(sql, [], office)
    return [_visit(r) for r in store.query(sql + " ORDER BY v.submitted_at", params)]


# --- summaries -------------------------------------------------------------------------------


def summary(store, office_id: int, month: str):
    return store.one("SELECT * FROM visit_summaries WHERE office_id = ? AND month = ?", (office_id, month))


def summaries_open(store, office=None) -> list[dict]:
    sql = (
        "SELECT s.*, o.code AS office FROM visit_summaries s JOIN offices o ON o.id = s.office_id"
        " WHERE s.approved_at IS NULL"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql, params)


# --- the visit import (services/visit_import.py): one look per batch --------------------------------


def visits_by_key(store, keys: list[tuple]) -> set:
    """The keys among ``keys`` ((household_id, started_at)) that a stored visit has (index visits_household)."""
    return {
        tuple(r)
        for r in keyed(
            store,
            keys,
            "h, at",
            "SELECT DISTINCT k.h, k.at FROM k CROSS JOIN visits v ON v.household_id = k.h AND v.started_at = k.at",
            width=300,
        )
    }


def unvisited_plan_items(store, keys: list[tuple]) -> dict:
    """(household_id, month) → the household's plan items of the month's active plans that no visit (not
    cancelled) has yet, the office's plan first (as ``plan_item_for``): dicts of id and cycle."""
    found: dict = {}
    sql = (
        "SELECT k.h, k.m, i.id, i.cycle FROM k CROSS JOIN visit_plan_items i ON i.household_id = k.h"
        " JOIN visit_plans p ON p.id = i.plan_id AND p.month = k.m AND p.active = 1"
        " WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.plan_item_id = i.id AND v.state != 'cancelled')"
        " ORDER BY k.h, k.m, p.kind DESC, i.id"
    )
    for h, m, item, cycle in keyed(store, keys, "h, m", sql, width=300):
        found.setdefault((h, m), []).append({"id": item, "cycle": cycle})
    return found


def raised_tickets(store, keys: list[tuple]) -> dict:
    """(office_id, household_id, reported_at, kind, description) → the first ticket of that natural key: the
    ticket a visit's review raised from an item (index tickets by office and time)."""
    found: dict = {}
    sql = (
        "SELECT k.o, k.h, k.at, k.kind, k.d, MIN(t.id) FROM k CROSS JOIN tickets t ON t.office_id = k.o"
        " AND t.household_id = k.h AND t.reported_at = k.at AND t.kind = k.kind AND t.description = k.d"
        " GROUP BY 1, 2, 3, 4, 5"
    )
    for o, h, at, kind, d, tid in keyed(store, list(dict.fromkeys(keys)), "o, h, at, kind, d", sql):
        found[(o, h, at, kind, d)] = tid
    return found


def insert_visits(store, rows: list[dict]) -> tuple:
    """Visits of identical keys in one executemany; the first and last id."""
    from commscli.store.registry import insert_many

    return insert_many(store, "visits", rows)


def insert_visit_items(store, rows: list[tuple]):
    """Items (visit_id, category, kind, text, ticket_id, wants_feedback, feedback_at, feedback_by,
    feedback_text) in one executemany."""
    if rows:
        store.conn.executemany(
            "INSERT INTO visit_items (visit_id, category, kind, text, ticket_id, wants_feedback, feedback_at,"
            " feedback_by, feedback_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
