"""The root ``commscli`` app: global options and the command groups."""

from typing import Annotated, Optional

import typer

from commscli.cli import calendar, callback, db, demo, household, office, policy, report, staff, ticket
from commscli.cli.common import DbOpt, JsonOpt, PolicyOpt

app = typer.Typer(
    name="commscli",
    help="Service-communication records and deadlines for a property-management office (物业公司服务沟通制度).",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        from commscli import __version__

        typer.echo(f"commscli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_path: DbOpt = None,
    policy_path: PolicyOpt = None,
    json_out: JsonOpt = False,
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
):
    """Keep customer tickets, callbacks, visits, notices and meetings, and the reports built from them."""
    ctx.obj = {"db": db_path, "policy": policy_path, "json": json_out}


for module, name in ((db, "db"), (policy, "policy"), (calendar, "calendar"), (office, "office"),
                     (household, "household"), (staff, "staff"), (ticket, "ticket"), (callback, "callback"),
                     (report, "report")):
    app.add_typer(module.app, name=name)
demo.register(app)


def main():
    app(prog_name="commscli")
