"""The service guide's price list (guide_services) and the quotes that name a service. SQL only; no rules."""

from commscli.store.records import by_id, in_offices, insert_row

SERVICE_SELECT = "SELECT s.*, o.code AS office FROM guide_services s JOIN offices o ON o.id = s.office_id"


def insert_service(store, values: dict) -> int:
    return insert_row(store, "guide_services", values)


def service(store, service_id) -> dict:
    return by_id(store, SERVICE_SELECT + " WHERE s.id = ?", service_id, "service")


def service_named(store, office_id: int, name: str) -> dict | None:
    """The service in force of that name (retired ones keep their name free for a new one)."""
    return store.one(
        SERVICE_SELECT + " WHERE s.office_id = ? AND s.name = ? AND s.retired_at IS NULL", (office_id, name)
    )


def services(store, office: str | None = None, retired: bool = False) -> list[dict]:
    clauses, params = [], []
    if office:
        clauses.append("o.code = ?")
        params.append(office)
    if not retired:
        clauses.append("s.retired_at IS NULL")
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    return store.query(SERVICE_SELECT + where + " ORDER BY o.code, s.id", params)


def last_change(store, office_id: int) -> str | None:
    """When the office's price list last changed (its latest event): the guide's date."""
    return store.scalar(
        "SELECT MAX(e.at) FROM guide_services s JOIN events e ON e.record_table = 'guide_services'"
        " AND e.record_id = s.id WHERE s.office_id = ?",
        (office_id,),
    )


def month_quote_counts(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Quotes accepted in [start, end) per office: all of them, those naming a service, and those off the
    price list. Searches the partial index tickets_quoted."""
    where, ids = in_offices("t.office_id", office_ids)
    return store.query(
        "SELECT t.office_id, COUNT(*) AS quotes, SUM(t.service_id IS NOT NULL) AS listed, SUM(t.off_list) AS off_list"
        f" FROM tickets t WHERE {where} AND t.quote_accepted_at >= ? AND t.quote_accepted_at < ?"
        " GROUP BY t.office_id",
        [*ids, start, end],
    )


def services_in_force(store, office_ids: list[int]) -> list[dict]:
    """Services on each office's price list (the partial index guide_services_name: no row is read)."""
    where, ids = in_offices("s.office_id", office_ids)
    return store.query(
        f"SELECT s.office_id, COUNT(*) AS n FROM guide_services s WHERE {where} AND s.retired_at IS NULL"
        " GROUP BY s.office_id",
        ids,
    )
