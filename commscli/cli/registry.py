"""The add / import / list / show / update commands shared by offices, households and staff."""

from typing import Annotated

import typer

from commscli.errors import InputError
from commscli.labels import Msg, word

CsvFile = Annotated[
    str,
    typer.Argument(
        help="CSV (UTF-8, UTF-8 BOM or GB18030), TSV or Excel's Unicode text (UTF-16), or a workbook "
        "(.xlsx .xls .ods: its first sheet); English or Chinese headers."
    ),
]
UpdateOpt = Annotated[
    bool, typer.Option("--update", help="Correct records the file changes (needs --reason); default: list them.")
]
ReasonOpt = Annotated[str | None, typer.Option("--reason", help="Why the file corrects records (with --update).")]


def add(env, table: str, spec, raw: dict, show, card):
    """Validate ``raw`` against ``spec``, register it in one transaction, print the new record's card
    (``card(env, record, message)``, as ``show`` prints it; --json: the record)."""
    from commscli.domain.fields import clean
    from commscli.services import registry as svc

    values = clean(spec, raw, names=env.names)
    at, ctx = env.at(), env.ctx()
    with env.store.transaction() as store:
        rid = svc.add(store, ctx, table, values, at)
    card(env, show(env.store, rid), Msg("msg.added", table=word("table", table), id=rid))


def update(env, table: str, spec, record_id: int, raw: dict, reason: str | None, show, card):
    """Correct fields of one record, with a reason and an event holding before/after."""
    from commscli.domain.fields import clean
    from commscli.services import registry as svc

    changes = clean(spec, {k: v for k, v in raw.items() if v is not None}, partial=True, names=env.names)
    if not changes:
        raise InputError(Msg("err.nothing_to_change"), "ID", record_id)
    at, ctx = env.at(), env.ctx()
    with env.store.transaction() as store:
        svc.update(store, ctx, table, record_id, changes, reason, at)
    card(env, show(env.store, record_id), Msg("msg.updated", table=word("table", table), id=record_id))


def bulk_import(env, target, file: str, skip_bad: bool, options: dict):
    """``options``: cli/common.import_options (encoding, --map, --strict, --office, --update --reason)."""
    from commscli.cli.common import import_result
    from commscli.io import importer

    at, by, ctx = env.at(), env.import_by(file), env.ctx()
    with env.progress(Msg("msg.importing", file=file), counting=True) as tick, env.store.transaction() as store:
        result = importer.run(store, ctx, target, file, at=at, by=by, skip_bad=skip_bad, progress=tick, **options)
        if result.inserted:
            from commscli.services.registry import new_residents

            new_residents(store, ctx, target.table, at)
    import_result(env, result)


def show_events(env, table: str, record_id: int, show_personal: bool = False) -> list[dict]:
    """A record's history, with the phones in before/after masked unless asked for."""
    from commscli.render import mask_personal
    from commscli.services import history

    return mask_personal(history(env.store, table, record_id), show_personal)
