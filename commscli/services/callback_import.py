"""Historical callbacks (回访记录) from a sheet, through the one import loop (io/importer.py).

What a row follows up is named by what an office's sheet has and what survives a round trip, never by this
store's ids:

- a ticket's callback (complaint, escalation, sample, special, major_check): the ticket by its natural key
  as the ticket export writes it, ``ticket_ref`` when the ticket has one, else the household (``building`` +
  ``room``, blank for a caller without one) + ``ticket_reported_at`` + ``ticket_description``; the ticket's
  kind follows from the callback's (a complaint's and an escalation's callback follow a complaint, the
  others a repair). The callback's household is the ticket's.
- a household's callback (new_resident, survey): ``building`` + ``room``; no ticket columns.

The due time is the file's when it gives one; left blank it is computed by the rule the desk uses where the
row says enough: a complaint's callback ``callback_complaint_hours`` after the ticket's resolution, a
special callback ``callback_special_hours`` after its re-repair was reported, a major-defect check
``major_defect_check_days`` after the repair was reported, a new resident's by the end of the day
``new_resident_callback_months`` after the move-in; a sample's, an escalation's and a survey's callback need
it in the file (their start, the draw, the escalation, the survey's close, is no column of a ticket or
household).

The state follows from the row: ``done_at`` → done (with ``method`` and ``result``; ``satisfaction``,
``defect_persists``, ``recorded_by`` only then), ``cancel_reason`` → cancelled, else open; a ``state``
column, when given, must say the same. A result without its time, a time before the ticket was reported,
both a time and a cancellation, a persisting defect on another callback than a repair's: a bad row naming
the column.

Natural key: a ticket's callback is its ticket + kind + due time; a new resident's callback is the
household's one (the desk opens one per household); a survey's callback the household + due time. A callback
the store owes already under the same key, open, which the file says was made (or cancelled) gets the
file's outcome, with its own event, as ``callback record`` would give it: the household import opens the
new-resident callbacks of recent move-ins, and the callback file then records them. A stored callback the file
describes otherwise is a changed row (listed; exit 3). Not kept: the weekly sample a callback was drawn in
and the re-repair ticket a persisting defect opened (the ticket file holds that ticket; no id links them).
"""

from datetime import datetime

from commscli import clock
from commscli.domain import callbacks as rules
from commscli.domain.fields import Choice, Field, local_time, prose, text, yes_no
from commscli.errors import InputError
from commscli.io import importer
from commscli.labels import Msg, moment
from commscli.store import callbacks as q
from commscli.store import records, registry
from commscli.store import tickets as tq

# the ticket a callback of each kind follows up (None: a household's callback)
TICKET_KIND = {
    "complaint": "complaint",
    "escalation": "complaint",
    "sample": "repair",
    "special": "repair",
    "major_check": "repair",
    "new_resident": None,
    "survey": None,
}
OWED_BY = Choice("owed_by", {"office": (), "quality": ("品质部", "公司")})
OUTCOME = ("method", "result", "satisfaction", "defect_persists", "recorded_by")
COLUMNS = (  # the row's columns written beside office, kind, ticket, household
    "owed_by",
    "due_at",
    "state",
    "done_at",
    "method",
    "result",
    "satisfaction",
    "defect_persists",
    "recorded_by",
    "cancel_reason",
)


def spec(tz: str) -> tuple:
    when = local_time(tz)

    def owed_by(value, name):  # the office, the quality department, or the staff member who makes the calls
        try:
            return OWED_BY.parse(value, name)
        except InputError:
            return text(value, name)

    return (
        Field("office", "管理处", text, required=True),
        Field("kind", "回访类型", rules.KIND.parse, required=True, aliases=("类型",)),
        Field("building", "楼栋", text),
        Field("room", "房号", text),
        Field("ticket_ref", "工单编号", text, aliases=("单号",)),
        Field("ticket_reported_at", "工单报告时间", when, aliases=("报修时间", "受理时间", "报告时间")),
        Field("ticket_description", "工单内容", text, aliases=("维修内容", "报修内容", "投诉内容")),
        Field("owed_by", "回访方", owed_by, default="office"),
        Field("due_at", "应回访时间", when, aliases=("回访期限",)),
        Field("state", "状态", rules.STATE.parse, aliases=("回访状态",)),
        Field("done_at", "回访时间", when, aliases=("回访日期",)),
        Field("method", "回访方式", rules.METHOD.parse),
        Field("result", "回访结果", prose, aliases=("回访内容", "客户意见")),
        Field("satisfaction", "满意度", rules.SATISFACTION.parse, aliases=("满意程度",)),
        Field("defect_persists", "问题仍在", yes_no, aliases=("问题是否仍在",)),
        Field("recorded_by", "回访人", text),
        Field("cancel_reason", "取消原因", text),
    )


class Callbacks(importer.Records):
    """The callback rows of the one import loop (see the module's note for the key and the states)."""

    table = "callbacks"

    def columns(self, ctx) -> tuple:
        return spec(ctx.policy.office_timezone)

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.staff: dict[int, dict] = {}  # office id → name → staff, every one (a historical caller may have left)
        self.households: dict = {}
        self.tickets: dict = {}
        self.rows: dict = {}  # the batch's keys → their rows, to tell an owed callback the file records
        self.owed: dict = {}  # key → the id of the stored open callback the row records
        self.first = self.last = None
        self.recorded = 0

    def prepare(self, store, rows: list):
        """The batch's households, then its tickets: one look each per office."""
        self.rows, self.owed = {}, {}
        self.households = self.households_of(
            store,
            [
                (self.office_ids.get(r["office"]), r["building"], r["room"])
                for r in rows
                if r.get("building") and r.get("room")
            ],
            "r.id, r.building, r.room, r.move_in",
        )
        refs, natural = set(), set()
        for r in rows:
            office_id = self.office_ids.get(r["office"])
            kind = TICKET_KIND.get(r["kind"])
            if office_id is None or kind is None:
                continue
            if r.get("ticket_ref"):
                refs.add((office_id, r["ticket_ref"]))
            elif r.get("ticket_reported_at") and r.get("ticket_description"):
                h = self.households.get((office_id, r.get("building"), r.get("room")))
                hid = h["id"] if h else None
                natural.add((office_id, hid, r["ticket_reported_at"], kind, r["ticket_description"]))
        self.tickets = tq.ticket_rows_by_key(store, sorted(refs), sorted(natural, key=str))

    def _household(self, office_id, r):
        if not (r.get("building") or r.get("room")):
            return None
        h = self.households.get((office_id, r.get("building"), r.get("room")))
        if h is None:
            raise InputError(Msg("err.no_household"), "household", f"{r.get('building')}/{r.get('room')}")
        return h

    def _ticket(self, office_id, r, h):
        kind = TICKET_KIND[r["kind"]]
        if r.get("ticket_ref"):
            t = self.tickets.get(("ref", office_id, r["ticket_ref"]))
            if t is None:
                raise InputError(Msg("err.no_ticket_ref"), "ticket_ref", r["ticket_ref"])
            if h is not None and t["household_id"] != h["id"]:
                raise InputError(Msg("err.callback_other_household"), "room", f"{r.get('building')}/{r.get('room')}")
            if t["kind"] != kind:
                raise InputError(Msg("err.callback_ticket_kind", kind=Msg(f"kind.{kind}")), "ticket_ref", t["ref"])
            return t
        for name in ("ticket_reported_at", "ticket_description"):
            if not r.get(name):
                raise InputError(Msg("err.callback_needs_ticket"), name, "")
        hid = h["id"] if h else None
        t = self.tickets.get(("nat", office_id, hid, r["ticket_reported_at"], kind, r["ticket_description"]))
        if t is None:
            raise InputError(
                Msg("err.no_such_ticket", kind=Msg(f"kind.{kind}")), "ticket_description", r["ticket_description"]
            )
        return t

    def _due(self, r, t, h) -> str:
        if r.get("due_at"):
            return r["due_at"]
        kind, start = r["kind"], None  # the moment the desk's rule counts from
        if kind == "complaint" and t.get("resolved_at"):
            start = t["resolved_at"]
        elif kind in ("special", "major_check"):
            start = t["reported_at"]
        elif kind == "new_resident" and h is not None and h.get("move_in"):
            start = h["move_in"]
        if start is None:
            raise InputError(Msg("err.callback_due_needed"), "due_at", "")
        counted = datetime.fromisoformat(start)
        if counted.tzinfo is None:  # a move-in is a day
            counted = counted.replace(tzinfo=self.ctx.now.tzinfo)
        return clock.fmt(rules.due(kind, counted, self.ctx.policy))

    def _state(self, r, t) -> str:
        done, cancelled = r.get("done_at"), r.get("cancel_reason")
        if done and cancelled:
            raise InputError(Msg("err.callback_done_and_cancelled"), "cancel_reason", cancelled)
        for name in OUTCOME:
            if r.get(name) and not done:  # a result without its time: a step after a missing one
                raise InputError(Msg("err.callback_result_needs_time"), "done_at", "")
        state = "done" if done else "cancelled" if cancelled else "open"
        if r.get("state") and r["state"] != state:
            raise InputError(Msg("err.callback_state_disagrees", state=Msg(f"cb_state.{state}")), "state", r["state"])
        if done:
            clock.happened(
                datetime.fromisoformat(done), self.ctx.now, self.ctx.policy.future_tolerance_minutes, "done_at"
            )
            for name in ("method", "result"):
                if not r.get(name):
                    raise InputError(Msg("err.required"), name, "")
            if t is not None and done < t["reported_at"]:
                raise InputError(
                    Msg("err.lies_before", what=Msg("field.ticket_reported_at"), at=moment(t["reported_at"])),
                    "done_at",
                    done,
                )
            if r.get("defect_persists") and (t is None or t["kind"] != "repair"):
                raise InputError(Msg("err.persists_repair_callback"), "defect_persists", r["defect_persists"])
        return state

    def key(self, store, r: dict):
        office_id = self.office_ids.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), "office", r["office"])
        kind = r["kind"]
        h = self._household(office_id, r)
        if TICKET_KIND[kind] is None:
            for name in ("ticket_ref", "ticket_reported_at", "ticket_description"):
                if r.get(name):
                    raise InputError(Msg("err.callback_no_ticket", kind=Msg(f"callback.{kind}")), name, r[name])
            if h is None:
                raise InputError(Msg("err.name_the_household"), "room", "")
            t = None
        else:
            t = self._ticket(office_id, r, h)
        owed_by = r.get("owed_by") or "office"
        if owed_by not in ("office", "quality"):
            if office_id not in self.staff:
                self.staff[office_id] = registry.staff_by_name(store, office_id)
            if owed_by not in self.staff[office_id]:
                raise InputError(Msg("err.not_staff_member", office=r["office"]), "owed_by", owed_by)
        state = self._state(r, t)
        due = self._due(r, t, h)
        row = dict(
            office_id=office_id,
            kind=kind,
            ticket_id=t["id"] if t else None,
            household_id=t["household_id"] if t else h["id"],
            owed_by=owed_by,
            due_at=due,
            state=state,
            done_at=r.get("done_at"),
            method=r.get("method"),
            result=r.get("result"),
            satisfaction=r.get("satisfaction"),
            defect_persists=int(bool(r.get("defect_persists"))),
            recorded_by=r.get("recorded_by"),
            cancel_reason=r.get("cancel_reason"),
            created_at=self.at,
            created_by=self.by,
        )
        r.clear()
        r["_row"] = row
        if t is not None:
            k = ("t", row["ticket_id"], kind, due)
        else:
            k = ("h", row["household_id"], kind, None if kind == "new_resident" else due)
        self.rows[k] = row
        return k

    def lookup(self, store, keys: list) -> dict:
        found = q.callbacks_by_key(store, [k[1:] for k in keys if k[0] == "t"], [k[1:] for k in keys if k[0] == "h"])
        out = {}
        for k in keys:
            c = found.get(k)
            if c is None:
                continue
            row = self.rows.get(k)
            if (
                c["state"] == "open"
                and row is not None
                and row["state"] != "open"
                and self._agrees(c, row, ("owed_by", "due_at"))
            ):
                self.owed[k] = c["id"]  # the store owes it; the file says it was made: recorded as new
                continue
            out[k] = c
        return out

    @staticmethod
    def _agrees(c, row, names) -> bool:
        return all(c.get(n) == row[n] for n in names)

    def changes(self, store, stored, r: dict, key, present: set) -> dict:
        row = r["_row"]
        said = present | ({"state"} if present & {"state", "done_at", "cancel_reason"} else set())
        names = [n for n in COLUMNS if n in said or (n == "due_at" and key[0] == "h")]
        return {n: (stored.get(n), row[n]) for n in names if stored.get(n) != row[n]}

    def values(self, store, r: dict, key) -> dict:
        row = r["_row"]
        if key in self.owed:
            return {"_owed": self.owed[key], **row}
        return row

    def write(self, store, rows: list) -> tuple:
        new = [r for r in rows if "_owed" not in r]
        if new:
            columns = list(new[0])
            first, last = registry.insert_rows(store, "callbacks", columns, [tuple(r[c] for c in columns) for r in new])
            self.first = first if self.first is None else self.first
            self.last = last
        for r in rows:
            if "_owed" in r:
                self._record(store, r)
        return self.first, self.last

    def _record(self, store, r: dict):
        """An owed callback the file says was made or cancelled: its outcome, and the event saying so."""
        cid = r["_owed"]
        changes = {c: r[c] for c in ("state", "done_at", *OUTCOME, "cancel_reason") if r[c] is not None}
        q.update_callback(store, cid, changes)
        action = "record" if r["state"] == "done" else "cancel"
        at = r["done_at"] or self.at
        records.log(store, self.ctx, "callbacks", cid, action, at, by=self.by, before={"state": "open"}, after=changes)
        self.recorded += 1

    def summary(self) -> dict:
        return {"recorded": self.recorded}


run = Callbacks.run
