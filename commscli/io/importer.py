"""The one import loop of every group: offices, households, staff, calendar days, tickets, visits, callbacks,
appeals, notices, meetings and the company's visit list.

``run(store, target, path, …)`` reads the file (io/csv_in: UTF-8, UTF-8 with BOM or GB18030; each row
with its number, 1 = first row after the header, and its file line), validates each row with its
target, counts a row whose natural key is already stored (or earlier in the file) as existing, writes
the new rows in batches and records one event for the import (file, SHA-256, rows, id range, who ran
it). All or nothing unless ``skip_bad``: one bad row stops the import naming its row, line and column;
with ``skip_bad`` every bad row is listed ``{row, line, error}`` and left out. When nothing is inserted
nothing is written, not even the event, so importing the same file twice changes nothing.

A target says what the rows are (``Target``): its columns (a domain.fields spec), how a cleaned row
becomes its natural key and the values to write, whether that key is stored already, and how a batch
is written. Offices, households, staff and calendar days are here; the records keep their targets beside
their other rules (services/ticket_import.py, visit_import.py, callback_import.py, appeal_import.py,
notice_import.py, meeting_import.py; the company's visit list in services/visits.py), and their CLI
commands are one (cli/common.py ``register_import``). The CLI shows every result with one printer
(cli/common.py ``import_result``).
"""

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice, repeat
from pathlib import Path

from commscli.domain import registry as rules
from commscli.domain.fields import Field, column_cleaner, iso_date, read_header, row_cleaner, text
from commscli.errors import CommsError, InputError
from commscli.io import sheets
from commscli.labels import Both, Msg, Said, word
from commscli.store import calendar as cal_store
from commscli.store import db, records, registry

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
    changed: list = field(default_factory=list)  # {"row", "line", "record", "fields": {name: [stored, file]}}
    updated: int = 0  # changed records corrected (--update --reason)
    ignored_columns: list = field(default_factory=list)  # headers neither known nor mapped
    first_id: object = None  # the first and last record written (ids; dates for calendar days)
    last_id: object = None
    run_by: str = ""

    def to_dict(self):
        return dict(self.__dict__)


class Target:
    """What one import writes. A fresh instance serves one run (it may keep caches)."""

    table: str  # the rows' table, named by the import's event
    spec: tuple  # the file's columns
    remember = True  # keep the file's keys to find a key seen in an earlier batch (False: ``lookup`` finds it)
    optimistic = False  # after a batch of new rows, try ``write_new`` before any look (its keys are unique)
    batch = BATCH  # rows read before they are looked up and written together

    def header(self, names: list):
        """Refuse a header the spec alone lets through (default: nothing more to check)."""

    def begin(self, store, *, at: str, by: str):
        """Called once before the first row."""
        self.at, self.by = at, by

    def prepare(self, store, rows: list):
        """Called with a batch's cleaned rows before their keys: one look for what ``key`` needs of them."""

    def key(self, store, r: dict):
        """A cleaned row's natural key; raises CommsError naming the column to refuse the row."""
        raise NotImplementedError

    def stored(self, store, key) -> bool:
        """Is a record of this natural key in the store already? (May raise: the row is then a bad row.)"""
        return False

    def values(self, store, r: dict, key) -> dict:
        """The record to write for a new key (called after ``key`` of the same row; may raise too)."""
        raise NotImplementedError

    def lookup(self, store, keys: list) -> dict:
        """The stored records among a batch's keys, by key (a record, or True when the target does not
        compare): one look per batch, so an import holds one batch of keys, never the whole table."""
        return {k: True for k in keys if self.stored(store, k)}

    def changes(self, store, stored, r: dict, key, present: set) -> dict:
        """What the file's row would change in its stored record: {field: (stored, file)}; only the
        columns the file has (``present``) are compared. Default: rows of this kind are not compared."""
        return {}

    def update(self, store, ctx, stored, changes: dict, at: str, reason: str):
        """Correct a stored record with the file's values (``--update --reason``), with its event."""
        raise NotImplementedError

    def write(self, store, rows: list) -> tuple:
        """Write a batch; returns its first and last record id."""
        raise NotImplementedError

    def write_new(self, store, rows: list) -> tuple | None:
        """Write a batch in one statement if none of its keys is stored or repeated (the unique index
        says so): its first and last id; else nothing written and None (``optimistic`` targets)."""
        return None

    def new_records(self, store, columns: list, count: int) -> list | None:
        """The records ``write_new`` writes for a batch of ``count`` rows cleaned by columns (a list of each
        field's values, in the spec's order: domain.fields.column_cleaner), as ``key`` and ``values`` would
        make them; None when a row is refused or the target has no such way (the batch is then taken row by
        row, naming the row)."""
        return None

    def summary(self) -> dict:
        """Fields the import's event adds to the common ones."""
        return {}


@contextmanager
def few_collections(held: int = 100_000):
    """Python's cyclic collector put off while an import's rows stream by. An import frees what it reads batch
    by batch, without cycles; a pass every 700 objects allocated walked the batch being read again and again
    (a quarter of the import's time in Python). The collector still runs once ``held`` more objects are kept
    than freed."""
    before = gc.get_threshold()
    gc.set_threshold(max(held, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run(
    store,
    ctx,
    target: Target,
    path,
    *,
    at: str,
    by: str,
    skip_bad: bool = False,
    progress=None,
    name: str = "FILE",
    encoding: str | None = None,
    mapping: dict | None = None,
    strict: bool = False,
    given: dict | None = None,
    update_reason: str | None = None,
) -> Result:
    """Import ``path`` with ``target`` inside the caller's transaction and Context (commscli.context).

    ``at``/``by``: when and as whom the rows are recorded (``by`` is ``import:<file name>``); the person who
    ran it (``ctx.by``) is kept in the event, recorded through ``records.log`` like every other write.
    ``name``: the option or argument naming the file in errors. ``progress(rows_read)`` is called after
    every batch. ``encoding`` (--encoding) overrides detection; ``mapping`` (--map 列名=field) names other
    columns; a column neither known nor mapped is left out and named in the result, or with ``strict``
    refused; ``given`` ({field: value}, e.g. --office) fills a column the file lacks or leaves blank. A row
    whose record is stored with other values is listed in ``changed`` and left as it is, unless
    ``update_reason`` (--update --reason) corrects it, each with its event.
    """
    shown = str(path)
    path = Path(path)
    run_by = ctx.by or ""
    given = {k: v for k, v in (given or {}).items() if v not in (None, "")}
    encoding, digest, rows = sheets.open_rows(path, encoding)
    result = Result(file=path.name, encoding=encoding, sha256=digest, run_by=run_by)
    spec = target.spec
    names, result.ignored_columns = read_header(spec, next(rows)[0], mapping=mapping, strict=strict, given=given)
    present = {n for n in names if n} | set(given)
    target.header([n for n in names if n])
    target.begin(store, at=at, by=by)
    db.bulk_cache(store)
    width = len(names)
    clean_row = row_cleaner(spec, names, given)
    by_columns = column_cleaner(spec, names, given) if target.optimistic else None
    pending: list = []  # (row_no, line_no, cells) of the batch being read
    seen = set()  # the keys written, for a target whose lookup does not see them (``remember``)
    fresh = True  # the last batch was all new rows: the next is written without a look first (``write_new``)

    columns = {f.name: f.column for f in spec}  # a rule's error names a column by its field name

    def bad(row_no, line_no, exc):
        if isinstance(exc.field, str) and exc.field in columns:
            exc.field = columns[exc.field]  # named as the sheet names it: its Chinese header in zh
        if not skip_bad:
            raise InputError(Msg("err.import_row", row=row_no, line=line_no, error=Said(exc)), name, shown) from None
        result.skipped.append({"row": row_no, "line": line_no, "error": Said(exc)})  # JSON: the English line

    def written(first, last, count):
        if result.first_id is None:
            result.first_id = first
        result.last_id = last
        result.inserted += count

    def flush():
        nonlocal fresh
        tried = False  # written optimistically already, in vain
        if fresh and by_columns is not None:  # the usual batch: cleaned by columns, written in one statement
            columns = by_columns([cells for _, _, cells in pending])
            rows = target.new_records(store, columns, len(pending)) if columns is not None else None
            del columns
            if rows is not None:
                span = target.write_new(store, rows)
                if span is not None:
                    pending.clear()
                    written(*span, len(rows))
                    if progress:
                        progress(result.rows)
                    return
                tried = True
        cleaned = []  # (row_no, line_no, cleaned row or the error refusing it)
        for row_no, line_no, cells in pending:
            try:
                if len(cells) > width:
                    raise InputError(Msg("err.cells", cells=len(cells), width=width), "row", row_no)
                cleaned.append((row_no, line_no, clean_row(cells)))  # a short row: its last cells blank
            except CommsError as exc:
                cleaned.append((row_no, line_no, exc.with_traceback(None)))  # no cycle through this frame
        pending.clear()
        target.prepare(store, [r for _, _, r in cleaned if not isinstance(r, CommsError)])
        keyed = []  # (row_no, line_no, key, cleaned row), in the file's order
        for row_no, line_no, r in cleaned:
            try:
                if isinstance(r, CommsError):
                    raise r
                keyed.append((row_no, line_no, target.key(store, r), r))
            except CommsError as exc:
                bad(row_no, line_no, exc)
        del cleaned
        if fresh and keyed and target.optimistic and not tried:
            try:
                rows = [target.values(store, r, key) for _, _, key, r in keyed]
            except CommsError:
                rows = None  # said row by row below
            span = target.write_new(store, rows) if rows else None
            if span is not None:
                written(*span, len(rows))
                if progress:
                    progress(result.rows)
                return
        stored = target.lookup(store, list({key: None for _, _, key, _ in keyed}))
        batch, keys = [], set()
        for row_no, line_no, key, r in keyed:
            try:
                if key in keys or key in seen:  # earlier in the file
                    result.existing += 1
                    continue
                old = stored.get(key)
                if old is not None:
                    diff = target.changes(store, old, r, key, present) if old is not True else {}
                    if not diff:
                        result.existing += 1
                    elif update_reason:
                        target.update(store, ctx, old, {f: new for f, (_, new) in diff.items()}, at, update_reason)
                        result.updated += 1
                    else:
                        result.changed.append(
                            {
                                "row": row_no,
                                "line": line_no,
                                "record": old.get("id"),
                                "fields": {f: [a, b] for f, (a, b) in diff.items()},
                            }
                        )
                    continue
                values = target.values(store, r, key)
            except CommsError as exc:
                bad(row_no, line_no, exc)
                continue
            keys.add(key)
            batch.append(values)
        fresh = len(batch) == len(keyed)
        if target.remember:
            seen.update(keys)
        if batch:
            written(*target.write(store, batch), len(batch))
        if progress:
            progress(result.rows)

    count = 0
    with few_collections():
        while True:  # a batch at a time: its rows read, then cleaned, looked up and written together
            try:
                pending.extend(islice(rows, target.batch))
            except CommsError:  # the file cannot be read on: its rows before are said first (a bad row stops there)
                result.rows = count + len(pending)
                flush()
                raise
            if not pending:
                break
            count += len(pending)
            result.rows = count
            flush()
    if not result.inserted:
        return result  # nothing added: a re-import is a true no-op (corrections carry their own events)
    records.log(
        store,
        ctx,
        target.table,
        None,
        "import",
        at,
        by=by,
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
    )
    return result


# --- records kept beside their rules (services/<group>_import.py) ---------------------------------------


class Records(Target):
    """A target of records whose rules live in services (tickets, visits, callbacks, appeals, notices,
    meetings): made with the command's Context (policy, calendar, now), its columns from ``columns(ctx)``; the offices by code from ``begin``; ``households_of`` finds a batch's households in one look per
    office. ``run`` imports a file with it."""

    remember = False  # a batch's lookup sees the records earlier batches wrote

    def __init__(self, ctx):
        self.ctx = ctx
        self.spec = self.columns(ctx)

    def columns(self, ctx) -> tuple:
        """The file's columns (a domain.fields spec) in the office's time zone and ``ctx``'s policy."""
        raise NotImplementedError

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.office_ids = registry.office_ids(store)

    def households_of(self, store, keys, columns: str = "r.id, r.building, r.room") -> dict:
        """(office id, building, room) → the household's ``columns``, for the batch's ``keys`` (the same
        triples; an office id None is left out) by the unique index, one look per office."""
        wanted: dict[int, set] = {}
        for office_id, building, room in keys:
            if office_id is not None:
                wanted.setdefault(office_id, set()).add((building, room))
        return {
            (office_id, *k): h
            for office_id, rooms in wanted.items()
            for k, h in registry.rows_by_key(store, "households", office_id, sorted(rooms), columns).items()
        }

    @classmethod
    def run(cls, store, ctx, path, *, by: str, skip_bad: bool = False, progress=None, **options) -> Result:
        """Import ``path`` (``options``: the shared options of ``run``: encoding, mapping, strict, given)."""
        from commscli import clock

        target = cls(ctx)
        return run(
            store, ctx, target, path, at=clock.fmt(ctx.now), by=by, skip_bad=skip_bad, progress=progress, **options
        )


# --- households and staff ---------------------------------------------------------------------


class Registry(Target):
    """Registry rows of one office each. ``key(office_id, row)``: the natural key, office first (then
    (building, room) of a household, (name,) of a staff member); stored rows are found a batch at a time
    and compared, so a changed row is reported (or corrected with ``--update --reason``)."""

    remember = False  # a batch's lookup sees the rows earlier batches wrote
    optimistic = True  # the natural key is the table's unique index

    def __init__(self, table: str, spec: tuple, key):
        self.table, self.spec, self._key = table, spec, key
        self.columns = [f.name for f in spec if f.name != "office"]
        self.insert_columns = [*self.columns, "office_id", "created_at", "created_by"]

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.offices = registry.office_ids(store)
        self.office_rows: dict[int, dict] = {}
        self.places: dict = {}  # (office code, building as given) → (office id, the office's building)

    def place(self, store, office: str, building: str) -> tuple:
        """(office id, the office's building) of a household's office code and building as the file gives
        them: an office with a building list refuses other buildings."""
        place = self.places.get((office, building))
        if place is None:
            office_id = self.offices.get(office)
            if office_id is None:
                raise InputError(Msg("err.no_such_office"), "office", office)
            if office_id not in self.office_rows:
                self.office_rows[office_id] = registry.office(store, office_id)
            place = (office_id, rules.office_building(building, self.office_rows[office_id], "building"))
            if len(self.places) >= 4096:
                self.places.clear()
            self.places[(office, building)] = place
        return place

    def key(self, store, r: dict):
        if self.table == "households":
            office_id, r["building"] = self.place(store, r["office"], r["building"])
            return self._key(office_id, r)
        office_id = self.offices.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), "office", r["office"])
        return self._key(office_id, r)

    def new_records(self, store, columns: list, count: int) -> list | None:
        if self.table != "households" or self.json:
            return None
        given = dict(zip((f.name for f in self.spec), columns, strict=True))
        wanted = list(zip(given["office"], given["building"], strict=True))
        places = list(map(self.places.get, wanted))  # (office id, building) of each row, from the cache
        if None in places:  # an office or building not seen yet: each found once, then the rows again
            try:
                for office, building in set(wanted):
                    if (office, building) not in self.places:
                        self.place(store, office, building)
                places = [p or self.place(store, *w) for p, w in zip(map(self.places.get, wanted), wanted, strict=True)]
            except CommsError:
                return None
        office_ids, buildings = zip(*places, strict=True)
        values = [buildings if c == "building" else given[c] for c in self.columns]
        return list(zip(*values, office_ids, repeat(self.at, count), repeat(self.by, count), strict=True))

    def lookup(self, store, keys: list) -> dict:
        by_office: dict[int, list] = {}
        for key in keys:
            by_office.setdefault(key[0], []).append(key[1:])
        found = {}
        for office_id, rest in by_office.items():
            for k, row in registry.rows_by_key(store, self.table, office_id, rest).items():
                found[(office_id, *k)] = row
        return found

    def changes(self, store, stored, r: dict, key, present: set) -> dict:
        new = records.encode({c: r.get(c) for c in self.columns if c in present})
        return {c: (stored.get(c), v) for c, v in new.items() if stored.get(c) != v}

    def update(self, store, ctx, stored, changes: dict, at: str, reason: str):
        registry.update(store, ctx, self.table, stored["id"], changes, at, reason=reason)

    def values(self, store, r: dict, key) -> tuple:
        values = [r.get(c) for c in self.columns]
        values = records.encode(dict(zip(self.columns, values, strict=True))).values() if self.json else values
        return (*values, key[0], self.at, self.by)

    @cached_property
    def json(self) -> bool:
        return bool(records.JSON_COLUMNS & set(self.columns))

    def write(self, store, rows: list) -> tuple:
        return registry.insert_rows(store, self.table, self.insert_columns, rows)

    def write_new(self, store, rows: list) -> tuple | None:
        return registry.insert_rows(store, self.table, self.insert_columns, rows, new_only=True)


class Offices(Registry):
    """Offices; natural key: the code. A stored office of the code is compared as households are."""

    remember = True  # the offices are looked up by code, a batch at a time

    def __init__(self):
        super().__init__("offices", rules.OFFICE, None)
        self.insert_columns = [*self.columns, "created_at", "created_by"]  # an office has no office_id

    def begin(self, store, *, at: str, by: str):
        Target.begin(self, store, at=at, by=by)

    def key(self, store, r: dict):
        return r["code"]

    def lookup(self, store, keys: list) -> dict:
        return registry.offices_by_code(store, keys)

    def values(self, store, r: dict, key) -> tuple:
        values = records.encode({c: r.get(c) for c in self.columns})
        return (*(values[c] for c in self.columns), self.at, self.by)


def offices() -> Offices:
    """Offices; natural key: the code."""
    return Offices()


def households() -> Registry:
    """Households; natural key office + building + room."""
    return Registry("households", rules.HOUSEHOLD, lambda o, r: (o, r["building"], r["room"]))


def staff() -> Registry:
    """Staff; natural key office + name."""
    return Registry("staff", rules.STAFF, lambda o, r: (o, r["name"]))


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
        self.days = {d.isoformat(): v for d, v in cal_store.overrides(store).items()}  # and the days written
        self.in_file = {}  # the file's days read so far, so a date given twice must agree with itself
        self.years = set()

    def key(self, store, r: dict):
        day = r["date"]
        held = self.days.get(day) or self.in_file.get(day)
        self.in_file.setdefault(day, (int(r["kind"]), r.get("name", ""), "this file"))
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
