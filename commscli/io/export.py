"""The one export: rows of a group's records to CSV, xlsx or JSON, a batch at a time (issue 16).

A group says what its file holds with a column spec (``Column``: the English field name the group's
import reads, its Chinese header, what kind of value it is, whether it is personal); ``write`` takes the
spec and an iterator of batches of rows (lists of dicts, as store/exports.py reads them) and streams them
through one writer per format, so an export never holds more than one batch:

- ``csv``: UTF-8 with a BOM (Excel opens it as UTF-8), CRLF, headers in English (or Chinese), a date as
  ``2026-10-09``, a time as ``2026-10-09 09:30`` in the office's zone, a flag as yes/no, a list as
  ``1栋,2栋``; text that a spreadsheet would run as a formula gets a leading apostrophe, which the import
  takes off again (io/csv_in);
- ``xlsx``: xlsxwriter in constant-memory mode, dates and times as date cells, text as text;
- ``json``: a list of objects with the spec's keys in its order; times as stored (ISO 8601 with the
  zone), flags as true/false, lists as arrays.

To a file, the export is written under a temporary name and moved into place (io/output.py: whole or not
at all, mode 0600, never through a symlink); csv and json may also go to stdout.
"""

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from commscli.errors import InputError
from commscli.io.output import check_destination, install, os_error, private_temp, spreadsheet_safe
from commscli.labels import Msg

FORMATS = ("csv", "xlsx", "json")
KINDS = ("text", "date", "time", "flag", "list", "number")


@dataclass(frozen=True)
class Column:
    name: str  # English field name: the import's column, the JSON key
    zh: str  # Chinese header (--headers zh)
    kind: str = "text"  # text | date | time | flag | list | number
    personal: str | None = None  # "phone" | "name": masked with --mask

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: no column kind {self.kind}")


def columns(spec: tuple, kinds: dict | None = None, personal: dict | None = None) -> tuple:
    """An import's field spec (domain.fields.Field) as the export's columns: the same names and headers,
    so the file is what the import reads back."""
    kinds, personal = kinds or {}, personal or {}
    return tuple(Column(f.name, f.zh, kinds.get(f.name, "text"), personal.get(f.name)) for f in spec)


def local_time(text: str) -> str:
    """A stored time ``2026-10-09T09:30:00+08:00`` as offices type it: ``2026-10-09 09:30`` (seconds when
    not zero). The store keeps every time in the office's zone, which the import assumes again."""
    s = str(text)
    if len(s) < 16 or s[10] != "T":
        return s
    clock = s[11:19] if len(s) >= 19 and s[16:19] not in (":00", "") and s[16] == ":" else s[11:16]
    return f"{s[:10]} {clock}"


def _masked(col: Column, value, mask: bool):
    if not mask or not col.personal or value in (None, ""):
        return value
    from commscli.render import mask_name, mask_phone

    return mask_phone(value) if col.personal == "phone" else mask_name(value)


def _list(value) -> list:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return json.loads(value) if value.startswith("[") else [value]
    return list(value)


def _text(col: Column, value) -> str:
    """A cell of the CSV (and the text cells of the workbook)."""
    if value is None or value == "":
        return ""
    if col.kind == "flag":
        return "yes" if int(value) else "no"
    if col.kind == "list":
        return ",".join(map(str, _list(value)))
    if col.kind == "time":
        return local_time(value)
    if col.kind == "number":
        return str(value)
    return str(value)


def _json(col: Column, value):
    if value is None or value == "":
        return [] if col.kind == "list" else None
    if col.kind == "flag":
        return bool(int(value))
    if col.kind == "list":
        return _list(value)
    return value


def header(spec: tuple, headers: str = "en") -> list[str]:
    return [c.zh if headers == "zh" else c.name for c in spec]


class _Csv:
    def __init__(self, fh, spec, headers):
        self.fh, self.spec = fh, spec
        fh.write("\ufeff")
        self.w = csv.writer(fh, lineterminator="\r\n")
        self.w.writerow(header(spec, headers))

    def rows(self, rows, mask):
        spec = self.spec
        self.w.writerows([spreadsheet_safe(_text(c, _masked(c, r.get(c.name), mask))) for c in spec] for r in rows)

    def close(self):
        pass


class _Json:
    def __init__(self, fh, spec, headers):
        self.fh, self.spec, self.first = fh, spec, True
        fh.write("[")

    def rows(self, rows, mask):
        out = []
        for r in rows:
            obj = {c.name: _json(c, _masked(c, r.get(c.name), mask)) for c in self.spec}
            out.append(("\n" if self.first else ",\n") + json.dumps(obj, ensure_ascii=False))
            self.first = False
        self.fh.write("".join(out))

    def close(self):
        self.fh.write("\n]\n" if not self.first else "]\n")


class _Xlsx:
    """A workbook in constant-memory mode: each row is written to the sheet's temporary file as it comes."""

    def __init__(self, path, spec, headers, sheet):
        import xlsxwriter

        self.spec = spec
        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
        self.ws = self.book.add_worksheet(sheet[:31])
        bold = self.book.add_format({"bold": True})
        self.date = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.time = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.seconds = self.book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        names = header(spec, headers)
        for j, (c, name) in enumerate(zip(spec, names, strict=True)):  # widths from the header and the kind
            width = {"date": 11, "time": 17}.get(c.kind, 10 if c.kind in ("flag", "number") else 16)
            self.ws.set_column(j, j, max(width, len(name) * 2))
        self.ws.write_row(0, 0, names, bold)
        self.i = 0

    def rows(self, rows, mask):
        ws = self.ws
        for r in rows:
            self.i += 1
            for j, c in enumerate(self.spec):
                value = _masked(c, r.get(c.name), mask)
                if value is None or value == "":
                    continue
                if c.kind == "date":
                    ws.write_datetime(self.i, j, date.fromisoformat(str(value)[:10]), self.date)
                elif c.kind == "time":
                    dt = datetime.fromisoformat(str(value)).replace(tzinfo=None)  # the office's zone, as stored
                    ws.write_datetime(self.i, j, dt, self.seconds if dt.second else self.time)
                elif c.kind == "number" and isinstance(value, (int, float)):
                    ws.write_number(self.i, j, value)
                else:
                    ws.write_string(self.i, j, _text(c, value))

    def close(self):
        self.book.close()


def write(
    spec: tuple,
    batches: Iterable[list],
    fmt: str,
    path=None,
    *,
    headers: str = "en",
    mask: bool = False,
    sheet: str = "export",
    stdout=None,
    progress: Callable | None = None,
    field: str = "--output",
) -> int:
    """Write the rows of ``batches`` (an iterator of lists of dicts) with the columns ``spec`` as ``fmt``
    to ``path`` (whole or not at all, 0600), or to the text stream ``stdout`` (csv, json); returns the rows
    written. ``progress(rows)`` is called after every batch."""
    count = 0

    def pump(writer):
        nonlocal count
        for batch in batches:
            writer.rows(batch, mask)
            count += len(batch)
            if progress:
                progress(count)
        writer.close()

    text_writer = {"csv": _Csv, "json": _Json}.get(fmt)
    if path is None:
        if text_writer is None:
            raise InputError(Msg("err.export_xlsx_stdout"), "--format", fmt)
        pump(text_writer(stdout, spec, headers))
        return count
    check_destination(path, field)
    with private_temp(path, field) as temp:
        try:
            if text_writer is None:
                pump(_Xlsx(temp, spec, headers, sheet))
            else:
                with open(temp, "w", encoding="utf-8", newline="") as fh:
                    pump(text_writer(fh, spec, headers))
                    fh.flush()
                    import os

                    os.fsync(fh.fileno())
        except OSError as exc:
            raise InputError(Msg("err.cannot_write", reason=os_error(exc)), field, str(path)) from None
        install(temp, path, field)
    return count
