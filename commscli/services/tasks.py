"""Hand-offs (转呈与协办): ask a department, record its commitment and its feedback. A ticket's transfer goes
through these too (services.tickets.transfer / commit / feedback)."""

from commscli.domain import tasks as rules
from commscli.store import records, registry
from commscli.store import tasks as q


def new_task(
    store, ctx, *, office: str, from_dept: str, to_dept: str, text: str, ask_by: str, at: str, ticket_id=None
) -> dict:
    o = registry.office_by_code(store, office)
    text = rules.check_new(from_dept, to_dept, text, ask_by, at)
    row = dict(
        office_id=o["id"],
        ticket_id=ticket_id,
        from_dept=from_dept,
        to_dept=to_dept,
        text=text,
        asked_at=at,
        ask_by=ask_by,
        state="asked",
        created_at=at,
        created_by=ctx.by,
    )
    row["open_due"] = rules.open_due(row)
    tid = q.insert_task(store, row)
    records.log(
        store,
        ctx,
        "tasks",
        tid,
        "create",
        at,
        after={k: row[k] for k in ("ticket_id", "from_dept", "to_dept", "ask_by") if row[k] is not None},
    )
    return q.task(store, tid)


def _apply(store, ctx, t: dict, action: str, at: str, changes: dict) -> dict:
    changes["open_due"] = rules.open_due({**t, **changes})
    q.update_task(store, t["id"], changes)
    records.log(store, ctx, "tasks", t["id"], action, at, before={"state": t["state"]}, after=changes)
    return q.task(store, t["id"])


def commit(store, ctx, task_id, dept: str, will_finish: str, at: str, t: dict | None = None) -> dict:
    """The department asked gives a definite time it will finish by."""
    t = t or q.task(store, task_id)
    rules.check_commit(t, dept, will_finish, at)
    return _apply(store, ctx, t, "commit", at, {"state": "committed", "committed_at": at, "will_finish": will_finish})


def feedback(store, ctx, task_id, dept: str, text: str, at: str, t: dict | None = None) -> dict:
    """The department reports the result back."""
    t = t or q.task(store, task_id)
    text = rules.check_feedback(t, dept, text, at)
    return _apply(store, ctx, t, "feedback", at, {"state": "done", "feedback_at": at, "feedback": text})
