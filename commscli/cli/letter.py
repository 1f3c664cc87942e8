"""commscli letter: the letters register (函件): letters in and out, with a reference to the copy kept."""

from typing import Annotated

import typer

from commscli.cli.common import Text, command
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
Subject = Annotated[str, typer.Option("--subject", help="What the letter is about (事由).")]
Dated = Annotated[str, typer.Option("--date", help="The letter's date (2026-11-20, 2026年11月20日).")]
File = Annotated[
    str | None,
    Text("--file", help="The copy kept (a scan): its name and SHA-256 are registered, not its content."),
]


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id"),
            Col("dated", "col.dated", time=True),
            Col("direction", "col.direction", codes="letter"),
            Col("party", "col.party"),
            Col("subject", "col.subject", long=True),
            Col("file_name", "col.file_name"),
            Col("office"),
            Col("file_sha256", "col.file_sha256"),
            Col("file_size", "col.file_size"),
            Col("created_by", "col.recorded_by"),
        ],
        ["id", "dated", "direction", "party", "subject", "file_name"],
    )


def _register(env, direction, party, subject, dated, file, office):
    from commscli.clock import parse_date
    from commscli.services import letters
    from commscli.store import letters as q

    day = parse_date(dated, "--date")
    code, at, ctx = env.office_code(office), env.at(), env.ctx()
    with env.store.transaction() as store:
        lid = letters.register(store, ctx, code, direction, party, subject, day, file, at)
    env.record(q.letter(env.store, lid), Msg("msg.letter_added", id=lid), _listing())


@command(app, "in", records=True)
def letter_in(
    env,
    sender: Annotated[str, typer.Option("--from", help="Who sent it (来函单位或个人).")],
    subject: Subject,
    dated: Dated,
    file: File = None,
    office: Office = None,
):
    """Register a letter received (来函)."""
    _register(env, "in", sender, subject, dated, file, office)


@command(app, "out", records=True)
def letter_out(
    env,
    to: Annotated[str, typer.Option("--to", help="To whom it was sent (收函单位或个人).")],
    subject: Subject,
    dated: Dated,
    file: File = None,
    office: Office = None,
):
    """Register a letter sent (发函)."""
    _register(env, "out", to, subject, dated, file, office)


@command(app, "list", readonly=True, listing=True)
def list_letters(
    env,
    office: Office = None,
    month: Annotated[str | None, Text("--month", help="Only the letters dated in this month (2026-11).")] = None,
):
    """List the letters register."""
    from commscli.store import letters as q

    start = end = None
    if month:
        from commscli.clock import parse_month
        from commscli.domain.reports import period

        p = period(*parse_month(month, "--month"))
        start, end = p.first_day.isoformat(), p.next_first_day.isoformat()
    env.rows(q.letters(env.store, office, start, end), _listing())
