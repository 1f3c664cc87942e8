"""Meeting steps: record a meeting (with its flags), sign attendance, cancel (SPEC §4)."""

from datetime import datetime

from commscli.domain import meetings as rules
from commscli.errors import InputError, RuleError
from commscli.labels import Msg
from commscli.store import meetings as q
from commscli.store import records, registry


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def staff(store, name, office_id: int, field: str) -> dict:
    """A registered, active staff member by name (or ``#id``): of the meeting's office first, else the one
    of that name in another office (company meetings gather several offices). Unknown or ambiguous: refused,
    naming it."""
    text = str(name or "").strip()
    if text.startswith("#") and text[1:].isdigit():
        row = q.staff_by_id(store, int(text[1:]))
        if row is None:
            raise InputError(Msg("err.meeting_no_staff"), field, name)
        return row
    found = q.staff_named(store, text)
    own = [s for s in found if s["office_id"] == office_id]
    if own:
        return own[0]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(Msg("err.meeting_no_staff"), field, name)
    raise InputError(Msg("err.meeting_staff_ambiguous", offices=", ".join(s["office"] for s in found)), field, name)


def new_meeting(store, ctx, data: dict) -> int:
    """Record a meeting. ``data``: office, type, starts_at, ends_at; dept (a department meeting); optional title, place, chair, minute_taker,
    attendees (names), agenda (text), agenda_sent_at, cadence_key, state (default: planned when it starts after
    now, else held). The agenda lead time and the length are flagged, not refused; the people named must be
    registered staff."""
    office = registry.office_by_code(store, data["office"])
    kind = data["type"]
    starts, ends = _dt(data["starts_at"]), _dt(data["ends_at"])
    if ends <= starts:
        raise InputError(Msg("err.meeting_ends"), "--ends-at", data["ends_at"])
    if kind == "dept" and not data.get("dept"):
        raise InputError(Msg("err.meeting_dept"), "--dept", None)
    if data.get("dept") and kind != "dept":
        raise InputError(Msg("err.meeting_dept_only"), "--dept", data["dept"])
    chair = staff(store, data["chair"], office["id"], "--chair") if data.get("chair") else None
    taker = staff(store, data["minute_taker"], office["id"], "--minute-taker") if data.get("minute_taker") else None
    people = []
    for name in data.get("attendees") or ():
        s = staff(store, name, office["id"], "--attendee")
        if s["id"] not in {p["id"] for p in people}:
            people.append(s)
    if chair and chair["id"] not in {p["id"] for p in people}:
        people.insert(0, chair)
    sent = _dt(data.get("agenda_sent_at"))
    if sent and sent > starts:
        raise InputError(Msg("err.meeting_agenda_after"), "--agenda-sent-at", data["agenda_sent_at"])
    found = rules.flags(kind, starts, ends, sent, ctx.policy)
    due = rules.agenda_due(kind, starts, ctx.policy)
    state = data.get("state") or ("planned" if starts > ctx.now else "held")
    key = data.get("cadence_key")
    if key and q.in_slot(store, office["id"], kind, key):
        raise RuleError(Msg("err.meeting_slot", key=key), "--at", data["starts_at"])
    row = dict(
        office_id=office["id"],
        type=kind,
        dept=data.get("dept"),
        title=data.get("title"),
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data.get("place"),
        chair_id=chair["id"] if chair else None,
        minute_taker_id=taker["id"] if taker else None,
        agenda=data.get("agenda"),
        agenda_sent_at=data.get("agenda_sent_at"),
        agenda_due=rules.text(due) if due else None,
        agenda_on_time=None if due is None else int(sent is not None and sent <= due),
        state=state,
        cadence_key=key,
        flags=records.dump([f.to_dict() for f in found]),
        flagged=int(bool(found)),
        rules=records.dump({k: getattr(ctx.policy, k) for k in rules.rules_used(kind)}),
        minutes_due=rules.text(rules.minutes_due(starts, ctx.policy).replace(tzinfo=starts.tzinfo)),
        needs_approval=int(kind in rules.NEEDS_APPROVAL),
        created_at=ctx.recorded_at,
        created_by=ctx.by,
    )
    mid = q.insert(store, "meetings", row)
    after = {k: v for k, v in row.items() if k not in ("created_at", "created_by") and v is not None}
    after["flags"], after["rules"] = (
        [f.to_dict() for f in found],
        {k: getattr(ctx.policy, k) for k in rules.rules_used(kind)},
    )
    after["attendees"] = [p["name"] for p in people]
    records.log(store, ctx, "meetings", mid, "create", ctx.recorded_at, after=after)
    for p in people:
        q.insert(
            store,
            "meeting_attendance",
            {"meeting_id": mid, "staff_id": p["id"], "invited": 1, "created_at": ctx.recorded_at, "created_by": ctx.by},
        )
    return mid


def details(store, meeting_id: int) -> dict:
    from commscli.services import history

    return {
        "meeting": q.meeting(store, meeting_id),
        "attendance": q.attendance(store, meeting_id),
        "minutes": q.minutes(store, meeting_id),
        "topics": q.topics(store, meeting_id),
        "speakers": q.speakers(store, meeting_id),
        "resolutions": q.resolutions(store, meeting_id),
        "distributions": q.distributions(store, meeting_id),
        "approvals": q.approvals(store, meeting_id),
        "events": history(store, "meetings", meeting_id),
    }
