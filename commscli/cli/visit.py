"""commscli visit: monthly plans, visit records, review, and the monthly visit summary."""

from typing import Annotated

import typer

from commscli.cli.common import (
    ChoiceOpt,
    FormatOpt,
    IdArg,
    IdOpt,
    LangOpt,
    OutputOpt,
    SeedOpt,
    TemplatesOpt,
    Text,
    command,
    register_import,
)
from commscli.domain.visits import ITEM_KIND
from commscli.domain.visits import METHOD as VISIT_METHOD
from commscli.domain.visits import STATE as VISIT_STATE
from commscli.labels import Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS

Month = Annotated[str, typer.Option("--month", help="YYYY-MM.")]
Office = Annotated[str | None, Text("--office", help="Office code (default: the only office).")]
Personal = Annotated[bool, typer.Option("--show-personal", help="Show phones and private remarks.")]
Lang = LangOpt
Tpl = TemplatesOpt


@command(app, "plan", records=True)
def plan(
    env,
    month: Month,
    seed: Annotated[int | None, SeedOpt(help="Random seed (recorded; same seed and data, same plan).")] = None,
    office: Office = None,
    redraw: Annotated[bool, typer.Option("--redraw", help="Replace the month's plan (needs --reason).")] = False,
    reason: Annotated[str | None, Text("--reason", help="Why it is redrawn.")] = None,
    company: Annotated[
        bool,
        typer.Option(
            "--company",
            help="The company's own visit programme for the month (公司组织的业户访问): drawn (policy visit_company_share) unless --households/--file give its list.",
        ),
    ] = False,
    households: Annotated[
        str | None, Text("--households", help="With --company: ids or 1栋/101 pairs, comma-separated.")
    ] = None,
    file: Annotated[
        str | None,
        Text("--file", help="With --company: a CSV list of the company's households (building,room or household id)."),
    ] = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="With --file: skip bad rows and report each; default: all or nothing.")
    ] = False,
):
    """Draw the month's households and assign them by role (--company: draw or record the company's programme)."""
    from commscli import clock
    from commscli.services import visits as svc

    year, mon = clock.parse_month(month)
    code = env.office_code(office)
    ctx, at = env.ctx(), env.at()
    from commscli.errors import InputError

    if not company and (households is not None or file):
        raise InputError(
            Msg("err.company_list"),
            "--households" if households is not None else "--file",
            households or file,
        )
    if skip_bad and not file:
        raise InputError(Msg("err.skip_bad_file"), "--skip-bad", None)
    with env.store.transaction() as store:
        if company and file:
            result = svc.company_list(
                store,
                ctx,
                code,
                year,
                mon,
                households,
                file,
                at,
                by=env.import_by(file),
                seed=seed,
                redraw=redraw,
                reason=reason,
                skip_bad=skip_bad,
            )
        elif company:
            ids = None if households is None else svc.named_households(store, code, households)  # None: drawn
            result = svc.company_plan(store, ctx, code, year, mon, ids, at, seed, redraw, reason)
        else:
            result = svc.plan(store, ctx, code, year, mon, seed, redraw, reason, at)
    if file:
        from commscli.cli.common import import_result

        import_result(env, result)
        return
    if env.json:
        env.print_json(result)
    else:
        short = Msg("msg.plan_short", n=result["short"]) if result["short"] else ""
        extra = (
            ""
            if result["seed"] is None
            else Msg(
                "msg.plan_extra", required=result["required"], cycle=result["cycle"], seed=result["seed"], short=short
            )
        )
        who = Msg("msg.plan_company") if company else ""
        said = Msg(
            "msg.plan", office=result["office"], month=result["month"], who=who, drawn=result["drawn"], extra=extra
        )
        typer.echo(env.say(said))


@command(app, "planned", readonly=True, listing=True)
def planned(
    env,
    month: Month,
    office: Office = None,
    company: Annotated[
        bool, typer.Option("--company", help="The company's list instead of the office's plan.")
    ] = False,
):
    """List the month's planned households, who visits them, and whether they were visited."""
    from commscli import clock
    from commscli.errors import InputError
    from commscli.store import registry
    from commscli.store import visits as q

    year, mon = clock.parse_month(month)
    o = registry.office_by_code(env.store, env.office_code(office))
    p = q.active_plan(env.store, o["id"], f"{year:04d}-{mon:02d}", "company" if company else "office")
    if p is None:
        raise InputError(Msg("err.no_plan"), "--month", month)
    rows = [
        {
            "household_id": i["household_id"],
            "building": i["household_building"],
            "room": i["room"],
            "role": i["role"],
            "staff": i["staff"],
            "cycle": i["cycle"],
            "visit_id": i["visit_id"],
        }
        for i in q.plan_items(env.store, p["id"])
    ]
    from commscli.cli.views import Col, Listing, place

    env.rows(
        rows,
        Listing(
            [
                Col("household_id", "col.household"),
                Col("place", get=place),
                Col("role", codes="role"),
                Col("staff", "col.visitor"),
                Col("cycle"),
                Col("visit_id", "col.visit"),
                Col("building"),
                Col("room"),
            ],
            ["household_id", "place", "role", "staff", "cycle", "visit_id"],
        ),
    )


@command(app, "quota", readonly=True)
def quota(env, month: Month, office: Office = None):
    """Required vs planned vs done, per office, building and role."""
    from commscli import clock
    from commscli.services import visits as svc

    year, mon = clock.parse_month(month)
    s = svc.quota_status(env.store, env.ctx(), env.office_code(office), year, mon)
    if env.json:
        env.print_json(s)
        return

    keys = ("office", "month", "required", "planned", "done", "visitor_visits", "unplanned")
    typer.echo(env.say(Msg("msg.quota", **{k: s[k] for k in keys})))
    from commscli.cli.views import Col, Listing

    env.rows(
        s["roles"],
        Listing(
            [Col("role", codes="role"), Col("required"), Col("planned"), Col("done"), Col("visitor_visits")],
            ["role", "required", "planned", "done", "visitor_visits"],
        ),
    )
    env.rows(s["buildings"], ["building", "planned", "done"])


def _items(values: list[str], wants: str | None, policy) -> list[tuple]:
    from commscli.domain.visits import ITEM_KIND, category, wanted_items
    from commscli.errors import InputError

    asked = wanted_items(wants, len(values or []))
    out = []
    for v in values or []:
        parts = v.replace("：", ":").split(":", 2)
        if len(parts) != 3 or not parts[2].strip():
            raise InputError(Msg("err.item_form"), "--item", v)
        out.append(
            (
                category(parts[0], policy, "--item"),
                ITEM_KIND.parse(parts[1], "--item"),
                parts[2].strip(),
                len(out) in asked,
            )
        )
    return out


def _complete_item(incomplete: str) -> list[tuple[str, str]]:
    """``--item``: the categories (Chinese names) first, then after ``category:`` the kinds."""
    from commscli.labels import label
    from commscli.policy import DEFAULT

    head, colon, rest = incomplete.replace("：", ":").partition(":")
    if not colon:
        names = [(label(f"category.{c}"), c) for c in DEFAULT.visit_categories]
        return [(f"{zh}:", c) for zh, c in names if zh.startswith(head.strip()) or c.startswith(head.strip())]
    if ":" in rest:
        return []
    return [(f"{head}:{code}", other) for code, other in ITEM_KIND.complete(rest)]


@command(app, "record", records=True)
def record(
    env,
    visitors: Annotated[str, typer.Option("--visitors", help="Staff names, comma-separated.")],
    method: Annotated[str | None, ChoiceOpt("--method", choice=VISIT_METHOD, help="Default home.")] = "home",
    household: Annotated[int | None, IdOpt("--household", help="Household id.")] = None,
    building: Annotated[str | None, Text("--building", help="Household building (with --room).")] = None,
    room: Annotated[str | None, Text("--room", help="Household room.")] = None,
    office: Office = None,
    appointment: Annotated[str | None, Text("--appointment", help="Home visits: the agreed time.")] = None,
    item: Annotated[
        list[str] | None,
        ChoiceOpt(
            "--item",
            choice=ITEM_KIND,
            help="category:kind:text, repeatable (保洁:建议:楼道需加强清洁); category: one of the policy's "
            "visit_categories (`policy show`; 保洁 cleaning, 绿化 greening …); kind:",
            complete=_complete_item,
        ),
    ] = None,
    wants_feedback: Annotated[
        str | None,
        Text(
            "--wants-feedback",
            help="Items that ask for feedback face to face: all, or their numbers in --item order (1,3).",
        ),
    ] = None,
    signed: Annotated[bool, typer.Option("--signed", help="The household signed the record.")] = False,
    refused_sign: Annotated[
        bool, typer.Option("--refused-sign", help="The household refused to sign (recorded, never forced).")
    ] = False,
    private: Annotated[
        str | None, Text("--private", help="Private remarks: kept in the store, never printed unless --show-personal.")
    ] = None,
):
    """Record a visit (业户访问); --at is when it started."""
    from commscli.domain.visits import METHOD
    from commscli.errors import InputError
    from commscli.services import visits as svc
    from commscli.store import visits as q

    if signed and refused_sign:
        raise InputError(Msg("err.say_one"), "--signed/--refused-sign", "both")
    data = dict(
        office=env.office_code(office),
        household_id=household,
        building=building,
        room=room,
        visitors=[v.strip() for v in visitors.replace("，", ",").split(",")],
        method=METHOD.parse(method, "--method"),
        appointment_at=env.planned_time(appointment, "--appointment") if appointment else None,
        started_at=env.at(),
        items=_items(item, wants_feedback, env.policy),
        signed=True if signed else (False if refused_sign else None),
        private=private,
    )
    ctx = env.ctx()
    with env.store.transaction() as store:
        vid = svc.record(store, ctx, data)
    v = q.visit(env.store, vid)
    from commscli.cli.views import short_time

    _print(env, _view(v), Msg("msg.visit_recorded", id=vid, due=short_time(v["submit_due"], env.now().year)))


def _view(v: dict, show_personal: bool = False) -> dict:
    """A visit as scripts and people read it (one shape for record, steps, list and show): phones masked
    and private remarks withheld unless asked for, flags as true/false."""
    from commscli.cli.views import booleans
    from commscli.render import mask_phone

    out = {**v, "household_phone": mask_phone(v.get("household_phone"), show_personal)}
    if not show_personal:
        out["private_remarks"] = "(withheld)" if v.get("private_remarks") else None
    return booleans(out, "signed", "submitted_late")


def _listing():
    from commscli.cli.views import Col, Listing, place

    def names(v, lang):
        return "、".join(x["name"] for x in v["visitors"])

    return Listing(
        [
            Col("id"),
            Col("place", get=place),
            Col("started_at", time=True),
            Col("method", codes="visit_method"),
            Col("visitors", get=names, long=True),
            Col("state", codes="visit_state"),
            Col("office"),
            Col("household_name", "col.name"),
            Col("signed"),
            Col("submit_due", time=True),
            Col("submitted_late"),
        ],
        ["id", "place", "started_at", "method", "visitors", "state"],
    )


def _print(env, v: dict, message):
    """A visit step: its status line, then the visit's card as `show` prints it (--json: the visit)."""
    _card(env, v, message)


@command(app, "submit", records=True)
def submit(env, visit_id: Annotated[int, IdArg(help="Visit id.")]):
    """Hand the record to the supervisor (due by the end of the next day; late is flagged)."""
    from commscli.services import visits as svc

    with env.store.transaction() as store:
        v = svc.submit(store, env.ctx(), visit_id, env.at())

    late = Msg("msg.late") if v["submitted_late"] else ""
    _print(env, _view(v), Msg("msg.visit_submitted", id=visit_id, late=late))


@command(app, "review", records=True)
def review(env, visit_id: Annotated[int, IdArg(help="Visit id.")]):
    """The supervisor's review (--by SUPERVISOR): complaints, requests and suggestions become tickets."""
    from commscli.services import visits as svc

    with env.store.transaction() as store:
        v = svc.review(store, env.ctx(), visit_id, env.at())
    from commscli.labels import numbers

    tickets = Msg("msg.visit_tickets", ids=numbers(v["tickets"])) if v["tickets"] else Msg("msg.visit_no_tickets")
    _print(env, _view(v), Msg("msg.visit_reviewed", id=visit_id, tickets=tickets))


@command(app, "list", readonly=True, listing=True)
def list_visits(
    env,
    month: Month,
    office: Office = None,
    state: Annotated[str | None, ChoiceOpt("--state", choice=VISIT_STATE, help="Only this state.")] = None,
):
    """List the month's visits."""
    from commscli import clock
    from commscli.domain.reports import period
    from commscli.store import visits as q

    p = period(*clock.parse_month(month), env.now_text()[-6:])
    state = VISIT_STATE.parse(state, "--state") if state else None
    env.rows([_view(v) for v in q.visits_in(env.store, p.start, p.end, office, state)], _listing())


@command(app, "show", readonly=True)
def show(env, visit_id: Annotated[int, IdArg(help="Visit id.")], show_personal: Personal = False):
    """Show a visit with its items and history (private remarks only with --show-personal)."""
    from commscli.render import mask_personal
    from commscli.services import history
    from commscli.store import visits as q

    v = _view(q.visit(env.store, visit_id), show_personal)
    v["items"] = q.visit_items(env.store, visit_id)
    v["events"] = mask_personal(history(env.store, "visits", visit_id), show_personal)
    _card(env, v)


def _card(env, v: dict, message=None):
    """The visit card of `show`, and of a step after its status line (--json: ``v``)."""
    from commscli.cli.views import Col, code_label, show_card
    from commscli.labels import label
    from commscli.render import mask_personal
    from commscli.services import history
    from commscli.store import visits as q

    visit_id = v["id"]
    found = v["items"] if "items" in v else q.visit_items(env.store, visit_id)
    events = v["events"] if "events" in v else mask_personal(history(env.store, "visits", visit_id), False)
    lang = env.lang
    items = [
        f"#{i['id']} {code_label('category', i.get('category'), lang)} · {code_label('item', i.get('kind'), lang)}  "
        f"{i.get('text') or ''}"
        + (f"  → {label('col.ticket', lang)} #{i['ticket_id']}" if i.get("ticket_id") else "")
        + _feedback_note(i, lang)
        for i in found
    ]
    listing = _listing()
    listing.cols["private_remarks"] = Col("private_remarks", long=True)
    show_card(
        env,
        v,
        label("card.visit", lang, id=visit_id),
        listing,
        "visits",
        events,
        extra=[(label("card.items", lang), items)],
        message=message,
    )


def _feedback_note(i: dict, lang: str) -> str:
    from commscli.labels import label

    if i.get("feedback_at"):
        return "  " + label(
            "card.feedback_given", lang, at=i["feedback_at"][:16].replace("T", " "), by=i["feedback_by"]
        )
    return "  " + label("card.feedback_wanted", lang) if i.get("wants_feedback") else ""


@command(app, "feedback", records=True)
def feedback(
    env,
    item_id: Annotated[int, IdArg(help="Visit item id (`visit show`).")],
    text: Annotated[str | None, Text("--text", help="What the household was told.")] = None,
):
    """Record the feedback on a visit item, given face to face (--by a visitor or the ticket's handler; --at when)."""
    from commscli.services import visits as svc

    with env.store.transaction() as store:
        item = svc.feedback(store, env.ctx(), item_id, text, env.at())
    out = {k: item[k] for k in ("id", "visit_id", "office", "category", "kind", "text", "ticket_id")}
    out.update(wants_feedback=True, feedback_at=item["feedback_at"], feedback_by=item["feedback_by"])
    out["feedback_text"] = item["feedback_text"]

    from commscli.cli.views import Col, Listing

    listing = Listing(
        [
            Col("visit_id", "col.visit"),
            Col("category", codes="category"),
            Col("kind", "col.item_kind", codes="item"),
            Col("text", "col.description", long=True),
            Col("ticket_id", "col.ticket"),
            Col("feedback_at", time=True),
            Col("feedback_by"),
            Col("feedback_text", long=True),
        ],
        ["visit_id"],
    )
    env.record(out, Msg("msg.feedback_recorded", id=item_id), listing)


@command(app, "form", readonly=True)
def form(
    env,
    visit_id: Annotated[int, IdArg(help="Visit id.")],
    fmt: FormatOpt = "text",
    lang: Lang = None,
    templates: Tpl = None,
    output: OutputOpt = None,
    show_personal: Personal = False,
):
    """Render the visit record (业户访问记录)."""
    from commscli.render import Renderer
    from commscli.store import forms, registry
    from commscli.store import visits as q

    v = q.visit(env.store, visit_id)
    text = Renderer(templates, env.use_lang(lang), show_personal).form(
        "visit_record",
        fmt,
        visit=v,
        items=q.visit_items(env.store, visit_id),
        office=registry.office_by_code(env.store, v["office"]),
        number=forms.number(env.store, "visit_record", "visits", v["id"]),
    )
    env.emit(text, output)


@command(app, "summary", records=True)
def summary(
    env,
    month: Month,
    office: Office = None,
    complete: Annotated[
        bool, typer.Option("--complete", help="The supervisor completes it (--by SUPERVISOR); due the 5th.")
    ] = False,
    approve: Annotated[
        bool, typer.Option("--approve", help="The manager approves it (--by MANAGER) within 2 working days.")
    ] = False,
    measures: Annotated[str | None, Text("--measures", help="With --approve: the measures decided.")] = None,
    beyond_authority: Annotated[
        str | None,
        Text(
            "--beyond-authority",
            help="With --approve: measures beyond the manager's authority (they go up with a work-contact letter).",
        ),
    ] = None,
    contact_letter: Annotated[
        bool, typer.Option("--contact-letter", help="Render the work-contact letter for the measures beyond authority.")
    ] = False,
    fmt: FormatOpt = "text",
    lang: Lang = None,
    templates: Tpl = None,
    output: OutputOpt = None,
):
    """The monthly visit summary (月度客户访问工作总结): render it, --complete it, --approve it."""
    from commscli import clock
    from commscli.errors import RuleError
    from commscli.render import Renderer
    from commscli.services import visits as svc

    env.readonly = not (complete or approve)  # rendering only reads
    year, mon = clock.parse_month(month)
    code = env.office_code(office)
    ctx = env.ctx()
    if complete or approve:
        at = env.at()
        with env.store.transaction() as store:
            if complete:
                row = svc.complete_summary(store, ctx, code, year, mon, at)
            if approve:
                row = svc.approve_summary(store, ctx, code, year, mon, measures, beyond_authority, at)
        late = row["approved_late"] if approve else row["completed_late"]

        said = Msg("msg.summary_approved" if approve else "msg.summary_completed", month=row["month"], late="")
        if late:
            said = Msg(said.key, month=row["month"], late=Msg("msg.late"))
        _summary_card(env, row, said)
        return
    data = svc.summary_data(env.store, ctx, code, year, mon)
    from commscli.store import forms

    sid = data["summary"]["id"] if data["summary"] else None
    data["number"] = (
        forms.number(env.store, "contact_letter" if contact_letter else "visit_summary", "visit_summaries", sid)
        if sid
        else None
    )
    if env.json:
        env.print_json(data)
        return
    r = Renderer(templates, env.use_lang(lang), False, env.calendar)
    if contact_letter:
        if not (data["summary"] and data["summary"]["beyond_authority"]):
            raise RuleError(Msg("err.no_beyond_authority"), "--month", month)
        env.emit(r.form("summary_contact_letter", fmt, **data, now=env.now_text()), output)
        return
    env.emit(r.form("visit_summary", fmt, **data), output)


def _summary_card(env, row: dict, message):
    """A visit summary step: its status line, then the summary in labelled lines (--json: the row)."""
    from commscli.cli.views import Col, Listing, card_fields
    from commscli.labels import label

    listing = Listing(
        [
            Col("due", "col.summary_due", time=True),
            Col("completed_at", time=True),
            Col("completed_by"),
            Col("completed_late"),
            Col("approve_due", time=True),
            Col("approved_at", time=True),
            Col("approved_by"),
            Col("approved_late"),
            Col("measures", long=True),
            Col("beyond_authority", long=True),
        ],
        ["due"],
    )
    shown = {k: bool(v) if k.endswith("_late") and v is not None else v for k, v in row.items()}
    lang, year = env.lang, env.now().year
    title = label("card.summary", lang, month=row["month"])
    env.card(row, title, card_fields(listing, shown, lang, year), message=message)


register_import(
    app,
    "commscli.services.visit_import",
    file_help="CSV, TSV or workbook of past visit records (业户走访记录), one a row.",
    doc=(
        "Import past visit records (the state follows from their times); re-importing the same rows changes "
        "nothing. Items raised: one category:kind:text a line in their cell. The company's list of households to "
        "visit is read by `visit plan --company --file`."
    ),
)


from commscli.cli.export import register as _export  # noqa: E402

_export(app, "visits")
