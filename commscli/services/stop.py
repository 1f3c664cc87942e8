"""STOP steps: the year's plan, a card, the weekly analysis (measures, training), the monthly summary sent up
the line, awards, deviations; and the quota slots (5.4.1) that reports and `report due` read.

Every person named is a registered staff member of the office, resolved to their record. Nothing here
ever records or returns an observed person (004 篇3 §4.5.3, 4.7.5)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from commscli import clock
from commscli.domain import stop as rules
from commscli.errors import InputError, NotFound, RuleError
from commscli.labels import Msg
from commscli.services import number_form
from commscli.store import records, registry
from commscli.store import stop as q


def person(store, office_id: int, name: str, field: str) -> dict:
    """An active staff member of the office by name; refused naming the field and the name."""
    row = q.staff_by_name(store, office_id, (name or "").strip())
    if row is None or not row["active"]:
        office = registry.office(store, office_id)
        raise InputError(Msg("err.not_staff", office=office["code"]), field, name)
    return row


def recorder(store, ctx, office_id: int) -> dict:
    """Who records a STOP step (--by) is a registered staff member of the office (issue 14)."""
    return person(store, office_id, ctx.by, "--by")


def the_plan(store, office_id: int, year: int, field: str = "--at") -> dict:
    p = q.plan(store, office_id, year)
    if p is None:
        raise RuleError(Msg("err.stop_no_plan", year=year), field, year)
    return p


def make_plan(store, ctx, office_code: str, year: int, teams: list, crews: list, at: str) -> int:
    """Record the year's plan (4.1): observation teams with their areas, crews with their shifts. An area
    belongs to one team; names are unique; every person is an active staff member. One plan a year."""
    office = registry.office_by_code(store, office_code)
    recorder(store, ctx, office["id"])
    if q.plan(store, office["id"], year):
        raise RuleError(Msg("err.stop_plan_exists", year=year), "--year", year)
    if not teams:
        raise InputError(Msg("err.stop_no_team"), "--team", None)
    seen_areas, seen_names = {}, set()
    for u in [*teams, *crews]:
        field = f"--{u.kind}"
        if (u.kind, u.name) in seen_names:
            raise InputError(Msg("err.stop_unit_twice"), field, u.name)
        seen_names.add((u.kind, u.name))
        for area in u.areas:
            if area in seen_areas:
                raise InputError(Msg("err.stop_area_twice", team=seen_areas[area]), field, area)
            seen_areas[area] = u.name
        for name in u.people:
            person(store, office["id"], name, field)
    day = datetime.fromisoformat(at).date()
    starts = max(date(year, 1, 1), day) if day.year == year else date(year, 1, 1)
    pid = q.insert(
        store,
        "stop_plans",
        {
            "office_id": office["id"],
            "year": year,
            "starts": starts.isoformat(),
            "created_at": ctx.recorded_at,
            "created_by": ctx.by,
        },
    )
    for u in [*teams, *crews]:
        uid = q.insert(
            store,
            "stop_units",
            {
                "plan_id": pid,
                "kind": u.kind,
                "name": u.name,
                "shift_start": u.shift[0] if u.shift else None,
                "shift_end": u.shift[1] if u.shift else None,
            },
        )
        for i, name in enumerate(u.people):
            sid = person(store, office["id"], name, f"--{u.kind}")["id"]
            q.insert(store, "stop_unit_members", {"unit_id": uid, "staff_id": sid, "leader": int(i == 0)})
        for area in u.areas:
            q.insert(store, "stop_areas", {"plan_id": pid, "area": area, "unit_id": uid})
    after = {
        "year": year,
        "starts": starts.isoformat(),
        "teams": [
            {"name": u.name, "leader": u.leader, "members": list(u.members), "areas": list(u.areas)} for u in teams
        ],
        "crews": [
            {
                "name": u.name,
                "shift": f"{u.shift[0]:02d}-{u.shift[1]:02d}",
                "leader": u.leader,
                "members": list(u.members),
            }
            for u in crews
        ],
    }
    records.log(store, ctx, "stop_plans", pid, "create", at, after=after)
    return pid


def plan_details(store, office_code: str, year: int) -> dict:
    office = registry.office_by_code(store, office_code)
    p = q.plan(store, office["id"], year)
    if p is None:
        raise NotFound(Msg("err.stop_no_plan", year=year), "--year", year)
    units = q.plan_units(store, p["id"])
    return {
        "office": office["code"],
        "year": year,
        "starts": p["starts"],
        "teams": [
            {"name": u["name"], "leader": u["leader"], "members": u["members"], "areas": u["areas"]}
            for u in units
            if u["kind"] == "team"
        ],
        "crews": [
            {"name": u["name"], "shift": u["shift"], "leader": u["leader"], "members": u["members"]}
            for u in units
            if u["kind"] == "crew"
        ],
    }


def record_card(store, ctx, data: dict) -> int:
    """A card (附录A): office, area, observers (names), at, planned, category, safe, actions, seconds, note.
    The area is one of the year's plan; the observers are active staff (a planned card: a team of 2–3);
    at least 30 s; the note may not hold a registered staff member's name (the card never names the
    observed person). Each observer row carries the crew shift it fills."""
    office = registry.office_by_code(store, data["office"])
    recorder(store, ctx, office["id"])
    at = data["at"]
    when = datetime.fromisoformat(at)
    p = the_plan(store, office["id"], when.year)
    areas = q.plan_areas(store, p["id"])
    if data["area"] not in areas:
        raise InputError(Msg("err.stop_area", areas="、".join(areas)), "--area", data["area"])
    names = list(dict.fromkeys(n.strip() for n in data["observers"] if n and n.strip()))
    if not names:
        raise InputError(Msg("err.required"), "--observer", None)
    observers = [person(store, office["id"], n, "--observer") for n in names]
    rules.check_card(planned=data["planned"], observers=len(observers), seconds=data["seconds"], policy=ctx.policy)
    if not data["actions"]:
        raise InputError(Msg("err.required"), "--action", None)
    note = data.get("note") or None
    if note:
        found = rules.named_in(note, q.staff_names_all(store, office["id"]))
        if found:
            raise RuleError(Msg("err.stop_note_name"), "--note", note)
    actions = list(dict.fromkeys(data["actions"]))
    cid = q.insert(
        store,
        "stop_cards",
        {
            "office_id": office["id"],
            "at": at,
            "week": rules.week_of(when.date()),
            "area": data["area"],
            "planned": int(data["planned"]),
            "category": data["category"],
            "safe": int(data["safe"]),
            "actions": records.dump(actions),
            "seconds": data["seconds"],
            "note": note,
            "created_at": ctx.recorded_at,
            "created_by": ctx.by,
        },
    )
    for o in observers:
        unit = day = None
        leader = 0
        for c in q.crews_of(store, p["id"], o["id"]):
            d = rules.shift_day(when, (c["shift_start"], c["shift_end"]))
            if d is not None:
                unit, day, leader = c["id"], d.isoformat(), c["leader"]
                break
        q.insert(
            store,
            "stop_card_observers",
            {
                "card_id": cid,
                "staff_id": o["id"],
                "office_id": office["id"],
                "at": at,
                "planned": int(data["planned"]),
                "unit_id": unit,
                "shift_day": day,
                "leader": leader,
            },
        )
    after = {
        "area": data["area"],
        "observers": names,
        "planned": bool(data["planned"]),
        "category": data["category"],
        "safe": bool(data["safe"]),
        "actions": actions,
        "seconds": data["seconds"],
    }
    records.log(store, ctx, "stop_cards", cid, "create", at, after=after)
    return cid


def card_details(store, card_id: int) -> dict:
    from commscli.services import history

    return {"card": q.card(store, card_id), "events": history(store, "stop_cards", card_id)}


# --- quotas (5.4.1) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One card owed: by a manager on a day, by a crew's shift leader or by the rest of a crew in a shift.
    ``who`` is the staff member's or the crew's name; ``due`` the end of the day or of the shift."""

    kind: str  # manager | leader | crew
    who: str
    day: str
    due: str
    met: bool
    office_id: int
    record: str


def slots(store, ctx, office_id: int, first: date, last: date) -> list[Slot]:
    """The quota slots of the days [first, last] (from the year's plan start, outside approved deviations),
    each with whether a card filled it. Counted from aggregates: cards per observer and day, and per crew,
    shift day and leader (planned cards only unless ``stop_quota_counts_random``)."""
    out = []
    tz = ctx.now.tzinfo
    for year in range(first.year, last.year + 1):
        p = q.plan(store, office_id, year)
        if p is None:
            continue
        lo = max(first, date.fromisoformat(p["starts"]), date(year, 1, 1))
        hi = min(last, date(year, 12, 31))
        if lo > hi:
            continue
        off = set()
        for dv in q.deviations(store, office_id, lo.isoformat(), hi.isoformat()):
            d = date.fromisoformat(dv["from_day"])
            while d <= date.fromisoformat(dv["to_day"]):
                off.add(d)
                d += timedelta(days=1)
        start = clock.fmt(datetime.combine(lo, time(), tzinfo=tz))
        end = clock.fmt(datetime.combine(hi + timedelta(days=2), time(), tzinfo=tz))  # night shifts run on
        planned_only = not ctx.policy.stop_quota_counts_random
        filed = {
            (r["staff_id"], r["day"]): r["n"] for r in q.observer_days(store, [office_id], start, end, planned_only)
        }
        shifts = {
            (r["unit_id"], r["shift_day"], r["leader"]): r["n"]
            for r in q.crew_shifts(store, [office_id], start, end, planned_only)
        }
        every = rules.quota_days(lo, hi, ctx.calendar, False)
        working = rules.quota_days(lo, hi, ctx.calendar, ctx.policy.stop_manager_days == "workdays")
        need = ctx.policy.stop_manager_cards_per_day
        for m in q.staff_in_roles(store, office_id, list(ctx.policy.stop_manager_roles)):
            for d in working:
                if d in off or need < 1:
                    continue
                due = clock.fmt(datetime.combine(d, time(23, 59, 59), tzinfo=tz))
                met = filed.get((m["id"], d.isoformat()), 0) >= need
                out.append(Slot("manager", m["name"], d.isoformat(), due, met, office_id, f"staff/{m['id']}"))
        for u in q.plan_units(store, p["id"]):
            if u["kind"] != "crew":
                continue
            shift = (u["shift_start"], u["shift_end"])
            for d in every:
                if d in off:
                    continue
                due = clock.fmt(rules.shift_end(d, shift, tz) - timedelta(seconds=1))
                key = d.isoformat()
                out.append(
                    Slot(
                        "leader",
                        u["leader"],
                        key,
                        due,
                        shifts.get((u["id"], key, 1), 0) >= 1,
                        office_id,
                        f"stop_units/{u['id']}",
                    )
                )
                out.append(
                    Slot(
                        "crew",
                        u["name"],
                        key,
                        due,
                        shifts.get((u["id"], key, 0), 0) >= 1,
                        office_id,
                        f"stop_units/{u['id']}",
                    )
                )
    return out


def bounds(first: date, last: date, tz) -> tuple[str, str]:
    """Stored-time strings of [first 00:00, the day after last 00:00)."""
    return (
        clock.fmt(datetime.combine(first, time(), tzinfo=tz)),
        clock.fmt(datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)),
    )


def recurring_weeks(store, office_ids: list, first_monday: date, end_monday: date, policy, tz) -> list[dict]:
    """Per office and ISO week in [first_monday, end_monday): the recurring unsafe categories (planned cards)
    with their counts. A week is counted whole."""
    start, end = bounds(first_monday, end_monday - timedelta(days=1), tz)
    unsafe = {}
    for r in q.week_counts(store, office_ids, start, end):
        if r["planned"] and not r["safe"]:
            unsafe.setdefault((r["office_id"], r["week"]), {})[r["category"]] = r["n"]
    out = []
    for (oid, week), counts in sorted(unsafe.items()):
        for c in rules.recurring(counts, policy):
            out.append({"office_id": oid, "week": week, "category": c, "n": counts[c]})
    return out


# --- the weekly analysis (5.4.2, 附录C) --------------------------------------------------------------


def held_analyses(store, office_id: int, week: str, tz) -> list[dict]:
    """The office's stop_analysis meetings held in the ISO week (their day in it), oldest first."""
    from commscli.store import meetings as mq

    monday, nxt = rules.iso_week(week)
    start, end = bounds(monday, nxt - timedelta(days=1), tz)
    return [m for m in mq.of_type_between(store, office_id, "stop_analysis", start, end) if m["state"] == "held"]


def analysis_meeting(store, ctx, office_id: int, week: str, meeting_id, at: str) -> int | None:
    """The weekly analysis meeting (type stop_analysis) a measure or training of ``week`` is set at: ``meeting_id``
    (a held stop_analysis meeting of the office whose day lies in the week, started by ``at``), else the week's
    one held analysis (several: name one), else None (none held yet: the due list says so). Refused naming
    --meeting and the value."""
    from commscli.domain.meetings import TYPE
    from commscli.labels import moment, word
    from commscli.store import meetings as mq

    tz = ctx.now.tzinfo
    if meeting_id is None:
        held = held_analyses(store, office_id, week, tz)
        if len(held) > 1:
            ids = ", ".join(f"#{m['id']}" for m in held)
            raise RuleError(Msg("err.stop_meetings_many", week=week, ids=ids), "--meeting", None)
        m = held[0] if held else None
    else:
        try:
            m = mq.meeting(store, meeting_id)
        except NotFound as exc:
            raise NotFound(exc.message, "--meeting", meeting_id) from None
        if m["type"] != "stop_analysis":
            raise RuleError(Msg("err.stop_meeting_type", type=word(TYPE.key, m["type"])), "--meeting", meeting_id)
        if m["office_id"] != office_id:
            raise InputError(Msg("err.other_office"), "--meeting", meeting_id)
        if m["state"] != "held":
            state = word("meeting_state", m["state"])
            raise RuleError(Msg("err.stop_meeting_held", state=state), "--meeting", meeting_id)
        day = datetime.fromisoformat(m["starts_at"]).date()
        if rules.week_of(day) != week:
            raise RuleError(Msg("err.stop_meeting_week", at=moment(m["starts_at"]), week=week), "--meeting", meeting_id)
    if m is not None and at < m["starts_at"]:
        raise RuleError(Msg("err.resolution_before", at=moment(m["starts_at"])), "--at", at)
    return m["id"] if m else None


def add_measure(store, ctx, office_code: str, week: str, category: str, text: str, at: str, meeting_id=None) -> dict:
    """A measure set at the week's analysis meeting for an unsafe category (frequent or recurring); returns
    its id and the meeting it was set at (see :func:`analysis_meeting`)."""
    office = registry.office_by_code(store, office_code)
    recorder(store, ctx, office["id"])
    meeting = analysis_meeting(store, ctx, office["id"], week, meeting_id, at)
    mid = q.insert(
        store,
        "stop_measures",
        {"office_id": office["id"], "week": week, "category": category, "text": text, "at": at,
         "created_by": ctx.by, "meeting_id": meeting},
    )  # fmt: skip
    after = {"week": week, "category": category, "text": text, "meeting": meeting}
    records.log(store, ctx, "stop_measures", mid, "create", at, after=after)
    _number_week(store, ctx, office["id"], week, at)
    return {"id": mid, "meeting": meeting}


def add_training(store, ctx, office_code: str, week: str, staff: str, at: str, meeting_id=None) -> dict:
    """An observer whose cards were poor is sent to training (5.4.2 专项培训) at the week's analysis meeting;
    returns its id and the meeting."""
    office = registry.office_by_code(store, office_code)
    recorder(store, ctx, office["id"])
    s = person(store, office["id"], staff, "--staff")
    meeting = analysis_meeting(store, ctx, office["id"], week, meeting_id, at)
    tid = q.insert(
        store,
        "stop_trainings",
        {"office_id": office["id"], "week": week, "staff_id": s["id"], "at": at, "created_by": ctx.by,
         "meeting_id": meeting},
    )  # fmt: skip
    after = {"week": week, "staff": s["name"], "meeting": meeting}
    records.log(store, ctx, "stop_trainings", tid, "create", at, after=after)
    _number_week(store, ctx, office["id"], week, at)
    return {"id": tid, "meeting": meeting}


def _number_week(store, ctx, office_id: int, week: str, at: str):
    """The weekly analysis (附录C) is a record of its own keyed by week, made at the week's first measure or
    training; its form is numbered then. (The analysis meeting itself, of type stop_analysis, belongs to the
    meetings room, which links it by week.)"""
    row = q.week(store, office_id, week)
    wid = row["id"] if row else q.insert(store, "stop_weeks", {"office_id": office_id, "week": week, "created_at": at})
    if not row:
        records.log(store, ctx, "stop_weeks", wid, "create", at, after={"week": week})
    number_form(store, ctx, office_id, "stop_week", "stop_weeks", wid, at)


def send_summary(store, ctx, office_code: str, month: str, to: str, at: str) -> int:
    """The monthly summary was sent up the line (5.4.2: 上报专业公司、项目部质量安全环保办公室)."""
    office = registry.office_by_code(store, office_code)
    recorder(store, ctx, office["id"])
    if q.summary(store, office["id"], month):
        raise RuleError(Msg("err.stop_summary_sent", month=month), "--month", month)
    if at[:7] <= month:
        raise RuleError(Msg("err.stop_summary_early", month=month), "--at", at)
    sid = q.insert(
        store,
        "stop_summaries",
        {"office_id": office["id"], "month": month, "sent_to": to, "sent_at": at, "created_by": ctx.by},
    )
    records.log(store, ctx, "stop_summaries", sid, "create", at, after={"month": month, "sent_to": to})
    number_form(store, ctx, office["id"], "stop_month", "stop_summaries", sid, at)
    return sid


def award(store, ctx, office_code: str, period: str, *, card=None, staff=None, crew=None, reason=None, at: str) -> int:
    """The best card, observer or crew of a week or month (5.5)."""
    office = registry.office_by_code(store, office_code)
    recorder(store, ctx, office["id"])
    row = {"office_id": office["id"], "period": period, "reason": reason, "at": at, "created_by": ctx.by}
    after = {"period": period}
    if card is not None:
        try:
            c = q.card(store, card)
        except NotFound as exc:
            raise NotFound(exc.message, "--card", card) from None
        if c["office_id"] != office["id"]:
            raise InputError(Msg("err.other_office"), "--card", card)
        row["card_id"], after["card"] = c["id"], c["id"]
    elif staff is not None:
        s = person(store, office["id"], staff, "--staff")
        row["staff_id"], after["staff"] = s["id"], s["name"]
    else:
        year = int(period[:4])
        p = the_plan(store, office["id"], year, "--crew")
        u = q.crew(store, p["id"], crew)
        if u is None:
            raise InputError(Msg("err.stop_no_crew", year=year), "--crew", crew)
        row["unit_id"], after["crew"] = u["id"], crew
    aid = q.insert(store, "stop_awards", row)
    records.log(store, ctx, "stop_awards", aid, "create", at, after=after, reason=reason)
    return aid


def deviation(store, ctx, office_code: str, first: date, last: date, approved_by: str, reason: str, at: str) -> int:
    """An approved deviation from the programme (6.5): at most one year, approved by a staff member, with its
    reasons in writing. Quotas are not owed on its days."""
    office = registry.office_by_code(store, office_code)
    recorder(store, ctx, office["id"])
    rules.check_deviation(first, last, ctx.policy)
    s = person(store, office["id"], approved_by, "--approved-by")
    did = q.insert(
        store,
        "stop_deviations",
        {
            "office_id": office["id"],
            "from_day": first.isoformat(),
            "to_day": last.isoformat(),
            "approved_by": s["id"],
            "reason": reason,
            "at": at,
            "created_by": ctx.by,
        },
    )
    after = {"from": first.isoformat(), "to": last.isoformat(), "approved_by": s["name"]}
    records.log(store, ctx, "stop_deviations", did, "create", at, after=after, reason=reason)
    return did


# --- reports and forms (附录B 日统计, 附录C 周分析, 月小结, 通报) -------------------------------------------------


def period_report(store, ctx, office_code: str, kind: str, name: str, first: date, last: date) -> dict:
    """What a day, week, month, quarter or half year shows: planned cards by category and area with their safe
    and unsafe counts, the safe share, the unsafe categories that occur most, the recurring ones of its weeks
    (each week counted whole) with whether a measure was set, the quota slots owed by now and met. A week adds
    its measures and trainings and the analysis form's number; a month its summary's number and where it was
    sent; a quarter or half year its awards. Random cards are counted apart. No observed person anywhere."""
    from commscli.store import forms

    office = registry.office_by_code(store, office_code)
    oid, tz = office["id"], ctx.now.tzinfo
    start, end = bounds(first, last, tz)
    rows = q.counts(store, [oid], start, end)
    planned = [r for r in rows if r["planned"]]
    cats = []
    for c in rules.CATEGORY.values:
        mine = [r for r in planned if r["category"] == c]
        safe = sum(r["n"] for r in mine if r["safe"])
        cats.append({"category": c, "total": sum(r["n"] for r in mine), "safe": safe})
    for c in cats:
        c["unsafe"] = c["total"] - c["safe"]
    areas = {}
    p = q.plan(store, oid, first.year)
    for a in q.plan_areas(store, p["id"]) if p else []:
        areas[a] = {"area": a, "total": 0, "safe": 0, "unsafe": 0}
    for r in planned:
        a = areas.setdefault(r["area"], {"area": r["area"], "total": 0, "safe": 0, "unsafe": 0})
        a["total"] += r["n"]
        a["safe" if r["safe"] else "unsafe"] += r["n"]
    total = sum(c["total"] for c in cats)
    safe = sum(c["safe"] for c in cats)
    first_monday = first - timedelta(days=first.weekday())
    end_monday = last + timedelta(days=7 - last.weekday())
    recurring = recurring_weeks(store, [oid], first_monday, end_monday, ctx.policy, tz)
    weeks = sorted(
        {rules.week_of(first_monday + timedelta(days=7 * i)) for i in range((end_monday - first_monday).days // 7)}
    )
    measured = q.measured(store, [oid], weeks)
    now = clock.fmt(ctx.now)
    slots_owed = [s for s in slots(store, ctx, oid, first, last) if s.due < now]
    out = {
        "office": {k: office.get(k) for k in ("code", "name", "company_seal", "cs_seal")},
        "kind": kind,
        "period": name,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "planned": total,
        "random": sum(r["n"] for r in rows if not r["planned"]),
        "safe": safe,
        "unsafe": total - safe,
        "safe_share": {"numerator": safe, "denominator": total},
        "categories": cats,
        "areas": sorted(areas.values(), key=lambda a: a["area"]),
        "most_frequent": rules.most_frequent({c["category"]: c["unsafe"] for c in cats}),
        "recurring": [{**r, "measured": (oid, r["week"], r["category"]) in measured} for r in recurring],
        "quota": {
            "met": sum(s.met for s in slots_owed),
            "owed": len(slots_owed),
            "missed": [{"slot": s.kind, "who": s.who, "day": s.day} for s in slots_owed if not s.met],
        },
        "measures": [],
        "trainings": [],
        "awards": [],
        "number": None,
        "sent": None,
    }
    if kind in ("week", "month"):
        for w in weeks:
            out["measures"] += [
                {"week": w, "category": m["category"], "text": m["text"], "meeting": m["meeting_id"]}
                for m in q.measures(store, oid, w)
            ]
            out["trainings"] += [
                {"week": w, "staff": t["name"], "meeting": t["meeting_id"]} for t in q.trainings(store, oid, w)
            ]
    if kind == "week":
        from commscli.store import meetings as mq

        out["meetings"] = []
        for held in held_analyses(store, oid, name, tz):
            m = mq.meeting(store, held["id"])
            out["meetings"].append(
                {
                    "id": m["id"],
                    "starts_at": m["starts_at"],
                    "ends_at": m["ends_at"],
                    "chair": m["chair"],
                    "attendees": [a["name"] for a in mq.attendance(store, m["id"])],
                }
            )
        row = q.week(store, oid, name)
        out["number"] = forms.number(store, "stop_week", "stop_weeks", row["id"]) if row else None
    if kind == "month":
        row = q.summary(store, oid, name)
        if row:
            out["number"] = forms.number(store, "stop_month", "stop_summaries", row["id"])
            out["sent"] = {"to": row["sent_to"], "at": row["sent_at"]}
    if kind in ("month", "quarter", "half"):
        out["awards"] = [
            {"period": a["period"], "card": a["card_id"], "staff": a["staff"], "crew": a["crew"], "reason": a["reason"]}
            for a in q.awards(store, oid, start, end)
        ]
    return out


def coverage(store, ctx, office_code: str, first: date, last: date) -> list[dict]:
    """Which of the plan's areas, crew shifts and times of day (3-hour bands) planned cards covered in
    [first, last]: each with its count of planned cards (a shift: the days one of its shifts had a card in its
    hours) and whether none covered it."""
    office = registry.office_by_code(store, office_code)
    oid, tz = office["id"], ctx.now.tzinfo
    p = the_plan(store, oid, first.year, "--month")
    start, end = bounds(first, last, tz)
    out = []
    by_area = {}
    for r in q.counts(store, [oid], start, end):
        if r["planned"]:
            by_area[r["area"]] = by_area.get(r["area"], 0) + r["n"]
    for a in q.plan_areas(store, p["id"]):
        out.append({"what": "area", "name": a, "cards": by_area.get(a, 0)})
    hours = {r["hour"]: r["n"] for r in q.hours(store, oid, start, end, True)}
    _, end_next = bounds(first, last + timedelta(days=1), tz)
    shift_days = q.card_shift_days(store, oid, start, end_next)
    for u in q.plan_units(store, p["id"]):
        if u["kind"] == "crew":
            shift = (u["shift_start"], u["shift_end"])
            days = {
                d
                for d in (rules.shift_day(datetime.fromisoformat(at), shift) for at in shift_days)
                if d and first <= d <= last
            }
            out.append({"what": "shift", "name": f"{u['name']} {u['shift']}", "cards": len(days)})
    for h in range(0, 24, 3):
        out.append(
            {"what": "time", "name": f"{h:02d}-{h + 3:02d}", "cards": sum(hours.get(x, 0) for x in range(h, h + 3))}
        )
    for r in out:
        r["covered"] = r["cards"] > 0
    return out


def list_cards(store, ctx, office_code: str, first: date, last: date) -> list[dict]:
    """The office's cards of the days [first, last], oldest first."""
    office = registry.office_by_code(store, office_code)
    start, end = bounds(first, last, ctx.now.tzinfo)
    return q.cards(store, office["id"], start, end)
