"""commscli task: requests from one department to another (转呈与协办), with the department's commitment and
feedback. A ticket's transfer (`ticket transfer`) is listed here too."""

from typing import Annotated

import typer

from commscli.cli.common import IdArg, Text, command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Hand-off id.")]


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id"),
            Col("state", codes="task_state"),
            Col("to_dept", "col.to_dept", codes="dept"),
            Col("due", get=lambda k, lang: k.get("open_due"), time=True),
            Col("text", "col.description", long=True),
            Col("from_dept", "col.from_dept", codes="dept"),
            Col("ticket_id", "col.ticket"),
            Col("asked_at", time=True),
            Col("ask_by", time=True),
            Col("committed_at", time=True),
            Col("will_finish", time=True),
            Col("feedback_at", time=True),
            Col("feedback", long=True),
            Col("office"),
        ],
        ["id", "state", "to_dept", "due", "text"],
    )


def _dept(text: str | None, field: str) -> str:
    from commscli.domain.tasks import DEPT

    return DEPT.parse(text, field)


def _done(env, k: dict, message):
    env.record(k, message, _listing())


@command(app, "new", records=True)
def new(
    env,
    from_: Annotated[str, typer.Option("--from", help="The department asking.")],
    to: Annotated[str, typer.Option("--to", help="The department asked.")],
    text: Annotated[str, typer.Option("--text", help="What is asked.")],
    ask_by: Annotated[str, typer.Option("--ask-by", help="The department asked commits to a time by then.")],
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
):
    """Ask another department for help: it gives a definite commitment by --ask-by, then reports back."""
    from commscli.labels import Msg
    from commscli.services import tasks as svc

    ctx = env.ctx()
    at = env.at()
    data = dict(office=env.office_code(office), from_dept=_dept(from_, "--from"), to_dept=_dept(to, "--to"))
    ask = env.planned_time(ask_by, "--ask-by")
    with env.store.transaction() as store:
        k = svc.new_task(store, ctx, **data, text=text, ask_by=ask, at=at)
    _done(env, k, Msg("msg.task_recorded", id=k["id"]))


@command(app, "commit", records=True)
def commit(
    env,
    task_id: Id,
    will_finish: Annotated[str, typer.Option("--will-finish", help="When the department will have finished.")],
):
    """Record the department's definite commitment; --by names the department asked."""
    from commscli.labels import Msg
    from commscli.services import tasks as svc

    ctx = env.ctx()
    at = env.at()
    dept = _dept(env.by, "--by")
    finish = env.planned_time(will_finish, "--will-finish")
    with env.store.transaction() as store:
        k = svc.commit(store, ctx, task_id, dept, finish, at)
    _done(env, k, Msg("msg.task_recorded", id=k["id"]))


@command(app, "feedback", records=True)
def feedback(
    env,
    task_id: Id,
    from_: Annotated[str, typer.Option("--from", help="The department reporting back.")],
    text: Annotated[str, typer.Option("--text", help="The result it reports.")],
):
    """Record the result the department reports back."""
    from commscli.labels import Msg
    from commscli.services import tasks as svc

    ctx = env.ctx()
    at = env.at()
    dept = _dept(from_, "--from")
    with env.store.transaction() as store:
        k = svc.feedback(store, ctx, task_id, dept, text, at)
    _done(env, k, Msg("msg.task_recorded", id=k["id"]))


@command(app, "list", readonly=True, listing=True)
def list_tasks(
    env,
    all_: Annotated[bool, typer.Option("--all", help="Those reported back too (default: open ones).")] = False,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
):
    """List the hand-offs waiting for a commitment or a result, oldest first (--all: every one)."""
    from commscli.store import tasks as q

    env.rows(q.list_tasks(env.store, open_only=not all_, office=office), _listing())
