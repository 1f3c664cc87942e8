"""commscli info: the information register (信息交流表): entries, external ones (*) distributed on time,
urgent ones sent at once to the quality department and the management representative with their
corrective/preventive report, and each week's review at the weekly meeting."""

from typing import Annotated

import typer

from commscli.cli.common import FormatOpt, IdArg, IdOpt, LangOpt, OutputOpt, TemplatesOpt, Text, command
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Information entry id.")]
FLAGS = ("external", "urgent", "distributed_late")


def state(e: dict) -> str:
    """Where the entry's handling stands: urgent → unsent / unreported / reported; external → undistributed /
    distributed; else none."""
    if e.get("urgent"):
        if not (e.get("quality_at") and e.get("rep_at")):
            return "unsent"
        return "reported" if e.get("report_at") else "unreported"
    if e.get("external"):
        return "distributed" if e.get("distributed_at") else "undistributed"
    return "none"


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("mark", "col.info_mark", get=lambda e, lang: "*" if e.get("external") else ""),
            Col("logged_at", time=True),
            Col("source"),
            Col("text", "col.info_text", long=True),
            Col("state", "col.info_state", codes="info_state", get=lambda e, lang: state(e)),
            Col("urgent", "col.info_urgent"),
            Col("external", "col.info_external"),
            Col("office"),
            Col("week"),
            Col("logged_by"),
            Col("distribute_due", time=True),
            Col("distributed_at", time=True),
            Col("distributed_late"),
            Col("quality_at", time=True),
            Col("rep_at", time=True),
            Col("report_due", time=True),
            Col("report_at", time=True),
            Col("cause", "col.info_cause", long=True),
            Col("measure", "col.info_measure", long=True),
            Col("review_meeting_id", "col.review_meeting"),
        ],
        ["id", "mark", "logged_at", "source", "text", "state"],
    )


def view(e: dict) -> dict:
    from commscli.cli.views import booleans

    return booleans({**e, "state": state(e)}, *FLAGS)


def card(env, entry_id: int, message=None):
    """An entry for people: every field with a value, to whom it was distributed, its history."""
    from commscli.cli.views import card_fields, event_line, short_time
    from commscli.labels import label
    from commscli.services import info as svc

    d = svc.details(env.store, entry_id)
    e = view(d["entry"])
    if env.json:
        env.print_json({**e, "distributions": d["distributions"], "events": d["events"]})
        return
    lang, year = env.lang, env.now().year
    title = label("card.info", lang, id=e["id"]) + (" *" if e["external"] else "")
    given = [
        "  ".join(
            x
            for x in (short_time(x_["at"], year), x_["name"], label("col.distributed_late", lang) if x_["late"] else "")
            if x
        )
        for x_ in d["distributions"]
    ]
    env.card(
        e,
        title,
        card_fields(_listing(), e, lang, year, skip=("id", "mark")),
        [
            (label("card.distributions", lang), given),
            (label("card.history", lang), [event_line(x, "info_entries", lang, year) for x in d["events"]]),
        ],
        message,
    )


@command(app, "log", records=True)
def log(
    env,
    source: Annotated[
        str, typer.Option("--source", help="Where it came from (a department, a supplier, an authority).")
    ],
    text: Annotated[str, typer.Option("--text", help="The information.")],
    external: Annotated[bool, typer.Option("--external", help="External information (外来信息, marked *).")] = False,
    urgent: Annotated[
        bool, typer.Option("--urgent", help="Urgent: goes at once to quality and the management representative.")
    ] = False,
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
):
    """Log an entry in the information register (--by: a registered staff member)."""
    from commscli.domain.fields import LONG_TEXT_MAX
    from commscli.domain.fields import text as clean
    from commscli.errors import InputError
    from commscli.services import info as svc

    data = dict(
        office=env.office_code(office),
        source=clean(source, "--source"),
        text=clean(text, "--text", LONG_TEXT_MAX),
        external=external,
        urgent=urgent,
        logged_at=env.at(),
    )
    for key, field in (("source", "--source"), ("text", "--text")):
        if not data[key]:
            raise InputError(Msg("err.required"), field, "")
    ctx = env.ctx()
    with env.store.transaction() as store:
        eid = svc.log_entry(store, ctx, data)
    card(env, eid, Msg("msg.info_logged", id=eid))


@command(app, "distribute", records=True)
def distribute(
    env,
    entry_id: Id,
    to: Annotated[list[str], typer.Option("--to", help="A staff member it went to (repeat).")],
):
    """Record to whom and when the entry was distributed (external information: on time, policy)."""
    from commscli.services import info as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.distribute(store, ctx, entry_id, to, at)
    card(env, entry_id, Msg("msg.info_distributed", id=entry_id))


@command(app, "send", records=True)
def send(env, entry_id: Id):
    """Urgent information: record it sent to the quality department and the management representative."""
    from commscli.services import info as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.send(store, ctx, entry_id, at)
    card(env, entry_id, Msg("msg.info_sent", id=entry_id))


@command(app, "report", records=True)
def report(
    env,
    entry_id: Id,
    cause: Annotated[str, typer.Option("--cause", help="The cause found.")],
    measure: Annotated[str, typer.Option("--measure", help="The corrective or preventive measure.")],
):
    """Record the corrective/preventive report (纠正预防措施报告) an urgent entry owes; it gets its number."""
    from commscli.services import info as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.report(store, ctx, entry_id, cause, measure, at)
    card(env, entry_id, Msg("msg.info_reported", id=entry_id))


@command(app, "reviewed", records=True)
def reviewed(
    env,
    week: Annotated[str, typer.Option("--week", help="ISO week, e.g. 2026-W47.")],
    meeting: Annotated[int, IdOpt("--meeting", help="The held meeting that reviewed it (minuted).")],
):
    """Link a week's entries to the weekly meeting that reviewed them; a late review is said."""
    from commscli.services import info as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        r = svc.reviewed(store, ctx, week, meeting, at)
    late = Msg("msg.info_review_late", day=r["meeting_day"]) if r["late"] else ""
    if env.json:
        env.print_json(r)
        return
    env.info(Msg("msg.info_reviewed", week=r["week"], n=r["entries"], meeting=meeting))
    if late:
        env.info(late)


@command(app, "list", readonly=True, listing=True)
def list_entries(
    env,
    month: Annotated[str | None, Text("--month", help="Logged in this month (YYYY-MM).")] = None,
    week: Annotated[str | None, Text("--week", help="Logged in this ISO week (2026-W47).")] = None,
    urgent: Annotated[bool, typer.Option("--urgent", help="Only urgent information.")] = False,
    external: Annotated[bool, typer.Option("--external", help="Only external information (*).")] = False,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
):
    """List entries, newest first; external ones are marked *."""
    from commscli import clock
    from commscli.domain import info as rules
    from commscli.domain.reports import period
    from commscli.store import info as q

    start = end = key = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    if week:
        key = rules.week_of(rules.iso_week(week)[0])
    rows = q.list_entries(
        env.store,
        office=office,
        start=start,
        end=end,
        week=key,
        urgent=True if urgent else None,
        external=True if external else None,
    )
    env.rows([view(e) for e in rows], _listing())


@command(app, "show", readonly=True)
def show(env, entry_id: Id):
    """Show an entry: its marks, deadlines, steps, report, review and history."""
    card(env, entry_id)


@command(app, "form", readonly=True)
def form(
    env,
    entry_id: Id,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    output: OutputOpt = None,
):
    """Render an urgent entry's corrective/preventive report (纠正预防措施报告), once it is recorded."""
    from commscli.render import Renderer
    from commscli.services import info as svc

    data = svc.form_data(env.store, entry_id)
    if env.json:
        env.print_json(data)
        return
    env.emit(Renderer(templates, env.use_lang(lang), False).form("info_corrective", fmt, **data), output)


@command(app, "register", readonly=True)
def register(
    env,
    month: Annotated[str, typer.Option("--month", help="The month (YYYY-MM).")],
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    output: OutputOpt = None,
):
    """Render the month's information register (信息交流表): * external, ! urgent; each week's review."""
    from commscli import clock
    from commscli.domain.reports import period
    from commscli.render import Renderer
    from commscli.services import info as svc

    year, mon = clock.parse_month(month)
    p = period(year, mon, env.now_text()[-6:])
    data = svc.register(env.store, env.office_code(office), p.start, p.end)
    if env.json:
        env.print_json(data)
        return
    r = Renderer(templates, env.use_lang(lang), False)
    env.emit(r.form("info_register", fmt, month=p.name, **data), output)
