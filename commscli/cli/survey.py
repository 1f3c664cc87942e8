"""commscli survey: the June and November satisfaction surveys."""

from typing import Annotated

import typer

from commscli.cli.common import FormatOpt, IdOpt, LangOpt, OutputOpt, TemplatesOpt, Text, command
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Season = Annotated[str, typer.Option("--season", help="YYYY-MM (June or November by policy).")]
Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
COLUMNS = [
    "season",
    "target",
    "returns",
    "rate",
    "deadline",
    "rate_reached_at",
    "closed_at",
    "analysis_due",
    "analysed_at",
    "results_due",
    "results_posted_at",
]


def _print(env, s: dict, message):
    """A survey step: its status line, then the survey in labelled lines (--json: the survey)."""
    from commscli.cli.views import Col, Listing, card_fields
    from commscli.labels import label

    lang, year = env.lang, env.now().year
    shown = {k: s.get(k) for k in COLUMNS}
    shown["rate"] = f"{100 * s['rate']:.1f}%" + (
        f"（{s['returns']}/{s['target']}）" if lang == "zh" else f" ({s['returns']}/{s['target']})"
    )
    times = (
        "deadline",
        "rate_reached_at",
        "closed_at",
        "analysis_due",
        "analysed_at",
        "results_due",
        "results_posted_at",
    )
    listing = Listing([Col(k, time=k in times) for k in COLUMNS if k != "season"], ["target"])
    env.card(
        s, label("card.survey", lang, season=s["season"]), card_fields(listing, shown, lang, year), message=message
    )


def _season(text: str) -> str:
    """``2026-11``, ``2026/11`` or ``2026年11月`` → ``2026-11``."""
    from commscli import clock

    year, month = clock.parse_month(text, "--season")
    return f"{year:04d}-{month:02d}"


def _run(env, action, *args):
    from commscli.services import surveys as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        return getattr(svc, action)(store, ctx, *args, at=at)


@command(app, "open", records=True)
def open_(
    env,
    season: Season,
    office: Office = None,
    deadline: Annotated[
        str | None, Text("--deadline", help="Last day for returns (default: the season month's last day).")
    ] = None,
):
    """Open the season's survey to every occupied household."""
    from commscli import clock

    year, month = clock.parse_month(season, "--season")
    s = _run(
        env,
        "open_survey",
        env.office_code(office),
        year,
        month,
        clock.parse_date(deadline, "--deadline") if deadline else None,
    )
    _print(env, s, Msg("msg.survey_opened", season=s["season"], target=s["target"]))


@command(app, "record", records=True)
def record(
    env,
    season: Season,
    grades: Annotated[str, typer.Option("--grades", help="category=grade, … (e.g. 保洁=满意,绿化=很满意).")],
    household: Annotated[int | None, IdOpt("--household", help="Household id.")] = None,
    building: Annotated[str | None, Text("--building", help="Household building (with --room).")] = None,
    room: Annotated[str | None, Text("--room", help="Household room.")] = None,
    opinion: Annotated[str | None, Text("--opinion", help="The household's opinions (each gets a callback).")] = None,
    office: Office = None,
):
    """Record one household's returned questionnaire."""
    from commscli.domain.surveys import parse_grades

    code = env.office_code(office)
    g = parse_grades(grades)
    s = _run(
        env,
        "record_return",
        code,
        _season(season),
        {"household_id": household, "building": building, "room": room},
        g,
        opinion,
    )
    _print(env, s, Msg("msg.survey_return", returns=s["returns"], target=s["target"], rate=f"{s['rate']:.1%}"))


@command(app, "status", readonly=True)
def status(env, season: Season, office: Office = None):
    """The return rate against the minimum, and the dates that follow from it."""
    from commscli.services import surveys as svc

    _, s = svc.get(env.store, env.office_code(office), _season(season))
    st = svc.status(env.store, env.ctx(), s)
    _print(
        env,
        st,
        Msg(
            "msg.survey_status",
            season=season,
            returns=st["returns"],
            target=st["target"],
            rate=f"{st['rate']:.1%}",
            minimum=f"{st['min_return']:.0%}",
            extra="" if st["analysis_due"] else Msg("msg.survey_analysis_later"),
        ),
    )


@command(app, "close", records=True)
def close(env, season: Season, office: Office = None):
    """Close the survey (refused below the minimum before the deadline); opinions get callbacks."""
    s = _run(env, "close", env.office_code(office), _season(season))
    _print(env, s, Msg("msg.survey_closed", season=season, callbacks=s["callbacks"], due=s["analysis_due"]))


@command(app, "analyse", records=True)
def analyse(
    env,
    season: Season,
    analysis: Annotated[str, typer.Option("--analysis", help="The analysis.")],
    answers: Annotated[str, typer.Option("--answers", help="The public answer to common issues.")],
    office: Office = None,
):
    """Record the analysis (due within a week); the results notice is then due within 5 working days."""
    s = _run(env, "analyse", env.office_code(office), _season(season), analysis, answers)
    _print(env, s, Msg("msg.survey_analysed", due=s["results_due"]))


@command(app, "post", records=True)
def post(env, season: Season, office: Office = None):
    """Record that the results were posted."""
    s = _run(env, "post_results", env.office_code(office), _season(season))
    _print(env, s, Msg("msg.survey_posted", season=season))


@command(app, "report", readonly=True)
def report(
    env,
    season: Season,
    office: Office = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    output: OutputOpt = None,
):
    """Render the survey analysis and the public answer to common issues, for posting."""
    from commscli.render import Renderer
    from commscli.services import surveys as svc
    from commscli.store import forms

    data = svc.report_data(env.store, env.ctx(), env.office_code(office), _season(season))
    data["number"] = forms.number(env.store, "survey_report", "surveys", data["survey"]["id"])
    if env.json:
        env.print_json(data)
        return
    env.emit(Renderer(templates, env.use_lang(lang), False).form("survey_report", fmt, **data), output)
