"""The president's mailbox (mailbox_letters) and the yearly staff needs survey (staff_needs_surveys). SQL only."""

from commscli.store.records import by_id, for_office, in_offices
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401

LETTER_SELECT = (
    "SELECT m.*, o.code AS office, f.name AS from_name, b.name AS answered_by_name FROM mailbox_letters m"
    " JOIN offices o ON o.id = m.office_id LEFT JOIN staff f ON f.id = m.from_staff_id"
    " LEFT JOIN staff b ON b.id = m.answered_by"
)
SURVEY_SELECT = "SELECT v.*, o.code AS office FROM staff_needs_surveys v JOIN offices o ON o.id = v.office_id"


def letter(store, letter_id) -> dict:
    return by_id(store, LETTER_SELECT + " WHERE m.id = ?", letter_id, "mailbox letter")


def letters(store, *, office=None, start=None, end=None, unanswered=False) -> list[dict]:
    sql, params = LETTER_SELECT + " WHERE 1 = 1", []
    for clause, value in (("m.received_at >= ?", start), ("m.received_at < ?", end)):
        if value is not None:
            sql += f" AND {clause}"
            params.append(value)
    if unanswered:
        sql += " AND m.answered_at IS NULL"
    sql, params = for_office(sql, params, office)
    return store.query(sql + " ORDER BY m.received_at DESC, m.id DESC", params)


def survey(store, office_id: int, year: int) -> dict | None:
    return store.one(SURVEY_SELECT + " WHERE v.office_id = ? AND v.year = ?", (office_id, year))


def surveys(store, office=None) -> list[dict]:
    sql, params = for_office(SURVEY_SELECT + " WHERE 1 = 1", [], office)
    return store.query(sql + " ORDER BY v.year DESC, o.code", params)


def month_letter_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Letters received within [start, end) per office (a range over mailbox_letters_received): how many, how
    many anonymous; no one named."""
    where, ids = in_offices("m.office_id", office_ids)
    return store.query(
        "SELECT m.office_id, COUNT(*) AS received, SUM(m.from_staff_id IS NULL) AS anonymous"
        f" FROM mailbox_letters m WHERE {where} AND m.received_at >= ? AND m.received_at < ? GROUP BY m.office_id",
        [*ids, start, end],
    )


def month_answer_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Letters answered within [start, end) per office and way (a range over mailbox_letters_answered)."""
    where, ids = in_offices("m.office_id", office_ids)
    return store.query(
        "SELECT m.office_id, m.answer_how, COUNT(*) AS n FROM mailbox_letters m"
        f" WHERE {where} AND m.answered_at IS NOT NULL AND m.answered_at >= ? AND m.answered_at < ?"
        " GROUP BY m.office_id, m.answer_how",
        [*ids, start, end],
    )


def month_survey_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Needs surveys held within [start, end) per office (a range over staff_needs_surveys_held)."""
    where, ids = in_offices("v.office_id", office_ids)
    return store.query(
        "SELECT v.office_id, COUNT(*) AS held, SUM(v.answered_at IS NOT NULL) AS answered"
        f" FROM staff_needs_surveys v WHERE {where} AND v.held_at >= ? AND v.held_at < ? GROUP BY v.office_id",
        [*ids, start, end],
    )
