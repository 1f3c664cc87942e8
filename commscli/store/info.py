"""The information register: entries, their distributions, the weekly reviews. SQL only; no rules."""

import json

from commscli.store.records import by_id, for_office, in_offices
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401

ENTRY_SELECT = (
    "SELECT e.*, o.code AS office, lb.name AS logged_by, qs.name AS quality, rs.name AS rep,"
    " rb.name AS reported_by, r.meeting_id AS review_meeting_id"
    " FROM info_entries e JOIN offices o ON o.id = e.office_id"
    " LEFT JOIN staff lb ON lb.id = e.logged_by_id LEFT JOIN staff qs ON qs.id = e.quality_id"
    " LEFT JOIN staff rs ON rs.id = e.rep_id LEFT JOIN staff rb ON rb.id = e.reported_by_id"
    " LEFT JOIN info_reviews r ON r.id = e.review_id"
)


def _decode(row: dict) -> dict:
    if isinstance(row.get("rules"), str):
        row["rules"] = json.loads(row["rules"])
    return row


def entry(store, entry_id) -> dict:
    return _decode(by_id(store, ENTRY_SELECT + " WHERE e.id = ?", entry_id, "info"))


def list_entries(store, *, office=None, start=None, end=None, week=None, urgent=None, external=None) -> list[dict]:
    """Newest first; ``start``/``end``: logged in [start, end)."""
    sql, params = ENTRY_SELECT + " WHERE 1 = 1", []
    for clause, value in (
        ("e.logged_at >= ?", start),
        ("e.logged_at < ?", end),
        ("e.week = ?", week),
        ("e.urgent = ?", None if urgent is None else int(urgent)),
        ("e.external = ?", None if external is None else int(external)),
    ):
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    sql, params = for_office(sql, params, office)
    return [_decode(r) for r in store.query(sql + " ORDER BY e.logged_at DESC, e.id DESC", params)]


def register_rows(store, office_id: int, start: str, end: str) -> list[dict]:
    """The month's entries in logging order (the register form)."""
    return store.query(
        ENTRY_SELECT + " WHERE e.office_id = ? AND e.logged_at >= ? AND e.logged_at < ? ORDER BY e.logged_at, e.id",
        (office_id, start, end),
    )


def distributions(store, entry_id: int) -> list[dict]:
    return store.query(
        "SELECT d.*, s.name FROM info_distributions d JOIN staff s ON s.id = d.staff_id"
        " WHERE d.entry_id = ? ORDER BY d.at, s.name",
        (entry_id,),
    )


def distributed_to(store, entry_id: int, staff_id: int):
    return store.one("SELECT id FROM info_distributions WHERE entry_id = ? AND staff_id = ?", (entry_id, staff_id))


def review(store, office_id: int, week: str):
    return store.one(
        "SELECT r.*, m.starts_at FROM info_reviews r JOIN meetings m ON m.id = r.meeting_id"
        " WHERE r.office_id = ? AND r.week = ?",
        (office_id, week),
    )


def reviews_between(store, office_id: int, first_week: str, last_week: str) -> list[dict]:
    return store.query(
        "SELECT * FROM info_reviews WHERE office_id = ? AND week >= ? AND week <= ? ORDER BY week",
        (office_id, first_week, last_week),
    )


def mark_reviewed(store, office_id: int, week: str, review_id: int) -> int:
    """The week's entries not yet linked to a review get this one; how many."""
    return store.execute(
        "UPDATE info_entries SET review_id = ? WHERE office_id = ? AND week = ? AND review_id IS NULL",
        (review_id, office_id, week),
    ).rowcount


def staff_of_role(store, role: str) -> list[dict]:
    """Active staff members of a role, any office."""
    return store.query(
        "SELECT s.id, s.name, s.role, s.office_id, o.code AS office FROM staff s JOIN offices o ON o.id = s.office_id"
        " WHERE s.role = ? AND s.active = 1 ORDER BY s.id",
        (role,),
    )


def month_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Entries logged in [start, end) per office: how many, external, urgent, urgent without their report,
    external distributed late. An index range search over info_entries_logged."""
    where, ids = in_offices("e.office_id", office_ids)
    return store.query(
        f"SELECT e.office_id, COUNT(*) AS n, SUM(e.external) AS external, SUM(e.urgent) AS urgent,"
        f" SUM(e.urgent = 1 AND e.report_at IS NULL) AS unreported,"
        f" SUM(e.external = 1 AND e.distributed_late = 1) AS late"
        f" FROM info_entries e WHERE {where} AND e.logged_at >= ? AND e.logged_at < ? GROUP BY e.office_id",
        [*ids, start, end],
    )


def undistributed(store, before: str, office=None) -> list[dict]:
    """External entries not distributed, due before ``before`` (the partial index info_entries_undistributed)."""
    sql = (
        "SELECT e.id, e.distribute_due, e.source, o.code AS office, s.name AS logged_by FROM info_entries e"
        " JOIN offices o ON o.id = e.office_id LEFT JOIN staff s ON s.id = e.logged_by_id WHERE e.external = 1 AND e.distributed_at IS NULL"
        " AND e.distribute_due < ?"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql, params)


def unsent(store, office=None) -> list[dict]:
    """Urgent entries not yet sent to both (the partial index info_entries_unsent)."""
    sql = (
        "SELECT e.id, e.logged_at, e.source, o.code AS office, s.name AS logged_by FROM info_entries e"
        " JOIN offices o ON o.id = e.office_id LEFT JOIN staff s ON s.id = e.logged_by_id WHERE e.urgent = 1 AND (e.quality_at IS NULL OR e.rep_at IS NULL)"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql, params)


def unreported(store, before: str, office=None) -> list[dict]:
    """Urgent entries without their report, due before ``before`` (the partial index info_entries_unreported)."""
    sql = (
        "SELECT e.id, e.report_due, e.source, o.code AS office, s.name AS logged_by FROM info_entries e"
        " JOIN offices o ON o.id = e.office_id LEFT JOIN staff s ON s.id = e.logged_by_id WHERE e.urgent = 1 AND e.report_at IS NULL AND e.report_due < ?"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql, params)


def unreviewed_weeks(store, office=None) -> list[dict]:
    """Weeks with entries not linked to a review, per office (the partial index info_entries_unreviewed)."""
    sql = (
        "SELECT e.office_id, o.code AS office, e.week, COUNT(*) AS n FROM info_entries e"
        " JOIN offices o ON o.id = e.office_id WHERE e.review_id IS NULL"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql + " GROUP BY e.office_id, e.week ORDER BY e.week", params)
