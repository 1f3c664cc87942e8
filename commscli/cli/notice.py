"""commscli notice: notices (通知单 / 公告) with their lead-time rules, postings and the form to post."""

from typing import Annotated

import typer

from commscli.cli.common import (
    ChoiceOpt,
    FormatOpt,
    IdArg,
    IdOpt,
    LangOpt,
    OutputOpt,
    Text,
    command,
    register_import,
)
from commscli.domain import notices as codes
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Notice id.")]
Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
Personal = Annotated[bool, typer.Option("--show-personal", help="Show households' names and phones.")]
FLAGS = ("breach", "emergency")


def _listing():
    from commscli.cli.views import Col, Listing

    return Listing(
        [
            Col("id", "col.id"),
            Col("kind", "col.notice_kind", codes="notice_kind"),
            Col("title", long=True),
            Col("effective_from", time=True),
            Col("posted_at", time=True),
            Col("breach"),
            Col("office"),
            Col("issuer", codes="notice_issuer"),
            Col("effective_to", time=True),
            Col("dept_notified_at", time=True),
            Col("since", time=True),
            Col("due_by", time=True),
            Col("emergency"),
            Col("reason", long=True),
            Col("posted", get=lambda n, lang: bool(n.get("first_posting_at"))),
            Col("withdrawn_at", time=True),
        ],
        ["id", "kind", "title", "effective_from", "posted", "breach"],
    )


def view(n: dict) -> dict:
    from commscli.cli.views import booleans

    return booleans(dict(n), *FLAGS)


def card(env, notice_id: int, show_personal: bool = False, message=None):
    """A notice for people: every field with a value, the breaches, where and how it was given, the
    households told (by room; names and phones only with --show-personal), its history."""
    from commscli.cli.views import Col, card_fields, code_label, event_line, short_time
    from commscli.labels import LABELS, label
    from commscli.render import mask_name, mask_personal, mask_phone
    from commscli.services import notices as svc

    d = svc.details(env.store, notice_id)
    n = view(d["notice"])
    households = [
        {**h, "name": mask_name(h["name"], show_personal), "phone": mask_phone(h["phone"], show_personal)}
        for h in d["households"]
    ]
    if env.json:
        env.print_json({**n, "postings": d["postings"], "households": households, "events": mask_personal(d["events"])})
        return
    lang, year = env.lang, env.now().year
    listing = _listing()
    listing.cols["body"] = Col("body", long=True)
    listing.cols["advice"] = Col("advice", long=True)
    colon, comma = ("：", "，") if lang == "zh" else (": ", ", ")
    used = n["rules"] or {}

    def rule(key: str) -> str:  # the rule in words (its policy value filled in); --json keeps the policy key
        return label(f"rule.{key}", lang, n=used.get(key)) if f"rule.{key}" in LABELS else key

    breaches = [
        f"{rule(b['rule'])}{colon}{label('card.required', lang)} {b['required'] or '—'}"
        f"{comma}{label('card.given', lang)} {b['given'] or '—'}"
        for b in n["breaches"]
    ]
    postings = [
        "  ".join(
            x
            for x in (
                short_time(p["at"], year),
                code_label("notice_method", p["method"], lang),
                p["building"] or (f"{p['household_building']}/{p['room']}" if p["room"] else ""),
                label("card.signs", lang) if p["signs"] else "",
            )
            if x
        )
        for p in d["postings"]
    ]
    told = [
        "  ".join(
            x
            for x in (
                f"{h['building']}/{h['room']}",
                h["name"] if show_personal else "",
                h["phone"] if show_personal else "",
                short_time(h["told_at"], year) if h["told_at"] else label("card.not_told", lang),
                code_label("notice_method", h["method"], lang) if h["method"] else "",
                label("card.confirmed", lang) if h["confirmed_at"] else "",
            )
            if x
        )
        for h in households
    ]
    title = " · ".join((label("card.notice", lang, id=n["id"]), code_label("notice_kind", n["kind"], lang)))
    env.card(
        n,
        title,
        card_fields(listing, n, lang, year, skip=("id", "kind")),
        [
            (label("card.breaches", lang), breaches),
            (label("card.postings", lang), postings),
            (label("card.households", lang), told),
            (label("card.history", lang), [event_line(e, "notices", lang, year) for e in d["events"]]),
        ],
        message,
    )


@command(app, "new", records=True)
def new(
    env,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=codes.KIND, help="Kind of notice.")],
    title: Annotated[str, typer.Option("--title", help="The title residents read.")],
    effective_from: Annotated[
        str, typer.Option("--effective-from", help="When it starts (the work, the cut, the event, the change).")
    ],
    body: Annotated[str | None, Text("--body", help="The text of the notice.")] = None,
    body_file: Annotated[str | None, Text("--body-file", help="Read the text from this file (UTF-8).")] = None,
    effective_to: Annotated[str | None, Text("--effective-to", help="When it ends (pest control: required).")] = None,
    posted_at: Annotated[
        str | None, Text("--posted-at", help="When residents were told (default now); the lead time is checked on it.")
    ] = None,
    dept_notified_at: Annotated[
        str | None, Text("--dept-notified-at", help="When the department told customer service (pest control, cuts).")
    ] = None,
    since: Annotated[
        str | None,
        Text(
            "--since", help="What starts a 'within N after' kind: the analysis, the loss found, the contract changed."
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        ChoiceOpt(
            "--issuer", choice=codes.ISSUER, help="Who issues it (the seal line); default cs (company with --ticket)."
        ),
    ] = None,
    advice: Annotated[str | None, Text("--advice", help="What residents should do (e.g. store water).")] = None,
    household: Annotated[
        list[int] | None, typer.Option("--household", help="Lost property, contract: the household id (repeat).")
    ] = None,
    survey: Annotated[str | None, Text("--survey", help="Survey results: the season (YYYY-MM) they report.")] = None,
    ticket: Annotated[
        int | None,
        IdOpt(
            "--ticket", help="A major complaint's company-wide notice: the ticket (issuer company; closes its step)."
        ),
    ] = None,
    emergency: Annotated[
        bool, typer.Option("--emergency", help="An emergency: a lead-time breach is recorded, not refused.")
    ] = False,
    reason: Annotated[str | None, Text("--reason", help="The emergency's reason (required with --emergency).")] = None,
    office: Office = None,
):
    """Record a notice; its kind's lead time and the weekend ban are checked on the time residents were told."""
    from commscli.domain.fields import text
    from commscli.errors import InputError
    from commscli.services import notices as svc

    if (body is None) == (body_file is None):
        raise InputError(Msg("err.notice_body"), "--body/--body-file", None)
    if body_file is not None:
        from pathlib import Path

        try:
            body = Path(body_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(Msg("err.cannot_read", why=exc.__class__.__name__), "--body-file", body_file) from None
    from commscli.domain.fields import LONG_TEXT_MAX

    season = None
    if survey:
        from commscli import clock

        y, m = clock.parse_month(survey, "--survey")
        season = f"{y:04d}-{m:02d}"
    data = dict(
        office=env.office_code(office),
        kind=codes.KIND.parse(kind, "--kind"),
        title=text(title, "--title"),
        body=text(body, "--body" if body_file is None else "--body-file", LONG_TEXT_MAX),
        advice=text(advice, "--advice") if advice else None,
        effective_from=env.planned_time(effective_from, "--effective-from"),
        effective_to=env.planned_time(effective_to, "--effective-to") if effective_to else None,
        posted_at=env.past_time(posted_at, "--posted-at"),
        dept_notified_at=env.past_time(dept_notified_at, "--dept-notified-at") if dept_notified_at else None,
        since=env.past_time(since, "--since") if since else None,
        issuer=codes.ISSUER.parse(issuer, "--issuer") if issuer else None,
        ticket=ticket,
        households=household or [],
        survey=season,
        emergency=emergency,
        reason=reason,
    )
    for key, field in (("title", "--title"), ("body", "--body")):
        if not data[key]:
            raise InputError(Msg("err.required"), field, "")
    ctx = env.ctx()
    with env.store.transaction() as store:
        nid = svc.new_notice(store, ctx, data)
    n = view(svc.details(env.store, nid)["notice"])
    extra = Msg("msg.notice_emergency") if n["breach"] else ""
    card(env, nid, message=Msg("msg.notice_recorded", id=nid, extra=extra))


@command(app, "post", records=True)
def post(
    env,
    notice_id: Id,
    building: Annotated[
        list[str] | None, typer.Option("--building", help="Where it was posted (repeat); default every building.")
    ] = None,
    household: Annotated[
        list[int] | None, typer.Option("--household", help="One-to-one notices: the household told (repeat).")
    ] = None,
    method: Annotated[
        str | None,
        ChoiceOpt("--method", choice=codes.METHOD, help="How (default: posted; one-to-one notices say how)."),
    ] = None,
    signs: Annotated[bool, typer.Option("--signs", help="Works and pest control: warning signs put up.")] = False,
):
    """Record where, how and when the notice was given (lost property and contracts: one to one, never a lobby)."""
    from commscli.services import notices as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        n = svc.post(
            store,
            ctx,
            notice_id,
            buildings=building or None,
            households=household or None,
            method=codes.METHOD.parse(method, "--method") if method else None,
            signs=signs,
            at=at,
        )
    card(env, notice_id, message=Msg("msg.notice_posted", id=notice_id, n=n["posted_now"]))


@command(app, "confirm", records=True)
def confirm(
    env,
    notice_id: Id,
    household: Annotated[int, typer.Option("--household", help="The household that confirmed (its id).")],
):
    """A contract change: record that the household confirmed (both sides confirm)."""
    from commscli.services import notices as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.confirm(store, ctx, notice_id, household, at)
    card(env, notice_id, message=Msg("msg.notice_confirmed", id=notice_id, household=household))


@command(app, "withdraw", records=True)
def withdraw(env, notice_id: Id, reason: Annotated[str, typer.Option("--reason", help="Why it ends early.")]):
    """End a notice early (it stays on record: notices are never deleted)."""
    from commscli.services import notices as svc

    ctx, at = env.ctx(), env.at()
    with env.store.transaction() as store:
        svc.withdraw(store, ctx, notice_id, reason, at)
    card(env, notice_id, message=Msg("msg.notice_withdrawn", id=notice_id))


@command(app, "list", readonly=True, listing=True)
def list_notices(
    env,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=codes.KIND, help="Only this kind.")] = None,
    month: Annotated[str | None, Text("--month", help="Told in this month (YYYY-MM).")] = None,
    active: Annotated[bool, typer.Option("--active", help="Not withdrawn and not ended (coming ones too).")] = False,
    breach: Annotated[bool, typer.Option("--breach", help="Only lead-time breaches.")] = False,
    emergency: Annotated[bool, typer.Option("--emergency", help="Only emergencies.")] = False,
    household: Annotated[
        int | None, typer.Option("--household", help="A household's own notices (needs --show-personal).")
    ] = None,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
    show_personal: Personal = False,
):
    """List notices, newest first."""
    from commscli import clock
    from commscli.domain.reports import period
    from commscli.errors import InputError
    from commscli.store import notices as q

    if household is not None and not show_personal:
        raise InputError(Msg("err.notice_personal"), "--household", household)
    start = end = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    rows = q.list_notices(
        env.store,
        office=office,
        kind=codes.KIND.parse(kind, "--kind") if kind else None,
        start=start,
        end=end,
        active_at=env.now_text() if active else None,
        breach=True if breach else None,
        emergency=True if emergency else None,
        household_id=household,
    )
    env.rows([view(n) for n in rows], _listing())


@command(app, "show", readonly=True)
def show(env, notice_id: Id, show_personal: Personal = False):
    """Show a notice: its times, breaches, postings, the households told, its history."""
    card(env, notice_id, show_personal)


@command(app, "render", readonly=True)
def render(
    env,
    notice_id: Id,
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: Annotated[str | None, Text("--templates", help="Your template directory, searched first.")] = None,
    output: OutputOpt = None,
):
    """Render the notice on the company's one template (HTML: an A4 page for every lobby)."""
    from commscli.render import Renderer
    from commscli.services import notices as svc

    data = svc.form_data(env.store, notice_id)
    if env.json:
        env.print_json(data)
        return
    env.emit(Renderer(templates, env.use_lang(lang), False).form("notice", fmt, **data), output)


register_import(
    app,
    "commscli.services.notice_import",
    file_help="CSV, TSV or workbook of notices (通知单) with their times.",
    doc="Import historical notices (a sheet kept in Excel); each judged by its kind's lead-time rules as at the desk (a late one only as an emergency with its reason); re-importing the same rows changes nothing.",
)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "notices")
