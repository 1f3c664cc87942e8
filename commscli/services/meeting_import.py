"""Historical meetings from a sheet (the meeting register kept in Excel), read by the one import loop
(io/importer.py).

Natural key: office + type + department + starts_at, so a re-import changes nothing. Each row is checked as
`meeting new` checks a meeting (services/meetings.new_meeting): the end after the start, a department for a
department meeting only, the agenda sent before the start, the chair and the minute-taker registered staff by
name (of the meeting's office first, else the one of that name in another office; one who has left since
still names a past meeting). Its flags (agenda lead time, length, a company meeting's departments missing),
agenda deadline, minutes deadline and the cadence slot it fills are worked out as for a meeting recorded at
the desk, so an imported meeting counts against its cadence (`report monthly`, `meeting plan`, `report due`)
as that one would; a held meeting takes a slot before a planned one of the same file and batch.

The state follows from the times: ``cancelled_at`` (with its ``cancel_reason``) cancelled; minutes recorded
(``minutes_at``) held; otherwise planned when it starts after now, else held. A ``state`` column may say
planned for a past meeting that was never held; a state the times contradict is a bad row naming ``state``.
``distributed_at`` and ``approved_at`` (部门间交流会 / 主任论坛 only) come after ``minutes_at``.

Not carried: who was asked and who signed in (attendance), the minutes' text, topics and speakers, the
resolutions and their progress (`meeting resolution …`), each distribution's recipient, the agenda's text.
"""

from datetime import date, datetime, time, timedelta

from commscli import clock
from commscli.domain import meetings as rules
from commscli.domain.fields import Field, local_time, text
from commscli.domain.tasks import DEPT
from commscli.errors import InputError
from commscli.io import importer
from commscli.labels import Msg, moment
from commscli.services import meetings as desk
from commscli.store import meetings as q
from commscli.store import records

PAST = ("agenda_sent_at", "minutes_at", "distributed_at", "approved_at", "cancelled_at")  # not ahead of now


def spec(tz: str) -> tuple:
    when = local_time(tz)

    return (
        Field("office", "管理处", text, required=True),
        Field("type", "会议类型", rules.TYPE.parse, required=True, aliases=("会议",)),
        Field("dept", "部门", DEPT.parse),
        Field("title", "会议名称", text, aliases=("名称", "主题")),
        Field("starts_at", "开始时间", when, required=True, aliases=("会议时间",)),
        Field("ends_at", "结束时间", when, required=True),
        Field("place", "地点", text, aliases=("会议地点",)),
        Field("chair", "主持人", text, aliases=("主持",)),
        Field("minute_taker", "记录人", text, aliases=("记录",)),
        Field("agenda_sent_at", "议程发出", when, aliases=("议程发出时间",)),
        Field("state", "状态", rules.STATE.parse),
        Field("minutes_at", "纪要时间", when, aliases=("纪要记录时间",)),
        Field("distributed_at", "纪要分发", when, aliases=("纪要分发时间",)),
        Field("approved_at", "批准时间", when, aliases=("审批时间",)),
        Field("cancelled_at", "取消时间", when),
        Field("cancel_reason", "取消原因", text),
    )


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _bounds(first: date, last: date, tz) -> tuple[str, str]:
    """The days [first, last] as times [start, end) in the office's zone (as services/meetings bounds a window)."""
    return (
        clock.fmt(datetime.combine(first, time(), tzinfo=tz)),
        clock.fmt(datetime.combine(last + timedelta(days=1), time(), tzinfo=tz)),
    )


def _before(column: str, value: str, what: str, at: str):
    said = Msg("err.lies_before", what=Msg(f"field.{what}"), at=moment(at))
    return InputError(said, column, value)


class Meetings(importer.Records):
    """The meeting rows of the one import loop; natural key: office + type + dept + starts_at."""

    table = "meetings"

    def columns(self, ctx) -> tuple:
        return spec(ctx.policy.office_timezone)

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self._store = store
        self.hq = desk.hq_office_id(store, self.ctx.policy)
        self.cadences: dict = {}  # office id → (types on its cadence, its STOP programme's spans)
        self.staff: dict = {}
        self.holders: dict = {}  # (office, type, slot) → state of the stored meeting holding it (this batch)
        self.claimed: dict = {}  # (office, type, slot) → the row of this batch holding it
        self.depts: dict = {}  # office id → [(dept, starts_at)] of department meetings stored or in this batch

    def _cadence(self, office_id: int):
        if office_id not in self.cadences:
            self.cadences[office_id] = desk.cadence(self._store, self.ctx.policy, office_id, office_id == self.hq)
        return self.cadences[office_id]

    def prepare(self, store, rows: list):
        """One look each for the batch's staff, the stored meetings holding its rows' cadence slots and the
        department meetings before its company meetings."""
        names = sorted({r[c] for r in rows for c in ("chair", "minute_taker") if r.get(c)})
        self.staff = q.staff_by_names(store, names) if names else {}
        self.claimed, slots, windows = {}, [], {}
        for r in rows:
            office_id = self.office_ids.get(r.get("office"))
            if office_id is None or not r.get("starts_at"):
                continue
            slot = self._slot(office_id, r)
            if slot:
                slots.append((office_id, r["type"], slot.key))
            if r["type"] == "company" and self._checks_departments(office_id):
                first, last = rules.dept_window(_dt(r["starts_at"]).date(), self.ctx.policy, self.ctx.calendar)
                lo, hi = windows.get(office_id, (first, last))
                windows[office_id] = (min(lo, first), max(hi, last))
        self.holders = q.slot_holders(store, slots) if slots else {}
        tz = self.ctx.now.tzinfo
        self.depts = {}
        for office_id, (first, last) in windows.items():
            lo, hi = _bounds(first, last, tz)
            self.depts[office_id] = q.dept_meetings_between(store, office_id, lo, hi)

    def _slot(self, office_id: int, r: dict):
        types, runs = self._cadence(office_id)
        if r["type"] not in types:
            return None
        day = _dt(r["starts_at"]).date()
        return rules.slot_for(r["type"], day, self.ctx.policy, self.ctx.calendar, r.get("dept"), runs)

    def _checks_departments(self, office_id: int) -> bool:
        return "dept" in self.ctx.policy.meeting_cadence_types and office_id == self.hq

    def _person(self, name: str, office_id: int, column: str) -> int:
        found = self.staff.get(name) or []
        own = [s for s in found if s["office_id"] == office_id]
        if own:
            return own[0]["id"]
        if len(found) == 1:
            return found[0]["id"]
        if not found:
            raise InputError(Msg("err.meeting_no_staff"), column, name)
        offices = ", ".join(s["office"] for s in found)
        raise InputError(Msg("err.meeting_staff_ambiguous", offices=offices), column, name)

    def key(self, store, r: dict):
        row = self.build(r)
        r.clear()
        r["_row"] = row
        return (row["office_id"], row["type"], row["dept"], row["starts_at"])

    def build(self, r: dict) -> dict:
        """A cleaned row → the meeting's columns but its cadence slot (given in ``values``); raises naming the
        column."""
        ctx, policy = self.ctx, self.ctx.policy
        office_id = self.office_ids.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), "office", r["office"])
        kind = r["type"]
        if kind == "dept" and not r.get("dept"):
            raise InputError(Msg("err.meeting_dept"), "dept", "")
        if r.get("dept") and kind != "dept":
            raise InputError(Msg("err.meeting_dept_only"), "dept", r["dept"])
        starts, ends = _dt(r["starts_at"]), _dt(r["ends_at"])
        if ends <= starts:
            raise InputError(Msg("err.meeting_ends"), "ends_at", r["ends_at"])
        for name in PAST:
            if r.get(name):
                clock.happened(_dt(r[name]), ctx.now, policy.future_tolerance_minutes, name)
        chair = self._person(r["chair"], office_id, "chair") if r.get("chair") else None
        taker = self._person(r["minute_taker"], office_id, "minute_taker") if r.get("minute_taker") else None
        sent = _dt(r.get("agenda_sent_at"))
        if sent and sent > starts:
            raise InputError(Msg("err.meeting_agenda_after"), "agenda_sent_at", r["agenda_sent_at"])
        minutes, distributed, approved = r.get("minutes_at"), r.get("distributed_at"), r.get("approved_at")
        if minutes and minutes < r["starts_at"]:
            raise InputError(Msg("err.meeting_minutes_before", starts=r["starts_at"]), "minutes_at", minutes)
        for column, value in (("distributed_at", distributed), ("approved_at", approved)):
            if value and not minutes:
                raise InputError(Msg("err.meeting_no_minutes"), "minutes_at", "")
            if value and value < minutes:
                raise _before(column, value, "minutes_at", minutes)
        if approved and kind not in rules.NEEDS_APPROVAL:
            raise InputError(Msg("err.meeting_no_approval"), "approved_at", approved)
        cancelled, reason = r.get("cancelled_at"), r.get("cancel_reason")
        if cancelled and not reason:
            raise InputError(Msg("err.reason_required"), "cancel_reason", "")
        if reason and not cancelled:
            raise InputError(Msg("err.reason_alone", column="cancelled_at"), "cancelled_at", "")
        state = "cancelled" if cancelled else "held" if minutes or starts <= ctx.now else "planned"
        given = r.get("state")
        if given and given != state:
            if given == "cancelled":
                raise InputError(Msg("err.reason_alone", column="cancelled_at"), "cancelled_at", "")
            if not (given == "planned" and state == "held" and not minutes):  # planned, never held
                why = Msg("err.import_state", state=Msg(f"meeting_state.{state}"))
                raise InputError(why, "state", given)
            state = given
        found = rules.flags(kind, starts, ends, sent, policy, ctx.now)
        return dict(
            office_id=office_id,
            type=kind,
            dept=r.get("dept"),
            title=r.get("title"),
            starts_at=r["starts_at"],
            ends_at=r["ends_at"],
            place=r.get("place"),
            chair_id=chair,
            minute_taker_id=taker,
            agenda_sent_at=r.get("agenda_sent_at"),
            **desk.timing(ctx, kind, starts, sent),
            state=state,
            cadence_key=None,
            flags=[f.to_dict() for f in found],
            minutes_at=minutes,
            distributed_at=distributed,
            approved_at=approved,
            cancelled_at=cancelled,
            cancel_reason=reason,
            created_at=self.at,
            created_by=self.by,
        )

    def lookup(self, store, keys: list) -> dict:
        return dict.fromkeys(q.meetings_by_key(store, keys), True)

    def values(self, store, r: dict, key) -> dict:
        """The row with the cadence slot it fills (a cancelled meeting fills none; a held one takes a slot from a
        planned one of this batch) and, for a held company meeting, the departments that did not meet before it."""
        row = r["_row"]
        office_id, kind = row["office_id"], row["type"]
        if row["state"] != "cancelled":
            slot = self._slot(office_id, {"type": kind, "starts_at": row["starts_at"], "dept": row["dept"]})
            if slot:
                k = (office_id, kind, slot.key)
                other = self.claimed.get(k)
                if k not in self.holders and other is None:
                    row["cadence_key"], self.claimed[k] = slot.key, row
                elif other is not None and other["state"] == "planned" and row["state"] == "held":
                    other["cadence_key"], row["cadence_key"], self.claimed[k] = None, slot.key, row
        if kind == "dept" and row["state"] != "cancelled" and office_id in self.depts:
            self.depts[office_id].append((row["dept"], row["starts_at"]))
        if kind == "company" and row["state"] == "held" and self._checks_departments(office_id):
            row["flags"] += [f.to_dict() for f in self._missing(office_id, _dt(row["starts_at"]).date())]
        return row

    def _missing(self, office_id: int, day: date) -> list:
        """desk.missing_departments over the stored department meetings and this batch's."""
        first, last = rules.dept_window(day, self.ctx.policy, self.ctx.calendar)
        tz = self.ctx.now.tzinfo
        lo, hi = _bounds(first, last, tz)
        met = {d for d, at in self.depts.get(office_id, ()) if lo <= at < hi}
        return [rules.Flag("meeting_departments", "--dept", d, None) for d in self.ctx.policy.meeting_departments
                if d not in met]  # fmt: skip

    def write(self, store, rows: list) -> tuple:
        for row in rows:
            flags = row["flags"]
            row["flagged"] = int(bool(flags))
            row["flags"] = records.dump(flags)
        self.claimed = {}
        return q.insert_meetings(store, rows)


run = Meetings.run
