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


Stores = Annotated[
    str | None,
    typer.Option(
        "--stores",
        help="The company rollup of every *.db store in this folder (by name), with any --db given.",
        show_default=False,
    ),
]


@command(app, "monthly", readonly=True, many_dbs=True)
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
    stores: Stores = None,
):
    """The monthly report: every capability's section for one month (default: last month, for cron).

    With --db given more than once, or --stores DIR: the company rollup. Each store is read (never written) in turn;
    the offices are shown side by side with a total (rates from summed numerators and denominators). A store that
    cannot be read, or is at an older schema, is named in the footnotes and on stderr; the others are reported and
    the exit status is 1."""
    from commscli import clock, sections
    from commscli.domain.reports import period, previous_month
    from commscli.errors import InputError
    from commscli.labels import Msg
    from commscli.render import Renderer

    renderer = Renderer(templates, env.use_lang(lang), show_personal)
    paths = _rollup_paths(env.dbs or [], stores)
    left_out = []
    if paths is None:
        year, mon = clock.parse_month(month) if month else previous_month(env.now().date())
        ctx, offices = _context(env, office, show_personal)
        renderer.calendar = ctx.calendar
        offset = clock.fmt(env.now())[-6:]
        report = sections.monthly(env.store, period(year, mon, offset), ctx, offices)
    else:
        if office is not None:
            raise InputError(Msg("err.rollup_office"), "--office", office)
        report, left_out = _rollup(env, renderer, paths, clock.parse_month(month) if month else None, show_personal)
    if fmt == "xlsx" and not env.json:
        from commscli.render import report_xlsx

        if not output or output == "-":
            raise InputError(Msg("err.xlsx_needs_output"), "--output", output or "")
        report_xlsx(report, renderer, output)
        env.info(Msg("msg.wrote", path=output))
    else:
        _emit(env, renderer, report, fmt, output)
    if left_out:
        from commscli.labels import label

        for path, why in left_out:
            typer.secho(
                label("msg.error", env.lang) + renderer.t("note.store_left_out", store=str(path), why=why),
                fg="red",
                err=True,
            )
        raise typer.Exit(1)


def _rollup_paths(dbs: list, folder: str | None) -> list | None:
    """The stores of a company rollup (every --db in order, then --stores' *.db by name, each once), or None for
    the report of one store."""
    from pathlib import Path

    from commscli.errors import InputError
    from commscli.labels import Msg

    if folder is None and len(dbs) < 2:
        return None
    paths = [Path(d) for d in dbs]
    if folder is not None:
        where = Path(folder)
        if not where.is_dir():
            raise InputError(Msg("err.not_folder"), "--stores", folder)
        found = sorted(p for p in where.glob("*.db") if p.is_file())
        if not found:
            raise InputError(Msg("err.no_stores"), "--stores", folder)
        paths += found
    seen, out = set(), []
    for p in paths:
        key = p.resolve() if p.exists() else p.absolute()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _rollup(env, renderer, paths: list, month: tuple | None, show_personal: bool):
    """Each store opened read-only in turn and its month's report made (its policy the one beside it, as for a
    single report); then ``sections.rollup``. Returns (report, [(store, why it was left out)])."""
    import sqlite3

    from commscli import clock, sections
    from commscli.cli.common import Env
    from commscli.domain.reports import period, previous_month
    from commscli.errors import CommsError
    from commscli.labels import Msg, say

    parts, left_out = [], []
    for path in paths:
        one = Env(db=str(path), policy=env.policy_arg, readonly=True, lang=env.lang)
        try:
            store = one.store
            ctx, offices = _context(one, None, show_personal)
            year, mon = month or previous_month(one.now().date())
            raw = []
            report = sections.monthly(store, period(year, mon, clock.fmt(one.now())[-6:]), ctx, offices, raw)
            parts.append((path.stem, report, raw))
            if renderer.calendar is None:
                renderer.calendar = ctx.calendar
        except CommsError as exc:
            left_out.append((path, say(exc.message, env.lang)))
        except sqlite3.DatabaseError as exc:
            left_out.append((path, say(Msg("err.store_damaged", why=str(exc)), env.lang)))
        finally:
            one.close(warn=False)  # its missing holiday years are the report's footnotes, not warnings
    year, mon = month or previous_month(env.now().date())
    return sections.rollup(parts, left_out, f"{year:04d}-{mon:02d}", clock.fmt(env.now())), left_out


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
