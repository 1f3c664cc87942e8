"""commscli appeal: staff suggestions and appeals (职员提议、申诉表, 003 篇2 §4.3): hand one in to the direct
superior, the superior's answer within the week, the employee's disagreement, general affairs' handling, the form.
A staff channel: the customers' suggestion box is `commscli box`."""

from typing import Annotated

import typer

from commscli.cli.common import (
    ChoiceOpt,
    FormatOpt,
    IdArg,
    LangOpt,
    OutputOpt,
    TemplatesOpt,
    Text,
    command,
    register_import,
)
from commscli.domain import appeals as codes
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Appeal id.")]
Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
Personal = Annotated[bool, typer.Option("--show-personal", help="Show the employee's name to anyone.")]
Reader = Annotated[
    str | None,
    Text("--by", help="Who reads (a staff member): the employee, the superior and general affairs see the name."),
]
TextOpt = Annotated[str, typer.Option("--text", help="What is written on the form.")]
FLAGS = ("escalated", "answer_late", "handle_late")


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("kind", "col.appeal_kind", codes="appeal_kind"),
            Col("state", "col.state", codes="appeal_state"),
            Col("submitted_at", "col.appeal_submitted_at", time=True),
            Col("late", "col.late", get=lambda a, lang: bool(a.get("answer_late") or a.get("handle_late"))),
            Col("text", "col.appeal_text", long=True),
            Col("office"),
            Col("staff", "col.appeal_staff"),
            Col("superior", "col.superior"),
            Col("answer_due", "col.answer_due", time=True),
            Col("answered_at", "col.answered_at", time=True),
            Col("answer_late", "col.answer_late"),
            Col("answer", "col.answer", long=True),
            Col("disagreed_at", "col.disagreed_at", time=True),
            Col("disagreement", "col.disagreement", long=True),
            Col("escalated", "col.escalated_to_ga"),
            Col("ga_due", "col.ga_due", time=True),
            Col("handled_at", "col.handled_at", time=True),
            Col("handled_by", "col.handled_by"),
            Col("handling", "col.handling", long=True),
            Col("handle_late", "col.handle_late"),
        ],
        ["id", "kind", "state", "submitted_at", "late", "text"],
    )


def card(env, appeal_id: int, by: str | None = None, show_personal: bool = False, message=None):
    from commscli.cli.views import code_label, show_card
    from commscli.labels import label
    from commscli.services import appeals as svc

    d = svc.details(env.store, appeal_id, env.now_text(), by, show_personal)
    a = d["appeal"]
    if not env.json and not a["person_shown"]:
        a = {**a, "staff": label("masked", env.lang)}
    title = " · ".join((label("card.appeal", env.lang, id=a["id"]), code_label("appeal_kind", a["kind"], env.lang)))
    record = {**a, "events": d["events"]} if env.json else a
    show_card(
        env, record, title, _listing(), "staff_appeals", d["events"], skip=("id", "kind", "late"), message=message
    )


def _step(env, appeal_id: int, action, text: str, message: str):
    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        action(store, ctx, appeal_id, text, at)
    card(env, appeal_id, by=ctx.by, message=Msg(message, id=appeal_id))


@command(app, "new", records=True)
def new(
    env,
    staff: Annotated[str, typer.Option("--staff", help="The employee handing it in (a staff member, by name).")],
    kind: Annotated[str, ChoiceOpt("--kind", choice=codes.KIND, help="A suggestion or an appeal.")],
    to: Annotated[str, typer.Option("--to", help="The direct superior it is handed to (a staff member).")],
    text: TextOpt,
    office: Office = None,
):
    """Hand in a suggestion or an appeal to the direct superior, who answers within one week (--by: a staff
    member who records it)."""
    from commscli.services import appeals as svc

    ctx, at = env.ctx(), env.at()
    data = dict(office=env.office_code(office), kind=codes.KIND.parse(kind, "--kind"), staff=staff, superior=to)
    with env.store.transaction() as store:
        aid = svc.new_appeal(store, ctx, **data, text=text, at=at)
    card(env, aid, by=ctx.by, message=Msg("msg.appeal_recorded", id=aid))


@command(app, "answer", records=True)
def answer(env, appeal_id: Id, text: TextOpt):
    """The superior's answer (--by: the superior it was handed to); after the week it is recorded late."""
    from commscli.services import appeals as svc

    _step(env, appeal_id, svc.answer, text, "msg.appeal_answered")


@command(app, "disagree", records=True)
def disagree(env, appeal_id: Id, text: TextOpt):
    """The employee disagrees with the answer (--by: the employee): it goes to general affairs."""
    from commscli.services import appeals as svc

    _step(env, appeal_id, svc.disagree, text, "msg.appeal_disagreed")


@command(app, "handle", records=True)
def handle(env, appeal_id: Id, text: TextOpt):
    """General affairs handles an appeal that came to it, within one week (--by: a general-affairs staff member)."""
    from commscli.services import appeals as svc

    _step(env, appeal_id, svc.handle, text, "msg.appeal_handled")


@command(app, "list", readonly=True, listing=True)
def list_appeals(
    env,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=codes.KIND, help="Only this kind.")] = None,
    month: Annotated[str | None, Text("--month", help="Handed in this month (YYYY-MM).")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Only those not settled yet.")] = False,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
    by: Reader = None,
    show_personal: Personal = False,
):
    """List suggestions and appeals, newest first (the employee's name only for those who may see it)."""
    from commscli import clock
    from commscli.domain.reports import period
    from commscli.labels import label
    from commscli.services import appeals as svc

    start = end = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    rows = svc.listing(
        env.store,
        env.now_text(),
        office=office,
        kind=codes.KIND.parse(kind, "--kind") if kind else None,
        start=start,
        end=end,
        open_only=open_only,
        by=env.named_by,
        show_personal=show_personal,
    )
    if not (env.json or env.out.csv or env.out.nl):
        rows = [r if r["person_shown"] else {**r, "staff": label("masked", env.lang)} for r in rows]
    env.rows(rows, _listing())


@command(app, "show", readonly=True)
def show(env, appeal_id: Id, by: Reader = None, show_personal: Personal = False):
    """Show a suggestion or appeal: its steps, deadlines and late flags, its history."""
    card(env, appeal_id, env.named_by, show_personal)


@command(app, "form", readonly=True)
def form(
    env,
    appeal_id: Id,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    output: OutputOpt = None,
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Print the employee's name.")] = False,
):
    """Render the 职员提议、申诉表 (numbered when it was handed in)."""
    from commscli.render import Renderer
    from commscli.services import appeals as svc

    data = svc.form_data(env.store, appeal_id, env.now_text(), show_personal)
    if env.json:
        env.print_json(data)
        return
    env.emit(Renderer(templates, env.use_lang(lang), show_personal).form("staff_appeal", fmt, **data), output)


register_import(
    app,
    "commscli.services.appeal_import",
    file_help="CSV, TSV or workbook of suggestions and appeals: people by name, the steps' times and texts.",
    doc="Import historical staff suggestions and appeals with their steps; re-importing the same rows changes nothing.",
)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "appeals")
