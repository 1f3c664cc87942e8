"""commscli household: the household registry (业户)."""

from typing import Annotated

import typer

from commscli.cli import registry as reg
from commscli.cli.common import FormatOpt, IdArg, LimitOpt, OutputOpt, Text, command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

COLUMNS = ["id", "office", "building", "room", "name", "phone", "kind", "use", "move_in", "occupied"]


def _show(store, rid, show_personal: bool = False):
    """The household as printed: phone masked unless asked for."""
    from commscli.render import mask_phone
    from commscli.store import registry

    row = registry.household(store, rid)
    row["phone"] = mask_phone(row["phone"], show_personal)
    return row


@command(app, "add", records=True)
def add(env, office: Annotated[str, typer.Option("--office", help="Office code.")],
        building: Annotated[str, typer.Option("--building", help="Building (楼栋).")],
        room: Annotated[str, typer.Option("--room", help="Room (房号).")],
        name: Text("--name", help="Resident's name.") = None,
        phone: Text("--phone", help="Phone.") = None,
        kind: Text("--kind", help="owner|tenant (业主|租户); default owner.") = None,
        use: Text("--use", help="home|business (住宅|商业); default home.") = None,
        move_in: Text("--move-in", help="Move-in date (2019-05-01, 2019/5/1, 2019年5月1日).") = None,
        occupied: Text("--occupied", help="yes|no (是|否); default yes.") = None):
    """Register a household."""
    from commscli.domain.registry import HOUSEHOLD

    reg.add(env, "households", HOUSEHOLD, dict(office=office, building=building, room=room, name=name, phone=phone,
                                               kind=kind, use=use, move_in=move_in, occupied=occupied), _show)


@command(app, "import", records=True)
def import_(env, file: Annotated[str, typer.Argument(help="CSV (UTF-8, UTF-8 BOM or GB18030), English or Chinese headers.")],
            skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip bad rows and report each; default: all or nothing.")] = False):
    """Import households from CSV; re-importing the same rows changes nothing."""
    from commscli.io.importer import HOUSEHOLDS

    reg.bulk_import(env, HOUSEHOLDS, file, skip_bad)


@command(app, "list", readonly=True)
def list_households(env, office: Text("--office", help="Only this office.") = None,
                    building: Text("--building", help="Only this building.") = None,
                    occupied: Text("--occupied", help="yes|no.") = None,
                    search: Text("--search", help="Name or room contains.") = None,
                    limit: LimitOpt = None,
                    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show phone numbers unmasked.")] = False):
    """List households (phones masked unless --show-personal)."""
    from commscli.domain.fields import yes_no
    from commscli.render import mask_phone
    from commscli.store import registry

    rows = registry.households(env.store, office=office, building=building,
                               occupied=None if occupied is None else yes_no(occupied, "--occupied"),
                               search=search, limit=limit)
    for r in rows:
        r["phone"] = mask_phone(r["phone"], show_personal)
    env.rows(rows, COLUMNS)


@command(app, "show", readonly=True)
def show(env, household_id: IdArg(help="Household id."),
         show_personal: Annotated[bool, typer.Option("--show-personal", help="Show the phone unmasked.")] = False):
    """Show a household and its history."""
    row = _show(env.store, household_id, show_personal)
    row["events"] = reg.show_events(env, "households", household_id, show_personal)
    env.record(row)


@command(app, "form", readonly=True)
def form(env, household_id: IdArg(help="Household id."),
         fmt: FormatOpt = "text", output: OutputOpt = None,
         lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
         templates: Text("--templates", help="Your template directory, searched first.") = None,
         show_personal: Annotated[bool, typer.Option("--show-personal", help="Show the phone unmasked.")] = False):
    """Render the household card (业户信息卡)."""
    from commscli.render import Renderer
    from commscli.store import registry

    r = Renderer(templates, lang, show_personal)
    h = registry.household(env.store, household_id)
    env.emit(r.form("household", fmt, household=h, office=registry.office_by_code(env.store, h["office"])), output)


@command(app, "update", records=True)
def update(env, household_id: IdArg(help="Household id."),
           building: Text("--building", help="New building.") = None,
           room: Text("--room", help="New room.") = None,
           name: Text("--name", help="New name.") = None,
           phone: Text("--phone", help="New phone.") = None,
           kind: Text("--kind", help="owner|tenant.") = None,
           use: Text("--use", help="home|business.") = None,
           move_in: Text("--move-in", help="Move-in date.") = None,
           occupied: Text("--occupied", help="yes|no.") = None,
           reason: Text("--reason", help="Why (required).") = None):
    """Correct a household's fields (e.g. moved out: --occupied no), with a reason."""
    from commscli.domain.registry import HOUSEHOLD

    reg.update(env, "households", HOUSEHOLD, household_id, dict(building=building, room=room, name=name, phone=phone,
               kind=kind, use=use, move_in=move_in, occupied=occupied), reason, _show)
