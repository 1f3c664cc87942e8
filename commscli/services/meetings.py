"""Meeting steps: record a meeting (with its flags), sign attendance, cancel (SPEC §4)."""

from datetime import date, datetime, time, timedelta

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
    found = rules.flags(kind, starts, ends, sent, ctx.policy, ctx.now)
    due = rules.agenda_due(kind, starts, ctx.policy)
    state = data.get("state") or ("planned" if starts > ctx.now else "held")
    key, replaced = data.get("cadence_key"), None
    if key and q.in_slot(store, office["id"], kind, key):
        raise RuleError(Msg("err.meeting_slot", key=key), "--at", data["starts_at"])
    if not key and kind in rules.types_for(ctx.policy, is_hq(store, ctx.policy, office["id"])):
        slot = rules.slot_for(kind, starts.date(), ctx.policy, ctx.calendar, data.get("dept"))
        holder = q.in_slot(store, office["id"], kind, slot.key) if slot else None
        if slot and holder is None:
            key = slot.key
        elif slot and state == "held" and holder["state"] == "planned" and not q.signed_count(store, holder["id"]):
            key, replaced = slot.key, holder["id"]  # the meeting held takes the place of the one planned
    if state == "held" and kind == "company":
        found += missing_departments(store, ctx, office["id"], starts.date())
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
        # NULL: no lead time, or not sent yet while it still may be
        agenda_on_time=None if due is None or (sent is None and due > ctx.now) else int(bool(sent) and sent <= due),
        state=state,
        cadence_key=None if replaced else key,  # taken once the planned one is cancelled (below)
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
    if replaced:
        cancel(store, ctx, replaced, str(Msg("reason.meeting_replaced", id=mid)), ctx.recorded_at)
        q.update(store, "meetings", mid, {"cadence_key": key})
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


def hq_office_id(store, policy):
    """The office that keeps the company's own meetings: the policy's meeting_hq_office, else the first one."""
    if policy.meeting_hq_office:
        oid = registry.office_ids(store).get(policy.meeting_hq_office)
        if oid is None:
            from commscli.errors import PolicyError

            raise PolicyError(Msg("err.no_such_office"), "meeting_hq_office", policy.meeting_hq_office)
        return oid
    return q.first_office_id(store)


def is_hq(store, policy, office_id: int) -> bool:
    return hq_office_id(store, policy) == office_id


def _day_bounds(first: date, last: date, tz) -> tuple[str, str]:
    from commscli.clock import fmt

    return fmt(datetime.combine(first, time(), tzinfo=tz)), fmt(
        datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)
    )


def missing_departments(store, ctx, office_id: int, company_day: date) -> list:
    """The departments of the policy with no meeting (not cancelled) in the days before a company meeting on
    ``company_day`` (003 篇2 §4.1.2): one flag each."""
    if "dept" not in ctx.policy.meeting_cadence_types or not is_hq(store, ctx.policy, office_id):
        return []  # the departments meet where the company's meetings are kept
    first, last = rules.dept_window(company_day, ctx.policy, ctx.calendar)
    start, end = _day_bounds(first, last, ctx.now.tzinfo)
    return [
        rules.Flag("meeting_departments", "--dept", d, None)
        for d in ctx.policy.meeting_departments
        if q.filling(store, office_id, "dept", d, start, end, f"dept:{d}:-") is None
    ]


def plan(store, ctx, start: date, end: date, office: str | None = None) -> list[dict]:
    """The meetings the cadences require with their day in [start, end], per office (the company's own types at
    the office that keeps them), each with the meeting that fills it (held or planned) or none."""
    from commscli.clock import fmt

    tz = ctx.now.tzinfo
    if office and office not in registry.office_ids(store):
        from commscli.errors import NotFound

        raise NotFound(Msg("err.no_such_office"), "--office", office)
    hq = hq_office_id(store, ctx.policy)
    rows = []
    for o in registry.offices(store):
        if office and o["code"] != office:
            continue
        for kind in rules.types_for(ctx.policy, o["id"] == hq):
            for s in rules.slots(kind, start, end, ctx.policy, ctx.calendar):
                lo, hi = _day_bounds(s.first, s.last, tz)
                m = q.filling(store, o["id"], kind, s.dept, lo, hi, s.key)
                rows.append(
                    {
                        "office": o["code"],
                        "type": kind,
                        "dept": s.dept,
                        "key": s.key,
                        "first": s.first.isoformat(),
                        "last": s.last.isoformat(),
                        "starts_at": fmt(datetime.combine(s.on, s.start, tzinfo=tz)) if s.on else None,
                        "ends_at": fmt(datetime.combine(s.on, s.end, tzinfo=tz)) if s.on else None,
                        "due": fmt(datetime.combine(s.last, time(23, 59, 59), tzinfo=tz)),
                        "meeting": m["id"] if m else None,
                        "state": m["state"] if m else "missing",
                    }
                )
    rows.sort(
        key=lambda r: (r["starts_at"] or r["due"], r["office"], list(rules.CADENCED).index(r["type"]), r["dept"] or "")
    )
    return rows


def save_plan(store, ctx, rows: list[dict]) -> list[int]:
    """Store as planned each required meeting that nothing fills yet and that has a day (the board's half year
    has none: record it with `meeting new`)."""
    ids = []
    for r in rows:
        if r["meeting"] is None and r["starts_at"]:
            data = {k: r[k] for k in ("office", "type", "dept", "starts_at", "ends_at")}
            mid = new_meeting(store, ctx, {**data, "state": "planned", "cadence_key": r["key"]})
            r["meeting"], r["state"] = mid, "planned"
            ids.append(mid)
    return ids


def attend(store, ctx, meeting_id: int, who: str, at: str) -> dict:
    """Sign a registered staff member in (签到) at ``at``: on the meeting's day, not after its end, once. One not
    asked beforehand is added. A planned meeting is held from its first signature."""
    m = q.meeting(store, meeting_id)
    if m["state"] == "cancelled":
        raise RuleError(Msg("err.meeting_cancelled", at=m["cancelled_at"]), "ID", meeting_id)
    s = staff(store, who, m["office_id"], "--staff")
    if at[:10] < m["starts_at"][:10] or at > m["ends_at"]:
        raise RuleError(Msg("err.meeting_sign_time", start=m["starts_at"][:10], end=m["ends_at"]), "--at", at)
    row = q.attendee(store, meeting_id, s["id"])
    if row and row["signed_at"]:
        raise RuleError(Msg("err.meeting_signed", at=row["signed_at"]), "--staff", who)
    if row:
        q.update(store, "meeting_attendance", row["id"], {"signed_at": at})
    else:
        q.insert(
            store,
            "meeting_attendance",
            {"meeting_id": meeting_id, "staff_id": s["id"], "invited": 0, "signed_at": at,
             "created_at": ctx.recorded_at, "created_by": ctx.by},
        )  # fmt: skip
    records.log(store, ctx, "meetings", meeting_id, "attend", at, after={"staff": s["name"], "signed_at": at})
    if m["state"] == "planned":
        changes = {"state": "held"}
        extra = []
        if m["agenda_due"] and not m["agenda_sent_at"] and m["agenda_on_time"] is None:  # never sent
            extra.append(rules.Flag(rules.AGENDA_DAYS[m["type"]], "--agenda-sent-at", m["agenda_due"], None))
            changes["agenda_on_time"] = 0
        if m["type"] == "company":
            extra += missing_departments(store, ctx, m["office_id"], _dt(m["starts_at"]).date())
        if extra:
            flags = [*m["flags"], *(f.to_dict() for f in extra)]
            changes |= {"flags": records.dump(flags), "flagged": 1}
        q.update(store, "meetings", meeting_id, changes)
        records.log(
            store, ctx, "meetings", meeting_id, "hold", at, before={"state": "planned"}, after={"state": "held"}
        )
    return s


def cancel(store, ctx, meeting_id: int, reason: str, at: str):
    """Cancel a meeting with its reason (never deleted); its cadence slot is free again."""
    from commscli.services import required_reason

    reason = required_reason(reason)
    m = q.meeting(store, meeting_id)
    if m["state"] == "cancelled":
        raise RuleError(Msg("err.meeting_cancelled", at=m["cancelled_at"]), "ID", meeting_id)
    q.update(store, "meetings", meeting_id, {"state": "cancelled", "cancelled_at": at, "cancel_reason": reason})
    records.log(
        store, ctx, "meetings", meeting_id, "cancel", at, before={"state": m["state"]}, after={"state": "cancelled"},
        reason=reason,
    )  # fmt: skip
