"""Bulk import of registry rows: validate each row, all-or-nothing unless told to skip bad rows.

Existing natural keys are left alone, so importing the same file twice changes nothing.
The import writes one event (file name, hash, row count, id range), not one per row.
"""

from dataclasses import dataclass, field
from pathlib import Path

from commscli.domain import registry as rules
from commscli.domain.fields import clean, header_map
from commscli.errors import CommsError, InputError
from commscli.io import csv_in
from commscli.store import records, registry

BATCH = 5000


@dataclass
class Result:
    file: str
    encoding: str
    sha256: str
    rows: int = 0
    inserted: int = 0
    existing: int = 0
    skipped: list = field(default_factory=list)  # {"row", "line", "error"}
    first_id: int | None = None
    last_id: int | None = None

    def to_dict(self):
        return dict(self.__dict__)


@dataclass(frozen=True)
class Target:
    table: str
    spec: tuple
    key: callable  # cleaned row → natural key within its office
    existing: callable  # (store, office_id) → set of keys


HOUSEHOLDS = Target("households", rules.HOUSEHOLD, lambda r: (r["building"], r["room"]), registry.household_keys)
STAFF = Target("staff", rules.STAFF, lambda r: r["name"], registry.staff_keys)


def run(store, target: Target, path: Path, *, at: str, by: str, recorded_at: str,
        skip_bad: bool = False, progress=None, run_by: str = "") -> Result:
    """Import ``path`` into ``target.table`` inside the caller's transaction.

    ``progress(rows_read)`` is called after every batch.
    """
    spec = target.spec
    columns = [f.name for f in spec if f.name != "office"]
    path = Path(path)
    encoding, digest = csv_in.sniff(path)
    result = Result(file=path.name, encoding=encoding, sha256=digest)
    offices = registry.office_ids(store)
    known: dict[int, set] = {}
    batch: list[dict] = []

    def flush():
        first, last = registry.insert_many(store, target.table, batch)
        if first is not None:
            result.first_id = result.first_id or first
            result.last_id = last
        result.inserted += len(batch)
        batch.clear()
        if progress:
            progress(result.rows)

    rows = csv_in.read(path, encoding)
    header, _, _ = next(rows)
    names = header_map(spec, header)
    for row_no, line_no, cells in rows:
        result.rows += 1
        try:
            if len(cells) > len(names):
                raise InputError(f"{len(cells)} cells for {len(names)} columns", "row", row_no)
            cleaned = clean(spec, dict(zip(names, cells)))
            office_id = offices.get(cleaned["office"])
            if office_id is None:
                raise InputError("no such office", "office", cleaned["office"])
            if office_id not in known:
                known[office_id] = target.existing(store, office_id)
            key = target.key(cleaned)
            if key in known[office_id]:
                result.existing += 1
                continue
            known[office_id].add(key)
            values = {c: cleaned.get(c) for c in columns}
            values.update(office_id=office_id, created_at=at, created_by=by)
            batch.append(records.encode(values))
        except CommsError as exc:
            where = f"row {row_no} (line {line_no})"
            if not skip_bad:
                raise InputError(f"{where}: {exc.line()}", "FILE", path.name) from None
            result.skipped.append({"row": row_no, "line": line_no, "error": exc.line()})
            continue
        if len(batch) >= BATCH:
            flush()
    flush()
    if not result.inserted:
        return result  # nothing changed: a re-import is a true no-op
    records.event(store, at=at, by=by, table=target.table, record_id=None, action="import",
                  after={"file": result.file, "sha256": digest, "rows": result.rows, "inserted": result.inserted,
                         "existing": result.existing, "skipped": len(result.skipped),
                         "first_id": result.first_id, "last_id": result.last_id, "run_by": run_by},
                  recorded_at=recorded_at)
    return result
