"""Form numbers (office code, year, sequence: JM01-2026-0046), one per form of a record. SQL only; no rules."""

from commscli.store.records import insert_row


def number(store, form: str, table: str, record_id: int) -> dict | None:
    """The number given to ``form`` of the record (with ``assigned_at``, the form's date), or None."""
    rows = store.query(
        "SELECT number, year, seq, assigned_at FROM form_numbers WHERE form = ? AND record_table = ? AND record_id = ?",
        (form, table, record_id),
    )
    return next(iter(rows), None)


def assign(store, office_id: int, form: str, table: str, record_id: int, at: str) -> dict | None:
    """The next number of the office's ``form`` in ``at``'s year, given to the record; None when it has one."""
    if number(store, form, table, record_id):
        return None
    year = int(at[:4])
    (seq,) = store.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM form_numbers WHERE office_id = ? AND form = ? AND year = ?",
        (office_id, form, year),
    ).fetchone()
    (code,) = store.execute("SELECT code FROM offices WHERE id = ?", (office_id,)).fetchone()
    row = {
        "office_id": office_id,
        "form": form,
        "year": year,
        "seq": seq,
        "number": f"{code}-{year}-{seq:04d}",
        "record_table": table,
        "record_id": record_id,
        "assigned_at": at,
    }
    row["id"] = insert_row(store, "form_numbers", row)
    return row
