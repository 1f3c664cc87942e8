"""commscli stop: STOP safety observation and communication (安全观察与沟通, 004 篇3): the year's plan, cards,
the day/week/month report and coverage, the weekly analysis, the monthly summary, awards, bulletins,
deviations. A card names its area and observers, never the observed person."""

from typing import Annotated

import typer

from commscli.cli.common import ChoiceOpt, IdArg, Text, command
from commscli.domain import stop as codes
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]


def _card_listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("at", time=True),
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
