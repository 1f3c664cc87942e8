"""Open the files offices really have: CSV (UTF-8, UTF-8 with BOM, GB18030), TSV and Excel's "Unicode
text" (UTF-16, tab-separated), and workbooks (.xlsx, .xlsm, .xls, .ods: the first sheet, read with
python-calamine, which streams large sheets far faster than openpyxl).

``open_rows(path, encoding)`` returns (what was read, sha256, rows): ``rows`` yields the header first,
then ``(row_no, line_no, cells)`` for each non-empty row, as io/csv_in does, with every cell a string:
a date cell as ``2019-05-01``, a date-time as ``2019-05-01 08:30`` (``08:30:05`` with seconds), a whole number without ``.0``
(a phone typed as a number stays 13800138000)."""

import codecs
import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from commscli.errors import InputError
from commscli.io import csv_in
from commscli.labels import Msg

WORKBOOKS = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TABBED = {".tsv", ".tab", ".txt"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(csv_in.CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        raise InputError(Msg("err.no_file"), "FILE", str(path)) from None
    except IsADirectoryError:
        raise InputError(Msg("err.is_directory"), "FILE", str(path)) from None
    return digest.hexdigest()


def _utf16(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
    except (FileNotFoundError, IsADirectoryError):
        return False
    return head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def cell_text(value) -> str:
    """A workbook cell as the text a CSV of the same sheet would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.microsecond:  # a cell's serial number read back a hair off the second it holds
            value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        if value.time() == time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _workbook(path: Path):
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.iter_rows()
    except Exception as exc:  # calamine's errors (zip, xml, password) name the file's damage
        raise InputError(Msg("err.not_a_workbook", why=f"{type(exc).__name__}: {exc}"), "FILE", str(path)) from None
    header = next(rows, None)
    if header is None:
        raise InputError(Msg("err.no_header_row"), "FILE", str(path))
    yield [cell_text(c) for c in header], None, None
    row_no = 0
    for line_no, cells in enumerate(rows, start=2):
        texts = [cell_text(c) for c in cells]
        while texts and not texts[-1].strip():
            texts.pop()
        if not any(t.strip() for t in texts):
            continue
        row_no += 1
        yield row_no, line_no, texts


def open_rows(path, encoding: str | None = None, name: str = "FILE"):
    """(format or encoding, sha256, rows) of a CSV, TSV or workbook file; ``encoding`` (--encoding)
    overrides the detection of a text file's encoding."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        return suffix[1:], _sha256(path), _workbook(path)
    tabbed = suffix in TABBED or _utf16(path)
    if encoding:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise InputError(Msg("err.no_such_encoding"), "--encoding", encoding) from None
        digest = _sha256(path)
    elif _utf16(path):
        encoding, digest = "utf-16", _sha256(path)
    else:
        encoding, digest = csv_in.sniff(path)
    return encoding, digest, csv_in.read(path, encoding, delimiter="\t" if tabbed else ",")
