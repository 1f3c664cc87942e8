"""Resolutions and motions with their progress: the follow-up listing, the month's figures and the due
list. SQL only; no rules."""

from commscli.store.meetings import RESOLUTION_SELECT
from commscli.store.records import for_office, in_offices
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401


def list_resolutions(store, *, office=None, open_only=False, due_before=None, owner_id=None) -> list[dict]:
    """By due date. ``open_only``: not done; ``due_before`` (a date): not done and due before it (overdue)."""
    sql, params = RESOLUTION_SELECT + " WHERE 1 = 1", []
    if open_only or due_before:
        sql += " AND r.done_at IS NULL"
    if due_before:
        sql += " AND r.due_on < ?"
        params.append(due_before)
    if owner_id is not None:
        sql += " AND r.owner_id = ?"
        params.append(owner_id)
    sql, params = for_office(sql, params, office)
    return store.query(sql + " ORDER BY r.due_on, r.id", params)


def month_opened(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Resolutions opened (their meeting started) in [start, end) per office and kind: an index range search
    over meeting_resolutions_opened."""
    where, ids = in_offices("r.office_id", office_ids)
    return store.query(
        f"SELECT r.office_id, r.kind, COUNT(*) AS n FROM meeting_resolutions r"
        f" WHERE {where} AND r.opened_at >= ? AND r.opened_at < ? GROUP BY r.office_id, r.kind",
        [*ids, start, end],
    )


def month_done(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Resolutions done in [start, end) per office, and how many of them after their due date."""
    where, ids = in_offices("r.office_id", office_ids)
    return store.query(
        f"SELECT r.office_id, COUNT(*) AS n, SUM(substr(r.done_at, 1, 10) > r.due_on) AS late"
        f" FROM meeting_resolutions r WHERE {where} AND r.done_at >= ? AND r.done_at < ? GROUP BY r.office_id",
        [*ids, start, end],
    )


def open_at(store, office_ids: list[int], moment: str, day: str) -> list[dict]:
    """Per office: resolutions opened before ``moment`` and not done by it, and how many of those were due
    before ``day`` (overdue then). A range over meeting_resolutions_opened up to ``moment``."""
    where, ids = in_offices("r.office_id", office_ids)
    return store.query(
        f"SELECT r.office_id, COUNT(*) AS n, SUM(r.due_on < ?) AS overdue FROM meeting_resolutions r"
        f" WHERE {where} AND r.opened_at < ? AND (r.done_at IS NULL OR r.done_at >= ?) GROUP BY r.office_id",
        [day, *ids, moment, moment],
    )


def due_open(store, before_day: str, office=None) -> list[dict]:
    """Not done, due before ``before_day`` (the partial index meeting_resolutions_open)."""
    sql = (
        "SELECT r.id, r.kind, r.text, r.due_on, s.name AS owner, o.code AS office FROM meeting_resolutions r"
        " JOIN staff s ON s.id = r.owner_id JOIN offices o ON o.id = r.office_id"
        " WHERE r.done_at IS NULL AND r.due_on < ?"
    )
    sql, params = for_office(sql, [before_day], office)
    return store.query(sql, params)


def plans_owed(store, before: str, office=None) -> list[dict]:
    """No action plan yet and not done (meeting_resolutions_no_plan), with the meeting's minutes deadline
    (when the plan is owed) before ``before``."""
    sql = (
        "SELECT r.id, r.kind, r.text, s.name AS owner, m.minutes_due, o.code AS office FROM meeting_resolutions r"
        " JOIN meetings m ON m.id = r.meeting_id JOIN staff s ON s.id = r.owner_id JOIN offices o ON o.id = r.office_id"
        " WHERE r.plan_at IS NULL AND r.done_at IS NULL AND m.minutes_due < ?"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql, params)


def report_backs_owed(store, before_day: str, office=None) -> list[dict]:
    """Promises to the owners' committee not reported back (meeting_resolutions_report_back), due before
    ``before_day``."""
    sql = (
        "SELECT r.id, r.text, r.due_on, o.code AS office, s.name AS owner FROM meeting_resolutions r"
        " JOIN offices o ON o.id = r.office_id LEFT JOIN staff s ON s.id = r.owner_id"
        " WHERE r.needs_report_back = 1 AND r.report_back_at IS NULL AND r.due_on < ?"
    )
    sql, params = for_office(sql, [before_day], office)
    return store.query(sql, params)
