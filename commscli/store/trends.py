"""The monthly report's trends: the key figures month by month over a range of months, each in ONE query that
GROUPs BY month over the range of the same index the month's own query searches (SQL only; no rules).

A stored time carries its office's zone, so its first seven characters are its month. ``start``/``end`` are stored
times bounding the range; ``first``/``last`` are YYYY-MM where a table keeps a month (plans, surveys).
"""

from commscli.store.records import in_offices, is_set
from commscli.store.tickets import SLA_STATE


def sla_by_month(store, office_ids: list[int], start: str, end: str, now: str) -> list[dict]:
    """Per month and priority, the repairs reported then (not cancelled): on time and decided (on time + late),
    by the same SLA verdict as the month's figures (tickets_reported)."""
    where, ids = in_offices("t.office_id", office_ids)
    return store.query(
        f"SELECT substr(t.reported_at, 1, 7) AS month, t.priority, SUM(s = 'met') AS met,"
        f" SUM(s IN ('met', 'breached')) AS decided FROM (SELECT t.reported_at, t.priority, {SLA_STATE} AS s"
        f" FROM tickets t WHERE {where} AND t.reported_at >= ? AND t.reported_at < ? AND t.kind = 'repair'"
        " AND t.state != 'cancelled') t GROUP BY 1, 2",
        [now, *ids, start, end],
    )


def complaints_by_month(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per month, the complaints reported then (not cancelled) and how many are closed (tickets_reported)."""
    where, ids = in_offices("t.office_id", office_ids)
    return store.query(
        "SELECT substr(t.reported_at, 1, 7) AS month, COUNT(*) AS n, SUM(t.state = 'closed') AS closed FROM tickets t"
        f" WHERE {where} AND t.reported_at >= ? AND t.reported_at < ? AND t.kind = 'complaint'"
        " AND t.state != 'cancelled' GROUP BY 1",
        [*ids, start, end],
    )


def satisfaction_by_month(store, office_ids: list[int], start: str, end: str, satisfied: tuple) -> list[dict]:
    """Per month, the callbacks done then: satisfied (a grade in ``satisfied``) and graded (callbacks_done)."""
    where, ids = in_offices("c.office_id", office_ids)
    marks = ", ".join("?" for _ in satisfied)
    return store.query(
        f"SELECT substr(c.done_at, 1, 7) AS month, SUM(c.satisfaction IN ({marks})) AS satisfied,"
        f" SUM({is_set('c.satisfaction')}) AS graded FROM callbacks c"
        f" WHERE {where} AND c.state = 'done' AND c.done_at >= ? AND c.done_at < ? GROUP BY 1",
        [*satisfied, *ids, start, end],
    )


def visits_by_month(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per office and month, the visits made then (not cancelled) (visits_office_time)."""
    where, ids = in_offices("v.office_id", office_ids)
    return store.query(
        "SELECT v.office_id, substr(v.started_at, 1, 7) AS month, COUNT(*) AS done FROM visits v"
        f" WHERE {where} AND v.started_at >= ? AND v.started_at < ? AND v.state != 'cancelled' GROUP BY 1, 2",
        [*ids, start, end],
    )


def plans_by_month(store, office_ids: list[int], first: str, last: str) -> list[dict]:
    """Per office and month, the visits the month's active office plan requires (visit_plans_month)."""
    where, ids = in_offices("p.office_id", office_ids)
    return store.query(
        "SELECT p.office_id, p.month, p.required FROM visit_plans p"
        f" WHERE {where} AND p.month >= ? AND p.month <= ? AND p.kind = 'office' AND p.active = 1",
        [*ids, first, last],
    )


def survey_returns_by_month(store, office_ids: list[int], first: str, last: str) -> list[dict]:
    """Per survey month (season), the returns and the households asked: a search of the surveys' UNIQUE
    (office_id, season) key, named because with statistics of a few surveys the planner would rather scan."""
    where, ids = in_offices("s.office_id", office_ids)
    return store.query(
        "SELECT s.season AS month, SUM(s.target) AS target,"
        " SUM((SELECT COUNT(*) FROM survey_returns r WHERE r.survey_id = s.id)) AS returns"
        " FROM surveys s INDEXED BY sqlite_autoindex_surveys_1"
        f" WHERE {where} AND s.season >= ? AND s.season <= ? GROUP BY 1",
        [*ids, first, last],
    )


def notice_breaches_by_month(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per month, the notices told then that broke their lead time (notices_posted)."""
    where, ids = in_offices("n.office_id", office_ids)
    return store.query(
        "SELECT substr(n.posted_at, 1, 7) AS month, SUM(n.breach) AS breaches FROM notices n"
        f" WHERE {where} AND n.posted_at >= ? AND n.posted_at < ? GROUP BY 1",
        [*ids, start, end],
    )
