"""The add / import / list / show / update commands shared by offices, households and staff."""

from typing import Optional

from commscli.errors import InputError


def add(env, table: str, spec, raw: dict, show):
    """Validate ``raw`` against ``spec``, insert in one transaction, print the new record."""
    from commscli.domain.fields import clean
    from commscli.store import registry

    values = clean(spec, raw)
    at, by, now = env.at(), env.by, env.now_text()
    with env.store.transaction() as store:
        rid = registry.add(store, table, values, at=at, by=by, recorded_at=now)
        _new_residents(env, store, table, at)
    env.record(show(env.store, rid), f"added {table} #{rid}")


def _new_residents(env, store, table: str, at: str):
    """A recent move-in gets its new-resident callback in the same transaction."""
    if table == "households":
        from commscli.services.visits import new_resident_callbacks

        new_resident_callbacks(store, env.ctx(), at)


def update(env, table: str, spec, record_id: int, raw: dict, reason: Optional[str], show):
    """Correct fields of one record, with a reason and an event holding before/after."""
    from commscli.domain.fields import clean
    from commscli.store import registry

    changes = clean(spec, {k: v for k, v in raw.items() if v is not None}, partial=True)
    if not changes:
        raise InputError("nothing to change: give at least one field option", "ID", record_id)
    if not reason or not reason.strip():
        raise InputError("a correction needs a reason", "--reason", reason or "")
    at, by, now = env.at(), env.by, env.now_text()
    with env.store.transaction() as store:
        show(store, record_id)  # NotFound before anything is written
        registry.update(store, table, record_id, changes, at=at, by=by, reason=reason.strip(), recorded_at=now)
        _new_residents(env, store, table, at)
    env.record(show(env.store, record_id), f"updated {table} #{record_id}")


def bulk_import(env, target, file: str, skip_bad: bool):
    from commscli.cli.common import import_result
    from commscli.io import importer

    at, by, now = env.at(), env.import_by(file), env.now_text()
    with env.progress(f"importing {file}") as tick, env.store.transaction() as store:
        result = importer.run(store, target, file, at=at, by=by, recorded_at=now, skip_bad=skip_bad,
                              progress=tick, run_by=env.by)
        if result.inserted:
            _new_residents(env, store, target.table, at)
    import_result(env, result)


def show_events(env, table: str, record_id: int, show_personal: bool = False) -> list[dict]:
    """A record's history, with the phones in before/after masked unless asked for."""
    from commscli.render import mask_personal
    from commscli.store import records

    return mask_personal(records.events_for(env.store, table, record_id), show_personal)
