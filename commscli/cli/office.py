"""commscli office: the management offices (管理处 / 物业服务中心)."""

from typing import Annotated

import typer

from commscli.cli import registry as reg
from commscli.cli.common import EncodingOpt, IdArg, MapOpt, SkipBadOpt, StrictOpt, Text, command, import_options

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS


def _show(store, rid):
    from commscli.store import registry

    return registry.office(store, rid)


@command(app, "add", records=True)
def add(
    env,
    code: Annotated[str, typer.Argument(help="Short code, e.g. JM01.")],
    name: Annotated[str, typer.Option("--name", help="Office name (管理处名称).")],
    phone: Annotated[str | None, Text("--phone", help="Service phone.")] = None,
    address: Annotated[str | None, Text("--address", help="Address.")] = None,
    buildings: Annotated[str | None, Text("--buildings", help="Buildings, comma-separated (1栋,2栋).")] = None,
    lobbies: Annotated[str | None, Text("--lobbies", help="Lobbies where notices are posted, comma-separated.")] = None,
    cs_seal: Annotated[str | None, Text("--cs-seal", help="Customer-service seal line for notices.")] = None,
    company_seal: Annotated[str | None, Text("--company-seal", help="Company seal line for company notices.")] = None,
):
    """Register an office."""
    from commscli.domain.registry import OFFICE

    reg.add(
        env,
        "offices",
        OFFICE,
        dict(
            code=code,
            name=name,
            phone=phone,
            address=address,
            buildings=buildings,
            lobbies=lobbies,
            cs_seal=cs_seal,
            company_seal=company_seal,
        ),
        _show,
        _card,
    )


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id"),
            Col("code"),
            Col("name", "col.day_name"),
            Col("phone"),
            Col("buildings", long=True),
            Col("lobbies", long=True),
            Col("address", long=True),
            Col("cs_seal", "form.cs_seal"),
            Col("company_seal", "form.company_seal"),
        ],
        ["id", "code", "name", "phone", "buildings", "lobbies"],
        csv_fields=["code", "name", "phone", "address", "buildings", "lobbies", "cs_seal", "company_seal"],
    )


@command(app, "import", records=True)
def import_(
    env,
    file: reg.CsvFile,
    skip_bad: SkipBadOpt = False,
    maps: MapOpt = None,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
    update: reg.UpdateOpt = False,
    reason: reg.ReasonOpt = None,
):
    """Import offices (code, name, phone, address, buildings, lobbies, seals); re-importing the same rows
    changes nothing; changed rows are listed (exit 3) and corrected only with --update --reason."""
    from commscli.io.importer import offices

    options = import_options(env, encoding, maps, strict, None, update, reason)
    reg.bulk_import(env, offices(), file, skip_bad, {**options, "given": {}})


@command(app, "list", readonly=True, listing=True)
def list_offices(env):
    """List the offices."""
    from commscli.store import registry

    env.rows(registry.offices(env.store), _listing())


@command(app, "show", readonly=True)
def show(env, office: Annotated[str, typer.Argument(help="Office code or id.")]):
    """Show an office and its history."""
    from commscli.store import registry

    row = _show(env.store, int(office)) if office.isdigit() else registry.office_by_code(env.store, office)
    row["events"] = reg.show_events(env, "offices", row["id"])
    _card(env, row)


def _card(env, row: dict, message=None):
    """The office card of `show`, and of a step after its status line (--json: ``row``)."""
    from commscli.cli.views import show_card
    from commscli.labels import label

    events = row["events"] if "events" in row else reg.show_events(env, "offices", row["id"])
    show_card(
        env,
        row,
        label("card.office", env.lang, code=row["code"]),
        _listing(),
        "offices",
        events,
        skip=("id", "code"),
        message=message,
    )


@command(app, "update", records=True)
def update(
    env,
    office_id: Annotated[int, IdArg(help="Office id.")],
    name: Annotated[str | None, Text("--name", help="New name.")] = None,
    phone: Annotated[str | None, Text("--phone", help="New phone.")] = None,
    address: Annotated[str | None, Text("--address", help="New address.")] = None,
    buildings: Annotated[str | None, Text("--buildings", help="New building list, comma-separated.")] = None,
    lobbies: Annotated[str | None, Text("--lobbies", help="New lobby list, comma-separated.")] = None,
    cs_seal: Annotated[str | None, Text("--cs-seal", help="New customer-service seal line.")] = None,
    company_seal: Annotated[str | None, Text("--company-seal", help="New company seal line.")] = None,
    reason: Annotated[str | None, Text("--reason", help="Why (required).")] = None,
):
    """Correct an office's fields, with a reason."""
    from commscli.domain.registry import OFFICE

    reg.update(
        env,
        "offices",
        OFFICE,
        office_id,
        dict(
            name=name,
            phone=phone,
            address=address,
            buildings=buildings,
            lobbies=lobbies,
            cs_seal=cs_seal,
            company_seal=company_seal,
        ),
        reason,
        _show,
        _card,
    )


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "offices")
