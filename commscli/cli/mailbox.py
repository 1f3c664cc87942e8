"""commscli mailbox: the president's mailbox (总裁信箱) and the yearly staff needs survey (员工需求普查), 000 §五(八).
A letter may be anonymous; common needs are answered by a company document, sharp individual questions face to
face by a leader."""

from typing import Annotated

import typer

from commscli.cli.common import ChoiceOpt, IdArg, Text, command
from commscli.domain import mailbox as codes
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Letter id.")]
Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
Personal = Annotated[bool, typer.Option("--show-personal", help="Show a signed letter's writer in full.")]
Year = Annotated[int, typer.Option("--year", help="The survey's year.")]


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("received_at", "col.received_at", time=True),
            Col("from", "col.letter_from", get=lambda m, lang: m.get("from") or _anonymous(lang)),
            Col("answered_at", "col.answered_at", time=True),
            Col("answer_how", "col.answer_how", codes="mailbox_how"),
            Col("text", "col.mailbox_text", long=True),
            Col("office"),
            Col("answered_by", "col.answered_by"),
            Col("answer", "col.answer", long=True),
        ],
        ["id", "received_at", "from", "answer_how", "text"],
    )


def _anonymous(lang: str) -> str:
    from commscli.labels import label

    return label("mailbox.anonymous", lang)


def _survey_listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("year", "col.year"),
            Col("held_at", "col.held_at", time=True),
            Col("answered_at", "col.answered_at", time=True),
            Col("answer", "col.survey_answer", long=True),
            Col("office"),
            Col("note", "col.note", long=True),
        ],
        ["year", "held_at", "answered_at", "answer", "office"],
    )


def card(env, letter_id: int, show_personal: bool = False, message=None):
    from commscli.cli.views import show_card
    from commscli.labels import label
    from commscli.services import history
    from commscli.services import mailbox as svc
    from commscli.store import mailbox as q

    m = svc.view(q.letter(env.store, letter_id), show_personal)
    events = history(env.store, "mailbox_letters", letter_id)
    record = {**m, "events": events} if env.json else m
    title = label("card.mailbox_letter", env.lang, id=m["id"])
    show_card(env, record, title, _listing(), "mailbox_letters", events, message=message)


@command(app, "new", records=True)
def new(
    env,
    text: Annotated[str, typer.Option("--text", help="What the letter says.")],
    sender: Annotated[
        str | None, Text("--from", help="The writer (a staff member); without it the letter is anonymous.")
    ] = None,
    office: Office = None,
):
    """Record a letter to the president (--at: when it was taken from the mailbox; --by: a staff member)."""
    from commscli.services import mailbox as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        lid = svc.new_letter(store, ctx, office=env.office_code(office), sender=sender, text=text, at=at)
    card(env, lid, message=Msg("msg.mailbox_recorded", id=lid))


@command(app, "answer", records=True)
def answer(
    env,
    letter_id: Id,
    how: Annotated[
        str, ChoiceOpt("--how", choice=codes.HOW, help="A company document, or face to face (by a leader: --by).")
    ],
    text: Annotated[str, typer.Option("--text", help="The answer (the document's title and gist, or what was said).")],
):
    """Record the answer to a letter: common needs by a company document, sharp questions face to face."""
    from commscli.services import mailbox as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.answer(store, ctx, letter_id, codes.HOW.parse(how, "--how"), text, at)
    card(env, letter_id, message=Msg("msg.mailbox_answered", id=letter_id))


@command(app, "list", readonly=True, listing=True)
def list_letters(
    env,
    month: Annotated[str | None, Text("--month", help="Received in this month (YYYY-MM).")] = None,
    unanswered: Annotated[bool, typer.Option("--unanswered", help="Only letters not answered yet.")] = False,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
    show_personal: Personal = False,
):
    """List the letters, newest first (anonymous ones say so; a signed one's writer masked unless asked)."""
    from commscli import clock
    from commscli.domain.reports import period
    from commscli.services import mailbox as svc
    from commscli.store import mailbox as q

    start = end = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    rows = q.letters(env.store, office=office, start=start, end=end, unanswered=unanswered)
    env.rows([svc.view(m, show_personal) for m in rows], _listing())


@command(app, "show", readonly=True)
def show(env, letter_id: Id, show_personal: Personal = False):
    """Show a letter, its answer and its history."""
    card(env, letter_id, show_personal)


@command(app, "survey", records=True)
def survey(
    env,
    year: Year,
    held_at: Annotated[str | None, Text("--held-at", help="When the survey was held (default --at, else now).")] = None,
    note: Annotated[str | None, Text("--note", help="How it was held, how many took part.")] = None,
    office: Office = None,
):
    """Record the year's staff needs survey (due by the end of the policy month mailbox_survey_month)."""
    from commscli.clock import check_year
    from commscli.services import mailbox as svc

    ctx, year = env.ctx(), check_year(year, "--year")
    when = env.past_time(held_at, "--held-at") if held_at else env.at()
    with env.store.transaction() as store:
        s = svc.hold_survey(store, ctx, office=env.office_code(office), year=year, held_at=when, note=note)
    env.record(s, Msg("msg.needs_survey_held", year=year), _survey_listing())


@command(app, "survey-answer", records=True)
def survey_answer(
    env,
    year: Year,
    text: Annotated[str, typer.Option("--text", help="The company document answering the common needs.")],
    office: Office = None,
):
    """Record the company document that answers the year's needs survey."""
    from commscli.clock import check_year
    from commscli.services import mailbox as svc

    ctx, at, year = env.ctx(), env.at(), check_year(year, "--year")
    with env.store.transaction() as store:
        s = svc.answer_survey(store, ctx, office=env.office_code(office), year=year, text=text, at=at)
    env.record(s, Msg("msg.needs_survey_answered", year=year), _survey_listing())


@command(app, "surveys", readonly=True, listing=True)
def surveys(env, office: Annotated[str | None, Text("--office", help="Only this office.")] = None):
    """List the staff needs surveys held, newest first."""
    from commscli.store import mailbox as q

    env.rows(q.surveys(env.store, office), _survey_listing())
