"""What people and scripts read: listings made for 80 columns, cards for one record, and the
formats scripts read (--json, --csv, --nl).

A listing is declared once as a ``Listing`` of ``Col``: the English field name (what --fields,
--json and CSV use), its header label (``col.<name>`` in labels.py, shown in the interface
language), and how a person reads the value (a code through its label, a time as ``MM-DD HH:MM``
with the year only when it is not this year, long text folded over more lines). At most six
short columns are shown by default; ``--wide`` shows every column, ``--fields a,b`` chooses.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from commscli.labels import Msg

# rows a person sees before "N more" (scripts reading --json/--csv/--nl get every row unless --limit)
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Col:
    name: str  # English field name: --fields, --json, CSV header
    label: str | None = None  # header label key; default col.<name>
    codes: str | None = None  # code list whose labels show the value (kind → kind.repair)
    time: bool = False  # ISO time or date → MM-DD HH:MM (year only when not this year)
    long: bool = False  # long text: takes the rest of the width, folds onto more lines
    get: Callable | None = None  # derived value: get(row, lang) → value (then shown as above)

    def header(self, lang: str) -> str:
        from commscli.labels import LABELS, label

        key = self.label or f"col.{self.name}"
        return label(key, lang) if key in LABELS else self.name


class Listing:
    """The columns a listing knows (``--wide`` shows them all) and the default few."""

    def __init__(self, cols, default: list[str], csv_fields: list[str] | None = None, bounded: bool = True):
        self.cols = {c.name: c for c in cols}
        self.default = default
        self.csv_fields = csv_fields  # what the import reads back, where there is an import
        self.bounded = bounded  # False: a set of known size (the policy, a year's days), shown whole
        if any(d not in self.cols for d in default) or len(default) > 6:
            raise ValueError(f"at most six declared default columns: {default}")

    @classmethod
    def plain(cls, names: list[str]) -> "Listing":
        return cls([Col(n) for n in names], list(names))

    def chosen(self, opts) -> list[Col]:
        if opts is not None and opts.fields:
            return [self.cols[n] for n in opts.fields]
        if opts is not None and opts.wide:
            return list(self.cols.values())
        return [self.cols[n] for n in self.default]

    def check(self, fields: list[str] | None):
        from commscli.errors import InputError

        for f in fields or ():
            if f not in self.cols:
                raise InputError(Msg("err.unknown_field", fields=", ".join(self.cols)), "--fields", f)


@dataclass
class OutputOpts:
    """The options every listing takes: --csv, --nl (besides --json), --wide, --fields, --limit."""

    csv: bool = False
    nl: bool = False
    wide: bool = False
    fields: list[str] | None = None
    limit: int | None = None


def parse_fields(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [f.strip() for f in text.replace("，", ",").split(",") if f.strip()]
    if not names:  # --fields "" names no column: refused, not taken for the default few
        from commscli.errors import InputError

        raise InputError(Msg("err.no_field"), "--fields", text)
    return names


# --- values as people read them ----------------------------------------------------------


def short_time(text, this_year: int) -> str:
    """``2026-11-23T14:30:00+08:00`` → ``11-23 14:30`` (this year) or ``2025-11-23 14:30``; a date
    ``2026-11-23`` → ``11-23`` or ``2025-11-23``. Anything else is shown as it is."""
    s = str(text)
    if len(s) < 10 or s[4] != "-" or s[7] != "-" or not s[:4].isdigit():
        return s
    day = s[5:10] if s[:4] == str(this_year) else s[:10]
    if len(s) >= 16 and s[10] in "T ":
        return f"{day} {s[11:16]}"
    return day


SHORT = 12  # a value this long or shorter is never broken over lines


def _unbroken(value: str) -> int:
    """The width a label column needs: a short value whole, a longer one its widest word."""
    from rich.cells import cell_len

    if cell_len(value) <= SHORT or " " not in value:
        return cell_len(value)
    return max(map(cell_len, value.split()))


def code_label(codes: str, value, lang: str) -> str:
    """A code through its label (``kind.repair`` → 报修); a value without a label shows as it is."""
    from commscli.labels import LABELS, label

    key = f"{codes}.{value}"
    return label(key, lang) if key in LABELS else str(value)


def shown(col: Col, row: dict, lang: str, this_year: int) -> str:
    from commscli.labels import label

    value = col.get(row, lang) if col.get else row.get(col.name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(
            code_label(col.codes, v, lang) if col.codes else str(v) for v in value
        )
    if col.time:
        return short_time(value, this_year)
    if col.codes:
        return code_label(col.codes, value, lang)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def place(row: dict, lang: str = "zh"):
    """房号: ``1栋/101``."""
    b, r = row.get("building"), row.get("room")
    return f"{b}/{r}" if b and r else (b or r)


def duration(minutes: int, lang: str) -> str:
    """``2天3小时`` / ``2 d 3 h``; under a day ``3小时20分`` / ``3 h 20 min``."""
    minutes = abs(int(minutes))
    d, rest = divmod(minutes, 1440)
    h, m = divmod(rest, 60)
    if lang == "zh":
        return f"{d}天{h}小时" if d else (f"{h}小时{m}分" if h else f"{m}分钟")
    return f"{d} d {h} h" if d else (f"{h} h {m} min" if h else f"{m} min")


# --- the machine formats ------------------------------------------------------------------


def booleans(row: dict, *names) -> dict:
    """SQLite's 0/1 flags as true/false (a missing or NULL one stays None): one JSON shape for scripts."""
    for n in names:
        if row.get(n) is not None:
            row[n] = bool(row[n])
    return row


def csv_cell(value):
    from commscli.io.output import spreadsheet_safe

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple)):
        if all(not isinstance(v, (dict, list)) for v in value):
            return spreadsheet_safe(",".join(map(str, value)))
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False))
    if isinstance(value, dict):
        return spreadsheet_safe(json.dumps(value, ensure_ascii=False))
    return spreadsheet_safe(str(value))


def to_csv(records: list[dict], fields: list[str]) -> str:
    """UTF-8 with a BOM (Excel opens it as UTF-8), English headers, formula-like cells made text."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(fields)
    for r in records:
        w.writerow([csv_cell(r.get(f)) for f in fields])
    return "\ufeff" + buf.getvalue()


def keys_of(records: list[dict]) -> list[str]:
    seen = {}
    for r in records:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)


# --- rich tables on a terminal --------------------------------------------------------------


def table(cols: list[Col], cells: list[list[str]], lang: str, title: str | None = None):
    """A rich table for 80 columns: short columns are as wide as their widest value and never
    wrap; long text takes the rest and folds (never cut)."""
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    t = Table(title=title, box=box.SQUARE, header_style="bold", pad_edge=True)
    for i, c in enumerate(cols):
        head = c.header(lang)
        if c.long:
            t.add_column(head, overflow="fold", no_wrap=False, ratio=1, min_width=10)
        elif c.codes:  # labels: a long one ("property lost or damaged") wraps between words, a short one never
            widest = max([cell_len(head)] + [_unbroken(row[i]) for row in cells])
            t.add_column(head, overflow="fold", no_wrap=False, min_width=widest, max_width=max(widest, SHORT + 2))
        else:
            widest = max([cell_len(head)] + [max(map(cell_len, row[i].split("\n"))) for row in cells])
            t.add_column(head, overflow="fold", no_wrap=True, min_width=widest)
    for row in cells:
        t.add_row(*[Text(v) for v in row])
    return t


def console():
    from rich.console import Console

    return Console()


def print_table(t):
    """On the terminal; a table whose short columns alone are wider than it (``--wide``, many
    columns) is laid out at the width it needs, so no value is cut (the terminal wraps the lines)."""
    from rich.console import Console

    c = console()
    need = sum(col.min_width or 1 for col in t.columns) + 3 * len(t.columns) + 1  # cells, padding, borders
    if need > c.width:
        c = Console(width=need)
    c.print(t)


# --- cards: one record in words ------------------------------------------------------------

NOTE_KEYS = (
    ("dispatched_to", "role"),
    ("resolution", None),
    ("reply_text", None),
    ("deferred_until", "time"),
    ("escalation", "escalation"),
    ("cause", None),
    ("price", None),
    ("result", None),
    ("satisfaction", "sat"),
    ("rework", None),
    ("to_dept", "dept"),
    ("will_finish", "time"),
    ("feedback", None),
    ("promise_due", "time"),
)


def event_line(e: dict, table: str, lang: str, this_year: int) -> str:
    """One step of a timeline in words: time, who, what, note."""
    from commscli.labels import LABELS, label

    action = e.get("action") or ""
    key = next((k for k in (f"event.{table}.{action}", f"event.{action}") if k in LABELS), None)
    what = label(key, lang) if key else action
    after = e.get("after") if isinstance(e.get("after"), dict) else {}
    note = e.get("reason") or ""
    if not note:
        for k, codes in NOTE_KEYS:
            if after.get(k) not in (None, ""):
                v = after[k]
                note = short_time(v, this_year) if codes == "time" else code_label(codes, v, lang) if codes else str(v)
                if k == "rework":
                    note = f"#{v}"
                break
    return "  ".join(x for x in (short_time(e.get("at") or "", this_year), str(e.get("by") or ""), what, note) if x)


def deadline_line(d: dict, now: str, lang: str, this_year: int) -> str:
    """``到场（时效）  11-23 23:59  待完成，还剩 13小时59分``: the deadline, its verdict and the time left."""
    from datetime import datetime

    from commscli.domain.tickets import DEADLINE_NAMES
    from commscli.labels import label

    step = {v: k for k, v in DEADLINE_NAMES.items()}.get(d["deadline"], d["deadline"])
    name = code_label("deadline", step, lang)
    if d.get("clock"):
        name += f" ({d['clock']})"
    verdict = code_label("verdict", d["verdict"], lang)
    due = datetime.fromisoformat(d["due"])
    if d.get("done"):
        extra = label("card.done_at", lang, at=short_time(d["done"], this_year))
    elif d["verdict"] in ("pending", "missed"):
        seconds = (due - datetime.fromisoformat(now)).total_seconds()
        extra = label("card.left" if seconds >= 0 else "card.late_by", lang, t=duration(abs(seconds) // 60, lang))
    else:
        extra = ""
    sep = "，" if lang == "zh" else ", "
    return f"{name}  {short_time(d['due'], this_year)}  {verdict}" + (f"{sep}{extra}" if extra else "")


def card_fields(listing: Listing, record: dict, lang: str, this_year: int, skip=()) -> list[tuple[str, str]]:
    """Every column of a listing that has a value, as (label, value) lines."""
    out = []
    for c in listing.cols.values():
        if c.name in skip:
            continue
        text = shown(c, record, lang, this_year)
        if text:
            out.append((c.header(lang), text))
    return out


def show_card(
    env,
    record: dict,
    title: str,
    listing: Listing,
    table: str,
    events: list[dict],
    extra=(),
    skip=("id",),
    message=None,
):
    """The card of a registry record, a callback or a visit: every column with a value, then its history
    (``show``, and a step's result after its status line ``message``); --json prints ``record``."""
    from commscli.labels import label

    lang, year = env.lang, env.now().year
    env.card(
        record,
        title,
        card_fields(listing, record, lang, year, skip),
        [*extra, (label("card.history", lang), [event_line(e, table, lang, year) for e in events])],
        message,
    )


def print_card(title: str, fields: list[tuple[str, str]], sections: list[tuple[str, list[str]]], tty: bool):
    """A card: the title, ``label  value`` lines (long values fold under their value), then sections of
    lines (a timeline, the deadlines); plain ``label: value`` text when stdout is not a terminal."""
    import typer

    if not tty:
        if title:
            typer.echo(title)
        for k, v in fields:
            typer.echo(f"{k}: {v}")
        for head, lines in sections:
            if lines:
                typer.echo(f"{head}:")
                for line in lines:
                    typer.echo(f"  {line}")
        return
    from rich.table import Table
    from rich.text import Text

    c = console()
    if title:
        c.print(Text(title, style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold", ratio=1)
    for k, v in fields:
        grid.add_row(Text(k), Text(v))
    c.print(grid)
    for head, lines in sections:
        if lines:
            c.print(Text(head, style="bold"))
            for line in lines:
                c.print(Text("  " + line, overflow="fold"))
