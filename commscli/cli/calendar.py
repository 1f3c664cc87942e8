"""commscli calendar: working days (statutory holidays, 调休, office closures)."""

from typing import Annotated

import typer

from commscli.cli.common import SkipBadOpt, command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS


def _day_dict(day) -> dict:
    return {
        "date": day.date.isoformat(),
        "workday": day.workday,
        "name": day.name,
        "source": day.source,
        "weekday": day.date.isoweekday(),
    }


@command(app, "is-workday", readonly=True)
def is_workday(
    env,
    day: Annotated[
        str | None, typer.Argument(help="Date (2026-11-23, 2026/11/23, 2026年11月23日); default today.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code.")] = False,
):
    """Exit 0 on a working day, 1 on a day off, 2 on an error, so a cron gate can tell a holiday from a broken store."""
    from commscli.cli.common import fail
    from commscli.clock import parse_date
    from commscli.errors import CommsError

    try:
        d = parse_date(day, "DATE") if day else env.now().date()
        info = _day_dict(env.calendar.day(d))
    except CommsError as exc:
        lang = env.said_lang()
        fail(exc.line(lang), 2, lang=lang)
    if quiet:
        pass
    elif env.json:
        env.print_json(info)
    else:
        from commscli.labels import label

        kind = label("workday.yes" if info["workday"] else "workday.no", env.lang)
        typer.echo(f"{info['date']}\t{kind}\t{info['name']}".rstrip())
    if not info["workday"]:
        raise typer.Exit(1)


@command(app, "add", readonly=True, context_settings={"ignore_unknown_options": True})  # N may be negative: -3
def add(
    env,
    day: Annotated[str, typer.Argument(help="Date to count from (2026-11-23, 2026/11/23, 2026年11月23日).")],
    n: Annotated[int, typer.Argument(help="Working days to add (negative counts back).")],
):
    """Print the date N working days after DATE (before it when N is negative)."""
    from commscli.clock import parse_date

    d = parse_date(day, "DATE")
    result = env.calendar.add(d, n)
    if env.json:
        env.print_json({"from": d.isoformat(), "workdays": n, "date": result.isoformat()})
    else:
        typer.echo(result.isoformat())


@command(app, "list", readonly=True, listing=True)
def list_days(
    env,
    year: Annotated[int, typer.Option("--year", help="The year to list.")],
    all_days: Annotated[bool, typer.Option("--all", help="Every day, not only the exceptions.")] = False,
):
    """List holidays, make-up workdays and office days of a year (weekends only with --all)."""
    from commscli.clock import check_year

    check_year(year, "--year")
    days = env.calendar.year(year)
    if not all_days:
        days = [d for d in days if d.name or d.source in ("office", "import") or d.workday != (d.date.weekday() < 5)]
    env.rows([_day_dict(d) for d in days], _days())


def _days():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("date", time=True),
            Col("weekday", codes="weekday"),
            Col("workday"),
            Col("name", "col.day_name", long=True),
            Col("source", codes="day_source"),
        ],
        ["date", "weekday", "workday", "name", "source"],
        bounded=False,
    )


@command(app, "set", records=True)
def set_day(
    env,
    day: Annotated[str, typer.Argument(help="Date (2026-11-23, 2026/11/23, 2026年11月23日).")],
    workday: Annotated[bool, typer.Option("--workday", help="A make-up working day.")] = False,
    holiday: Annotated[bool, typer.Option("--holiday", help="An office closure (not a working day).")] = False,
    name: Annotated[str, typer.Option("--name", help="What the day is (e.g. 台风停工).")] = "",
    reason: Annotated[str | None, typer.Option("--reason", help="Why (for the event).")] = None,
):
    """Mark a date as an office working day or closure (stored, with an event)."""
    from commscli.clock import parse_date
    from commscli.errors import InputError
    from commscli.labels import Msg
    from commscli.services import calendar as svc

    d = parse_date(day, "DATE")
    if workday == holiday:
        raise InputError(Msg("err.workday_flag"), "--workday/--holiday", "both" if workday else None)
    at, ctx = env.at(), env.ctx()
    with env.store.transaction() as store:
        row = svc.set_day(store, ctx, d, workday, name, reason, at)
    env.record(row, listing=_days())


@command(app, "import", records=True)
def import_days(
    env,
    file: Annotated[str, typer.Argument(help="CSV of date,kind,name (kind: holiday|workday, 休|班).")],
    skip_bad: SkipBadOpt = False,
):
    """Load a year's schedule (e.g. the State Council's notice): date,kind,name rows."""
    from commscli.cli.common import import_result
    from commscli.io import importer

    at, by, ctx = env.at(), env.import_by(file), env.ctx()
    with env.store.transaction() as store:
        result = importer.run(store, ctx, importer.CalendarDays(), file, at=at, by=by, skip_bad=skip_bad)
    import_result(env, result)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "calendar_days")
