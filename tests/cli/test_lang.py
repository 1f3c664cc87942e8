"""The interface language: people read zh-CN by default, English with --lang en / COMMSCLI_LANG / the policy;
scripts read --json codes and exit codes that never change (README "Language").

conftest sets COMMSCLI_LANG=en for the suite; these tests unset it (ZH) or set the language explicitly."""

import pytest

from tests.conftest import dump, visit_record

ZH = {"COMMSCLI_LANG": None}  # the default: nothing chosen
ROOM = ("--building", "1栋", "--room", "101")


def err(r) -> str:
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert r.exit_code == 1 and len(lines) == 1, r.stderr
    return lines[0]


# --- Chinese by default ----------------------------------------------------------------------------


def test_a_status_line_is_chinese_by_default(office):
    r = office.ok(
        "ticket",
        "new",
        "--kind",
        "repair",
        "--priority",
        "urgent",
        *ROOM,
        "-d",
        "漏水",
        "--at",
        "2026-11-23T09:00",
        env=ZH,
    )
    # urgent: arrive within 10 minutes of 09:00
    assert r.stderr.strip() == "诉求单 #1 已登记；时限 11-23 09:10"
    r = office.ok("ticket", "dispatch", "1", "--to", "刘强", "--at", "2026-11-23T09:01", env=ZH)
    assert r.stderr.strip() == "诉求单 #1：已派工"


def test_a_choice_error_is_chinese_and_lists_the_chinese_choices(office):
    before = dump(office.db)
    r = office("ticket", "new", "--kind", "漏水", *ROOM, "-d", "x", env=ZH)
    assert err(r) == "错误：--kind='漏水': 必须是 报修、投诉、咨询、建议、求助 之一"
    assert dump(office.db) == before


@pytest.mark.parametrize(
    "args, line",
    [
        (("ticket", "show", "99"), "错误：编号=99: 没有这个诉求单"),
        (("ticket", "new", "--kind", "repair", *ROOM, "-d", " "), "错误：--description=' ': 必须填写"),
        (
            ("ticket", "new", "--kind", "inquiry", *ROOM, "-d", "x", "--priority", "急"),
            "错误：--priority='high': 只有报修才有紧急程度",
        ),
        (
            ("ticket", "new", "--kind", "inquiry", *ROOM, "-d", "x", "--at", "2026-23-11"),
            "错误：--at='2026-23-11': 不是有效的日期或时间（月份须在 1 到 12 之间）",
        ),
        (
            ("ticket", "list", "--month", "11/2026"),
            "错误：--month='11/2026': 请先写年份（YYYY-MM、2026/11 或 2026年11月）",
        ),
        (
            ("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--phone", "12ab"),
            "错误：--phone='12ab': 不是电话号码",
        ),
        (("household", "show", "0"), "错误：业户编号='0': 不是编号（1 起的整数）"),
        (
            ("ticket", "form", "1", "工作单"),
            "错误：表单='工作单': 必须是 dispatch（维修派工单）、transfer（故障转呈单）、contact-letter（工作联系函）、"
            "corrective（纠正措施报告） 之一",
        ),
        (("calendar", "set", "2026-12-01"), "错误：--workday/--holiday: 请给出 --workday 或 --holiday 之一"),
        (("report", "due", "--within", "9999"), "错误：--within='9999': 必须是 0 到 1830 天（策略 time_years_ahead）"),
        (("visit", "plan", "--month", "2026-11", "--skip-bad"), "错误：--skip-bad: 只用于 --file 导入"),
    ],
)
def test_error_lines_users_meet_are_chinese(office, args, line):
    assert err(office(*args, env=ZH)) == line


def test_steps_out_of_order_and_closure_blockers_are_chinese(office):
    office.ok("ticket", "new", "--kind", "投诉", *ROOM, "-d", "保洁不及时", "--at", "2026-11-23T08:00")
    assert err(office("ticket", "arrive", "1", env=ZH)) == "错误：诉求单='#1': 不能到场：诉求单已受理（须为已派工）"
    office.ok("ticket", "resolve", "1", "--note", "已安排", "--at", "2026-11-23T08:30")
    office.ok("ticket", "reply", "1", "--method", "电话", "--text", "已处理", "--at", "2026-11-23T08:40")
    assert (
        err(office("ticket", "close", "1", env=ZH))
        == "错误：诉求单='#1': 不能关闭：未记录原因分析和预防措施（`ticket analyse`）"
    )


def test_a_warning_is_chinese_by_default(cli):
    r = cli.ok("calendar", "is-workday", "2027-02-01", env=ZH)  # 2027's schedule is not built in
    assert "警告：2027 年节假日安排未载入：按周一至周五计算" in r.stderr


# --- English on request ----------------------------------------------------------------------------

ENGLISH = "error: --kind='x': must be one of repair, complaint, inquiry, suggestion, help"


def test_english_with_the_root_option(office):
    assert err(office("--lang", "en", "ticket", "new", "--kind", "x", *ROOM, "-d", "y", env=ZH)) == ENGLISH


def test_english_with_the_environment(office):
    assert err(office("ticket", "new", "--kind", "x", *ROOM, "-d", "y", env={"COMMSCLI_LANG": "en"})) == ENGLISH


def test_english_with_the_policy(office, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text('language = "en"\n', encoding="utf-8")
    r = office("ticket", "new", "--kind", "x", *ROOM, "-d", "y", "--policy", policy, env=ZH)
    assert err(r) == ENGLISH
    r = office.ok("ticket", "new", "--kind", "help", *ROOM, "-d", "y", "--policy", policy, env=ZH)
    assert r.stderr.startswith("ticket #1 recorded; due ")


def test_the_option_wins_over_the_environment_and_zh_cn_is_accepted(office):
    r = office("--lang", "zh-CN", "ticket", "new", "--kind", "x", *ROOM, "-d", "y", env={"COMMSCLI_LANG": "en"})
    assert err(r).startswith("错误：--kind='x': 必须是 报修、")
    r = office.ok("--lang", "zh_CN", "household", "update", "1", "--name", "王", "--reason", "更正", env={})
    assert r.stderr.strip() == "已更新业户 #1"


def test_json_and_exit_codes_do_not_change_with_the_language(office):
    zh = office.json("ticket", "new", "--kind", "报修", *ROOM, "-d", "漏水", env=ZH)
    assert (zh["kind"], zh["priority"], zh["state"]) == ("repair", "normal", "received")
    en = office.json("--lang", "en", "ticket", "show", "1")
    assert (en["kind"], en["state"]) == ("repair", "received")
    assert office("ticket", "show", "9", env=ZH).exit_code == office("ticket", "show", "9").exit_code == 1


# --- choices: typed in either language, listed in both in --help, completed by the shell ----------


@pytest.mark.parametrize(
    "args, option, shown",
    [
        (("ticket", "new"), "--priority", "urgent 特急 | high 急 | normal 一般"),
        (("ticket", "new"), "--kind", "repair 报修 | complaint 投诉"),
        (("ticket", "list"), "--state", "received 已受理 | dispatched 已派工"),
        (("ticket", "reply"), "--method", "phone 电话"),
        (("ticket", "escalate"), "--reason", "compensation 涉及经济赔偿/补偿"),
        (("staff", "add"), "--role", "lobby_assistant 大堂助理"),
        (("household", "add"), "--kind", "owner 业主 | tenant 租户"),
        (("callback", "record"), "--satisfaction", "very_satisfied 很满意"),
        (("visit", "record"), "--method", "home 入户"),
        (("visit", "record"), "--item", "opinion 意见 | suggestion 建议 | need 需求"),
        (("visit", "record"), "--item", "保洁 cleaning, 绿化 greening"),  # categories: the policy says which
        (("visit", "list"), "--state", "recorded 已记录 | submitted 已交主管 | reviewed 已审阅"),
    ],
)
def test_help_lists_each_choice_in_both_languages(bare, args, option, shown):
    text = " ".join(w for w in bare(*args, "--help", db=False, env={"COLUMNS": "80"}).stdout.split() if w != "│")
    assert option in text and shown in text


@pytest.mark.parametrize(
    "args",
    [
        ("--kind", "repair", "--priority", "urgent", "--channel", "walk-in", "--category", "repair_service"),
        ("--kind", "报修", "--priority", "特急", "--channel", "来访", "--category", "维修服务及员工技能态度"),
        ("--kind", "维修", "--priority", "紧急", "--channel", "前台", "--category", "维修服务"),  # synonyms
    ],
)
def test_ticket_choices_by_code_chinese_name_and_synonym(office, args):
    t = office.json("ticket", "new", *args, *ROOM, "-d", "漏水")
    assert (t["kind"], t["priority"], t["channel"], t["category"]) == ("repair", "urgent", "walk_in", "repair_service")
    assert office.json("ticket", "list", "--state", "已受理", "--priority", "紧急")[0]["id"] == t["id"]


@pytest.mark.parametrize("role", ["lobby_assistant", "大堂助理", "大堂", "lobby assistant"])
def test_staff_role_by_code_chinese_name_and_synonym(office, role):
    assert office.json("staff", "add", "王芳", "--office", "JM01", "--role", role)["role"] == "lobby_assistant"


def complete(words: str) -> str:
    from typer.testing import CliRunner

    from commscli.cli import app

    cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    r = CliRunner().invoke(
        app,
        [],
        prog_name="commscli",
        env={"_COMMSCLI_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword},
    )
    assert r.exit_code == 0
    return r.stdout


def test_the_shell_completes_choice_values_and_commands():
    assert complete("commscli ticket new --kind ").split() == ["repair", "complaint", "inquiry", "suggestion", "help"]
    assert complete("commscli ticket new --priority u").split() == ["urgent"]
    assert complete("commscli ticket new --priority 特").split() == ["特急"]
    assert complete("commscli staff add 王芳 --role lob").split() == ["lobby_assistant"]
    assert complete("commscli tick").split() == ["ticket"]


def test_the_completion_script_is_generated(bare, monkeypatch):
    monkeypatch.setattr("typer.completion._get_shell_name", lambda: "bash")  # as a bash user's shell is found
    r = bare("--show-completion", db=False)
    assert r.exit_code == 0 and "_COMMSCLI_COMPLETE=complete_bash" in r.stdout


# --- forms and reports follow the interface language; their own --lang wins -------------------------


def test_reports_and_forms_follow_the_interface_language(office):
    assert "月度服务沟通报告" in office.ok("report", "monthly", "--month", "2026-10", env=ZH).stdout
    assert "Monthly service-communication report" in office.ok("report", "monthly", "--month", "2026-10").stdout
    assert "月度服务沟通报告" in office.ok("report", "monthly", "--month", "2026-10", "--lang", "zh-CN").stdout
    assert (
        "Monthly service-communication report"
        in office.ok("--lang", "zh", "report", "monthly", "--month", "2026-10", "--lang", "en").stdout
    )
    office.ok("ticket", "new", "--kind", "repair", *ROOM, "-d", "漏水")
    assert "故障转呈单" in office.ok("ticket", "form", "1", "transfer", "--lang", "zh-CN").stdout
    assert "Fault-transfer form" in office.ok("ticket", "form", "1", "transfer").stdout
    assert "业户信息卡" in office.ok("household", "form", "1", "--lang", "zh_cn").stdout


# --- a building given as a bare number -------------------------------------------------------------


def test_a_bare_building_number_matches_its_only_building(office):
    t = office.json("ticket", "new", "--kind", "报修", "--building", "1", "--room", "101", "-d", "漏水")
    assert t["household_id"] == 1
    assert (
        office.json("ticket", "new", "--kind", "报修", "--building", "１", "--room", "101", "-d", "漏水")[
            "household_id"
        ]
        == 1
    )  # a full-width digit too


def test_a_bare_building_number_matching_two_buildings_names_them(office):
    office.ok("office", "update", "1", "--buildings", "1栋,2栋,1号楼", "--reason", "新楼")
    office.ok("household", "add", "--office", "JM01", "--building", "1号楼", "--room", "101")
    before = dump(office.db)
    r = office("ticket", "new", "--kind", "报修", "--building", "1", "--room", "101", "-d", "漏水", env=ZH)
    assert err(r) == "错误：--building='1': 对应多个楼栋：1号楼、1栋"
    r = office("ticket", "new", "--kind", "报修", "--building", "1", "--room", "101", "-d", "漏水")
    assert err(r) == "error: --building='1': matches more than one building: 1号楼, 1栋"
    assert dump(office.db) == before
    assert (
        office.json("ticket", "new", "--kind", "报修", "--building", "1栋", "--room", "101", "-d", "漏水")[
            "household_id"
        ]
        == 1
    )


@pytest.mark.parametrize("state", ["submitted", "已交主管", "交主管", "SUBMITTED"])
def test_visit_list_state_by_code_chinese_name_and_synonym(office, state):
    office.ok("staff", "add", "林晓东", "--office", "JM01", "--role", "supervisor")
    office.ok(*visit_record("1栋", "101", "2026-11-20T10:00"))
    office.ok(*visit_record("1栋", "101", "2026-11-21T10:00"))
    office.ok("visit", "submit", "2", "--at", "2026-11-21T11:00")
    assert [v["id"] for v in office.json("visit", "list", "--month", "2026-11", "--state", state)] == [2]


def test_a_wrong_visit_state_lists_the_states_in_the_interface_language(office):
    assert err(office("visit", "list", "--month", "2026-11", "--state", "done", env=ZH)) == (
        "错误：--state='done': 必须是 已记录、已交主管、已审阅、已取消 之一"
    )
    assert err(office("visit", "list", "--month", "2026-11", "--state", "done")) == (
        "error: --state='done': must be one of recorded, submitted, reviewed, cancelled"
    )


def test_the_shell_completes_visit_states_and_item_kinds():
    assert complete("commscli visit list --state s").split() == ["submitted"]
    assert complete("commscli visit record --item 保洁:").split()[:2] == ["保洁:opinion", "保洁:suggestion"]


# --- a mistyped command line (click's usage errors) -------------------------------------------------


@pytest.mark.parametrize(
    "args, line",
    [
        (
            ("ticket", "new", "--kind", "报修", "--caller", "方女士"),
            "错误：没有 --caller 这个选项（是不是：--caller-name、--caller-phone、--category）（用法：commscli ticket new -h）",
        ),
        (("visit", "list"), "错误：缺少选项 --month（必须填写）（用法：commscli visit list -h）"),
        (("tickt", "list"), "错误：没有 tickt 这个命令（是不是：ticket）（用法：commscli -h）"),
        (("ticket", "list", "--limit", "abc"), "错误：--limit: 不是整数（用法：commscli ticket list -h）"),
        (("ticket", "show", "1", "2"), "错误：多余的内容：2（含空格的内容请加引号）（用法：commscli ticket show -h）"),
        (("ticket", "show"), "错误：缺少 诉求单编号（用法：commscli ticket show -h）"),
    ],
)
def test_a_mistyped_command_line_is_one_chinese_line(office, args, line):
    r = office(*args, env=ZH)
    assert r.exit_code == 2 and r.stdout == "" and r.stderr.splitlines() == [line]


def test_a_mistyped_command_line_in_english_keeps_clicks_panel(office):
    r = office("ticket", "new", "--caller", "x")
    assert r.exit_code == 2 and "No such option: --caller" in r.stderr and "Usage: commscli ticket new" in r.stderr


def test_policy_show_says_where_a_value_came_from_in_chinese(office):
    r = office.ok("policy", "show", env=ZH)
    assert "sla_urgent_minutes\t10\t默认\t" in r.stdout
    values = office.json("policy", "show", env=ZH)["values"]
    assert {v["source"] for v in values} == {"default"}  # scripts: the code


def test_a_done_callback_refused_names_the_callback_in_chinese(office):
    office.ok("ticket", "new", "--kind", "投诉", *ROOM, "-d", "保洁不及时", "--at", "2026-11-23T08:00")
    office.ok("ticket", "escalate", "1", "--reason", "compensation", "--at", "2026-11-23T08:10")
    cb = office.json("callback", "list")[0]["id"]
    office.ok("callback", "record", cb, "--method", "电话", "--result", "满意")
    assert err(office("callback", "record", cb, "--method", "电话", "--result", "x", env=ZH)) == (
        f"错误：回访='#{cb}': 状态为已回访"
    )
