"""The service guide and price list (服务指南, 004; 001 §2.2), and the quote that names its service (issue 11)."""

import pytest

from commscli.domain import guide as rules
from commscli.errors import InputError
from tests.cli.test_ticket import at, new, step
from tests.conftest import events

ZH = {"COMMSCLI_LANG": "zh"}


# --- the rules, as plain functions --------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, fen",
    [("免费", 0), ("free", 0), ("0", 0), ("50", 5000), ("12.5", 1250), ("¥8.05", 805), ("30元", 3000)],
)
def test_a_price_is_kept_in_fen(typed, fen):
    assert rules.price_fen(typed) == fen


@pytest.mark.parametrize("typed", ["", "abc", "-5", "1.234", "2000000", "五十", "nan"])
def test_a_bad_price_names_the_field(typed):
    with pytest.raises(InputError) as e:
        rules.price_fen(typed, "--price")
    assert e.value.line("en").startswith("--price=")


def test_price_text_and_the_off_list_rule():
    assert rules.price_text(5000, "次") == "50 元/次" and rules.price_text(1250, "小时") == "12.50 元/小时"
    assert rules.price_text(0, None) == "免费" and rules.price_text(0, None, "en") == "free"
    # 120.5 yuan against a list of 12050 fen: on the list; a fen more is off it
    assert not rules.off_list(120.5, 12050) and rules.off_list(120.51, 12050) and rules.off_list(100, 12050)


# --- the price list through the CLI -------------------------------------------------------------


def add(c, name="疏通下水道", *args):
    return c.json("service", "add", name, *args)


def test_add_list_show_a_service(cli):
    s = add(cli, "疏通下水道", "--price", "50", "--unit", "次", "--hours", "8:00-18:00", "--phone", "68880002")
    assert (s["name"], s["price_fen"], s["unit"], s["office"]) == ("疏通下水道", 5000, "次", "JM01")
    add(cli, "代收快递", "--price", "免费", "--unit", "件")
    rows = cli.json("service", "list")
    assert [(r["name"], r["price_fen"], r["unit"]) for r in rows] == [("疏通下水道", 5000, "次"), ("代收快递", 0, None)]
    text = cli.ok("service", "list", env=ZH).stdout
    assert "50 元/次" in text and "免费" in text
    assert [e["action"] for e in cli.json("service", "show", s["id"])["events"]] == ["create"]


def test_a_bad_service_is_refused_and_nothing_is_written(cli, unchanged):
    add(cli, "疏通下水道", "--price", "50", "--unit", "次")
    with unchanged():
        assert "--price='五十'" in cli.fails("service", "add", "换灯泡", "--price", "五十", "--unit", "个").stderr
        assert "--unit" in cli.fails("service", "add", "换灯泡", "--price", "10").stderr  # paid: a unit
        assert "疏通下水道" in cli.fails("service", "add", "疏通下水道", "--price", "60", "--unit", "次").stderr
        assert "--reason" in cli.fails("service", "update", "1", "--price", "60").stderr


def test_a_new_price_is_an_event_and_a_retired_service_is_kept(cli, unchanged):
    sid = add(cli, "疏通下水道", "--price", "50", "--unit", "次")["id"]
    cli.ok("service", "update", sid, "--price", "60", "--reason", "2027 年调价", "--at", "2026-11-23T09:00")
    e = events(cli, record_table="guide_services", action="update")[-1]
    assert '"price_fen": 5000' in e["before"] and '"price_fen": 6000' in e["after"] and e["reason"] == "2027 年调价"
    with unchanged():
        cli.fails("service", "update", sid, "--retire")  # a reason
    cli.ok("service", "update", sid, "--retire", "--reason", "外包给专业公司")
    assert cli.json("service", "list") == []
    kept = cli.json("service", "list", "--retired")
    assert kept[0]["retire_reason"] == "外包给专业公司" and kept[0]["retired_at"]
    add(cli, "疏通下水道", "--price", "80", "--unit", "次")  # the name is free again
    with unchanged():
        cli.fails("service", "update", sid, "--price", "70", "--reason", "x")  # retired: not corrected


def test_the_guide_is_a_zh_booklet_with_the_office_phones_and_prices(cli):
    add(cli, "疏通下水道", "--price", "50", "--unit", "次", "--hours", "8:00-18:00")
    add(cli, "代收快递", "--price", "免费", "--hours", "全天", "--phone", "68880009")
    md = cli.ok("service", "guide", "--format", "md", env=ZH).stdout
    assert md.startswith("# 金茂府物业服务中心服务指南")
    assert "服务热线：02168880001" in md
    assert "| 疏通下水道 | 8:00-18:00 | 02168880001 | 50 元/次 |" in md
    assert "| 代收快递 | 全天 | 68880009 | 免费 |" in md
    assert "更新日期：2026年11月23日" in md
    html = cli.ok("service", "guide", "--format", "html", env=ZH).stdout
    assert "@page { size: A4" in html and "<th>收费标准</th>" in html


# --- the quote names its service -----------------------------------------------------------------


def quoted(office, price, *extra, service="更换马桶"):
    tid = new(office, "repair", at("09:00"), "--paid")
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:02"))
    args = ("--price", price, "--accepted-at", at("09:04"), "--service", service, *extra)
    return tid, args


def test_a_quote_at_the_list_price_records_the_service_and_the_list_price(office):
    add(office, "更换马桶", "--price", "120", "--unit", "次")
    tid, args = quoted(office, "120")
    t = step(office, "quote", tid, *args, when=at("09:05"))
    assert (t["service_id"], t["list_price"], t["off_list"], t["price_reason"]) == (1, 120.0, 0, None)
    e = events(office, record_table="tickets", action="quote")[-1]
    assert '"service": "更换马桶"' in e["after"]


def test_a_price_off_the_list_needs_a_reason(office, unchanged):
    add(office, "更换马桶", "--price", "120", "--unit", "次")
    tid, args = quoted(office, "150")
    with unchanged(office.db):
        r = office("ticket", "quote", tid, *args, "--at", at("09:05"), env=ZH)
        assert (
            r.exit_code == 1
            and r.stderr == "错误：--reason='': 报价与收费标准（120 元/次）不同：请用 --reason 说明原因\n"
        )
        office.fails("ticket", "quote", tid, *args, "--reason", "  ", "--at", at("09:05"))
        office.fails("ticket", "quote", tid, "--price", "120", "--accepted-at", at("09:04"), "--service", "换锁")
    t = step(office, "quote", tid, *args, "--reason", "需加装配件", when=at("09:05"))
    assert (t["price"], t["list_price"], t["off_list"], t["price_reason"]) == (150.0, 120.0, 1, "需加装配件")


def test_a_retired_service_cannot_be_quoted(office, unchanged):
    sid = add(office, "更换马桶", "--price", "120", "--unit", "次")["id"]
    office.ok("service", "update", sid, "--retire", "--reason", "不再提供")
    tid, args = quoted(office, "120", service=str(sid))
    with unchanged(office.db):
        assert "retired" in office.fails("ticket", "quote", tid, *args, "--at", at("09:05")).stderr


def test_the_monthly_report_counts_quotes_off_the_list_per_office(office):
    add(office, "更换马桶", "--price", "120", "--unit", "次")
    for price, extra in (("120", ()), ("150", ("--reason", "加装配件")), ("100", ("--reason", "老人优惠"))):
        tid, args = quoted(office, price)
        step(office, "quote", tid, *args, *extra, when=at("09:05"))
    section = next(
        s for s in office.json("report", "monthly", "--month", "2026-11")["sections"] if s["key"] == "section.guide"
    )
    figures = {f["key"]: f for f in section["figures"]}  # one office: its figures are the totals
    # three quotes, two of them off the list: 2/3
    assert figures["fig.quotes"]["value"] == 3 and figures["fig.services_listed"]["value"] == 1
    off = figures["fig.quotes_off_list"]
    assert (off["numerator"], off["denominator"]) == (2, 3)
