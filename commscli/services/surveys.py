"""Survey steps: open, record a return, close, analyse, post the results (SPEC §2 surveys)."""

import json
from datetime import date, datetime, time

from commscli.domain import surveys as rules
from commscli.errors import InputError, RuleError
from commscli.labels import Msg, moment
from commscli.services import number_form
from commscli.services.callbacks import open_callback
from commscli.store import records, registry, visits
from commscli.store import surveys as q


def get(store, office_code: str, season: str) -> tuple[dict, dict]:
    office = registry.office_by_code(store, office_code)
    s = q.survey(store, office["id"], season)
    if s is None:
        raise InputError(Msg("err.no_survey"), "--season", season)
    return office, s


def analysis_due(s: dict, policy, closed_at: str | None = None) -> str | None:
    """The analysis deadline as far as it is known (a closed survey keeps the one stored at its close)."""
    if s["analysis_due"]:
        return s["analysis_due"]
    closed_at = closed_at or s["closed_at"]
    due = rules.analysis_due(
        date.fromisoformat(s["deadline"]),
        date.fromisoformat(s["rate_reached_at"][:10]) if s["rate_reached_at"] else None,
        date.fromisoformat(closed_at[:10]) if closed_at else None,
        policy,
    )
    return due.isoformat() if due else None


def status(store, ctx, s: dict) -> dict:
    returns = q.return_count(store, s["id"])
    return {
        **s,
        "returns": returns,
        "rate": rules.rate(returns, s["target"]),
        "analysis_due": analysis_due(s, ctx.policy),
    }


def open_survey(store, ctx, office_code: str, year: int, month: int, deadline: date | None, at: str) -> dict:
    office = registry.office_by_code(store, office_code)
    rules.check_season(year, month, ctx.policy)
    season = f"{year:04d}-{month:02d}"
    if q.survey(store, office["id"], season):
        raise RuleError(Msg("err.already_opened"), "--season", season)
    deadline = deadline or rules.default_deadline(year, month)
    if deadline.isoformat() < at[:10]:
        raise InputError(Msg("err.in_the_past"), "--deadline", deadline.isoformat())
    target = len(visits.occupied_households(store, office["id"]))
    sid = q.insert(
        store,
        "surveys",
        dict(
            office_id=office["id"],
            season=season,
            deadline=deadline.isoformat(),
            target=target,
            min_return=ctx.policy.survey_min_return,
            opened_at=at,
            opened_by=ctx.by,
        ),
    )
    records.log(
        store,
        ctx,
        "surveys",
        sid,
        "open",
        at,
        after={"season": season, "target": target, "deadline": deadline.isoformat()},
    )
    return status(store, ctx, q.survey(store, office["id"], season))


def record_return(
    store, ctx, office_code: str, season: str, household: int | dict, grades: dict, opinion: str | None, at: str
) -> dict:
    """``household``: its id, or {household_id | building, room} as given on the command line."""
    household_id = household if isinstance(household, int) else _household(store, office_code, **household)
    office, s = get(store, office_code, season)
    if s["closed_at"]:
        raise RuleError(Msg("err.survey_closed", at=moment(s["closed_at"])), "--season", season)
    if at < s["opened_at"]:
        raise RuleError(Msg("err.before_survey"), "--at", at)
    h = registry.household(store, household_id)
    if h["office"] != office["code"] or not h["occupied"]:
        raise InputError(Msg("err.not_occupied_here"), "household", household_id)
    if q.has_return(store, s["id"], household_id):
        raise RuleError(Msg("err.return_recorded"), "household", household_id)
    q.insert(
        store,
        "survey_returns",
        dict(
            survey_id=s["id"],
            household_id=household_id,
            returned_at=at,
            grades=json.dumps(grades),
            opinion=(opinion or "").strip() or None,
            created_by=ctx.by,
        ),
    )
    records.log(
        store,
        ctx,
        "surveys",
        s["id"],
        "return",
        at,
        after={"household_id": household_id, "grades": grades, "opinion": bool(opinion)},
    )
    returns = q.return_count(store, s["id"])
    if not s["rate_reached_at"] and rules.rate(returns, s["target"]) >= s["min_return"]:
        q.update(store, "surveys", s["id"], {"rate_reached_at": at})
    return status(store, ctx, q.survey(store, office["id"], season))


def _household(store, office_code: str, household_id=None, building=None, room=None) -> int:
    from commscli.services.tickets import resolve_household

    hid = resolve_household(store, registry.office_by_code(store, office_code)["id"], household_id, building, room)
    if hid is None:
        raise InputError(Msg("err.name_the_household"), "household", None)
    return hid


def close(store, ctx, office_code: str, season: str, at: str) -> dict:
    """Refused below the return rate before the deadline; every household that gave an opinion gets a callback."""
    office, s = get(store, office_code, season)
    if s["closed_at"]:
        raise RuleError(Msg("err.already_closed", at=moment(s["closed_at"])), "--season", season)
    st = status(store, ctx, s)
    try:
        rules.can_close(
            st["returns"], s["target"], date.fromisoformat(at[:10]), date.fromisoformat(s["deadline"]), ctx.policy
        )
    except RuleError as exc:
        raise RuleError(exc.message, "--season", season) from None
    due = analysis_due(s, ctx.policy, closed_at=at)
    q.update(store, "surveys", s["id"], {"closed_at": at, "analysis_due": due})
    tz = ctx.now.tzinfo
    made = 0
    for r in q.survey_returns(store, s["id"]):
        if r["opinion"]:
            open_callback(
                store,
                ctx,
                office_id=office["id"],
                kind="survey",
                household_id=r["household_id"],
                at=at,
                due=datetime.combine(date.fromisoformat(due), time(23, 59, 59), tzinfo=tz),
            )
            made += 1
    records.log(
        store,
        ctx,
        "surveys",
        s["id"],
        "close",
        at,
        after={"returns": st["returns"], "callbacks": made, "analysis_due": due},
    )
    return {**status(store, ctx, q.survey(store, office["id"], season)), "callbacks": made}


def analyse(store, ctx, office_code: str, season: str, analysis: str, answers: str, at: str) -> dict:
    office, s = get(store, office_code, season)
    if not s["closed_at"]:
        raise RuleError(Msg("err.close_survey_first"), "--season", season)
    if s["analysed_at"]:
        raise RuleError(Msg("err.already_analysed", at=moment(s["analysed_at"])), "--season", season)
    if not (analysis or "").strip() or not (answers or "").strip():
        raise InputError(Msg("err.analysis_and_answers"), "--analysis/--answers", "")
    results_due = ctx.calendar.add(date.fromisoformat(at[:10]), ctx.policy.survey_results_workdays)
    changes = {
        "analysed_at": at,
        "analysis": analysis.strip(),
        "common_answers": answers.strip(),
        "results_due": results_due.isoformat(),
    }
    q.update(store, "surveys", s["id"], changes)
    records.log(store, ctx, "surveys", s["id"], "analyse", at, after={**changes, "late": at[:10] > s["analysis_due"]})
    number_form(store, ctx, office["id"], "survey_report", "surveys", s["id"], at)  # 满意度调查分析报告
    return status(store, ctx, q.survey(store, office["id"], season))


def post_results(store, ctx, office_code: str, season: str, at: str) -> dict:
    office, s = get(store, office_code, season)
    if not s["analysed_at"]:
        raise RuleError(Msg("err.analyse_first"), "--season", season)
    if s["results_posted_at"]:
        raise RuleError(Msg("err.already_posted", at=moment(s["results_posted_at"])), "--season", season)
    q.update(store, "surveys", s["id"], {"results_posted_at": at})
    records.log(store, ctx, "surveys", s["id"], "post", at, after={"late": at[:10] > s["results_due"]})
    return status(store, ctx, q.survey(store, office["id"], season))


def report_data(store, ctx, office_code: str, season: str) -> dict:
    office, s = get(store, office_code, season)
    returns = q.survey_returns(store, s["id"])
    return {
        "office": office,
        "survey": status(store, ctx, s),
        "categories": rules.per_category(returns),
        "opinions": [r for r in returns if r["opinion"]],
        "common_issues": rules.common_issues([r["opinion"] for r in returns if r["opinion"]]),
    }
