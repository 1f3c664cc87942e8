"""``<group> export``: the one export command, added to every group that keeps records (issue 16).

Each group's module calls ``register(app, "<records>")``; the command reads, never writes (the store is
opened read-only), and prints the file to stdout (csv, json) or writes it to -o FILE (also xlsx).
"""

from typing import Annotated

import typer

from commscli.cli.common import OutputOpt, Text, command
from commscli.labels import Msg

ExportFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="csv (UTF-8 with BOM) | xlsx (needs -o) | json; default: -o's extension, else csv.",
        show_default=False,
    ),
]


def register(app: typer.Typer, group: str):
    """Add ``export`` to ``app`` for the records of ``group`` (a key of services/exports.GROUPS)."""
    from commscli.store.exports import has_office, has_time

    def export(
        env,
        period: Annotated[
            str | None,
            Text("--period", help="A month (2026-10) or days FIRST..LAST (2026-10-01..2026-10-31) over the main time."),
        ] = None,
        file_format: ExportFormatOpt = None,
        output: OutputOpt = None,
        office: Annotated[str | None, Text("--office", help="Only this office's records.")] = None,
        headers: Annotated[
            str,
            typer.Option(
                "--headers", help="Column names of csv and xlsx: en (default) or zh (中文表头); import reads both."
            ),
        ] = "en",
        mask: Annotated[
            bool, typer.Option("--mask", help="Mask names and phones (default: in full, so the file imports again).")
        ] = False,
    ):
        import sys
        from pathlib import Path

        from commscli.cli.common import FORMAT_OF_EXTENSION
        from commscli.services import exports as svc

        path = output if output and output != "-" else None
        if file_format is None:
            file_format = FORMAT_OF_EXTENSION.get(Path(path or "").suffix.lower(), "csv")
        with env.progress(Msg("msg.exporting", group=group), counting=True) as tick:
            n = svc.export(
                env.store,
                group,
                file_format.strip().lower(),
                path,
                tz=env.tz,
                office=office,
                when=period,
                headers=headers.strip().lower(),
                mask=mask,
                stdout=sys.stdout,
                progress=tick,
            )
        if path and (env.tty() or sys.stderr.isatty()):
            env.info(Msg("msg.wrote", path=path))
        return n

    time_note = "" if has_time(group) else " (no --period: these records have no time)"
    office_note = "" if has_office(group) else " (no --office)"
    export.__doc__ = (
        f"Export the {group.replace('_', ' ')} as csv, xlsx or json: the columns import reads back; "
        f"names and phones in full unless --mask.{time_note}{office_note}"
    )
    command(app, "export", readonly=True, json_flag=False)(export)
