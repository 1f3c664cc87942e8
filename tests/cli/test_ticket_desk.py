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
