"""commscli ticket: customer requests (报修 投诉 咨询 建议 求助) from intake to closure."""

from typing import Annotated

import typer

from commscli.cli.common import FormatOpt, IdArg, IdOpt, LimitOpt, OutputOpt, Text, command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Id = IdArg(help="Ticket id.")
Personal = Annotated[bool, typer.Option("--show-personal", help="Show phones unmasked.")]
LIST_COLUMNS = ["id", "office", "kind", "priority", "state", "reported_at", "building", "room", "open_due",
                "sla", "description"]


def view(t: dict, now: str, show_personal: bool = False) -> dict:
    """A ticket as printed: masked phones, SLA verdict, the deadlines."""
    from commscli.domain.tickets import escalated_to, sla_state
    from commscli.render import mask_phone

    out = dict(t)
    out["sla_state"] = sla_state(t, now)
    out["escalated_to"] = escalated_to(t.get("escalation"))
    out["household_phone"] = mask_phone(t.get("household_phone"), show_personal)
    out["caller_phone"] = mask_phone(t.get("caller_phone"), show_personal)
    return out


SUMMARY = ["id", "office", "kind", "priority", "state", "reported_at", "building", "room", "household_name",
           "household_phone", "caller_name", "caller_phone", "description", "open_due", "sla_state", "dispatched_to",
           "arrived_at", "resolved_at", "replied_at", "escalation", "escalated_to", "parent_id"]


def summary(env, t: dict) -> dict:
    """Everything for --json; the fields a clerk reads otherwise."""
    return t if env.json else {k: t[k] for k in SUMMARY if t.get(k) not in (None, "")}


def _row(t: dict, now: str) -> dict:
    from commscli.domain.tickets import sla_state

    return {**{k: t.get(k) for k in LIST_COLUMNS}, "sla": sla_state(t, now),
            "description": (t["description"] or "")[:40]}


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
    env.record(summary(env, view(t, env.now_text())), f"ticket #{t['id']}: {t['state']}")


@command(app, "new", records=True)
def new(env, kind: Annotated[str, typer.Option("--kind", help="repair|complaint|inquiry|suggestion|help (报修|投诉|咨询|建议|求助).")],
        description: Annotated[str, typer.Option("--description", "-d", help="What the customer asked for.")],
        channel: Annotated[str, typer.Option("--channel", help="hotline|walk-in|visit|letter|suggestion-box|app|email.")] = "hotline",
        category: Text("--category", help="Content category (order_security, cleaning, greening, repair_service, facilities, staff_ability, convenience, culture, centre_ability, special_difficulty, other).") = None,
        priority: Text("--priority", help="Repairs: urgent|high|normal (特急|急|一般); default normal.") = None,
        office: Text("--office", help="Office code (default: the only office).") = None,
        household: IdOpt("--household", help="Household id.") = None,
        building: Text("--building", help="Household building (with --room).") = None,
        room: Text("--room", help="Household room (with --building).") = None,
        caller_name: Text("--caller-name", help="An outside caller's name.") = None,
        caller_phone: Text("--caller-phone", help="An outside caller's phone.") = None,
        agreed: Text("--agreed", help="Repairs: the time agreed with the customer (replaces end of day).") = None,
        ref: Text("--ref", help="The paper form's number.") = None,
        paid: Annotated[bool, typer.Option("--paid", help="A paid service: a price must be accepted first.")] = False,
        major_defect: Text("--major-defect", help="roof_leak|bathroom_leak|wall_crack: periodic on-site checks until closed.") = None,
        about: IdOpt("--about", help="Complaints: the earlier repair (its id) whose defect persists (with --defect-persists).") = None,
        defect_persists: Annotated[bool, typer.Option("--defect-persists", help="Complaints: the repair --about did not fix the defect: opens a re-repair and a special callback within 24 h.")] = False):
    """Record a customer request; the deadlines are computed now and stored with it."""
    from commscli.domain import tickets as rules
    from commscli.domain.fields import phone as parse_phone
    from commscli.domain.fields import text
    from commscli.services import tickets as svc

    data = dict(office=env.office_code(office), kind=rules.KIND.parse(kind, "--kind"),
                channel=rules.CHANNEL.parse(channel, "--channel"),
                category=rules.CATEGORY.parse(category, "--category") if category else None,
                priority=rules.PRIORITY.parse(priority, "--priority") if priority else None,
                household_id=household, building=building, room=room,
                caller_name=text(caller_name, "--caller-name") if caller_name else None,
                caller_phone=parse_phone(caller_phone, "--caller-phone") if caller_phone else None,
                description=text(description, "--description"), reported_at=env.at(),
                agreed_at=env.planned_time(agreed, "--agreed") if agreed else None,
                ref=text(ref, "--ref") if ref else None, paid=paid,
                major_defect=rules.MAJOR_DEFECT.parse(major_defect, "--major-defect") if major_defect else None,
                about=about, defect_persists=defect_persists)
    if not data["description"]:
        from commscli.errors import InputError

        raise InputError("is required", "--description", description)
    ctx = env.ctx()
    with env.store.transaction() as store:
        tid = svc.new_ticket(store, ctx, data)
    from commscli.store import tickets as q

    t = q.ticket(env.store, tid)
    rework = f"; re-repair ticket #{q.rework_from(env.store, about, f'tickets/{tid}')['id']}" if about else ""
    env.record(summary(env, view(t, env.now_text())), f"ticket #{tid} recorded; due {t['open_due']}{rework}")


@command(app, "dispatch", records=True)
def dispatch(env, ticket_id: Id, to: Annotated[str, typer.Option("--to", help="A staff member's name or a department (engineering, security …).")]):
    """Send someone (派工)."""
    _step(env, "dispatch", ticket_id, to)


@command(app, "arrive", records=True)
def arrive(env, ticket_id: Id):
    """Record arrival on site: the repair SLA is measured to this time."""
    _step(env, "arrive", ticket_id)


@command(app, "resolve", records=True)
def resolve(env, ticket_id: Id, note: Annotated[str, typer.Option("--note", help="What was done.")],
            without_visit: Annotated[bool, typer.Option("--without-visit", help="A repair fixed without going on site (SLA runs to the fix).")] = False):
    """Record that the request was handled."""
    _step(env, "resolve", ticket_id, note, without_visit=without_visit)


@command(app, "reply", records=True)
def reply(env, ticket_id: Id,
          method: Annotated[str, typer.Option("--method", help="phone|visit|sms|letter|app|desk.")],
          text: Annotated[str, typer.Option("--text", help="What the customer was told.")]):
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
def defer(env, ticket_id: Id, until: Annotated[str, typer.Option("--until", help="The new deadline.")],
          customer_told_at: Annotated[str, typer.Option("--customer-told-at", help="When the customer was told (must be before the original deadline, else a breach).")]):
    """Defer the pending deadline; telling the customer after the original deadline is a breach."""
    _step(env, "defer", ticket_id, planned={"until": (until, "--until")},
          past={"told_at": (customer_told_at, "--customer-told-at")})


@command(app, "quote", records=True)
def quote(env, ticket_id: Id, price: Annotated[str, typer.Option("--price", help="Price shown to the customer (yuan).")],
          accepted_at: Annotated[str, typer.Option("--accepted-at", help="When the customer accepted it (before work starts).")]):
    """Record a paid service's price, shown and accepted before work starts."""
    _step(env, "quote", ticket_id, price, past={"accepted_at": (accepted_at, "--accepted-at")})


@command(app, "analyse", records=True)
def analyse(env, ticket_id: Id, cause: Annotated[str, typer.Option("--cause", help="Why it happened.")],
            prevention: Annotated[str, typer.Option("--prevention", help="How it will not happen again.")]):
    """Record a complaint's cause analysis and preventive measure (needed to close it)."""
    _step(env, "analyse", ticket_id, cause, prevention)


@command(app, "escalate", records=True)
def escalate(env, ticket_id: Id, reason: Annotated[str, typer.Option("--reason", help="compensation|against-director|major|beyond-authority.")]):
    """Escalate a complaint: compensation or against the director to company leadership (公司领导), the others to the quality department (品质管理部), which owes the customer a callback."""
    from commscli.domain.tickets import ESCALATION

    _step(env, "escalate", ticket_id, ESCALATION.parse(reason, "--reason"))


@command(app, "corrective", records=True)
def corrective(env, ticket_id: Id, cause: Annotated[str, typer.Option("--cause", help="Root cause.")],
               action: Annotated[str, typer.Option("--action", help="Corrective action.")],
               owner: Annotated[str, typer.Option("--owner", help="Who delivers it.")],
               due: Annotated[str, typer.Option("--due", help="By when (date).")]):
    """Record the corrective-action report (纠正措施报告) of a major complaint."""
    _step(env, "corrective", ticket_id, cause, action, owner, planned={"due": (due, "--due")})


@command(app, "company-notice", records=True)
def company_notice(env, ticket_id: Id, ref: Annotated[str, typer.Option("--ref", help="The company-wide notice's number or title.")]):
    """Record the company-wide notice a major complaint needs before it can close."""
    _step(env, "company_notice", ticket_id, ref)


@command(app, "defect-persists", records=True)
def defect_persists(env, ticket_id: IdArg(help="The complaint's id."),
                    about: IdOpt("--about", help="The earlier repair (its id) whose defect persists.", required=True)):
    """A complaint says a repaired defect persists: opens a re-repair of --about and a special callback within 24 h."""
    from commscli.services import tickets as svc

    ctx = env.ctx()
    at = env.at()
    with env.store.transaction() as store:
        t = svc.defect_persists(store, ctx, ticket_id, about, at)
    env.record(summary(env, view(t, env.now_text())),
               f"ticket #{t['id']}: re-repair ticket #{t['rework_ticket_id']} of #{about}")


@command(app, "list", readonly=True)
def list_tickets(env, state: Text("--state", help="received|dispatched|on_site|resolved|replied|closed|cancelled.") = None,
                 kind: Text("--kind", help="Only this kind.") = None,
                 priority: Text("--priority", help="Only this priority.") = None,
                 office: Text("--office", help="Only this office.") = None,
                 month: Text("--month", help="Reported in this month (YYYY-MM).") = None,
                 open_only: Annotated[bool, typer.Option("--open", help="Only tickets not closed or cancelled.")] = False,
                 overdue: Annotated[bool, typer.Option("--overdue", help="Past their pending deadline now.")] = False,
                 breached: Annotated[bool, typer.Option("--breached", help="Repairs that arrived (or were fixed) late.")] = False,
                 limit: LimitOpt = None):
    """List tickets; --overdue costs by open items, not by store size."""
    from commscli import clock
    from commscli.domain import tickets as rules
    from commscli.domain.reports import period
    from commscli.errors import InputError
    from commscli.store import tickets as q

    if state and state not in rules.STATES:
        raise InputError(f"must be one of {', '.join(rules.STATES)}", "--state", state)
    start = end = None
    if month:
        p = period(*clock.parse_month(month), env.now_text()[-6:])
        start, end = p.start, p.end
    now = env.now_text()
    rows = q.list_tickets(env.store, state=state, kind=rules.KIND.parse(kind, "--kind") if kind else None,
                          priority=rules.PRIORITY.parse(priority, "--priority") if priority else None,
                          office=office, start=start, end=end, overdue_at=now if overdue else None,
                          open_only=open_only, breached=breached, limit=limit)
    env.rows([_row(t, now) for t in rows], LIST_COLUMNS)


@command(app, "show", readonly=True)
def show(env, ticket_id: Id, show_personal: Personal = False):
    """Show a ticket with its timeline, every deadline (met or missed) and its callbacks."""
    from commscli.services import tickets as svc

    now = env.now_text()
    d = svc.details(env.store, ticket_id, now)
    env.record({**view(d.pop("ticket"), now, show_personal), **d})


@command(app, "form", readonly=True)
def form(env, ticket_id: Id,
         name: Annotated[str, typer.Argument(help="transfer (故障转呈单) | contact-letter (工作联系函) | corrective (纠正措施报告).")],
         fmt: FormatOpt = "text",
         lang: Annotated[str, typer.Option("--lang", help="zh | en")] = "zh",
         templates: Text("--templates", help="Your template directory, searched first.") = None,
         output: OutputOpt = None,
         show_personal: Personal = False):
    """Render a ticket's form: fault-transfer, work-contact letter or corrective-action report."""
    from commscli.errors import InputError
    from commscli.render import Renderer
    from commscli.services import tickets as svc

    forms = {"transfer": "ticket_transfer", "contact-letter": "ticket_contact_letter", "corrective": "ticket_corrective"}
    if name not in forms:
        raise InputError(f"must be one of {', '.join(forms)}", "FORM", name)
    data = svc.form_data(env.store, ticket_id, corrective=name == "corrective", form=name.replace("-", "_"))
    text = Renderer(templates, lang, show_personal, env.calendar).form(forms[name], fmt, **data, now=env.now_text())
    env.emit(text, output)


@command(app, "import", records=True)
def import_(env, file: Annotated[str, typer.Argument(help="CSV of historical tickets with their step times.")],
            skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Skip bad rows and report each; default: all or nothing.")] = False):
    """Import historical tickets (paper or Excel history); re-importing the same rows changes nothing."""
    from commscli.services import ticket_import

    ctx = env.ctx()
    with env.progress(f"importing {file}") as tick, env.store.transaction() as store:
        result = ticket_import.run(store, ctx, file, by=env.import_by(file), skip_bad=skip_bad, progress=tick)
    if env.json:
        env.print_json(result)
        return
    typer.echo(f"{result['file']}: {result['rows']} rows ({result['encoding']}): {result['inserted']} added, "
               f"{result['existing']} already recorded, {len(result['skipped'])} skipped")
    for s in result["skipped"]:
        typer.echo(f"skipped row {s['row']} (line {s['line']}): {s['error']}", err=True)
