"""The letters register: rows in, rows out. SQL only; no rules."""

from commscli.store.records import by_id, in_offices, insert_row

LETTER_SELECT = "SELECT l.*, o.code AS office FROM letters l JOIN offices o ON o.id = l.office_id"


def insert_letter(store, values: dict) -> int:
    return insert_row(store, "letters", values)


def letter(store, letter_id) -> dict:
    return by_id(store, LETTER_SELECT + " WHERE l.id = ?", letter_id, "letter")


def letters(store, office: str | None = None, start: str | None = None, end: str | None = None) -> list[dict]:
    clauses, params = [], []
    for sql, value in (("o.code = ?", office), ("l.dated >= ?", start), ("l.dated < ?", end)):
        if value is not None:
            clauses.append(sql)
            params.append(value)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return store.query(LETTER_SELECT + where + " ORDER BY l.dated, l.id", params)


def month_letter_counts(store, office_ids: list[int], first_day: str, next_first_day: str) -> list[dict]:
    """Letters dated in [first_day, next_first_day) per office and direction (a range over letters_dated)."""
    where, ids = in_offices("l.office_id", office_ids)
    return store.query(
        "SELECT l.office_id, SUM(l.direction = 'in') AS letters_in, SUM(l.direction = 'out') AS letters_out"
        f" FROM letters l WHERE {where} AND l.dated >= ? AND l.dated < ? GROUP BY l.office_id",
        [*ids, first_day, next_first_day],
    )
