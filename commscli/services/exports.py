"""Exports of every group an office keeps in Excel (issue 16): each group's column spec, and the one export.

A group that has an import exports exactly its import's columns, built from the import's own field spec
(English name, Chinese header), so what is written is what ``import`` reads back: offices, households,
staff, calendar days, tickets, notices, meetings. The groups without an import yet (callbacks, visits,
appeals) export their record's columns under the names their commands use.

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


def _notice_columns(tz: str) -> tuple:
    from commscli.services.notice_import import spec

    fields = spec(tz)
    kinds = {
        f.name: "time"
        for f in fields
        if f.name.endswith("_at") or f.name in ("effective_from", "effective_to", "since")
    }
    return out.columns(fields, {**kinds, "emergency": "flag", "households": "list"})


def _meeting_columns(tz: str) -> tuple:
    from commscli.services.meeting_import import spec

    fields = spec(tz)
    return out.columns(fields, {f.name: "time" for f in fields if f.name.endswith("_at")})


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
    "callbacks": (
        *HEAD,
        _c("kind", "类型"),
        _c("ticket", "工单", "number"),
        _c("building", "楼栋"),
        _c("room", "房号"),
        _c("owed_by", "回访方"),
        _c("due_at", "应回访时间", "time"),
        _c("state", "状态"),
        _c("done_at", "回访时间", "time"),
        _c("method", "回访方式"),
        _c("result", "回访结果"),
        _c("satisfaction", "满意度"),
        _c("defect_persists", "问题仍在", "flag"),
        _c("rework_ticket", "返修工单", "number"),
        _c("recorded_by", "回访人"),
        _c("cancel_reason", "取消原因"),
    ),
    "visits": (
        *HEAD,
        _c("building", "楼栋"),
        _c("room", "房号"),
        _c("cycle", "轮次", "number"),
        _c("visitors", "访问人", "list"),
        _c("method", "访问方式"),
        _c("appointment_at", "预约时间", "time"),
        _c("started_at", "访问时间", "time"),
        _c("signed", "业户签名", "flag"),
        _c("state", "状态"),
        _c("submitted_at", "提交时间", "time"),
        _c("reviewed_at", "审核时间", "time"),
        _c("reviewed_by", "审核人"),
    ),
    "appeals": (
        *HEAD,
        _c("kind", "类型"),
        _c("staff", "当事人", personal="name"),
        _c("superior", "直接上级"),
        _c("text", "内容"),
        _c("submitted_at", "提交时间", "time"),
        _c("answered_at", "答复时间", "time"),
        _c("answered_by", "答复人"),
        _c("answer", "答复"),
        _c("disagreed_at", "不同意时间", "time"),
        _c("disagreement", "不同意理由"),
        _c("handled_at", "行政处理时间", "time"),
        _c("handled_by", "处理人"),
        _c("handling", "处理结果"),
    ),
}
IMPORTED = {"tickets": _ticket_columns, "notices": _notice_columns, "meetings": _meeting_columns}
GROUPS = ("offices", "households", "staff", "calendar_days", "tickets", "notices", "meetings", *OWN)


def spec(group: str, tz: str) -> tuple:
    """The columns of ``group``'s export."""
    if group in IMPORTED:
        return IMPORTED[group](tz)
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
