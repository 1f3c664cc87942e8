"""commscli ticket: customer requests (报修 投诉 咨询 建议 求助) from intake to closure."""

from typing import Annotated

import typer

from commscli.cli.common import (
    ChoiceOpt,
    FormatOpt,
    IdArg,
    IdOpt,
    LangOpt,
    OutputOpt,
    TemplatesOpt,
    Text,
    command,
    register_import,
)
from commscli.domain import tickets as codes
from commscli.labels import Msg, word

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = Annotated[int, IdArg(help="Ticket id.")]
Personal = Annotated[bool, typer.Option("--show-personal", help="Show phones unmasked.")]
FLAGS = (
    "paid",
    "promise_kept",
    "reworked",
    "deferral_breach",
    "without_visit",
    "arrive_missed_before",
    "deferral_missed_before",
)


def _listing():
    from commscli.cli.views import Col, Listing, place

    return Listing(
        [
            Col("id", "col.ticket_no"),
            Col("state", codes="state"),
            Col("place", get=place),
            Col("kind", codes="kind"),
            Col("due", get=lambda t, lang: t.get("open_due"), time=True),
            Col("description", long=True),
            Col("office"),
            Col("priority", codes="priority"),
            Col("channel", codes="channel"),
            Col("category", codes="category"),
            Col("reported_at", time=True),
            Col("household_name", "col.name"),
            Col("household_phone", "col.phone"),
            Col("dispatched_to", codes="role"),
            Col("sla_state", "col.sla", codes="sla"),
            Col("resolved_at", time=True),
            Col("replied_at", time=True),
            Col("closed_at", time=True),
        ],
        ["id", "state", "place", "kind", "due", "description"],
    )


def view(t: dict, now: str, show_personal: bool = False) -> dict:
    """A ticket as scripts and people read it (one shape for new, steps, list and show): masked phones,
    the SLA verdict, whom it is escalated to, flags as true/false."""
    from commscli.cli.views import booleans
    from commscli.domain.tickets import escalated_to, sla_state
    from commscli.render import mask_phone

    out = dict(t)
    out["sla_state"] = sla_state(t, now)
    out["escalated_to"] = escalated_to(t.get("escalation"))
    out["household_phone"] = mask_phone(t.get("household_phone"), show_personal)
    out["caller_phone"] = mask_phone(t.get("caller_phone"), show_personal)
    return booleans(out, *FLAGS)


def _card_listing():
    from commscli.cli.views import Col, Listing, place

    def caller(t, lang):
        return " ".join(x for x in (t.get("caller_name"), t.get("caller_phone")) if x) or None

    return Listing(
        [
            Col("state", codes="state"),
            Col("place", get=place),
            Col("household_name", "col.name"),
            Col("household_phone", "col.phone"),
            Col("caller", get=caller),
            Col("channel", codes="channel"),
            Col("category", codes="category"),
            Col("description", long=True),
            Col("reported_at", time=True),
            Col("dispatched_to", codes="role"),
            Col("resolution", long=True),
            Col("reply_text", long=True),
            Col("escalation", codes="escalation"),
            Col("escalated_to", codes="escalated_to"),
            Col("promise_where", "col.promise_where"),
            Col("parent_id", "col.ticket"),
            Col("ref"),
            Col("office"),
        ],
        ["state"],
    )


def card(env, ticket_id: int, show_personal: bool = False, message: str | None = None, whole: bool = False):
    """A ticket for people: its state, each deadline with its verdict and the time left, the timeline in
    words, its callbacks. --json: the ticket (one shape with list and new), and with ``whole`` (show) its
    deadlines, timeline and callbacks too."""
    from commscli.cli.views import card_fields, code_label, deadline_line, event_line, short_time
    from commscli.labels import label
    from commscli.services import tickets as svc

    now = env.now_text()
    d = svc.details(env.store, ticket_id, now)
    t = view(d.pop("ticket"), now, show_personal)
    if env.json:
        env.print_json({**t, **d} if whole else t)
        return
    lang, year = env.lang, env.now().year
    title = " · ".join(
        x
        for x in (
            label("card.ticket", lang, id=t["id"]),
            code_label("kind", t["kind"], lang),
            t.get("priority") and code_label("priority", t["priority"], lang),
        )
        if x
    )
    callbacks = [
        f"#{c['id']} {code_label('callback', c['kind'], lang)}  {short_time(c['due_at'], year)}  "
        f"{code_label('cb_state', c['state'], lang)}"
        for c in d["callbacks"]
    ]
    env.card(
        t,
        title,
        card_fields(_card_listing(), t, lang, year),
        [
            (label("card.deadlines", lang), [deadline_line(x, now, lang, year) for x in d["deadlines"]]),
            (label("card.timeline", lang), [event_line(e, "tickets", lang, year) for e in d["timeline"]]),
            (label("card.callbacks", lang), callbacks),
        ],
        message,
    )


def _step(env, action, *args, past: dict | None = None, planned: dict | None = None, **kw):
    """Run one step in one transaction and print the ticket."""
    from commscli.services import tickets as svc

    ctx = env.ctx()
    at = env.at()
    for name, (text, field) in (past or {}).items():
        kw[name] = env.past_time(text, field)
    for name, (text, field) in (planned or {}).items():
        kw[name] = env.planned_time(text, field)
    with env.store.transaction() as store:
        t = getattr(svc, action)(store, ctx, *args, at=at, **kw)
    card(env, t["id"], message=Msg("msg.ticket_state", id=t["id"], state=word("state", t["state"])))


@command(app, "new", records=True)
def new(
    env,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=codes.KIND, help="Kind.")],
    description: Annotated[str, typer.Option("--description", "-d", help="What the customer asked for.")],
    channel: Annotated[
        str | None, ChoiceOpt("--channel", choice=codes.CHANNEL, help="Channel; default hotline.")
    ] = "hotline",
    relayed_by: Annotated[
        str | None,
        Text("--relayed-by", help="With --channel 部门转递: the staff member's name or the department who relayed it."),
    ] = None,
    category: Annotated[str | None, ChoiceOpt("--category", choice=codes.CATEGORY, help="Content category.")] = None,
    priority: Annotated[
        str | None, ChoiceOpt("--priority", choice=codes.PRIORITY, help="Repairs; default normal; 紧急 = 特急.")
    ] = None,
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
    household: Annotated[int | None, IdOpt("--household", help="Household id.")] = None,
    building: Annotated[str | None, Text("--building", help="Household building (with --room).")] = None,
    room: Annotated[str | None, Text("--room", help="Household room (with --building).")] = None,
    caller_name: Annotated[str | None, Text("--caller-name", help="An outside caller's name.")] = None,
    caller_phone: Annotated[str | None, Text("--caller-phone", help="An outside caller's phone.")] = None,
    agreed: Annotated[
        str | None, Text("--agreed", help="Repairs: the time agreed with the customer (replaces end of day).")
    ] = None,
    ref: Annotated[str | None, Text("--ref", help="The paper form's number.")] = None,
    paid: Annotated[bool, typer.Option("--paid", help="A paid service: a price must be accepted first.")] = False,
    major_defect: Annotated[
        str | None, ChoiceOpt("--major-defect", choice=codes.MAJOR_DEFECT, help="Periodic on-site checks until closed.")
    ] = None,
    about: Annotated[
        int | None,
        IdOpt(
            "--about", help="Complaints: the earlier repair (its id) whose defect persists (with --defect-persists)."
        ),
    ] = None,
    defect_persists: Annotated[
        bool,
        typer.Option(
            "--defect-persists",
            help="Complaints: the repair --about did not fix the defect: opens a re-repair and a special callback within 24 h.",
        ),
    ] = False,
    promise: Annotated[
        str | None, Text("--promise", help="Inquiries not answered at once: by when they will be answered.")
    ] = None,
    where: Annotated[str | None, Text("--where", help="With --promise: where the customer can ask meanwhile.")] = None,
):
    """Record a customer request; the deadlines are computed now and stored with it."""
    from commscli.domain import tickets as rules
    from commscli.domain.fields import phone as parse_phone
    from commscli.domain.fields import text
    from commscli.services import tickets as svc

    data = dict(
        office=env.office_code(office),
        kind=rules.KIND.parse(kind, "--kind"),
        channel=rules.CHANNEL.parse(channel, "--channel"),
        relayed_by=relayed_by,
        category=rules.CATEGORY.parse(category, "--category") if category else None,
        priority=rules.PRIORITY.parse(priority, "--priority") if priority else None,
        household_id=household,
        building=building,
        room=room,
        caller_name=text(caller_name, "--caller-name") if caller_name else None,
        caller_phone=parse_phone(caller_phone, "--caller-phone") if caller_phone else None,
        description=text(description, "--description"),
        reported_at=env.at(),
        agreed_at=env.planned_time(agreed, "--agreed") if agreed else None,
        ref=text(ref, "--ref") if ref else None,
        paid=paid,
        major_defect=rules.MAJOR_DEFECT.parse(major_defect, "--major-defect") if major_defect else None,
        about=about,
        defect_persists=defect_persists,
        promise_due=env.planned_time(promise, "--promise") if promise else None,
        promise_where=where,
    )
    if not data["description"]:
        from commscli.errors import InputError

        raise InputError(Msg("err.required"), "--description", description)
    ctx = env.ctx()
    with env.store.transaction() as store:
        tid = svc.new_ticket(store, ctx, data)
    from commscli.store import tickets as q

    t = q.ticket(env.store, tid)
    rework = Msg("msg.rework", id=q.rework_from(env.store, about, f"tickets/{tid}")["id"]) if about else ""
    from commscli.cli.views import short_time

    due = short_time(t["open_due"], env.now().year) if t["open_due"] else t["open_due"]
    card(env, tid, message=Msg("msg.ticket_recorded", id=tid, due=due, rework=rework))


@command(app, "dispatch", records=True)
def dispatch(
    env,
    ticket_id: Id,
    to: Annotated[str, typer.Option("--to", help="A staff member's name or a department (engineering, security …).")],
):
    """Send someone (派工)."""
    _step(env, "dispatch", ticket_id, to)


@command(app, "arrive", records=True)
def arrive(env, ticket_id: Id):
    """Record arrival on site: the repair SLA is measured to this time."""
    _step(env, "arrive", ticket_id)


@command(app, "resolve", records=True)
def resolve(
    env,
    ticket_id: Id,
    note: Annotated[str, typer.Option("--note", help="What was done.")],
    without_visit: Annotated[
        bool, typer.Option("--without-visit", help="A repair fixed without going on site (SLA runs to the fix).")
    ] = False,
):
    """Record that the request was handled."""
    _step(env, "resolve", ticket_id, note, without_visit=without_visit)


@command(app, "reply", records=True)
def reply(
    env,
    ticket_id: Id,
    method: Annotated[str | None, ChoiceOpt("--method", choice=codes.REPLY_METHOD, help="How the customer was told.")],
    text: Annotated[str, typer.Option("--text", help="What the customer was told.")],
):
    """Record that the customer was told the result (有解必答)."""
    from commscli.domain.tickets import REPLY_METHOD

    _step(env, "reply", ticket_id, REPLY_METHOD.parse(method, "--method"), text)


@command(app, "close", records=True)
def close(env, ticket_id: Id):
    """Close a replied ticket (complaints: also analysed, and escalation callback / corrective report when needed)."""
    _step(env, "close", ticket_id)


@command(app, "cancel", records=True)
def cancel(env, ticket_id: Id, reason: Annotated[str, typer.Option("--reason", help="Why.")]):
    """Cancel a ticket with a reason (it is kept, never deleted)."""
    _step(env, "cancel", ticket_id, reason)


@command(app, "reopen", records=True)
def reopen(env, ticket_id: Id, reason: Annotated[str, typer.Option("--reason", help="Why.")]):
    """Reopen a resolved, replied or closed ticket (counted in reports)."""
    _step(env, "reopen", ticket_id, reason)


@command(app, "defer", records=True)
def defer(
    env,
    ticket_id: Id,
    until: Annotated[str, typer.Option("--until", help="The new deadline.")],
    customer_told_at: Annotated[
        str,
        typer.Option(
            "--customer-told-at",
            help="When the customer was told (must be before the original deadline, else a breach).",
        ),
    ],
):
    """Defer the pending deadline; telling the customer after the original deadline is a breach."""
    _step(
        env,
        "defer",
        ticket_id,
        planned={"until": (until, "--until")},
        past={"told_at": (customer_told_at, "--customer-told-at")},
    )


@command(app, "quote", records=True)
def quote(
    env,
    ticket_id: Id,
    price: Annotated[str, typer.Option("--price", help="Price shown to the customer (yuan).")],
    accepted_at: Annotated[
        str, typer.Option("--accepted-at", help="When the customer accepted it (before work starts).")
    ],
    service: Annotated[str, typer.Option("--service", help="The service of the price list (its name or id).")],
    reason: Annotated[
        str | None, Text("--reason", help="Why the price differs from the price list (required then).")
    ] = None,
):
    """Record a paid service's price, shown and accepted before work starts, naming its service of the price list."""
    _step(
        env,
        "quote",
        ticket_id,
        price,
        service=service,
        reason=reason,
        past={"accepted_at": (accepted_at, "--accepted-at")},
    )


@command(app, "analyse", records=True)
def analyse(
    env,
    ticket_id: Id,
    cause: Annotated[str, typer.Option("--cause", help="Why it happened.")],
    prevention: Annotated[str, typer.Option("--prevention", help="How it will not happen again.")],
):
    """Record a complaint's cause analysis and preventive measure (needed to close it)."""
    _step(env, "analyse", ticket_id, cause, prevention)


@command(app, "escalate", records=True)
def escalate(
    env, ticket_id: Id, reason: Annotated[str | None, ChoiceOpt("--reason", choice=codes.ESCALATION, help="Why.")]
):
    """Escalate a complaint: compensation or against the director to company leadership (公司领导), the others to the quality department (品质管理部), which owes the customer a callback."""
    from commscli.domain.tickets import ESCALATION

    _step(env, "escalate", ticket_id, ESCALATION.parse(reason, "--reason"))


@command(app, "corrective", records=True)
def corrective(
    env,
    ticket_id: Id,
    cause: Annotated[str, typer.Option("--cause", help="Root cause.")],
    action: Annotated[str, typer.Option("--action", help="Corrective action.")],
    owner: Annotated[str, typer.Option("--owner", help="Who delivers it.")],
    due: Annotated[str, typer.Option("--due", help="By when (date).")],
):
    """Record the corrective-action report (纠正措施报告) of a major complaint."""
    _step(env, "corrective", ticket_id, cause, action, owner, planned={"due": (due, "--due")})


@command(app, "company-notice", records=True)
def company_notice(
    env,
    ticket_id: Id,
    notice: Annotated[int, IdOpt("--notice", help="The company notice (its id; `notice new --issuer company`).")],
):
    """Link the company-wide notice a major complaint needs before it can close (a notice issued by the company)."""
    _step(env, "company_notice", ticket_id, notice)


@command(app, "defect-persists", records=True)
def defect_persists(
    env,
    ticket_id: Annotated[int, IdArg(help="The complaint's id.")],
    about: Annotated[int, IdOpt("--about", help="The earlier repair (its id) whose defect persists.")],
):
    """A complaint says a repaired defect persists: opens a re-repair of --about and a special callback within 24 h."""
    from commscli.services import tickets as svc

    ctx = env.ctx()
    at = env.at()
    with env.store.transaction() as store:
        t = svc.defect_persists(store, ctx, ticket_id, about, at)
    card(env, t["id"], message=Msg("msg.ticket_rework", id=t["id"], rework=t["rework_ticket_id"], about=about))


@command(app, "promise", records=True)
def promise(
    env,
    ticket_id: Id,
    promise: Annotated[str, typer.Option("--promise", help="By when the customer will be answered.")],
    where: Annotated[str, typer.Option("--where", help="Where the customer can ask meanwhile.")],
):
    """An inquiry not answered at once: record by when it will be answered and where to ask (a deadline)."""
    _step(env, "promise", ticket_id, planned={"promise_due": (promise, "--promise")}, where=where)


def _dept(text: str | None, field: str) -> str:
    from commscli.domain.tasks import DEPT

    return DEPT.parse(text, field)


@command(app, "transfer", records=True)
def transfer(
    env,
    ticket_id: Id,
    to: Annotated[str, typer.Option("--to", help="The department asked (工程部, 安管部 …).")],
    ask_by: Annotated[str, typer.Option("--ask-by", help="The department commits to a time by then.")],
):
    """Hand the problem to a department with the fault-transfer form (故障转呈单); it owes a commitment by --ask-by."""
    _step(env, "transfer", ticket_id, _dept(to, "--to"), planned={"ask_by": (ask_by, "--ask-by")})


@command(app, "commit", records=True)
def commit(
    env,
    ticket_id: Id,
    will_finish: Annotated[str, typer.Option("--will-finish", help="When the department will have finished.")],
):
    """Record the department's definite commitment; --by names the department asked (工程部 …)."""
    _step(env, "commit", ticket_id, _dept(env.by, "--by"), planned={"will_finish": (will_finish, "--will-finish")})


@command(app, "feedback", records=True)
def feedback(
    env,
    ticket_id: Id,
    from_: Annotated[str, typer.Option("--from", help="The department reporting back.")],
    text: Annotated[str, typer.Option("--text", help="The result it reports.")],
):
    """Record the result a department reports back to the office."""
    _step(env, "feedback", ticket_id, _dept(from_, "--from"), text)


@command(app, "list", readonly=True, listing=True)
def list_tickets(
    env,
    state: Annotated[str | None, ChoiceOpt("--state", choice=codes.STATE, help="Only this state.")] = None,
    kind: Annotated[str | None, ChoiceOpt("--kind", choice=codes.KIND, help="Only this kind.")] = None,
    priority: Annotated[str | None, ChoiceOpt("--priority", choice=codes.PRIORITY, help="Only this priority.")] = None,
    office: Annotated[str | None, Text("--office", help="Only this office.")] = None,
    month: Annotated[str | None, Text("--month", help="Reported in this month (YYYY-MM).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Closed and cancelled tickets too (default: open ones).")] = False,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only tickets not closed or cancelled (the default).")
    ] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Past their pending deadline now.")] = False,
    breached: Annotated[bool, typer.Option("--breached", help="Repairs that arrived (or were fixed) late.")] = False,
):
    """List open tickets, newest first (--all: every ticket); --overdue (by due time) costs by open items."""
    from commscli import clock
    from commscli.domain import tickets as rules
    from commscli.domain.reports import period
    from commscli.store import tickets as q

    state = rules.STATE.parse(state, "--state") if state else None
    start = end = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    now = env.now_text()
    rows = q.list_tickets(
        env.store,
        state=state,
        kind=rules.KIND.parse(kind, "--kind") if kind else None,
        priority=rules.PRIORITY.parse(priority, "--priority") if priority else None,
        office=office,
        start=start,
        end=end,
        overdue_at=now if overdue else None,
        open_only=open_only or not (all_ or state or breached),
        breached=breached,
        newest_first=True,
    )
    env.rows([view(t, now) for t in rows], _listing())


@command(app, "show", readonly=True)
def show(env, ticket_id: Id, show_personal: Personal = False):
    """Show a ticket with its timeline, every deadline (met or missed) and its callbacks."""
    card(env, ticket_id, show_personal, whole=True)


@command(app, "form", readonly=True)
def form(
    env,
    ticket_id: Id,
    name: Annotated[
        str,
        typer.Argument(
            help="dispatch (维修派工单) | transfer (故障转呈单) | contact-letter (工作联系函) | corrective (纠正措施报告)."
        ),
    ],
    fmt: FormatOpt = "text",
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    output: OutputOpt = None,
    show_personal: Personal = False,
):
    """Render a ticket's form: repair dispatch order, fault-transfer, work-contact letter or corrective-action report."""
    from commscli.errors import InputError
    from commscli.render import Renderer
    from commscli.services import tickets as svc

    forms = {
        "dispatch": "ticket_dispatch",
        "transfer": "ticket_transfer",
        "contact-letter": "ticket_contact_letter",
        "corrective": "ticket_corrective",
    }
    from commscli.labels import Both, label

    said = {c: label(f"form.{t.removeprefix('ticket_')}", "zh") for c, t in forms.items()}
    name = next((c for c, zh in said.items() if name.strip() in (zh, zh[2:])), name.strip().lower())  # 派工单
    if name not in forms:
        choices = Both("、".join(f"{c}（{zh}）" for c, zh in said.items()), ", ".join(forms))
        raise InputError(Msg("err.choice", choices=choices), "FORM", name)
    data = svc.form_data(env.store, ticket_id, corrective=name == "corrective", form=name.replace("-", "_"))
    text = Renderer(templates, env.use_lang(lang), show_personal, env.calendar).form(
        forms[name], fmt, **data, now=env.now_text()
    )
    env.emit(text, output)


REGISTER_COLUMNS = (
    "col.register_at",
    "col.channel",
    "col.register_customer",
    "col.register_matter",
    "col.register_taken_by",
    "col.register_outcome",
)


def register_cells(r, t: dict) -> list[str]:
    """One line of the register as people read it: relayed ones marked 由部门转递 with who relayed them (a
    department by its name), the household or caller (name and phone masked unless --show-personal), the
    matter, who took it, and the state with the resolution and the reply."""
    from commscli.render import mask_name, mask_phone

    show = r.show_personal
    channel = (
        r.t("form.register_relayed", who=r.fmt_code(t["relayed_by"], "dept"))
        if t["channel"] == "relayed"
        else r.fmt_code(t["channel"], "channel")
    )
    place = f"{t.get('building') or ''}{t.get('room') or ''}"
    name = t.get("household_name") or t.get("caller_name")
    phone = t.get("household_phone") or t.get("caller_phone")
    who = " ".join(x for x in (place, mask_name(name, show), mask_phone(phone, show) or "") if x)
    outcome = "；".join(x for x in (t.get("resolution"), t.get("reply_text"), t.get("cancel_reason")) if x)
    state = r.fmt_code(t["state"], "state")
    return [
        r.fmt_datetime(t["reported_at"]),
        channel,
        who,
        f"{r.fmt_code(t['kind'], 'kind')}：{t['description']}",
        t.get("received_by") or "",
        f"{state}：{outcome}" if outcome else state,
    ]


@command(app, "register", readonly=True)
def register(
    env,
    month: Annotated[str, Text("--month", help="YYYY-MM: the month whose communications are listed.")],
    office: Annotated[str | None, Text("--office", help="Office code (default: the only office).")] = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    show_personal: Annotated[bool, typer.Option("--show-personal", help="Show names and phones unmasked.")] = False,
):
    """Render the customer communication register (与客户沟通登记表) of a month: every ticket with its channel
    (relayed ones marked 由部门转递), the household, the matter, who took it and the outcome. -f csv for a
    spreadsheet (UTF-8 with BOM), or -f xlsx -o FILE.xlsx for Excel."""
    from commscli import clock
    from commscli.errors import InputError
    from commscli.render import Renderer
    from commscli.services import tickets as svc

    if fmt not in ("text", "md", "html", "csv", "xlsx"):
        raise InputError(Msg("err.register_format"), "--format", fmt)
    if fmt == "xlsx" and (not output or output == "-"):
        raise InputError(Msg("err.xlsx_needs_output"), "--output", output or "")
    year, mon = clock.parse_month(month)
    r = Renderer(templates, env.use_lang(lang), show_personal)
    data = svc.register(env.store, env.office_code(office), year, mon, clock.fmt(env.now())[-6:])
    rows = [register_cells(r, t) for t in data["tickets"]]
    header = [r.t(c) for c in REGISTER_COLUMNS]
    if fmt == "xlsx":
        from commscli.io.output import write_xlsx

        write_xlsx(output, header, rows, r.t("form.register"))
        env.info(Msg("msg.wrote", path=output))
        return
    if fmt == "csv":
        from commscli.cli.views import to_csv

        env.emit(to_csv([dict(zip(header, row, strict=True)) for row in rows], header), output)
        return
    relayed = sum(t["channel"] == "relayed" for t in data["tickets"])
    text = r.form(
        "ticket_register",
        fmt,
        office=data["office"],
        month=f"{year}年{mon}月" if r.lang == "zh" else f"{year:04d}-{mon:02d}",
        header=header,
        rows=rows,
        count=r.t("form.register_count", n=len(rows), relayed=relayed),
    )
    env.emit(text, output)


register_import(
    app,
    "commscli.services.ticket_import",
    file_help="CSV, TSV or workbook of historical tickets with their step times.",
    doc="Import historical tickets (paper or Excel history); re-importing the same rows changes nothing.",
)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "tickets")
