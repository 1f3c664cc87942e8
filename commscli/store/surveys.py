"""Satisfaction surveys and their returns. SQL only."""

import json

from commscli.store.records import for_office
from commscli.store.records import insert_row as insert  # noqa: F401  (services write rows through here)
from commscli.store.records import update_row as update  # noqa: F401


def survey(store, office_id: int, season: str):
    return store.one("SELECT * FROM surveys WHERE office_id = ? AND season = ?", (office_id, season))


def surveys_open(store, office=None) -> list[dict]:
    sql = (
        "SELECT s.*, o.code AS office FROM surveys s JOIN offices o ON o.id = s.office_id"
        " WHERE s.results_posted_at IS NULL"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql, params)


def important_unvisited(store, office=None) -> list[dict]:
    """Of each office's latest analysed survey: its important occupied households (partial index
    households_important) with no home visit since the analysis (visits_household)."""
    sql = (
        "SELECT h.id, h.building, h.room, o.code AS office, s.id AS survey_id, s.season, s.analysed_at"
        " FROM surveys s JOIN offices o ON o.id = s.office_id"
        " JOIN households h ON h.office_id = s.office_id AND h.important = 1 AND h.occupied = 1"
        " WHERE s.analysed_at = (SELECT MAX(s2.analysed_at) FROM surveys s2 WHERE s2.office_id = s.office_id)"
        " AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.started_at >= s.analysed_at"
        " AND v.method = 'home' AND v.state != 'cancelled')"
    )
    sql, params = for_office(sql, [], office)
    return store.query(sql + " ORDER BY h.id", params)


def month_important_visits(store, office_ids: list[int], first_day: str, next_first: str, days: int) -> list[dict]:
    """Per office, the surveys whose important customers' home visits fell due in [first_day, next_first)
    (the analysis day + ``days``): the important occupied households and those visited at home between the
    analysis and the end of the due day."""
    from commscli.store.records import in_offices

    where, ids = in_offices("s.office_id", office_ids)
    due = f"date(substr(s.analysed_at, 1, 10), '+{int(days)} days')"
    return store.query(
        "SELECT s.office_id, COUNT(h.id) AS owed, SUM(EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id"
        f" AND v.started_at >= s.analysed_at AND substr(v.started_at, 1, 10) <= {due} AND v.method = 'home'"
        " AND v.state != 'cancelled')) AS done FROM surveys s"
        " JOIN households h ON h.office_id = s.office_id AND h.important = 1 AND h.occupied = 1"
        f" WHERE {where} AND s.analysed_at IS NOT NULL AND {due} >= ? AND {due} < ? GROUP BY s.office_id",
        [*ids, first_day, next_first],
    )


def survey_returns(store, survey_id: int) -> list[dict]:
    rows = store.query(
        "SELECT r.*, h.building, h.room FROM survey_returns r JOIN households h ON h.id = r.household_id"
        " WHERE r.survey_id = ? ORDER BY r.returned_at, r.id",
        (survey_id,),
    )
    for r in rows:
        r["grades"] = json.loads(r["grades"])
    return rows


def return_count(store, survey_id: int) -> int:
    return store.scalar("SELECT COUNT(*) FROM survey_returns WHERE survey_id = ?", (survey_id,))


def has_return(store, survey_id: int, household_id: int) -> bool:
    return (
        store.one("SELECT 1 FROM survey_returns WHERE survey_id = ? AND household_id = ?", (survey_id, household_id))
        is not None
    )
