"""Historical tickets from CSV (paper or Excel history) with their step times.

Read by the one import loop (io/importer.py): all or nothing unless --skip-bad; natural key: the
paper form's ``ref`` when given, else office + household + report time + kind + description, so a re-import
changes nothing. Deadlines are computed with the policy in force and stored, as for a ticket
recorded at the desk.
"""

from datetime import datetime

from commscli import clock
from commscli.domain import tickets as rules
from commscli.domain.fields import Field, local_time, phone, prose, text
from commscli.errors import InputError
from commscli.io import importer
from commscli.labels import Both, Msg, moment, say
from commscli.services.tickets import received
from commscli.store import registry
from commscli.store import tickets as q

STEPS = ("reported_at", "dispatched_at", "arrived_at", "resolved_at", "replied_at", "closed_at")
STATE_AFTER = {
    "reported_at": "received",
    "dispatched_at": "dispatched",
    "arrived_at": "on_site",
    "resolved_at": "resolved",
    "replied_at": "replied",
    "closed_at": "closed",
}


def spec(tz: str) -> tuple:
    when = local_time(tz)

    return (
        Field("ref", "编号", text, aliases=("单号", "表单编号")),
        Field("office", "管理处", text, required=True),
        Field("building", "楼栋", text),
        Field("room", "房号", text),
        Field("caller_name", "来电人", text, aliases=("姓名", "客户")),
        Field("caller_phone", "电话", phone, aliases=("来电电话", "联系电话")),
        Field("kind", "类型", rules.KIND.parse, required=True),
        Field("channel", "渠道", rules.CHANNEL.parse, default="hotline"),
        Field("category", "类别", rules.CATEGORY.parse, aliases=("内容类别",)),
        Field("priority", "紧急程度", rules.PRIORITY.parse),
        Field("description", "内容", text, required=True, aliases=("情况描述", "诉求内容")),
        Field("reported_at", "报告时间", when, required=True, aliases=("受理时间",)),
        Field("agreed_at", "约定时间", when),
        Field("dispatched_at", "派工时间", when),
        Field("dispatched_to", "派工对象", text, aliases=("处理人", "处理部门")),
        Field("arrived_at", "到场时间", when),
        Field("resolved_at", "完成时间", when, aliases=("处理时间",)),
        Field("resolution", "处理结果", prose),
        Field("replied_at", "回复时间", when),
        Field("reply_method", "回复方式", rules.REPLY_METHOD.parse),
        Field("reply_text", "回复内容", prose),
        Field("closed_at", "关闭时间", when),
        Field("cause", "原因分析", prose),
        Field("prevention", "预防措施", prose),
    )


def build_row(store, ctx, r: dict, office_ids: dict, by: str, households: dict | None = None) -> dict:
    """A validated row → the ticket's columns (raises InputError/RuleError naming the field). ``households``:
    (office id, building, room) → household id, looked up for a batch beforehand (else one look here)."""
    office_id = office_ids.get(r["office"])
    if office_id is None:
        raise InputError(Msg("err.no_such_office"), "office", r["office"])
    household_id = None
    if r.get("building") or r.get("room"):
        if households is not None:
            hit = households.get((office_id, r.get("building"), r.get("room")))
        else:
            hit = registry.household_in_office(store, office_id, r.get("building"), r.get("room"))
        if hit is None:
            raise InputError(Msg("err.no_household"), "household", f"{r.get('building')}/{r.get('room')}")
        household_id = hit["id"]
    elif not (r.get("caller_name") or r.get("caller_phone")):
        raise InputError(Msg("err.household_or_caller"), "household", "")
    kind = r["kind"]
    priority = r.get("priority") or ("normal" if kind == "repair" else None)
    if priority and kind != "repair":
        raise InputError(Msg("err.only_repairs_priority"), "priority", priority)
    last = None
    for step in STEPS:
        value = r.get(step)
        if value is None:
            continue
        clock.happened(datetime.fromisoformat(value), ctx.now, ctx.policy.future_tolerance_minutes, step)
        if last is not None and value < r[last]:
            raise InputError(Msg("err.lies_before", what=Msg(f"field.{last}"), at=moment(r[last])), step, value)
        last = step
    if r.get("replied_at") and not r.get("resolved_at"):
        raise InputError(Msg("err.reply_needs_resolution"), "resolved_at", "")
    if r.get("closed_at") and not r.get("replied_at"):
        raise InputError(Msg("err.close_needs_reply"), "replied_at", "")
    without_visit = int(kind == "repair" and bool(r.get("resolved_at")) and not r.get("arrived_at"))
    row = dict(
        **received(ctx, r, office_id, household_id, priority, by),
        state=STATE_AFTER[last],
        dispatched_at=r.get("dispatched_at"),
        dispatched_to=r.get("dispatched_to"),
        arrived_at=r.get("arrived_at"),
        without_visit=without_visit,
        resolved_at=r.get("resolved_at"),
        resolution=r.get("resolution"),
        replied_at=r.get("replied_at"),
        reply_method=r.get("reply_method"),
        reply_text=r.get("reply_text"),
        closed_at=r.get("closed_at"),
        cause=r.get("cause"),
        prevention=r.get("prevention"),
        analysed_at=r.get("closed_at") if r.get("cause") else None,
        reply_due=clock.fmt(rules.reply_due(datetime.fromisoformat(r["resolved_at"]), ctx.policy))
        if r.get("resolved_at")
        else None,
        last_at=r[last],
        source=by,
        created_at=clock.fmt(ctx.now),
        created_by=by,
    )
    if row["state"] == "closed":
        blockers = rules.close_blockers(row, [])
        if blockers:
            said = Both("；".join(say(b, "zh") for b in blockers), "; ".join(blockers))
            raise InputError(Msg("err.cannot_be_closed", blockers=said), "closed_at", r["closed_at"])
    row["open_due"] = rules.open_due(row)
    return row


class Tickets(importer.Records):
    """The ticket rows of the one import loop; natural key: ``ref`` when given, else office + household +
    report time + kind + description."""

    table = "tickets"
    batch = 2000  # a ticket is large (some 40 columns): a smaller batch keeps the import within its memory

    def columns(self, ctx) -> tuple:
        return spec(ctx.policy.office_timezone)

    def prepare(self, store, rows: list):
        """The batch's households, in one look per office (by the unique index)."""
        self.households = self.households_of(
            store,
            [
                (self.office_ids.get(r["office"]), r["building"], r["room"])
                for r in rows
                if r.get("building") and r.get("room")
            ],
        )

    def key(self, store, r: dict):
        row = build_row(store, self.ctx, r, self.office_ids, self.by, self.households)
        r.clear()  # the cleaned cells are in the ticket now: a batch holds each row once
        r["_row"] = row  # written as values()
        if row["ref"]:
            return ("ref", row["office_id"], row["ref"])
        # two requests raised at one visit share household, time and kind: their text tells them apart
        return ("nat", row["office_id"], row["household_id"], row["reported_at"], row["kind"], row["description"])

    def lookup(self, store, keys: list) -> dict:
        refs = [k[1:] for k in keys if k[0] == "ref"]
        natural = [k[1:] for k in keys if k[0] == "nat"]
        return dict.fromkeys(q.tickets_by_key(store, refs, natural), True)

    def values(self, store, r: dict, key) -> dict:
        return r["_row"]

    def write(self, store, rows: list) -> tuple:
        return q.insert_tickets(store, rows)


run = Tickets.run
