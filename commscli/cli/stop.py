"""commscli stop: STOP safety observation and communication (安全观察与沟通, 004 篇3): the year's plan, cards,
the day/week/month report and coverage, the weekly analysis, the monthly summary, awards, bulletins,
deviations. A card names its area and observers, never the observed person."""

from typing import Annotated

import typer

from commscli.cli.common import ChoiceOpt, FormatOpt, IdArg, IdOpt, LangOpt, OutputOpt, Text, command
from commscli.domain import stop as codes
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]


def _card_listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("at", "col.stop_at", time=True),
            Col("area", "col.area"),
            Col("category", "col.stop_category", codes="stop_category"),
            Col("safe", "col.safe"),
            Col("planned", "col.planned"),
            Col("observers", "col.observers", get=lambda c, lang: "、".join(c.get("observers") or [])),
            Col(
                "actions",
                "col.actions",
                get=lambda c, lang: "、".join(codes.ACTION.name(a, lang) for a in c.get("actions") or []),
            ),
            Col("seconds", "col.seconds"),
            Col("note", "col.note", long=True),
            Col("week", "col.week"),
            Col("office"),
        ],
        ["id", "at", "area", "category", "safe", "planned"],
    )


def _step(env, record: dict, message, *cols):
    """A recorded step's lines: each (field, label key, code list) in the interface language."""
    from commscli.cli.views import Col, Listing

    env.record(record, message, Listing([Col(n, lab, codes=c, time=n.endswith("_at")) for n, lab, c in cols], []))


def card_view(c: dict) -> dict:
    from commscli.cli.views import booleans

    return booleans(dict(c), "planned", "safe")


def show_card(env, card_id: int, message=None):
    from commscli.cli.views import card_fields, event_line
    from commscli.labels import label
    from commscli.services import stop as svc

    d = svc.card_details(env.store, card_id)
    c = card_view(d["card"])
    if env.json:
        env.print_json({**c, "events": d["events"]})
        return
    lang, year = env.lang, env.now().year
    env.card(
        c,
        label("card.stop", lang, id=c["id"]),
        card_fields(_card_listing(), c, lang, year, skip=("id",)),
        [(label("card.history", lang), [event_line(e, "stop_cards", lang, year) for e in d["events"]])],
        message,
    )


@command(app, "plan", records=True)
def plan(
    env,
    year: Annotated[int, typer.Option("--year", help="The plan's year.")],
    team: Annotated[
        list[str] | None,
        typer.Option(
            "--team",
            help="An observation team (repeat): 名称:组长:成员1,成员2:区域1,区域2 (2–3 people with the leader).",
        ),
    ] = None,
    crew: Annotated[
        list[str] | None,
        typer.Option(
            "--crew",
            help="A crew and its shift (repeat): 名称:08-20:班组长:成员1,成员2 (whole hours; 20-08 runs overnight).",
        ),
    ] = None,
    office: Office = None,
):
    """Record the year's plan (teams with their areas, crews with their shifts); without --team, show it."""
    from commscli import clock
    from commscli.domain.fields import text
    from commscli.services import stop as svc

    clock.check_year(year, "--year")
    code = env.office_code(office)
    if team or crew:
        ctx, at = env.ctx(), env.at()
        teams = [codes.parse_team(text(t, "--team"), ctx.policy) for t in team or ()]
        crews = [codes.parse_crew(text(c, "--crew")) for c in crew or ()]
        with env.store.transaction() as store:
            svc.make_plan(store, ctx, code, year, teams, crews, at)
        message = Msg("msg.stop_plan", year=year)
    else:
        message = None
    _show_plan(env, svc.plan_details(env.store, code, year), message)


def _show_plan(env, p: dict, message=None):
    from commscli.labels import label

    if env.json:
        env.print_json(p)
        return
    lang = env.lang
    sep = "、"
    teams = [
        f"{t['name']}：{label('col.leader', lang)} {t['leader']}；{label('col.members', lang)} {sep.join(t['members'])}；"
        f"{label('col.areas', lang)} {sep.join(t['areas'])}"
        for t in p["teams"]
    ]
    crews = [
        f"{c['name']}：{label('col.shift', lang)} {c['shift']}；{label('col.leader', lang)} {c['leader']}；"
        f"{label('col.members', lang)} {sep.join(c['members'])}"
        for c in p["crews"]
    ]
    env.card(
        p,
        label("card.stop_plan", lang, year=p["year"]),
        [(label("col.office", lang), p["office"]), (label("col.starts", lang), p["starts"])],
        [(label("card.stop_teams", lang), teams), (label("card.stop_crews", lang), crews)],
        message,
    )


@command(app, "card", records=True)
def card(
    env,
    area: Annotated[str, typer.Option("--area", help="The area observed (one of the plan's).")],
    observer: Annotated[list[str], typer.Option("--observer", help="An observer (repeat): a registered staff member.")],
    category: Annotated[str, ChoiceOpt("--category", choice=codes.CATEGORY, help="What was observed.")],
    action: Annotated[
        list[str], typer.Option("--action", help=f"What the observers did (repeat): {codes.ACTION.both()}.")
    ],
    seconds: Annotated[int, typer.Option("--seconds", help="How long the person was observed (at least 30 s).")],
    planned: Annotated[
        bool, typer.Option("--planned", help="A planned observation (a team of 2–3; statistics).")
    ] = False,
    random_: Annotated[
        bool, typer.Option("--random", help="A random observation (may be alone; not in statistics).")
    ] = False,
    safe: Annotated[bool, typer.Option("--safe", help="The act or condition was safe.")] = False,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="The act or condition was unsafe.")] = False,
    note: Annotated[
        str | None, Text("--note", help="What was seen and said (never the observed person's name).")
    ] = None,
    office: Office = None,
):
    """Record a STOP card: the area and the observers, never the observed person."""
    from commscli.domain.fields import LONG_TEXT_MAX, text, whole_number
    from commscli.errors import InputError
    from commscli.services import stop as svc

    if planned == random_:
        raise InputError(Msg("err.stop_planned_or_random"), "--planned/--random", None)
    if safe == unsafe:
        raise InputError(Msg("err.stop_safe_or_unsafe"), "--safe/--unsafe", None)
    data = dict(
        office=env.office_code(office),
        area=text(area, "--area"),
        observers=[text(o, "--observer") for o in observer],
        at=env.at(),
        planned=planned,
        category=codes.CATEGORY.parse(category, "--category"),
        safe=safe,
        actions=[codes.ACTION.parse(a, "--action") for a in action],
        seconds=whole_number(seconds, "--seconds", 0, 86400, "a number of seconds"),
        note=text(note, "--note", LONG_TEXT_MAX) if note else None,
    )
    if not data["area"]:
        raise InputError(Msg("err.required"), "--area", "")
    ctx = env.ctx()
    with env.store.transaction() as store:
        cid = svc.record_card(store, ctx, data)
    show_card(env, cid, Msg("msg.stop_card", id=cid))


@command(app, "show", readonly=True)
def show(env, card_id: Annotated[int, IdArg(help="Card id.")]):
    """Show a card: area, observers, category, actions, its history (never an observed person)."""
    show_card(env, card_id)


def _period(env, day=None, week=None, month=None, quarter=None, half=None) -> tuple:
    """(kind, name, first day, last day) of the one period given."""
    from datetime import date, timedelta

    from commscli import clock
    from commscli.errors import InputError

    given = [
        (k, v) for k, v in (("day", day), ("week", week), ("month", month), ("quarter", quarter), ("half", half)) if v
    ]
    if len(given) != 1:
        raise InputError(
            Msg("err.stop_one_period"), "/".join(f"--{k}" for k, v in given) or "--day/--week/--month", None
        )
    kind, text = given[0]
    if kind == "day":
        d = clock.parse_date(text, "--day")
        return kind, d.isoformat(), d, d
    if kind == "week":
        monday, nxt = codes.iso_week(text, "--week")
        clock.span_in_force().check(monday, "--week", text)
        return kind, codes.week_of(monday), monday, nxt - timedelta(days=1)
    if kind == "month":
        y, m = clock.parse_month(text, "--month")
        first = date(y, m, 1)
        return kind, f"{y:04d}-{m:02d}", first, date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    name, first, last = codes.part_of_year(text, "Q" if kind == "quarter" else "H", f"--{kind}")
    clock.span_in_force().check(first, f"--{kind}", text)
    return kind, name, first, last


MEETING_HELP = (
    "The weekly analysis meeting it was set at: a held stop_analysis meeting of the office in that week (default:"
    " the week's one held analysis, if any)."
)
Day = Annotated[str | None, Text("--day", help="A day (YYYY-MM-DD).")]
Week = Annotated[str | None, Text("--week", help="An ISO week, e.g. 2026-W47.")]
Month = Annotated[str | None, Text("--month", help="A month (YYYY-MM).")]


def _render(env, data: dict, fmt: str, lang, output):
    from commscli.render import Renderer

    if env.json:
        env.print_json(data)
        return
    env.emit(Renderer(None, env.use_lang(lang), False).form("stop_report", fmt, **data), output)


@command(app, "report", readonly=True)
def report(
    env,
    day: Day = None,
    week: Week = None,
    month: Month = None,
    office: Office = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    output: OutputOpt = None,
):
    """Planned cards of a day, week or month: by category and area, the safe share, the unsafe categories
    that occur most and those that recur."""
    from commscli.services import stop as svc

    kind, name, first, last = _period(env, day, week, month)
    data = svc.period_report(env.store, env.ctx(), env.office_code(office), kind, name, first, last)
    data["form"] = "report"
    _render(env, data, fmt, lang, output)


@command(app, "coverage", readonly=True, listing=True)
def coverage(env, month: Annotated[str, Text("--month", help="The month (YYYY-MM).")], office: Office = None):
    """The plan's areas, crew shifts and times of day, with how many planned cards covered each in the month."""
    from commscli.cli.views import Col, Listing
    from commscli.services import stop as svc

    _, _, first, last = _period(env, month=month)
    rows = svc.coverage(env.store, env.ctx(), env.office_code(office), first, last)
    env.rows(
        rows,
        Listing(
            [
                Col("what", "col.stop_cover", codes="stop_cover"),
                Col("name", "col.stop_cover_name"),
                Col("cards", "col.stop_planned"),
                Col("covered", "col.stop_covered"),
            ],
            ["what", "name", "cards", "covered"],
            bounded=False,
        ),
    )


@command(app, "measure", records=True)
def measure(
    env,
    week: Annotated[str, Text("--week", help="The week analysed (ISO week, e.g. 2026-W47).")],
    category: Annotated[str, ChoiceOpt("--category", choice=codes.CATEGORY, help="The unsafe category.")],
    text_: Annotated[str, typer.Option("--text", help="The measure set at the weekly analysis.")],
    meeting: Annotated[int | None, IdOpt("--meeting", help=MEETING_HELP)] = None,
    office: Office = None,
):
    """Record the weekly analysis's measure for a frequent or recurring unsafe category (附录C)."""
    from commscli.domain.fields import LONG_TEXT_MAX, text
    from commscli.errors import InputError
    from commscli.services import stop as svc

    _, name, _, _ = _period(env, week=week)
    body = text(text_, "--text", LONG_TEXT_MAX)
    if not body:
        raise InputError(Msg("err.required"), "--text", "")
    ctx, at = env.ctx(), env.at()
    cat = codes.CATEGORY.parse(category, "--category")
    with env.store.transaction() as store:
        done = svc.add_measure(store, ctx, env.office_code(office), name, cat, body, at, meeting)
    _step(
        env,
        {"id": done["id"], "week": name, "category": cat, "text": body, "meeting": done["meeting"]},
        Msg("msg.stop_measure", id=done["id"], week=name),
        ("id", "col.id", None),
        ("week", "col.week", None),
        ("category", "col.stop_category", "stop_category"),
        ("text", "col.stop_text", None),
        ("meeting", "col.meeting", None),
    )


@command(app, "training", records=True)
def training(
    env,
    week: Annotated[str, Text("--week", help="The week analysed (ISO week, e.g. 2026-W47).")],
    staff: Annotated[str, Text("--staff", help="The observer whose cards were poor (a staff member).")],
    meeting: Annotated[int | None, IdOpt("--meeting", help=MEETING_HELP)] = None,
    office: Office = None,
):
    """Send an observer whose cards were poor to training (5.4.2 专项培训)."""
    from commscli.domain.fields import text
    from commscli.services import stop as svc

    _, name, _, _ = _period(env, week=week)
    who = text(staff, "--staff")
    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        done = svc.add_training(store, ctx, env.office_code(office), name, who, at, meeting)
    _step(
        env,
        {"id": done["id"], "week": name, "staff": who, "meeting": done["meeting"]},
        Msg("msg.stop_training", week=name, staff=who),
        ("id", "col.id", None),
        ("week", "col.week", None),
        ("staff", "col.stop_staff", None),
        ("meeting", "col.meeting", None),
    )


@command(app, "analysis", readonly=True)
def analysis(
    env,
    week: Annotated[str, Text("--week", help="The week (ISO week, e.g. 2026-W47).")],
    office: Office = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    output: OutputOpt = None,
):
    """The weekly analysis form (附录C): the analysis meeting held (time, chair, attendees) or none, the week's
    cards, recurring categories, measures and trainings."""
    from commscli.services import stop as svc

    kind, name, first, last = _period(env, week=week)
    data = svc.period_report(env.store, env.ctx(), env.office_code(office), kind, name, first, last)
    data["form"] = "week"
    _render(env, data, fmt, lang, output)


@command(app, "send", records=True)
def send(
    env,
    month: Annotated[str, Text("--month", help="The month summarised (YYYY-MM).")],
    to: Annotated[str, typer.Option("--to", help="Where it went up the line (e.g. 项目部质量安全环保办公室).")],
    office: Office = None,
):
    """Record that the month's summary was sent up the line (5.4.2)."""
    from commscli.domain.fields import text
    from commscli.errors import InputError
    from commscli.services import stop as svc

    _, name, _, _ = _period(env, month=month)
    where = text(to, "--to")
    if not where:
        raise InputError(Msg("err.required"), "--to", "")
    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        sid = svc.send_summary(store, ctx, env.office_code(office), name, where, at)
    _step(
        env,
        {"id": sid, "month": name, "sent_to": where, "sent_at": at},
        Msg("msg.stop_sent", month=name),
        ("id", "col.id", None),
        ("month", "col.month", None),
        ("sent_to", "col.stop_sent_to", None),
        ("sent_at", "col.stop_sent_at", None),
    )


@command(app, "summary", readonly=True)
def summary(
    env,
    month: Annotated[str, Text("--month", help="The month (YYYY-MM).")],
    office: Office = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    output: OutputOpt = None,
):
    """The monthly summary form (月小结): the month's cards, quotas, recurring categories, measures, and
    where it was sent up the line."""
    from commscli.services import stop as svc

    kind, name, first, last = _period(env, month=month)
    data = svc.period_report(env.store, env.ctx(), env.office_code(office), kind, name, first, last)
    data["form"] = "month"
    _render(env, data, fmt, lang, output)


@command(app, "bulletin", readonly=True)
def bulletin(
    env,
    quarter: Annotated[str | None, Text("--quarter", help="A quarter, e.g. 2026-Q4.")] = None,
    half: Annotated[str | None, Text("--half", help="A half year, e.g. 2026-H2.")] = None,
    office: Office = None,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    output: OutputOpt = None,
):
    """The quarterly or half-yearly bulletin (通报, 5.6): the period's cards, quotas and awards."""
    from commscli.services import stop as svc

    kind, name, first, last = _period(env, quarter=quarter, half=half)
    data = svc.period_report(env.store, env.ctx(), env.office_code(office), kind, name, first, last)
    data["form"] = kind
    _render(env, data, fmt, lang, output)


@command(app, "award", records=True)
def award(
    env,
    week: Week = None,
    month: Month = None,
    card_id: Annotated[int | None, IdOpt("--card", help="The best card.")] = None,
    staff: Annotated[str | None, Text("--staff", help="The best observer (a staff member).")] = None,
    crew: Annotated[str | None, Text("--crew", help="The best crew (of the year's plan).")] = None,
    reason: Annotated[str | None, Text("--reason", help="Why.")] = None,
    office: Office = None,
):
    """Award the best card, observer or crew of a week or month (5.5)."""
    from commscli.domain.fields import text
    from commscli.errors import InputError
    from commscli.services import stop as svc

    _, name, _, _ = _period(env, week=week, month=month)
    if sum(x is not None for x in (card_id, staff, crew)) != 1:
        raise InputError(Msg("err.stop_one_winner"), "--card/--staff/--crew", None)
    ctx, at = env.ctx(), env.at()
    why = text(reason, "--reason") if reason else None
    with env.store.transaction() as store:
        aid = svc.award(
            store,
            ctx,
            env.office_code(office),
            name,
            card=card_id,
            staff=text(staff, "--staff") if staff is not None else None,
            crew=text(crew, "--crew") if crew is not None else None,
            reason=why,
            at=at,
        )
    _step(
        env,
        {"id": aid, "period": name, "card": card_id, "staff": staff, "crew": crew},
        Msg("msg.stop_award", id=aid),
        ("id", "col.id", None),
        ("period", "col.stop_period", None),
        ("card", "col.stop_card", None),
        ("staff", "col.stop_staff", None),
        ("crew", "col.stop_crew", None),
    )


@command(app, "deviation", records=True)
def deviation(
    env,
    from_: Annotated[str, Text("--from", help="The deviation's first day.")],
    to: Annotated[str, Text("--to", help="Its last day (at most one year on).")],
    approved_by: Annotated[str, Text("--approved-by", help="Who approved it (a staff member).")],
    reason: Annotated[str, Text("--reason", help="The facts that support it, in writing.")],
    office: Office = None,
):
    """Record an approved deviation from the programme (6.5): at most one year; no quota is owed on its days."""
    from commscli import clock
    from commscli.domain.fields import LONG_TEXT_MAX, text
    from commscli.errors import InputError
    from commscli.services import stop as svc

    first, last = clock.parse_date(from_, "--from"), clock.parse_date(to, "--to")
    why = text(reason, "--reason", LONG_TEXT_MAX)
    if not why:
        raise InputError(Msg("err.reason_required"), "--reason", "")
    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        did = svc.deviation(
            store, ctx, env.office_code(office), first, last, text(approved_by, "--approved-by"), why, at
        )
    _step(
        env,
        {"id": did, "from": first.isoformat(), "to": last.isoformat(), "approved_by": approved_by, "reason": why},
        Msg("msg.stop_deviation", id=did),
        ("id", "col.id", None),
        ("from", "col.stop_from", None),
        ("to", "col.stop_to", None),
        ("approved_by", "col.approved_by", None),
        ("reason", "col.reason", None),
    )


@command(app, "list", readonly=True, listing=True)
def list_cards(
    env,
    month: Annotated[str | None, Text("--month", help="Cards of this month (YYYY-MM); default this month.")] = None,
    area: Annotated[str | None, Text("--area", help="Only this area.")] = None,
    unsafe: Annotated[bool, typer.Option("--unsafe", help="Only unsafe observations.")] = False,
    planned: Annotated[bool, typer.Option("--planned", help="Only planned cards (the statistics).")] = False,
    office: Office = None,
):
    """List the month's cards, oldest first: area, category, safe or not, observers (never an observed person)."""
    from commscli.services import stop as svc

    _, _, first, last = _period(env, month=month or env.now().strftime("%Y-%m"))
    rows = svc.list_cards(env.store, env.ctx(), env.office_code(office), first, last)
    rows = [
        card_view(c)
        for c in rows
        if (not area or c["area"] == area) and (not unsafe or not c["safe"]) and (not planned or c["planned"])
    ]
    env.rows(rows, _card_listing())
