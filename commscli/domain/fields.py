"""Field specs: one validation path for a command's options, an import row and an update.

A spec names each field in English and Chinese (CSV headers may use either), says how
to parse the text, and whether it is required. Parsing errors name the field and value.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from commscli.errors import CommsError, InputError
from commscli.labels import Both, Msg, word


def _norm(text) -> str:
    return str(text).strip().lower().replace("-", "_").replace(" ", "_")


def norm(text) -> str:
    """A typed name as choices compare it: case, ``-`` and spaces aside."""
    return _norm(text)


@dataclass(frozen=True)
class Choice:
    """A code list. Its names come from the one label table (labels.LABELS ``<key>.<code>``: zh, en), which
    the terminal, forms and reports share; ``values`` holds the synonyms people also type. A value is
    accepted as its code, its Chinese name, its English label or a synonym (case, ``-`` and spaces aside)."""

    key: str  # the label prefix: "kind" → kind.repair
    values: dict  # code → synonyms

    def __post_init__(self):
        from commscli.labels import LABELS

        names = {}
        for code, synonyms in self.values.items():
            pair = LABELS.get(f"{self.key}.{code}")
            if pair is None:
                raise ValueError(f"no label {self.key}.{code}")
            for name in (code, *pair, *synonyms):
                other = names.setdefault(_norm(name), code)
                if other != code:
                    raise ValueError(f"{self.key}: {name!r} names both {other} and {code}")
        object.__setattr__(self, "_names", names)

    def parse(self, text, field_name: str) -> str:
        code = self._names.get(_norm(text))
        if code is None:
            from commscli.labels import Msg, listed

            raise InputError(Msg("err.choice", choices=listed(self.key, self.values)), field_name, text)
        return code

    def name(self, code: str, lang: str = "zh") -> str:
        from commscli.labels import label

        return label(f"{self.key}.{code}", lang) if code in self.values else str(code)

    def zh(self, canon: str) -> str:
        return self.name(canon, "zh")

    def both(self) -> str:
        """For --help: ``urgent 特急 | high 急 | normal 一般`` (code first: rich wraps a Chinese name before
        a code badly, cutting the code with an ellipsis)."""
        return " | ".join(f"{c} {self.name(c)}" for c in self.values)

    def complete(self, incomplete: str) -> list[tuple[str, str]]:
        """Shell completion: the codes (and Chinese names) starting with what was typed, with their other name."""
        out = []
        for code in self.values:
            zh = self.name(code)
            if code.startswith(_norm(incomplete)) or not incomplete:
                out.append((code, zh))
            elif zh.startswith(incomplete.strip()):
                out.append((zh, code))
        return out


@dataclass(frozen=True)
class Field:
    name: str
    zh: str
    parse: Callable[[str, str], Any]
    required: bool = False
    default: Any = None
    aliases: tuple = ()

    @property
    def headers(self) -> set:
        return {self.name, self.zh, *self.aliases}

    @cached_property
    def column(self) -> Both:
        """The field as a file's column is named in an error: its Chinese header in zh."""
        return Both(self.zh, self.name)


MAX_ID = 2**63 - 1  # SQLite's largest INTEGER


def whole_number(value, field_name, low: int = 1, high: int = MAX_ID, what: str = "an id") -> int:
    """A whole number within [low, high] (ids: 1 to SQLite's largest INTEGER), from text or int."""
    key = str(value).strip()
    if not (key.isascii() and key.lstrip("-").isdigit()) or not low <= int(key) <= high:
        # no one types SQLite's largest integer: an id or a limit is "a whole number from 1"
        said = Msg("err.whole_number_from", what=word("what", what), low=low) if high == MAX_ID else None
        said = said or Msg("err.whole_number", what=word("what", what), low=low, high=high)
        raise InputError(said, field_name, str(value))
    return int(key)


TEXT_MAX = 500  # a name, a reason, a description
LONG_TEXT_MAX = 2000  # prose: a note, a reply, an analysis, a visit's remarks
PATH_MAX = 4096
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # C0 controls but tab and newline, and DEL
_EITHER = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f]")  # one search for the usual text that has neither


def check_text(value: str, field_name, limit: int = TEXT_MAX) -> str:
    """The one check of free text from an option or a file: no control characters, at most ``limit``."""
    plain(value, field_name)
    if len(value) > limit:
        raise InputError(Msg("err.too_long", limit=limit), field_name, value[:20] + "…")
    return value


def plain(value: str, field_name) -> str:
    """No control characters (C0 but tab and newline; DEL) and no undecodable bytes, in any text typed."""
    if _EITHER.search(value) is None:
        return value
    if _SURROGATE.search(value):  # bytes the terminal or file could not decode (GBK in a UTF-8 locale)
        raise InputError(
            Msg("err.undecodable"),
            field_name,
            value.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace"),
        )
    bad = _CONTROL.search(value)
    if bad:
        raise InputError(Msg("err.control", char=repr(bad.group()), position=bad.start() + 1), field_name, value)
    return value


def text(value, field_name, limit: int = TEXT_MAX):
    """Free text from a cell or an option: a Windows line break kept as one newline, checked, stripped."""
    value = str(value)
    if _EITHER.search(value) is None and len(stripped := value.strip()) <= limit:  # no \r, nothing refused
        return stripped
    value = value.replace("\r\n", "\n")
    return check_text(plain(value, field_name).strip(), field_name, limit)


PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,19}$")


def prose(value, field_name):
    """Prose, as long as the same text typed at the desk may be (a note, a reply, an analysis)."""
    return text(value, field_name, LONG_TEXT_MAX)


def local_time(tz: str):
    """The parser of a time column: a time as offices type it, in the office's zone ``tz`` (as ``--at``
    takes it), stored as every time is (clock.fmt)."""
    from commscli import clock

    def when(value, field_name):
        return clock.fmt(clock.parse_time(str(value), tz, field_name))

    return when


def phone(value, field_name):
    value = str(value).strip()
    if not PHONE.match(value):
        raise InputError(Msg("err.phone"), field_name, value)
    return re.sub(r"[ \-]", "", value) if " " in value or "-" in value else value


def iso_date(value, field_name):
    """A date as offices type it (2019-05-01, 2019/5/1, 2019年5月1日) → ``2019-05-01``, within the span."""
    from commscli.clock import parse_date

    return parse_date(value, field_name).isoformat()


YES = {"1", "yes", "y", "true", "是", "已入住", "入住", "有"}
NO = {"0", "no", "n", "false", "否", "未入住", "空置", "无"}


def yes_no(value, field_name):
    key = str(value).strip().lower()
    if key in YES:
        return 1
    if key in NO:
        return 0
    raise InputError(Msg("err.yes_no"), field_name, value)


def name_list(value, field_name):
    """``1栋, 2栋`` or ``1栋;2栋`` or a list → a list of non-empty names."""
    if isinstance(value, (list, tuple)):
        items = value
    else:
        items = re.split(r"[,;，；、|]", str(value))
    return [text(i, field_name) for i in items if str(i).strip()]


def choice(c: Choice):
    return c.parse


def clean(spec: tuple, raw: dict, *, partial: bool = False, names: dict | None = None) -> dict:
    """Parse a mapping of field name → text. Empty texts are absent. ``names``: how the user wrote each
    field (``--move-in``), for the error line; else the field name (an import's column)."""
    out = {}
    for f in spec:
        value = raw.get(f.name)
        shown = (names or {}).get(f.name) or f.column  # a column: its Chinese header in zh
        if isinstance(value, str):  # before the blank test: a lone control character is not a blank cell
            plain(value.replace("\r\n", "\n"), shown)
        if value is None or (isinstance(value, str) and not value.strip()):
            if f.required and not partial:
                raise InputError(Msg("err.required"), shown, value if value is not None else "")
            if not partial and f.default is not None:
                out[f.name] = f.default
            continue
        out[f.name] = f.parse(value, shown)
    return out


_ABSENT = object()  # a blank cell of a field without a default: no value in the row


def _fast_text(f: Field, one):
    """``one(f, value)`` of a text field, the usual cell (text without control characters, within the limit)
    said at once: the same value, and anything else through ``one``."""
    search, limit = _EITHER.search, TEXT_MAX

    def fast(value):
        if value.__class__ is str and search(value) is None:
            stripped = value.strip()
            if stripped and len(stripped) <= limit:
                return stripped
        return one(f, value)

    return fast


def _fast_phone(f: Field, one):
    """``one(f, value)`` of a phone field, 5 to 20 ASCII digits (what ``PHONE`` matches without a space, a dash
    or a plus) said at once."""

    search = _EITHER.search

    def fast(value):
        if value.__class__ is str and value.isascii():
            stripped = value.strip()  # a control character strip() takes for a space is refused by ``one``
            if stripped.isdigit() and 5 <= len(stripped) <= 20 and (stripped is value or search(value) is None):
                return stripped
        return one(f, value)

    return fast


_FAST = {text: _fast_text, phone: _fast_phone}  # a parser → the quick ``one`` of a field it parses


def _one(f: Field, value):
    """One cell of a field, as ``clean`` takes it (a blank cell: the default, or ``_ABSENT``)."""
    blank = value is None
    if isinstance(value, str):  # before the blank test: a lone control character is not a blank cell
        if _EITHER.search(value) is not None:
            plain(value.replace("\r\n", "\n"), f.column)
        blank = not value.strip()
    if blank:
        if f.required:
            raise InputError(Msg("err.required"), f.column, value if value is not None else "")
        return f.default if f.default is not None else _ABSENT
    return f.parse(value, f.column)


def _shareable(f: Field, got) -> bool:
    """May rows share the value (kept in a memo)? Never a list two rows would share."""
    return type(got) in (str, int) or got is _ABSENT or got is None or got is f.default


def row_cleaner(spec: tuple, names: list, given: dict, memo: int = 8192):
    """``clean(spec, raw)`` of many rows of one file, ``raw`` being the cells under ``names`` (a field per
    column, None for a column left out), ``given`` filling a blank or missing cell: the same values and the
    same errors, but each field's text is parsed once per distinct text (the parsers are pure within a run;
    at most ``memo`` texts kept per field), and no row dict is made before the clean one.

    The cleaner is a function written for the file's columns (one line a field, no loop over the spec): a
    field the file lacks is parsed once, and a memo left off for a column of texts rarely repeated."""
    at = {n: i for i, n in enumerate(names) if n}
    count = [0]  # the rows cleaned
    one, shareable = _one, _shareable
    space = {"count": count, "ABSENT": _ABSENT}
    width = max(at.values(), default=-1) + 1
    lines = ["def clean_row(cells):", "    count[0] += 1"]
    if width:
        lines += ["    if len(cells) < WIDTH:", "        cells = [*cells, *[None] * (WIDTH - len(cells))]"]
    lines.append("    out = {}")
    for k, f in enumerate(spec):
        i, fill = at.get(f.name), given.get(f.name)
        space[f"f{k}"], space[f"fill{k}"] = f, fill
        may_lack = not f.required and f.default is None  # a blank cell leaves the field out of the row
        if i is None:  # the file lacks the column: every row has the same value
            value = fill
            try:
                got = one(f, value)
                shared = shareable(f, got)
            except CommsError:
                shared = False  # refused: said for each row by the line below
            if shared:
                space[f"c{k}"] = got
                if got is not _ABSENT:
                    lines.append(f"    out[{f.name!r}] = c{k}")
                continue
            lines.append(f"    g = one(f{k}, fill{k})")
        else:
            direct = _FAST[f.parse](f, one) if f.parse in _FAST else (lambda value, f=f: one(f, value))
            space[f"m{k}"] = _Memo(direct, f, memo, count)
            lines.append(f"    v = cells[{i}]")
            if fill is not None:
                lines.append('    if not str(v or "").strip():')
                lines.append(f"        v = fill{k}")
            lines.append(f"    g = m{k}[v]")
        if may_lack:
            lines += ["    if g is not ABSENT:", f"        out[{f.name!r}] = g"]
        else:
            lines.append(f"    out[{f.name!r}] = g")
    lines.append("    return out")
    space.update(one=one, WIDTH=width)
    exec(compile("\n".join(lines), "<row_cleaner>", "exec"), space)  # our own lines: names and numbers
    return space["clean_row"]


class _Memo(dict):
    """A column's memo for the cleaners: text → value; a text it lacks is parsed and kept (up to ``limit``
    texts; a column whose texts fill it in fewer than twice as many rows (``rows[0]``, counted by the cleaner)
    is ``off`` from then on: every text parsed, none kept)."""

    def __init__(self, parse, f: Field, limit: int, rows: list):
        super().__init__()
        self.parse, self.f, self.limit, self.rows, self.start, self.off = parse, f, limit, rows, 0, False

    def __missing__(self, value):
        got = self.parse(value)
        if not self.off and _shareable(self.f, got):
            if len(self) >= self.limit:
                self.clear()
                self.off = self.rows[0] - self.start < 2 * self.limit  # fewer hits than texts kept
                self.start = self.rows[0]
            if not self.off:
                self[value] = got
        return got


def column_cleaner(spec: tuple, names: list, given: dict, memo: int = 8192):
    """``row_cleaner`` by columns: a batch of rows (their cells under ``names``) → one list a field, in the
    spec's order, each field's value of each row (None where ``clean`` leaves the field out); or None when a
    row is not as wide as the header or a cell is refused (the batch is then cleaned row by row, naming the
    row). Each column is parsed in one pass, its repeated texts found in its memo without a line of Python.
    None when a field the file lacks has no value rows may share (cleaned row by row)."""
    at = {n: i for i, n in enumerate(names) if n}
    width, rows = len(names), [0]
    plan = []  # (the value of a field the file lacks, or: its column, the value given, the parse, the memo)

    def maker(f):
        def cell(value):
            got = _one(f, value)
            return None if got is _ABSENT else got

        return cell

    for f in spec:
        i, fill = at.get(f.name), given.get(f.name)
        if i is None:
            try:
                got = _one(f, fill)
            except CommsError:
                return None
            if not _shareable(f, got):
                return None
            plan.append((None if got is _ABSENT else got, None, None, None, None))
            continue
        cell = maker(f)
        parse = _FAST[f.parse](f, lambda f, value, cell=cell: cell(value)) if f.parse in _FAST else cell
        plan.append((None, i, fill, parse, _Memo(parse, f, memo, rows)))

    def clean_columns(cells_rows: list) -> list | None:
        n = len(cells_rows)
        if not n or set(map(len, cells_rows)) != {width}:
            return None
        rows[0] += n
        cells = list(zip(*cells_rows, strict=True))
        out = []
        try:
            for const, i, fill, parse, seen in plan:
                if i is None:
                    out.append([const] * n)
                    continue
                texts = cells[i]
                if fill is not None:
                    texts = [v if str(v or "").strip() else fill for v in texts]
                out.append(list(map(parse if seen.off else seen.__getitem__, texts)))
        except CommsError:
            return None
        return out

    return clean_columns


def header_map(spec: tuple, headers: list) -> list:
    """CSV headers (English or Chinese) → field names, refusing unknown or missing columns."""
    names = []
    for h in headers:
        key = (h or "").strip().lstrip("\ufeff")
        match = next((f.name for f in spec if key in f.headers or key.lower() in f.headers), None)
        if match is None:
            known = ", ".join(f"{f.name}/{f.zh}" for f in spec)
            raise InputError(Msg("err.unknown_column", known=known), "header", h)
        if match in names:
            first = headers[names.index(match)]
            raise InputError(Msg("err.column_twice", column=_column(spec, match), first=repr(first)), "header", h)
        names.append(match)
    missing = [f.name for f in spec if f.required and f.name not in names]
    if missing:
        said = Both("、".join(_column(spec, m).say("zh") for m in missing), ", ".join(missing))
        raise InputError(Msg("err.column_missing"), "header", said)
    return names


def field_of(spec: tuple, name: str) -> Field:
    key = name.strip().lstrip("-").replace("-", "_")
    for f in spec:
        if key == f.name or name in f.headers:
            return f
    raise InputError(Msg("err.no_such_field", fields=", ".join(f.name for f in spec)), "field", name)


def _column(spec: tuple, name: str) -> Both:
    """A column said as its Chinese header in zh, its English name in en."""
    f = next(f for f in spec if f.name == name)
    return Both(f.zh, f.name)


def read_header(spec: tuple, headers: list, *, mapping: dict | None = None, strict: bool = False, given=()) -> tuple:
    """A file's header → (the field of each column, or None for a column left out; the headers left out).

    A column is known by its English or Chinese name or an alias; ``mapping`` (``--map 列名=field``) names
    others. A column neither known nor mapped (序号, 单元, 备注 …) is left out, or with ``strict`` refused,
    naming it. ``given``: fields the whole file takes from an option (``--office``), which it need not have.
    """
    mapping = {k.strip(): field_of(spec, v).name for k, v in (mapping or {}).items()}
    names, ignored, chosen = [], [], []
    for h in headers:
        key = (h or "").strip().lstrip("\ufeff")
        known = mapping.get(key) or next((f.name for f in spec if key in f.headers or key.lower() in f.headers), None)
        if known is None and strict and key:
            header_map(spec, [h])  # refused as an unknown column, naming the known ones
        if known is None:
            if key:
                ignored.append("".join(c if c.isprintable() else repr(c)[1:-1] for c in key))  # said on one line
            names.append(None)
            continue
        names.append(known)
        chosen.append(known if key in mapping else h)
    optional = tuple(replace(f, required=False) if f.name in given else f for f in spec)
    missing = [f.name for f in optional if f.required and f.name not in names]
    if missing and ignored:  # the file has the column under a name of its own, most likely
        raise InputError(Msg("err.column_missing_among", ignored=", ".join(ignored)), "header", ", ".join(missing))
    header_map(optional, chosen)  # a column named twice, a required one missing
    return names, ignored
