"""Notices, their postings and the households a one-to-one notice is addressed to. SQL only; no rules."""

import json

from commscli.store.records import by_id, for_office, in_offices, keyed
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401

NOTICE_SELECT = (
    "SELECT n.*, o.code AS office, (SELECT COUNT(*) FROM notice_postings p WHERE p.notice_id = n.id) AS postings"
    " FROM notices n JOIN offices o ON o.id = n.office_id"
)


def _decode(row: dict) -> dict:
    for key in ("rules", "breaches"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def notice(store, notice_id) -> dict:
    return _decode(by_id(store, NOTICE_SELECT + " WHERE n.id = ?", notice_id, "notice"))


def list_notices(
    store,
    *,
    office=None,
    kind=None,
    start=None,
    end=None,
    active_at=None,
    breach=None,
    emergency=None,
    household_id=None,
) -> list[dict]:
    """Newest first. ``start``/``end``: posted in [start, end); ``active_at``: not withdrawn and not ended then
    (coming ones included; one without an end stays active until withdrawn)."""
    sql, params = NOTICE_SELECT + " WHERE 1 = 1", []
    for clause, value in (
        ("n.kind = ?", kind),
        ("n.posted_at >= ?", start),
        ("n.posted_at < ?", end),
        ("n.breach = ?", None if breach is None else int(breach)),
        ("n.emergency = ?", None if emergency is None else int(emergency)),
    ):
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    if active_at is not None:
        sql += " AND n.withdrawn_at IS NULL AND (n.effective_to IS NULL OR n.effective_to > ?)"
        params.append(active_at)
    if household_id is not None:
        sql += " AND n.id IN (SELECT notice_id FROM notice_households WHERE household_id = ?)"
        params.append(household_id)
    sql, params = for_office(sql, params, office)
    return [_decode(r) for r in store.query(sql + " ORDER BY n.posted_at DESC, n.id DESC", params)]


def postings(store, notice_id: int) -> list[dict]:
    return store.query(
        "SELECT p.*, h.building AS household_building, h.room FROM notice_postings p"
        " LEFT JOIN households h ON h.id = p.household_id WHERE p.notice_id = ? ORDER BY p.at, p.id",
        (notice_id,),
    )


def households(store, notice_id: int) -> list[dict]:
    return store.query(
        "SELECT nh.*, h.building, h.room, h.name, h.phone FROM notice_households nh"
        " JOIN households h ON h.id = nh.household_id WHERE nh.notice_id = ? ORDER BY h.building, h.room",
        (notice_id,),
    )


def addressed(store, notice_id: int, household_id: int):
    return store.one(
        "SELECT * FROM notice_households WHERE notice_id = ? AND household_id = ?", (notice_id, household_id)
    )


def survey_notice(store, survey_id: int):
    return store.one("SELECT id FROM notices WHERE survey_id = ? AND withdrawn_at IS NULL", (survey_id,))


def month_notice_groups(store, office_ids: list[int], start: str, end: str, one_to_one: tuple) -> list[dict]:
    """Notices told in [start, end) per office and kind: how many, breaches, emergencies, withdrawn, and how
    many were told one to one (kinds in ``one_to_one``). An index range search over notices_posted."""
    where, ids = in_offices("n.office_id", office_ids)
    marks = ", ".join("?" for _ in one_to_one)
    return store.query(
        f"SELECT n.office_id, n.kind, COUNT(*) AS n, SUM(n.breach) AS breaches, SUM(n.emergency) AS emergencies,"
        f" SUM(n.withdrawn_at IS NOT NULL) AS withdrawn, SUM(n.kind IN ({marks})) AS one_to_one"
        f" FROM notices n WHERE {where} AND n.posted_at >= ? AND n.posted_at < ?"
        " GROUP BY n.office_id, n.kind",
        [*one_to_one, *ids, start, end],
    )


def month_emergencies(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """The month's emergency notices per office, day, kind and reason, counted (no one named)."""
    where, ids = in_offices("n.office_id", office_ids)
    return store.query(
        f"SELECT n.office_id, substr(n.posted_at, 1, 10) AS day, n.kind, COALESCE(n.reason, '') AS reason,"
        f" COUNT(*) AS n FROM notices n WHERE {where} AND n.posted_at >= ? AND n.posted_at < ? AND n.emergency = 1"
        " GROUP BY n.office_id, day, n.kind, reason ORDER BY n.office_id, day",
        [*ids, start, end],
    )


def last_of_kind(store, office_id: int, kind: str):
    """The latest notice of the kind (not withdrawn) of the office: the index notices_kind, one row."""
    return store.one(
        "SELECT id, posted_at FROM notices WHERE office_id = ? AND kind = ? AND withdrawn_at IS NULL"
        " ORDER BY posted_at DESC LIMIT 1",
        (office_id, kind),
    )


def unposted(store, after: str, before: str, office=None, lobby_kinds: tuple = ()) -> list[dict]:
    """Notices with no posting recorded and not withdrawn, starting in [after, before) (the partial index
    notices_unposted: the cost follows the unposted notices)."""
    marks = ", ".join("?" for _ in lobby_kinds)
    sql = (
        "SELECT n.id, n.kind, n.issuer, n.title, n.effective_from, n.due_by, o.code AS office FROM notices n"
        " JOIN offices o ON o.id = n.office_id"
        " WHERE n.first_posting_at IS NULL AND n.withdrawn_at IS NULL AND n.effective_from >= ?"
        f" AND n.effective_from < ? AND n.kind IN ({marks})"
    )
    sql, params = for_office(sql, [after, before, *lobby_kinds], office)
    return store.query(sql, params)


def untold(store, before: str, office=None) -> list[dict]:
    """Notices addressed to households (one to one), not withdrawn, whose deadline (``due_by``) is before
    ``before``, with how many of their households are not told yet; no household named."""
    sql = (
        "SELECT n.id, n.kind, n.due_by, o.code AS office, COUNT(*) AS untold FROM notice_households nh"
        " JOIN notices n ON n.id = nh.notice_id JOIN offices o ON o.id = n.office_id"
        " WHERE nh.told_at IS NULL AND n.withdrawn_at IS NULL AND n.due_by < ?"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql + " GROUP BY n.id", params)


def results_unnoticed(store, before: str, office=None) -> list[dict]:
    """Surveys whose results were recorded posted (`survey post`) but that no notice (not withdrawn) names,
    with their results deadline before ``before``: the results notice still owed."""
    sql = (
        "SELECT s.id, s.season, s.results_due, o.code AS office FROM surveys s JOIN offices o ON o.id = s.office_id"
        " WHERE s.results_posted_at IS NOT NULL AND s.results_due < ?"
        " AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.survey_id = s.id AND n.withdrawn_at IS NULL)"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql, params)


def tell(store, notice_id: int, household_id: int, at: str, method: str):
    """The household was told (the first time and way are kept)."""
    store.execute(
        "UPDATE notice_households SET told_at = COALESCE(told_at, ?), method = COALESCE(method, ?)"
        " WHERE notice_id = ? AND household_id = ?",
        (at, method, notice_id, household_id),
    )


def confirm(store, notice_id: int, household_id: int, at: str):
    store.execute(
        "UPDATE notice_households SET confirmed_at = COALESCE(confirmed_at, ?) WHERE notice_id = ? AND household_id = ?",
        (at, notice_id, household_id),
    )


# --- the notice import (services/notice_import.py) -------------------------------------------------------------


def notices_by_key(store, keys: list[tuple]) -> set:
    """The natural keys (office_id, kind, title, effective_from) among ``keys`` that a stored notice has: the keys
    drive the join (the index notices_kind), a few hundred a statement."""
    sql = (
        "SELECT DISTINCT k.* FROM k CROSS JOIN notices n"
        " ON n.office_id = k.o AND n.kind = k.kind AND n.title = k.title AND n.effective_from = k.start"
    )
    return {tuple(r) for r in keyed(store, keys, "o, kind, title, start", sql)}


def insert_notices(store, rows: list[dict], addressed: list[list[int]]) -> tuple:
    """Insert notices (dicts of the same keys) in one executemany, then the households each is addressed to
    (``addressed[i]``: household ids of ``rows[i]``, told at ``rows[i]['first_posting_at']`` when given); the
    first and last notice id."""
    from commscli.store.registry import insert_many

    first, last = insert_many(store, "notices", rows)
    pairs = [
        (first + i, hid, r["first_posting_at"])
        for i, (r, ids) in enumerate(zip(rows, addressed, strict=True))
        for hid in ids
    ]
    if pairs:
        store.conn.executemany(
            "INSERT INTO notice_households (notice_id, household_id, told_at) VALUES (?, ?, ?)", pairs
        )
    return first, last
