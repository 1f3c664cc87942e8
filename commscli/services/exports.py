"""Exports of every group an office keeps in Excel (issue 16): each group's column spec, and the one export.

A group that has an import exports exactly its import's columns, built from the import's own field spec
(English name, Chinese header), so what is written is what ``import`` reads back: offices, households,
staff, calendar days, tickets, visits, callbacks, appeals, notices, meetings: every group.

Personal data: an export is the office's own register, meant to be imported again, so names and phones
are written in full (a masked phone would not import); ``--mask`` masks the columns marked personal for a
file that leaves the office. Private visit remarks are never exported.
"""

from datetime import date

from commscli.errors import InputError
from commscli.io import export as out
from commscli.labels import Msg
from commscli.store import exports as q

BATCH = 5000


# the groups whose import lives beside their rules (services/<module>.spec): (module, column kinds beyond a
# time for every ``*_at`` field, personal columns masked by --mask)
IMPORTED = {
    "tickets": ("ticket_import", {}, {"caller_name": "name", "caller_phone": "phone"}),
    "visits": ("visit_import", {"cycle": "number", "visitors": "list", "signed": "flag"}, {}),
    "callbacks": ("callback_import", {"defect_persists": "flag"}, {}),
    "appeals": ("appeal_import", {}, {"staff": "name"}),
    "notices": (
        "notice_import",
        {"effective_from": "time", "effective_to": "time", "since": "time", "emergency": "flag", "households": "list"},
        {},
    ),
    "meetings": ("meeting_import", {}, {}),
}


def _import_columns(group: str, tz: str) -> tuple:
    """The columns of a group whose import is a services module: exactly its field spec."""
    from importlib import import_module

    module, kinds, personal = IMPORTED[group]
    fields = import_module(f"commscli.services.{module}").spec(tz)
    times = {f.name: "time" for f in fields if f.name.endswith("_at")}
    return out.columns(fields, {**times, **kinds}, personal)


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


GROUPS = ("offices", "households", "staff", "calendar_days", *IMPORTED)


def spec(group: str, tz: str) -> tuple:
    """The columns of ``group``'s export."""
    if group in IMPORTED:
        return _import_columns(group, tz)
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
