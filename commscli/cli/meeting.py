"""commscli meeting: meetings (会议) with their cadences, agendas, sign-in and cancellation."""

from typing import Annotated

import typer

from commscli.cli.common import ChoiceOpt, IdArg, Text, command
from commscli.domain import meetings as codes
from commscli.domain.tasks import DEPT
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Meeting id.")]
Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
FLAGS = ("flagged",)


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("type", "col.meeting_type", codes="meeting_type"),
            Col("starts_at", time=True),
            Col("state", codes="meeting_state"),
            Col("chair"),
            Col("flagged"),
            Col("office"),
            Col("dept", codes="dept"),
            Col("title", long=True),
            Col("ends_at", time=True),
            Col("place", "col.meeting_place", long=True),
            Col("minute_taker"),
            Col("signed", "col.signed_in"),
            Col("agenda_sent_at", time=True),
            Col("agenda_due", time=True),
            Col("cadence_key"),
            Col("cancel_reason", long=True),
        ],
        ["id", "type", "starts_at", "state", "chair", "flagged"],
    )


def view(m: dict) -> dict:
    from commscli.cli.views import booleans

    return booleans(dict(m), *FLAGS)


def card(env, meeting_id: int, message=None):
    """A meeting for people: every field with a value, its flags, who was asked and who signed in, history."""
    from commscli.cli.views import card_fields, code_label, event_line, short_time
    from commscli.labels import LABELS, label
    from commscli.services import meetings as svc

    d = svc.details(env.store, meeting_id)
    m = view(d["meeting"])
    if env.json:
        env.print_json({**m, "attendance": d["attendance"], "events": d["events"]})
        return
    lang, year = env.lang, env.now().year
    colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
    used = m["rules"] or {}

    def rule(key: str) -> str:
        return label(f"rule.{key}", lang, n=used.get(key)) if f"rule.{key}" in LABELS else key

    flags = [
        f"{rule(f['rule'])}{colon}{label('card.required', lang)} {f['required'] if f['required'] is not None else '—'}"
        f"{comma}{label('card.given', lang)} {f['given'] if f['given'] is not None else '—'}"
        for f in m["flags"]
    ]
    signed = [
        "  ".join(
            x
            for x in (
                a["name"],
                a["office"] if a["office"] != m["office"] else "",
                short_time(a["signed_at"], year) if a["signed_at"] else label("card.not_signed", lang),
            )
            if x
        )
        for a in d["attendance"]
    ]
    title = " · ".join((label("card.meeting", lang, id=m["id"]), code_label("meeting_type", m["type"], lang)))
    env.card(
        m,
        title,
        card_fields(_listing(), m, lang, year, skip=("id", "type")),
        [
            (label("card.flags", lang), flags),
            (label("card.attendance", lang), signed),
            (label("card.history", lang), [event_line(e, "meetings", lang, year) for e in d["events"]]),
        ],
        message,
    )


@command(app, "new", records=True)
def new(
    env,
    kind: Annotated[str | None, ChoiceOpt("--type", choice=codes.TYPE, help="Type of meeting.")],
    ends_at: Annotated[str, typer.Option("--ends-at", help="When it ends (longer than 2 hours is flagged).")],
    dept: Annotated[
        str | None, ChoiceOpt("--dept", choice=DEPT, help="A department meeting: the department (required).")
    ] = None,
    place: Annotated[str | None, Text("--place", help="Where.")] = None,
    chair: Annotated[
        str | None, Text("--chair", help="Who chairs it: a registered staff member (name or #id).")
    ] = None,
    attendee: Annotated[
        list[str] | None, typer.Option("--attendee", help="Who is asked: a registered staff member (repeat).")
    ] = None,
    minute_taker: Annotated[str | None, Text("--minute-taker", help="Who keeps the minutes (staff).")] = None,
    title: Annotated[str | None, Text("--title", help="A title (default: the type).")] = None,
    agenda_file: Annotated[str | None, Text("--agenda-file", help="The agenda (a UTF-8 text file).")] = None,
    agenda_sent_at: Annotated[
        str | None, Text("--agenda-sent-at", help="When the agenda went out (board, president's office: lead time).")
    ] = None,
    office: Office = None,
):
    """Record a meeting starting --at (default now; it may lie in the future); a late or missing agenda and a
    meeting over 2 hours are flagged, not refused."""
    from commscli.domain.fields import LONG_TEXT_MAX, text
    from commscli.errors import InputError
    from commscli.services import meetings as svc

    agenda = None
    if agenda_file is not None:
        from pathlib import Path

        try:
            agenda = Path(agenda_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(Msg("err.cannot_read", why=exc.__class__.__name__), "--agenda-file", agenda_file) from None
        agenda = text(agenda, "--agenda-file", LONG_TEXT_MAX)
    data = dict(
        office=env.office_code(office),
        type=codes.TYPE.parse(kind, "--type"),
        dept=DEPT.parse(dept, "--dept") if dept else None,
        starts_at=env.planned_time(env._at, "--at") if env._at else env.now_text(),
        ends_at=env.planned_time(ends_at, "--ends-at"),
        place=text(place, "--place") if place else None,
        chair=chair,
        attendees=attendee or [],
        minute_taker=minute_taker,
        title=text(title, "--title") if title else None,
        agenda=agenda,
        agenda_sent_at=env.past_time(agenda_sent_at, "--agenda-sent-at") if agenda_sent_at else None,
    )
    if dept and data["type"] != "dept":
        raise InputError(Msg("err.meeting_dept_only"), "--dept", dept)
    if data["ends_at"] <= data["starts_at"]:  # one zone: the stored texts compare as times
        raise InputError(Msg("err.meeting_ends"), "--ends-at", ends_at)
    ctx = env.ctx()
    with env.store.transaction() as store:
        mid = svc.new_meeting(store, ctx, data)
    m = svc.details(env.store, mid)["meeting"]
    extra = Msg("msg.meeting_flagged") if m["flagged"] else ""
    card(env, mid, message=Msg("msg.meeting_recorded", id=mid, extra=extra))


@command(app, "list", readonly=True, listing=True)
def list_meetings(
    env,
    kind: Annotated[str | None, ChoiceOpt("--type", choice=codes.TYPE, help="Only this type.")] = None,
    state: Annotated[str | None, ChoiceOpt("--state", choice=codes.STATE, help="Only this state.")] = None,
    month: Annotated[str | None, Text("--month", help="Starting in this month (YYYY-MM).")] = None,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
):
    """List meetings, newest first."""
    from commscli import clock
    from commscli.domain.reports import period
    from commscli.store import meetings as q

    start = end = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    rows = q.list_meetings(
        env.store,
        office=office,
        kind=codes.TYPE.parse(kind, "--type") if kind else None,
        state=codes.STATE.parse(state, "--state") if state else None,
        start=start,
        end=end,
    )
    env.rows([view(m) for m in rows], _listing())


@command(app, "show", readonly=True)
def show(env, meeting_id: Id):
    """Show a meeting: its times, flags, who signed in, its history."""
    card(env, meeting_id)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "meetings")
