"""commscli service: the office's services and prices, and the printed service guide (服务指南)."""

from typing import Annotated

import typer

from commscli.cli.common import FormatOpt, IdArg, LangOpt, OutputOpt, Text, command
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]


def _price(row, lang):
    from commscli.domain.guide import price_text

    return price_text(row["price_fen"], row["unit"], lang)


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id"),
            Col("name", "col.service"),
            Col("price", "col.price", get=_price),
            Col("hours", "col.hours"),
            Col("phone"),
            Col("office"),
            Col("note", "col.note", long=True),
            Col("price_fen", "col.price_fen"),
            Col("unit", "col.unit"),
            Col("retired_at", "col.retired_at", time=True),
            Col("retire_reason", "col.retire_reason", long=True),
        ],
        ["id", "name", "price", "hours", "phone"],
        csv_fields=["office", "name", "hours", "phone", "price_fen", "unit", "note", "retired_at", "retire_reason"],
    )


def _card(env, service_id: int, message=None):
    from commscli.cli.views import card_fields, event_line
    from commscli.labels import label
    from commscli.services import history
    from commscli.store import guide as q

    s = q.service(env.store, service_id)
    events = history(env.store, "guide_services", service_id)
    if env.json:
        env.print_json({**s, "events": events})
        return
    lang, year = env.lang, env.now().year
    env.card(
        s,
        label("card.service", lang, id=service_id, name=s["name"]),
        card_fields(_listing(), s, lang, year, skip=("id", "price_fen", "unit")),
        [(label("card.history", lang), [event_line(e, "guide_services", lang, year) for e in events])],
        message=message,
    )


@command(app, "add", records=True)
def add(
    env,
    name: Annotated[str, typer.Argument(help="The service (服务项目), e.g. 疏通下水道.")],
    price: Annotated[str, typer.Option("--price", help="Price in yuan (50, 12.5), or 免费 / free.")],
    unit: Annotated[
        str | None, Text("--unit", help="What the price is for: 次, 小时, 个 … (required unless free).")
    ] = None,
    hours: Annotated[str | None, Text("--hours", help="When it is offered (服务时间), e.g. 8:00-18:00.")] = None,
    phone: Annotated[str | None, Text("--phone", help="The office's line for it.")] = None,
    note: Annotated[str | None, Text("--note", help="A remark printed in the guide.")] = None,
    office: Office = None,
):
    """Add a service to the office's price list."""
    from commscli.domain.fields import clean
    from commscli.domain.guide import SERVICE, price_fen
    from commscli.services import guide

    values = clean(SERVICE, dict(name=name, unit=unit, hours=hours, phone=phone, note=note))
    values["price_fen"] = price_fen(price, "--price")
    code, at, ctx = env.office_code(office), env.at(), env.ctx()
    with env.store.transaction() as store:
        sid = guide.add(store, ctx, code, values, at)
    _card(env, sid, Msg("msg.service_added", id=sid, name=values["name"]))


@command(app, "list", readonly=True, listing=True)
def list_services(
    env,
    office: Office = None,
    retired: Annotated[bool, typer.Option("--retired", help="Also the services retired from the list.")] = False,
):
    """List the price list: each service, its price and unit, hours and phone."""
    from commscli.store import guide as q

    env.rows(q.services(env.store, office, retired), _listing())


@command(app, "show", readonly=True)
def show(env, service_id: Annotated[int, IdArg(help="Service id.")]):
    """Show a service and its history (every correction of its price)."""
    _card(env, service_id)


@command(app, "update", records=True)
def update(
    env,
    service_id: Annotated[int, IdArg(help="Service id.")],
    name: Annotated[str | None, Text("--name", help="New name.")] = None,
    price: Annotated[str | None, Text("--price", help="New price in yuan, or 免费 / free.")] = None,
    unit: Annotated[str | None, Text("--unit", help="New unit.")] = None,
    hours: Annotated[str | None, Text("--hours", help="New hours.")] = None,
    phone: Annotated[str | None, Text("--phone", help="New phone.")] = None,
    note: Annotated[str | None, Text("--note", help="New remark.")] = None,
    retire: Annotated[bool, typer.Option("--retire", help="No longer offered: leaves the guide, kept.")] = False,
    reason: Annotated[str | None, Text("--reason", help="Why (required).")] = None,
):
    """Correct a service (a new price is an event with before and after), or retire it with --retire."""
    from commscli.domain.fields import clean
    from commscli.domain.guide import SERVICE, price_fen
    from commscli.errors import InputError
    from commscli.services import guide

    raw = dict(name=name, unit=unit, hours=hours, phone=phone, note=note)
    changes = clean(SERVICE, {k: v for k, v in raw.items() if v is not None}, partial=True)
    if price is not None:
        changes["price_fen"] = price_fen(price, "--price")
    if retire and changes:
        raise InputError(Msg("err.retire_alone"), "--retire", "")
    if not retire and not changes:
        raise InputError(Msg("err.nothing_to_change"), "ID", service_id)
    at, ctx = env.at(), env.ctx()
    with env.store.transaction() as store:
        if retire:
            guide.retire(store, ctx, service_id, reason, at)
        else:
            guide.update(store, ctx, service_id, changes, reason, at)
    _card(env, service_id, Msg("msg.service_updated", id=service_id))


@command(app, "guide", readonly=True)
def guide_form(
    env,
    office: Office = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    lang: LangOpt = None,
    templates: Annotated[str | None, Text("--templates", help="Your template directory, searched first.")] = None,
):
    """Render the service guide (服务指南) for the residents: the office, its phones, and every service with its
    hours, phone and price (A4 with -f html)."""
    from commscli.render import Renderer
    from commscli.services import guide

    language = env.use_lang(lang)
    data = guide.guide(env.store, env.office_code(office), language)
    if env.json:
        env.print_json(data)
        return
    env.emit(Renderer(templates, language, False).form("service_guide", fmt, **data), output)
