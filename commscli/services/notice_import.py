"""Historical notices from a sheet (通知单 / 公告 kept in Excel), read by the one import loop (io/importer.py).

Natural key: office + kind + title + effective_from (the same notice announces the same start under the same
title), so a re-import changes nothing. Each row is judged by the rules a notice recorded at the desk is
(services/notices.new_notice, domain/notices.breaches with the policy in force and the working-day calendar):
its period, pest control's end and weekend ban, the lead time of its kind on ``posted_at`` (when residents
were told), the department's notice, the "within N working days after" kinds on ``since``. A row that breaks
its kind's rule is refused naming the column, as the desk refuses it, unless it is an emergency with its
reason: then it is recorded as a breach and counts among the monthly report's lead-time breaches (all of
them emergencies). Its deadline (``due_by``), the policy values used and the breaches are stored as the
desk stores them.

Beyond the desk's columns: ``first_posting_at`` (the posting recorded; blank: planned, not posted yet, and
`report due` asks for it), ``households`` (a one-to-one notice's households as ``building/room``; they were
told at ``first_posting_at``), ``withdrawn_at`` with ``withdraw_reason`` (a withdrawn notice is exported and
imported as withdrawn). Not carried: where and how each posting was made (notice_postings), a household's
confirmation, the survey or ticket a notice names, the form's number.
"""

from datetime import datetime

from commscli import clock
from commscli.domain import notices as rules
from commscli.domain.fields import Field, local_time, name_list, prose, text, yes_no
from commscli.errors import CommsError, InputError
from commscli.io import importer
from commscli.labels import Both, Msg, moment
from commscli.services.notices import judgement
from commscli.store import notices as q

PAST = ("posted_at", "dept_notified_at", "since", "first_posting_at", "withdrawn_at")  # happened: not ahead of now


def household_list(value, name):
    """``3栋/101、5栋/202`` → [(building, room), …]."""
    out = []
    for item in name_list(value, name):
        building, sep, room = item.rpartition("/")
        if not sep or not building.strip() or not room.strip():
            raise InputError(Msg("err.household_item"), name, item)
        out.append((building.strip(), room.strip()))
    return out


def spec(tz: str) -> tuple:
    when = local_time(tz)

    return (
        Field("office", "管理处", text, required=True),
        Field("kind", "类型", rules.KIND.parse, required=True, aliases=("通知类型",)),
        Field("issuer", "发布方", rules.ISSUER.parse, default="cs", aliases=("发布单位",)),
        Field("title", "标题", text, required=True, aliases=("通知标题",)),
        Field("body", "内容", prose, required=True, aliases=("通知内容", "正文")),
        Field("advice", "温馨提示", text, aliases=("提示",)),
        Field("effective_from", "生效时间", when, required=True, aliases=("开始时间",)),
        Field("effective_to", "截止时间", when, aliases=("结束时间",)),
        Field("posted_at", "张贴时间", when, required=True, aliases=("告知时间", "发布时间")),
        Field("dept_notified_at", "部门通知时间", when),
        Field("since", "起算时间", when),
        Field("emergency", "紧急", yes_no, default=0, aliases=("紧急情况",)),
        Field("reason", "紧急原因", text),
        Field("households", "告知业户", household_list, aliases=("业户",)),
        Field("first_posting_at", "首次张贴", when, aliases=("张贴记录时间",)),
        Field("withdrawn_at", "撤回时间", when),
        Field("withdraw_reason", "撤回原因", text),
    )


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _column(option: str) -> str:
    """A rule's option (``--posted-at``) as the import's column (``posted_at``)."""
    return option.lstrip("-").replace("-", "_")


class Notices(importer.Records):
    """The notice rows of the one import loop; natural key: office + kind + title + effective_from."""

    table = "notices"

    def columns(self, ctx) -> tuple:
        return spec(ctx.policy.office_timezone)

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.households: dict = {}

    def prepare(self, store, rows: list):
        """The batch's households, one look per office (the unique index)."""
        keys = [(self.office_ids.get(r.get("office")), *k) for r in rows for k in r.get("households") or ()]
        self.households = {k: h["id"] for k, h in self.households_of(store, keys).items()}

    def key(self, store, r: dict):
        row, addressed = self.build(r)
        r.clear()
        r["_row"], r["_addressed"] = row, addressed
        return (row["office_id"], row["kind"], row["title"], row["effective_from"])

    def build(self, r: dict) -> tuple[dict, list[int]]:
        """A cleaned row → the notice's columns and the ids of the households it is addressed to (raises
        naming the column)."""
        ctx = self.ctx
        office_id = self.office_ids.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), "office", r["office"])
        kind = r["kind"]
        for name in PAST:
            if r.get(name):
                clock.happened(_dt(r[name]), ctx.now, ctx.policy.future_tolerance_minutes, name)
        start, end = r["effective_from"], r.get("effective_to")
        if end and end <= start:
            raise InputError(Msg("err.notice_period"), "effective_to", end)
        if kind == "pest" and not end:
            raise InputError(Msg("err.notice_pest_end"), "effective_to", "")
        wanted = list(dict.fromkeys(r.get("households") or ()))
        if kind in rules.ONE_TO_ONE and not wanted:
            what = Both(rules.KIND.name(kind, "zh"), rules.KIND.name(kind, "en"))
            raise InputError(Msg("err.notice_households", kind=what), "households", "")
        if wanted and kind not in rules.ONE_TO_ONE:
            raise InputError(Msg("err.notice_households_only"), "households", "/".join(wanted[0]))
        addressed = []
        for building, room in wanted:
            hid = self.households.get((office_id, building, room))
            if hid is None:
                raise InputError(Msg("err.no_household"), "households", f"{building}/{room}")
            addressed.append(hid)
        emergency = bool(r.get("emergency"))
        reason = r.get("reason")
        if emergency and not reason:
            raise InputError(Msg("err.notice_reason"), "reason", "")
        if r.get("withdrawn_at") and not r.get("withdraw_reason"):
            raise InputError(Msg("err.reason_required"), "withdraw_reason", "")
        if r.get("withdraw_reason") and not r.get("withdrawn_at"):
            raise InputError(Msg("err.reason_alone", column="withdrawn_at"), "withdrawn_at", "")
        if r.get("withdrawn_at") and r["withdrawn_at"] < r["posted_at"]:
            said = Msg("err.lies_before", what=Msg("field.posted_at"), at=moment(r["posted_at"]))
            raise InputError(said, "withdrawn_at", r["withdrawn_at"])
        since = r.get("since")
        facts = rules.Facts(kind, _dt(start), _dt(end), _dt(r["posted_at"]), _dt(r.get("dept_notified_at")), _dt(since))
        found = rules.breaches(facts, ctx.policy, ctx.calendar)
        if found and not emergency:
            try:
                rules.refuse(found, kind)
            except CommsError as exc:  # the desk's line, naming the import's column and its emergency columns
                said = exc.message
                if isinstance(said, Msg) and said.key in ("err.notice_late", "err.notice_missing", "err.notice_ban"):
                    said = Msg(said.key.replace("err.", "err.import_", 1), **said.params)
                raise type(exc)(said, _column(exc.field), exc.value if exc.value is not None else "") from None
        row = dict(
            office_id=office_id,
            kind=kind,
            issuer=r.get("issuer") or "cs",
            title=r["title"],
            body=r["body"],
            advice=r.get("advice"),
            effective_from=start,
            effective_to=end,
            posted_at=r["posted_at"],
            dept_notified_at=r.get("dept_notified_at"),
            since=since,
            **judgement(ctx, kind, facts, found),
            emergency=int(emergency),
            reason=reason,
            first_posting_at=r.get("first_posting_at"),
            withdrawn_at=r.get("withdrawn_at"),
            withdraw_reason=r.get("withdraw_reason"),
            created_at=self.at,
            created_by=self.by,
        )
        return row, addressed

    def lookup(self, store, keys: list) -> dict:
        return dict.fromkeys(q.notices_by_key(store, keys), True)

    def values(self, store, r: dict, key) -> tuple:
        return r["_row"], r["_addressed"]

    def write(self, store, rows: list) -> tuple:
        return q.insert_notices(store, [n for n, _ in rows], [a for _, a in rows])


run = Notices.run
