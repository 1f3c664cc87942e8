"""Historical visit records (业户走访记录) from a file: ``visit import FILE`` (issue 16).

Read by the one import loop (io/importer.py): all or nothing unless --skip-bad. One row is one visit:
the household by office + building + room, the visitors and the reviewer by their staff names, the
items raised in one cell (one ``category:kind:text`` a line, as ``visit record --item`` takes them), the
feedback on them in another (one line an item asking for it, by its number: ``1``; given face to face:
``2 2026-11-12 10:00 王丽：已说明``), the signature (signed / refused / blank) and the step times. Natural key: the household and the time the visit
started, so a re-import changes nothing.

The state follows from the times, as a ticket's does: ``recorded`` with no submission, ``submitted`` with
``submitted_at``, ``reviewed`` with ``reviewed_at`` and ``reviewed_by`` (a supervisor or manager of the
office). A step before the one it follows, a review without a submission, a reviewer without a review
time (or the other way round) and a ``state`` word that disagrees with the times are bad rows naming the
column. The rules of a record at the desk hold: visitors are staff of the office (active or not: a past
record names people who may have left), at least the policy's visitors, a home visit has its appointment
and starts within the policy's hours; no time lies in the future. Not checked: the household's occupancy
today and the no-repeat window (a past visit is what happened; the window governs the drawing).

What a visit entered at the desk gets, an imported one gets too: its submission deadline and lateness,
the month's plan item of its household when one is still unvisited (so the quota counts it as planned),
the cycle of that item or the office's current one when the file gives none; the items of a reviewed
visit are linked to the tickets their review raised when those are in the store (imported from the ticket
export first): same office, household, time (the review), kind and text. Feedback is not given before the
visit nor in the future; who gave it is taken as written (at the desk a visitor or whoever handled the item's
ticket, who may not be on the staff list). Not carried: private remarks (they never
leave the store), the paper form's number.
"""

import json
import re
from datetime import datetime

from commscli import clock
from commscli.domain import visits as rules
from commscli.domain.fields import LONG_TEXT_MAX, Field, local_time, name_list, text, whole_number, yes_no
from commscli.errors import CommsError, InputError, RuleError
from commscli.io import importer
from commscli.labels import Msg, listed, moment, word
from commscli.store import registry
from commscli.store import visits as q

STEPS = ("started_at", "submitted_at", "reviewed_at")
# a line of the feedback cell: the item's number; given: day and time, who, and after ：what was said
FEEDBACK = re.compile(
    r"(?P<n>\d{1,3})(?:\s+(?P<day>\S+)\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+(?P<by>[^\s:：]+)"
    r"(?:\s*[:：]\s*(?P<text>.*))?)?",
    re.S,
)
SIGNED = {"已签", "已签名", "签名", "signed"}
REFUSED = {"拒签", "拒绝签名", "拒绝", "refused", "refused_sign"}


def signature(value, name):
    """The household's signature: signed (yes, 是, 已签) or refused (no, 否, 拒签); blank: not recorded."""
    key = str(value).strip().lower()
    if key in SIGNED:
        return 1
    if key in REFUSED:
        return 0
    return yes_no(value, name)


def spec(tz: str, policy=None) -> tuple:
    """The file's columns; ``policy``: the one in force (default: the built-in one) for the visit methods."""
    if policy is None:
        from commscli.policy import DEFAULT

        policy = DEFAULT

    when = local_time(tz)

    def cycle(value, name):
        return whole_number(value, name, what="a cycle")

    lines: dict = {}  # a line of an items cell → its item: the same few items recur in a sheet

    def item(line, name):
        hit = lines.get(line)
        if hit is None:
            parts = line.replace("：", ":").split(":", 2)
            if len(parts) != 3 or not parts[2].strip():
                raise InputError(Msg("err.item_form"), name, line)
            hit = (rules.category(parts[0], policy, name), rules.ITEM_KIND.parse(parts[1], name), text(parts[2], name))
            if len(lines) >= 8192:
                lines.clear()
            lines[line] = hit
        return hit

    def items(value, name):
        """One item a line: ``category:kind:text`` (保洁:建议:楼道需加强清洁), as ``visit record --item``."""
        return [item(line, name) for line in str(value).replace("\r\n", "\n").split("\n") if line.strip()]

    def feedback(value, name):
        """One line an item that asks for feedback, by its number in ``items``: ``2``; given, with its time,
        who gave it and what was said: ``2 2026-11-12 10:00 王丽：已说明`` → [(2, time, by, text)]."""
        out = []
        for line in str(value).replace("\r\n", "\n").split("\n"):
            if not line.strip():
                continue
            m = FEEDBACK.fullmatch(line.strip())
            if m is None:
                raise InputError(Msg("err.feedback_form"), name, line)
            at = when(f"{m['day']} {m['time']}", name) if m["day"] else None
            said = text(m["text"], name, LONG_TEXT_MAX) if m["text"] and m["text"].strip() else None
            out.append((int(m["n"]), at, text(m["by"], name) if m["by"] else None, said))
        return out

    return (
        Field("office", "管理处", text, required=True),
        Field("building", "楼栋", text, required=True, aliases=("楼号",)),
        Field("room", "房号", text, required=True, aliases=("房间",)),
        Field("cycle", "轮次", cycle, aliases=("访问轮次",)),
        Field("visitors", "访问人", name_list, required=True, aliases=("走访人", "拜访人", "走访人员")),
        Field("method", "访问方式", rules.METHOD.parse, default="home", aliases=("走访方式", "方式")),
        Field("appointment_at", "预约时间", when),
        Field("started_at", "访问时间", when, required=True, aliases=("走访时间", "走访日期", "访问日期")),
        Field("items", "反映事项", items, aliases=("反映问题", "意见建议", "事项")),
        Field("feedback", "反馈情况", feedback, aliases=("当面反馈", "反馈")),
        Field("signed", "业户签名", signature, aliases=("签名", "业户确认")),
        Field("state", "状态", rules.STATE.parse),
        Field("submitted_at", "提交时间", when, aliases=("交表时间", "交主管时间")),
        Field("reviewed_at", "审核时间", when, aliases=("审阅时间",)),
        Field("reviewed_by", "审核人", text, aliases=("审阅人", "审核主管")),
    )


class Visits(importer.Records):
    """The visit rows of the one import loop; natural key: (household id, started_at)."""

    table = "visits"
    batch = 2000

    def __init__(self, ctx):
        super().__init__(ctx)
        self.col = {f.name: f.column for f in self.spec}

    def columns(self, ctx) -> tuple:
        return spec(ctx.policy.office_timezone, ctx.policy)

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.staff: dict[int, dict] = {}  # office id → name → staff row (active or not)
        self.cycles: dict[int, int] = {}  # office id → its current cycle (and the highest written)
        self.households: dict = {}
        self.plan_items: dict = {}
        self.taken: set = set()  # plan items given to a row of this file

    def _staff(self, store, office_id: int, code: str) -> dict:
        if office_id not in self.staff:
            self.staff[office_id] = {s["name"]: s for s in registry.staff_list(store, office=code)}
        return self.staff[office_id]

    def prepare(self, store, rows: list):
        """The batch's households, one look per office; then their unvisited plan items of the rows' months."""
        keys = [(self.office_ids.get(r["office"]), r["building"], r["room"]) for r in rows]
        self.households = {k: h["id"] for k, h in self.households_of(store, keys).items()}
        months = set()
        for r in rows:
            hid = self.households.get((self.office_ids.get(r["office"]), r["building"], r["room"]))
            if hid is not None:
                months.add((hid, r["started_at"][:7]))
        self.plan_items = q.unvisited_plan_items(store, sorted(months))

    def key(self, store, r: dict):
        row = self.build(store, r)
        r.clear()
        r["_row"] = row
        return (row["household_id"], row["started_at"])

    def build(self, store, r: dict) -> dict:
        """A cleaned row → the visit's columns and its items (raises naming the column)."""
        ctx, col = self.ctx, self.col
        office_id = self.office_ids.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), col["office"], r["office"])
        hid = self.households.get((office_id, r["building"], r["room"]))
        if hid is None:
            raise InputError(Msg("err.no_household"), "household", f"{r['building']}/{r['room']}")
        staff = self._staff(store, office_id, r["office"])
        names = list(dict.fromkeys(r["visitors"]))
        unknown = [n for n in names if n not in staff]
        if unknown:
            raise InputError(Msg("err.not_visitor_staff", office=r["office"]), col["visitors"], ", ".join(unknown))
        if len(names) < ctx.policy.visit_min_visitors:
            raise RuleError(Msg("err.min_visitors", n=ctx.policy.visit_min_visitors), col["visitors"], ", ".join(names))
        last = None
        for step in STEPS:
            value = r.get(step)
            if value is None:
                continue
            clock.happened(datetime.fromisoformat(value), ctx.now, ctx.policy.future_tolerance_minutes, col[step])
            if last is not None and value < r[last]:
                raise InputError(Msg("err.lies_before", what=col[last], at=moment(r[last])), col[step], value)
            last = step
        if r.get("reviewed_at") and not r.get("submitted_at"):
            raise InputError(Msg("err.review_needs_submission"), col["submitted_at"], "")
        if r.get("reviewed_at") and not r.get("reviewed_by"):
            raise InputError(Msg("err.review_needs_reviewer"), col["reviewed_by"], "")
        if r.get("reviewed_by") and not r.get("reviewed_at"):
            raise InputError(Msg("err.reviewer_needs_review"), col["reviewed_at"], "")
        if r.get("reviewed_by"):
            reviewer = staff.get(r["reviewed_by"])
            if reviewer is None:
                raise InputError(Msg("err.not_staff_member", office=r["office"]), col["reviewed_by"], r["reviewed_by"])
            if reviewer["role"] not in ("supervisor", "manager"):
                said = Msg(
                    "err.wrong_role",
                    role=word("role", reviewer["role"]),
                    roles=listed("role", ("supervisor", "manager"), "或", " or "),
                )
                raise RuleError(said, col["reviewed_by"], r["reviewed_by"])
        items = r.get("items") or []
        given: dict = {}  # item number → (time, by, text) of its feedback (None: asked, not given yet)
        for n, at, by, said in r.get("feedback") or []:
            if not 1 <= n <= len(items):
                raise InputError(Msg("err.feedback_item", n=n, count=len(items)), col["feedback"], str(n))
            if n in given:
                raise InputError(Msg("err.feedback_twice", n=n), col["feedback"], str(n))
            if at is not None:
                clock.happened(
                    datetime.fromisoformat(at), ctx.now, ctx.policy.future_tolerance_minutes, col["feedback"]
                )
                if at < r["started_at"]:
                    raise RuleError(Msg("err.before_visit"), col["feedback"], at)
            given[n] = (at, by, said) if at is not None else None
        items = [(*i, int(n in given), *(given.get(n) or (None, None, None))) for n, i in enumerate(items, start=1)]
        state = {"started_at": "recorded", "submitted_at": "submitted", "reviewed_at": "reviewed"}[last]
        if r.get("state") and r["state"] != state:
            raise InputError(
                Msg("err.state_by_times", state=word("visit_state", state)),
                col["state"],
                word("visit_state", r["state"]),
            )
        started = datetime.fromisoformat(r["started_at"])
        appointment = datetime.fromisoformat(r["appointment_at"]) if r.get("appointment_at") else None
        try:
            rules.check_start(r["method"], started, appointment, ctx.policy)
        except CommsError as exc:  # the desk's rule names its options; a file's row names its columns
            named = col["appointment_at"] if exc.field == "--appointment" else col["started_at"]
            raise type(exc)(exc.message, named, exc.value if exc.value is not None else "") from None
        submit_due = clock.fmt(rules.submit_due(started, ctx.policy))
        return dict(
            office_id=office_id,
            household_id=hid,
            cycle=r.get("cycle"),
            visitors=json.dumps([{"name": n, "role": staff[n]["role"]} for n in names], ensure_ascii=False),
            method=r["method"],
            appointment_at=r.get("appointment_at"),
            started_at=r["started_at"],
            signed=r.get("signed"),
            submit_due=submit_due,
            submitted_at=r.get("submitted_at"),
            submitted_late=None if not r.get("submitted_at") else int(r["submitted_at"] > submit_due),
            reviewed_at=r.get("reviewed_at"),
            reviewed_by=r.get("reviewed_by"),
            state=state,
            created_at=self.at,
            created_by=self.by,
            _items=items,
        )

    def lookup(self, store, keys: list) -> dict:
        return dict.fromkeys(q.visits_by_key(store, keys), True)

    def values(self, store, r: dict, key) -> dict:
        row = r["_row"]
        office_id, hid = row["office_id"], row["household_id"]
        item = next(
            (i for i in self.plan_items.get((hid, row["started_at"][:7]), ()) if i["id"] not in self.taken), None
        )
        if item is not None:
            self.taken.add(item["id"])
        if office_id not in self.cycles:
            self.cycles[office_id] = q.current_cycle(store, office_id)
        if row["cycle"] is None:
            row["cycle"] = item["cycle"] if item else self.cycles[office_id]
        self.cycles[office_id] = max(self.cycles[office_id], row["cycle"])
        row["plan_item_id"] = item["id"] if item else None
        return row

    def write(self, store, rows: list) -> tuple:
        """The batch's visits in one executemany, then their items, each linked to the ticket its review
        raised when the store holds that ticket (one look for the batch)."""
        wanted = []
        for row in rows:
            if row["state"] == "reviewed":
                for _category, kind, said, *_ in row["_items"]:
                    if kind in rules.TICKET_OF:
                        wanted.append(
                            (row["office_id"], row["household_id"], row["reviewed_at"], rules.TICKET_OF[kind], said)
                        )
        tickets = q.raised_tickets(store, wanted) if wanted else {}
        items = [{k: v for k, v in row.items() if k != "_items"} for row in rows]
        first, last = q.insert_visits(store, items)
        lines = []
        for vid, row in zip(range(first, last + 1), rows, strict=True):
            for category, kind, said, *feedback in row["_items"]:
                tid = None
                if row["state"] == "reviewed" and kind in rules.TICKET_OF:
                    tid = tickets.get(
                        (row["office_id"], row["household_id"], row["reviewed_at"], rules.TICKET_OF[kind], said)
                    )
                lines.append((vid, category, kind, said, tid, *feedback))
        q.insert_visit_items(store, lines)
        return first, last


run = Visits.run
