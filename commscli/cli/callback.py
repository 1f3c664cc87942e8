"""commscli callback: the callback programme (回访)."""

from typing import Annotated

import typer

from commscli.cli.common import (
    ChoiceOpt,
    IdArg,
    SeedOpt,
    Text,
    command,
    register_import,
)
from commscli.domain import callbacks as codes

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS


def _listing():
    from commscli.cli.views import Col, Listing, code_label, place

    def ticket(c, lang):
        return f"#{c['ticket_id']} {code_label('kind', c['ticket_kind'], lang)}" if c.get("ticket_id") else None

    return Listing(
        [
            Col("id"),
            Col("place", get=place),
            Col("name"),
            Col("phone"),
            Col("ticket", get=ticket),
            Col("due_at", "col.due", time=True),
            Col("office"),
            Col("kind", "col.callback_kind", codes="callback"),
            Col("ticket_id"),
            Col("owed_by", codes="owed_by"),
            Col("state", "col.callback_state", codes="cb_state"),
            Col("done_at", time=True),
            Col("satisfaction", codes="sat"),
            Col("ticket_description", "col.description", long=True),
        ],
        ["id", "place", "name", "phone", "ticket", "due_at"],
    )


def _view(c: dict, show_personal=False) -> dict:
    """A callback as scripts and people read it (one shape for list, show and record)."""
    from commscli.cli.views import booleans
    from commscli.render import mask_phone

    return booleans({**c, "phone": mask_phone(c.get("phone"), show_personal)}, "defect_persists")


@command(app, "sample", records=True)
def sample(
    env,
    week: Annotated[str, typer.Option("--week", help="ISO week, e.g. 2026-W47.")],
    seed: Annotated[int | None, SeedOpt(help="Random seed (recorded; same seed and data, same sample).")] = None,
    office: Annotated[str | None, typer.Option("--office", help="Only this office.", show_default=False)] = None,
    redraw: Annotated[bool, typer.Option("--redraw", help="Replace an existing sample (needs --reason).")] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is redrawn.", show_default=False)] = None,
    caller: Annotated[
        str | None,
        Text("--caller", help="The staff member the company designates to make the calls (公司专人); owes them."),
    ] = None,
):
    """Draw the week's callback sample: per office, 20 % (rounded up) of the week's dispatch orders (维修派工单)."""
    from commscli.labels import Msg
    from commscli.services import callbacks as svc

    ctx = env.ctx()
    at = env.at()
    with env.progress(Msg("msg.drawing")), env.store.transaction() as store:
        samples = svc.draw_sample(store, ctx, week, seed, office, redraw, reason, at, caller=caller)
    if env.json:
        env.print_json(samples)
        return
    from commscli.labels import Msg, numbers

    for s in samples:
        fields = {k: s[k] for k in ("office", "week", "size", "population", "seed")}
        typer.echo(env.say(Msg("msg.sample", **fields, ids=numbers(s["ticket_ids"]))))


@command(app, "list", readonly=True, listing=True)
def list_callbacks(
    env,
    due: Annotated[bool, typer.Option("--due", help="Open callbacks due by the end of today.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Open callbacks past their due time.")] = False,
    state: Annotated[
        str | None, ChoiceOpt("--state", choice=codes.STATE, help="Only this state (default: open).")
    ] = None,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=codes.KIND, help="Only this kind.")] = None,
    office: Annotated[str | None, typer.Option("--office", help="Only this office.", show_default=False)] = None,
    all_: Annotated[bool, typer.Option("--all", help="Done and cancelled callbacks too.")] = False,
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show phones unmasked.")] = False,
):
    """List the callbacks to make, soonest due first: room, name, phone, the ticket it follows up, due time."""
    from datetime import datetime, time, timedelta

    from commscli import clock
    from commscli.domain.callbacks import KIND, STATE
    from commscli.store import callbacks as q

    now = env.now()
    tomorrow = clock.fmt(datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo))
    rows = q.list_callbacks(
        env.store,
        due_before=tomorrow if due else None,
        overdue_at=clock.fmt(now) if overdue else None,
        state=STATE.parse(state, "--state") if state else (None if all_ else "open"),
        kind=KIND.parse(kind, "--kind") if kind else None,
        office=office,
    )
    env.rows([_view(r, show_personal) for r in rows], _listing())


@command(app, "record", records=True)
def record(
    env,
    callback_id: Annotated[int, IdArg(help="Callback id.")],
    method: Annotated[str | None, ChoiceOpt("--method", choice=codes.METHOD, help="How the customer was reached.")],
    result: Annotated[str, typer.Option("--result", help="What the customer said.")],
    satisfaction: Annotated[
        str | None,
        ChoiceOpt("--satisfaction", choice=codes.SATISFACTION, help="What the customer said of the service."),
    ] = None,
    defect_persists: Annotated[
        bool,
        typer.Option(
            "--defect-persists",
            help="The repaired defect persists: opens a re-repair and a special callback within 24 h.",
        ),
    ] = False,
):
    """Record a callback's result."""
    from commscli.domain.callbacks import METHOD, SATISFACTION
    from commscli.services import callbacks as svc

    ctx = env.ctx()
    at = env.at()
    m = METHOD.parse(method, "--method")
    s = SATISFACTION.parse(satisfaction, "--satisfaction") if satisfaction else None
    with env.store.transaction() as store:
        c = svc.record_callback(store, ctx, callback_id, m, result, s, defect_persists, at)
    from commscli.labels import Msg

    rework = Msg("msg.rework", id=c["rework_ticket_id"]) if c["rework_ticket_id"] else ""
    _card(env, _view(c), Msg("msg.callback_recorded", id=c["id"], rework=rework))


@command(app, "show", readonly=True)
def show(
    env,
    callback_id: Annotated[int, IdArg(help="Callback id.")],
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show the phone unmasked.")] = False,
):
    """Show a callback and its history."""
    from commscli.render import mask_personal
    from commscli.services import history
    from commscli.store import callbacks as q

    c = _view(q.callback(env.store, callback_id), show_personal)
    c["events"] = mask_personal(history(env.store, "callbacks", callback_id), show_personal)
    _card(env, c)


def _card(env, c: dict, message=None):
    """The callback card of `show`, and of `record` after its status line (--json: ``c``)."""
    from commscli.cli.views import Col, show_card
    from commscli.labels import label
    from commscli.render import mask_personal
    from commscli.services import history

    events = c["events"] if "events" in c else mask_personal(history(env.store, "callbacks", c["id"]), False)
    listing = _listing()
    listing.cols["result"] = Col("result", long=True)
    show_card(
        env,
        c,
        label("card.callback", env.lang, id=c["id"]),
        listing,
        "callbacks",
        events,
        skip=("id", "ticket_id"),
        message=message,
    )


register_import(
    app,
    "commscli.services.callback_import",
    file_help="CSV, TSV or workbook of callbacks: the ticket or household each follows up, due time, outcome.",
    doc="Import historical callbacks (回访记录) with their outcomes; re-importing the same rows changes nothing.",
)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "callbacks")
