"""The root ``commscli`` app: global options, and the command groups loaded lazily.

A group's module is imported only when that group runs (or its own --help is asked),
so ``commscli --help`` and a one-row command start fast.
"""

from contextlib import contextmanager
from importlib import import_module
from typing import Annotated

import typer
from typer.core import TyperGroup

from commscli.cli.common import DbOpt, JsonOpt, LangOpt, PolicyOpt, help_without_value

# name → (module holding `app`, help). The one place a group is registered.
GROUPS = {
    "db": ("commscli.cli.db", "The store file: path, init, check, backup."),
    "policy": ("commscli.cli.policy", "The policy in force (every number of the rules)."),
    "calendar": ("commscli.cli.calendar", "Working days: holidays, make-up days, office closures."),
    "office": ("commscli.cli.office", "Management offices: code, name, buildings, lobbies, seals."),
    "household": ("commscli.cli.household", "Households: building, room, name, phone, owner/tenant, occupancy."),
    "staff": ("commscli.cli.staff", "Staff: name, role, office, buildings looked after."),
    "ticket": ("commscli.cli.ticket", "Customer requests: intake, steps, SLA clocks, complaints, escalation forms."),
    "task": ("commscli.cli.task", "Hand-offs: a department's commitment and feedback, between departments too."),
    "callback": ("commscli.cli.callback", "Callbacks: weekly 20 % sample, complaint, special, periodic checks."),
    "visit": ("commscli.cli.visit", "Visits: monthly quota and plan, visit records, review, monthly summary."),
    "survey": ("commscli.cli.survey", "Satisfaction surveys: open, returns, close, analysis, results."),
    "service": ("commscli.cli.service", "Service guide (服务指南): the office's services, hours, phones and prices."),
    "box": ("commscli.cli.box", "Suggestion box (意见箱): each opening, what was found, the tickets made from it."),
    "letter": ("commscli.cli.letter", "Letters (函件) in and out: the register, with the copy kept."),
    "notice": ("commscli.cli.notice", "Notices: lead-time rules, the weekend ban, postings, the form to post."),
    "appeal": (
        "commscli.cli.appeal",
        "Staff suggestions and appeals (职员提议、申诉表): the superior's answer, general affairs, the form.",
    ),
    "mailbox": ("commscli.cli.mailbox", "President's mailbox (总裁信箱) and the yearly staff needs survey."),
    "meeting": ("commscli.cli.meeting", "Meetings: cadences and plan, agendas, sign-in, cancellation."),
    "info": (
        "commscli.cli.info",
        "Information register (信息交流表): external *, urgent steps, reports, weekly review.",
    ),
    "stop": ("commscli.cli.stop", "STOP safety observation: the year's plan, cards, quotas, weekly analysis, reports."),
    "report": ("commscli.cli.report", "Reports: monthly figures and what is due."),
}


class LazyGroup(help_without_value(TyperGroup)):
    """Lists the groups from GROUPS without importing them; imports one when it is used."""

    _listing = False

    def list_commands(self, ctx):
        return [*GROUPS, *super().list_commands(ctx)]

    def get_command(self, ctx, name):
        if name not in GROUPS:
            return super().get_command(ctx, name)
        module, help_text = GROUPS[name]
        if self._listing:  # the root help needs only the name and the help line
            return TyperGroup(name=name, help=help_text)
        group = typer.main.get_group(import_module(module).app)
        group.name, group.help = name, help_text
        group.__class__ = help_without_value(type(group))  # its -h shows no <bool> either
        return group

    def resolve_command(self, ctx, args):
        """A mistyped group name suggests the nearest ones (Typer's own suggestion sees only loaded commands)."""
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            message = getattr(exc, "message", None)
            if args and isinstance(message, str) and "Did you mean" not in message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    exc.message = f"{message.rstrip('.')}. Did you mean {', '.join(repr(m) for m in matches)}?"
            raise

    def make_context(self, info_name, args, parent=None, **extra):
        with said_usage(_lang_in(args)):
            return super().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        with said_usage(ctx.params.get("lang")):
            return super().invoke(ctx)

    def format_help(self, ctx, formatter):
        self._listing = True
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _lang_in(args) -> str | None:
    """The root's --lang among the words typed (before they are parsed)."""
    args = list(args)
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def _usage_errors():
    """click's exception classes as Typer raises them (Typer carries its own click): the module of its
    public BadParameter."""
    return import_module(typer.BadParameter.__module__)


@contextmanager
def said_usage(lang: str | None):
    """A mistyped command line (an unknown option, a missing value …: click's usage errors) said as one
    line in zh, as our own errors are, with the command whose -h shows the usage; English keeps click's panel."""
    errors = _usage_errors()
    try:
        yield
    except errors.UsageError as exc:
        from commscli.cli.common import quick_lang
        from commscli.labels import label

        if type(exc).__name__ == "NoArgsIsHelpError" or quick_lang(lang) != "zh":
            raise
        hint = label("usage.hint", "zh", command=exc.ctx.command_path) if exc.ctx is not None else ""
        typer.secho(label("msg.error", "zh") + usage_zh(exc) + hint, fg="red", err=True)
        raise typer.Exit(exc.exit_code) from None


def usage_zh(exc) -> str:
    """click's usage error in zh (its English text for one this does not know)."""
    import re

    from commscli.labels import field_name, label

    errors = _usage_errors()

    text = exc.format_message()
    if isinstance(exc, errors.NoSuchOption):
        maybe = label("usage.maybe", "zh", options="、".join(exc.possibilities)) if exc.possibilities else ""
        return label("usage.no_option", "zh", option=exc.option_name) + maybe
    if isinstance(exc, errors.MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "option":
            return label("usage.missing_option", "zh", option=exc.param.opts[0])
        return label("usage.missing_argument", "zh", name=field_name((exc.param.name or "").upper(), "zh"))
    if isinstance(exc, errors.BadOptionUsage) and "requires an argument" in text:
        return label("usage.needs_value", "zh", option=exc.option_name)
    if isinstance(exc, errors.BadParameter):
        hint = exc.param.opts[0] if exc.param is not None and exc.param.opts else (exc.param_hint or "")
        number = re.search(r"valid (integer|float|number)", exc.message)
        if number:
            return f"{hint}: " + label(f"usage.not_{number.group(1)}", "zh")
        return f"{hint}: {exc.message}"
    command = re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", text)
    if command:
        said = (command.group(2) or "").replace("'", "").replace(", ", "、")
        maybe = label("usage.maybe", "zh", options=said) if said else ""
        return label("usage.no_command", "zh", command=command.group(1)) + maybe
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text)
    if extra:
        return label("usage.extra", "zh", words=extra.group(1))
    return text


app = typer.Typer(
    name="commscli",
    cls=LazyGroup,
    help="Service-communication records and deadlines for a property-management office (物业公司服务沟通制度).",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion: command names and choice values
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool):
    if value:
        from commscli import __version__

        typer.echo(f"commscli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_path: DbOpt = None,
    policy_path: PolicyOpt = None,
    json_out: JsonOpt = False,
    lang: LangOpt = None,
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
):
    """Keep customer tickets, callbacks, visits, notices and meetings, and the reports built from them."""
    ctx.obj = {"db": db_path, "policy": policy_path, "json": json_out, "lang": lang}


from commscli.cli import demo  # noqa: E402  (a single command on the root)

demo.register(app)


def main():
    app(prog_name="commscli")
