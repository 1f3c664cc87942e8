"""commscli staff: the people who act (clerks, supervisors, managers, departments)."""

from typing import Annotated

import typer

from commscli.cli import registry as reg
from commscli.cli.common import (
    ChoiceOpt,
    EncodingOpt,
    IdArg,
    ImportOfficeOpt,
    MapOpt,
    SkipBadOpt,
    StrictOpt,
    Text,
    command,
    import_options,
)
from commscli.domain.registry import ROLE

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

ROLES = "Role."


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id"),
            Col("name"),
            Col("role", codes="role"),
            Col("phone"),
            Col("buildings", long=True),
            Col("office"),
            Col("active"),
            Col("created_at", time=True),
        ],
        ["id", "name", "role", "phone", "buildings", "office"],
        csv_fields=["office", "name", "role", "phone", "buildings", "active"],
    )


def view(row: dict) -> dict:
    """A staff member as scripts and people read it (one shape for add, update, list and show)."""
    from commscli.cli.views import booleans
    from commscli.render import mask_phone

    return booleans({**row, "phone": mask_phone(row["phone"])}, "active")


def _show(store, rid):
    from commscli.store import registry

    return view(registry.staff_member(store, rid))


@command(app, "add", records=True)
def add(
    env,
    name: Annotated[str, typer.Argument(help="Name.")],
    role: Annotated[str | None, ChoiceOpt("--role", choice=ROLE, help=ROLES)],
    phone: Annotated[str | None, Text("--phone", help="Phone.")] = None,
    buildings: Annotated[str | None, Text("--buildings", help="Buildings looked after, comma-separated.")] = None,
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
):
    """Register a staff member."""
    from commscli.domain.registry import STAFF

    reg.add(
        env,
        "staff",
        STAFF,
        dict(office=env.office_code(office), name=name, role=role, phone=phone, buildings=buildings),
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
    """Import staff from CSV; re-importing the same rows changes nothing; changed rows are
    listed (exit 3) and corrected only with --update --reason."""
    from commscli.io.importer import staff

    reg.bulk_import(env, staff(), file, skip_bad, import_options(env, encoding, maps, strict, office, update, reason))


@command(app, "list", readonly=True, listing=True)
def list_staff(
    env,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
    role: Annotated[str | None, ChoiceOpt("--role", choice=ROLE, help="Only this role.")] = None,
):
    """List active staff."""
    from commscli.domain.registry import ROLE
    from commscli.store import registry

    rows = registry.staff_list(env.store, office=office, role=ROLE.parse(role, "--role") if role else None, active=True)
    env.rows([view(r) for r in rows], _listing())


@command(app, "show", readonly=True)
def show(env, staff_id: Annotated[int, IdArg(help="Staff id.")]):
    """Show a staff member and their history."""
    row = _show(env.store, staff_id)
    row["events"] = reg.show_events(env, "staff", staff_id)
    _card(env, row)


def _card(env, row: dict, message=None):
    """The staff card of `show`, and of a step after its status line (--json: ``row``)."""
    from commscli.cli.views import show_card
    from commscli.labels import label

    events = row["events"] if "events" in row else reg.show_events(env, "staff", row["id"])
    title = label("card.staff", env.lang, id=row["id"])
    show_card(env, row, title, _listing(), "staff", events, message=message)


@command(app, "update", records=True)
def update(
    env,
    staff_id: Annotated[int, IdArg(help="Staff id.")],
    name: Annotated[str | None, Text("--name", help="New name.")] = None,
    role: Annotated[str | None, ChoiceOpt("--role", choice=ROLE, help="New role.")] = None,
    phone: Annotated[str | None, Text("--phone", help="New phone.")] = None,
    buildings: Annotated[str | None, Text("--buildings", help="New buildings, comma-separated.")] = None,
    office: Annotated[str | None, Text("--office", help="Move to another office (code).")] = None,
    active: Annotated[str | None, Text("--active", help="yes|no: no when the person has left.")] = None,
    reason: Annotated[str | None, Text("--reason", help="Why (required).")] = None,
):
    """Correct a staff member's fields, with a reason."""
    from commscli.domain.registry import STAFF

    reg.update(
        env,
        "staff",
        STAFF,
        staff_id,
        dict(name=name, role=role, phone=phone, buildings=buildings, office=office, active=active),
        reason,
        _show,
        _card,
    )


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "staff")
