"""Read CSV as Excel writes it on a Chinese Windows: UTF-8, UTF-8 with BOM or GB18030.

Rows are streamed; each comes with its data row number (1 = first row after the header)
and the file line it ends on, so errors can name both. A cell that an export made text for
spreadsheets (a leading apostrophe before ``=``, ``+``, ``-``, ``@``) is read as it was.
"""

import codecs
import csv
import hashlib
from pathlib import Path

from commscli.errors import InputError
from commscli.io.output import FORMULA_START
from commscli.labels import Msg

CHUNK = 1 << 20
CELL_MAX = 16 << 20  # characters the reader takes in one cell; the field parsers refuse far less, naming it


def sniff(path: Path) -> tuple[str, str]:
    """(encoding, sha256) of a file, reading it once in chunks."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    gb = codecs.getincrementaldecoder("gb18030")()
    ok_utf8 = ok_gb = True
    bom = False
    try:
        with open(path, "rb") as fh:
            first = True
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
                if first:
                    bom = chunk.startswith(codecs.BOM_UTF8)
                    first = False
                if ok_utf8:
                    try:
                        utf8.decode(chunk)
                    except UnicodeDecodeError:
                        ok_utf8 = False
                if not ok_utf8 and ok_gb:
                    try:
                        gb.decode(chunk)
                    except UnicodeDecodeError:
                        ok_gb = False
            if ok_utf8:
                try:
                    utf8.decode(b"", final=True)
                except UnicodeDecodeError:
                    ok_utf8 = False
    except FileNotFoundError:
        raise InputError(Msg("err.no_file"), "FILE", str(path)) from None
    except IsADirectoryError:
        raise InputError(Msg("err.is_directory"), "FILE", str(path)) from None
    if ok_utf8:
        return ("utf-8-sig" if bom else "utf-8"), digest.hexdigest()
    if ok_gb:
        # a gb18030 file must be re-decoded from the start: the incremental pass above
        # only ran from the first non-UTF-8 chunk, so check the whole file now
        try:
            Path(path).read_bytes().decode("gb18030")
            return "gb18030", digest.hexdigest()
        except UnicodeDecodeError:
            pass
    raise InputError(Msg("err.encoding"), "FILE", str(path))


def _unquoted(cell: str) -> str:
    """A cell an export made text for spreadsheets (``'=…``, ``'+86…``: io/output.spreadsheet_safe) as it was."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] and cell[1:2] in FORMULA_START else cell


def read(path: Path, encoding: str, delimiter: str = ","):
    """Yield (header, None, None) first, then (row_no, line_no, cells) for each non-empty row.

    A cell beyond the csv module's default limit (131072 characters) is read, so that the field's
    own parser refuses it naming the row and the column (and ``--skip-bad`` can skip it); a cell
    beyond ``CELL_MAX`` stops the import, naming the row, since the reader cannot resume after it.
    """
    limit = csv.field_size_limit(CELL_MAX)
    row_no = 0
    try:
        with open(path, newline="", encoding=encoding) as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            try:
                header = next(reader, None)
                if header is None:
                    raise InputError(Msg("err.no_header"), "FILE", str(path))
                yield header, None, None
                for cells in reader:
                    joined = "".join(cells)  # one join a row: blank cells only? an apostrophe anywhere?
                    if not joined.strip():
                        continue
                    row_no += 1
                    yield row_no, reader.line_num, [_unquoted(c) for c in cells] if "'" in joined else cells
            except (csv.Error, UnicodeDecodeError) as exc:
                if reader.line_num > 1:
                    where = Msg("msg.row_line", row=row_no + 1, line=reader.line_num)
                else:
                    where = Msg("field.header")
                raise InputError(Msg("err.csv_unreadable", where=where, why=str(exc)), "FILE", str(path)) from None
    finally:
        csv.field_size_limit(limit)
