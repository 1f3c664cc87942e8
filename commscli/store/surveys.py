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
