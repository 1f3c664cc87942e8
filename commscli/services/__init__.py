"""Application services: one function per user action, composing store queries and domain rules.

No typer, no rich, no SQL: the CLI parses and prints, the store reads and writes, the
domain decides, and these functions put the three together inside the caller's transaction.
"""

from commscli.context import Context  # noqa: F401  (every service's ``ctx``)


def required_reason(reason, field: str = "--reason") -> str:
    """A cancel, reopen or redraw says why: the reason, stripped; refused when empty."""
    from commscli.errors import InputError

    if not (reason or "").strip():
        raise InputError("a reason is required", field, reason or "")
    return reason.strip()


def history(store, table: str, record_id) -> list[dict]:
    """A record's events, oldest first (``show`` commands print them)."""
    from commscli.store import records

    return records.events_for(store, table, record_id)
