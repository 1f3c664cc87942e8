"""commscli household: the household registry (业户)."""

from typing import Annotated

import typer

from commscli.cli import registry as reg
from commscli.cli.common import (
    ChoiceOpt,
    EncodingOpt,
    FormatOpt,
    IdArg,
    ImportOfficeOpt,
    LangOpt,
    MapOpt,
    OutputOpt,
    SkipBadOpt,
    StrictOpt,
    TemplatesOpt,
    Text,
    command,
    import_options,
)
from commscli.domain.registry import HOUSEHOLD_KIND, HOUSEHOLD_USE

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

IMPORT_FIELDS = ["office", "building", "room", "name", "phone", "kind", "use", "move_in", "occupied", "important"]


def _listing():
    from commscli.cli.views import Col, Listing, place

    return Listing(
        [
            Col("id"),
            Col("place", get=place),
            Col("name"),
            Col("phone"),
            Col("kind", "col.household_kind", codes="household"),
            Col("occupied"),
            Col("important"),
            Col("office"),
            Col("building"),
            Col("room"),
            Col("use", codes="household"),
            Col("move_in", time=True),
            Col("created_at", time=True),
        ],
        ["id", "place", "name", "phone", "kind", "occupied"],
        csv_fields=IMPORT_FIELDS,
    )


def view(row: dict, show_personal: bool = False) -> dict:
    """A household as scripts and people read it (one shape for add, update, list and show)."""
    from commscli.cli.views import booleans
    from commscli.render import mask_phone

    return booleans({**row, "phone": mask_phone(row["phone"], show_personal)}, "occupied", "important")


def _show(store, rid, show_personal: bool = False):
    """The household as printed: phone masked unless asked for."""
    from commscli.store import registry

    return view(registry.household(store, rid), show_personal)


@command(app, "add", records=True)
def add(
    env,
    building: Annotated[str, typer.Option("--building", help="Building (楼栋).")],
    room: Annotated[str, typer.Option("--room", help="Room (房号).")],
    name: Annotated[str | None, Text("--name", help="Resident's name.")] = None,
    phone: Annotated[str | None, Text("--phone", help="Phone.")] = None,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=HOUSEHOLD_KIND, help="Default owner.")] = None,
    use: Annotated[str | None, ChoiceOpt("--use", choice=HOUSEHOLD_USE, help="Default home.")] = None,
    move_in: Annotated[str | None, Text("--move-in", help="Move-in date (2019-05-01, 2019/5/1, 2019年5月1日).")] = None,
    occupied: Annotated[str | None, Text("--occupied", help="yes|no (是|否); default yes.")] = None,
    important: Annotated[
        bool, typer.Option("--important", help="An important customer (重要客户): a home visit after each survey.")
    ] = False,
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
):
    """Register a household."""
    from commscli.domain.registry import HOUSEHOLD

    reg.add(
        env,
        "households",
        HOUSEHOLD,
        dict(
            office=env.office_code(office),
            building=building,
            room=room,
            name=name,
            phone=phone,
            kind=kind,
            use=use,
            move_in=move_in,
            occupied=occupied,
            important="yes" if important else None,
        ),
        _show,
        _card,
    )


@command(app, "import", records=True)
def import_(
    env,
    file: reg.CsvFile,
    skip_bad: SkipBadOpt = False,
    office: ImportOfficeOpt = None,
    maps: MapOpt = None,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
    update: reg.UpdateOpt = False,
    reason: reg.ReasonOpt = None,
):
    """Import households from CSV; re-importing the same rows changes nothing; changed rows are
    listed (exit 3) and corrected only with --update --reason."""
    from commscli.io.importer import households

    reg.bulk_import(
        env, households(), file, skip_bad, import_options(env, encoding, maps, strict, office, update, reason)
    )


@command(app, "list", readonly=True, listing=True)
def list_households(
    env,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
    building: Annotated[str | None, Text("--building", help="Only this building.")] = None,
    occupied: Annotated[str | None, Text("--occupied", help="yes|no.")] = None,
    search: Annotated[str | None, Text("--search", help="Name or room contains.")] = None,
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show phone numbers unmasked.")] = False,
):
    """List households (phones masked unless --show-personal)."""
    from commscli.domain.fields import yes_no
    from commscli.store import registry

    rows = registry.households(
        env.store,
        office=office,
        building=building,
        occupied=None if occupied is None else yes_no(occupied, "--occupied"),
        search=search,
    )
    env.rows([view(r, show_personal) for r in rows], _listing())


@command(app, "show", readonly=True)
def show(
    env,
    household_id: Annotated[int, IdArg(help="Household id.")],
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show the phone unmasked.")] = False,
):
    """Show a household and its history."""
    row = _show(env.store, household_id, show_personal)
    row["events"] = reg.show_events(env, "households", household_id, show_personal)
    _card(env, row)


def _card(env, row: dict, message=None):
    """The household card of `show`, and of a step after its status line (--json: ``row``)."""
    from commscli.cli.views import show_card
    from commscli.labels import label

    events = row["events"] if "events" in row else reg.show_events(env, "households", row["id"])
    title = label("card.household", env.lang, id=row["id"])
    # the place (1栋/302) says building and room: not again on their own lines
    show_card(env, row, title, _listing(), "households", events, message=message, skip=("id", "building", "room"))


@command(app, "form", readonly=True)
def form(
    env,
    household_id: Annotated[int, IdArg(help="Household id.")],
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show the phone unmasked.")] = False,
):
    """Render the household card (业户信息卡)."""
    from commscli.render import Renderer
    from commscli.store import registry

    r = Renderer(templates, env.use_lang(lang), show_personal)
    h = registry.household(env.store, household_id)
    env.emit(r.form("household", fmt, household=h, office=registry.office_by_code(env.store, h["office"])), output)


@command(app, "update", records=True)
def update(
    env,
    household_id: Annotated[int, IdArg(help="Household id.")],
    building: Annotated[str | None, Text("--building", help="New building.")] = None,
    room: Annotated[str | None, Text("--room", help="New room.")] = None,
    name: Annotated[str | None, Text("--name", help="New name.")] = None,
    phone: Annotated[str | None, Text("--phone", help="New phone.")] = None,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=HOUSEHOLD_KIND, help="Owner or tenant.")] = None,
    use: Annotated[str | None, ChoiceOpt("--use", choice=HOUSEHOLD_USE, help="Home or business.")] = None,
    move_in: Annotated[str | None, Text("--move-in", help="Move-in date.")] = None,
    occupied: Annotated[str | None, Text("--occupied", help="yes|no.")] = None,
    important: Annotated[
        str | None, Text("--important", help="yes|no: an important customer (重要客户, home visit after surveys).")
    ] = None,
    reason: Annotated[str | None, Text("--reason", help="Why (required).")] = None,
):
    """Correct a household's fields (e.g. moved out: --occupied no), with a reason."""
    from commscli.domain.registry import HOUSEHOLD

    reg.update(
        env,
        "households",
        HOUSEHOLD,
        household_id,
        dict(
            building=building,
            room=room,
            name=name,
            phone=phone,
            kind=kind,
            use=use,
            move_in=move_in,
            occupied=occupied,
            important=important,
        ),
        reason,
        _show,
        _card,
    )


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "households")
