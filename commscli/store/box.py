"""Suggestion-box openings and the tickets made from what was found. SQL only; no rules."""

from commscli.store.records import by_id, in_offices, insert_row

OPENING_SELECT = (
    "SELECT b.*, o.code AS office,"
    " (SELECT COUNT(*) FROM box_opening_tickets l WHERE l.opening_id = b.id) AS tickets"
    " FROM box_openings b JOIN offices o ON o.id = b.office_id"
)


def insert_opening(store, values: dict) -> int:
    return insert_row(store, "box_openings", values)


def insert_link(store, opening_id: int, ticket_id: int):
    insert_row(store, "box_opening_tickets", {"opening_id": opening_id, "ticket_id": ticket_id})


def opening(store, opening_id) -> dict:
    row = by_id(store, OPENING_SELECT + " WHERE b.id = ?", opening_id, "box opening")
    row["ticket_ids"] = ticket_ids(store, row["id"])
    return row


def ticket_ids(store, opening_id: int) -> list[int]:
    return [
        r["ticket_id"]
        for r in store.query(
            "SELECT ticket_id FROM box_opening_tickets WHERE opening_id = ? ORDER BY ticket_id", (opening_id,)
        )
    ]


def taken(store, ids: list[int]) -> dict:
    """ticket id → the opening it is already recorded from."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = store.query(f"SELECT ticket_id, opening_id FROM box_opening_tickets WHERE ticket_id IN ({marks})", ids)
    return {r["ticket_id"]: r["opening_id"] for r in rows}


def openings(store, office: str | None = None) -> list[dict]:
    sql, params = OPENING_SELECT, []
    if office:
        sql += " WHERE o.code = ?"
        params.append(office)
    return store.query(sql + " ORDER BY b.opened_at, b.id", params)


def last_openings(store, office: str | None = None) -> list[dict]:
    """Each office's latest opening (one index search per office on box_openings_at)."""
    sql = (
        "SELECT o.id AS office_id, o.code AS office,"
        " (SELECT MAX(b.opened_at) FROM box_openings b WHERE b.office_id = o.id) AS last_opened FROM offices o"
    )
    params = []
    if office:
        sql += " WHERE o.code = ?"
        params.append(office)
    return [r for r in store.query(sql, params) if r["last_opened"]]


def month_box_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Openings in [start, end) per office: how many, items found, tickets made (a range over box_openings_at)."""
    where, ids = in_offices("b.office_id", office_ids)
    return store.query(
        "SELECT b.office_id, COUNT(*) AS openings, SUM(b.found) AS found,"
        " SUM((SELECT COUNT(*) FROM box_opening_tickets l WHERE l.opening_id = b.id)) AS tickets"
        f" FROM box_openings b WHERE {where} AND b.opened_at >= ? AND b.opened_at < ? GROUP BY b.office_id",
        [*ids, start, end],
    )
