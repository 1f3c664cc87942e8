"""ticket new / steps / list / show / escalate / defer / quote / form / import, and the tickets section
of the monthly report, through the CLI on a frozen clock (now: Monday 2026-11-23 10:00 +08:00)."""

import pytest

from tests.conftest import PHONE, Cli, dump, events, ticket_new

DAY = "2026-11-23"
MASKED = "138****8000"


# stores: conftest's ``cli`` (office JM01) and ``office`` (plus household 1栋/101 and engineer 刘强)


def test_the_office_store_is_what_the_commands_make(office):
    assert [h["phone"] for h in office.json("household", "list")] == [MASKED]
    assert [s["name"] for s in office.json("staff", "list")] == ["刘强"]


# --- helpers -------------------------------------------------------------------------------


def at(hm: str, day: str = DAY) -> str:
    return f"{day}T{hm}"


def record(c: Cli, kind: str = "repair", when: str = at("09:00"), *extra, desc: str = "厨房水管漏水") -> dict:
    """``ticket new --json``: the whole stored record."""
    return c.json(*ticket_new(kind, when, *extra, desc=desc))


def new(c: Cli, kind: str = "repair", when: str = at("09:00"), *extra, desc: str = "厨房水管漏水") -> int:
    return record(c, kind, when, *extra, desc=desc)["id"]


def step(c: Cli, action: str, tid: int, *args, when: str, by: str = "tester") -> dict:
    return c.json("ticket", action, tid, *args, "--at", when, "--by", by)


def show(c: Cli, tid: int, *extra) -> dict:
    return c.json("ticket", "show", tid, *extra)


def repair_through(c: Cli, tid: int, upto: str, day: str = DAY, times=("09:02", "09:05", "09:30", "09:40", "09:50")):
    """dispatch → arrive → resolve → reply → close, stopping after ``upto``."""
    plan = [
        ("dispatch", ("--to", "刘强")),
        ("arrive", ()),
        ("resolve", ("--note", "更换阀门")),
        ("reply", ("--method", "电话", "--text", "已修复")),
        ("close", ()),
    ]
    for (action, args), hm in zip(plan, times, strict=False):
        step(c, action, tid, *args, when=at(hm, day))
        if action == upto:
            return


def complaint(c: Cli, when: str = at("08:00"), upto: str = "analyse") -> int:
    """A complaint resolved 08:30, replied 08:40, analysed 08:45 (stopping after ``upto``)."""
    tid = new(c, "投诉", when, desc="保洁不及时")
    day = when[:10]
    for action, args, hm in (
        ("resolve", ("--note", "已安排保洁"), "08:30"),
        ("reply", ("--method", "phone", "--text", "已处理并致歉"), "08:40"),
        ("analyse", ("--cause", "排班漏岗", "--prevention", "增加巡查"), "08:45"),
    ):
        step(c, action, tid, *args, when=at(hm, day))
        if action == upto:
            break
    return tid


def monthly(c: Cli, month: str = "2026-11") -> dict:
    data = c.json("report", "monthly", "--month", month)
    return next(s for s in data["sections"] if s["key"] == "section.tickets")


def figures(section: dict) -> dict:
    return {f["key"]: f for f in section["figures"]}


# --- intake: kinds, choices and stored deadlines ---------------------------------------------

KINDS = [
    ("报修", "repair"),
    ("repair", "repair"),
    ("投诉", "complaint"),
    ("complaint", "complaint"),
    ("咨询", "inquiry"),
    ("inquiry", "inquiry"),
    ("建议", "suggestion"),
    ("suggestion", "suggestion"),
    ("求助", "help"),
    ("help", "help"),
]
PRIORITIES = [
    ("特急", "urgent"),
    ("急", "high"),
    ("一般", "normal"),
    ("urgent", "urgent"),
    ("high", "high"),
    ("normal", "normal"),
]
CHANNELS = [
    ("热线", "hotline"),
    ("hotline", "hotline"),
    ("walk-in", "walk_in"),
    ("来访", "walk_in"),
    ("visit", "visit"),
    ("走访", "visit"),
    ("letter", "letter"),
    ("信函", "letter"),
    ("suggestion-box", "suggestion_box"),
    ("意见箱", "suggestion_box"),
    ("app", "app"),
    ("微信", "app"),
    ("email", "email"),
    ("邮件", "email"),
]


def test_new_accepts_every_kind_in_chinese_and_english(office):
    for kind, canonical in KINDS:
        t = record(office, kind)
        assert (kind, t["kind"], t["state"]) == (kind, canonical, "received")
        assert t["household_phone"] == MASKED and t["building"] == "1栋" and t["room"] == "101"
        assert t["reported_at"] == "2026-11-23T09:00:00+08:00" and t["received_by"] == "tester"
        if canonical == "repair":
            assert t["priority"] == "normal" and t["category"] == "repair_service" and t["resolve_due"] is None
        else:
            assert t["priority"] is None and t["arrive_due"] is None and t["resolve_due"]


def test_new_accepts_priorities_and_channels_in_chinese_and_english(office):
    for priority, canonical in PRIORITIES:
        assert (priority, record(office, "报修", at("09:00"), "--priority", priority)["priority"]) == (
            priority,
            canonical,
        )
    for channel, canonical in CHANNELS:
        assert (channel, record(office, "咨询", at("09:00"), "--channel", channel)["channel"]) == (channel, canonical)
    t = show(office, record(office, "repair", at("09:00"), "--priority", "急", "--channel", "walk-in")["id"])
    assert (t["priority"], t["channel"], t["timeline"][0]["action"]) == ("high", "walk_in", "create")
    assert t["timeline"][0]["at"] == "2026-11-23T09:00:00+08:00"


def test_new_with_category_and_outside_caller(office):
    tid = office.json(
        "ticket",
        "new",
        "--kind",
        "建议",
        "--category",
        "绿化",
        "--caller-name",
        "访客王先生",
        "--caller-phone",
        "13912345678",
        "-d",
        "草坪需修剪",
        "--at",
        at("09:00"),
    )["id"]
    t = show(office, tid)
    assert t["category"] == "greening" and t["caller_name"] == "访客王先生" and t["household_id"] is None
    assert t["caller_phone"] == "139****5678"
    assert show(office, tid, "--show-personal")["caller_phone"] == "13912345678"


def test_repair_arrival_deadline_is_stored(office):
    for priority, reported, due in (
        ("特急", "2026-11-23T10:00", "2026-11-23T10:10:00+08:00"),
        ("急", "2026-11-23T10:00", "2026-11-23T10:15:00+08:00"),
        ("一般", "2026-11-23T10:00", "2026-11-23T23:59:59+08:00"),
        ("特急", "2026-11-22T23:55", "2026-11-23T00:05:00+08:00"),  # minutes run across midnight
        ("一般", "2026-11-22T23:55", "2026-11-22T23:59:59+08:00"),  # the report's own calendar day
    ):
        t = show(office, new(office, "repair", reported, "--priority", priority))
        assert (priority, reported, t["arrive_due"], t["open_due"]) == (priority, reported, due, due)
        assert [d["deadline"] for d in t["deadlines"]] == ["arrive (SLA)"]


def test_normal_repair_with_an_agreed_time(office):
    t = show(office, new(office, "repair", at("10:00"), "--priority", "一般", "--agreed", "2026-11-24T14:00"))
    assert t["arrive_due"] == "2026-11-24T14:00:00+08:00" and t["agreed_at"] == "2026-11-24T14:00:00+08:00"
    assert t["sla"]["agreed"] == "2026-11-24T14:00:00+08:00"


def test_inquiry_resolve_due_counts_working_days_across_national_day(office):
    # Wed 2026-09-30 + 2 working days: 10-01..10-07 are the National Day holiday
    t = show(office, new(office, "咨询", "2026-09-30T10:00"))
    assert t["resolve_due"] == "2026-10-09T23:59:59+08:00" and t["arrive_due"] is None
    assert t["sla"]["resolve_workdays"] == 2


def test_a_later_policy_does_not_rewrite_a_stored_deadline(office, tmp_path):
    first = new(office, "repair", at("09:00"), "--priority", "特急")
    policy = tmp_path / "stricter.toml"
    policy.write_text("sla_urgent_minutes = 30\n", encoding="utf-8")
    second = office.json(*ticket_new("repair", at("09:01"), "--priority", "特急", "--policy", policy, desc="电梯困人"))[
        "id"
    ]
    assert office.json("ticket", "show", second, "--policy", policy)["arrive_due"] == "2026-11-23T09:31:00+08:00"
    t = office.json("ticket", "show", first, "--policy", policy)
    assert t["arrive_due"] == "2026-11-23T09:10:00+08:00" and t["sla"]["urgent_minutes"] == 10
    step(office, "dispatch", first, "--to", "刘强", when=at("09:05"))
    office.ok("ticket", "arrive", first, "--at", at("09:20"), "--policy", policy)
    t = office.json("ticket", "show", first, "--policy", policy)
    assert t["arrive_due"] == "2026-11-23T09:10:00+08:00" and t["sla_state"] == "breached"


# --- lifecycle ---------------------------------------------------------------------------------


def test_repair_lifecycle_each_step_an_event_with_who_and_when(office):
    tid = new(office, "报修", at("09:00"), "--priority", "急")
    for action, args, hm, by in (
        ("dispatch", ("--to", "刘强"), "09:02", "王丽"),
        ("arrive", (), "09:12", "刘强"),
        ("resolve", ("--note", "更换阀门"), "09:40", "刘强"),
        ("reply", ("--method", "电话", "--text", "已修复"), "09:45", "王丽"),
        ("close", (), "09:50", "王丽"),
    ):
        out = step(office, action, tid, *args, when=at(hm), by=by)
        assert (
            out["state"]
            == {
                "dispatch": "dispatched",
                "arrive": "on_site",
                "resolve": "resolved",
                "reply": "replied",
                "close": "closed",
            }[action]
        )
    t = show(office, tid)
    assert [(e["action"], e["by"], e["at"][11:16]) for e in t["timeline"]] == [
        ("create", "tester", "09:00"),
        ("dispatch", "王丽", "09:02"),
        ("arrive", "刘强", "09:12"),
        ("resolve", "刘强", "09:40"),
        ("reply", "王丽", "09:45"),
        ("close", "王丽", "09:50"),
    ]
    assert t["dispatched_to"] == "刘强" and t["arrived_at"] == "2026-11-23T09:12:00+08:00"
    assert t["reply_method"] == "phone" and t["closed_at"] == "2026-11-23T09:50:00+08:00"
    deadlines = {d["deadline"]: d for d in t["deadlines"]}
    assert deadlines["arrive (SLA)"] == {
        "deadline": "arrive (SLA)",
        "due": "2026-11-23T09:15:00+08:00",
        "done": "2026-11-23T09:12:00+08:00",
        "verdict": "met",
    }
    assert deadlines["reply"]["due"] == "2026-11-24T09:40:00+08:00" and deadlines["reply"]["verdict"] == "met"
    assert t["sla_state"] == "met" and t["open_due"] is None


def test_a_late_arrival_is_a_missed_deadline(office):
    tid = new(office, "repair", at("09:00"), "--priority", "特急")
    step(office, "dispatch", tid, "--to", "engineering", when=at("09:01"))
    step(office, "arrive", tid, when=at("09:25"))
    t = show(office, tid)
    assert t["dispatched_to"] == "engineering"
    sla = t["deadlines"][0]
    assert sla["verdict"] == "missed" and sla["due"] == "2026-11-23T09:10:00+08:00" and t["sla_state"] == "breached"


def test_a_pending_deadline_already_past_is_missed(office):
    t = show(office, new(office, "repair", at("09:00"), "--priority", "急"))
    assert t["deadlines"][0]["verdict"] == "missed" and t["sla_state"] == "overdue"
    t = show(office, new(office, "repair", at("09:55"), "--priority", "急"))
    assert t["deadlines"][0]["verdict"] == "pending" and t["sla_state"] == "open"


def test_dispatch_accepts_a_department_in_chinese(office):
    tid = new(office)
    assert step(office, "dispatch", tid, "--to", "保安", when=at("09:01"))["dispatched_to"] == "security"
    # dispatching again (派工 to someone else) is a new event, the first dispatch time stays
    out = step(office, "dispatch", tid, "--to", "刘强", when=at("09:03"))
    assert out["dispatched_to"] == "刘强" and out["dispatched_at"] == "2026-11-23T09:01:00+08:00"


def test_inquiry_goes_straight_from_received_to_resolved_replied_closed(office):
    tid = new(office, "咨询", at("09:00"), desc="物业费缴费方式")
    step(office, "resolve", tid, "--note", "告知缴费渠道", when=at("09:05"))
    step(office, "reply", tid, "--method", "desk", "--text", "当面告知", when=at("09:06"))
    step(office, "close", tid, when=at("09:07"))
    t = show(office, tid)
    assert t["state"] == "closed" and t["dispatched_at"] is None and t["arrived_at"] is None
    assert [e["action"] for e in t["timeline"]] == ["create", "resolve", "reply", "close"]
    verdicts = {d["deadline"]: d["verdict"] for d in t["deadlines"]}
    assert verdicts == {"resolve": "met", "reply": "met"}


def test_cancel_with_a_reason_keeps_the_ticket(office):
    tid = new(office)
    out = step(office, "cancel", tid, "--reason", "业主自行修复", when=at("09:10"))
    assert out["state"] == "cancelled" and out["cancel_reason"] == "业主自行修复"
    t = show(office, tid)
    assert t["timeline"][-1]["action"] == "cancel" and t["timeline"][-1]["reason"] == "业主自行修复"
    assert t["sla_state"] == "cancelled"
    assert [r["id"] for r in office.json("ticket", "list", "--state", "cancelled")] == [tid]


def test_plain_output_of_a_step_names_the_state(office):
    tid = new(office)
    r = office.ok("ticket", "dispatch", tid, "--to", "刘强", "--at", at("09:03"))
    assert f"ticket #{tid}: dispatched" in r.stderr and "State: dispatched" in r.stdout
    assert "Dispatched to: 刘强" in r.stdout and MASKED in r.stdout and PHONE not in r.stdout


# --- refused steps, bad input: one error line, store unchanged ---------------------------------


def test_arrive_before_dispatch_is_refused(office, unchanged):
    tid = new(office)
    with unchanged():
        r = office.fails("ticket", "arrive", tid, "--at", at("09:05"))
    assert "cannot arrive" in r.stderr and "received" in r.stderr


def test_resolve_a_repair_not_on_site_is_refused(office, unchanged):
    tid = new(office)
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:02"))
    with unchanged():
        r = office.fails("ticket", "resolve", tid, "--note", "修好了", "--at", at("09:10"))
    assert "cannot resolve" in r.stderr and "on_site" in r.stderr


def test_reply_before_resolve_is_refused(office, unchanged):
    tid = new(office, "咨询")
    with unchanged():
        r = office.fails("ticket", "reply", tid, "--method", "电话", "--text", "已答复", "--at", at("09:10"))
    assert "cannot reply" in r.stderr


def test_close_an_unreplied_ticket_is_refused(office, unchanged):
    tid = new(office)
    repair_through(office, tid, "resolve")
    with unchanged():
        r = office.fails("ticket", "close", tid, "--at", at("09:55"))
    assert "cannot close" in r.stderr and "resolved" in r.stderr


def test_close_a_replied_complaint_without_analysis_is_refused(office, unchanged):
    tid = complaint(office, upto="reply")
    with unchanged():
        r = office.fails("ticket", "close", tid, "--at", at("09:00"))
    assert "analyse" in r.stderr and "cause" in r.stderr


def test_a_step_dated_before_the_previous_step_is_refused(office, unchanged):
    tid = new(office)
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:10"))
    with unchanged():
        r = office.fails("ticket", "arrive", tid, "--at", at("09:05"))
    assert "--at" in r.stderr and "before" in r.stderr and "09:10" in r.stderr


def test_a_step_dated_before_the_report_is_refused(office, unchanged):
    tid = new(office, "repair", at("09:00"))
    with unchanged():
        office.fails("ticket", "dispatch", tid, "--to", "刘强", "--at", at("08:59"))


def test_at_more_than_ten_minutes_ahead_is_refused(office, unchanged):
    with unchanged():
        r = office.fails(*ticket_new("repair", at("10:11")))
    assert "future" in r.stderr and "--at" in r.stderr
    tid = new(office, "repair", at("10:10"))  # within the tolerance
    with unchanged():
        office.fails("ticket", "dispatch", tid, "--to", "刘强", "--at", at("10:30"))


def test_a_malformed_at_is_refused(office, unchanged):
    tid = new(office)
    with unchanged():
        for bad in ("yesterday", "2026-11-31T09:00", "2026-11-23T25:00", "23/11/2026"):
            r = office.fails(*ticket_new("repair", bad))
            assert "--at" in r.stderr and ("not a date" in r.stderr or "year first" in r.stderr)
            office.fails("ticket", "dispatch", tid, "--to", "刘强", "--at", bad)


BAD_NEW = [
    (("--kind", "repair", "--building", "9栋", "--room", "999"), "9栋/999"),
    (("--kind", "抱怨", "--building", "1栋", "--room", "101"), "--kind"),
    (("--kind", "咨询", "--priority", "特急", "--building", "1栋", "--room", "101"), "--priority"),
    (("--kind", "repair", "--priority", "很急", "--building", "1栋", "--room", "101"), "--priority"),
    (("--kind", "repair", "--channel", "carrier-pigeon", "--building", "1栋", "--room", "101"), "--channel"),
    (("--kind", "repair", "--category", "天气", "--building", "1栋", "--room", "101"), "--category"),
    (("--kind", "repair", "--building", "1栋"), "--building/--room"),
    (
        (
            "--kind",
            "repair",
        ),
        "household",
    ),
    (("--kind", "repair", "--caller-name", "王", "--caller-phone", "abc"), "--caller-phone"),
    (("--kind", "repair", "--building", "1栋", "--room", "101", "--agreed", "2026-11-23T08:00"), "--agreed"),
    (("--kind", "咨询", "--building", "1栋", "--room", "101", "--agreed", "2026-11-24T08:00"), "--agreed"),
    (("--kind", "咨询", "--building", "1栋", "--room", "101", "--major-defect", "roof_leak"), "--major-defect"),
    (("--kind", "repair", "--building", "1栋", "--room", "101", "--major-defect", "broken_window"), "--major-defect"),
    (("--kind", "repair", "--building", "1栋", "--room", "101", "--office", "XX99"), "XX99"),
]


def test_new_with_bad_input_is_refused(office, unchanged):
    with unchanged():
        for args, named in BAD_NEW:
            r = office.fails("ticket", "new", *args, "-d", "漏水", "--at", at("09:00"))
            assert named in r.stderr, (args, r.stderr)


def test_new_with_a_blank_description_is_refused(office, unchanged):
    with unchanged():
        assert "--description" in office.fails(*ticket_new("repair", at("09:00"), desc="  ")).stderr


def test_a_duplicate_paper_form_number_is_refused(office, unchanged):
    new(office, "repair", at("09:00"), "--ref", "BX-0001")
    with unchanged():
        assert "BX-0001" in office.fails(*ticket_new("repair", at("09:01"), "--ref", "BX-0001")).stderr


def test_an_unknown_ticket_is_refused(office, unchanged):
    new(office)
    with unchanged():
        for args in (
            ("show", "999"),
            ("arrive", "999", "--at", at("09:30")),
            ("close", "999"),
            ("form", "999", "transfer"),
            ("reply", "999", "--method", "电话", "--text", "x"),
        ):
            assert "no such ticket" in office.fails("ticket", *args).stderr
        office.fails("ticket", "show", "abc", code=2)  # not a number: a usage error


def test_dispatch_to_neither_staff_nor_department_is_refused(office, unchanged):
    tid = new(office)
    with unchanged():
        r = office.fails("ticket", "dispatch", tid, "--to", "张三", "--at", at("09:05"))
    assert "张三" in r.stderr and "--to" in r.stderr


def test_cancel_and_reopen_need_a_reason(office, unchanged):
    tid = new(office, "咨询")
    resolved = new(office, "咨询")
    step(office, "resolve", resolved, "--note", "已答复", when=at("09:05"))
    with unchanged():
        for action, ticket in (("cancel", tid), ("reopen", resolved)):
            assert "--reason" in office.fails("ticket", action, ticket, "--reason", "  ", "--at", at("09:30")).stderr
            office.fails("ticket", action, ticket, "--at", at("09:30"), code=2)  # the option is required


def test_complaint_only_steps_refused_on_a_repair(office, unchanged):
    tid = new(office)
    with unchanged():
        for args in (
            ("analyse", tid, "--cause", "x", "--prevention", "y"),
            ("escalate", tid, "--reason", "major"),
            ("company-notice", tid, "--notice", "1"),
        ):
            assert "only complaints" in office.fails("ticket", *args, "--at", at("09:30")).stderr


def test_reply_with_a_bad_method_or_blank_text_is_refused(office, unchanged):
    tid = new(office, "咨询")
    step(office, "resolve", tid, "--note", "已答复", when=at("09:05"))
    with unchanged():
        assert (
            "--method"
            in office.fails("ticket", "reply", tid, "--method", "信鸽", "--text", "x", "--at", at("09:10")).stderr
        )
        assert (
            "--text"
            in office.fails("ticket", "reply", tid, "--method", "电话", "--text", " ", "--at", at("09:10")).stderr
        )


def test_resolve_without_a_note_is_refused(office, unchanged):
    tid = new(office, "咨询")
    with unchanged():
        assert "--note" in office.fails("ticket", "resolve", tid, "--note", " ", "--at", at("09:10")).stderr


# --- list -------------------------------------------------------------------------------------


@pytest.fixture
def listed(office):
    """Tickets of several kinds, states, priorities and months."""
    ids = {
        "overdue": new(office, "repair", at("09:00"), "--priority", "急"),  # due 09:15, not arrived
        "fresh": new(office, "repair", at("09:55"), "--priority", "急"),  # due 10:10: not yet
        "late": new(office, "repair", at("08:00"), "--priority", "特急"),  # arrives 08:30: breached
        "ontime": new(office, "repair", at("08:10"), "--priority", "一般"),
        "complaint": complaint(office, at("07:00"), upto="resolve"),
        "october": new(office, "咨询", "2026-10-15T10:00"),
        "closed": new(office, "建议", at("07:30")),
    }
    step(office, "dispatch", ids["late"], "--to", "刘强", when=at("08:05"))
    step(office, "arrive", ids["late"], when=at("08:30"))
    step(office, "dispatch", ids["ontime"], "--to", "刘强", when=at("08:20"))
    step(office, "arrive", ids["ontime"], when=at("08:40"))
    step(office, "resolve", ids["closed"], "--note", "已采纳", when=at("07:40"))
    step(office, "reply", ids["closed"], "--method", "电话", "--text", "谢谢建议", when=at("07:45"))
    step(office, "close", ids["closed"], when=at("07:50"))
    return office, ids


def _ids(c: Cli, *args) -> set:
    return {r["id"] for r in c.json("ticket", "list", "--all", *args)}


def test_list_filters(listed):
    c, ids = listed
    assert _ids(c) == set(ids.values())
    assert _ids(c, "--state", "on_site") == {ids["late"], ids["ontime"]}
    assert _ids(c, "--state", "closed") == {ids["closed"]}
    assert _ids(c, "--kind", "投诉") == _ids(c, "--kind", "complaint") == {ids["complaint"]}
    assert _ids(c, "--priority", "急") == {ids["overdue"], ids["fresh"]}
    assert _ids(c, "--priority", "urgent") == {ids["late"]}
    assert _ids(c, "--month", "2026-10") == {ids["october"]}
    assert ids["october"] not in _ids(c, "--month", "2026-11")
    assert _ids(c, "--open") == set(ids.values()) - {ids["closed"]}
    assert _ids(c, "--kind", "repair", "--state", "received") == {ids["overdue"], ids["fresh"]}
    assert _ids(c, "--office", "JM01") == set(ids.values())
    assert len(c.json("ticket", "list", "--limit", "2")) == 2


def test_list_overdue_and_breached(listed):
    c, ids = listed
    overdue = _ids(c, "--overdue")
    assert ids["overdue"] in overdue and ids["fresh"] not in overdue
    assert ids["late"] not in overdue and ids["closed"] not in overdue  # arrived / closed: nothing pending now
    assert ids["october"] in overdue  # an inquiry past its resolve deadline (2026-10-19)
    assert _ids(c, "--breached") == {ids["late"]}
    rows = {r["id"]: r for r in c.json("ticket", "list", "--all")}
    assert rows[ids["overdue"]]["sla_state"] == "overdue" and rows[ids["fresh"]]["sla_state"] == "open"
    assert rows[ids["late"]]["sla_state"] == "breached" and rows[ids["ontime"]]["sla_state"] == "met"
    # plain output (not a terminal): tab-separated with a header line
    lines = c.ok("ticket", "list", "--overdue", "--fields", "id,kind,due,sla_state").stdout.splitlines()
    header = lines[0].split("\t")
    assert header == ["No.", "Kind", "Due", "SLA"]
    rows = [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]
    assert all(len(line.split("\t")) == len(header) for line in lines[1:])
    by_id = {int(r["No."]): r for r in rows}
    row = by_id[ids["overdue"]]
    assert row["Due"] == "11-23 09:15" and row["SLA"] == "overdue"
    assert ids["fresh"] not in by_id


def test_list_bad_filters_are_refused(office):
    for args in (
        ("--state", "finished"),
        ("--kind", "抱怨"),
        ("--priority", "很急"),
        ("--month", "2026-13"),
        ("--month", "Nov"),
    ):
        assert args[1] in office.fails("ticket", "list", *args).stderr


# --- complaints and escalation ------------------------------------------------------------


def test_resolving_a_complaint_creates_its_callback(office):
    tid = complaint(office, at("08:00"), upto="resolve")
    cbs = [c for c in office.json("callback", "list") if c["ticket_id"] == tid]
    assert [(c["kind"], c["state"], c["owed_by"], c["due_at"]) for c in cbs] == [
        ("complaint", "open", "office", "2026-11-24T08:30:00+08:00")
    ]
    assert [c["kind"] for c in show(office, tid)["callbacks"]] == ["complaint"]


def test_a_complaint_closes_once_replied_and_analysed(office):
    tid = complaint(office, upto="analyse")
    out = step(office, "close", tid, when=at("09:00"))
    assert out["state"] == "closed"
    t = show(office, tid)
    assert t["cause"] == "排班漏岗" and t["prevention"] == "增加巡查" and t["analysed_at"]


def test_analyse_needs_both_cause_and_prevention(office, unchanged):
    tid = complaint(office, upto="reply")
    with unchanged():
        office.fails("ticket", "analyse", tid, "--cause", "排班漏岗", "--prevention", " ", "--at", at("09:00"))


def _escalation_callback(c: Cli, tid: int) -> dict:
    return next(cb for cb in c.json("callback", "list") if cb["ticket_id"] == tid and cb["kind"] == "escalation")


def test_escalation_for_compensation_waits_for_the_company_callback(office, unchanged):
    tid = new(office, "投诉", at("08:00"), desc="车辆被划要求赔偿")
    step(office, "escalate", tid, "--reason", "compensation", when=at("08:10"))
    cb = _escalation_callback(office, tid)
    assert cb["owed_by"] == "quality" and cb["state"] == "open"
    assert cb["due_at"] == "2026-11-30T23:59:59+08:00"  # 5 working days after Mon 11-23
    for action, args, hm in (
        ("resolve", ("--note", "已协商赔偿"), "08:30"),
        ("reply", ("--method", "电话", "--text", "赔偿方案已告知"), "08:40"),
        ("analyse", ("--cause", "停车场监控盲区", "--prevention", "加装监控"), "08:45"),
    ):
        step(office, action, tid, *args, when=at(hm))
    with unchanged():
        r = office.fails("ticket", "close", tid, "--at", at("09:00"))
    assert "escalation callback" in r.stderr and "corrective" not in r.stderr
    office.ok(
        "callback",
        "record",
        cb["id"],
        "--method",
        "电话",
        "--result",
        "客户接受赔偿",
        "--satisfaction",
        "满意",
        "--at",
        at("09:10"),
        "--by",
        "品质部李工",
    )
    assert step(office, "close", tid, when=at("09:20"))["state"] == "closed"


def test_a_major_complaint_needs_corrective_report_and_company_notice(office, unchanged):
    tid = complaint(office, at("08:00"), upto="resolve")
    step(office, "escalate", tid, "--reason", "重大投诉", when=at("08:35"))
    step(office, "reply", tid, "--method", "电话", "--text", "已处理", when=at("08:40"))
    step(office, "analyse", tid, "--cause", "管理疏漏", "--prevention", "全员培训", when=at("08:45"))
    with unchanged():
        r = office.fails("ticket", "close", tid, "--at", at("08:50"))
    assert "ticket corrective" in r.stderr and "ticket company-notice" in r.stderr
    assert "escalation callback" in r.stderr
    step(
        office,
        "corrective",
        tid,
        "--cause",
        "制度缺失",
        "--action",
        "修订保洁制度",
        "--owner",
        "品质部",
        "--due",
        "2026-12-31",
        when=at("08:55"),
    )
    with unchanged():
        r = office.fails("ticket", "close", tid, "--at", at("09:00"))
    assert "ticket corrective" not in r.stderr and "ticket company-notice" in r.stderr
    n = company_notice(office)
    step(office, "company-notice", tid, "--notice", n["id"], when=at("09:00"))
    office.ok(
        "callback",
        "record",
        _escalation_callback(office, tid)["id"],
        "--method",
        "visit",
        "--result",
        "已上门致歉",
        "--at",
        at("09:05"),
    )
    assert step(office, "close", tid, when=at("09:10"))["state"] == "closed"
    t = show(office, tid)
    assert t["escalation"] == "major" and t["company_notice"] == "JM01-2026-0001"  # the notice's number
    assert office.json("notice", "show", n["id"])["ticket_id"] == tid
    assert t["corrective"]["owner"] == "品质部" and t["corrective"]["due"].startswith("2026-12-31")


def company_notice(c: Cli, *extra, issuer: str = "company") -> dict:
    """A company notice (一般, issuer company) posted 08:58 on the day."""
    args = ("notice", "new", "--kind", "一般", "--issuer", issuer, "--title", "关于保洁投诉的通报")
    args += ("--body", "保洁排班漏岗，全公司整改", "--effective-from", at("09:00"), "--posted-at", at("08:58"))
    return c.json(*args, *extra)


def test_the_company_notice_step_links_a_company_notice_and_refuses_others(office, unchanged):
    tid = complaint(office, at("08:00"), upto="resolve")
    step(office, "escalate", tid, "--reason", "major", when=at("08:35"))
    other = complaint(office, at("08:01"), upto="resolve")
    cs = company_notice(office, issuer="cs")
    withdrawn = company_notice(office)
    office.ok("notice", "withdraw", withdrawn["id"], "--reason", "发错")
    good = company_notice(office)
    with unchanged():
        r = office.fails("ticket", "company-notice", tid, "--notice", cs["id"], "--at", at("09:00"))
        assert f"--notice={cs['id']}" in r.stderr and "company" in r.stderr
        r = office.fails("ticket", "company-notice", tid, "--notice", withdrawn["id"], "--at", at("09:00"))
        assert f"--notice={withdrawn['id']}" in r.stderr and "withdrawn" in r.stderr
        assert "--notice=99" in office.fails("ticket", "company-notice", tid, "--notice", "99").stderr
        office.fails("ticket", "company-notice", tid, "--ref", "品质通〔2026〕12号", code=2)  # the notice, not a text
    step(office, "company-notice", tid, "--notice", good["id"], when=at("09:00"))
    with unchanged():
        r = office.fails("ticket", "company-notice", other, "--notice", good["id"], "--at", at("09:01"))
        assert f"--notice={good['id']}" in r.stderr and f"#{tid}" in r.stderr  # one notice, one ticket
    assert events(office, record_table="notices", action="link")[0]["after"] == f'{{"ticket_id": {tid}}}'


def test_notice_new_with_ticket_records_the_company_notice_of_the_complaint(office, unchanged):
    tid = complaint(office, at("08:00"), upto="resolve")
    step(office, "escalate", tid, "--reason", "major", when=at("08:35"))
    with unchanged():
        r = office.fails(*_notice_args(), "--ticket", tid, "--issuer", "cs")
        assert "--issuer='cs'" in r.stderr
        assert "--ticket=99" in office.fails(*_notice_args(), "--ticket", "99").stderr
    n = office.json(*_notice_args(), "--ticket", tid)  # the issuer is the company
    assert n["issuer"] == "company" and n["ticket_id"] == tid
    assert show(office, tid)["company_notice"] == "JM01-2026-0001"


def _notice_args() -> tuple:
    return (
        "notice", "new", "--kind", "一般", "--title", "关于保洁投诉的通报", "--body", "全公司整改",
        "--effective-from", at("09:00"), "--posted-at", at("08:58"),
    )  # fmt: skip


@pytest.mark.parametrize(
    "reason, code, to",
    [
        ("compensation", "compensation", "leadership"),
        ("补偿", "compensation", "leadership"),
        ("against-director", "against_director", "leadership"),
        ("major", "major", "quality"),
        ("beyond-authority", "beyond_authority", "quality"),
    ],
)
def test_compensation_and_complaints_against_the_director_go_to_company_leadership(office, reason, code, to):
    # 004 投诉处理: 凡涉及经济赔偿/补偿、针对管理处主任的投诉，应上报公司领导解决; the company callback stays
    # with the quality department (公司由品质管理部负责投诉问题的处理)
    from tests.conftest import events

    tid = new(office, "投诉", at("08:00"), desc="车辆被划要求赔偿")
    out = step(office, "escalate", tid, "--reason", reason, when=at("08:10"))
    assert (out["escalation"], out["escalated_to"]) == (code, to)
    assert show(office, tid)["escalated_to"] == to
    after = events(office, record_table="tickets", record_id=tid, action="escalate")[0]["after"]
    assert f'"escalated_to": "{to}"' in after
    assert _escalation_callback(office, tid)["owed_by"] == "quality"
    for fmt in ("md", "html"):
        letter = office.ok("--lang", "zh", "ticket", "form", tid, "contact-letter", "--format", fmt).stdout
        if to == "leadership":
            assert "上报公司领导解决" in letter and "由公司品质管理部回访客户" in letter
            assert "公司客户服务中心" not in letter
        else:
            assert "公司领导" not in letter and "公司客户服务中心 / 品质管理部" in letter
    english = office.ok("ticket", "form", tid, "contact-letter", "--lang", "en").stdout
    assert ("company leadership" in english) == (to == "leadership")


def test_escalating_twice_is_refused(office, unchanged):
    tid = new(office, "投诉", at("08:00"))
    step(office, "escalate", tid, "--reason", "against-director", when=at("08:10"))
    with unchanged():
        r = office.fails("ticket", "escalate", tid, "--reason", "compensation", "--at", at("08:20"))
    assert "already escalated" in r.stderr
    with unchanged():
        assert "--reason" in office.fails("ticket", "escalate", tid, "--reason", "bored", "--at", at("08:20")).stderr


def test_corrective_needs_every_field(office, unchanged):
    tid = new(office, "投诉", at("08:00"))
    with unchanged():
        office.fails(
            "ticket",
            "corrective",
            tid,
            "--cause",
            "x",
            "--action",
            " ",
            "--owner",
            "品质部",
            "--due",
            "2026-12-31",
            "--at",
            at("08:10"),
        )
        office.fails(
            "ticket",
            "corrective",
            tid,
            "--cause",
            "x",
            "--action",
            "y",
            "--owner",
            "品质部",
            "--due",
            "end of year",
            "--at",
            at("08:10"),
        )
        assert (
            "--notice='0'" in office.fails("ticket", "company-notice", tid, "--notice", "0", "--at", at("08:10")).stderr
        )


# --- a complaint that a repaired defect persists (004) ----------------------------------------------


def _fixed_repair(c: Cli, priority: str = "急") -> int:
    """A repair reported 09:00, dispatched 09:02, on site 09:05, resolved 09:30."""
    tid = new(c, "repair", at("09:00"), "--priority", priority)
    repair_through(c, tid, "resolve")
    return tid


def _rework_of(c: Cli, complaint_id: int) -> dict:
    rows = [t for t in c.json("ticket", "list", "--kind", "repair") if t["id"] != complaint_id]
    found = [c.json("ticket", "show", t["id"]) for t in rows]
    return next(t for t in found if t.get("source") == f"tickets/{complaint_id}")


def _assert_rework(c: Cli, repair: int, complaint_id: int, when: str, due: str):
    rework = _rework_of(c, complaint_id)
    assert (rework["kind"], rework["parent_id"], rework["state"], rework["priority"], rework["household_id"]) == (
        "repair",
        repair,
        "received",
        "high",
        1,
    )
    assert rework["reported_at"] == when and f"#{repair}" in rework["description"]
    assert c.json("ticket", "show", repair)["reworked"] == 1
    special = [(cb["kind"], cb["state"], cb["due_at"]) for cb in rework["callbacks"]]
    assert special == [("special", "open", due)]
    timeline = c.json("ticket", "show", complaint_id)["timeline"]
    step_ = next(e for e in timeline if e["action"] == "defect_persists")
    assert step_["after"] == {"about": repair, "rework_ticket_id": rework["id"]} and step_["at"] == when
    return rework


def test_a_new_complaint_that_a_repaired_defect_persists_opens_a_re_repair_and_a_special_callback(office):
    repair = _fixed_repair(office)
    # the complaint comes in at 09:45 without naming the household: it is the repair's; special callback 24 h later
    out = office.json(
        "ticket",
        "new",
        "--kind",
        "投诉",
        "--about",
        repair,
        "--defect-persists",
        "-d",
        "维修后仍漏水",
        "--at",
        at("09:45"),
    )
    assert (out["kind"], out["household_id"]) == ("complaint", 1)
    _assert_rework(office, repair, out["id"], "2026-11-23T09:45:00+08:00", "2026-11-24T09:45:00+08:00")
    figs = figures(monthly(office))
    assert figs["fig.re_repairs"]["value"] == 1 and figs["fig.reworked"]["numerator"] == 1
    plain = office.ok(
        "ticket", "new", "--kind", "投诉", "--about", repair, "--defect-persists", "-d", "还是漏", "--at", at("09:50")
    )
    assert "re-repair ticket #" in plain.stderr


def test_a_complaint_already_recorded_reports_the_persisting_defect_as_a_step(office):
    repair = _fixed_repair(office)
    cid = new(office, "投诉", at("09:40"), desc="维修后仍漏水")
    out = step(office, "defect-persists", cid, "--about", repair, when=at("09:50"))
    assert out["id"] == cid and out["state"] == "received"
    _assert_rework(office, repair, cid, "2026-11-23T09:50:00+08:00", "2026-11-24T09:50:00+08:00")


def test_a_persisting_defect_complaint_is_refused_when_it_cannot_be_one(office, unchanged):
    office.ok("household", "add", "--office", "JM01", "--building", "2栋", "--room", "201")
    repair = _fixed_repair(office)
    unfinished = new(office, "repair", at("09:10"))
    inquiry = new(office, "咨询", at("09:10"))
    cid = new(office, "投诉", at("09:40"), desc="维修后仍漏水")
    with unchanged():
        for args, words in (
            (("--about", unfinished), "not finished"),
            (("--about", inquiry), "not a repair"),
            (("--about", 999), "no such ticket"),
        ):
            r = office.fails(
                "ticket", "new", "--kind", "投诉", *args, "--defect-persists", "-d", "x", "--at", at("09:45")
            )
            assert words in r.stderr and "--about" in r.stderr, r.stderr
            r = office.fails("ticket", "defect-persists", cid, *args, "--at", at("09:45"))
            assert words in r.stderr and "--about" in r.stderr, r.stderr
        # the flag and the repair go together, on a complaint, after the repair was resolved
        assert "--about" in office.fails("ticket", "new", "--kind", "投诉", "--defect-persists", "-d", "x").stderr
        assert (
            "--defect-persists" in office.fails("ticket", "new", "--kind", "投诉", "--about", repair, "-d", "x").stderr
        )
        assert (
            "--kind"
            in office.fails("ticket", "new", "--kind", "报修", "--about", repair, "--defect-persists", "-d", "x").stderr
        )
        assert (
            "complaint"
            in office.fails("ticket", "defect-persists", inquiry, "--about", repair, "--at", at("09:45")).stderr
        )
        assert (
            "--at"
            in office.fails(
                "ticket",
                "new",
                "--kind",
                "投诉",
                "--about",
                repair,
                "--defect-persists",
                "-d",
                "x",
                "--at",
                at("09:20"),
            ).stderr
        )
        other = office.fails(
            "ticket",
            "new",
            "--kind",
            "投诉",
            "--about",
            repair,
            "--defect-persists",
            "-d",
            "x",
            "--building",
            "2栋",
            "--room",
            "201",
            "--at",
            at("09:45"),
        )
        assert "another household" in other.stderr and "--about" in other.stderr
    step(office, "defect-persists", cid, "--about", repair, when=at("09:50"))
    with unchanged():
        assert (
            "already" in office.fails("ticket", "defect-persists", cid, "--about", repair, "--at", at("09:55")).stderr
        )


# --- defer and quote ------------------------------------------------------------------------


def test_defer_told_before_the_deadline_is_no_breach(office):
    tid = new(office, "repair", at("08:00"), "--priority", "一般")  # due 23:59:59 today
    out = step(office, "defer", tid, "--until", "2026-11-25T12:00", "--customer-told-at", at("09:00"), when=at("09:30"))
    assert out["deferred_until"] == "2026-11-25T12:00:00+08:00" and out["deferral_breach"] == 0
    t = show(office, tid)
    assert t["open_due"] == "2026-11-25T12:00:00+08:00" and t["arrive_due"] == "2026-11-23T23:59:59+08:00"
    lines = {d["deadline"]: d for d in t["deadlines"]}
    assert lines["arrive (SLA)"]["due"] == "2026-11-25T12:00:00+08:00"
    assert lines["tell customer of deferral"]["verdict"] == "met"
    assert figures(monthly(office))["fig.deferral_breaches"]["value"] == 0


def test_defer_told_after_the_deadline_is_a_breach_in_the_report(office):
    tid = new(office, "repair", at("09:00"), "--priority", "急")  # due 09:15
    out = step(office, "defer", tid, "--until", "2026-11-23T15:00", "--customer-told-at", at("09:30"), when=at("09:35"))
    assert out["deferral_breach"] == 1
    t = show(office, tid)
    assert {d["deadline"]: d["verdict"] for d in t["deadlines"]}["tell customer of deferral"] == "missed"
    assert figures(monthly(office))["fig.deferral_breaches"]["value"] == 1
    text = office.ok("--lang", "zh", "report", "monthly", "--month", "2026-11").stdout
    assert "延期未提前告知: 1" in text


def test_defer_until_before_the_current_deadline_is_refused(office, unchanged):
    tid = new(office, "repair", at("09:00"), "--priority", "急")
    with unchanged():
        r = office.fails(
            "ticket", "defer", tid, "--until", at("09:10"), "--customer-told-at", at("09:05"), "--at", at("09:06")
        )
    assert "--until" in r.stderr and "2026-11-23T09:15:00+08:00" in r.stderr
    with unchanged():
        office.fails(
            "ticket", "defer", tid, "--until", "someday", "--customer-told-at", at("09:05"), "--at", at("09:06")
        )
        office.fails(
            "ticket", "defer", tid, "--until", "2026-11-24", "--customer-told-at", at("10:30"), "--at", at("09:06")
        )  # told in the future


def priced(c: Cli, name: str = "更换马桶", price: str = "120", unit: str = "次") -> str:
    """A service on the office's price list (``ticket quote --service`` names one)."""
    c.ok("service", "add", name, "--price", price, "--unit", unit)
    return name


def test_a_paid_service_needs_an_accepted_price_before_work(office, unchanged):
    priced(office)
    tid = new(office, "repair", at("09:00"), "--paid", desc="更换马桶（有偿）")
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:02"))
    step(office, "arrive", tid, when=at("09:10"))
    with unchanged():
        r = office.fails("ticket", "resolve", tid, "--note", "已更换", "--at", at("09:30"))
    assert "ticket quote" in r.stderr
    # quoted on site after the inspection, accepted, then the work is done
    step(
        office, "quote", tid, "--price", "120", "--accepted-at", at("09:20"), "--service", "更换马桶", when=at("09:25")
    )
    assert step(office, "resolve", tid, "--note", "已更换", when=at("09:30"))["state"] == "resolved"


def test_a_quote_accepted_before_arrival_lets_the_paid_work_resolve(office):
    priced(office, price="120.50")
    tid = new(office, "repair", at("09:00"), "--paid")
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:02"))
    out = step(
        office, "quote", tid, "--price", "120.50", "--accepted-at", at("09:04"), "--service", "1", when=at("09:05")
    )
    assert out["price"] == 120.5 and out["quote_accepted_at"] == "2026-11-23T09:04:00+08:00"
    step(office, "arrive", tid, when=at("09:10"))
    assert step(office, "resolve", tid, "--note", "已更换", when=at("09:30"))["state"] == "resolved"


def test_a_price_cannot_be_accepted_after_the_quote_is_recorded(office, unchanged):
    # recorded at 09:05 as accepted at 09:20: the acceptance has not happened yet
    tid = new(office, "repair", at("09:00"), "--paid")
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:02"))
    with unchanged():
        r = office.fails(
            "ticket", "quote", tid, "--price", "80", "--accepted-at", at("09:20"), "--at", at("09:05"), "--service", "1"
        )
        assert "--accepted-at" in r.stderr
        r = office.fails(
            "ticket", "quote", tid, "--price", "80", "--accepted-at", at("08:50"), "--at", at("09:05"), "--service", "1"
        )
        assert "before the request" in r.stderr


def test_a_bad_price_is_refused(office, unchanged):
    tid = new(office, "repair", at("09:00"), "--paid")
    with unchanged():
        for price in ("abc", "-5", "2000000", "一百", "inf"):
            assert (
                "--price"
                in office.fails(
                    "ticket",
                    "quote",
                    tid,
                    "--price",
                    price,
                    "--accepted-at",
                    at("09:04"),
                    "--at",
                    at("09:05"),
                    "--service",
                    "1",
                ).stderr
            ), price


def test_a_price_that_is_not_a_number_is_refused(office, unchanged):
    # float("nan") parses, and every comparison with NaN is false, so the range check lets it through
    tid = new(office, "repair", at("09:00"), "--paid")
    with unchanged():
        assert (
            "--price"
            in office.fails(
                "ticket",
                "quote",
                tid,
                "--price",
                "nan",
                "--accepted-at",
                at("09:04"),
                "--at",
                at("09:05"),
                "--service",
                "1",
            ).stderr
        )


# --- reopen -----------------------------------------------------------------------------------


def test_reopen_is_counted_and_reported(office):
    tid = new(office)
    repair_through(office, tid, "close")
    out = step(office, "reopen", tid, "--reason", "业主反映仍漏水", when=at("09:55"))
    assert out["state"] == "dispatched" and out["reopened"] == 1
    t = show(office, tid)
    assert t["resolved_at"] is None and t["closed_at"] is None
    assert t["timeline"][-1]["action"] == "reopen" and t["timeline"][-1]["reason"] == "业主反映仍漏水"
    assert figures(monthly(office))["fig.reopened"]["value"] == 1
    # the work goes on from where it stands
    step(office, "arrive", tid, when=at("09:58"))
    assert step(office, "resolve", tid, "--note", "重新密封", when=at("09:59"))["state"] == "resolved"


def test_a_reopened_repair_gets_a_new_arrival_clock_from_the_reopening(office):
    # 急 (15 min): reported 09:00, due 09:15, arrived 09:05 (met); resolved 09:30, replied 09:40, closed 09:50.
    # Reopened 09:55: a new clock as if reported then, 09:55 + 15 min = 10:10, still ahead of now (10:00).
    tid = new(office, "repair", at("09:00"), "--priority", "急")
    repair_through(office, tid, "close")
    step(office, "reopen", tid, "--reason", "业主反映仍漏水", when=at("09:55"))
    t = show(office, tid)
    assert (t["arrive_due"], t["open_due"], t["sla_state"]) == ("2026-11-23T10:10:00+08:00",) * 2 + ("open",)
    assert tid not in _ids(office, "--overdue")
    item = {i["record"]: i for i in office.json("report", "due")["due"]}[f"tickets/{tid}"]
    assert (item["due"], item["state"]) == ("2026-11-23T10:10:00+08:00", "today")
    arrive = [
        (d.get("clock"), d["due"], d["done"], d["verdict"]) for d in t["deadlines"] if d["deadline"] == "arrive (SLA)"
    ]
    assert arrive == [
        (1, "2026-11-23T09:15:00+08:00", "2026-11-23T09:05:00+08:00", "met"),
        (2, "2026-11-23T10:10:00+08:00", None, "pending"),
    ]
    # the first reply deadline (resolved 09:30 + 24 h) and its verdict stay visible too
    assert [(d["clock"], d["due"], d["verdict"]) for d in t["deadlines"] if d["deadline"] == "reply"] == [
        (1, "2026-11-24T09:30:00+08:00", "met")
    ]
    # the next arrival is measured against the new clock
    step(office, "arrive", tid, when=at("10:05"))
    t = show(office, tid)
    assert [d["verdict"] for d in t["deadlines"] if d["deadline"] == "arrive (SLA)"] == ["met", "met"]
    assert t["sla_state"] == "met" and t["arrived_at"] == "2026-11-23T10:05:00+08:00"


def test_a_repair_late_before_its_reopening_stays_breached(office):
    # 特急 (10 min): reported 09:00, due 09:10, arrived 09:20 (missed); reopened 09:40, new clock due 09:50
    tid = new(office, "repair", at("09:00"), "--priority", "特急")
    repair_through(office, tid, "reply", times=("09:01", "09:20", "09:30", "09:35"))
    step(office, "reopen", tid, "--reason", "仍漏水", when=at("09:40"))
    step(office, "arrive", tid, when=at("09:45"))
    t = show(office, tid)
    assert [(d["due"][11:16], d["verdict"]) for d in t["deadlines"] if d["deadline"] == "arrive (SLA)"] == [
        ("09:10", "missed"),
        ("09:50", "met"),
    ]
    assert t["sla_state"] == "breached" and tid in _ids(office, "--breached")
    sla = {r[0]: r for r in {x["key"]: x for x in monthly(office)["tables"]}["table.sla"]["rows"]}
    assert sla["priority.urgent"][:4] == ["priority.urgent", 1, 0, 1]


def test_a_reopened_request_keeps_its_first_resolve_deadline(office):
    # 咨询 reported Mon 11-16 09:00: resolve due 2 working days later, Wed 11-18 23:59:59; resolved 11-17 (met);
    # reopened Mon 11-23 09:00: due Wed 11-25 23:59:59
    tid = new(office, "咨询", "2026-11-16T09:00")
    step(office, "resolve", tid, "--note", "已答复", when="2026-11-17T09:00")
    step(office, "reopen", tid, "--reason", "业主追问", when=at("09:00"))
    t = show(office, tid)
    assert [(d["due"], d["verdict"]) for d in t["deadlines"] if d["deadline"] == "resolve"] == [
        ("2026-11-18T23:59:59+08:00", "met"),
        ("2026-11-25T23:59:59+08:00", "pending"),
    ]
    assert tid not in _ids(office, "--overdue")


def test_reopen_an_open_ticket_is_refused(office, unchanged):
    tid = new(office)
    with unchanged():
        assert "cannot reopen" in office.fails("ticket", "reopen", tid, "--reason", "x", "--at", at("09:30")).stderr


# --- forms ------------------------------------------------------------------------------------


@pytest.fixture
def escalated(office):
    tid = new(office, "投诉", at("08:00"), desc="楼道漏水无人处理")
    step(office, "dispatch", tid, "--to", "刘强", when=at("08:05"))
    step(office, "escalate", tid, "--reason", "major", when=at("08:10"))
    return office, tid


def test_forms_are_zh_cn_with_the_phone_masked(escalated):
    c, tid = escalated
    for name, title in (("transfer", "故障转呈单"), ("contact-letter", "工作联系函")):
        for fmt in ("md", "html"):
            out = c.ok("--lang", "zh", "ticket", "form", tid, name, "--format", fmt).stdout
            assert title in out and "金茂府物业服务中心" in out and "楼道漏水无人处理" in out
            assert MASKED in out and PHONE not in out
            assert "客服中心（盖章）：金茂府物业服务中心" in out  # the office seal line (no cs_seal set)
            if fmt == "html":
                assert "<html" in out.lower()
            assert PHONE in c.ok("--lang", "zh", "ticket", "form", tid, name, "--format", fmt, "--show-personal").stdout


def test_transfer_form_names_whom_it_went_to_and_contact_letter_the_history(escalated):
    c, tid = escalated
    assert "| 转呈部门 | 刘强 |" in c.ok("--lang", "zh", "ticket", "form", tid, "transfer", "--format", "md").stdout
    letter = c.ok("--lang", "zh", "ticket", "form", tid, "contact-letter", "--format", "md").stdout
    assert "（重大投诉）" in letter and "公司客户服务中心" in letter
    assert "2026年11月23日 08:10 tester 上报公司" in letter


def test_contact_letter_lists_each_step_of_the_history_on_its_own_line(escalated):
    c, tid = escalated
    letter = c.ok("--lang", "zh", "ticket", "form", tid, "contact-letter", "--format", "md").stdout
    items = [line for line in letter.splitlines() if line.startswith("- 2026年")]
    assert items == [
        "- 2026年11月23日 08:00 tester 受理",
        "- 2026年11月23日 08:05 tester 派工",
        "- 2026年11月23日 08:10 tester 上报公司",
    ]


def test_corrective_form_only_after_the_report_is_recorded(escalated, unchanged):
    c, tid = escalated
    with unchanged():
        r = c.fails("ticket", "form", tid, "corrective")
    assert "ticket corrective" in r.stderr
    step(
        c,
        "corrective",
        tid,
        "--cause",
        "巡查缺位",
        "--action",
        "建立每日巡查",
        "--owner",
        "工程部",
        "--due",
        "2026-12-15",
        when=at("08:20"),
    )
    for fmt in ("md", "html"):
        out = c.ok("--lang", "zh", "ticket", "form", tid, "corrective", "--format", fmt).stdout
        assert "纠正措施报告" in out and "巡查缺位" in out and "建立每日巡查" in out and "工程部" in out
        assert "重大投诉（上报：公司品质管理部）" in out
        assert "（盖章）" in out and MASKED in out and PHONE not in out


def test_form_to_a_file(escalated, tmp_path):
    c, tid = escalated
    out = tmp_path / "transfer.html"
    c.ok("--lang", "zh", "ticket", "form", tid, "transfer", "--format", "html", "-o", out)
    assert "故障转呈单" in out.read_text(encoding="utf-8")


def test_an_unknown_form_is_refused(escalated, unchanged):
    c, tid = escalated
    with unchanged():
        r = c.fails("ticket", "form", tid, "invoice")
    assert "invoice" in r.stderr and "transfer" in r.stderr


# --- import -----------------------------------------------------------------------------------

HEADER = (
    "编号,管理处,楼栋,房号,类型,紧急程度,内容,报告时间,派工时间,派工对象,到场时间,完成时间,处理结果,"
    "回复时间,回复方式,回复内容,关闭时间,原因分析,预防措施"
)
ROWS = [
    # closed repair that arrived late (急: due 09:15); its description spans two lines
    'P-001,JM01,1栋,101,报修,急,"厨房漏水\n水槽下方",2026-10-08 09:00,2026-10-08 09:05,刘强,2026-10-08 09:20,'
    "2026-10-08 10:00,更换阀门,2026-10-08 10:30,电话,已修复,2026-10-08 11:00,,",
    "P-002,JM01,1栋,101,投诉,,夜间噪音,2026-10-09 14:00,,,,2026-10-09 15:00,已劝导,2026-10-09 16:00,电话,已告知,"
    "2026-10-09 17:00,装修超时,加强巡查",
    "P-003,JM01,1栋,101,咨询,,停车办理,2026-10-10 10:00,,,,2026-10-10 10:05,已告知,,,,,,",
    "P-004,JM01,1栋,101,报修,一般,门锁损坏,2026-10-12 08:00,2026-10-12 08:10,engineering,,,,,,,,,",
    ",JM01,1栋,101,建议,,增加绿化,2026-10-13 09:00,,,,,,,,,,,",
]
STATES = {"P-001": "closed", "P-002": "closed", "P-003": "resolved", "P-004": "dispatched", None: "received"}


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding, reported", [("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")])
def test_import_historical_tickets_with_their_states(office, tmp_path, encoding, reported):
    result = office.json("ticket", "import", write_csv(tmp_path / "history.csv", ROWS, encoding))
    assert result["encoding"] == reported and result["rows"] == 5 and result["inserted"] == 5
    assert result["skipped"] == []
    tickets = office.json("ticket", "list", "--month", "2026-10", "--all")
    assert {t["id"]: t["state"] for t in tickets} and len(tickets) == 5
    full = {t["ref"]: t for t in (show(office, r["id"]) for r in tickets)}
    assert {ref: t["state"] for ref, t in full.items()} == STATES
    first = full["P-001"]
    assert first["description"] == "厨房漏水\n水槽下方" and first["priority"] == "high"
    assert first["arrive_due"] == "2026-10-08T09:15:00+08:00" and first["sla_state"] == "breached"
    assert first["reply_method"] == "phone" and first["dispatched_to"] == "刘强"
    assert full["P-002"]["cause"] == "装修超时" and full["P-002"]["kind"] == "complaint"
    assert full["P-003"]["resolve_due"] and full["P-003"]["open_due"] == full["P-003"]["reply_due"]
    assert _ids(office, "--breached") == {first["id"]}


def test_reimport_is_a_no_op(office, tmp_path):
    path = write_csv(tmp_path / "history.csv", ROWS)
    office.ok("ticket", "import", path)
    before = dump(office.db)
    r = office.ok("ticket", "import", path)
    assert "0 added, 5 already recorded, 0 skipped" in r.stdout
    assert dump(office.db) == before
    # the same rows in another encoding are the same tickets
    office.ok("ticket", "import", write_csv(tmp_path / "history-gbk.csv", ROWS, "gb18030"))
    assert dump(office.db) == before


def test_import_a_step_before_the_report_names_row_line_and_field(office, tmp_path, unchanged):
    bad = "P-009,JM01,1栋,101,报修,急,阳台漏水,2026-10-20 09:00,,,2026-10-20 08:30,,,,,,,,"
    path = write_csv(tmp_path / "bad.csv", [ROWS[0], bad, ROWS[2]])
    with unchanged():
        r = office.fails("ticket", "import", path)
    assert "row 2 (line 4)" in r.stderr and "arrived_at" in r.stderr and "reported_at" in r.stderr


def test_import_skip_bad_reports_each_skipped_row(office, tmp_path):
    bad_step = "P-009,JM01,1栋,101,报修,急,阳台漏水,2026-10-20 09:00,,,2026-10-20 08:30,,,,,,,,"
    unanalysed = (
        "P-010,JM01,1栋,101,投诉,,垃圾清运不及时,2026-10-21 09:00,,,,2026-10-21 10:00,已清运,"
        "2026-10-21 11:00,电话,已告知,2026-10-21 12:00,,"
    )
    path = write_csv(tmp_path / "mixed.csv", [ROWS[0], bad_step, ROWS[2], unanalysed])
    r = office.skipped("ticket", "import", path, "--skip-bad")
    assert "2 added, 0 already recorded, 2 skipped" in r.stdout
    skipped = [line for line in r.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 2
    assert skipped[0].startswith("skipped row 2 (line 4)") and "arrived_at" in skipped[0]
    assert skipped[1].startswith("skipped row 4 (line 6)") and "closed_at" in skipped[1] and "analyse" in skipped[1]
    refs = {show(office, t["id"])["ref"] for t in office.json("ticket", "list", "--all")}
    assert refs == {"P-001", "P-003"}


def test_import_a_closed_complaint_without_analysis_is_a_row_error(office, tmp_path, unchanged):
    row = (
        "P-010,JM01,1栋,101,投诉,,垃圾清运不及时,2026-10-21 09:00,,,,2026-10-21 10:00,已清运,2026-10-21 11:00,"
        "电话,已告知,2026-10-21 12:00,,"
    )
    with unchanged():
        r = office.fails("ticket", "import", write_csv(tmp_path / "c.csv", [row]))
    assert "row 1 (line 2)" in r.stderr and "cause analysis" in r.stderr


BAD_ROWS = [
    ("P-011,JM01,9栋,999,报修,急,漏水,2026-10-20 09:00,,,,,,,,,,,", "9栋/999"),
    ("P-011,JM01,1栋,101,抱怨,,漏水,2026-10-20 09:00,,,,,,,,,,,", "kind"),
    ("P-011,JM01,1栋,101,报修,急,漏水,2026-10-32 09:00,,,,,,,,,,,", "reported_at"),
    ("P-011,JM01,1栋,101,报修,急,漏水,2026-11-23 10:30,,,,,,,,,,,", "future"),
    ("P-011,XX99,1栋,101,报修,急,漏水,2026-10-20 09:00,,,,,,,,,,,", "XX99"),
    ("P-011,JM01,1栋,101,咨询,急,漏水,2026-10-20 09:00,,,,,,,,,,,", "priority"),
    ("P-011,JM01,1栋,101,报修,急,漏水,2026-10-20 09:00,,,,,,2026-10-20 10:00,电话,已告知,,,", "resolved_at"),
]


def test_import_bad_rows_are_refused_whole(office, tmp_path, unchanged):
    with unchanged():
        for row, named in BAD_ROWS:
            r = office.fails("ticket", "import", write_csv(tmp_path / "bad.csv", [ROWS[2], row]))
            assert "row 2 (line 3)" in r.stderr and named in r.stderr, (row, r.stderr)


# --- the monthly report and report due -------------------------------------------------------


def test_monthly_section_tickets(office):
    urgent = new(office, "repair", at("08:00"), "--priority", "特急")
    step(office, "dispatch", urgent, "--to", "刘强", when=at("08:01"))
    step(office, "arrive", urgent, when=at("08:05"))  # on time
    high = new(office, "repair", at("08:10"), "--priority", "急")
    step(office, "dispatch", high, "--to", "刘强", when=at("08:11"))
    step(office, "arrive", high, when=at("08:40"))  # late
    new(office, "repair", at("09:00"), "--priority", "一般")  # not arrived yet, still in time
    complaint(office, at("07:00"), upto="analyse")
    new(office, "咨询", "2026-10-20T10:00")  # another month
    section = monthly(office)
    figs = figures(section)
    assert figs["fig.tickets"]["value"] == 4
    assert (figs["fig.complaints_replied"]["numerator"], figs["fig.complaints_replied"]["denominator"]) == (1, 1)
    assert (figs["fig.complaints_analysed"]["numerator"], figs["fig.complaints_analysed"]["denominator"]) == (1, 1)
    assert figs["fig.reopened"]["value"] == 0 and figs["fig.complaints_escalated"]["value"] == 0
    tables = {t["key"]: t for t in section["tables"]}
    sla = {r[0]: r for r in tables["table.sla"]["rows"]}
    assert sla["priority.urgent"][:5] == ["priority.urgent", 1, 1, 0, 0]
    assert sla["priority.high"][:5] == ["priority.high", 1, 0, 1, 0]
    assert sla["priority.normal"][:5] == ["priority.normal", 1, 0, 0, 1]
    assert dict(map(tuple, tables["table.by_kind"]["rows"])) == {"kind.repair": 3, "kind.complaint": 1}
    october = figures(monthly(office, "2026-10"))
    assert october["fig.tickets"]["value"] == 1


def test_report_due_lists_an_overdue_ticket(office):
    overdue = new(office, "repair", "2026-11-22T09:00", "--priority", "急")
    today = new(office, "repair", at("09:00"), "--priority", "急")
    items = office.json("report", "due")["due"]
    mine = {i["record"]: i for i in items if i["what"].startswith("due.ticket")}
    assert mine[f"tickets/{overdue}"]["what"] == "due.ticket_arrive"
    assert mine[f"tickets/{overdue}"]["state"] == "overdue"
    assert mine[f"tickets/{overdue}"]["due"] == "2026-11-22T09:15:00+08:00"
    assert f"tickets/{today}" in mine
    text = office.ok("--lang", "zh", "report", "due").stdout
    assert "报修待到场" in text


def test_report_due_within_n_days_reaches_past_a_month_and_always_lists_the_past(office, unchanged):
    # now Mon 2026-11-23: an agreed time 40 days out (2027-01-02) and an inquiry overdue since 2026-01-07
    # (reported Mon 01-05 + 2 working days)
    agreed = new(office, "repair", at("09:00"), "--agreed", "2027-01-02T10:00")
    old = new(office, "咨询", "2026-01-05T09:00")

    def listed(*extra):
        return {
            i["record"]: i["state"]
            for i in office.json("report", "due", *extra)["due"]
            if i["record"].startswith("tickets/")
        }

    assert listed("--within", "40")[f"tickets/{agreed}"] == "soon"
    assert f"tickets/{agreed}" not in listed("--within", "39")
    for n in ("0", "39", "40", "1830"):  # the horizon: 366 x policy time_years_ahead (5)
        assert listed("--within", n)[f"tickets/{old}"] == "overdue"
    with unchanged():
        for bad in ("-1", "1831", "99999999999"):
            r = office.fails("report", "due", "--within", bad)
            assert "--within" in r.stderr and bad in r.stderr and "1830" in r.stderr
