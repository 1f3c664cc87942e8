"""The monthly report's trends: the key figures month by month over a range of months (SQL only; no rules).

SLA per priority, complaints closed, callback satisfaction, visits done and survey returns read the month counters
``month_counts`` (migration m017_month_counts: triggers keep them on every write), a few rows per month whatever
the store's size; plans and notices read their own month-keyed rows (a few per month already).

A stored time carries its office's zone, so its first seven characters are its month. ``start``/``end`` are stored
times bounding the range; ``first``/``last`` are YYYY-MM where a table keeps a month (plans, surveys).
"""

from commscli.store.records import in_offices


def _months(start: str, end: str) -> tuple[str, str]:
    """The months [first, after) of the stored times [start, end): a month's first seven characters."""
    return start[:7], end[:7]


def sla_by_month(store, office_ids: list[int], start: str, end: str, now: str | None = None) -> list[dict]:
    """Per month and priority, the repairs reported then (not cancelled): on time and decided (on time + late),
    by the same SLA verdict as the month's figures (tickets_reported). A running clock (open or overdue) is neither,
    so nothing here depends on ``now`` (kept for the callers)."""
    where, ids = in_offices("office_id", office_ids)
    return store.query(
        "SELECT month, key AS priority, SUM(CASE WHEN figure = 'sla.met' THEN n ELSE 0 END) AS met,"
        f" SUM(n) AS decided FROM month_counts WHERE {where} AND month >= ? AND month < ?"
        " AND figure IN ('sla.met', 'sla.breached') GROUP BY 1, 2",
        [*ids, *_months(start, end)],
    )


def complaints_by_month(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per month, the complaints reported then (not cancelled) and how many are closed (tickets_reported)."""
    where, ids = in_offices("office_id", office_ids)
    return store.query(
        "SELECT month, SUM(n) AS n, SUM(CASE WHEN key = 'closed' THEN n ELSE 0 END) AS closed FROM month_counts"
        f" WHERE {where} AND month >= ? AND month < ? AND figure = 'complaint' GROUP BY 1",
        [*ids, *_months(start, end)],
    )


def satisfaction_by_month(store, office_ids: list[int], start: str, end: str, satisfied: tuple) -> list[dict]:
    """Per month, the callbacks done then: satisfied (a grade in ``satisfied``) and graded (callbacks_done)."""
    where, ids = in_offices("office_id", office_ids)
    marks = ", ".join("?" for _ in satisfied)
    return store.query(
        f"SELECT month, SUM(CASE WHEN key IN ({marks}) THEN n ELSE 0 END) AS satisfied,"
        " SUM(CASE WHEN key != '' THEN n ELSE 0 END) AS graded FROM month_counts"
        f" WHERE {where} AND month >= ? AND month < ? AND figure = 'callback' GROUP BY 1",
        [*satisfied, *ids, *_months(start, end)],
    )


def visits_by_month(store, office_ids: list[int], start: str, end: str) -> list[dict]:
    """Per office and month, the visits made then (not cancelled) (visits_office_time)."""
    where, ids = in_offices("office_id", office_ids)
    return store.query(
        "SELECT office_id, month, SUM(n) AS done FROM month_counts"
        f" WHERE {where} AND month >= ? AND month < ? AND figure = 'visit' GROUP BY 1, 2",
        [*ids, *_months(start, end)],
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
    """Per survey month (season), the returns and the households asked."""
    where, ids = in_offices("office_id", office_ids)
    return store.query(
        "SELECT month, SUM(CASE WHEN figure = 'survey.target' THEN n ELSE 0 END) AS target,"
        " SUM(CASE WHEN figure = 'survey.returns' THEN n ELSE 0 END) AS returns FROM month_counts"
        f" WHERE {where} AND month >= ? AND month <= ? AND figure IN ('survey.target', 'survey.returns') GROUP BY 1",
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
