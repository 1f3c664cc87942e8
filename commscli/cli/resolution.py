"""commscli meeting resolution: resolutions and motions (决议 / 议案) followed up until done: the owner's
action plan, progress, done, the report back to the owners' committee."""

from typing import Annotated

import typer

from commscli.cli.common import IdArg, Text, command
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # mounted on `meeting` as `resolution` (cli/meeting.py)

Id = Annotated[int, IdArg(help="Resolution id.")]


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("text", "col.resolution_text", long=True),
            Col("owner", "col.owner"),
            Col("due_on", "col.due_on", time=True),
            Col("state", "col.resolution_state", codes="resolution_state"),
            Col("has_plan", "col.has_plan", get=lambda r, lang: bool(r.get("plan_at"))),
            Col("meeting_id", "col.meeting_id"),
            Col("kind", "col.resolution_kind", codes="meeting_resolution_kind"),
            Col("office"),
            Col("opened_at", "col.resolution_opened", time=True),
            Col("plan", "col.resolution_plan", long=True),
            Col("plan_at", "col.plan_at", time=True),
            Col("done_at", "col.done_at", time=True),
            Col("report_back_at", "col.report_back_at", time=True),
        ],
        ["id", "text", "owner", "due_on", "state", "has_plan"],
    )


def card(env, resolution_id: int, message=None):
    """A resolution for people: its fields, its progress, its history."""
    from commscli.cli.views import card_fields, code_label, event_line, short_time
    from commscli.domain import resolutions as rules
    from commscli.labels import label
    from commscli.services import resolutions as svc

    d = svc.details(env.store, resolution_id)
    r = {**d["resolution"], "state": rules.state(d["resolution"], env.now().date())}
    if env.json:
        env.print_json({**r, "progress": d["progress"], "events": d["events"]})
        return
    lang, year = env.lang, env.now().year
    title = " · ".join(
        (label("card.resolution", lang, id=r["id"]), code_label("meeting_resolution_kind", r["kind"], lang))
    )
    env.card(
        r,
        title,
        card_fields(_listing(), r, lang, year, skip=("id", "kind")),
        [
            (label("card.progress", lang), [f"{short_time(p['at'], year)}  {p['text']}" for p in d["progress"]]),
            (
                label("card.history", lang),
                [event_line(e, "meeting_resolutions", lang, year) for e in d["events"]],
            ),
        ],
        message,
    )


@command(app, "plan", records=True)
def plan(env, resolution_id: Id, text: Annotated[str, typer.Option("--text", help="The owner's action plan.")]):
    """Record the owner's action plan (once; later news is progress)."""
    from commscli.services import resolutions as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.plan(store, ctx, resolution_id, text, at)
    card(env, resolution_id, Msg("msg.resolution_planned", id=resolution_id))


@command(app, "update", records=True)
def update(
    env, resolution_id: Id, progress: Annotated[str, typer.Option("--progress", help="What has been done so far.")]
):
    """Record progress on a resolution."""
    from commscli.services import resolutions as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.update(store, ctx, resolution_id, progress, at)
    card(env, resolution_id, Msg("msg.resolution_progress", id=resolution_id))


@command(app, "done", records=True)
def done(env, resolution_id: Id):
    """Record that a resolution is done (--at, default now)."""
    from commscli.services import resolutions as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.done(store, ctx, resolution_id, at)
    card(env, resolution_id, Msg("msg.resolution_done", id=resolution_id))


@command(app, "report-back", records=True)
def report_back(env, resolution_id: Id):
    """Record that an improvement promised to the owners' committee was reported back to it (--at)."""
    from commscli.services import resolutions as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.report_back(store, ctx, resolution_id, at)
    card(env, resolution_id, Msg("msg.resolution_reported", id=resolution_id))


@command(app, "list", readonly=True, listing=True)
def list_resolutions(
    env,
    open_: Annotated[bool, typer.Option("--open", help="Only those not done.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those past their due date and not done.")] = False,
    owner: Annotated[str | None, Text("--owner", help="Only this owner's (staff name or #id).")] = None,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
):
    """List resolutions and motions by due date, with their state (open, overdue, done)."""
    from commscli.errors import InputError
    from commscli.services import resolutions as svc

    if open_ and overdue:
        raise InputError(Msg("err.resolution_which"), "--open/--overdue", None)
    which = "overdue" if overdue else "open" if open_ else None
    rows = svc.listing(env.store, office=office, which=which, owner=owner, today=env.now().date())
    env.rows(rows, _listing())


@command(app, "show", readonly=True)
def show(env, resolution_id: Id):
    """Show a resolution: owner, due date, plan, progress, history."""
    card(env, resolution_id)
