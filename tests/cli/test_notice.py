"""commscli notice through the CLI (issue 12): recording with the checks, emergencies, one-to-one notices,
postings, list filters, the card, the form, withdrawal. Now is Monday 2026-11-23 10:00 (conftest)."""

import pytest

from tests.conftest import PHONE, events

ZH = {"COMMSCLI_LANG": "zh"}
CUT = ("notice", "new", "--kind", "停水", "--title", "停水通知", "--body", "清洗水箱")


def water_cut(cli, *extra, start="2026-11-25 09:00", end="2026-11-25 17:00", dept="2026-11-23 09:00"):
    return cli.json(*CUT, "--effective-from", start, "--effective-to", end, "--dept-notified-at", dept, *extra)


def test_a_water_cut_told_in_time_is_recorded_with_its_deadline_and_number(cli):
    n = water_cut(cli, "--advice", "请提前储水")
    assert n["kind"] == "water_cut" and n["breach"] is False and n["emergency"] is False
    assert n["posted_at"] == "2026-11-23T10:00:00+08:00"
    assert n["due_by"] == "2026-11-24T09:00:00+08:00"  # 24 h before 11-25 09:00
    assert n["rules"] == {"notice_cut_dept_hours": 32, "notice_cut_resident_hours": 24}
    assert events(cli, record_table="notices", action="create")[0]["by"] == "tester"
    form = events(cli, record_table="form_numbers")
    assert '"number": "JM01-2026-0001"' in form[0]["after"]


def test_a_cut_told_23_h_before_is_refused_naming_the_rule_and_both_times(cli, unchanged):
    with unchanged():
        r = cli.fails(*CUT, "--effective-from", "2026-11-24 09:00", "--dept-notified-at", "2026-11-22 09:00")
    assert r.stderr.strip() == (
        "error: --posted-at='2026-11-23 10:00': water cut: residents are told at least 24 h before the start "
        "(policy notice_cut_resident_hours): required by 2026-11-23 09:00, given 2026-11-23 10:00; "
        "an emergency says --emergency --reason"
    )
    zh = cli(*CUT, "--effective-from", "2026-11-24 09:00", "--dept-notified-at", "2026-11-22 09:00", env=ZH)
    assert (
        zh.exit_code == 1
        and zh.stderr.startswith("错误：--posted-at=")
        and "停水：" in zh.stderr
        and "最迟 2026-11-23 09:00，实际 2026-11-23 10:00" in zh.stderr
    )


def test_a_cut_without_the_department_time_is_refused_unless_an_emergency(cli, unchanged):
    with unchanged():
        r = cli.fails(*CUT, "--effective-from", "2026-11-26 09:00")
    assert "error: --dept-notified-at: " in r.stderr and "notice_cut_dept_hours" in r.stderr


def test_an_emergency_needs_its_reason_and_is_recorded_as_a_breach(cli, unchanged):
    args = ("notice", "new", "--kind", "power_cut", "--title", "紧急停电", "--body", "变压器故障抢修")
    args += ("--effective-from", "2026-11-23 10:30", "--emergency")
    with unchanged():
        r = cli.fails(*args)
    assert "--reason" in r.stderr
    n = cli.json(*args, "--reason", "变压器故障，供电局抢修")
    assert n["breach"] is True and n["emergency"] is True and n["reason"] == "变压器故障，供电局抢修"
    assert [b["rule"] for b in n["breaches"]] == ["notice_cut_dept_hours", "notice_cut_resident_hours"]
    listed = cli.json("notice", "list", "--emergency")
    assert [x["id"] for x in listed] == [n["id"]]


def test_pest_control_on_a_friday_evening_ending_saturday_00_30_is_refused(cli, unchanged):
    args = ("notice", "new", "--kind", "消杀", "--title", "消杀通知", "--body", "楼道喷洒药物")
    args += ("--dept-notified-at", "2026-11-23 09:00")
    with unchanged():
        r = cli.fails(*args, "--effective-from", "2026-11-27 19:00", "--effective-to", "2026-11-28 00:30")
        assert "--effective-to='2026-11-28'" in r.stderr and "notice_pest_weekend_allowed" in r.stderr
        assert "Sat" in r.stderr
        cli.fails(*args, "--effective-from", "2026-11-27 19:00")  # no end: the ban cannot be checked
    n = cli.json(*args, "--effective-from", "2026-11-27 19:00", "--effective-to", "2026-11-28 00:00")
    assert n["breach"] is False


def test_a_community_event_three_working_days_before(cli, unchanged):
    base = ("notice", "new", "--kind", "社区活动", "--title", "元旦游园会", "--body", "欢迎参加")
    with unchanged():
        # Wednesday 11-25: back Tue 11-24, Mon 11-23, Fri 11-20 → told by Friday 11-20
        r = cli.fails(*base, "--effective-from", "2026-11-25 15:00")
    assert "notice_event_resident_workdays" in r.stderr and "required by 2026-11-20, given 2026-11-23 10:00" in r.stderr
    cli.ok(*base, "--effective-from", "2026-11-25 15:00", "--posted-at", "2026-11-20 17:00")
    cli.ok(*base, "--effective-from", "2026-11-26 15:00")  # Thursday: by Monday 11-23, today


def test_bad_input_names_the_option_and_writes_nothing(cli, unchanged):
    with unchanged():
        r = cli.fails(
            "notice", "new", "--kind", "搬家", "--title", "x", "--body", "y", "--effective-from", "2026-12-01"
        )
        assert r.stderr.startswith("error: --kind='搬家': must be one of")
        cli.fails(*CUT, "--effective-from", "2026-11-25 09:00", "--posted-at", "2026-11-23 11:00")  # future
        cli.fails(*CUT, "--effective-from", "2026-11-25 09:00", "--effective-to", "2026-11-25 08:00")
        cli.fails("notice", "new", "--kind", "一般", "--title", "x", "--effective-from", "2026-12-01")  # no body
        cli.fails("notice", "show", "99")
        cli.fails("notice", "post", "99")


@pytest.fixture
def loss(office):
    return office.json(
        "notice",
        "new",
        "--kind",
        "财物损失",
        "--title",
        "代收快递损坏",
        "--body",
        "您的快递外包装破损",
        "--effective-from",
        "2026-11-23 09:00",
        "--since",
        "2026-11-20 19:00",
        "--household",
        "1",
    )


def test_lost_property_is_told_one_to_one_and_never_posted_in_a_lobby(office, loss, unchanged):
    with unchanged():
        office.fails(
            "notice",
            "new",
            "--kind",
            "财物损失",
            "--title",
            "x",
            "--body",
            "y",
            "--effective-from",
            "2026-11-23 09:00",
            "--since",
            "2026-11-20 19:00",
        )  # no household
        r = office.fails("notice", "post", str(loss["id"]))
        assert "never posted in a lobby" in r.stderr and "--method='posted'" in r.stderr
        office.fails("notice", "post", str(loss["id"]), "--building", "1栋", "--method", "phone")
    n = office.json("notice", "post", str(loss["id"]), "--method", "phone")
    assert n["households"][0]["method"] == "phone" and n["households"][0]["told_at"] == "2026-11-23T10:00:00+08:00"
    assert n["households"][0]["phone"] == "138****8000"
    assert n["postings"][0]["building"] is None
    # the events count the households, never name them
    post = events(office, record_table="notices", action="post")[0]
    assert '"households": 1' in post["after"] and PHONE not in post["after"]


def test_a_households_own_notices_are_listed_only_with_show_personal(office, loss):
    office.fails("notice", "list", "--household", "1")
    assert [n["id"] for n in office.json("notice", "list", "--household", "1", "--show-personal")] == [loss["id"]]


def test_a_contract_change_is_confirmed_by_the_household(office, unchanged):
    n = office.json(
        "notice",
        "new",
        "--kind",
        "合同变更",
        "--title",
        "装修合同变更",
        "--body",
        "施工时间调整",
        "--effective-from",
        "2026-11-24 09:00",
        "--since",
        "2026-11-20 10:00",
        "--household",
        "1",
    )
    with unchanged():
        office.fails("notice", "confirm", str(n["id"]), "--household", "2")
    done = office.json("notice", "confirm", str(n["id"]), "--household", "1")
    assert done["households"][0]["confirmed_at"] == "2026-11-23T10:00:00+08:00"


def test_posting_in_every_building_with_warning_signs(cli, unchanged):
    n = cli.json(
        "notice",
        "new",
        "--kind",
        "维修施工",
        "--title",
        "电梯维修",
        "--body",
        "2栋电梯更换钢丝绳",
        "--effective-from",
        "2026-11-24 10:00",
    )
    w = water_cut(cli)
    with unchanged():
        cli.fails("notice", "post", str(w["id"]), "--signs")  # a cut puts up no signs
        cli.fails("notice", "post", str(n["id"]), "--building", "9栋")
    posted = cli.json("notice", "post", str(n["id"]), "--signs")
    assert [p["building"] for p in posted["postings"]] == ["1栋", "2栋"] and all(p["signs"] for p in posted["postings"])
    assert posted["first_posting_at"] == "2026-11-23T10:00:00+08:00"


def test_list_filters_and_show_card(cli):
    ok = water_cut(cli)
    em = cli.json(
        "notice",
        "new",
        "--kind",
        "停电",
        "--title",
        "紧急停电",
        "--body",
        "抢修",
        "--effective-from",
        "2026-11-23 10:30",
        "--emergency",
        "--reason",
        "电缆故障",
    )
    assert [n["id"] for n in cli.json("notice", "list")] == [em["id"], ok["id"]]
    assert [n["id"] for n in cli.json("notice", "list", "--breach")] == [em["id"]]
    assert [n["id"] for n in cli.json("notice", "list", "--kind", "停水")] == [ok["id"]]
    cli.ok("notice", "withdraw", str(ok["id"]), "--reason", "改期")
    assert [n["id"] for n in cli.json("notice", "list", "--active")] == [em["id"]]
    assert [n["id"] for n in cli.json("notice", "list", "--month", "2026-10")] == []
    out = cli.ok("notice", "show", str(em["id"])).stdout
    assert out.splitlines()[0] == f"Notice #{em['id']} · power cut"
    assert "at least 24 h before the start: required by 2026-11-22 10:30, given 2026-11-23 10:00" in out
    table = cli.ok("notice", "list", env=ZH).stdout
    assert "停电" in table and "power_cut" not in table


def test_withdraw_needs_a_reason_and_keeps_the_notice(cli, unchanged):
    n = water_cut(cli)
    with unchanged():
        cli.fails("notice", "withdraw", str(n["id"]), "--reason", " ")
    w = cli.json("notice", "withdraw", str(n["id"]), "--reason", "施工改期")
    assert w["withdrawn_at"] == "2026-11-23T10:00:00+08:00" and w["withdraw_reason"] == "施工改期"
    with unchanged():
        cli.fails("notice", "withdraw", str(n["id"]), "--reason", "again")
        cli.fails("notice", "post", str(n["id"]))
    assert [x["id"] for x in cli.json("notice", "list")] == [n["id"]]


def test_the_rendered_html_has_the_seal_line_the_office_phone_and_no_personal_data(office, loss):
    cut = water_cut(office, "--advice", "请提前储水")
    html = office.ok("notice", "render", str(cut["id"]), "-f", "html", env=ZH).stdout
    assert "客户服务部（盖章）" in html and "02168880001" in html and "@page { size: A4" in html
    assert "JM01-2026-0002" in html and "请提前储水" in html and "2026年11月25日 09:00 至 2026年11月25日 17:00" in html
    private = office.ok("notice", "render", str(loss["id"]), "-f", "html", env=ZH).stdout
    assert "1栋101" in private and PHONE not in private and "138****8000" not in private
    company = office.json(
        "notice",
        "new",
        "--kind",
        "一般",
        "--issuer",
        "公司",
        "--title",
        "公司通报",
        "--body",
        "关于投诉处理的通报",
        "--effective-from",
        "2026-11-23 10:00",
    )
    md = office.ok("notice", "render", str(company["id"]), "-f", "md", env=ZH).stdout
    assert "公司（盖章）" in md and "客户服务部" not in md
    office.ok("office", "update", "1", "--cs-seal", "金茂府物业服务中心客户服务部", "--reason", "印章名称")
    assert "金茂府物业服务中心客户服务部" in office.ok("notice", "render", str(cut["id"]), env=ZH).stdout
    english = office.ok("notice", "render", str(cut["id"]), "--lang", "en").stdout
    assert (
        "When：2026-11-25 09:00 to 2026-11-25 17:00" in english
        and "Questions：金茂府物业服务中心 02168880001" in english
    )


def figures(report, section="section.notices") -> dict:
    s = next(x for x in report["sections"] if x["key"] == section)
    return {f["key"]: f["value"] for f in s["figures"]}, {t["key"]: t["rows"] for t in s["tables"]}


def test_the_monthly_report_counts_notices_breaches_emergencies_withdrawals_and_one_to_one(office, loss):
    water_cut(office)
    em = office.json(
        "notice",
        "new",
        "--kind",
        "停电",
        "--title",
        "紧急停电",
        "--body",
        "抢修",
        "--effective-from",
        "2026-11-23 10:30",
        "--emergency",
        "--reason",
        "电缆故障",
    )
    office.ok("notice", "withdraw", str(em["id"]), "--reason", "已恢复供电")
    office.ok(
        "notice",
        "new",
        "--kind",
        "宣传",
        "--title",
        "冬季防火",
        "--body",
        "注意用电安全",
        "--effective-from",
        "2026-10-20",
        "--posted-at",
        "2026-10-20 09:00",
    )
    figs, tables = figures(office.json("report", "monthly", "--month", "2026-11"))
    assert figs == {
        "fig.notices": 3,
        "fig.notice_breaches": 1,
        "fig.notice_emergencies": 1,
        "fig.notice_withdrawn": 1,
        "fig.notice_one_to_one": 1,
    }
    assert tables["table.notices_by_kind"] == [
        ["JM01", "notice_kind.water_cut", 1, 0, 0, 0],
        ["JM01", "notice_kind.power_cut", 1, 1, 1, 1],
        ["JM01", "notice_kind.loss", 1, 0, 0, 0],
    ]
    assert tables["table.notice_emergencies"] == [["JM01", "2026-11-23", "notice_kind.power_cut", "电缆故障", 1]]
    md = office.ok("report", "monthly", "--month", "2026-11", "--format", "md", env=ZH).stdout
    assert "| JM01 | 2026-11-23 | 停电 | 电缆故障 | 1 |" in md and PHONE not in md


def test_report_due_lists_publicity_to_refresh_and_notices_not_posted(cli):
    cli.ok(
        "notice",
        "new",
        "--kind",
        "宣传",
        "--title",
        "冬季防火",
        "--body",
        "注意用电安全",
        "--effective-from",
        "2026-10-20",
        "--posted-at",
        "2026-10-20 09:00",
    )
    cut = water_cut(cli)
    due = cli.json("report", "due", "--within", "3")["due"]
    mine = {d["what"]: d for d in due if d["what"].startswith("due.notice")}
    assert mine["due.notice_publicity"]["due"] == "2026-11-20T09:00:00+08:00"  # 10-20 09:00 + 31 days
    assert mine["due.notice_publicity"]["state"] == "overdue"
    assert mine["due.notice_post"]["record"] == f"notices/{cut['id']}"
    assert mine["due.notice_post"]["due"] == "2026-11-24T09:00:00+08:00"
    cli.ok("notice", "post", str(cut["id"]))
    due = cli.json("report", "due", "--within", "3")["due"]
    assert not [d for d in due if d["what"] == "due.notice_post"]


def test_a_survey_results_notice_names_its_survey_and_records_the_results_posted(office, unchanged):
    results = ("notice", "new", "--kind", "调查结果", "--title", "调查结果公告", "--body", "见附件")
    results += ("--effective-from", "2026-11-23 10:00", "--survey", "2026-11")
    office.ok("survey", "open", "--season", "2026-11", "--at", "2026-11-02 09:00")
    office.ok("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--household", "1")
    office.ok("survey", "close", "--season", "2026-11")
    with unchanged():
        r = office.fails(*results)  # not analysed yet
        assert "survey analyse" in r.stderr
    office.ok(
        "survey", "analyse", "--season", "2026-11", "--analysis", "a", "--answers", "b", "--at", "2026-11-23 09:00"
    )
    n = office.json(*results)
    assert n["since"] == "2026-11-23T09:00:00+08:00" and n["due_by"] == "2026-11-30" and n["survey_id"] == 1
    assert office.json("survey", "status", "--season", "2026-11")["results_posted_at"] == "2026-11-23T10:00:00+08:00"


def _one_to_one(office, kind: str, since: str) -> dict:
    args = ("notice", "new", "--kind", kind, "--title", "请与客服中心联系", "--body", "详情电话告知")
    return office.json(*args, "--effective-from", "2026-11-23 09:00", "--since", since, "--household", "1")


def _told_due(office, *extra, env=None) -> list[dict]:
    due = office.json("report", "due", *extra, env=env)["due"]
    return [d for d in due if d["what"] == "due.notice_tell"]


def test_report_due_lists_one_to_one_notices_whose_household_is_not_told_by_the_deadline(office, loss):
    # lost property found Fri 11-20 19:00, 1 working day → told by Mon 11-23 (today);
    # contract changed Fri 11-20 10:00, 2 working days → by Tue 11-24; changed Mon 11-23 09:00 → by Wed 11-25
    tue = _one_to_one(office, "合同变更", "2026-11-20 10:00")
    wed = _one_to_one(office, "合同变更", "2026-11-23 09:00")
    assert (loss["due_by"], tue["due_by"], wed["due_by"]) == ("2026-11-23", "2026-11-24", "2026-11-25")
    items = _told_due(office, "--within", "1")
    assert [(d["record"], d["due"], d["state"]) for d in items] == [
        (f"notices/{loss['id']}", "2026-11-23", "today"),
        (f"notices/{tue['id']}", "2026-11-24", "soon"),
    ]  # Wed 11-25 is beyond one day ahead
    assert items[0]["params"] == {"n": 1} and PHONE not in str(items) and "101" not in str(items)
    assert [d["record"] for d in _told_due(office, "--within", "2")][-1] == f"notices/{wed['id']}"
    # the day after the deadline it is overdue; told (by phone) it is gone; a withdrawn notice owes nothing
    tomorrow = {"COMMSCLI_NOW": "2026-11-24T08:00:00+08:00"}
    assert _told_due(office, "--within", "0", env=tomorrow)[0]["state"] == "overdue"
    office.ok("notice", "post", str(loss["id"]), "--method", "phone")
    office.ok("notice", "withdraw", str(tue["id"]), "--reason", "合同未变更")
    assert [d["record"] for d in _told_due(office, "--within", "2")] == [f"notices/{wed['id']}"]


def test_the_card_says_a_breached_rule_in_words_and_json_keeps_its_key(cli):
    args = ("notice", "new", "--kind", "power_cut", "--title", "紧急停电", "--body", "变压器故障抢修")
    n = cli.json(*args, "--effective-from", "2026-11-23 10:30", "--emergency", "--reason", "变压器故障")
    assert [b["rule"] for b in cli.json("notice", "show", str(n["id"]))["breaches"]] == [
        "notice_cut_dept_hours",
        "notice_cut_resident_hours",
    ]
    zh = cli.ok("notice", "show", str(n["id"]), env=ZH).stdout
    # 10:30 − 32 h = 11-22 02:30 (no department time given); 10:30 − 24 h = 11-22 10:30, told 11-23 10:00
    assert "工程部须在开始前至少 32 小时告知客服中心：最迟 2026-11-22 02:30，实际 —" in zh
    assert "须在开始前至少 24 小时书面公告业户：最迟 2026-11-22 10:30，实际 2026-11-23 10:00" in zh
    assert "notice_cut" not in zh
    en = cli.ok("notice", "show", str(n["id"])).stdout
    assert (
        "residents are told at least 24 h before the start: required by 2026-11-22 10:30, given 2026-11-23 10:00" in en
    )


def test_results_posted_without_a_notice_still_owe_the_results_notice_until_one_names_the_survey(office):
    office.ok("survey", "open", "--season", "2026-11", "--at", "2026-11-02 09:00")
    office.ok("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--household", "1")
    office.ok("survey", "close", "--season", "2026-11")
    analyse = ("survey", "analyse", "--season", "2026-11", "--analysis", "a", "--answers", "b")
    office.ok(*analyse, "--at", "2026-11-23 09:00")  # Mon 11-23 + 5 working days = Mon 11-30
    office.ok("survey", "post", "--season", "2026-11")  # posted, but no notice of kind 调查结果 names it

    def owed():
        return [
            (d["record"], d["due"]) for d in office.json("report", "due")["due"] if d["what"] == "due.notice_results"
        ]

    assert owed() == [("surveys/1", "2026-11-30")]
    results = ("notice", "new", "--kind", "调查结果", "--title", "调查结果公告", "--body", "见附件")
    n = office.json(*results, "--effective-from", "2026-11-23 10:00", "--survey", "2026-11")
    assert owed() == []
    office.ok("notice", "withdraw", str(n["id"]), "--reason", "数据有误")
    assert owed() == [("surveys/1", "2026-11-30")]  # a withdrawn notice names it no more


def test_list_and_render_refuse_bad_input_naming_the_option(cli, unchanged):
    n = water_cut(cli)
    with unchanged():
        assert cli.fails("notice", "list", "--kind", "搬家").stderr.startswith("error: --kind='搬家'")
        assert cli.fails("notice", "list", "--month", "2026-13").stderr.startswith("error: --month='2026-13'")
        assert cli.fails("notice", "render", "99").stderr == "error: ID=99: no such notice\n"
        assert "pdf" in cli.fails("notice", "render", str(n["id"]), "-f", "pdf").stderr
        assert "--reason" in cli.fails("notice", "withdraw", str(n["id"]), "--reason", " ").stderr
