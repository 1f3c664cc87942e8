"""Forms and reports from Jinja templates.

Loader order: the user's ``--templates DIR`` first, then the built-ins; a user template
may ``{% extends "default:reports/report.html.j2" %}`` to extend the built-in it replaces.
``StrictUndefined`` makes a missing field fail instead of printing a blank on a signed form.
HTML autoescapes. Phones and private remarks are masked unless ``show_personal``.
"""

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

from commscli.domain.reports import Rate
from commscli.errors import InputError
from commscli.labels import LABELS, LANGS, Msg, label

FORMATS = ("text", "table", "md", "html", "csv", "json")  # and xlsx, a file: report_xlsx
# table cells written as "<prefix>.<value>" are labels, translated when rendered
CELL_LABELS = {
    "role",
    "kind",
    "priority",
    "channel",
    "category",
    "callback",
    "state",
    "item",
    "notice_kind",
    "appeal_kind",
    "meeting_type",
    "rollup",  # the company rollup's total row (rollup.total)
}
CELL_LABELS |= {"stop_category"}  # STOP cards (issue 14)
EXT = {"text": "txt", "md": "md", "html": "html"}


def _bytecode_cache():
    """Compiled templates kept between runs in the user cache directory ($XDG_CACHE_HOME/commscli/jinja, by
    jinja2's own FileSystemBytecodeCache: keyed by template name and checked against its source, so an edited
    template is compiled again). Compiling the report's templates was ~35 ms of every `report monthly`. None
    (compile each run, as before) when the folder cannot be made or written."""
    import os

    import jinja2

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "commscli", "jinja")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not os.access(folder, os.W_OK):
            return None
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(folder)


def builtin_templates() -> Path:
    """Inside an installed wheel: commscli/templates; in a source checkout: ./templates."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise InputError(Msg("err.no_builtin_templates"), "template", str(here))


def mask_phone(value, show: bool = False):
    """``13800138000`` → ``138****8000``; nothing stays nothing."""
    if not value:
        return value
    value = str(value)
    if show or len(value) < 7:
        return value if show else "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


PHONE_KEYS = {"phone", "caller_phone", "household_phone"}
PRIVATE_KEYS = {"private_remarks", "private"}


def mask_personal(value, show: bool = False):
    """A record, event or list of them with phones masked and private remarks withheld."""
    if show:
        return value
    if isinstance(value, list):
        return [mask_personal(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for k, v in value.items():
        if k in PHONE_KEYS:
            out[k] = mask_phone(v)
        elif k in PRIVATE_KEYS:
            out[k] = "(withheld)" if v else v
        else:
            out[k] = mask_personal(v)
    return out


def mask_name(value, show: bool = False) -> str:
    if not value or show:
        return value or ""
    value = str(value)
    return value[0] + "*" * max(1, len(value) - 1)


def escape_markdown_html(text: str) -> str:
    """``<``, ``>`` and ``&`` as entities: user text in Markdown shows as typed and never becomes HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markdown_finalize():
    """Every ``{{ … }}`` of a Markdown template (``*.md*``) is HTML-escaped, as autoescape does for HTML;
    ``Markup`` values (a template author's own) pass, and so does a Markdown form rendered as plain text."""
    import jinja2
    from markupsafe import Markup

    @jinja2.pass_context
    def finalize(ctx, value):
        if (
            isinstance(value, str)
            and not isinstance(value, Markup)
            and ".md" in (ctx.name or "")
            and not ctx.get("_plain_text")
        ):
            return escape_markdown_html(value)
        return value

    return finalize


class Renderer:
    def __init__(self, templates_dir=None, lang: str = "zh", show_personal: bool = False, calendar=None):
        if lang not in LANGS:
            raise InputError(Msg("err.lang"), "--lang", lang)
        if templates_dir is not None and not Path(templates_dir).is_dir():
            raise InputError(Msg("err.not_directory"), "--templates", str(templates_dir))
        self.templates_dir = templates_dir
        self.lang = lang
        self.show_personal = show_personal
        self.calendar = calendar
        self.tty = False  # a person's terminal: overdue items of the due list are marked (report due sets it)
        self._env = None

    @property
    def env(self):
        if self._env is None:
            self._env = self._make_env()
        return self._env

    def _make_env(self):
        import jinja2

        builtin = jinja2.FileSystemLoader(str(builtin_templates()))
        loaders = [jinja2.PrefixLoader({"default": builtin}, delimiter=":")]
        if self.templates_dir is not None:
            loaders.insert(0, jinja2.FileSystemLoader(str(self.templates_dir)))
        loaders.append(builtin)
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=lambda name: bool(name) and ".html" in name,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_markdown_finalize(),
            bytecode_cache=_bytecode_cache(),
        )
        env.globals.update(t=self.t, lang=self.lang, show_personal=self.show_personal, css=self.css)
        env.filters.update(
            phone=lambda v: mask_phone(v, self.show_personal) or "",
            private=lambda v: (v or "") if self.show_personal else (label("masked", self.lang) if v else ""),
            public_name=lambda v: mask_name(v, self.show_personal),
            d=self.fmt_date,
            dt=self.fmt_datetime,
            workdays=self.add_workdays,
            rate=self.fmt_rate,
            yesno=lambda v: self.t("yes" if v else "no"),
            cell=self.fmt_cell,
            trend_lines=self.trend_lines,
            step=lambda action: self.t(f"step.{action}"),
            dept=self.fmt_dept,
            code=self.fmt_code,
            record=self.fmt_record,
            short=self.fmt_short,
            left=self.fmt_left,
            owner=self.fmt_owner,
            mark=self.mark_overdue,
            code_spans=code_spans,
            fold=fold,
            change=self.fmt_change,
            chart=self.chart,
        )
        env.tests["rate"] = lambda v: isinstance(v, Rate)
        return env

    # --- filters -------------------------------------------------------------------
    def t(self, key: str, **params) -> str:
        return label(key, self.lang, **params)

    def css(self) -> str:
        return (builtin_templates() / "a4.css").read_text(encoding="utf-8")

    def fmt_date(self, value) -> str:
        if not value:
            return ""
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return f"{d.year}年{d.month}月{d.day}日" if self.lang == "zh" else d.isoformat()

    def fmt_datetime(self, value) -> str:
        if not value:
            return ""
        dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return f"{self.fmt_date(dt.date())} {dt:%H:%M}"

    @staticmethod
    def fmt_short(value, period: str) -> str:
        """A time as listings show it (``11-21 23:59``; the year when it is not the period's)."""
        from commscli.cli.views import short_time

        return short_time(value, int(str(period)[:4])) if value else ""

    def add_workdays(self, value, n: int) -> str:
        if self.calendar is None:
            raise InputError(Msg("err.no_calendar"), "template", n)
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return self.calendar.add(d, n).isoformat()

    def fmt_rate(self, figure) -> str:
        n, d = figure.numerator, figure.denominator
        if d is None:
            return str(figure.value)
        if not d:
            return "— (0/0)"
        return f"{100 * n / d:.1f}% ({n}/{d})"

    def fmt_cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, Rate):
            return value.display
        if isinstance(value, str) and value.split(".", 1)[0] in CELL_LABELS:
            return self.t(value)
        return str(value)

    def trend_lines(self, trends: list) -> list[str]:
        """The trends for an 80-column terminal: a row per figure, a column per month (its number), each value a
        whole percentage (a count as it is, — for nothing to count); the numerators and denominators are in the
        csv, xlsx and json forms."""
        from rich.cells import cell_len

        def short(v) -> str:
            if isinstance(v, Rate):
                return "—" if v.value is None else f"{round(v.value * 100)}"
            return "—" if v is None else str(v)

        names = [self.t(tr.key) for tr in trends]
        width = max([cell_len(name) for name in names] + [cell_len(self.t("report.month"))])
        head = " " * (2 + width) + "".join(f"{m[5:]:>5}" for m in trends[0].months)
        lines = [head]
        for name, tr in zip(names, trends, strict=True):
            pad = " " * (width - cell_len(name))
            lines.append("  " + name + pad + "".join(f"{short(v):>5}" for v in tr.values))
        return lines

    def fmt_change(self, key_figure) -> str:
        """A key figure's change since last month: ``+66.7 pp`` (个百分点) for a rate, ``+1`` for a count, — for none."""
        c = key_figure.change
        if c is None:
            return "—"
        if isinstance(key_figure.value, Rate):
            return f"{c:+.1f}{self.t('report.points')}"
        return f"{c:+d}"

    def chart(self, trend) -> str:
        from commscli.charts import trend_svg

        return trend_svg(trend, self.t(trend.key))

    def fmt_code(self, value, prefix: str) -> str:
        """A code by its label (``category.cleaning`` → 保洁); a code the label table lacks (a policy's own
        visit category) as written."""
        key = f"{prefix}.{value}"
        return self.t(key) if key in LABELS else str(value)

    def fmt_dept(self, value) -> str:
        """Whom a ticket went to: a staff name as written, a department (a role code) by its name."""
        if not value:
            return ""
        key = f"role.{value}"
        return self.t(key) if key in LABELS else str(value)

    def fmt_left(self, seconds) -> str:
        """Time left or how late (``2 d 3 h left``, ``1 d 4 h late``, ``due now`` at 0): days and hours, else hours
        and minutes, else minutes, else seconds; truncated, never rounded up."""
        from commscli.domain.reports import split_span

        if seconds is None:
            return ""
        if seconds == 0:
            return self.t("left.now")
        d, h, m, s = split_span(seconds)
        span = (
            self.t("span.d", d=d, h=h)
            if d
            else self.t("span.h", h=h, m=m)
            if h
            else self.t("span.m", m=m)
            if m
            else self.t("span.s", s=s)
        )
        return self.t("left.late" if seconds < 0 else "left.left", span=span)

    def fmt_owner(self, value) -> str:
        """A due item's owner: a staff name as written, a role or department (a label key) by its name."""
        if not value:
            return ""
        return self.t(value) if value in LABELS else str(value)

    def mark_overdue(self, text: str, state: str) -> str:
        """On a person's terminal, an overdue item's lines in red with ``!`` in front (the mark stays where colour
        is off: NO_COLOR); elsewhere as they are."""
        if not self.tty or state != "overdue":
            return text
        import os

        lines = text.split("\n")
        first = lines[0]
        lines[0] = "! " + (first[2:] if first.startswith("  ") else first)
        if os.environ.get("NO_COLOR"):
            return "\n".join(lines)
        return "\n".join(f"\x1b[31m{x}\x1b[0m" if x else x for x in lines)

    def fmt_record(self, value) -> str:
        """``tickets/670`` → ``诉求单 #670``; ``visit_plans`` → ``访问计划``."""
        table, _, rid = str(value or "").partition("/")
        if not table:
            return ""
        name = self.t(f"record.{table}")
        return f"{name} #{rid}" if rid else name

    # --- output --------------------------------------------------------------------
    def render(self, name: str, **context) -> str:
        import jinja2

        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateNotFound as exc:
            raise InputError(Msg("err.template_not_found"), "template", str(exc)) from None
        except jinja2.UndefinedError as exc:
            raise InputError(Msg("err.template_value", why=exc.message), "template", name) from None
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(
                Msg("err.template_syntax", line=exc.lineno, why=exc.message), "template", exc.filename or name
            ) from None

    def report(self, report, fmt: str, template: str | None = None) -> str:
        """A Report in one of FORMATS. ``template`` is the base name, e.g. ``reports/monthly``."""
        if fmt not in FORMATS:
            raise InputError(Msg("err.choice", choices=", ".join(FORMATS)), "--format", fmt)
        if fmt == "json":
            return json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
        if fmt == "csv":
            return report_csv(report, self)
        base = template or f"reports/{report.kind}"
        if fmt == "table":  # the Markdown report laid out for a terminal: columns lined up, no markup
            return markdown_as_text(self.render(f"{base}.md.j2", report=report, _plain_text=True))
        return self.render(f"{base}.{EXT[fmt]}.j2", report=report)

    def form(self, name: str, fmt: str, **context) -> str:
        if fmt not in ("text", "md", "html"):
            raise InputError(Msg("err.form_formats"), "--format", fmt)
        if fmt == "text" and not self.exists(f"forms/{name}.txt.j2"):
            # the Markdown form laid out as plain text (nothing HTML-escaped, tables lined up, no markup)
            return markdown_as_text(self.render(f"forms/{name}.md.j2", **context, _plain_text=True))
        return self.render(f"forms/{name}.{EXT[fmt]}.j2", **context)

    def exists(self, name: str) -> bool:
        import jinja2

        try:
            self.env.get_template(name)
            return True
        except jinja2.TemplateNotFound:
            return False


def display_width(text: str) -> int:
    """Terminal columns: a wide (CJK) character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


# **bold** in our templates; not the stars of a masked name or phone (史**, 186****1953), which stay as they are
_BOLD = re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*")
_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def markdown_as_text(md: str) -> str:
    """A form's Markdown as plain text: headings underlined, bold unmarked, a pipe table's columns lined up
    by display width (its ``|---|`` rule dropped), list items and paragraphs as they are."""
    out, table = [], []

    def flush():
        if not table:
            return
        widths = [max(display_width(r[i]) if i < len(r) else 0 for r in table) for i in range(max(map(len, table)))]
        for r in table:
            cells = [c + " " * (widths[i] - display_width(c)) for i, c in enumerate(r)]
            out.append("  ".join(cells).rstrip())
        table.clear()

    for line in md.splitlines():
        if line.startswith("|") and line.rstrip().endswith("|"):
            if not _RULE.match(line):
                table.append([_BOLD.sub(r"\1", c.strip()) for c in line.strip()[1:-1].split("|")])
            continue
        flush()
        heading = re.match(r"^(#+)\s+(.*)$", line)
        if heading:
            title = _BOLD.sub(r"\1", heading.group(2))
            out += [title, ("=" if len(heading.group(1)) == 1 else "-") * display_width(title)]
        else:
            out.append(_BOLD.sub(r"\1", line))
    flush()
    return "\n".join(out) + ("\n" if md.endswith("\n") else "")


def percent(rate: Rate) -> str:
    """A rate as a percentage with one decimal (``87.5%``), empty when there is nothing to count (0/0)."""
    v = rate.value
    return "" if v is None else f"{100 * v:.1f}%"


def rate_columns(table) -> set:
    """The columns of ``table`` holding Rates: written as three (percentage, numerator, denominator)."""
    return {i for row in table.rows for i, c in enumerate(row) if isinstance(c, Rate)}


def report_csv(report, renderer: Renderer) -> str:
    """UTF-8 with BOM; the key figures, the trends, then one table per section (its figures, then its own tables,
    each row starting with the section's title), a blank line between; the footnotes last. A rate is written as a
    percentage with one decimal beside its numerator and denominator, never as a raw float.

    Text that a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is written with a
    leading apostrophe; numbers stay numbers (io/output.py spreadsheet_safe).
    """
    from commscli.io.output import spreadsheet_safe

    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")

    def row(*cells):
        writer.writerow([spreadsheet_safe(c) for c in cells])

    def value(v) -> list:  # a count in one cell; a rate in three
        if isinstance(v, Rate):
            return [percent(v), v.numerator, v.denominator]
        return [v, "", ""]

    t = renderer.t
    n_, d_ = t("report.numerator"), t("report.denominator")
    row(t("report.period"), report.period, t(report.title))
    if report.key_figures:
        row()
        title = t("report.key_figures")
        row(title, t("report.item"), t("report.this_month"), n_, d_, t("report.last_month"), n_, d_, t("report.change"))
        for k in report.key_figures:
            before = value(k.previous) if k.previous is not None else ["", "", ""]
            row(title, t(k.key), *value(k.value), *before, "" if k.change is None else k.change)
    if report.trends:
        row()
        title = t("report.trends")
        row(title, t("report.item"), t("report.month"), t("report.rate"), n_, d_)
        for tr in report.trends:
            for month, v in zip(tr.months, tr.values, strict=True):
                row(title, t(tr.key), month, *value(v))
    for section in report.sections:
        row()
        title = t(section.key)
        if section.figures:
            row(title, t("report.item"), t("report.value"), n_, d_)
            for fig in section.figures:
                row(title, t(fig.key), *value(fig.value))
        for table in section.tables:
            rates = rate_columns(table)
            head = []
            for i, c in enumerate(table.columns):
                head += [t(c), f"{t(c)} {n_}", f"{t(c)} {d_}"] if i in rates else [t(c)]
            row(title, t(table.key), *head)
            for r in table.rows:
                cells = []
                for i, c in enumerate(r):
                    if i in rates:
                        cells += value(c) if isinstance(c, Rate) else [renderer.fmt_cell(c), "", ""]
                    else:
                        cells.append(renderer.fmt_cell(c) if isinstance(c, str) else c)
                row(title, t(table.key), *cells)
    if report.notes:
        row()
        for note in report.notes:
            row(t("report.notes"), t(note.key, **note.params))
    if report.due:
        row(
            t("report.due"),
            "",
            *[
                t(k)
                for k in (
                    "due.due",
                    "due.left",
                    "due.what",
                    "due.record",
                    "due.office",
                    "due.owner",
                    "due.detail",
                    "due.state",
                )
            ],
        )
        for item in report.due:
            row(
                t("report.due"),
                "",
                item.due,
                renderer.fmt_left(item.seconds_left),
                t(item.what, **item.params),
                item.record,
                item.office,
                renderer.fmt_owner(item.owner),
                item.detail,
                t(f"state.{item.state}"),
            )
    return buf.getvalue()


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def report_xlsx(report, renderer: Renderer, path, field: str = "--output"):
    """The monthly report as an Excel file: a sheet for the key figures, one for the trends, one per section (its
    figures, then each of its tables under its title), one for the footnotes. A rate is its share (shown 0.0%)
    beside its numerator and denominator; a date is a date (yyyy-mm-dd)."""
    from commscli.io.output import write_xlsx_book

    t = renderer.t
    n_, d_ = t("report.numerator"), t("report.denominator")

    def bold(cells):
        return [(c, "bold") for c in cells]

    def value(v) -> list:
        if isinstance(v, Rate):
            return [(v.value, "percent"), v.numerator, v.denominator]
        return [v, None, None]

    def cell(c):
        if isinstance(c, str) and ISO_DATE.match(c):
            return (c, "date")
        return renderer.fmt_cell(c) if isinstance(c, str) else c

    sheets = []
    if report.key_figures:
        rows = [
            bold([t("report.item"), t("report.this_month"), n_, d_, t("report.last_month"), n_, d_, t("report.change")])
        ]
        for k in report.key_figures:
            before = value(k.previous) if k.previous is not None else [None, None, None]
            rows.append([t(k.key), *value(k.value), *before, k.change])
        sheets.append((t("report.key_figures"), rows))
    if report.trends:
        rows = [bold([t("report.item"), t("report.month"), t("report.rate"), n_, d_])]
        for tr in report.trends:
            rows += [[t(tr.key), m, *value(v)] for m, v in zip(tr.months, tr.values, strict=True)]
        sheets.append((t("report.trends"), rows))
    for section in report.sections:
        rows = []
        if section.figures:
            rows.append(bold([t("report.item"), t("report.value"), n_, d_]))
            rows += [[t(f.key), *value(f.value)] for f in section.figures]
        for table in section.tables:
            rates = rate_columns(table)
            head = []
            for i, c in enumerate(table.columns):
                head += [t(c), f"{t(c)} {n_}", f"{t(c)} {d_}"] if i in rates else [t(c)]
            rows += [[], bold([t(table.key)]), bold(head)]
            for r in table.rows:
                cells = []
                for i, c in enumerate(r):
                    if i in rates:
                        cells += value(c) if isinstance(c, Rate) else [cell(c), None, None]
                    else:
                        cells.append(cell(c))
                rows.append(cells)
        sheets.append((t(section.key), rows))
    if report.notes:
        sheets.append((t("report.notes"), [[t(n.key, **n.params)] for n in report.notes]))
    write_xlsx_book(path, sheets, field)


def fold(text: str, width: int = 80, indent: int = 6) -> str:
    """Plain-text lines folded between words to ``width`` terminal cells (Chinese counts two), the
    continuation indented: a terminal never breaks a line inside a phone number or an id."""
    from rich.cells import cell_len

    out = []
    for line in str(text).split("\n"):
        body = line.lstrip(" ")
        cur = line[: len(line) - len(body)]
        for word in body.split(" "):
            if cur.strip() and word and cell_len(cur) + cell_len(word) > width:
                out.append(cur.rstrip())
                cur = " " * indent
            cur += word + " "
        out.append(cur.rstrip())
    return "\n".join(out)


def code_spans(text):
    """HTML: a message's `command` as <code>command</code> (the rest escaped), not with literal backticks."""
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`<>]+)`", r"<code>\1</code>", str(escape(text))))
