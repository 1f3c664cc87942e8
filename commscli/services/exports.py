"""Exports of every group an office keeps in Excel (issue 16): each group's column spec, and the one export.

A group that has an import exports exactly its import's columns, built from the import's own field spec
(English name, Chinese header), so what is written is what ``import`` reads back: offices, households,
staff, calendar days, tickets, callbacks, appeals, visits. The groups without an import yet (notices,
meetings) export their record's columns under the names their commands use.

Personal data: an export is the office's own register, meant to be imported again, so names and phones
are written in full (a masked phone would not import); ``--mask`` masks the columns marked personal for a
file that leaves the office. Private visit remarks are never exported.
"""

from datetime import date

from commscli.errors import InputError
from commscli.io import export as out
from commscli.io.export import Column
from commscli.labels import Msg
from commscli.store import exports as q

BATCH = 5000


def _ticket_columns(tz: str) -> tuple:
    from commscli.services.ticket_import import spec

    fields = spec(tz)
    kinds = {f.name: "time" for f in fields if f.name.endswith("_at")}
    return out.columns(fields, kinds, {"caller_name": "name", "caller_phone": "phone"})


def _callback_columns(tz: str) -> tuple:
    from commscli.services.callback_import import spec

    fields = spec(tz)
    kinds = {f.name: "time" for f in fields if f.name.endswith("_at")}
    return out.columns(fields, {**kinds, "defect_persists": "flag"})


def _appeal_columns(tz: str) -> tuple:
    from commscli.services.appeal_import import spec

    fields = spec(tz)
    return out.columns(fields, {f.name: "time" for f in fields if f.name.endswith("_at")}, {"staff": "name"})


def _visit_columns(tz: str) -> tuple:
    from commscli.policy import DEFAULT
    from commscli.services.visit_import import spec

    fields = spec(DEFAULT, tz)
    kinds = {f.name: "time" for f in fields if f.name.endswith("_at")}
    return out.columns(fields, {**kinds, "cycle": "number", "visitors": "list", "signed": "flag"})


def _registry_columns(group: str) -> tuple:
    from commscli.domain import registry as rules
    from commscli.io.importer import CalendarDays

    if group == "offices":
        return out.columns(rules.OFFICE, {"buildings": "list", "lobbies": "list"})
    if group == "households":
        kinds = {"move_in": "date", "occupied": "flag", "important": "flag"}
        return out.columns(rules.HOUSEHOLD, kinds, {"name": "name", "phone": "phone"})
    if group == "staff":
        return out.columns(rules.STAFF, {"buildings": "list", "active": "flag"}, {"phone": "phone"})
    return out.columns(CalendarDays.spec, {"date": "date"})


def _c(name, zh, kind="text", personal=None):
    return Column(name, zh, kind, personal)


# groups without an import yet: the record's columns, named as their commands name them; each begins with
# the record's id and its office
HEAD = (Column("id", "编号", "number"), Column("office", "管理处"))
OWN = {
    "notices": (
        *HEAD,
        _c("kind", "类型"),
        _c("issuer", "发布方"),
        _c("title", "标题"),
        _c("body", "内容"),
        _c("advice", "温馨提示"),
        _c("effective_from", "生效时间", "time"),
        _c("effective_to", "截止时间", "time"),
        _c("posted_at", "张贴时间", "time"),
        _c("dept_notified_at", "部门通知时间", "time"),
        _c("since", "起算时间", "time"),
        _c("emergency", "紧急", "flag"),
        _c("reason", "紧急原因"),
        _c("first_posting_at", "首次张贴", "time"),
        _c("withdrawn_at", "撤回时间", "time"),
        _c("withdraw_reason", "撤回原因"),
    ),
    "meetings": (
        *HEAD,
        _c("type", "会议类型"),
        _c("dept", "部门"),
        _c("title", "会议名称"),
        _c("starts_at", "开始时间", "time"),
        _c("ends_at", "结束时间", "time"),
        _c("place", "地点"),
        _c("chair", "主持人"),
        _c("minute_taker", "记录人"),
        _c("agenda_sent_at", "议程发出", "time"),
        _c("state", "状态"),
        _c("minutes_at", "纪要时间", "time"),
        _c("distributed_at", "纪要分发", "time"),
        _c("approved_at", "批准时间", "time"),
        _c("cancelled_at", "取消时间", "time"),
        _c("cancel_reason", "取消原因"),
    ),
}
GROUPS = ("offices", "households", "staff", "calendar_days", "tickets", "callbacks", "appeals", "visits", *OWN)


def spec(group: str, tz: str) -> tuple:
    """The columns of ``group``'s export."""
    if group == "tickets":
        return _ticket_columns(tz)
    if group == "callbacks":
        return _callback_columns(tz)
    if group == "appeals":
        return _appeal_columns(tz)
    if group == "visits":
        return _visit_columns(tz)
    if group in OWN:
        return OWN[group]
    return _registry_columns(group)


def period(text: str, field: str = "--period") -> tuple[str, str]:
    """``2026-10`` (a month) or ``2026-10-01..2026-10-31`` (days, both included) → (first day, the day after
    the last) as ISO dates."""
    from datetime import timedelta

    from commscli import clock

    value = (text or "").strip()
    if ".." in value:
        a, _, b = value.partition("..")
        first, last = clock.parse_date(a.strip(), field), clock.parse_date(b.strip(), field)
        if last < first:
            raise InputError(Msg("err.period_reversed"), field, text)
        return first.isoformat(), (last + timedelta(days=1)).isoformat()
    try:
        year, month = clock.parse_month(value, field)
    except InputError:
        raise InputError(Msg("err.period"), field, text) from None
    end = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1).isoformat(), end.isoformat()


def export(
    store,
    group: str,
    fmt: str,
    path=None,
    *,
    tz: str,
    office: str | None = None,
    when: str | None = None,
    headers: str = "en",
    mask: bool = False,
    stdout=None,
    progress=None,
) -> int:
    """Write ``group``'s records (``office``: one office's; ``when``: --period over the main time) as ``fmt``
    to ``path`` or ``stdout``; returns the rows written. Reads one batch at a time."""
    if fmt not in out.FORMATS:
        raise InputError(Msg("err.export_format", formats=", ".join(out.FORMATS)), "--format", fmt)
    if headers not in ("en", "zh"):
        raise InputError(Msg("err.export_headers"), "--headers", headers)
    start = end = None
    if when is not None:
        if not q.has_time(group):
            raise InputError(Msg("err.export_no_time"), "--period", when)
        start, end = period(when)
    if office is not None:
        if not q.has_office(group):
            raise InputError(Msg("err.export_no_office"), "--office", office)
        from commscli.store import registry

        if office not in registry.office_ids(store):
            raise InputError(Msg("err.no_such_office"), "--office", office)
    rows = q.batches(store, group, office=office, start=start, end=end, size=BATCH)
    return out.write(
        spec(group, tz), rows, fmt, path, headers=headers, mask=mask, sheet=group, stdout=stdout, progress=progress
    )
