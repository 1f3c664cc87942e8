"""Resolution steps: the owner's action plan, progress, done, the report back to the owners' committee
(SPEC §4; 000 §七 6 and 8; 004 篇2)."""

from datetime import datetime

from commscli.errors import InputError, RuleError
from commscli.labels import Msg
from commscli.store import meetings as mq
from commscli.store import records
from commscli.store import resolutions as q


def _open(store, resolution_id: int) -> dict:
    r = mq.resolution(store, resolution_id)
    if r["done_at"]:
        raise RuleError(Msg("err.resolution_done", at=r["done_at"]), "ID", resolution_id)
    return r


def _not_before_meeting(r: dict, at: str, field: str = "--at"):
    if datetime.fromisoformat(at) < datetime.fromisoformat(r["opened_at"]):
        raise RuleError(Msg("err.resolution_before", at=r["opened_at"]), field, at)


def _text(text, field: str) -> str:
    if not (text or "").strip():
        raise InputError(Msg("err.required"), field, text or "")
    return text.strip()


def plan(store, ctx, resolution_id: int, text: str, at: str) -> dict:
    """The owner's action plan (行动计划, 000 §七 6), once; later news goes in as progress."""
    r = _open(store, resolution_id)
    if r["plan_at"]:
        raise RuleError(Msg("err.resolution_planned", at=r["plan_at"]), "ID", resolution_id)
    _not_before_meeting(r, at)
    text = _text(text, "--text")
    q.update(store, "meeting_resolutions", resolution_id, {"plan": text, "plan_at": at})
    records.log(store, ctx, "meeting_resolutions", resolution_id, "plan", at, after={"plan": text})
    return mq.resolution(store, resolution_id)


def update(store, ctx, resolution_id: int, text: str, at: str) -> dict:
    """Progress followed up (000 §七 8: 追踪会后各项决议的行动及结果)."""
    r = _open(store, resolution_id)
    _not_before_meeting(r, at)
    text = _text(text, "--progress")
    q.insert(store, "meeting_progress", {"resolution_id": resolution_id, "at": at, "text": text, "created_by": ctx.by})
    records.log(store, ctx, "meeting_resolutions", resolution_id, "progress", at, after={"progress": text})
    return mq.resolution(store, resolution_id)


def done(store, ctx, resolution_id: int, at: str) -> dict:
    r = _open(store, resolution_id)
    _not_before_meeting(r, at)
    q.update(store, "meeting_resolutions", resolution_id, {"done_at": at})
    late = at[:10] > r["due_on"]
    records.log(store, ctx, "meeting_resolutions", resolution_id, "done", at, after={"late": late})
    return mq.resolution(store, resolution_id)


def report_back(store, ctx, resolution_id: int, at: str) -> dict:
    """An improvement promised to the owners' committee was reported back to it (once)."""
    r = mq.resolution(store, resolution_id)
    if not r["needs_report_back"]:
        raise RuleError(Msg("err.resolution_no_report_back"), "ID", resolution_id)
    if r["report_back_at"]:
        raise RuleError(Msg("err.resolution_reported", at=r["report_back_at"]), "ID", resolution_id)
    _not_before_meeting(r, at)
    q.update(store, "meeting_resolutions", resolution_id, {"report_back_at": at})
    records.log(store, ctx, "meeting_resolutions", resolution_id, "report_back", at, after={"done": bool(r["done_at"])})
    return mq.resolution(store, resolution_id)


def listing(store, *, office=None, which: str | None = None, owner=None, today=None) -> list[dict]:
    """``which``: None (all), ``open`` (not done) or ``overdue`` (not done, due before ``today``); ``owner``: a
    staff name or #id (refused when not registered). Each row with its state (open, overdue, done)."""
    from commscli.domain import resolutions as rules

    owner_id = None
    if owner:
        from commscli.services.meetings import staff

        owner_id = staff(store, owner, 0, "--owner")["id"]
    rows = q.list_resolutions(
        store,
        office=office,
        open_only=which == "open",
        due_before=today.isoformat() if which == "overdue" else None,
        owner_id=owner_id,
    )
    return [{**r, "state": rules.state(r, today)} for r in rows]


def details(store, resolution_id: int) -> dict:
    from commscli.services import history

    return {
        "resolution": mq.resolution(store, resolution_id),
        "progress": mq.progress(store, resolution_id),
        "events": history(store, "meeting_resolutions", resolution_id),
    }
