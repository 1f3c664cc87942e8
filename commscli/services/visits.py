"""Visit planning, records, review, the monthly summary (SPEC §2)."""

import json
import random
from collections import Counter
from datetime import date, datetime, time

from commscli import clock
from commscli.domain import fields
from commscli.domain import visits as rules
from commscli.domain.fields import whole_number
from commscli.domain.reports import period
from commscli.errors import InputError, RuleError
from commscli.io import importer
from commscli.labels import Msg, listed, moment, word
from commscli.services import number_form
from commscli.services.tickets import new_ticket
from commscli.store import records, registry
from commscli.store import visits as q


def _month_text(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def staff_of(store, office: str) -> list[dict]:
    return registry.staff_list(store, office=office, active=True)


def person(store, office: str, name: str, roles: tuple, field: str) -> dict:
    """``--by`` must name a staff member of the office in one of ``roles``."""
    for s in staff_of(store, office):
        if s["name"] == name:
            if s["role"] not in roles:
                raise RuleError(
                    Msg("err.wrong_role", role=word("role", s["role"]), roles=listed("role", roles, "或", " or ")),
                    field,
                    name,
                )
            return s
    raise InputError(Msg("err.not_staff_member", office=office), field, name)


def quota_for(store, ctx, office: dict):
    return rules.quota(ctx.policy, q.occupied_by_building(store, office["id"]), staff_of(store, office["code"]))


def _redraw_reason(redraw: bool, reason):
    if redraw and not (reason or "").strip():
        raise InputError(Msg("err.redraw_reason"), "--reason", reason or "")


def _retire(store, ctx, old: dict, reason: str, at: str):
    """A redraw: the month's plan it replaces is kept, inactive, with the reason and an event."""
    q.update(store, "visit_plans", old["id"], {"active": 0, "reason": reason.strip()})
    records.log(store, ctx, "visit_plans", old["id"], "redraw", at, before={"seed": old["seed"]}, reason=reason)


def _new_plan(store, ctx, office: dict, month: str, kind: str, seed, cycle: int, required: int, basis, at) -> int:
    """The month's plan row (office or company; its items are written after it)."""
    return q.insert(
        store,
        "visit_plans",
        dict(
            office_id=office["id"],
            month=month,
            kind=kind,
            seed=seed,
            cycle=cycle,
            required=required,
            basis=json.dumps(basis, ensure_ascii=False),
            drawn_at=at,
            drawn_by=ctx.by,
        ),
    )


def _company_programme(store, office: dict, name: str, redraw: bool, reason, seed, *, listed: bool) -> dict | None:
    """The month's company programme already recorded (recording it again needs --redraw --reason); a
    ``listed`` programme is not drawn, so takes no --seed."""
    old = q.active_plan(store, office["id"], name, "company")
    if old and not redraw:
        drawn = Msg("msg.seed", seed=old["seed"]) if old["seed"] is not None else ""
        raise RuleError(Msg("err.programme_exists", month=name, seed=drawn), "--month", name)
    _redraw_reason(redraw, reason)
    if listed and seed is not None:
        raise InputError(Msg("err.list_not_drawn"), "--seed", seed)
    return old


def _check_named(store, household_ids: list, occupied: dict, office_drawn: set):
    """The company's households named by --households: each occupied, none in the office's own plan."""
    for hid in household_ids:
        if hid not in occupied:
            h = registry.household(store, hid)
            raise InputError(Msg("err.not_occupied_here"), "--households", f"{h['building']}/{h['room']}")
    clash = sorted(set(household_ids) & office_drawn)
    if clash:
        raise RuleError(Msg("err.in_office_plan"), "--households", clash[:5])


# --- the company's list of households (visit plan --company --households / --file) -----------------


def named_households(store, office_code: str, spec: str) -> list[int]:
    """``--households``: ``12,15`` ids or ``1栋/101,2栋/202`` building/room pairs → household ids."""
    office = registry.office_by_code(store, office_code)
    out = []
    for part in spec.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if part.isdigit():
            out.append(whole_number(part, "--households"))
            continue
        building, _, room = part.partition("/")
        hit = registry.household_in_office(store, office["id"], building, room)
        if hit is None:
            raise InputError(Msg("err.no_such_household_spec"), "--households", part)
        out.append(hit["id"])
    return out


class CompanyList(importer.Target):
    """The company's list read by the one import loop: one household a row, by building and room or by
    its id; it must be occupied and not in the office's own plan of the month. What it writes is the
    plan's items (the plan itself when the first item is written); natural key: the household."""

    table = "visit_plan_items"
    spec = (
        fields.Field("household", "业户编号", lambda v, f: fields.whole_number(v, f), aliases=("id", "household_id")),
        fields.Field("building", "楼栋", fields.text, aliases=("楼号",)),
        fields.Field("room", "房号", fields.text, aliases=("房间",)),
    )

    def __init__(self, ctx, office: dict, month: str, named: list, old: dict | None, reason):
        self.ctx, self.office, self.month, self.named, self.old, self.reason = ctx, office, month, named, old, reason
        self.plan_id = None

    def header(self, names: list):
        if "household" not in names and not {"building", "room"} <= set(names):
            raise InputError(Msg("err.household_columns"), "header", ", ".join(names))

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.occupied = q.occupied_households(store, self.office["id"])
        self.office_drawn = q.drawn_households(store, self.office["id"], self.month, "office")
        self.cycle = q.current_cycle(store, self.office["id"])
        # --households beside the file: checked whole, as without a file
        _check_named(store, self.named, self.occupied, self.office_drawn)
        self.named = list(dict.fromkeys(self.named))

    def key(self, store, r: dict):
        if r.get("household") is not None:
            hid = shown = r["household"]
        else:
            for name in ("building", "room"):
                if not r.get(name):
                    raise InputError(Msg("err.required_or_household"), name, "")
            shown = f"{r['building']}/{r['room']}"
            hit = registry.household_in_office(store, self.office["id"], r["building"], r["room"])
            if hit is None:
                raise InputError(Msg("err.no_household"), "household", shown)
            hid = hit["id"]
        if hid not in self.occupied:
            raise InputError(Msg("err.not_occupied_of", office=self.office["code"]), "household", shown)
        if hid in self.office_drawn:
            raise RuleError(Msg("err.in_office_plan"), "household", shown)
        return hid

    def stored(self, store, key) -> bool:
        return key in self.named

    def values(self, store, r: dict, key) -> dict:
        return {"household_id": key}

    def open_plan(self, store):
        """The plan row (replacing the month's list on --redraw) and the items of --households."""
        ctx, at = self.ctx, self.at
        if self.old:
            _retire(store, ctx, self.old, self.reason, at)
        self.plan_id = _new_plan(
            store, ctx, self.office, self.month, "company", None, self.cycle, len(self.named), {"method": "company"}, at
        )
        self._items(store, self.named)

    def _items(self, store, ids) -> list[int]:
        return [
            q.insert(
                store,
                "visit_plan_items",
                dict(
                    plan_id=self.plan_id,
                    household_id=hid,
                    cycle=self.cycle,
                    role="quality",
                    staff=self.ctx.by,
                    building=self.occupied[hid],
                ),
            )
            for hid in ids
        ]

    def write(self, store, rows: list) -> tuple:
        if self.plan_id is None:
            self.open_plan(store)
        ids = self._items(store, [row["household_id"] for row in rows])
        return ids[0], ids[-1]


def company_list(
    store,
    ctx,
    office_code: str,
    year: int,
    month: int,
    households: str | None,
    path,
    at: str,
    *,
    by: str,
    seed=None,
    redraw: bool = False,
    reason=None,
    skip_bad: bool = False,
    progress=None,
) -> importer.Result:
    """The company's programme recorded from a file (``--file``; ``--households`` may name more), read by the
    one import loop. Nothing is written when no household is left (every row skipped)."""
    office = registry.office_by_code(store, office_code)
    name = _month_text(year, month)
    old = _company_programme(store, office, name, redraw, reason, seed, listed=True)
    named = named_households(store, office_code, households) if households else []
    target = CompanyList(ctx, office, name, named, old, reason)
    result = importer.run(
        store,
        ctx,
        target,
        path,
        at=at,
        by=by,
        skip_bad=skip_bad,
        progress=progress,
        name="--file",
    )
    if target.plan_id is None and target.named:
        target.open_plan(store)
    if target.plan_id is None:
        if not result.skipped:
            raise InputError(Msg("err.name_a_household"), "--file", str(path))
        return result
    count = len(target.named) + result.inserted
    q.update(store, "visit_plans", target.plan_id, {"required": count})
    records.log(
        store,
        ctx,
        "visit_plans",
        target.plan_id,
        "company",
        at,
        after={"month": name, "households": count, "file": result.file},
    )
    return result


def plan(store, ctx, office_code: str, year: int, month: int, seed, redraw: bool, reason, at: str) -> dict:
    """Draw the office's households for the month and assign them by role (SPEC §2, §8)."""
    office = registry.office_by_code(store, office_code)
    name = _month_text(year, month)
    old = q.active_plan(store, office["id"], name, "office")
    if old and not redraw:
        raise RuleError(Msg("err.plan_exists", month=name, seed=old["seed"]), "--month", name)
    _redraw_reason(redraw, reason)
    if old:
        _retire(store, ctx, old, reason, at)
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**31)
    quota = quota_for(store, ctx, office)
    occupied = q.occupied_households(store, office["id"])
    cycle = q.current_cycle(store, office["id"])
    recent = _recent(store, ctx, office, year, month)
    excluded = q.drawn_households(store, office["id"], name, "company")
    d = rules.draw(occupied, q.visited_in_cycle(store, office["id"], cycle), excluded, recent, quota.parts, seed, cycle)
    basis = {
        **quota.basis,
        "policy_method": ctx.policy.visit_quota_method,
        "excluded_company": len(excluded),
        "excluded_recent": len(recent),
        "short": d.short,
    }
    pid = _new_plan(store, ctx, office, name, "office", seed, cycle, quota.required, basis, at)
    for i, (hid, part) in enumerate(d.items):
        item_cycle = cycle + 1 if d.new_cycle_from is not None and i >= d.new_cycle_from else cycle
        q.insert(
            store,
            "visit_plan_items",
            dict(
                plan_id=pid,
                household_id=hid,
                cycle=item_cycle,
                role=part.role,
                staff=part.staff,
                building=occupied[hid],
            ),
        )
    records.log(
        store,
        ctx,
        "visit_plans",
        pid,
        "draw",
        at,
        after={
            "month": name,
            "seed": seed,
            "required": quota.required,
            "drawn": len(d.items),
            "cycle": cycle,
            "new_cycle": d.new_cycle_from is not None,
        },
    )
    return {
        "id": pid,
        "office": office["code"],
        "month": name,
        "seed": seed,
        "required": quota.required,
        "drawn": len(d.items),
        "short": d.short,
        "cycle": cycle,
        "new_cycle_from": d.new_cycle_from,
        "basis": basis,
    }


def _recent(store, ctx, office: dict, year: int, month: int) -> set:
    """Households visited within the no-repeat window before the month (001 §4; empty when off)."""
    if not ctx.policy.visit_no_repeat_months:
        return set()
    return q.visited_since(
        store,
        office["id"],
        clock.fmt(
            datetime.combine(
                rules.months_back(date(year, month, 1), ctx.policy.visit_no_repeat_months),
                time(),
                tzinfo=ctx.now.tzinfo,
            )
        ),
    )


def company_plan(
    store,
    ctx,
    office_code: str,
    year: int,
    month: int,
    household_ids: list[int] | None,
    at: str,
    seed=None,
    redraw: bool = False,
    reason=None,
) -> dict:
    """The company's own visit programme (公司组织的业户访问): its households are left out of the office's draw.

    With ``household_ids`` the company's list is recorded; with None the programme is drawn here
    like the office's plan: seeded, from occupied households not yet visited in the cycle (and not
    in the office's plan this month), policy visit_company_share of them.
    """
    office = registry.office_by_code(store, office_code)
    name = _month_text(year, month)
    old = _company_programme(store, office, name, redraw, reason, seed, listed=household_ids is not None)
    occupied = q.occupied_households(store, office["id"])
    office_drawn = q.drawn_households(store, office["id"], name, "office")
    cycle = q.current_cycle(store, office["id"])
    if household_ids is None:
        if seed is None:
            seed = random.SystemRandom().randrange(1, 2**31)
        size = rules.company_size(len(occupied), ctx.policy)
        recent = _recent(store, ctx, office, year, month)
        d = rules.draw(
            occupied,
            q.visited_in_cycle(store, office["id"], cycle),
            office_drawn,
            recent,
            [rules.Part("quality", size, ctx.by)],
            seed,
            cycle,
        )
        rows = [
            (hid, cycle + 1 if d.new_cycle_from is not None and i >= d.new_cycle_from else cycle)
            for i, (hid, _) in enumerate(d.items)
        ]
        basis = {
            "method": "company_draw",
            "occupied": len(occupied),
            "share": ctx.policy.visit_company_share,
            "by_share": size,
            "excluded_office": len(office_drawn),
            "excluded_recent": len(recent),
            "short": d.short,
        }
    else:
        if not household_ids:
            raise InputError(Msg("err.name_a_household"), "--households", "")
        _check_named(store, household_ids, occupied, office_drawn)
        rows = [(hid, cycle) for hid in dict.fromkeys(household_ids)]
        basis, size = {"method": "company"}, len(rows)
    if old:
        _retire(store, ctx, old, reason, at)
    pid = _new_plan(store, ctx, office, name, "company", seed, cycle, size, basis, at)
    for hid, item_cycle in rows:
        q.insert(
            store,
            "visit_plan_items",
            dict(plan_id=pid, household_id=hid, cycle=item_cycle, role="quality", staff=ctx.by, building=occupied[hid]),
        )
    if household_ids is None:
        records.log(
            store,
            ctx,
            "visit_plans",
            pid,
            "draw",
            at,
            after={
                "month": name,
                "kind": "company",
                "seed": seed,
                "required": size,
                "drawn": len(rows),
                "cycle": cycle,
            },
        )
    else:
        records.log(store, ctx, "visit_plans", pid, "company", at, after={"month": name, "households": len(rows)})
    return {
        "id": pid,
        "office": office["code"],
        "month": name,
        "kind": "company",
        "seed": seed,
        "required": size,
        "drawn": len(rows),
        "short": basis.get("short", 0),
        "cycle": cycle,
        "basis": basis,
    }


def quota_status(store, ctx, office_code: str, year: int, month: int) -> dict:
    """Required vs planned vs done per office, building and role."""
    office = registry.office_by_code(store, office_code)
    name = _month_text(year, month)
    p = period(year, month, clock.fmt(ctx.now)[-6:])
    plan_row = q.active_plan(store, office["id"], name, "office")
    occupied = q.occupied_by_building(store, office["id"])
    quota = rules.quota(ctx.policy, occupied, staff_of(store, office["code"]))
    # counts per group (role, building, visitors' roles), never the month's rows one by one
    plan = q.plan_counts(store, plan_row["id"]) if plan_row else []
    groups = q.month_visit_groups(store, office["id"], p.start, p.end, plan_row["id"] if plan_row else None)
    required_by_role = Counter()
    for part in quota.parts:
        required_by_role[part.role] += part.count
    planned_by_role, planned_b = Counter(), Counter()
    for g in plan:
        planned_by_role[g["role"]] += g["n"]
        planned_b[g["building"]] += g["n"]
    # each visit counts once, for one role; each visitor of each visit once more in the visitor-visits (人次)
    done_by_role, visitors_by_role, done_b = Counter(), Counter(), Counter()
    for g in groups:
        roles = json.loads(g["roles"])
        done_by_role[rules.credited_role([{"role": r} for r in roles], g["planned_role"])] += g["n"]
        for r in roles:
            visitors_by_role[r] += g["n"]
        done_b[g["building"]] += g["n"]
    buildings = sorted(occupied)
    return {
        "office": office["code"],
        "month": name,
        "required": plan_row["required"] if plan_row else quota.required,
        "planned": sum(g["n"] for g in plan),
        "done": sum(g["n"] for g in groups),
        "visitor_visits": sum(visitors_by_role.values()),
        "done_planned": sum(g["visited"] for g in plan),
        "unplanned": sum(g["n"] for g in groups if not g["planned"]),
        "roles": [
            {
                "role": r,
                "required": required_by_role[r],
                "planned": planned_by_role[r],
                "done": done_by_role[r],
                "visitor_visits": visitors_by_role[r],
            }
            for r in sorted(set(required_by_role) | set(planned_by_role) | set(visitors_by_role))
        ],
        "buildings": [{"building": b, "planned": planned_b[b], "done": done_b[b]} for b in buildings],
        "basis": plan_row["basis"] if plan_row else quota.basis,
    }


def record(store, ctx, data: dict) -> int:
    """A planned or unplanned visit. data: office, household_id | building+room, visitors (names), method,
    appointment_at, started_at, items [(category, kind, text)], signed (True/False/None), private."""
    office = registry.office_by_code(store, data["office"])
    from commscli.services.tickets import resolve_household

    hid = resolve_household(store, office["id"], data.get("household_id"), data.get("building"), data.get("room"))
    if hid is None:
        raise InputError(Msg("err.name_visit_household"), "household", None)
    if not registry.household(store, hid)["occupied"]:
        raise RuleError(Msg("err.not_occupied"), "household", hid)
    staff = {s["name"]: s for s in staff_of(store, office["code"])}
    names = [n for n in data["visitors"] if n]
    unknown = [n for n in names if n not in staff]
    if unknown:
        raise InputError(Msg("err.not_visitor_staff", office=office["code"]), "--visitors", ", ".join(unknown))
    if len(set(names)) < ctx.policy.visit_min_visitors:
        raise RuleError(Msg("err.min_visitors", n=ctx.policy.visit_min_visitors), "--visitors", ", ".join(names))
    started = datetime.fromisoformat(data["started_at"])
    appointment = datetime.fromisoformat(data["appointment_at"]) if data.get("appointment_at") else None
    rules.check_start(data["method"], started, appointment, ctx.policy)
    if ctx.policy.visit_no_repeat_months:
        # the same window as plan(): from the first day N months before the visit's month
        last = q.last_visit_of(store, hid)
        since = clock.fmt(
            datetime.combine(
                rules.months_back(started.date(), ctx.policy.visit_no_repeat_months), time(), tzinfo=started.tzinfo
            )
        )
        if last and last["started_at"] >= since:
            raise RuleError(
                Msg("err.visited_within", day=last["started_at"][:10], months=ctx.policy.visit_no_repeat_months),
                "household",
                hid,
            )
    month = data["started_at"][:7]
    item = q.plan_item_for(store, office["id"], hid, month)
    cycle = item["cycle"] if item else q.current_cycle(store, office["id"])
    vid = q.insert(
        store,
        "visits",
        dict(
            office_id=office["id"],
            household_id=hid,
            plan_item_id=item["id"] if item else None,
            cycle=cycle,
            visitors=json.dumps([{"name": n, "role": staff[n]["role"]} for n in names], ensure_ascii=False),
            method=data["method"],
            appointment_at=data.get("appointment_at"),
            started_at=data["started_at"],
            signed=None if data.get("signed") is None else int(data["signed"]),
            private_remarks=data.get("private"),
            submit_due=clock.fmt(rules.submit_due(started, ctx.policy)),
            created_at=data["started_at"],
            created_by=ctx.by,
        ),
    )
    for category, kind, text, *wants in data.get("items", []):
        q.insert(
            store,
            "visit_items",
            dict(visit_id=vid, category=category, kind=kind, text=text, wants_feedback=int(bool(wants and wants[0]))),
        )
    records.log(
        store,
        ctx,
        "visits",
        vid,
        "create",
        data["started_at"],
        after={
            "household_id": hid,
            "planned": bool(item),
            "items": len(data.get("items", [])),
            "wants_feedback": sum(1 for i in data.get("items", []) if i[3:] and i[3]),
            "signed": data.get("signed"),
        },
    )
    number_form(store, ctx, office["id"], "visit_record", "visits", vid, data["started_at"])  # 业户访问记录
    return vid


def submit(store, ctx, vid, at: str) -> dict:
    v = q.visit(store, vid)
    if v["state"] != "recorded":
        raise RuleError(Msg("err.visit_state", state=word("visit_state", v["state"])), "visit", f"#{vid}")
    if at < v["started_at"]:
        raise RuleError(Msg("err.before_visit"), "--at", at)
    late = int(at > v["submit_due"])
    changes = {"state": "submitted", "submitted_at": at, "submitted_late": late}
    q.update(store, "visits", v["id"], changes)
    records.log(
        store, ctx, "visits", v["id"], "submit", at, before={"state": v["state"]}, after={**changes, "late": bool(late)}
    )
    return q.visit(store, vid)


def review(store, ctx, vid, at: str) -> dict:
    """The supervisor's review: complaints become complaint tickets, requests and suggestions tickets of their kind."""
    v = q.visit(store, vid)
    if v["state"] != "submitted":
        hint = Msg("err.hint_reviewed" if v["state"] == "reviewed" else "err.hint_submit_first")
        raise RuleError(
            Msg("err.visit_state_hint", state=word("visit_state", v["state"]), hint=hint), "visit", f"#{vid}"
        )
    person(store, v["office"], ctx.by, ("supervisor", "manager"), "--by")
    if at < v["submitted_at"]:
        raise RuleError(Msg("err.before_submission"), "--at", at)
    created = []
    for item in q.visit_items(store, v["id"]):
        kind = rules.TICKET_OF.get(item["kind"])
        if not kind or item["ticket_id"]:
            continue
        tid = new_ticket(
            store,
            ctx,
            dict(
                office=v["office"],
                kind=kind,
                channel="visit",
                category=item["category"],
                household_id=v["household_id"],
                description=item["text"],
                reported_at=at,
                source=f"visits/{v['id']}",
            ),
        )
        q.update(store, "visit_items", item["id"], {"ticket_id": tid})
        created.append(tid)
    changes = {"state": "reviewed", "reviewed_at": at, "reviewed_by": ctx.by}
    q.update(store, "visits", v["id"], changes)
    records.log(
        store, ctx, "visits", v["id"], "review", at, before={"state": v["state"]}, after={**changes, "tickets": created}
    )
    return {**q.visit(store, vid), "tickets": created}


def feedback(store, ctx, item_id, text: str | None, at: str) -> dict:
    """The feedback on an item, face to face (003 §4.3.1): by one of the visitors or by whoever handled the
    ticket made from the item (``--by``). Feedback on an item that did not ask for it marks it as asked
    (the visitor judged it should be given)."""
    from commscli.domain.fields import LONG_TEXT_MAX, check_text

    item = q.visit_item(store, item_id)
    if item["visit_state"] == "cancelled":
        raise RuleError(Msg("err.visit_cancelled"), "visit item", f"#{item['id']}")
    if item["feedback_at"]:
        raise RuleError(
            Msg("err.feedback_given", at=moment(item["feedback_at"]), by=item["feedback_by"]),
            "visit item",
            f"#{item['id']}",
        )
    if at < item["started_at"]:
        raise RuleError(Msg("err.before_visit"), "--at", at)
    allowed = {v["name"] for v in item["visitors"]}
    if item["ticket_id"]:
        allowed |= q.ticket_handlers(store, item["ticket_id"])
    if ctx.by not in allowed:
        handler = Msg("err.or_handler", id=item["ticket_id"]) if item["ticket_id"] else ""
        raise RuleError(Msg("err.not_visitor", handler=handler, names=", ".join(sorted(allowed))), "--by", ctx.by)
    text = check_text(text.strip(), "--text", LONG_TEXT_MAX) if text and text.strip() else None
    changes = {"feedback_at": at, "feedback_by": ctx.by, "feedback_text": text}
    if not item["wants_feedback"]:
        changes["wants_feedback"] = 1
    q.update(store, "visit_items", item["id"], changes)
    records.log(store, ctx, "visit_items", item["id"], "feedback", at, after=changes)
    return q.visit_item(store, item["id"])


# --- the monthly visit summary ----------------------------------------------------------------


def summary_data(store, ctx, office_code: str, year: int, month: int) -> dict:
    office = registry.office_by_code(store, office_code)
    p = period(year, month, clock.fmt(ctx.now)[-6:])
    status = quota_status(store, ctx, office_code, year, month)
    visits = q.visits_in(store, p.start, p.end, office_code)
    items = q.items_in(store, p.start, p.end, office_code)
    earlier = q.items_in(
        store,
        clock.fmt(datetime.combine(rules.months_back(p.first_day, 6), time(), tzinfo=ctx.now.tzinfo)),
        p.start,
        office_code,
    )
    before = {(i["household_id"], i["category"]) for i in earlier}
    by_cat = Counter((i["category"], i["kind"]) for i in items)
    row = q.summary(store, office["id"], _month_text(year, month))
    return {
        "office": office,
        "month": _month_text(year, month),
        "status": status,
        "visits": len(visits),
        "refused": [{k: v[k] for k in ("id", "building", "room", "started_at")} for v in visits if v["signed"] == 0],
        "late_submissions": sum(1 for v in visits if v["submitted_late"]),
        "by_category": [{"category": c, "kind": k, "count": n} for (c, k), n in sorted(by_cat.items())],
        "tickets": [i for i in items if i["ticket_id"]],
        "repeats": [i for i in items if (i["household_id"], i["category"]) in before],
        "due": rules.summary_due(year, month, ctx.policy).isoformat(),
        "summary": row,
    }


def complete_summary(store, ctx, office_code: str, year: int, month: int, at: str) -> dict:
    office = registry.office_by_code(store, office_code)
    name = _month_text(year, month)
    person(store, office_code, ctx.by, ("supervisor",), "--by")
    if at < clock.fmt(datetime.combine(date(year + month // 12, month % 12 + 1, 1), time(), tzinfo=ctx.now.tzinfo)):
        raise RuleError(Msg("err.month_not_ended"), "--at", at)
    row = q.summary(store, office["id"], name)
    if row and row["completed_at"]:
        raise RuleError(Msg("err.already_completed", at=moment(row["completed_at"])), "--month", name)
    due = rules.summary_due(year, month, ctx.policy)
    done_day = date.fromisoformat(at[:10])
    changes = {
        "completed_at": at,
        "completed_by": ctx.by,
        "completed_late": int(done_day > due),
        "approve_due": ctx.calendar.add(done_day, ctx.policy.visit_summary_approve_workdays).isoformat(),
    }
    if row:
        q.update(store, "visit_summaries", row["id"], changes)
        sid = row["id"]
    else:
        sid = q.insert(
            store, "visit_summaries", dict(office_id=office["id"], month=name, due=due.isoformat(), **changes)
        )
    records.log(store, ctx, "visit_summaries", sid, "complete", at, after=changes)
    number_form(store, ctx, office["id"], "visit_summary", "visit_summaries", sid, at)  # 月度客户访问工作总结
    return q.summary(store, office["id"], name)


def approve_summary(
    store, ctx, office_code: str, year: int, month: int, measures: str, beyond: str | None, at: str
) -> dict:
    office = registry.office_by_code(store, office_code)
    name = _month_text(year, month)
    person(store, office_code, ctx.by, ("manager",), "--by")
    row = q.summary(store, office["id"], name)
    if not row or not row["completed_at"]:
        raise RuleError(Msg("err.summary_not_completed"), "--month", name)
    if row["approved_at"]:
        raise RuleError(Msg("err.already_approved", at=moment(row["approved_at"])), "--month", name)
    if at < row["completed_at"]:
        raise RuleError(Msg("err.before_completion"), "--at", at)
    if not (measures or "").strip():
        raise InputError(Msg("err.measures"), "--measures", measures or "")
    late = int(at[:10] > row["approve_due"])
    changes = {
        "approved_at": at,
        "approved_by": ctx.by,
        "approved_late": late,
        "measures": measures.strip(),
        "beyond_authority": (beyond or "").strip() or None,
    }
    q.update(store, "visit_summaries", row["id"], changes)
    records.log(store, ctx, "visit_summaries", row["id"], "approve", at, after=changes)
    if changes.get("beyond_authority"):  # it goes up with a 工作联系函
        number_form(store, ctx, office["id"], "contact_letter", "visit_summaries", row["id"], at)
    return q.summary(store, office["id"], name)
