"""Application services: one function per user action, composing store queries and domain rules.

No typer, no rich, no SQL: the CLI parses and prints, the store reads and writes, the
domain decides, and these functions put the three together inside the caller's transaction.
"""

from commscli.context import Context  # noqa: F401  (every service's ``ctx``)
from commscli.labels import Msg


def required_reason(reason, field: str = "--reason") -> str:
    """A cancel, reopen or redraw says why: the reason, stripped; refused when empty."""
    from commscli.errors import InputError

    if not (reason or "").strip():
        raise InputError(Msg("err.reason_required"), field, reason or "")
    return reason.strip()


def history(store, table: str, record_id) -> list[dict]:
    """A record's events, oldest first (``show`` commands print them)."""
    from commscli.store import records

    return records.events_for(store, table, record_id)


def number_form(store, ctx, office_id: int, form: str, table: str, record_id: int, at: str) -> str:
    """Give the record's ``form`` its number (office code, year of ``at``, next sequence: JM01-2026-0046) at the
    step that makes the form, so that rendering it later only reads; a form numbered already keeps its number."""
    from commscli.store import forms, records

    row = forms.assign(store, office_id, form, table, record_id, at)
    if row is None:
        return forms.number(store, form, table, record_id)["number"]
    records.log(
        store,
        ctx,
        "form_numbers",
        row["id"],
        "number",
        at,
        after={"form": form, "number": row["number"], "record": f"{table}/{record_id}"},
    )
    return row["number"]
