"""Meetings, attendance, minutes (topics, speakers), resolutions and their progress, distributions and
approvals. SQL only; no rules."""

import json

from commscli.store.records import by_id, for_office, in_offices, keyed
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401

MEETING_SELECT = (
    "SELECT m.*, o.code AS office, c.name AS chair, t.name AS minute_taker,"
    " (SELECT COUNT(*) FROM meeting_attendance a WHERE a.meeting_id = m.id AND a.signed_at IS NOT NULL) AS signed"
    " FROM meetings m JOIN offices o ON o.id = m.office_id"
    " LEFT JOIN staff c ON c.id = m.chair_id LEFT JOIN staff t ON t.id = m.minute_taker_id"
)


def _decode(row: dict) -> dict:
    for key in ("rules", "flags"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def meeting(store, meeting_id) -> dict:
    return _decode(by_id(store, MEETING_SELECT + " WHERE m.id = ?", meeting_id, "meeting"))


def list_meetings(store, *, office=None, kind=None, state=None, start=None, end=None) -> list[dict]:
    """Newest first; ``start``/``end``: starting in [start, end)."""
    sql, params = MEETING_SELECT + " WHERE 1 = 1", []
    for clause, value in (
        ("m.type = ?", kind),
        ("m.state = ?", state),
        ("m.starts_at >= ?", start),
        ("m.starts_at < ?", end),
    ):
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    sql, params = for_office(sql, params, office)
    return [_decode(r) for r in store.query(sql + " ORDER BY m.starts_at DESC, m.id DESC", params)]


def in_slot(store, office_id: int, kind: str, cadence_key: str):
    """The meeting (not cancelled) filling a cadence slot, or None (the unique index meetings_slot)."""
    return store.one(
        "SELECT id, state, starts_at FROM meetings WHERE office_id = ? AND type = ? AND cadence_key = ?"
        " AND state != 'cancelled'",
        (office_id, kind, cadence_key),
    )


def of_type_between(store, office_id: int, kind: str, start: str, end: str) -> list[dict]:
    """The office's meetings of a type (not cancelled) starting in [start, end): the index meetings_type."""
    return store.query(
        "SELECT id, state, starts_at, cadence_key FROM meetings WHERE office_id = ? AND type = ?"
        " AND starts_at >= ? AND starts_at < ? AND state != 'cancelled' ORDER BY starts_at",
        (office_id, kind, start, end),
    )


def attendance(store, meeting_id: int) -> list[dict]:
    """Who was asked (chair, attendees) and who signed in, by name."""
    return store.query(
        "SELECT a.*, s.name, s.role, o.code AS office FROM meeting_attendance a JOIN staff s ON s.id = a.staff_id"
        " JOIN offices o ON o.id = s.office_id WHERE a.meeting_id = ? ORDER BY a.signed_at IS NULL, a.signed_at, s.name",
        (meeting_id,),
    )


def attendee(store, meeting_id: int, staff_id: int):
    return store.one("SELECT * FROM meeting_attendance WHERE meeting_id = ? AND staff_id = ?", (meeting_id, staff_id))


def staff_named(store, name: str) -> list[dict]:
    """Active staff members of that name, any office (the meeting's office first)."""
    return store.query(
        "SELECT s.id, s.name, s.role, s.office_id, o.code AS office FROM staff s JOIN offices o ON o.id = s.office_id"
        " WHERE s.name = ? AND s.active = 1 ORDER BY s.office_id",
        (name,),
    )


def staff_by_id(store, staff_id: int):
    """An active staff member by id, or None."""
    return store.one(
        "SELECT s.id, s.name, s.role, s.office_id, o.code AS office FROM staff s JOIN offices o ON o.id = s.office_id"
        " WHERE s.id = ? AND s.active = 1",
        (staff_id,),
    )


def minutes(store, meeting_id: int):
    return store.one(
        "SELECT mm.*, s.name AS taker FROM meeting_minutes mm LEFT JOIN staff s ON s.id = mm.taker_id"
        " WHERE mm.meeting_id = ?",
        (meeting_id,),
    )


def topics(store, meeting_id: int) -> list[dict]:
    return store.query("SELECT * FROM meeting_topics WHERE meeting_id = ? ORDER BY seq", (meeting_id,))


def speakers(store, meeting_id: int) -> list[dict]:
    return store.query("SELECT * FROM meeting_speakers WHERE meeting_id = ? ORDER BY id", (meeting_id,))


RESOLUTION_SELECT = (
    "SELECT r.*, s.name AS owner, m.type AS meeting_type, o.code AS office FROM meeting_resolutions r"
    " JOIN staff s ON s.id = r.owner_id JOIN meetings m ON m.id = r.meeting_id JOIN offices o ON o.id = r.office_id"
)


def resolution(store, resolution_id) -> dict:
    return by_id(store, RESOLUTION_SELECT + " WHERE r.id = ?", resolution_id, "resolution")


def resolutions(store, meeting_id: int) -> list[dict]:
    return store.query(RESOLUTION_SELECT + " WHERE r.meeting_id = ? ORDER BY r.id", (meeting_id,))


def progress(store, resolution_id: int) -> list[dict]:
    return store.query("SELECT * FROM meeting_progress WHERE resolution_id = ? ORDER BY at, id", (resolution_id,))


def distributions(store, meeting_id: int) -> list[dict]:
    return store.query(
        "SELECT d.*, s.name FROM meeting_distributions d JOIN staff s ON s.id = d.staff_id"
        " WHERE d.meeting_id = ? ORDER BY d.at, s.name",
        (meeting_id,),
    )


def approvals(store, meeting_id: int) -> list[dict]:
    return store.query(
        "SELECT a.*, s.name AS by_name FROM meeting_approvals a JOIN staff s ON s.id = a.by_id"
        " WHERE a.meeting_id = ? ORDER BY a.at",
        (meeting_id,),
    )


def first_office_id(store):
    """The office registered first (the company's meetings are kept there unless the policy names one)."""
    return store.scalar("SELECT MIN(id) FROM offices")


def filling(store, office_id: int, kind: str, dept, start: str, end: str, key: str):
    """The meeting (not cancelled) that fills a cadence slot: the one holding its key, else the first of the type
    (and department) starting in [start, end); None when there is none (the indexes meetings_slot and
    meetings_type)."""
    held = in_slot(store, office_id, kind, key)
    if held:
        return held
    return store.one(
        "SELECT id, state, starts_at FROM meetings WHERE office_id = ? AND type = ? AND starts_at >= ?"
        " AND starts_at < ? AND state != 'cancelled' AND (? IS NULL OR dept = ?) ORDER BY starts_at LIMIT 1",
        (office_id, kind, start, end, dept, dept),
    )


def signed_count(store, meeting_id: int) -> int:
    return store.scalar(
        "SELECT COUNT(*) FROM meeting_attendance WHERE meeting_id = ? AND signed_at IS NOT NULL", (meeting_id,)
    )


def month_meeting_groups(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Meetings starting in [start, end) per office and type: held, planned (not held yet), cancelled, flagged,
    and the agendas with a lead time: how many, how many on time. An index range search over meetings_starts."""
    where, ids = in_offices("m.office_id", office_ids)
    return store.query(
        "SELECT m.office_id, m.type, SUM(m.state = 'held') AS held, SUM(m.state = 'planned') AS planned,"
        " SUM(m.state = 'cancelled') AS cancelled, SUM(m.state = 'held' AND m.flagged = 1) AS flagged,"
        " SUM(m.state = 'held' AND m.agenda_on_time IS NOT NULL) AS agendas,"
        " SUM(m.state = 'held' AND m.agenda_on_time = 1) AS agendas_on_time"
        f" FROM meetings m WHERE {where} AND m.starts_at >= ? AND m.starts_at < ? GROUP BY m.office_id, m.type",
        [*ids, start, end],
    )


def held_in_slots(store, office_ids: list[int], types: list[str], keys: list[str]) -> list[dict]:
    """Per office and type: how many of the cadence slots ``keys`` a held meeting fills (the unique partial index
    meetings_slot: one row per key at most)."""
    if not keys or not types:
        return []
    where, ids = in_offices("office_id", office_ids)
    return store.query(
        f"SELECT office_id, type, COUNT(*) AS n FROM meetings WHERE {where}"
        f" AND type IN ({', '.join('?' for _ in types)}) AND cadence_key IN ({', '.join('?' for _ in keys)})"
        " AND cadence_key IS NOT NULL AND state != 'cancelled' AND state = 'held' GROUP BY office_id, type",
        [*ids, *types, *keys],
    )


# --- minutes, distribution, approval, forms, calendar, report (MEET2) --------------------------------------


def minutes_signed(store, meeting_id: int) -> list[dict]:
    """The sign-in sheet's rows: everyone asked or signed, by sign-in time then name."""
    return attendance(store, meeting_id)


def undistributed(store, before: str, office=None) -> list[dict]:
    """Held meetings whose minutes have not gone out, due before ``before`` (meetings_undistributed)."""
    sql = (
        "SELECT m.id, m.type, m.starts_at, m.minutes_due, m.minutes_at, o.code AS office,"
        " COALESCE(t.name, c.name) AS owner FROM meetings m JOIN offices o ON o.id = m.office_id"
        " LEFT JOIN staff t ON t.id = m.minute_taker_id LEFT JOIN staff c ON c.id = m.chair_id"
        " WHERE m.distributed_at IS NULL AND m.state = 'held'"
        " AND m.minutes_due < ?"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql, params)


def unapproved(store, before: str, office=None) -> list[dict]:
    """Held 部门间交流会 / 主任论坛 not yet approved (meetings_unapproved), owed by their minutes deadline."""
    sql = (
        "SELECT m.id, m.type, m.starts_at, m.minutes_due, o.code AS office FROM meetings m"
        " JOIN offices o ON o.id = m.office_id WHERE m.needs_approval = 1 AND m.approved_at IS NULL"
        " AND m.state = 'held' AND m.starts_at < ?"
    )
    sql, params = for_office(sql, [before], office)
    return store.query(sql, params)


def month_minutes(store, office_ids: list[int], start: str, end: str, now: str) -> list[dict]:
    """Held meetings starting in [start, end) per office: how many, minutes recorded, distributed on time
    (first distribution by the deadline), late (after it, or not yet and the deadline past ``now``), approvals
    needed and given. An index range search over meetings_starts."""
    from commscli.store.records import in_offices

    where, ids = in_offices("m.office_id", office_ids)
    return store.query(
        "SELECT m.office_id, COUNT(*) AS held, SUM(m.minutes_at IS NOT NULL) AS minuted,"
        " SUM(m.distributed_at IS NOT NULL AND m.distributed_at <= m.minutes_due) AS on_time,"
        " SUM(CASE WHEN m.distributed_at IS NOT NULL THEN m.distributed_at > m.minutes_due"
        " ELSE m.minutes_due < ? END) AS late,"
        " SUM(m.needs_approval) AS to_approve, SUM(m.needs_approval = 1 AND m.approved_at IS NOT NULL) AS approved"
        f" FROM meetings m WHERE {where} AND m.starts_at >= ? AND m.starts_at < ? AND m.state = 'held'"
        " GROUP BY m.office_id",
        [now, *ids, start, end],
    )


def calendar_between(store, start: str, end: str, office=None) -> list[dict]:
    """Planned and held meetings starting in [start, end), oldest first (meetings_starts), for the calendar."""
    sql = (
        "SELECT m.id, m.type, m.title, m.starts_at, m.ends_at, m.place, m.state, m.created_at, o.code AS office,"
        " o.name AS office_name, c.name AS chair FROM meetings m JOIN offices o ON o.id = m.office_id"
        " LEFT JOIN staff c ON c.id = m.chair_id"
        " WHERE m.starts_at >= ? AND m.starts_at < ? AND m.state IN ('planned', 'held')"
    )
    sql, params = for_office(sql, [start, end], office)
    return store.query(sql + " ORDER BY m.starts_at, m.id", params)


# --- the meeting import (services/meeting_import.py) -----------------------------------------------------------


def meetings_by_key(store, keys: list[tuple]) -> set:
    """The natural keys (office_id, type, dept, starts_at) among ``keys`` that a stored meeting has (the index
    meetings_type), a few hundred a statement."""
    sql = (
        "SELECT DISTINCT k.* FROM k CROSS JOIN meetings m"
        " ON m.office_id = k.o AND m.type = k.type AND m.starts_at = k.at AND m.dept IS k.dept"
    )
    return {tuple(r) for r in keyed(store, keys, "o, type, dept, at", sql)}


def staff_by_names(store, names: list[str]) -> dict:
    """name → the staff members of that name, any office, active or not (a past meeting's chair may have left)."""
    out: dict = {}
    for i in range(0, len(names), 300):
        chunk = names[i : i + 300]
        rows = store.query(
            "SELECT s.id, s.name, s.office_id, s.active, o.code AS office FROM staff s"
            f" JOIN offices o ON o.id = s.office_id WHERE s.name IN ({', '.join('?' for _ in chunk)})"
            " ORDER BY s.office_id",
            chunk,
        )
        for r in rows:
            out.setdefault(r["name"], []).append(r)
    return out


def slot_holders(store, keys: list[tuple]) -> dict:
    """(office_id, type, cadence_key) → the state of the meeting (not cancelled) holding that slot, among ``keys``
    (the unique index meetings_slot)."""
    sql = (
        "SELECT k.o, k.type, k.slot, m.state FROM k CROSS JOIN meetings m"
        " ON m.office_id = k.o AND m.type = k.type AND m.cadence_key = k.slot AND m.state != 'cancelled'"
    )
    return {(o, kind, slot): state for o, kind, slot, state in keyed(store, keys, "o, type, slot", sql)}


def dept_meetings_between(store, office_id: int, start: str, end: str) -> list[tuple]:
    """(dept, starts_at) of the office's department meetings (not cancelled) starting in [start, end)."""
    return [
        tuple(r)
        for r in store.execute(
            "SELECT dept, starts_at FROM meetings WHERE office_id = ? AND type = 'dept' AND starts_at >= ?"
            " AND starts_at < ? AND state != 'cancelled'",
            (office_id, start, end),
        )
    ]


def insert_meetings(store, rows: list[dict]) -> tuple:
    """Insert meetings (dicts of the same keys) in one executemany; the first and last id."""
    from commscli.store.registry import insert_many

    return insert_many(store, "meetings", rows)
