"""Hand-offs to departments and requests between them: rows in, rows out. SQL only; no rules."""

from commscli.store.records import by_id, in_offices, insert_row, update_row

TASK_SELECT = (
    "SELECT k.*, o.code AS office, t.description AS ticket_description FROM tasks k"
    " JOIN offices o ON o.id = k.office_id LEFT JOIN tickets t ON t.id = k.ticket_id"
)


def insert_task(store, values: dict) -> int:
    return insert_row(store, "tasks", values)


def update_task(store, task_id: int, changes: dict):
    update_row(store, "tasks", task_id, changes)


def task(store, task_id) -> dict:
    return by_id(store, TASK_SELECT + " WHERE k.id = ?", task_id, "task")


def tasks_of_ticket(store, ticket_id: int) -> list[dict]:
    return store.query(TASK_SELECT + " WHERE k.ticket_id = ? ORDER BY k.id", (ticket_id,))


def list_tasks(store, *, open_only: bool = True, office: str | None = None, due_before: str | None = None) -> list:
    """Open hand-offs (``due_before``: those whose pending deadline falls before it, by the partial index on
    open_due), or all of them, oldest first."""
    clauses, params = [], []
    if due_before is not None:
        clauses.append("k.open_due IS NOT NULL AND k.open_due < ?")
        params.append(due_before)
    elif open_only:
        clauses.append("k.state != 'done'")
    if office:
        clauses.append("o.code = ?")
        params.append(office)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    order = " ORDER BY k.open_due, k.id" if due_before is not None else " ORDER BY k.asked_at, k.id"
    return store.query(TASK_SELECT + where + order, params)


def month_task_counts(store, office_ids: list[int], start: str, end: str, now: str) -> list[dict]:
    """Per office, the hand-offs asked in [start, end): how many, committed by the time asked, reported back by
    the time committed (or asked, when none was given), and those whose feedback was due by ``now`` (reported
    back, or past the time committed). One range search over tasks_asked."""
    where, ids = in_offices("k.office_id", office_ids)
    return store.query(
        "SELECT k.office_id, COUNT(*) AS n,"
        " SUM(k.committed_at IS NOT NULL AND k.committed_at <= k.ask_by) AS committed_on_time,"
        " SUM(k.feedback_at IS NOT NULL AND k.feedback_at <= COALESCE(k.will_finish, k.ask_by)) AS fed_back_on_time,"
        " SUM(k.feedback_at IS NOT NULL OR (k.will_finish IS NOT NULL AND k.will_finish < ?)) AS feedback_due"
        f" FROM tasks k WHERE {where} AND k.asked_at >= ? AND k.asked_at < ? GROUP BY k.office_id",
        [now, *ids, start, end],
    )
