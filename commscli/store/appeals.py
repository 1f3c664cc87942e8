"""Staff suggestions and appeals (staff_appeals). SQL only; no rules."""

from commscli.store.records import by_id, for_office, in_offices, keyed
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401

APPEAL_SELECT = (
    "SELECT a.*, o.code AS office, s.name AS staff, u.name AS superior, ab.name AS answered_by_name,"
    " hb.name AS handled_by_name FROM staff_appeals a JOIN offices o ON o.id = a.office_id"
    " JOIN staff s ON s.id = a.staff_id JOIN staff u ON u.id = a.superior_id"
    " LEFT JOIN staff ab ON ab.id = a.answered_by LEFT JOIN staff hb ON hb.id = a.handled_by"
)


def appeal(store, appeal_id) -> dict:
    return by_id(store, APPEAL_SELECT + " WHERE a.id = ?", appeal_id, "staff appeal")


def appeals(store, *, office=None, kind=None, start=None, end=None, open_only=False) -> list[dict]:
    """Newest first; ``start``/``end``: handed in within [start, end)."""
    sql, params = APPEAL_SELECT + " WHERE 1 = 1", []
    for clause, value in (("a.kind = ?", kind), ("a.submitted_at >= ?", start), ("a.submitted_at < ?", end)):
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    if open_only:
        sql += " AND a.handled_at IS NULL AND a.open_due IS NOT NULL"
    sql, params = for_office(sql, params, office)
    return store.query(sql + " ORDER BY a.submitted_at DESC, a.id DESC", params)


def open_appeals(store, office=None) -> list[dict]:
    """Appeals with a pending deadline (the partial index staff_appeals_open: the cost follows the open ones);
    no one named."""
    sql = (
        "SELECT a.id, a.kind, a.submitted_at, a.answer_due, a.ga_due, a.answered_at, a.disagreed_at, a.handled_at,"
        " a.open_due, o.code AS office FROM staff_appeals a JOIN offices o ON o.id = a.office_id"
        " WHERE a.open_due IS NOT NULL"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql, params)


def month_appeal_counts(store, office_ids: list[int], start: str, end: str, now: str) -> list[dict]:
    """Appeals handed in within [start, end) per office and kind (a range over staff_appeals_submitted): how
    many; answered by the superior on time; late (answered late, or unanswered past the week at ``now``);
    escalated to general affairs (disagreed, or not answered within the week); handled by general affairs on
    time and late (handled late, or unhandled past its week). Counted, no one named."""
    where, ids = in_offices("a.office_id", office_ids)
    esc = "(a.disagreed_at IS NOT NULL OR COALESCE(a.answered_at, ?) > a.answer_due)"
    return store.query(
        "SELECT a.office_id, a.kind, COUNT(*) AS n,"
        " SUM(a.answered_at IS NOT NULL AND a.answered_at <= a.answer_due) AS on_time,"
        " SUM(COALESCE(a.answered_at, ?) > a.answer_due) AS late,"
        f" SUM({esc}) AS escalated,"
        f" SUM({esc} AND a.handled_at IS NOT NULL AND a.handled_at <= a.ga_due) AS handled_on_time,"
        f" SUM({esc} AND COALESCE(a.handled_at, ?) > a.ga_due) AS handled_late"
        f" FROM staff_appeals a WHERE {where} AND a.submitted_at >= ? AND a.submitted_at < ?"
        " GROUP BY a.office_id, a.kind",
        [now, now, now, now, now, *ids, start, end],
    )


def appeals_by_key(store, keys: list[tuple]) -> dict:
    """The stored appeals among an import's keys (office_id, staff_id, submitted_at, kind, text), by key: one
    search of staff_appeals_submitted per key, a few hundred keys a statement."""
    found = {}
    sql = (
        "SELECT a.* FROM k CROSS JOIN staff_appeals a ON a.office_id = k.o AND a.submitted_at = k.at"
        " AND a.staff_id = k.s AND a.kind = k.kind AND a.text = k.text ORDER BY a.id"
    )
    for row in keyed(store, keys, "o, s, at, kind, text", sql, dicts=True):
        found.setdefault((row["office_id"], row["staff_id"], row["submitted_at"], row["kind"], row["text"]), row)
    return found
