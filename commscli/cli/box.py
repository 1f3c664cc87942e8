"""commscli box: the suggestion box (意见箱): each opening, what was found, and the tickets made from it."""

from typing import Annotated

import typer

from commscli.cli.common import Text, command
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id"),
            Col("opened_at", "col.opened_at", time=True),
            Col("found", "col.found"),
            Col("tickets", "col.tickets"),
            Col("office"),
            Col("note", "col.note", long=True),
            Col("created_by", "col.recorded_by"),
        ],
        ["id", "opened_at", "found", "tickets", "office", "note"],
    )


@command(app, "open", records=True)
def open_box(
    env,
    found: Annotated[int, typer.Option("--found", help="How many items (notes, letters) were found in the box.")],
    ticket: Annotated[
        list[int] | None,
        typer.Option("--ticket", help="A ticket made from what was found (channel 意见箱); repeat for each."),
    ] = None,
    note: Annotated[str | None, Text("--note", help="A remark (who opened it, what else was found).")] = None,
    office: Office = None,
):
    """Record an opening of the suggestion box (--at: when it was opened) and the tickets made from it."""
    from commscli.services import box
    from commscli.store import box as q

    code, at, ctx = env.office_code(office), env.at(), env.ctx()
    with env.store.transaction() as store:
        oid = box.open_box(store, ctx, code, found, list(ticket or []), note, at)
    row = q.opening(env.store, oid)
    env.record(row, Msg("msg.box_opened", id=oid), _listing())


@command(app, "list", readonly=True, listing=True)
def list_openings(env, office: Office = None):
    """List the openings of the suggestion box."""
    from commscli.store import box as q

    env.rows(q.openings(env.store, office), _listing())
