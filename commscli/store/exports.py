"""What each group's export reads (issue 16). SQL only; the columns are named as the export's fields.

``SOURCES[group]``: (the SELECT with its joins, the column of the record's main time or None, the office
code column or None, the order). ``batches`` runs one query and fetches it a batch at a time
(``fetchmany``), so an export holds one batch of rows, never the table.
"""

SOURCES = {
    "offices": (
        "SELECT o.code, o.name, o.phone, o.address, o.buildings, o.lobbies, o.cs_seal, o.company_seal"
        " FROM offices o WHERE 1 = 1",
        None,
        "o.code",
        "o.id",
    ),
    "households": (
        "SELECT o.code AS office, h.building, h.room, h.name, h.phone, h.kind, h.use, h.move_in, h.occupied,"
        " h.important FROM households h JOIN offices o ON o.id = h.office_id WHERE 1 = 1",
        "h.move_in",
        "o.code",
        "h.id",
    ),
    "staff": (
        "SELECT o.code AS office, s.name, s.role, s.phone, s.buildings, s.active"
        " FROM staff s JOIN offices o ON o.id = s.office_id WHERE 1 = 1",
        None,
        "o.code",
        "s.id",
    ),
    "calendar_days": (
        "SELECT d.date, CASE d.workday WHEN 1 THEN 'workday' ELSE 'holiday' END AS kind, d.name"
        " FROM calendar_days d WHERE 1 = 1",
        "d.date",
        None,
        "d.date",
    ),
    # the ticket import's columns; a cancelled ticket is left out (the import has no cancellation)
    "tickets": (
        "SELECT t.ref, o.code AS office, h.building, h.room, t.caller_name, t.caller_phone, t.kind, t.channel,"
        " t.category, t.priority, t.description, t.reported_at, t.agreed_at, t.dispatched_at, t.dispatched_to,"
        " t.arrived_at, t.resolved_at, t.resolution, t.replied_at, t.reply_method, t.reply_text, t.closed_at,"
        " t.cause, t.prevention FROM tickets t JOIN offices o ON o.id = t.office_id"
        " LEFT JOIN households h ON h.id = t.household_id WHERE t.state != 'cancelled'",
        "t.reported_at",
        "o.code",
        "t.id",
    ),
    # the callback import's columns: the ticket followed up by its natural key (ref, else household + report
    # time + text); a callback of a cancelled ticket is left out, as its ticket is; soonest due first
    "callbacks": (
        "SELECT o.code AS office, c.kind, h.building, h.room, t.ref AS ticket_ref, t.reported_at AS ticket_reported_at,"
        " t.description AS ticket_description, c.owed_by, c.due_at, c.state, c.done_at, c.method, c.result,"
        " c.satisfaction, c.defect_persists, c.recorded_by, c.cancel_reason FROM callbacks c"
        " JOIN offices o ON o.id = c.office_id LEFT JOIN tickets t ON t.id = c.ticket_id"
        " LEFT JOIN households h ON h.id = COALESCE(c.household_id, t.household_id)"
        " WHERE (t.id IS NULL OR t.state != 'cancelled')",
        "c.due_at",
        "o.code",
        "c.due_at, c.kind, h.building, h.room, c.id",
    ),
    # the visit import's columns: the items one ``category:kind:text`` a line, in their order, and the feedback;
    # private remarks never; a cancelled visit is left out (the import has no cancellation)
    "visits": (
        "SELECT o.code AS office, h.building, h.room, v.cycle,"
        " (SELECT json_group_array(json_extract(j.value, '$.name')) FROM json_each(v.visitors) j) AS visitors,"
        " v.method, v.appointment_at, v.started_at,"
        " (SELECT group_concat(x, char(10)) FROM (SELECT i.category || ':' || i.kind || ':' || i.text AS x"
        " FROM visit_items i WHERE i.visit_id = v.id ORDER BY i.id)) AS items,"
        # the items asking for feedback by their number; given: ``2 2026-11-12 10:00 王丽：已说明``
        " (SELECT group_concat(x, char(10)) FROM (SELECT n || CASE WHEN f.feedback_at IS NULL THEN '' ELSE"
        " ' ' || substr(f.feedback_at, 1, 10) || ' ' || CASE WHEN substr(f.feedback_at, 17, 3) = ':00'"
        " THEN substr(f.feedback_at, 12, 5) ELSE substr(f.feedback_at, 12, 8) END || ' ' || f.feedback_by"
        " || COALESCE('：' || f.feedback_text, '') END AS x FROM (SELECT ROW_NUMBER() OVER (ORDER BY i.id) AS n,"
        " i.* FROM visit_items i WHERE i.visit_id = v.id) f WHERE f.wants_feedback = 1 ORDER BY n)) AS feedback,"
        " v.signed, v.state, v.submitted_at, v.reviewed_at, v.reviewed_by"
        " FROM visits v JOIN offices o ON o.id = v.office_id JOIN households h ON h.id = v.household_id"
        " WHERE v.state != 'cancelled'",
        "v.started_at",
        "o.code",
        "v.id",
    ),
    # the notice import's columns; a one-to-one notice's households as building/room
    "notices": (
        "SELECT o.code AS office, n.kind, n.issuer, n.title, n.body, n.advice, n.effective_from, n.effective_to,"
        " n.posted_at, n.dept_notified_at, n.since, n.emergency, n.reason,"
        " (SELECT json_group_array(x.place) FROM (SELECT h.building || '/' || h.room AS place FROM notice_households nh"
        " JOIN households h ON h.id = nh.household_id WHERE nh.notice_id = n.id ORDER BY h.building, h.room) x)"
        " AS households, n.first_posting_at, n.withdrawn_at, n.withdraw_reason"
        " FROM notices n JOIN offices o ON o.id = n.office_id WHERE 1 = 1",
        "n.posted_at",
        "o.code",
        "n.id",
    ),
    # the meeting import's columns; chair and minute-taker by name
    "meetings": (
        "SELECT o.code AS office, m.type, m.dept, m.title, m.starts_at, m.ends_at, m.place, c.name AS chair,"
        " k.name AS minute_taker, m.agenda_sent_at, m.state, m.minutes_at, m.distributed_at, m.approved_at,"
        " m.cancelled_at, m.cancel_reason FROM meetings m JOIN offices o ON o.id = m.office_id"
        " LEFT JOIN staff c ON c.id = m.chair_id LEFT JOIN staff k ON k.id = m.minute_taker_id WHERE 1 = 1",
        "m.starts_at",
        "o.code",
        "m.id",
    ),
    # the appeal import's columns: every person by name
    "appeals": (
        "SELECT o.code AS office, a.kind, s.name AS staff, u.name AS superior, a.text, a.submitted_at,"
        " a.answered_at, ab.name AS answered_by, a.answer, a.disagreed_at, a.disagreement, a.handled_at,"
        " hb.name AS handled_by, a.handling FROM staff_appeals a JOIN offices o ON o.id = a.office_id"
        " JOIN staff s ON s.id = a.staff_id JOIN staff u ON u.id = a.superior_id"
        " LEFT JOIN staff ab ON ab.id = a.answered_by LEFT JOIN staff hb ON hb.id = a.handled_by WHERE 1 = 1",
        "a.submitted_at",
        "o.code",
        "a.id",
    ),
}


def has_time(group: str) -> bool:
    return SOURCES[group][1] is not None


def has_office(group: str) -> bool:
    return SOURCES[group][2] is not None


def batches(
    store, group: str, *, office: str | None = None, start: str | None = None, end: str | None = None, size=5000
):
    """The group's rows (dicts) in lists of ``size``; ``start``..``end`` (dates, end excluded) over its main
    time; ``office`` a code. One statement, read with ``fetchmany``."""
    select, time, office_col, order = SOURCES[group]
    sql, params = select, []
    if office is not None:
        sql += f" AND {office_col} = ?"
        params.append(office)
    if start is not None:
        sql += f" AND {time} >= ? AND {time} < ?"
        params += [start, end]
    cur = store.conn.execute(f"{sql} ORDER BY {order}", params)
    names = [c[0] for c in cur.description]
    while rows := cur.fetchmany(size):
        yield [dict(zip(names, r, strict=True)) for r in rows]
