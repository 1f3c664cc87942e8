"""Offices, households and staff: register one, correct one, and the new-resident callback a move-in needs."""

from commscli.errors import InputError
from commscli.labels import Msg
from commscli.services.callbacks import new_resident_callbacks
from commscli.store import records
from commscli.store import registry as q


def add(store, ctx, table: str, values: dict, at: str) -> int:
    """Register one record (``values`` validated; ``office`` as its code) with its creation event; a
    household that moved in recently gets its new-resident callback in the same transaction."""
    if table == "households":
        from commscli.domain.registry import office_building

        values = {**values, "building": office_building(values["building"], q.office_by_code(store, values["office"]))}
    rid = q.add(store, ctx, table, values, at)
    new_residents(store, ctx, table, at)
    return rid


def update(store, ctx, table: str, record_id, changes: dict, reason: str | None, at: str) -> dict:
    """Correct fields of one record: a reason is required, the event holds before and after."""
    if not reason or not reason.strip():
        raise InputError(Msg("err.correction_reason"), "--reason", reason or "")
    row = records.get(store, table, record_id)  # NotFound before anything is written
    if table == "households" and ("building" in changes or "office" in changes):
        from commscli.domain.registry import office_building

        office = (
            q.office_by_code(store, changes["office"]) if "office" in changes else q.office(store, row["office_id"])
        )
        changes = {**changes, "building": office_building(changes.get("building", row["building"]), office)}
    row = q.update(store, ctx, table, record_id, changes, at, reason=reason.strip())
    new_residents(store, ctx, table, at)
    return row


def new_residents(store, ctx, table: str, at: str) -> list[int]:
    """After households are added, corrected or imported: a recent move-in gets its new-resident callback."""
    return new_resident_callbacks(store, ctx, at) if table == "households" else []
