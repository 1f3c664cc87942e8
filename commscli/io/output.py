"""Files written where the user says (``-o/--output``, ``db backup``) and cells a spreadsheet opens.

A file is written under a temporary name in the destination's own folder (mode 0600: reports
hold personal data), flushed to disk, and renamed into place, so a command that fails or is
interrupted never leaves half a report; a symbolic link or anything that is not a regular
file is refused rather than written through.
"""

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from commscli.errors import InputError
from commscli.labels import Both, Msg

# what a spreadsheet reads as the start of a formula (OWASP "CSV injection")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_NAMED = {
    errno.ENOSPC: ("磁盘已满", "disk full"),
    errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"),
    errno.EIO: ("读写错误", "I/O error"),
    errno.EROFS: ("只读文件系统", "read-only file system"),
    errno.EFBIG: ("文件太大", "file too large"),
    errno.EACCES: ("没有权限", "permission denied"),
}


def spreadsheet_safe(value):
    """Text that begins like a formula gets a leading apostrophe, so a spreadsheet shows it as text.

    Only strings: an int or float is a figure (a negative one included), written as a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def os_error(exc: OSError) -> str:
    """``disk full (No space left on device)``: the condition first, then the system's words."""
    named = _NAMED.get(exc.errno)
    words = exc.strerror or str(exc)
    return Both(f"{named[0]}（{words}）", f"{named[1]} ({words})") if named else Both(words, words)


def check_destination(path, field: str, replace: bool = True):
    """Refuse a symbolic link, a non-regular file, and (``replace=False``) anything that exists."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(Msg("err.cannot_write", why=os_error(exc)), field, str(path)) from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError(Msg("err.symlink"), field, str(path))
    if not replace:
        raise InputError(Msg("err.exists"), field, str(path))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(Msg("err.not_regular"), field, str(path))


@contextmanager
def private_temp(path, field: str):
    """A new empty 0600 file beside ``path``; yields its name and removes it unless it was moved."""
    path = Path(path)
    folder = path.parent
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(Msg("err.cannot_write", why=os_error(exc)), field, str(path)) from None
    os.close(fd)
    try:
        yield Path(name)
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(f"{name}{suffix}")
            except FileNotFoundError:
                pass


def install(temp: Path, path, field: str, replace: bool = True):
    """Move the finished ``temp`` to ``path``: replacing a regular file, or (``replace=False``) only
    where nothing exists (a hard link fails if the name is taken, then the temporary name goes)."""
    check_destination(path, field, replace)
    try:
        if replace:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise InputError(Msg("err.exists"), field, str(path)) from None
            except OSError as exc:  # a file system without hard links: check, then rename
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                check_destination(path, field, replace=False)
                os.rename(temp, path)
    except OSError as exc:
        raise InputError(Msg("err.cannot_write", why=os_error(exc)), field, str(path)) from None
    _sync_folder(Path(path).parent)


def _sync_folder(folder: Path):
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path, text: str, field: str = "--output"):
    """Write ``text`` (UTF-8) to ``path`` whole or not at all, mode 0600, never through a symlink."""
    check_destination(path, field)
    with private_temp(path, field) as temp:
        try:
            with open(temp, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise InputError(Msg("err.cannot_write", why=os_error(exc)), field, str(path)) from None
        install(temp, path, field)


def write_xlsx(path, header: list[str], rows: list[list], sheet: str, field: str = "--output"):
    """One sheet (a bold header row, then ``rows``) to ``path``, whole or not at all, mode 0600, never through a
    symlink; written with xlsxwriter in constant-memory mode. Text is written as text, never as a formula."""
    import xlsxwriter

    check_destination(path, field)
    with private_temp(path, field) as temp:
        try:
            book = xlsxwriter.Workbook(str(temp), {"constant_memory": True, "strings_to_formulas": False})
            ws = book.add_worksheet(sheet[:31])
            bold = book.add_format({"bold": True})
            widths = [max(len(str(h)), 6) for h in header]
            for r in rows:
                widths = [max(w, min(len(str(c or "")), 40)) for w, c in zip(widths, r, strict=False)]
            for col, width in enumerate(widths):
                ws.set_column(col, col, width * 1.8)  # CJK characters are about two columns wide
            ws.write_row(0, 0, header, bold)
            for i, row in enumerate(rows, start=1):
                for j, cell in enumerate(row):
                    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                        ws.write_number(i, j, cell)
                    else:
                        ws.write_string(i, j, "" if cell is None else str(cell))
            book.close()
        except OSError as exc:
            raise InputError(Msg("err.cannot_write", why=os_error(exc)), field, str(path)) from None
        install(temp, path, field)


def write_xlsx_book(path, sheets: list, field: str = "--output"):
    """Several sheets to ``path``, whole or not at all, mode 0600, never through a symlink, with xlsxwriter in
    constant-memory mode (each sheet's rows written in order). ``sheets``: (name, rows); a row is a list of cells,
    a cell a value or a (value, kind) pair with kind ``bold`` (a header), ``percent`` (a share 0..1 shown as 0.0%)
    or ``date`` (an ISO date shown as yyyy-mm-dd). Text is written as text, never as a formula; names are cut to
    Excel's 31 characters, without the characters it refuses, and made unique."""
    import re
    from datetime import date

    import xlsxwriter

    check_destination(path, field)
    with private_temp(path, field) as temp:
        try:
            book = xlsxwriter.Workbook(str(temp), {"constant_memory": True, "strings_to_formulas": False})
            formats = {
                "bold": book.add_format({"bold": True}),
                "percent": book.add_format({"num_format": "0.0%"}),
                "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            }
            used = set()
            for name, rows in sheets:
                base = re.sub(r"[\\[\]:*?/]", " ", str(name)).strip()[:31] or "Sheet"
                sheet_name, n = base, 1
                while sheet_name.lower() in used:
                    n += 1
                    sheet_name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
                used.add(sheet_name.lower())
                ws = book.add_worksheet(sheet_name)
                widths: dict = {}
                for row in rows:
                    for j, cell in enumerate(row):
                        value = cell[0] if isinstance(cell, tuple) else cell
                        widths[j] = max(widths.get(j, 6), min(len(str(value if value is not None else "")), 40))
                for col, width in widths.items():
                    ws.set_column(col, col, width * 1.8)  # CJK characters are about two columns wide
                for i, row in enumerate(rows):
                    for j, cell in enumerate(row):
                        value, kind = cell if isinstance(cell, tuple) else (cell, None)
                        fmt = formats.get(kind)
                        if value is None or value == "":
                            if fmt is not None:
                                ws.write_blank(i, j, None, fmt)
                        elif kind == "date":
                            ws.write_datetime(i, j, date.fromisoformat(value), fmt)
                        elif isinstance(value, (int, float)) and not isinstance(value, bool):
                            ws.write_number(i, j, value, fmt)
                        else:
                            ws.write_string(i, j, str(value), fmt)
            book.close()
        except OSError as exc:
            from commscli.labels import Msg

            raise InputError(Msg("err.cannot_write", why=os_error(exc)), field, str(path)) from None
        install(temp, path, field)
