"""Every figure of the older sections against a small hand-built store (issue 15: the right answers are worked
out here from the steps, not copied from the output). Each test asserts the whole set of its section's figure
keys, so a figure added later without a hand check fails here."""

from tests.conftest import Cli, ticket_new, visit_record


def figures(c: Cli, section: str, month: str = "2026-11") -> dict:
    """{key: value} of one section's figures; a rate as (numerator, denominator)."""
    data = c.json("report", "monthly", "--month", month)
    found = next(s for s in data["sections"] if s["key"] == section)
    return {
        f["key"]: (f["numerator"], f["denominator"]) if f["denominator"] is not None else f["value"]
        for f in found["figures"]
    }


def new_id(c: Cli, *words) -> int:
    return c.json(*words)["id"]


# --- tickets ---------------------------------------------------------------------------------------------------


def test_ticket_figures(office):
    c = office
    # October: reported 10-31 (not November's), first dispatched 11-01 (a November dispatch order)
    r0 = new_id(c, *ticket_new("repair", "2026-10-31 22:00"))
    c.ok("ticket", "dispatch", r0, "--to", "刘强", "--at", "2026-11-01 08:00")
    # urgent (10 min): arrived after 5 min → met
    r1 = new_id(c, *ticket_new("repair", "2026-11-02 09:00", "--priority", "urgent"))
    c.ok("ticket", "dispatch", r1, "--to", "刘强", "--at", "2026-11-02 09:01")
    c.ok("ticket", "arrive", r1, "--at", "2026-11-02 09:05")
    # urgent: arrived after 30 min → breached
    r2 = new_id(c, *ticket_new("repair", "2026-11-03 09:00", "--priority", "urgent"))
    c.ok("ticket", "dispatch", r2, "--to", "刘强", "--at", "2026-11-03 09:01")
    c.ok("ticket", "arrive", r2, "--at", "2026-11-03 09:30")
    # normal (same day): arrived 15:00 → met; resolved, then reopened
    r3 = new_id(c, *ticket_new("repair", "2026-11-04 09:00", "--channel", "relayed", "--relayed-by", "保安部"))
    c.ok("ticket", "dispatch", r3, "--to", "刘强", "--at", "2026-11-04 09:10")
    c.ok("ticket", "arrive", r3, "--at", "2026-11-04 15:00")
    c.ok("ticket", "resolve", r3, "--note", "换阀门", "--at", "2026-11-04 16:00")
    c.ok("ticket", "reopen", r3, "--reason", "又漏了", "--at", "2026-11-05 09:00")
    # the reopening starts a new clock (due end of 11-05): arrived again 10:00 → met on both clocks
    c.ok("ticket", "arrive", r3, "--at", "2026-11-05 10:00")
    # high (15 min): never dispatched nor arrived → overdue, neither met nor breached... until judged
    new_id(c, *ticket_new("repair", "2026-11-05 09:00", "--priority", "high"))
    # complaints: one replied and analysed (still open: not closed), one untouched
    k1 = new_id(c, *ticket_new("complaint", "2026-11-06 09:00", "--category", "cleaning", desc="楼道脏"))
    c.ok("ticket", "resolve", k1, "--note", "已清扫", "--at", "2026-11-06 11:00")
    c.ok("ticket", "reply", k1, "--method", "phone", "--text", "已清扫", "--at", "2026-11-06 12:00")
    c.ok("ticket", "analyse", k1, "--cause", "漏排班", "--prevention", "补排班", "--at", "2026-11-06 13:00")
    new_id(c, *ticket_new("complaint", "2026-11-07 09:00", "--channel", "relayed", "--relayed-by", "客服部"))
    # inquiries with a promised answer: one due 11-10, unanswered by now (11-23) → broken; one due 11-30 → open
    new_id(c, *ticket_new("inquiry", "2026-11-08 09:00", "--promise", "2026-11-10 17:00", "--where", "前台"))
    new_id(c, *ticket_new("inquiry", "2026-11-20 09:00", "--promise", "2026-11-30 17:00", "--where", "前台"))
    # a cancelled repair: not counted anywhere
    r9 = new_id(c, *ticket_new("repair", "2026-11-09 09:00"))
    c.ok("ticket", "cancel", r9, "--reason", "重复登记", "--at", "2026-11-09 09:05")

    got = figures(c, "section.tickets")
    assert got == {
        # r1, r2, r3, the high repair, k1, k2, two inquiries = 8 (r0 is October's, r9 cancelled)
        "fig.tickets": 8,
        # all 8 but none closed: r1, r2 arrived but not resolved, r3 reopened, k1 replied not closed → 8 open
        "fig.tickets_open": 8,
        # urgent: r1 met, r2 breached → Rate(1, 2)
        "fig.sla_urgent": (1, 2),
        # high: the one high repair is not arrived yet → undecided → Rate(0, 0)
        "fig.sla_high": (0, 0),
        # normal: r3 met its first clock and its reopened one (10:00, due 11-05 23:59:59) → Rate(1, 1)
        "fig.sla_normal": (1, 1),
        # first dispatched in November: r0 (11-01), r1, r2, r3 → 4
        "fig.dispatch_orders": 4,
        # channel relayed: r3 and k2 → 2
        "fig.relayed": 2,
        # two inquiries with a promise
        "fig.promises": 2,
        # kept 0, broken 1 (due 11-10, unanswered at 11-23); the 11-30 one is not decided → Rate(0, 1)
        "fig.promises_kept": (0, 1),
        # complaints k1 (replied), k2 → Rate(1, 2)
        "fig.complaints_replied": (1, 2),
        # k1 analysed → Rate(1, 2)
        "fig.complaints_analysed": (1, 2),
        "fig.complaints_escalated": 0,  # none escalated
        # neither complaint closed → Rate(0, 2)
        "fig.complaints_closed": (0, 2),
        # no rework recorded, 4 live November repairs → Rate(0, 4)
        "fig.reworked": (0, 4),
        "fig.re_repairs": 0,  # no defect-persists complaint
        "fig.reopened": 1,  # r3
        "fig.deferral_breaches": 0,  # nothing deferred
        "fig.callback_sample": (0, 0),  # no sample drawn
        "fig.satisfaction": (0, 0),  # no callback done
    }
    assert figures(c, "section.tickets", "2026-10")["fig.tickets"] == 1  # r0


# --- registry --------------------------------------------------------------------------------------------------


def test_registry_figures(office):
    c = office  # holds 1栋/101 (occupied, no move-in date) and engineer 刘强
    add = ("household", "add", "--office", "JM01")
    c.ok(*add, "--building", "1栋", "--room", "102", "--move-in", "2026-11-01")  # first day of the month
    c.ok(*add, "--building", "1栋", "--room", "103", "--move-in", "2026-11-30", "--occupied", "no")  # last day
    c.ok(*add, "--building", "2栋", "--room", "201", "--move-in", "2026-10-31")  # October
    c.ok(*add, "--building", "2栋", "--room", "202", "--move-in", "2026-12-01", "--occupied", "no")  # December
    c.ok("staff", "add", "王芳", "--office", "JM01", "--role", "clerk")
    gone = c.json("staff", "add", "赵敏", "--office", "JM01", "--role", "clerk")["id"]
    c.ok("staff", "update", gone, "--active", "no", "--reason", "离职")

    assert figures(c, "section.registry") == {
        "fig.households": 5,  # 101, 102, 103, 201, 202
        "fig.occupied": 3,  # 101, 102, 201 (103 and 202 not occupied)
        "fig.occupancy": (3, 5),  # 3 occupied of 5
        "fig.staff": 2,  # 刘强 and 王芳 (赵敏 has left)
        "fig.move_ins": 2,  # 102 on 11-01 and 103 on 11-30 (201 moved in 10-31, 202 on 12-01)
    }
    assert figures(c, "section.registry", "2026-10")["fig.move_ins"] == 1  # 201


# --- tasks (hand-offs) -----------------------------------------------------------------------------------------


def test_task_figures(office):
    c = office

    def ask(at, ask_by):
        return new_id(
            c, "task", "new", "--from", "客服", "--to", "工程部", "--text", "换灯", "--ask-by", ask_by, "--at", at
        )

    def commit(t, at, will_finish):
        c.ok("task", "commit", t, "--by", "工程部", "--will-finish", will_finish, "--at", at)

    def feedback(t, at):
        c.ok("task", "feedback", t, "--from", "工程部", "--text", "已换", "--at", at)

    # October: asked 10-30, not November's
    ask("2026-10-30 09:00", "2026-11-02 12:00")
    # a: committed in time (10:00 ≤ 12:00), fed back in time (11-03 ≤ will finish 11-04)
    a = ask("2026-11-02 09:00", "2026-11-02 12:00")
    commit(a, "2026-11-02 10:00", "2026-11-04 12:00")
    feedback(a, "2026-11-03 09:00")
    # b: committed late (14:00 > 12:00), fed back late (11-06 > 11-05)
    b = ask("2026-11-03 09:00", "2026-11-03 12:00")
    commit(b, "2026-11-03 14:00", "2026-11-05 12:00")
    feedback(b, "2026-11-06 09:00")
    # d: committed in time, will finish 11-10, no feedback by now (11-23) → feedback due and not on time
    d = ask("2026-11-04 09:00", "2026-11-04 12:00")
    commit(d, "2026-11-04 11:00", "2026-11-10 12:00")
    # e: committed in time, will finish 11-30 → not due yet
    e = ask("2026-11-20 09:00", "2026-11-20 12:00")
    commit(e, "2026-11-20 11:00", "2026-11-30 12:00")
    # f: never committed (asked by 11-21) → not committed in time; no time committed → no feedback due counted
    ask("2026-11-21 09:00", "2026-11-21 12:00")

    assert figures(c, "section.tasks") == {
        "fig.handoffs": 5,  # a, b, d, e, f (the October one not)
        "fig.handoffs_committed_on_time": (3, 5),  # a, d, e of 5
        # fed back on time: a; due: a, b (fed back), d (will finish 11-10 < now) → Rate(1, 3)
        "fig.handoffs_fed_back_on_time": (1, 3),
    }
    assert figures(c, "section.tasks", "2026-10")["fig.handoffs"] == 1


# --- notices ---------------------------------------------------------------------------------------------------


def test_notice_figures(office):
    c = office

    def notice(kind, posted, start, *extra):
        words = ("notice", "new", "--kind", kind, "--title", "通知", "--body", "内容", "--effective-from", start)
        return new_id(c, *words, "--posted-at", posted, "--at", posted, *extra)

    # October: told 10-30 (a general notice starting in November is still October's)
    notice("general", "2026-10-30 10:00", "2026-11-05 09:00")
    # a water cut told in time: 47 h before (≥ 24 h), the department 48 h before (≥ 32 h)
    notice("water_cut", "2026-11-10 10:00", "2026-11-12 09:00", "--dept-notified-at", "2026-11-10 09:00")
    # an emergency power cut told 30 min before: a breach and an emergency
    notice("power_cut", "2026-11-15 10:00", "2026-11-15 10:30", "--emergency", "--reason", "变压器故障")
    # a general notice, withdrawn later
    w = notice("general", "2026-11-16 10:00", "2026-11-20 09:00")
    c.ok("notice", "withdraw", w, "--reason", "活动取消", "--at", "2026-11-17 10:00")
    # lost property told one to one to household 1
    notice("loss", "2026-11-21 10:00", "2026-11-21 09:00", "--since", "2026-11-20 19:00", "--household", "1")

    assert figures(c, "section.notices") == {
        "fig.notices": 4,  # water cut, power cut, withdrawn general, loss (the October one not)
        "fig.notice_breaches": 1,  # the power cut (recorded only as an emergency)
        "fig.notice_emergencies": 1,  # the power cut
        "fig.notice_withdrawn": 1,  # w
        "fig.notice_one_to_one": 1,  # the loss notice
    }
    assert figures(c, "section.notices", "2026-10")["fig.notices"] == 1


# --- box and letters -------------------------------------------------------------------------------------------


def test_box_figures(office):
    c = office

    def box_ticket(at):
        return new_id(c, *ticket_new("suggestion", at, "--channel", "suggestion_box", desc="路灯不亮"))

    c.ok("box", "open", "--found", "4", "--at", "2026-10-31 23:00")  # October: none of it counts
    t1, t2 = box_ticket("2026-11-02 09:10"), box_ticket("2026-11-02 09:20")
    c.ok("box", "open", "--found", "3", "--ticket", t1, "--ticket", t2, "--at", "2026-11-02 09:00")
    c.ok("box", "open", "--found", "0", "--at", "2026-11-09 09:00")
    t3 = box_ticket("2026-11-16 09:30")
    c.ok("box", "open", "--found", "2", "--ticket", t3, "--at", "2026-11-16 09:00")

    assert figures(c, "section.box") == {
        "fig.box_openings": 3,  # 11-02, 11-09, 11-16
        "fig.box_found": 5,  # 3 + 0 + 2
        "fig.box_tickets": 3,  # t1, t2 (11-02) and t3 (11-16)
    }
    assert figures(c, "section.box", "2026-10") == {"fig.box_openings": 1, "fig.box_found": 4, "fig.box_tickets": 0}


def test_letter_figures(office):
    c = office
    c.ok("letter", "in", "--from", "街道办", "--subject", "消防检查", "--date", "2026-11-01")  # first day
    c.ok("letter", "in", "--from", "业委会", "--subject", "意见", "--date", "2026-11-20")
    c.ok("letter", "in", "--from", "业委会", "--subject", "十月意见", "--date", "2026-10-31")  # October
    c.ok("letter", "out", "--to", "业委会", "--subject", "答复", "--date", "2026-11-21")

    assert figures(c, "section.letters") == {
        "fig.letters_in": 2,  # 11-01 and 11-20 (10-31 is October's)
        "fig.letters_out": 1,  # 11-21
    }
    assert figures(c, "section.letters", "2026-10") == {"fig.letters_in": 1, "fig.letters_out": 0}


# --- guide (price list) ----------------------------------------------------------------------------------------


def test_guide_figures(office):
    c = office
    c.ok("service", "add", "更换马桶", "--price", "120", "--unit", "次")
    c.ok("service", "add", "换灯泡", "--price", "10", "--unit", "个")
    gone = c.json("service", "add", "擦玻璃", "--price", "50", "--unit", "次")["id"]
    c.ok("service", "update", gone, "--retire", "--reason", "不再提供")

    def quote(reported, dispatched, accepted, price, *extra):
        t = new_id(c, *ticket_new("repair", reported, "--paid"))
        c.ok("ticket", "dispatch", t, "--to", "刘强", "--at", dispatched)
        words = ("--price", price, "--accepted-at", accepted, "--service", "更换马桶", *extra)
        c.ok("ticket", "quote", t, *words, "--at", accepted)

    # accepted 10-31 23:58: October's quote
    quote("2026-10-31 23:50", "2026-10-31 23:55", "2026-10-31 23:58", "120")
    # reported in October, accepted 11-01 00:10: November's, at the list price
    quote("2026-10-31 23:51", "2026-11-01 00:05", "2026-11-01 00:10", "120")
    quote("2026-11-10 09:00", "2026-11-10 09:02", "2026-11-10 09:04", "150", "--reason", "加装配件")  # off the list
    quote("2026-11-11 09:00", "2026-11-11 09:02", "2026-11-11 09:04", "120")  # at the list price

    assert figures(c, "section.guide") == {
        "fig.services_listed": 2,  # 更换马桶, 换灯泡 (擦玻璃 retired)
        "fig.quotes": 3,  # accepted 11-01, 11-10, 11-11
        "fig.quotes_off_list": (1, 3),  # the 150 one of 3
    }
    assert figures(c, "section.guide", "2026-10")["fig.quotes"] == 1


# --- visits ----------------------------------------------------------------------------------------------------


def test_visit_figures(office):
    c = office  # 1栋/101 occupied; 刘强 is an engineer (no visit quota)
    add = ("household", "add", "--office", "JM01")
    c.ok(*add, "--building", "1栋", "--room", "102")
    c.ok(*add, "--building", "1栋", "--room", "103")
    c.ok(*add, "--building", "2栋", "--room", "201", "--occupied", "no")
    c.ok("staff", "add", "林晓东", "--office", "JM01", "--role", "supervisor")
    c.ok("staff", "add", "王丽", "--office", "JM01", "--role", "clerk")

    def visit(building, room, at, *extra, visitors="林晓东", method="来访"):
        if method == "入户":
            extra = ("--appointment", at, *extra)
        return c.json(*visit_record(building, room, at, *extra, visitors=visitors, method=method))["id"]

    def items(vid):
        return c.json("visit", "show", vid)["items"]

    # October: not November's
    visit("1栋", "101", "2026-10-30 10:00", "--item", "保洁:建议:十月")
    # v1: a home visit by two, signed; a complaint and a suggestion, both wanting feedback; submitted in time and
    # reviewed; the suggestion's feedback given
    v1 = visit(
        "1栋", "101", "2026-11-10 15:00", "--signed", "--item", "秩序:投诉:夜间噪音", "--item", "保洁:建议:楼道脏",
        "--wants-feedback", "all", visitors="林晓东,王丽", method="入户",
    )  # fmt: skip
    c.ok("visit", "submit", v1, "--at", "2026-11-11 09:00")  # due by the end of 11-11
    c.ok("visit", "review", v1, "--by", "林晓东", "--at", "2026-11-11 10:00")
    c.ok("visit", "feedback", items(v1)[1]["id"], "--by", "王丽", "--at", "2026-11-12 10:00", "--text", "已说明")
    # v2: an office visit, refused to sign, one item; submitted late (11-14 after the end of 11-13)
    v2 = visit("1栋", "102", "2026-11-12 10:00", "--refused-sign", "--item", "绿化:意见:草坪", visitors="王丽")
    c.ok("visit", "submit", v2, "--at", "2026-11-14 09:00")
    # v3: an office visit, signed, no item, not submitted yet
    visit("1栋", "103", "2026-11-20 10:00", "--signed")

    got = figures(c, "section.visits")
    assert got == {
        # 3 occupied: ceil(4 % × 3) = 1 < the minimums 5 + 5, capped at the 3 occupied → 3 required; done v1–v3
        "fig.visits_quota": (3, 3),
        "fig.visitor_visits": 4,  # v1 by two, v2 and v3 by one
        "fig.visits_refused": 1,  # v2
        "fig.visits_late": 1,  # v2 (v3 is not submitted: not counted late)
        "fig.visit_items": 3,  # two on v1, one on v2
        "fig.visit_tickets": 2,  # the review of v1 made tickets of its complaint and suggestion
        "fig.visit_feedback": (1, 2),  # v1's two items want feedback, one has it
        "fig.survey_returns": (0, 0),  # no survey in November
    }
    assert figures(c, "section.visits", "2026-10")["fig.visit_items"] == 1


def test_visit_figures_with_the_yearly_visit_and_a_surveys_important_customers(office):
    """The figures shown only under a policy asking a yearly visit of every household, and after a survey's
    analysis whose important customers' home visits fall due in the month."""
    c = office  # 1栋/101 occupied (registered now, 2026-11-23: not overdue)
    (c.db.parent / "policy.toml").write_text("visit_every_household_months = 12\n", encoding="utf-8")
    add = ("household", "add", "--office", "JM01")
    c.ok(*add, "--building", "1栋", "--room", "102", "--important")
    c.ok(*add, "--building", "1栋", "--room", "103", "--important")
    c.ok(*add, "--building", "2栋", "--room", "201", "--move-in", "2025-10-01")  # never visited
    c.ok(*add, "--building", "2栋", "--room", "202", "--move-in", "2025-10-01")
    c.ok("staff", "add", "林晓东", "--office", "JM01", "--role", "supervisor")
    c.ok("survey", "open", "--season", "2026-11", "--deadline", "2026-11-10", "--at", "2026-11-02 09:00")
    for room in ("101", "102", "103"):
        words = ("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--building", "1栋")
        c.ok(*words, "--room", room, "--at", "2026-11-05 09:00")
    c.ok("survey", "close", "--season", "2026-11", "--at", "2026-11-11 09:00")
    c.ok("survey", "analyse", "--season", "2026-11", "--analysis", "a", "--answers", "b", "--at", "2026-11-12 10:00")
    # after the analysis (home visits due by 11-12 + 7 days = 11-19): 102 at home, 103 only at the office
    c.ok(*visit_record("1栋", "102", "2026-11-13 15:00", "--appointment", "2026-11-13 15:00", method="入户"))
    c.ok(*visit_record("1栋", "103", "2026-11-14 10:00"))
    c.ok(*visit_record("2栋", "202", "2026-11-21 10:00"))

    assert figures(c, "section.visits") == {
        # 5 occupied: ceil(4 % × 5) = 1 < 5 + 5, capped at 5 → 5 required; done 102, 103, 202
        "fig.visits_quota": (3, 5),
        "fig.visitor_visits": 3,  # one visitor each
        "fig.visits_refused": 0,
        "fig.visits_late": 0,  # none submitted
        "fig.visit_items": 0,
        "fig.visit_tickets": 0,
        "fig.visit_feedback": (0, 0),
        # at the month's end, last visit or move-in before 2025-12-01 (12 months): 201 (moved in 2025-10-01);
        # 202 was visited 11-21; 101–103 were registered 2026-11-23
        "fig.visits_yearly_overdue": 1,
        "fig.important_visits": (1, 2),  # 102 and 103 are important; 102 visited at home by 11-19
        "fig.survey_returns": (3, 5),  # 101–103 of the 5 occupied households at the opening
    }


def test_ticket_figures_of_rework_escalation_deferral_promise_kept_and_callbacks(office):
    c = office
    # a: high repair (15 min): on site after 5 min → met; resolved
    a = new_id(c, *ticket_new("repair", "2026-11-02 09:00", "--priority", "high"))
    c.ok("ticket", "dispatch", a, "--to", "刘强", "--at", "2026-11-02 09:02")
    c.ok("ticket", "arrive", a, "--at", "2026-11-02 09:05")
    c.ok("ticket", "resolve", a, "--note", "换管", "--at", "2026-11-02 09:30")
    # k: a complaint that a's defect persists → re-repair r (high, like a), a reworked, a special callback on r
    k = c.json("ticket", "new", "--kind", "complaint", "--about", a, "--defect-persists", "-d", "仍漏水",
               "--at", "2026-11-03 09:45")["id"]  # fmt: skip
    c.ok("ticket", "escalate", k, "--reason", "compensation", "--at", "2026-11-03 10:00")
    r = next(t["id"] for t in c.json("ticket", "list", "--kind", "repair") if t["id"] != a)
    special = next(cb["id"] for cb in c.json("ticket", "show", r)["callbacks"] if cb["kind"] == "special")
    c.ok("callback", "record", special, "--method", "phone", "--result", "已修好", "--satisfaction", "satisfied",
         "--at", "2026-11-04 09:00")  # fmt: skip
    # d: high repair due 09:15, deferral told 09:30 (after the deadline) → a deferral breach; never on site
    d = new_id(c, *ticket_new("repair", "2026-11-05 09:00", "--priority", "high"))
    c.ok("ticket", "defer", d, "--until", "2026-11-05 15:00", "--customer-told-at", "2026-11-05 09:30",
         "--at", "2026-11-05 09:35")  # fmt: skip
    # i: an inquiry promised for 11-08, answered 11-07 → kept; then closed
    i = new_id(c, *ticket_new("inquiry", "2026-11-06 09:00", "--promise", "2026-11-08 17:00", "--where", "前台"))
    c.ok("ticket", "resolve", i, "--note", "已查明", "--at", "2026-11-07 09:50")
    c.ok("ticket", "reply", i, "--method", "phone", "--text", "已答复", "--at", "2026-11-07 10:00")
    c.ok("ticket", "close", i, "--at", "2026-11-07 11:00")

    assert figures(c, "section.tickets") == {
        "fig.tickets": 5,  # a, k, r, d, i
        "fig.tickets_open": 4,  # all but i (closed); a is resolved, still open
        "fig.sla_urgent": (0, 0),  # no urgent repair
        "fig.sla_high": (1, 1),  # a met; r and d not on site yet (undecided)
        "fig.sla_normal": (0, 0),  # no normal repair
        "fig.dispatch_orders": 1,  # a
        "fig.relayed": 0,
        "fig.promises": 1,  # i
        "fig.promises_kept": (1, 1),  # i answered before its promise
        "fig.complaints_replied": (0, 1),  # k not replied
        "fig.complaints_analysed": (0, 1),
        "fig.complaints_escalated": 1,  # k
        "fig.complaints_closed": (0, 1),
        "fig.reworked": (1, 3),  # a reworked, of the repairs a, r, d
        "fig.re_repairs": 1,  # r
        "fig.reopened": 0,
        "fig.deferral_breaches": 1,  # d
        "fig.callback_sample": (0, 0),  # no sample drawn
        "fig.satisfaction": (1, 1),  # the special callback on r, satisfied
    }


def test_ticket_figures_of_the_weekly_callback_sample(office):
    """November's weeks are those whose Thursday falls in it: W45..W48; W44 (10-26..11-01) is October's."""
    c = office

    def dispatched(day):
        t = new_id(c, *ticket_new("repair", f"{day} 09:00"))
        c.ok("ticket", "dispatch", t, "--to", "刘强", "--at", f"{day} 09:02")
        return t

    def sample(week, at):  # drawn on the Monday after the week
        return c.json("callback", "sample", "--week", week, "--seed", "7", "--at", at)[0]

    def call(ticket, at, satisfaction):
        cb = next(x for x in c.json("callback", "list") if x["ticket_id"] == ticket and x["kind"] == "sample")
        c.ok("callback", "record", cb["id"], "--method", "phone", "--result", "好", "--satisfaction", satisfaction,
             "--at", at)  # fmt: skip

    dispatched("2026-11-01")  # Sunday of W44: October's week, but a November dispatch order
    for day in ("2026-11-10", "2026-11-11", "2026-11-12"):
        dispatched(day)  # W46
    dispatched("2026-11-17")  # W47
    w44 = sample("2026-W44", "2026-11-02 08:00")
    w46 = sample("2026-W46", "2026-11-16 08:00")
    w47 = sample("2026-W47", "2026-11-23 08:00")
    assert (w44["size"], w46["size"], w47["size"]) == (1, 1, 1)  # ceil(20 % × 1), ceil(20 % × 3), ceil(20 % × 1)
    call(w44["ticket_ids"][0], "2026-11-03 09:00", "neutral")  # done in November, of October's sample
    call(w46["ticket_ids"][0], "2026-11-17 09:00", "very_satisfied")  # W47's not called yet

    got = figures(c, "section.tickets")
    # of November's weeks W46 (1 drawn, done) and W47 (1 drawn, not done) → Rate(1, 2)
    assert got["fig.callback_sample"] == (1, 2)
    # callbacks done in November: W44's (neutral) and W46's (very satisfied) → Rate(1, 2)
    assert got["fig.satisfaction"] == (1, 2)
    assert got["fig.dispatch_orders"] == 5  # 11-01, 11-10, 11-11, 11-12, 11-17
    oct_ = figures(c, "section.tickets", "2026-10")
    assert oct_["fig.callback_sample"] == (1, 1)  # W44: drawn 1, done
    assert oct_["fig.satisfaction"] == (0, 0)  # its call was done in November
