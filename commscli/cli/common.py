"""What every command shares: store and policy options, --json, --by/--at, errors, output.

``@command(group)`` registers a function whose first parameter is ``env: Env`` and adds
``--db`` / ``--policy`` / ``--json`` (and ``--by`` / ``--at`` with ``records=True``) after
its own options, so ``commscli household list --db X`` works as well as
``commscli --db X household list``. A ``CommsError`` becomes one red line on stderr and
exit code 1 inside the command; ``COMMSCLI_DEBUG=1`` shows the traceback instead.
"""

import functools
import getpass
import inspect
import json
import os
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from commscli.domain.fields import MAX_ID
from commscli.errors import CommsError, InputError
from commscli.labels import Msg

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store file; else $COMMSCLI_DB, else commscli.db in the user data directory.", show_default=False
    ),
]
PolicyOpt = Annotated[
    str | None,
    typer.Option(
        "--policy",
        help="Policy TOML file; else $COMMSCLI_POLICY, else policy.toml beside the store.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document for scripts.")]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language people read: zh (zh-CN, the default) or en; else $COMMSCLI_LANG, else the policy's language.",
        show_default=False,
    ),
]
# The one option pair of every command that renders (forms, reports, summaries). Text is the default for all
# of them: the clerk reads a form or a report first on the terminal; md and html are for filing and printing.
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="text (default) | md | html; reports also csv | json; report monthly also table | xlsx (-o FILE).",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout (whole or not at all, mode 0600); without -f its extension "
        "(.html .md .csv .json .txt .xlsx) says the format.",
        show_default=False,
    ),
]


def Text(*names, help: str):
    """An optional text option without a shown default: ``name: Annotated[str | None, Text("--name", help="…")] = None``."""
    return typer.Option(*names, help=help, show_default=False)


def ChoiceOpt(*names, choice, help: str, complete=None):
    """An option over a code list (domain.fields.Choice): the command parses it with ``choice.parse`` (code,
    Chinese name, English label or synonym); --help lists the choices in both languages; the shell completes them
    (``complete``: a value made of parts, such as visit record's ``--item category:kind:text``)."""
    return typer.Option(
        *names, help=f"{help} ({choice.both()})", show_default=False, autocompletion=complete or choice.complete
    )


# Beside -f/-o on every render command: the user's own templates, searched before the packaged ones.
TemplatesOpt = Annotated[str | None, Text("--templates", help="Your template directory, searched first.")]
# Every CSV import: all or nothing unless asked to skip (the exit code then says rows were skipped: SKIPPED).
SkipBadOpt = Annotated[bool, typer.Option("--skip-bad", help="Skip bad rows and report each; default: all or nothing.")]
# ... and the files offices really have: another encoding, other column names, extra columns, no office column.
EncodingOpt = Annotated[
    str | None, Text("--encoding", help="The file's encoding (utf-8, gb18030, utf-16 …); default: detected.")
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map", help="COLUMN=field: read a column of another name as this field (repeat).", show_default=False
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Refuse a column neither known nor mapped (default: leave it out, named).")
]
ImportOfficeOpt = Annotated[
    str | None, Text("--office", help="The office of rows without one (default: the store's only office).")
]


def import_options(env, encoding, maps, strict, office, update=False, reason=None) -> dict:
    """The keyword arguments of io/importer.run for the shared import options, checked."""
    mapping = {}
    for m in maps or ():
        column, sep, name = m.partition("=")
        if not sep or not column.strip() or not name.strip():
            raise InputError(Msg("err.map_form"), "--map", m)
        mapping[column.strip()] = name.strip()
    if update and not (reason or "").strip():
        raise InputError(Msg("err.correction_reason"), "--reason", reason or "")
    if office:
        from commscli.store import registry

        if office not in registry.office_ids(env.store):
            raise InputError(Msg("err.no_such_office"), "--office", office)
    else:
        try:
            office = env.office_code(None)
        except InputError:
            office = None  # several offices: each row names its own
    return {
        "encoding": encoding,
        "mapping": mapping,
        "strict": strict,
        "given": {"office": office} if office else {},
        "update_reason": reason.strip() if update else None,
    }


def bounded(low: int, high: int, what: str):
    """A Typer callback refusing a whole number outside [low, high] with the one error line (exit 1)."""

    def check(ctx: typer.Context, param: typer.CallbackParam, value):
        if value is None or ctx.resilient_parsing:
            return value
        from commscli.domain.fields import whole_number

        name = param.opts[0] if param.param_type_name == "option" else (param.name or "").upper()
        try:
            return whole_number(value, name, low, high, what)
        except InputError as exc:
            lang = quick_lang((ctx.find_root().obj or {}).get("lang"))
            fail(exc.line(lang), lang=lang)

    return check


_id = bounded(1, MAX_ID, "an id")


def IdArg(help: str):
    """A record id argument: 1 to SQLite's largest integer, else one error line naming it."""
    return typer.Argument(help=help, callback=_id)


def IdOpt(*names, help: str):
    """A record id option (``--household``): ``Annotated[int | None, IdOpt(…)] = None``, or required as
    ``Annotated[int, IdOpt(…)]`` with no default."""
    return typer.Option(*names, help=help, show_default=False, callback=_id)


def SeedOpt(help: str):
    """``--seed``: 0 to SQLite's largest integer (it is recorded)."""
    return typer.Option("--seed", help=help, show_default=False, callback=bounded(0, MAX_ID, "a seed"))


ByOpt = Annotated[
    str | None, typer.Option("--by", help="Who acts; default $COMMSCLI_USER, else the OS user.", show_default=False)
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened (2026-11-23 14:30, 2026/11/23, 2026年11月23日 8时30分; office zone); default now.",
        show_default=False,
    ),
]


def default_db_path() -> Path:
    return Path(typer.get_app_dir("commscli")) / "commscli.db"


def resolve_db(explicit: str | None) -> tuple[Path, str]:
    if explicit:
        return Path(explicit), "--db"
    env = os.environ.get("COMMSCLI_DB")
    if env:
        return Path(env), "COMMSCLI_DB"
    return default_db_path(), "default (user data directory)"


def current_user() -> str:
    user = os.environ.get("COMMSCLI_USER")
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # no user name in a container: still record something honest
        return f"uid:{os.getuid()}"


class Env:
    """Per-command state: store, policy, calendar, clock and output, opened lazily."""

    def __init__(self, db=None, policy=None, json_out=False, by=None, at=None, readonly=False, lang=None):
        self.db_path, self.db_why = resolve_db(db)
        self.readonly = readonly  # the command only reads: the store is opened mode=ro, never migrated
        self.policy_arg = policy
        self.json = json_out
        self._lang = lang
        self._by = by
        self._at = at
        self._store = None
        self._loaded = None
        self._calendar = None
        self._span = None
        self._warned = set()
        from commscli.cli.views import OutputOpts

        self.out = OutputOpts()  # a listing's --csv, --nl, --wide, --fields, --limit
        self.names = {}  # parameter name → how the user wrote it (--move-in, CODE), for error lines
        self.dbs = None  # every --db given, with @command(many_dbs=True)

    # --- store, policy, calendar ----------------------------------------------------
    @property
    def store(self):
        if self._store is None:
            from commscli.store import open_store

            self._store = open_store(self.db_path, readonly=self.readonly)
        return self._store

    def adopt(self, store):
        self._store = store
        return store

    @property
    def loaded(self):
        if self._loaded is None:
            from commscli import policy

            self._loaded = policy.load(self.policy_arg, self.db_path)
        return self._loaded

    @property
    def policy(self):
        return self.loaded.policy

    @property
    def lang(self) -> str:
        """The language people read: --lang, else $COMMSCLI_LANG, else the policy's ``language``, else zh.
        Scripts read --json and exit codes, which never change with it."""
        from commscli.labels import lang_of

        if self._lang:
            return lang_of(self._lang, "--lang")
        if os.environ.get("COMMSCLI_LANG"):
            return lang_of(os.environ["COMMSCLI_LANG"], "COMMSCLI_LANG")
        return lang_of(self.policy.language, "policy language")

    def said_lang(self) -> str:
        """The language of a status or error line: ``lang``, or when that is what is wrong (a bad --lang,
        a broken policy), $COMMSCLI_LANG or zh."""
        try:
            return self.lang
        except CommsError:
            return quick_lang(None)

    def say(self, message) -> str:
        """A message (labels.Msg, or plain English text) in the interface language."""
        from commscli.labels import say

        return say(message, self.said_lang())

    def use_lang(self, given: str | None):
        """A command's own --lang (forms, reports) wins over the root's and the environment's."""
        if given:
            self._lang = given
        return self.lang

    @property
    def calendar(self):
        if self._calendar is None:
            from commscli.store import calendar as cal_store
            from commscli.workdays import Calendar

            self._calendar = Calendar(cal_store.overrides(self.store), cal_store.imported_years(self.store))
        return self._calendar

    # --- who and when ----------------------------------------------------------------
    @property
    def tz(self) -> str:
        return self.policy.office_timezone

    def now(self):
        from commscli import clock

        return clock.now(self.tz)

    def now_text(self) -> str:
        from commscli import clock

        return clock.fmt(self.now())

    @property
    def by(self) -> str:
        by = (self._by or "").strip() or current_user()
        from commscli.domain.fields import check_text

        check_text(by, "--by")
        if len(by) > 100:
            raise InputError(Msg("err.too_long", limit=100), "--by", by[:20] + "…")
        return by

    @property
    def named_by(self) -> str | None:
        """--by as given, or None: a reading command's reader (appeal show), never the default user."""
        return (self._by or "").strip() or None

    def import_by(self, file) -> str:
        """Imports are recorded as ``import:<file name>``; the person who ran it goes in the event."""
        return f"import:{Path(file).name}"

    def span(self):
        """The dates this command accepts (policy time_earliest .. time_years_ahead after today)."""
        if self._span is None:
            from commscli import clock

            self._span = clock.span(self.policy, self.now().date())
        return self._span

    def at(self) -> str:
        """--at of a record of something that happened (not beyond the future tolerance)."""
        return self.past_time(self._at, "--at")

    def past_time(self, text: str | None, field: str) -> str:
        from commscli import clock

        current = self.now()
        if not text:
            return clock.fmt(current)
        dt = clock.parse_time(text, self.tz, field)
        return clock.fmt(clock.happened(dt, current, self.policy.future_tolerance_minutes, field))

    def planned_time(self, text: str, field: str) -> str:
        from commscli import clock

        return clock.fmt(clock.parse_time(text, self.tz, field))

    def ctx(self):
        """What the services need: policy, calendar, now and who."""
        from commscli.context import Context

        return Context(self.policy, self.calendar, self.now(), by=self.by)

    def office_code(self, given: str | None) -> str:
        """--office, or the store's only office when there is exactly one."""
        if given:
            return given
        from commscli.store import registry

        codes = [o["code"] for o in registry.offices(self.store)]
        if len(codes) == 1:
            return codes[0]
        from commscli.labels import Msg

        raise InputError(Msg("err.say_office", codes=", ".join(codes) or Msg("err.no_office_yet")), "--office", None)

    # --- output ----------------------------------------------------------------------
    @staticmethod
    def tty() -> bool:
        """A person at a terminal (COMMSCLI_FORCE_TTY=1 says so where stdout is captured: tests)."""
        return os.environ.get("COMMSCLI_FORCE_TTY") == "1" or sys.stdout.isatty()

    def print_json(self, obj):
        typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))

    def rows(self, rows: list[dict], columns, title: str | None = None):
        """A listing (``columns``: a views.Listing, or plain field names): --json, --nl or --csv for
        scripts (every row unless --limit); for people a rich table on a terminal, tab-separated text in
        a pipe, in the interface language, at most --limit rows (default 50) and then how many more."""
        from commscli.cli import views as v

        listing = columns if isinstance(columns, v.Listing) else v.Listing.plain(columns)
        opts = self.out
        listing.check(opts.fields)
        machine = self.json or opts.csv or opts.nl
        limit = opts.limit or (None if machine or not listing.bounded else v.DEFAULT_LIMIT)
        total = len(rows)
        rows = rows[:limit] if limit else rows
        if machine:
            records = rows
            if opts.fields:
                records = [{f: r[f] if f in r else listing.cols[f].get(r, "en") for f in opts.fields} for r in rows]
            if self.json:
                self.print_json(records)
            elif opts.nl:
                for r in records:
                    typer.echo(json.dumps(r, ensure_ascii=False, default=str))
            else:
                typer.echo(v.to_csv(records, opts.fields or listing.csv_fields or v.keys_of(records)), nl=False)
        else:
            lang, year = self.lang, self.now().year
            cols = listing.chosen(opts)
            cells = [[v.shown(c, r, lang, year) for c in cols] for r in rows]
            self.warn_now()  # a warning about what is listed reads before the table
            if self.tty():
                v.print_table(v.table(cols, cells, lang, title))
            else:
                typer.echo("\t".join(c.header(lang) for c in cols))
                for line in cells:
                    typer.echo("\t".join(_sheet_cell(x).replace("\t", " ").replace("\n", " ") for x in line))
        if total > len(rows):
            from commscli.labels import label

            self.info(label("list.more", self.lang, n=total - len(rows), total=total))

    def record(self, record: dict, message=None, listing=None):
        """One record after a step: JSON, or its status line and then labelled lines in the interface
        language, through ``listing``'s columns (a views.Listing: labels, codes, times) or, without one,
        every field (booleans as 是/否, ``…_at`` times as MM-DD HH:MM)."""
        from commscli.cli.views import Col, Listing, card_fields

        if listing is None:
            listing = Listing([Col(k, time=k.endswith("_at")) for k in record if k != "office_id"], [])
        lang, year = self.lang, self.now().year
        self.card(record, "", card_fields(listing, record, lang, year, skip=()), message=message)

    def card(self, record: dict, title: str, fields: list, sections: list = (), message: str | None = None):
        """One record for people (the title, labelled lines, then sections such as the timeline); --json
        prints the whole record instead."""
        if self.json:
            self.print_json(record)
            return
        if message:
            self.info(message)
        self.warn_now()  # what happened, what to mind, then the record
        from commscli.cli.views import print_card

        print_card(title, fields, list(sections), self.tty())

    def emit(self, text: str, output: str | None = None):
        """A rendered form or report: to --output FILE (whole or not at all, 0600, never through a
        symlink: io/output.py), else stdout (also for ``-o -``, as in other tools). "wrote FILE" is said
        to a person at a terminal only: unattended (cron), success prints nothing."""
        if output and output != "-":
            from commscli.io.output import write_text

            write_text(output, text, "--output")
            if os.environ.get("COMMSCLI_FORCE_TTY") == "1" or sys.stderr.isatty():  # cron mails any output
                from commscli.labels import Msg

                self.info(Msg("msg.wrote", path=output))
        else:  # colour kept for a terminal (COMMSCLI_FORCE_TTY=1 included: click strips it from a pipe otherwise)
            typer.echo(text, nl=False, color=True if self.tty() else None)

    def info(self, message: str):
        sys.stdout.flush()  # a line on stderr never overtakes what was printed before it
        typer.echo(self.say(message), err=True)

    def warn(self, message: str):
        if message not in self._warned:
            self._warned.add(message)
            from commscli.labels import label

            sys.stdout.flush()
            typer.secho(label("msg.warning", self.said_lang()) + self.say(message), fg="yellow", err=True)

    def warn_now(self):
        """The warnings known so far (a year without a holiday schedule), said before the card or table
        they concern rather than after it; each is said once (close() says any found later)."""
        if self._calendar is not None:
            from commscli.labels import Msg

            for year in sorted(self._calendar.missing_years):
                self.warn(Msg("msg.calendar_missing", year=year))

    @contextmanager
    def progress(self, description, total: int | None = None, counting: bool = False):
        """A progress bar on stderr when it is a terminal, saying ``description`` (a Msg) and, ``counting``,
        the rows done and rows per second; a no-op callback otherwise (nothing is drawn). The callback takes
        the rows done so far; its ``bar`` is the rich Progress (None when nothing is drawn)."""
        if self.json or not sys.stderr.isatty():

            def tick(n):
                return None

            tick.bar = None
            yield tick
            return
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from commscli.labels import label

        lang = self.said_lang()
        columns = [TextColumn("{task.description}"), BarColumn()]
        if counting:
            columns.append(_RowsColumn(label("progress.rows", lang), label("progress.rate", lang)))
        with Progress(*columns, TimeElapsedColumn(), transient=True, console=_stderr_console()) as bar:
            task = bar.add_task(self.say(description), total=total)

            def tick(n):
                bar.update(task, completed=n)

            tick.bar = bar
            yield tick

    def close(self, warn: bool = True):
        """Close the store; with ``warn``, say any warning not said yet (a holiday year the calendar lacked)."""
        if warn:
            self.warn_now()
        if self._store is not None:
            self._store.close()
            self._store = None


def _RowsColumn(rows: str, rate: str):
    """A progress column: ``12,000 rows  8,500 rows/s`` (the rate since the start)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RowsColumn(ProgressColumn):
        def render(self, task):
            speed = task.completed / task.elapsed if task.elapsed else None
            said = f"{task.completed:,.0f} {rows}"
            if speed:
                said += f"  {speed:,.0f} {rate}"
            return Text(said)

    return RowsColumn()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _cell(value) -> str:
    """One value as text; a list of records (a timeline, deadlines, events) one per line."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, dict) for v in value):
            return "\n".join(
                "  " + "  ".join(f"{k}={_cell(v)}" for k, v in item.items() if v not in (None, "", {}))
                for item in value
            )
        return ", ".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _sheet_cell(value) -> str:
    """A tab-separated cell: text that a spreadsheet would run as a formula gets a leading apostrophe
    (numbers stay numbers)."""
    from commscli.io.output import spreadsheet_safe

    text = _cell(value)
    return text if isinstance(value, (int, float)) else spreadsheet_safe(text)


def quick_lang(given: str | None) -> str:
    """The language without the policy (an option's callback, a broken --lang): given, else $COMMSCLI_LANG,
    else zh; a value that is not a language counts as absent."""
    from commscli.labels import LANG_NAMES

    for text in (given, os.environ.get("COMMSCLI_LANG")):
        lang = LANG_NAMES.get(str(text or "").strip().lower())
        if lang:
            return lang
    return "zh"


def fail(message: str, code: int = 1, lang: str = "en"):
    from commscli.labels import label

    typer.secho(label("msg.error", lang) + message, fg="red", err=True)
    raise typer.Exit(code)


SKIPPED = 3  # exit code: the import is done, with rows skipped (--skip-bad)


def import_result(env: Env, result):
    """The one way every import shows its result (io/importer.Result): one JSON document, or a summary
    line on stdout, a warning naming the columns left out, and a line on stderr per changed or skipped row;
    exit 3 when rows were skipped or changed rows were left as they are (not everything in the file is in
    the store)."""
    if env.json:
        env.print_json(result.to_dict())
    else:
        from commscli.labels import Msg

        said = Msg(
            "msg.imported",
            file=result.file,
            rows=result.rows,
            encoding=result.encoding,
            inserted=result.inserted,
            existing=result.existing,
            skipped=len(result.skipped),
        )
        typer.echo(env.say(said))
        if result.ignored_columns:
            env.warn(Msg("msg.ignored_columns", columns=", ".join(result.ignored_columns)))
        if result.updated:
            env.info(Msg("msg.updated_rows", n=result.updated))
        for c in result.changed:
            fields = "; ".join(f"{k}: {a!r} → {b!r}" for k, (a, b) in c["fields"].items())
            env.info(Msg("msg.changed_row", row=c["row"], line=c["line"], fields=fields))
        for s in result.skipped:
            env.info(Msg("msg.skipped_row", row=s["row"], line=s["line"], error=s["error"]))
    if result.skipped or result.changed:
        raise typer.Exit(SKIPPED)


# Free-text parameters longer than a name or a reason, and parameters naming files (fields.check_text caps).
LONG_TEXT = {
    "note",
    "text",
    "result",
    "analysis",
    "answers",
    "measures",
    "beyond_authority",
    "cause",
    "prevention",
    "action",
    "private",
    "opinion",
    "item",
    "households",
}
PATHS = {"db", "policy", "output", "templates", "file", "dest"}
SHARED = {"db": "--db", "policy": "--policy", "by": "--by", "at": "--at"}


def _display(p: inspect.Parameter) -> str:
    """How the user wrote a parameter: its long option, or its argument name in capitals."""
    for meta in getattr(p.annotation, "__metadata__", ()):
        if type(meta).__name__ == "OptionInfo":
            decls = [d for d in (meta.default, *(meta.param_decls or ())) if isinstance(d, str)]
            return next((d for d in decls if d.startswith("--")), f"--{p.name.replace('_', '-')}")
    return p.name.upper()


def check_texts(values: dict, names: dict):
    """Every text the user typed: no control characters, and a length cap (domain.fields.check_text)."""
    from commscli.domain.fields import LONG_TEXT_MAX, PATH_MAX, TEXT_MAX, check_text

    for key, value in values.items():
        limit = PATH_MAX if key in PATHS else LONG_TEXT_MAX if key in LONG_TEXT else TEXT_MAX
        for v in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(v, str):
                check_text(v, names.get(key, key), limit)


@contextmanager
def handled(env: Env | None = None):
    debug = os.environ.get("COMMSCLI_DEBUG") == "1"
    try:
        yield
    except CommsError as exc:
        if debug:
            raise
        lang = env.said_lang() if env is not None else quick_lang(None)
        fail(exc.line(lang), lang=lang)
    except sqlite3.OperationalError as exc:
        if debug:
            raise
        from commscli.store.db import failure

        lang = env.said_lang() if env is not None else quick_lang(None)
        fail(Msg("err.store_said", why=failure(exc)).say(lang), lang=lang)
    except sqlite3.IntegrityError as exc:
        if debug:
            raise
        lang = env.said_lang() if env is not None else quick_lang(None)
        fail(Msg("err.store_refused", why=str(exc)).say(lang), lang=lang)
    except sqlite3.DatabaseError as exc:
        if debug:
            raise
        lang = env.said_lang() if env is not None else quick_lang(None)
        fail(Msg("err.store_damaged", why=str(exc)).say(lang), lang=lang)
    finally:
        if env is not None:
            env.close()


_P = inspect.Parameter


class _PlainValue:
    """Typer's check of one str / int / bool / list[str] parameter, skipped for a value that needs none.

    Typer (0.2x) checks every parameter's value through a pydantic TypeAdapter, built the first time the
    parameter is processed: pydantic's import and the schemas cost every command ~50 ms, more than the
    rest of a one-row command. A value that is already of the parameter's plain type (a default, or text
    for a str option) comes out of that check as it went in, and a missing one is None (or ``()``) before
    any check; only another value (a typed whole number) builds Typer's own check, whose error it keeps."""

    __slots__ = ()

    def coerce(self, value, param, ctx):
        if param.multiple or param.nargs == -1:  # a list[str] option: None when not given, else a list
            if value is None or value == ():
                return None
            if isinstance(value, (list, tuple)) and all(type(v) is str for v in value):
                return list(value)
        elif value is None:
            return None
        if type(value) is param.type_descriptor.annotation:
            return value
        param._runtime_param = None  # Typer builds its own check, keeps it for the next value, and runs it
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def _plain(param) -> bool:
    """A parameter of type str, int or bool without a parser, bounds or path checks (Typer's own check of
    its value is then the identity on a value of that type)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is None or getattr(param, "_runtime_param", False) is not None:
        return False  # not a Typer parameter of this Typer, or its check is built already
    info = desc.parameter_info
    return (
        (desc.annotation in (str, int, bool) or desc.annotation == list[str])
        and getattr(info, "parser", None) is None
        and getattr(info, "min", None) is None
        and getattr(info, "max", None) is None
        and not desc.is_file
        and not desc.is_path
    )


@functools.cache  # one class per base: every command of a group shares it
def help_without_value(cls):
    """A Typer command class whose flags (a bool option, -h/--help, --install-completion) show no
    ``<bool>`` in --help, as if they took a value: Typer prints the type unless there is a metavar; and whose
    plain parameters skip Typer's pydantic check where it would change nothing (``_PlainValue``)."""

    class Quiet(cls):
        def get_params(self, ctx):
            params = super().get_params(ctx)
            for p in params:
                if getattr(p, "is_flag", False) and p.metavar is None:
                    p.metavar = ""
                if _plain(p):
                    p._runtime_param = _PlainValue()
            return params

    Quiet.__name__ = cls.__name__
    return Quiet


# -o's extension says the format when -f is not given
FORMAT_OF_EXTENSION = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".csv": "csv",
    ".json": "json",
    ".txt": "text",
    ".xlsx": "xlsx",
}


def _format(ctx, fmt: str, output: str | None) -> str:
    """-f in any case (``HTML``, as choice options read ``REPAIR``); without -f, the extension of -o
    (``-o m.html``); ``-o ""`` is refused (``-o -`` is stdout)."""
    if output is not None and not output.strip():
        from commscli.labels import Msg

        raise InputError(Msg("err.output_empty"), "--output", output)
    if output and ctx is not None and getattr(ctx.get_parameter_source("fmt"), "name", "") == "DEFAULT":
        return FORMAT_OF_EXTENSION.get(Path(output).suffix.lower(), fmt)
    return fmt.strip().lower()


def _output_opts(env: Env, csv_out, nl_out, wide, fields, limit):
    from commscli.cli.views import OutputOpts, parse_fields

    given = [n for n, on in (("--json", env.json), ("--csv", csv_out), ("--nl", nl_out)) if on]
    if len(given) > 1:
        raise InputError(Msg("err.one_output"), "/".join(given), "both")
    if fields is not None:
        check_texts({"fields": fields}, {"fields": "--fields"})
    return OutputOpts(csv=csv_out, nl=nl_out, wide=wide, fields=parse_fields(fields), limit=limit)


CsvOpt = Annotated[
    bool, typer.Option("--csv", help="CSV for Excel (UTF-8 with BOM; English headers, as import reads them).")
]
NlOpt = Annotated[bool, typer.Option("--nl", help="Newline-delimited JSON: one record a line.")]
WideOpt = Annotated[bool, typer.Option("--wide", help="Every column, not the default few.")]
FieldsOpt = Annotated[
    str | None,
    typer.Option("--fields", help="These columns (English field names, comma-separated).", show_default=False),
]
ListLimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        help="At most this many rows (people see 50 by default; --json/--csv/--nl every row).",
        show_default=False,
        callback=bounded(1, MAX_ID, "a limit"),
    ),
]
ManyDbOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--db",
        help="Store file; else $COMMSCLI_DB, else commscli.db in the user data directory. Given more than once: "
        "the company rollup of those stores.",
        show_default=False,
    ),
]
LISTING = {"csv_out": CsvOpt, "nl_out": NlOpt, "wide": WideOpt, "fields": FieldsOpt, "limit": ListLimitOpt}


def command(
    group: typer.Typer,
    name: str | None = None,
    *,
    json_flag: bool = True,
    records: bool = False,
    readonly: bool = False,
    listing: bool = False,
    many_dbs: bool = False,
    **typer_kw,
):
    """Register ``fn(env, …)`` on ``group`` with the shared options appended.

    ``readonly=True``: the command only reads, so ``env.store`` is opened with SQLite's mode=ro
    (never written, never migrated; an older store is refused with the command that upgrades it).
    ``listing=True``: the command prints a listing (env.rows) and takes --csv, --nl, --wide, --fields
    and --limit besides --json (env.out).
    ``many_dbs=True``: --db may be given more than once (a company rollup): ``env.dbs`` holds every one given,
    in order, and ``env.store`` is the store when one was given.
    """
    if readonly and records:
        raise ValueError("a command that records something cannot be read-only")

    def deco(fn):
        sig = inspect.signature(fn)
        own = [p for p in sig.parameters.values() if p.name != "env"]
        extra = [
            _P("_ctx", _P.KEYWORD_ONLY, annotation=typer.Context),
            _P("db", _P.KEYWORD_ONLY, default=None, annotation=ManyDbOpt if many_dbs else DbOpt),
            _P("policy", _P.KEYWORD_ONLY, default=None, annotation=PolicyOpt),
        ]
        if json_flag:
            extra.append(_P("json_out", _P.KEYWORD_ONLY, default=False, annotation=JsonOpt))
        if listing:
            extra += [
                _P(k, _P.KEYWORD_ONLY, default=None if k in ("fields", "limit") else False, annotation=a)
                for k, a in LISTING.items()
            ]
        if records:
            extra += [
                _P("by", _P.KEYWORD_ONLY, default=None, annotation=ByOpt),
                _P("at", _P.KEYWORD_ONLY, default=None, annotation=AtOpt),
            ]

        names = {**SHARED, **{p.name: _display(p) for p in own}}

        @functools.wraps(fn)
        def wrapper(**kwargs):
            ctx = kwargs.pop("_ctx")
            root = (ctx.find_root().obj or {}) if ctx is not None else {}
            dbs = None
            if many_dbs:
                dbs = list(kwargs.pop("db") or ([root["db"]] if root.get("db") else []))
                kwargs["db"] = dbs[0] if len(dbs) == 1 else None
            shared = {
                "db": kwargs.pop("db") or root.get("db"),
                "policy": kwargs.pop("policy") or root.get("policy"),
                "by": kwargs.pop("by", None),
                "at": kwargs.pop("at", None),
            }
            env = Env(
                json_out=kwargs.pop("json_out", False) or root.get("json", False),
                readonly=readonly,
                lang=root.get("lang"),
                **shared,
            )
            env.names = names
            env.dbs = dbs
            from commscli import clock

            with handled(env), clock.limits(env.span):  # every date parsed in the command is checked
                if listing:
                    env.out = _output_opts(env, *(kwargs.pop(k) for k in LISTING))
                check_texts({**shared, **kwargs, **({"db": dbs} if dbs else {})}, names)
                if isinstance(kwargs.get("fmt"), str):
                    kwargs["fmt"] = _format(ctx, kwargs["fmt"], kwargs.get("output"))
                return fn(env, **kwargs)

        params = [p.replace(kind=_P.KEYWORD_ONLY) for p in own] + extra
        wrapper.__signature__ = sig.replace(parameters=params)
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        del wrapper.__wrapped__
        from typer.core import TyperCommand

        typer_kw.setdefault("cls", help_without_value(TyperCommand))
        group.command(name, **typer_kw)(wrapper)
        return fn

    return deco


def columns_help(module: str):
    """A command class whose --help ends with the columns of an import's field spec (``module``'s
    ``spec(tz)``: English/中文, * required), worked out only when the help is shown (as ``ticket import``'s)."""
    from typer.core import TyperCommand

    class ColumnsHelp(help_without_value(TyperCommand)):
        def format_help(self, ctx, formatter):
            if not getattr(self, "_columns_added", False):
                import importlib

                fields = importlib.import_module(module).spec("Asia/Shanghai")
                columns = ", ".join(f"{f.name}/{f.zh}{'*' if f.required else ''}" for f in fields)
                self.help = f"{self.help}\n\nColumns (English or Chinese headers; * required): {columns}."
                self._columns_added = True
            return super().format_help(ctx, formatter)

    return ColumnsHelp


def register_import(app: typer.Typer, module: str, *, file_help: str, doc: str):
    """Add ``import FILE`` to ``app`` for the records a services module imports (``module``: its ``spec(tz)``
    and ``run(store, ctx, path, by=, skip_bad=, progress=, **options)`` through io/importer's one loop): the
    shared options, a progress bar, one transaction, the one result printer, the columns in --help."""

    def import_(
        env,
        file: Annotated[str, typer.Argument(help=file_help)],
        skip_bad: SkipBadOpt = False,
        office: ImportOfficeOpt = None,
        maps: MapOpt = None,
        strict: StrictOpt = False,
        encoding: EncodingOpt = None,
    ):
        from importlib import import_module

        from commscli.labels import Msg

        ctx = env.ctx()
        with env.progress(Msg("msg.importing", file=file), counting=True) as tick, env.store.transaction() as store:
            options = import_options(env, encoding, maps, strict, office)
            result = import_module(module).run(
                store, ctx, file, by=env.import_by(file), skip_bad=skip_bad, progress=tick, **options
            )
        import_result(env, result)

    import_.__doc__ = doc
    command(app, "import", records=True, cls=columns_help(module))(import_)
