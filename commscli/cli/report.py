"""commscli report: the monthly report and the list of what is due."""

from typing import Annotated

import typer

from commscli.cli.common import FormatOpt, LangOpt, OutputOpt, TemplatesOpt, Text, command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Lang = LangOpt
Tpl = TemplatesOpt
Office = Annotated[str | None, typer.Option("--office", help="Only this office.", show_default=False)]
Personal = Annotated[
    bool,
    typer.Option(
        "--show-personal", help="Show names and phones unmasked (masked by default); the monthly figures hold none."
    ),
]


def _emit(env, renderer, report, fmt: str, output: str | None):
    env.emit(renderer.report(report, "json" if env.json else fmt), output)


def _context(env, office, show_personal: bool = False):
    from commscli.context import Context
    from commscli.store import registry

    offices = [o["code"] for o in registry.offices(env.store)]
    if office is not None:
        registry.office_by_code(env.store, office)
        offices = [office]
    return Context(env.policy, env.calendar, env.now(), office=office, show_personal=show_personal), offices


@command(app, "monthly", readonly=True)
def monthly(
    env,
    month: Annotated[
        str | None, typer.Option("--month", help="YYYY-MM; default the previous month.", show_default=False)
    ] = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    lang: Lang = None,
    templates: Tpl = None,
    office: Office = None,
    show_personal: Personal = False,
):
    """The monthly report: every capability's section for one month (default: last month, for cron)."""
    from commscli import clock, sections
    from commscli.domain.reports import period, previous_month
    from commscli.errors import InputError
    from commscli.render import Renderer

    renderer = Renderer(templates, env.use_lang(lang), show_personal)
    year, mon = clock.parse_month(month) if month else previous_month(env.now().date())
    ctx, offices = _context(env, office, show_personal)
    renderer.calendar = ctx.calendar
    offset = clock.fmt(env.now())[-6:]
    report = sections.monthly(env.store, period(year, mon, offset), ctx, offices)
    if fmt == "xlsx" and not env.json:
        from commscli.labels import Msg
        from commscli.render import report_xlsx

        if not output or output == "-":
            raise InputError(Msg("err.xlsx_needs_output"), "--output", output or "")
        report_xlsx(report, renderer, output)
        env.info(Msg("msg.wrote", path=output))
        return
    _emit(env, renderer, report, fmt, output)


@command(app, "due", readonly=True)
def due(
    env,
    day: Annotated[
        str | None,
        typer.Option(
            "--date", help="A date (2026-11-23, 2026/11/23, 2026年11月23日); default today.", show_default=False
        ),
    ] = None,
    within: Annotated[int, typer.Option("--within", help="Also list what falls due within N days.")] = 7,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    lang: Lang = None,
    templates: Tpl = None,
    office: Office = None,
    show_personal: Personal = False,
    owner: Annotated[
        str | None,
        Text(
            "--owner",
            help="Only what this owner owes: a staff name exactly, or a role or department by code or name"
            " (supervisor, 客服主管, engineering, 工程部).",
        ),
    ] = None,
):
    """What is due: every deadline that is past, due that day, or due within --within days, sorted by deadline,
    each with its owner and the time left or how late it is (overdue items marked on a terminal)."""
    from commscli import clock, sections
    from commscli.errors import InputError
    from commscli.render import Renderer

    horizon = 366 * env.policy.time_years_ahead  # nothing is planned further ahead
    if not 0 <= within <= horizon:
        from commscli.labels import Msg

        raise InputError(Msg("err.within", horizon=horizon), "--within", str(within))
    renderer = Renderer(templates, env.use_lang(lang), show_personal)
    d = clock.parse_date(day, "--date") if day else env.now().date()
    ctx, offices = _context(env, office, show_personal)
    report = sections.due(env.store, d, ctx, offices, within, owner)
    renderer.tty = env.tty() and (not output or output == "-")
    _emit(env, renderer, report, fmt, output)
