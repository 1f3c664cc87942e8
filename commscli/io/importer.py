"""The one import loop: households, staff, tickets, calendar days and the company's visit list.

``run(store, target, path, …)`` reads the file (io/csv_in: UTF-8, UTF-8 with BOM or GB18030; each row
with its number, 1 = first row after the header, and its file line), validates each row with its
target, counts a row whose natural key is already stored (or earlier in the file) as existing, writes
the new rows in batches and records one event for the import (file, SHA-256, rows, id range, who ran
it). All or nothing unless ``skip_bad``: one bad row stops the import naming its row, line and column;
with ``skip_bad`` every bad row is listed ``{row, line, error}`` and left out. When nothing is inserted
nothing is written, not even the event, so importing the same file twice changes nothing.

A target says what the rows are (``Target``): its columns (a domain.fields spec), how a cleaned row
becomes its natural key and the values to write, whether that key is stored already, and how a batch
is written. Households, staff and calendar days are here; tickets (services/ticket_import.py) and the company's visit
list (services/visits.py) keep their rules beside their other rules. The CLI shows every result with
one printer (cli/common.py ``import_result``).
"""

from dataclasses import dataclass, field
from pathlib import Path

from commscli.domain import registry as rules
from commscli.domain.fields import Field, clean, header_map, iso_date, text
from commscli.errors import CommsError, InputError
from commscli.io import csv_in
from commscli.labels import Both, Msg, Said, word
from commscli.store import calendar as cal_store
from commscli.store import records, registry

BATCH = 5000


@dataclass
class Result:
    """What an import did; the same keys for every import (``--json``)."""

    file: str
    encoding: str
    sha256: str
    rows: int = 0
    inserted: int = 0
    existing: int = 0
    skipped: list = field(default_factory=list)  # {"row", "line", "error"}
    first_id: object = None  # the first and last record written (ids; dates for calendar days)
    last_id: object = None
    run_by: str = ""

    def to_dict(self):
        return dict(self.__dict__)


class Target:
    """What one import writes. A fresh instance serves one run (it may keep caches)."""

    table: str  # the rows' table, named by the import's event
    spec: tuple  # the file's columns

    def header(self, names: list):
        """Refuse a header the spec alone lets through (default: nothing more to check)."""

    def begin(self, store, *, at: str, by: str):
        """Called once before the first row."""
        self.at, self.by = at, by

    def key(self, store, r: dict):
        """A cleaned row's natural key; raises CommsError naming the column to refuse the row."""
        raise NotImplementedError

    def stored(self, store, key) -> bool:
        """Is a record of this natural key in the store already? (May raise: the row is then a bad row.)"""
        return False

    def values(self, store, r: dict, key) -> dict:
        """The record to write for a new key (called after ``key`` of the same row; may raise too)."""
        raise NotImplementedError

    def write(self, store, rows: list) -> tuple:
        """Write a batch; returns its first and last record id."""
        raise NotImplementedError

    def summary(self) -> dict:
        """Fields the import's event adds to the common ones."""
        return {}


def run(
    store,
    target: Target,
    path,
    *,
    at: str,
    by: str,
    recorded_at: str,
    run_by: str = "",
    skip_bad: bool = False,
    progress=None,
    name: str = "FILE",
) -> Result:
    """Import ``path`` with ``target`` inside the caller's transaction.

    ``at``/``by``: when and as whom the rows are recorded (``by`` is ``import:<file name>``; ``run_by``
    the person, kept in the event). ``name``: the option or argument naming the file in errors.
    ``progress(rows_read)`` is called after every batch.
    """
    shown = str(path)
    path = Path(path)
    encoding, digest = csv_in.sniff(path)
    result = Result(file=path.name, encoding=encoding, sha256=digest, run_by=run_by)
    rows = csv_in.read(path, encoding)
    spec = target.spec
    names = header_map(spec, next(rows)[0])
    target.header(names)
    target.begin(store, at=at, by=by)
    width = len(names)
    seen = set()
    batch: list = []

    def flush():
        if batch:
            first, last = target.write(store, batch)
            if result.first_id is None:
                result.first_id = first
            result.last_id = last
            result.inserted += len(batch)
            batch.clear()
        if progress:
            progress(result.rows)

    for row_no, line_no, cells in rows:
        result.rows += 1
        try:
            if len(cells) > width:
                raise InputError(Msg("err.cells", cells=len(cells), width=width), "row", row_no)
            r = clean(spec, dict(zip(names, cells, strict=False)))  # a short row: its last cells blank
            key = target.key(store, r)
            if key in seen or target.stored(store, key):
                result.existing += 1
                continue
            values = target.values(store, r, key)
        except CommsError as exc:
            if not skip_bad:
                raise InputError(
                    Msg("err.import_row", row=row_no, line=line_no, error=Said(exc)), name, shown
                ) from None
            result.skipped.append({"row": row_no, "line": line_no, "error": Said(exc)})  # JSON: the English line
            continue
        seen.add(key)
        batch.append(values)
        if len(batch) >= BATCH:
            flush()
    flush()
    if not result.inserted:
        return result  # nothing changed: a re-import is a true no-op
    records.event(
        store,
        at=at,
        by=by,
        table=target.table,
        record_id=None,
        action="import",
        after={
            "file": result.file,
            "sha256": digest,
            "rows": result.rows,
            "inserted": result.inserted,
            "existing": result.existing,
            "skipped": len(result.skipped),
            "first_id": result.first_id,
            "last_id": result.last_id,
            "run_by": run_by,
            **target.summary(),
        },
        recorded_at=recorded_at,
    )
    return result


# --- households and staff ---------------------------------------------------------------------


class Registry(Target):
    """Registry rows of one office each. ``key(office_id, row)``: the natural key, office first;
    ``existing(store, office_id)``: the office's stored keys without the office (a key's ``[1:]``)."""

    def __init__(self, table: str, spec: tuple, key, existing):
        self.table, self.spec, self._key, self.existing = table, spec, key, existing
        self.columns = [f.name for f in spec if f.name != "office"]

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.offices = registry.office_ids(store)
        self.known: dict[int, set] = {}
        self.office_rows: dict[int, dict] = {}

    def key(self, store, r: dict):
        office_id = self.offices.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), "office", r["office"])
        if self.table == "households":  # an office with a building list refuses other buildings
            if office_id not in self.office_rows:
                self.office_rows[office_id] = registry.office(store, office_id)
            r["building"] = rules.office_building(r["building"], self.office_rows[office_id], "building")
        return self._key(office_id, r)

    def stored(self, store, key) -> bool:
        known = self.known.get(key[0])
        if known is None:
            known = self.known[key[0]] = self.existing(store, key[0])
        return key[1:] in known

    def values(self, store, r: dict, key) -> dict:
        values = {c: r.get(c) for c in self.columns}
        values.update(office_id=key[0], created_at=self.at, created_by=self.by)
        return records.encode(values)

    def write(self, store, rows: list) -> tuple:
        return registry.insert_many(store, self.table, rows)


def households() -> Registry:
    """Households; natural key office + building + room."""
    return Registry("households", rules.HOUSEHOLD, lambda o, r: (o, r["building"], r["room"]), registry.household_keys)


def staff() -> Registry:
    """Staff; natural key office + name."""
    return Registry(
        "staff",
        rules.STAFF,
        lambda o, r: (o, r["name"]),
        lambda store, o: {(n,) for n in registry.staff_keys(store, o)},
    )


# --- calendar days ------------------------------------------------------------------------------


def _kind(value, field_name):
    from commscli.workdays import parse_kind

    return parse_kind(value, field_name)


class CalendarDays(Target):
    """A holiday schedule (date, kind, name); natural key: the date. A date the store holds already is
    existing when its kind and name are the same, and a bad row otherwise (a day is changed, with an
    event, by ``calendar set``)."""

    table = "calendar_days"
    spec = (
        Field("date", "日期", iso_date, required=True),
        Field("kind", "类型", _kind, required=True, aliases=("安排",)),
        Field("name", "名称", text, aliases=("节日",)),
    )

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.days = {d.isoformat(): v for d, v in cal_store.overrides(store).items()}  # and this file's
        self.years = set()

    def key(self, store, r: dict):
        day = r["date"]
        held = self.days.get(day)
        if held is not None and (bool(held[0]), held[1]) != (r["kind"], r.get("name", "")):
            workday, name, source = held
            kind = Both("工作日", "workday") if workday else Both("休息日", "holiday")
            said = Msg("msg.day_held", kind=kind, name=f" {name}" if name else "", source=word("day_source", source))
            raise InputError(Msg("err.day_held", said=said), "date", day)
        return day

    def stored(self, store, key) -> bool:
        return key in self.days

    def values(self, store, r: dict, key) -> dict:
        name = r.get("name", "")
        self.days[key] = (int(r["kind"]), name, "import")
        self.years.add(int(key[:4]))
        return {"date": key, "workday": r["kind"], "name": name}

    def write(self, store, rows: list) -> tuple:
        for row in rows:
            cal_store.put_day(store, row["date"], row["workday"], row["name"], "import", self.at, self.by)
        return rows[0]["date"], rows[-1]["date"]

    def summary(self) -> dict:
        return {"years": sorted(self.years)}
