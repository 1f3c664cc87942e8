"""Issue 11, the ticket side of the desk's registers: the repair dispatch order (维修派工单) and the weekly sample
drawn from dispatch orders with its designated caller (公司专人), the relayed channel and the customer
communication register (与客户沟通登记表), promised answers to inquiries. Now: Monday 2026-11-23 10:00 +08:00."""

from tests.cli.test_ticket import at, new, step
from tests.conftest import Cli

ZH = {"COMMSCLI_LANG": "zh"}


def form(c: Cli, tid: int, name: str, fmt: str = "md", *extra) -> str:
    return c.ok("ticket", "form", tid, name, "--format", fmt, *extra, env=ZH).stdout


def due(c: Cli, *extra) -> list[dict]:
    return c.json("report", "due", "--within", "3", *extra)["due"]


def tickets_figures(c: Cli, month: str = "2026-11") -> dict:
    data = c.json("report", "monthly", "--month", month)
    section = next(s for s in data["sections"] if s["key"] == "section.tickets")
    return {f["key"]: f for f in section["figures"]}


# --- 维修派工单 ------------------------------------------------------------------------------


def test_a_dispatched_repair_has_a_numbered_dispatch_order_with_its_lines(office, unchanged):
    tid = new(
        office, "repair", at("09:00"), "--priority", "特急", "--caller-name", "张三", "--caller-phone", "13912345678"
    )
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:02"))
    with unchanged(office.db):  # rendering only reads
        md = form(office, tid, "dispatch")
    assert md.startswith("# 维修派工单")
    assert "| 编号 | JM01-2026-0001 |" in md and f"| 诉求单 | #{tid} |" in md
    assert "| 派工对象 | 刘强 | 派工时间 | 2026年11月23日 09:02 |" in md
    # urgent: on site within 10 minutes of the report (001 §2.5)
    assert "| 紧急程度 | 特急 | 到场时限 | 2026年11月23日 09:10 |" in md
    assert "厨房水管漏水" in md and "1栋101" in md
    # the caller masked: the technician carries the slip
    assert "张*" in md and "139****5678" in md and "张三" not in md and "13912345678" not in md
    for line in ("到场时间", "完工时间", "使用材料", "收费金额", "客户签名"):
        assert line in md
    assert "张三" in form(office, tid, "dispatch", "md", "--show-personal")


def test_the_dispatch_order_is_numbered_at_the_first_dispatch_and_only_for_repairs(office, unchanged):
    first = new(office, "repair", at("08:00"))
    second = new(office, "repair", at("08:01"))
    inquiry = new(office, "咨询", at("08:02"))
    step(office, "dispatch", second, "--to", "刘强", when=at("08:05"))
    step(office, "dispatch", first, "--to", "工程", when=at("08:06"))
    step(office, "dispatch", first, "--to", "刘强", when=at("08:07"))  # again: the same order
    step(office, "dispatch", inquiry, "--to", "安管", when=at("08:08"))
    assert "| 编号 | JM01-2026-0001 |" in form(office, second, "dispatch")
    assert "| 编号 | JM01-2026-0002 |" in form(office, first, "dispatch")
    undispatched = new(office, "repair", at("08:10"))
    assert "| 编号 | ＿＿＿＿＿＿ |" in form(office, undispatched, "dispatch")
    with unchanged(office.db):
        r = office.fails("ticket", "form", inquiry, "dispatch")
        assert "repair" in r.stderr and "#" in r.stderr


def test_dispatch_orders_are_counted_in_the_monthly_report(office):
    for hm in ("08:00", "08:10"):
        step(office, "dispatch", new(office, "repair", at(hm)), "--to", "刘强", when=at(hm.replace(":0", ":3")))
    new(office, "repair", at("08:20"))  # not dispatched
    step(
        office,
        "dispatch",
        new(office, "repair", at("09:00", "2026-10-30")),
        "--to",
        "刘强",
        when=at("09:01", "2026-10-30"),
    )
    assert tickets_figures(office)["fig.dispatch_orders"]["value"] == 2
    assert tickets_figures(office, "2026-10")["fig.dispatch_orders"]["value"] == 1


# --- the sample's designated caller (公司专人) -------------------------------------------------------


def _dispatched_week(c: Cli) -> list[int]:
    """Five repairs dispatched in W46 (Mon 11-09 .. Sun 11-15)."""
    ids = []
    for d in range(9, 14):
        tid = new(c, "repair", f"2026-11-{d:02d}T09:00")
        step(c, "dispatch", tid, "--to", "刘强", when=f"2026-11-{d:02d}T09:05")
        ids.append(tid)
    return ids


def test_the_sample_records_its_caller_who_owes_its_callbacks(office):
    office.ok("staff", "add", "周敏", "--office", "JM01", "--role", "quality")
    _dispatched_week(office)
    s = office.json("callback", "sample", "--week", "2026-W46", "--seed", "3", "--caller", "周敏")[0]
    assert (s["population"], s["size"], s["caller"]) == (5, 1, "周敏")  # ceil(0.2 × 5) = 1
    cbs = office.json("callback", "list", "--kind", "sample")
    assert [c["owed_by"] for c in cbs] == ["周敏"]
    card = office.ok("callback", "show", cbs[0]["id"], env=ZH).stdout
    assert "周敏" in card
    items = [i for i in due(office, "--within", "7") if i["record"] == f"callbacks/{cbs[0]['id']}"]
    assert [(i["what"], i["params"]["owed_by"]) for i in items] == [("due.callback_sample_by", "周敏")]
    zh = office.ok("report", "due", "--within", "7", "--format", "md", env=ZH).stdout
    assert "抽样回访（周敏）" in zh


def test_a_caller_who_is_not_registered_staff_is_refused(office, unchanged):
    _dispatched_week(office)
    with unchanged(office.db):
        r = office.fails("callback", "sample", "--week", "2026-W46", "--seed", "3", "--caller", "无名氏")
        assert "--caller" in r.stderr and "无名氏" in r.stderr


def test_without_a_caller_the_office_owes_the_sample(office):
    _dispatched_week(office)
    office.json("callback", "sample", "--week", "2026-W46", "--seed", "3")
    assert {c["owed_by"] for c in office.json("callback", "list", "--kind", "sample")} == {"office"}


# --- promised answers to inquiries (002 第六条3) ------------------------------------------------------


def _inquiry(c: Cli, *extra, when: str = at("09:00")) -> dict:
    return c.json(
        "ticket",
        "new",
        "--kind",
        "咨询",
        "--building",
        "1栋",
        "--room",
        "101",
        "-d",
        "车位租赁价格",
        "--at",
        when,
        *extra,
    )


def test_a_promise_is_a_deadline_on_the_card_and_in_the_due_list(office):
    t = _inquiry(office, "--promise", "2026-11-24T17:00", "--where", "客服中心前台")
    assert (t["promise_due"], t["promise_where"]) == ("2026-11-24T17:00:00+08:00", "客服中心前台")
    lines = {d["deadline"]: d for d in office.json("ticket", "show", t["id"])["deadlines"]}
    assert lines["promised answer"]["due"] == "2026-11-24T17:00:00+08:00"
    assert lines["promised answer"]["verdict"] == "pending"
    card = office.ok("ticket", "show", t["id"], env=ZH).stdout
    assert "承诺答复" in card and "客服中心前台" in card
    items = [(i["what"], i["due"]) for i in due(office) if i["record"] == f"tickets/{t['id']}"]
    assert ("due.ticket_promise", "2026-11-24T17:00:00+08:00") in items


def test_a_reply_after_the_promise_is_a_broken_promise_and_in_time_a_kept_one(office):
    kept = _inquiry(office, "--promise", at("09:30"), "--where", "前台")["id"]
    broken = _inquiry(office, "--promise", at("09:30"), "--where", "前台")["id"]
    for tid, hm in ((kept, "09:30"), (broken, "09:31")):  # at the minute promised: in time
        step(office, "resolve", tid, "--note", "已查询", when=at("09:20"))
        step(office, "reply", tid, "--method", "phone", "--text", "每月300元", when=at(hm))
    assert office.json("ticket", "show", kept)["promise_kept"] is True
    assert office.json("ticket", "show", broken)["promise_kept"] is False
    assert not [i for i in due(office) if i["what"] == "due.ticket_promise"]
    unanswered = _inquiry(office, "--promise", at("09:45"), "--where", "前台")["id"]  # past now (10:00), unanswered
    f = tickets_figures(office)
    assert f["fig.promises"]["value"] == 3
    assert (f["fig.promises_kept"]["numerator"], f["fig.promises_kept"]["denominator"]) == (1, 3)
    assert any(i["record"] == f"tickets/{unanswered}" and i["state"] == "overdue" for i in due(office))


def test_ticket_promise_records_one_on_an_existing_inquiry(office):
    tid = _inquiry(office)["id"]
    t = office.json(
        "ticket", "promise", tid, "--promise", "2026-11-25T12:00", "--where", "物业APP", "--at", at("09:10")
    )
    assert t["promise_due"] == "2026-11-25T12:00:00+08:00"
    assert [e["action"] for e in office.json("ticket", "show", tid)["timeline"]] == ["create", "promise"]


def test_a_bad_promise_is_refused(office, unchanged):
    tid = _inquiry(office)["id"]
    repair = new(office, "repair", at("09:00"))
    with unchanged(office.db):
        r = office.fails("ticket", "promise", tid, "--promise", at("08:59"), "--where", "前台", "--at", at("09:00"))
        assert "--promise" in r.stderr  # in the past
        r = office.fails("ticket", "promise", repair, "--promise", "2026-11-24T12:00", "--where", "前台")
        assert "inquir" in r.stderr
        assert (
            "--where" in office.fails("ticket", "promise", tid, "--promise", "2026-11-24T12:00", "--where", " ").stderr
        )
        assert (
            "--where"
            in office.fails(
                "ticket", "new", "--kind", "咨询", "--household", "1", "-d", "x", "--promise", "2026-11-24T12:00"
            ).stderr
        )
