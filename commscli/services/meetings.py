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


def timing(ctx, kind: str, starts, sent) -> dict:
    """The columns a meeting stores of its deadlines, at the desk and on import alike: the agenda's deadline and
    whether it went out on time (NULL: no lead time, or not sent yet while it still may be), the minutes'
    deadline, whether its minutes need approval, and the policy values they were worked out with."""
    due = rules.agenda_due(kind, starts, ctx.policy)
    return dict(
        agenda_due=rules.text(due) if due else None,
        agenda_on_time=None if due is None or (sent is None and due > ctx.now) else int(bool(sent) and sent <= due),
        rules=records.dump({k: getattr(ctx.policy, k) for k in rules.rules_used(kind)}),
        minutes_due=rules.text(rules.minutes_due(starts, ctx.policy).replace(tzinfo=starts.tzinfo)),
        needs_approval=int(kind in rules.NEEDS_APPROVAL),
    )


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
    state = data.get("state") or ("planned" if starts > ctx.now else "held")
    key, replaced = data.get("cadence_key"), None
    if key and q.in_slot(store, office["id"], kind, key):
        raise RuleError(Msg("err.meeting_slot", key=key), "--at", data["starts_at"])
    types, runs = cadence(store, ctx.policy, office["id"], is_hq(store, ctx.policy, office["id"]))
    if not key and kind in types:
        slot = rules.slot_for(kind, starts.date(), ctx.policy, ctx.calendar, data.get("dept"), runs)
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
        **timing(ctx, kind, starts, sent),
        state=state,
        cadence_key=None if replaced else key,  # taken once the planned one is cancelled (below)
        flags=records.dump([f.to_dict() for f in found]),
        flagged=int(bool(found)),
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
    """The meeting with who was asked and signed in, its minutes (and their number), topics, speakers,
    resolutions, distributions, approvals and history."""
    from commscli.services import history
    from commscli.store import forms

    return {
        "meeting": q.meeting(store, meeting_id),
        "number": forms.number(store, "minutes", "meetings", meeting_id),
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


def stop_runs(store, office_id: int) -> list[tuple[date, date]]:
    """The spans of days the office's STOP programme runs: each year's plan from its start to the year's end."""
    from commscli.store import stop as sq

    return [(date.fromisoformat(p["starts"]), date(p["year"], 12, 31)) for p in sq.plans_of(store, office_id)]


def cadence(store, policy, office_id: int, hq: bool) -> tuple[list[str], list]:
    """The cadenced types an office keeps and the spans its STOP programme runs (for the weekly analysis)."""
    runs = stop_runs(store, office_id)
    return rules.types_for(policy, hq, bool(runs)), runs


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
        types, runs = cadence(store, ctx.policy, o["id"], o["id"] == hq)
        for kind in types:
            for s in rules.slots(kind, start, end, ctx.policy, ctx.calendar, runs):
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


# --- minutes, distribution, approval, forms, calendar (MEET2) ----------------------------------------------


def _open_meeting(store, meeting_id: int) -> dict:
    m = q.meeting(store, meeting_id)
    if m["state"] == "cancelled":
        raise RuleError(Msg("err.meeting_cancelled", at=m["cancelled_at"]), "ID", meeting_id)
    return m


def record_minutes(store, ctx, meeting_id: int, data: dict, at: str) -> dict:
    """Record the minutes (000 §七 7; SPEC §4): the minute-taker, the text (``body``) and/or ``topics``,
    ``speakers`` [(name, minutes)] (outside 5–8 minutes flagged), ``resolutions`` [(text, owner, due date)],
    each with a registered owner and a due date on or after the meeting's day (a board's are motions). Once
    per meeting: minutes are never replaced or deleted. A planned meeting minuted becomes held. The minutes
    (会议纪要) get their number here."""
    from commscli.domain import resolutions as rr
    from commscli.services import number_form

    m = _open_meeting(store, meeting_id)
    if q.minutes(store, meeting_id):
        raise RuleError(Msg("err.meeting_minuted"), "ID", meeting_id)
    if not (data.get("body") or data.get("topics")):
        raise InputError(Msg("err.meeting_minutes_empty"), "--file/--topic", None)
    if _dt(at) < _dt(m["starts_at"]):
        raise RuleError(Msg("err.meeting_minutes_before", starts=m["starts_at"]), "--at", at)
    office_id = m["office_id"]
    if data.get("taker"):
        taker = staff(store, data["taker"], office_id, "--taker")
    elif m["minute_taker_id"]:
        taker = q.staff_by_id(store, m["minute_taker_id"]) or {"id": m["minute_taker_id"], "name": m["minute_taker"]}
    else:
        raise InputError(Msg("err.meeting_no_taker"), "--taker", None)
    day = m["starts_at"][:10]
    resolutions = []
    for text, owner, due in data.get("resolutions") or ():
        person = staff(store, owner, office_id, "--resolution")
        if due.isoformat() < day:
            raise InputError(Msg("err.resolution_due_before", day=day), "--resolution", f"{text}|{owner}|{due}")
        resolutions.append((text, person, due.isoformat()))
    speakers = []
    for name, minutes in data.get("speakers") or ():
        found = q.staff_named(store, name)
        speakers.append(
            {
                "name": name,
                "staff_id": found[0]["id"] if len(found) == 1 else None,
                "minutes": minutes,
                "flagged": int(rules.speaker_flagged(minutes, ctx.policy)),
            }
        )
    q.insert(
        store,
        "meeting_minutes",
        {
            "meeting_id": meeting_id,
            "taker_id": taker["id"],
            "body": data.get("body"),
            "recorded_at": at,
            "created_at": ctx.recorded_at,
            "created_by": ctx.by,
        },
    )
    for seq, text in enumerate(data.get("topics") or (), 1):
        q.insert(store, "meeting_topics", {"meeting_id": meeting_id, "seq": seq, "text": text})
    for s in speakers:
        q.insert(store, "meeting_speakers", {"meeting_id": meeting_id, **s})
    change = {"minutes_at": at}
    if not m["minute_taker_id"]:
        change["minute_taker_id"] = taker["id"]
    if m["state"] == "planned":
        change["state"] = "held"
    q.update(store, "meetings", meeting_id, change)
    kind = rr.kind_for(m["type"])
    ids = []
    for text, person, due in resolutions:
        rid = q.insert(
            store,
            "meeting_resolutions",
            {
                "meeting_id": meeting_id,
                "office_id": office_id,
                "kind": kind,
                "text": text,
                "owner_id": person["id"],
                "due_on": due,
                "opened_at": m["starts_at"],
                "needs_report_back": int(rr.needs_report_back(m["type"])),
                "created_at": ctx.recorded_at,
                "created_by": ctx.by,
            },
        )
        ids.append(rid)
        records.log(
            store,
            ctx,
            "meeting_resolutions",
            rid,
            "create",
            at,
            after={"meeting_id": meeting_id, "kind": kind, "text": text, "owner": person["name"], "due_on": due},
        )
    records.log(
        store,
        ctx,
        "meetings",
        meeting_id,
        "minutes",
        at,
        after={
            "taker": taker["name"],
            "topics": len(data.get("topics") or ()),
            "speakers_flagged": [s["name"] for s in speakers if s["flagged"]],
            "resolutions": ids,
            **({"state": "held"} if m["state"] == "planned" else {}),
        },
    )
    number = number_form(store, ctx, office_id, "minutes", "meetings", meeting_id, at)  # 会议纪要
    return {
        "meeting_id": meeting_id,
        "number": number,
        "resolutions": ids,
        "speakers_flagged": [s["name"] for s in speakers if s["flagged"]],
    }


def distribute(store, ctx, meeting_id: int, to: list | None, at: str) -> dict:
    """The minutes went to ``to`` (staff names; default every attendee not sent them yet). Past the minutes'
    deadline (23:59:59 of the third calendar day after the meeting's day, SPEC §8) each is marked late."""
    m = _open_meeting(store, meeting_id)
    if not m["minutes_at"]:
        raise RuleError(Msg("err.meeting_no_minutes"), "ID", meeting_id)
    if _dt(at) < _dt(m["minutes_at"]):
        raise RuleError(Msg("err.meeting_distribute_before", at=m["minutes_at"]), "--at", at)
    sent = {d["staff_id"] for d in q.distributions(store, meeting_id)}
    if to:
        people = []
        for name in to:
            s = staff(store, name, m["office_id"], "--to")
            if s["id"] not in sent and s["id"] not in {p["id"] for p in people}:
                people.append(s)
    else:
        people = [{"id": a["staff_id"], "name": a["name"]} for a in q.attendance(store, meeting_id)]
        people = [p for p in people if p["id"] not in sent]
    if not people:
        raise RuleError(Msg("err.meeting_distributed_all"), "--to" if to else "ID", to[0] if to else meeting_id)
    late = rules.distribution_late(_dt(at), _dt(m["minutes_due"]))
    for p in people:
        q.insert(
            store,
            "meeting_distributions",
            {"meeting_id": meeting_id, "staff_id": p["id"], "at": at, "late": int(late), "created_by": ctx.by},
        )
    if not m["distributed_at"]:
        q.update(store, "meetings", meeting_id, {"distributed_at": at})
    records.log(
        store,
        ctx,
        "meetings",
        meeting_id,
        "distribute",
        at,
        after={"to": [p["name"] for p in people], "late": late, "due": m["minutes_due"]},
    )
    return {"meeting_id": meeting_id, "to": [p["name"] for p in people], "late": late, "due": m["minutes_due"]}


def approve(store, ctx, meeting_id: int, by: str, at: str) -> dict:
    """The president's office approved the conclusions of a 部门间交流会 or 主任论坛 (000 §七 C, D): ``by`` is
    the approver (registered staff), who acts."""
    m = _open_meeting(store, meeting_id)
    if not m["needs_approval"]:
        raise RuleError(Msg("err.meeting_no_approval"), "ID", meeting_id)
    if m["approved_at"]:
        raise RuleError(Msg("err.meeting_approved", at=m["approved_at"]), "ID", meeting_id)
    if not m["minutes_at"]:
        raise RuleError(Msg("err.meeting_no_minutes"), "ID", meeting_id)
    if _dt(at) < _dt(m["minutes_at"]):
        raise RuleError(Msg("err.meeting_distribute_before", at=m["minutes_at"]), "--at", at)
    person = staff(store, by, m["office_id"], "--by")
    q.insert(
        store, "meeting_approvals", {"meeting_id": meeting_id, "by_id": person["id"], "at": at, "created_by": ctx.by}
    )
    q.update(store, "meetings", meeting_id, {"approved_at": at})
    records.log(store, ctx, "meetings", meeting_id, "approve", at, after={"by": person["name"]})
    return {"meeting_id": meeting_id, "by": person["name"], "at": at}


def form_data(store, meeting_id: int, show_personal: bool = False) -> dict:
    """What the 会议纪要 and the 签到表 show: the meeting, its office, the minutes (taker, text, topics,
    speakers), resolutions, distributions, approval, the sign-in rows and the minutes' number (the sign-in
    sheet is filed with the minutes and carries their number; before the minutes it has none)."""
    from commscli.store import forms

    m = q.meeting(store, meeting_id)
    office = registry.office(store, m["office_id"])
    return {
        "meeting": m,
        "office": {k: office.get(k) for k in ("code", "name")},
        "minutes": q.minutes(store, meeting_id),
        "topics": q.topics(store, meeting_id),
        "speakers": q.speakers(store, meeting_id),
        "resolutions": q.resolutions(store, meeting_id),
        "distributions": q.distributions(store, meeting_id),
        "approvals": q.approvals(store, meeting_id),
        "attendance": q.attendance(store, meeting_id),
        "number": forms.number(store, "minutes", "meetings", meeting_id),
    }


def ics(store, start: str, end: str, tz: str, office=None, lang: str = "zh") -> bytes:
    """Planned and held meetings starting in [start, end) as an iCalendar file (RFC 5545, the ``icalendar``
    package): one VEVENT each, UID stable per meeting, times in the office zone (TZID, with its VTIMEZONE)."""
    from zoneinfo import ZoneInfo

    import icalendar

    from commscli.labels import label

    zone = ZoneInfo(tz)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//commscli//meetings//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", tz)
    for m in q.calendar_between(store, start, end, office):
        ev = icalendar.Event()
        kind = label(f"meeting_type.{m['type']}", lang)
        ev.add("uid", f"meeting-{m['id']}-{m['office']}@commscli")
        ev.add("summary", m["title"] or kind)
        ev.add("dtstart", _dt(m["starts_at"]).astimezone(zone))
        ev.add("dtend", _dt(m["ends_at"]).astimezone(zone))
        ev.add("dtstamp", _dt(m["created_at"]).astimezone(ZoneInfo("UTC")))
        if m["place"]:
            ev.add("location", m["place"])
        ev.add("status", "TENTATIVE" if m["state"] == "planned" else "CONFIRMED")
        ev.add("categories", [kind])
        ev.add("description", " · ".join(x for x in (kind, m["office_name"], m["chair"]) if x))
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()
