"""commscli meeting: meetings (会议) with their cadences, agendas, sign-in and cancellation."""

from typing import Annotated

import typer

from commscli.cli.common import (
    ChoiceOpt,
    IdArg,
    Text,
    command,
    register_import,
)
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


def outcome(d: dict, today) -> dict:
    """What a meeting produced, under stable English keys (--json): its minutes (taker, time, number, deadline,
    text, topics, speakers with their minutes and flag), resolutions (owner, due date, plan, state),
    distributions (to whom, when, late) and approval; None or [] for what there is not yet."""
    from commscli.domain import resolutions as rr

    mm, m = d["minutes"], d["meeting"]
    minutes = None
    if mm:
        minutes = {
            "taker": mm["taker"],
            "recorded_at": mm["recorded_at"],
            "number": d["number"]["number"] if d["number"] else None,
            "due": m["minutes_due"],
            "body": mm["body"],
            "topics": [t["text"] for t in d["topics"]],
            "speakers": [
                {"name": s["name"], "minutes": s["minutes"], "flagged": bool(s["flagged"])} for s in d["speakers"]
            ],
        }
    keys = ("id", "kind", "text", "owner", "due_on", "plan", "plan_at")
    resolutions = [
        {**{k: r[k] for k in keys}, "state": rr.state(r, today), "done_at": r["done_at"],
         "report_back_at": r.get("report_back_at")}
        for r in d["resolutions"]
    ]  # fmt: skip
    approval = next(({"by": a["by_name"], "at": a["at"]} for a in d["approvals"]), None)
    return {
        "minutes": minutes,
        "resolutions": resolutions,
        "distributions": [{"to": x["name"], "at": x["at"], "late": bool(x["late"])} for x in d["distributions"]],
        "approval": approval,
    }


def outcome_lines(o: dict, m: dict, lang: str, year: int) -> list:
    """The card's sections of what the meeting produced, one line per topic, speaker, resolution, distribution
    (those sent at one time on one line) and approval."""
    from commscli.cli.views import duration, short_time
    from commscli.labels import Msg, label, say

    colon, names = ("：", "、") if lang == "zh" else (": ", ", ")
    mm = o["minutes"]
    if mm:
        head = [f"{label('col.minute_taker', lang)} {mm['taker']}",
                label("card.minutes_recorded", lang, at=short_time(mm["recorded_at"], year))]  # fmt: skip
        if mm["number"]:
            head.append(f"{label('form.no', lang)} {mm['number']}")
        minutes = [" · ".join(head)]
    else:
        minutes = [label("card.minutes_none", lang)]
    over = label("form.meeting_speaker_over", lang)
    speakers = [
        f"{s['name']} {duration(s['minutes'], lang)}"
        + ((f"（{over}）" if lang == "zh" else f" ({over})") if s["flagged"] else "")
        for s in (mm or {}).get("speakers", [])
    ]
    resolutions = []
    for r in o["resolutions"]:
        plan = f"{label('col.resolution_plan', lang)}{colon}{r['plan']}" if r["plan"] else label("card.no_plan", lang)
        resolutions.append(
            " · ".join(
                (
                    f"#{r['id']} {r['text']}",
                    f"{label('col.owner', lang)} {r['owner']}",
                    f"{label('col.due_on', lang)} {short_time(r['due_on'], year)}",
                    label(f"resolution_state.{r['state']}", lang),
                    plan,
                )
            )
        )
    sent = []
    for x in o["distributions"]:
        if sent and sent[-1][0] == (x["at"], x["late"]):
            sent[-1][1].append(x["to"])
        else:
            sent.append(((x["at"], x["late"]), [x["to"]]))
    late = say(Msg("msg.meeting_distributed_late", due=short_time(m["minutes_due"], year)), lang)
    distributions = [
        f"{short_time(at, year)}  {names.join(who)}" + (late if was_late else "") for (at, was_late), who in sent
    ]
    if o["approval"]:
        approval = [f"{o['approval']['by']} {short_time(o['approval']['at'], year)}"]
    else:
        approval = [label("form.meeting_pending", lang)] if m["needs_approval"] else []
    kind = "form.meeting_resolutions_motions" if m["type"] in codes.OUTPUT_KIND else "form.meeting_resolutions"
    return [
        (label("card.minutes", lang), minutes),
        (label("form.meeting_topics", lang), [f"{i}. {t}" for i, t in enumerate((mm or {}).get("topics", []), 1)]),
        (label("form.meeting_speakers", lang), speakers),
        (label(kind, lang), resolutions),
        (label("form.meeting_distribution", lang), distributions),
        (label("card.approval", lang), approval),
    ]


def card(env, meeting_id: int, message=None):
    """A meeting for people: every field with a value, its flags, who was asked and who signed in, its minutes
    (taker, topics, speakers), resolutions, distributions and approval, history."""
    from commscli.cli.views import card_fields, code_label, event_line, short_time
    from commscli.labels import LABELS, label
    from commscli.services import meetings as svc

    d = svc.details(env.store, meeting_id)
    m = view(d["meeting"])
    o = outcome(d, env.now().date())
    if env.json:
        env.print_json({**m, "attendance": d["attendance"], **o, "events": d["events"]})
        return
    lang, year = env.lang, env.now().year
    colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
    used = m["rules"] or {}

    def rule(key: str) -> str:
        return label(f"rule.{key}", lang, n=used.get(key)) if f"rule.{key}" in LABELS else key

    def value(v) -> str:  # a time shortly, a length in minutes as it is
        if v is None:
            return "—"
        return short_time(v, year) if isinstance(v, str) and len(v) >= 16 else str(v)

    flags = [
        f"{rule(f['rule'])}{colon}{label('card.dept_missing', lang, dept=code_label('dept', f['required'], lang))}"
        if f["rule"] == "meeting_departments"
        else f"{rule(f['rule'])}{colon}{label('card.required', lang)} {value(f['required'])}"
        f"{comma}{label('card.given', lang)} {value(f['given'])}"
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
            *outcome_lines(o, m, lang, year),
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
    """Show a meeting: its times, flags, who signed in, its minutes (taker, topics, speakers), resolutions,
    distributions, approval, its history."""
    card(env, meeting_id)


@command(app, "attend", records=True)
def attend(
    env,
    meeting_id: Id,
    staff: Annotated[str, typer.Option("--staff", help="Who signs in: a registered staff member (name or #id).")],
):
    """Sign a staff member in (签到) at --at (default now); a planned meeting is held from its first signature."""
    from commscli.services import meetings as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        s = svc.attend(store, ctx, meeting_id, staff, at)
    card(env, meeting_id, message=Msg("msg.meeting_signed", id=meeting_id, name=s["name"]))


@command(app, "cancel", records=True)
def cancel(env, meeting_id: Id, reason: Annotated[str, typer.Option("--reason", help="Why it is cancelled.")]):
    """Cancel a meeting (it stays on record: meetings are never deleted); its cadence slot is free again."""
    from commscli.services import meetings as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.cancel(store, ctx, meeting_id, reason, at)
    card(env, meeting_id, message=Msg("msg.meeting_cancelled", id=meeting_id))


@command(app, "plan", records=True, listing=True)
def plan(
    env,
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD).")],
    save: Annotated[bool, typer.Option("--save", help="Store the meetings not planned yet as planned.")] = False,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
):
    """The meetings the cadences require from --from to --to, each with the meeting that fills it or 'missing';
    --save stores the missing ones as planned (the board's half year has no day: record it with `meeting new`)."""
    from commscli import clock
    from commscli.cli.views import Col, Listing
    from commscli.errors import InputError
    from commscli.services import meetings as svc

    first, last = clock.parse_date(start, "--from"), clock.parse_date(end, "--to")
    if last < first:
        raise InputError(Msg("err.meeting_plan_range"), "--to", end)
    if (last - first).days > 366:
        raise InputError(Msg("err.meeting_plan_long"), "--to", end)
    if save:
        ctx = env.ctx()
        with env.store.transaction() as store:
            rows = svc.plan(store, ctx, first, last, office)
            ids = svc.save_plan(store, ctx, rows)
        env.info(Msg("msg.meeting_planned", n=len(ids)))
    else:
        rows = svc.plan(env.store, env.ctx(), first, last, office)
    listing = Listing(
        [
            Col("starts_at", "col.meeting_day", time=True, get=lambda r, lang: r["starts_at"] or r["last"]),
            Col("type", "col.meeting_type", codes="meeting_type"),
            Col("dept", codes="dept"),
            Col("state", codes="meeting_state"),
            Col("meeting", "col.meeting"),
            Col("office"),
            Col("key", "col.cadence_key"),
            Col("first", "col.window_first"),
            Col("last", "col.window_last"),
            Col("ends_at", time=True),
            Col("due", time=True),
        ],
        ["starts_at", "type", "dept", "state", "meeting", "office"],
    )
    env.rows(rows, listing)


# --- minutes, distribution, approval, forms, calendar (MEET2) ----------------------------------------------

from commscli.cli.common import FormatOpt, LangOpt, OutputOpt, TemplatesOpt  # noqa: E402


def _read(path: str, field: str) -> str:
    from pathlib import Path

    from commscli.domain.fields import LONG_TEXT_MAX, text
    from commscli.errors import InputError

    try:
        body = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Msg("err.cannot_read", why=exc.__class__.__name__), field, path) from None
    return text(body, field, LONG_TEXT_MAX)


@command(app, "minutes", records=True)
def minutes(
    env,
    meeting_id: Id,
    file: Annotated[str | None, Text("--file", help="The minutes' text (a UTF-8 file).")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="A topic discussed (repeat, in order).")] = None,
    resolution: Annotated[
        list[str] | None,
        typer.Option(
            "--resolution",
            help="A resolution (a board's: motion) as TEXT|OWNER|YYYY-MM-DD: owner a registered staff member, "
            "due date required (repeat).",
        ),
    ] = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option("--speaker", help="NAME=MINUTES spoken (outside 5–8 minutes is flagged; repeat)."),
    ] = None,
    taker: Annotated[
        str | None, Text("--taker", help="The minute-taker (staff; default the meeting's minute-taker).")
    ] = None,
):
    """Record the minutes once (--file and/or --topic): topics, speakers, resolutions with owner and due date;
    the minutes get their number. --at: when they were written (default now)."""
    from commscli.domain import resolutions as rr
    from commscli.domain.fields import text
    from commscli.services import meetings as svc

    data = dict(
        body=_read(file, "--file") if file is not None else None,
        topics=[text(t, "--topic") for t in topic or () if t.strip()],
        resolutions=[rr.parse(r, "--resolution") for r in resolution or ()],
        speakers=[codes.parse_speaker(s, "--speaker") for s in speaker or ()],
        taker=taker,
    )
    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        done = svc.record_minutes(store, ctx, meeting_id, data, at)
    names = done["speakers_flagged"]
    extra = Msg("msg.meeting_speakers_flagged", names="、".join(names)) if names else ""
    card(env, meeting_id, message=Msg("msg.meeting_minuted", id=meeting_id, number=done["number"], extra=extra))


@command(app, "distribute", records=True)
def distribute(
    env,
    meeting_id: Id,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", help="Who got the minutes (staff, repeat); default every attendee not sent them yet."),
    ] = None,
):
    """Record that the minutes went out (--at, default now); past 23:59:59 of the third day after the meeting's
    day it is late, and flagged."""
    from commscli.cli.views import short_time
    from commscli.services import meetings as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        done = svc.distribute(store, ctx, meeting_id, to or None, at)
    late = Msg("msg.meeting_distributed_late", due=short_time(done["due"], env.now().year)) if done["late"] else ""
    card(env, meeting_id, message=Msg("msg.meeting_distributed", n=len(done["to"]), late=late))


@command(app, "approve", records=True)
def approve(env, meeting_id: Id):
    """The president's office approved the conclusions of an inter-department meeting or a directors' forum:
    --by the approver (a registered staff member), --at when."""
    from commscli.errors import InputError
    from commscli.services import meetings as svc

    if not (env._by or "").strip():
        raise InputError(Msg("err.meeting_approver"), "--by", None)
    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        done = svc.approve(store, ctx, meeting_id, env._by.strip(), at)
    card(env, meeting_id, message=Msg("msg.meeting_approved", id=meeting_id, by=done["by"]))


@command(app, "render", readonly=True)
def render(
    env,
    meeting_id: Id,
    form: Annotated[str, typer.Argument(help="minutes (会议纪要) | signin (签到表).")],
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    output: OutputOpt = None,
):
    """Render the minutes (会议纪要) or the sign-in sheet (签到表), numbered with the minutes' number."""
    from commscli.errors import InputError
    from commscli.render import Renderer
    from commscli.services import meetings as svc

    names = {"minutes": "meeting_minutes", "会议纪要": "meeting_minutes", "纪要": "meeting_minutes"}
    names |= {"signin": "meeting_signin", "sign-in": "meeting_signin", "签到表": "meeting_signin"}
    if form.strip().lower() not in names:
        raise InputError(Msg("err.meeting_form"), "FORM", form)
    data = svc.form_data(env.store, meeting_id)
    if env.json:
        env.print_json(data)
        return
    out = Renderer(templates, env.use_lang(lang), False).form(names[form.strip().lower()], fmt, **data)
    env.emit(out, output)


@command(app, "ics", readonly=True)
def ics(
    env,
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD), included.")],
    output: OutputOpt = None,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
):
    """Export planned and held meetings starting --from .. --to as an iCalendar file (.ics) for calendar apps;
    times in the office's time zone."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from commscli import clock
    from commscli.errors import InputError
    from commscli.services import meetings as svc

    first, last = clock.parse_date(start, "--from"), clock.parse_date(end, "--to")
    if last < first:
        raise InputError(Msg("err.ics_range"), "--to", end)
    zone = ZoneInfo(env.tz)
    lo = clock.fmt(datetime.combine(first, time(), tzinfo=zone))
    hi = clock.fmt(datetime.combine(last + timedelta(days=1), time(), tzinfo=zone))
    data = svc.ics(env.store, lo, hi, env.tz, office, env.lang)
    if output and output != "-":
        from commscli.io.output import write_text

        write_text(output, data.decode("utf-8"), "--output")
        env.info(Msg("msg.wrote", path=output))
    else:
        typer.echo(data.decode("utf-8"), nl=False)


from commscli.cli import resolution as _resolution  # noqa: E402  (the `meeting resolution` sub-group)

app.add_typer(_resolution.app, name="resolution", help="Resolutions and motions: plan, progress, done, report back.")


register_import(
    app,
    "commscli.services.meeting_import",
    file_help="CSV, TSV or workbook of meetings (会议登记) with their times.",
    doc="Import historical meetings (a register kept in Excel); chair and minute-taker by staff name; each counts against its cadence as one recorded at the desk; re-importing the same rows changes nothing.",
)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "meetings")
