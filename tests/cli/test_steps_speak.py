"""What the clerk sees after a step: the record's card in the interface language (zh by default, English
with --lang en), status lines from the catalog; --json unchanged (REVIEW-FOUND items 1-4)."""

import re

import pytest

from tests.conftest import ticket_new, visit_record

ZH = {"COMMSCLI_LANG": None}
EN = {"COMMSCLI_LANG": "en"}
ENGLISH_KEY = re.compile(r"^[a-z_]+: ", re.M)  # a raw dump's `state: …` line


def plain_zh(text: str):
    """No raw dump: no English `key:` lines, no Python booleans, no ISO times."""
    assert not ENGLISH_KEY.search(text), text
    assert "True" not in text and "False" not in text, text
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", text), text


# --- item 1: the card after a step -------------------------------------------------------------


def test_office_add_and_update_print_the_office_card(cli):
    r = cli.ok("office", "add", "ZZ02", "--name", "东区管理处", "--phone", "02100000000", env=ZH)
    assert r.stderr.strip() == "已登记管理处 #2"
    assert r.stdout.splitlines()[0] == "管理处 ZZ02" and "名称: 东区管理处" in r.stdout
    plain_zh(r.stdout)
    r = cli.ok("office", "update", "2", "--name", "东区", "--reason", "更名", env=EN)
    assert r.stdout.splitlines()[0] == "Office ZZ02" and "Name: 东区" in r.stdout
    assert cli.json("office", "update", "2", "--phone", "02100000001", "--reason", "x")["phone"] == "02100000001"


def test_household_add_prints_its_card_with_yes_and_no(cli):
    args = ("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--phone", "13800138001")
    r = cli.ok(*args, env=ZH)
    assert r.stdout.splitlines()[0] == "业户 #1" and "房号: 1栋/102" in r.stdout
    assert "电话: 138****8001" in r.stdout and re.search(r"^\S+: 是$", r.stdout, re.M)
    plain_zh(r.stdout)
    r = cli.ok("household", "update", "1", "--occupied", "no", "--reason", "空置", env=EN)
    assert "Household #1" in r.stdout and re.search(r": no$", r.stdout, re.M)
    assert cli.json("household", "update", "1", "--name", "张三", "--reason", "x")["occupied"] is False


def test_staff_add_prints_its_card(cli):
    r = cli.ok("staff", "add", "王丽", "--office", "JM01", "--role", "cleaning", env=ZH)
    assert "姓名: 王丽" in r.stdout and "保洁" in r.stdout
    plain_zh(r.stdout)


def test_callback_record_prints_the_callback_card(office):
    tid = office.json(*ticket_new("投诉", "2026-11-22T09:00", desc="电梯噪音"))["id"]
    office.ok("ticket", "resolve", tid, "--note", "已调整", "--at", "2026-11-22T09:30")
    cid = office.json("callback", "list")[0]["id"]
    r = office.ok("callback", "record", cid, "--method", "电话", "--result", "满意", "--at", "2026-11-23T09:00", env=ZH)
    assert r.stderr.strip() == f"回访 #{cid} 已记录"
    assert r.stdout.splitlines()[0] == office("callback", "show", cid, env=ZH).stdout.splitlines()[0]
    assert "负责: 管理处" in r.stdout
    plain_zh(r.stdout)


@pytest.fixture
def staffed(office):
    office.ok("staff", "add", "林晓东", "--office", "JM01", "--role", "supervisor")
    office.ok("staff", "add", "陈建国", "--office", "JM01", "--role", "manager")
    return office


def test_visit_steps_print_the_visit_card_and_say_what_happened(staffed):
    office = staffed
    r = office.ok(*visit_record("1栋", "101", "2026-11-20T10:00", "--item", "保洁:建议:楼道需加强清洁"), env=ZH)
    assert r.stdout.splitlines()[0] == "访问记录 #1" and "楼道需加强清洁" in r.stdout
    plain_zh(r.stdout)
    r = office.ok("visit", "submit", "1", "--at", "2026-11-23T09:00", env=ZH)
    assert r.stderr.strip() == "访问记录 #1 已交主管（逾期）"  # due by the end of 11-21
    plain_zh(r.stdout)
    r = office.ok("visit", "review", "1", "--by", "林晓东", "--at", "2026-11-23T09:30", env=ZH)
    assert r.stderr.strip() == "访问记录 #1 已审阅；诉求单 #1"


def test_visit_review_in_english(staffed):
    office = staffed
    office.ok(*visit_record("1栋", "101", "2026-11-22T10:00"))
    assert office.ok("visit", "submit", "1", "--at", "2026-11-22T11:00").stderr.strip() == "visit #1 submitted"
    r = office.ok("visit", "review", "1", "--by", "林晓东", "--at", "2026-11-22T12:00")
    assert r.stderr.strip() == "visit #1 reviewed; no tickets"
    assert r.stdout.splitlines()[0] == "Visit #1"


def test_visit_summary_steps_print_a_card(staffed):
    office = staffed
    dec = {"COMMSCLI_NOW": "2026-12-03T10:00:00+08:00"}
    step = ("visit", "summary", "--month", "2026-11")
    r = office.ok(*step, "--complete", "--by", "林晓东", "--at", "2026-12-03T09:00", env={**ZH, **dec})
    assert r.stderr.strip() == "2026-11 访问工作总结已完成"
    assert "逾期完成: 否" in r.stdout
    plain_zh(r.stdout)
    r = office.ok(*step, "--approve", "--by", "陈建国", "--measures", "加强保洁", "--at", "2026-12-03T10:00", env=dec)
    assert r.stderr.strip() == "summary 2026-11 approved"
    assert "Measures: 加强保洁" in r.stdout
    assert office.json("visit", "summary", "--month", "2026-11")["summary"]["completed_late"] == 0


def test_survey_status_prints_a_card(office):
    office.ok("survey", "open", "--season", "2026-11", "--at", "2026-11-02T09:00")
    r = office.ok("survey", "status", "--season", "2026-11", env=ZH)
    assert "回收率: 0.0%（0/1）" in r.stdout
    plain_zh(r.stdout)


# --- item 2: whole status lines from the catalog -------------------------------------------------


def test_import_lines_in_chinese(office, tmp_path):
    f = tmp_path / "h.csv"
    f.write_text("office,building,room,kind\nJM01,1栋,103,owner\nJM01,1栋,104,landlord\n", encoding="utf-8")
    r = office("household", "import", f, "--skip-bad", env=ZH)
    assert r.exit_code == 3
    assert r.stdout.strip() == "h.csv：共 2 行（utf-8）：新增 1，已有 0，跳过 1"
    assert r.stderr.startswith("跳过第 2 条（第 3 行）：类型='landlord': 必须是 ")  # the column's Chinese header
    r = office("household", "import", f, "--skip-bad", env=EN)
    assert r.stdout.strip() == "h.csv: 2 rows (utf-8): 0 added, 1 already recorded, 1 skipped"
    assert r.stderr.startswith("skipped row 2 (line 3): kind='landlord': must be one of ")
    r = office("household", "import", f, env=ZH)
    assert "第 2 条（第 3 行）：类型='landlord': 必须是 " in r.stderr


def test_policy_show_header_says_where_the_policy_comes_from_once(cli, tmp_path):
    assert cli.ok("policy", "show", env=ZH).stderr.strip() == "策略：内置默认值"
    assert cli.ok("policy", "show", env=EN).stderr.strip() == "policy: built-in defaults"
    p = tmp_path / "p.toml"
    p.write_text("", encoding="utf-8")
    assert cli.ok("policy", "show", "--policy", p, env=ZH).stderr.strip() == f"策略：{p}（--policy 指定）"


def test_demo_line_in_chinese_and_english(tmp_path):
    from tests.conftest import Cli

    c = Cli(tmp_path / "demo.db")
    out = c.ok("demo", env=ZH).stdout.strip()
    assert re.fullmatch(r"演示库 \S+demo\.db：管理处 1 个，业户 \d+ 户，人员 \d+ 人，事件 \d+ 条", out), out
    out = c.ok("demo", env=EN).stdout.strip()
    assert re.fullmatch(r"demo store \S+: 1 offices, \d+ households, \d+ staff, \d+ events", out), out


# --- item 3: other codes on screen ----------------------------------------------------------------


def test_is_workday_in_chinese(cli):
    r = cli.ok("calendar", "is-workday", "2026-10-10", env=ZH)
    assert r.stdout.strip() == "2026-10-10\t工作日\t国庆节调休"
    r = cli("calendar", "is-workday", "2026-10-01", env=ZH)
    assert r.exit_code == 1 and r.stdout.strip() == "2026-10-01\t休息日\t国庆节"
    r = cli("calendar", "is-workday", "2026-11-28", env=ZH)  # a plain Saturday: no name
    assert r.exit_code == 1 and r.stdout.strip() == "2026-11-28\t休息日"
    assert cli("calendar", "is-workday", "2026-10-01", env=EN).stdout.strip() == "2026-10-01\tnot a workday\t国庆节"


def test_a_damaged_store_is_said_in_the_interface_language(tmp_path):
    from tests.conftest import Cli

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    c = Cli(bad)
    for args in (("calendar", "is-workday", "2026-10-10"), ("household", "list")):
        r = c(*args, env=ZH)
        assert r.exit_code in (1, 2) and r.stderr.startswith("错误："), r.stderr
        assert "不是 commscli 数据库（file is not a database）" in r.stderr
        assert c(*args, env=EN).stderr.startswith("error: ")


# --- item 4: the errors clerks meet most, in the catalog --------------------------------------------


def err_zh(c, *args) -> str:
    r = c(*args, env=ZH)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert r.exit_code == 1 and len(lines) == 1, r.stderr
    return lines[0]


def test_a_repair_of_another_household_is_refused_in_chinese(office, unchanged):
    office.ok("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102")
    repair = office.json(*ticket_new("报修", "2026-11-22T09:00"))["id"]
    office.ok("ticket", "dispatch", repair, "--to", "刘强", "--at", "2026-11-22T09:10")
    office.ok("ticket", "arrive", repair, "--at", "2026-11-22T09:30")
    office.ok("ticket", "resolve", repair, "--note", "修好", "--at", "2026-11-22T10:00")
    complaint = office.json(*ticket_new("投诉", "2026-11-23T09:00", room="102"))["id"]
    with unchanged():
        line = err_zh(office, "ticket", "defect-persists", complaint, "--about", repair, "--at", "2026-11-23T09:10")
    assert line == f"错误：--about={repair}: 报修 #{repair} 属于另一户"


def test_listing_option_errors_in_chinese(office):
    line = err_zh(office, "ticket", "list", "--fields", "foo")
    assert line.startswith("错误：--fields='foo': 没有这一列；可用的列：id, state, ")
    assert (
        err_zh(office, "ticket", "list", "--csv", "--json")
        == "错误：--json/--csv='both': 只能选 --json、--csv、--nl 之一"
    )
    assert err_zh(office, "ticket", "list", "--fields", ",") == "错误：--fields=',': 请至少写一列（--fields id,state）"


def test_common_errors_in_chinese(office, tmp_path):
    line = err_zh(office, *visit_record("1栋", "101", "2026-11-20T10:00", visitors="无名"))
    assert line == "错误：--visitors='无名': 不是 JM01 的人员"
    assert err_zh(office, "survey", "status", "--season", "2026-11") == (
        "错误：--season='2026-11': 本期没有满意度调查（`survey open`）"
    )
    from tests.conftest import Cli

    assert err_zh(Cli(tmp_path / "none.db"), "household", "list").startswith("错误：--db=")
    assert "数据库不存在（请用 `commscli db init` 创建）" in err_zh(Cli(tmp_path / "none.db"), "household", "list")


# --- the other steps that printed a raw dump: labelled lines through the command's listing columns ---------


def test_calendar_set_and_box_open_print_labelled_lines(office):
    r = office.ok("calendar", "set", "2026-12-01", "--holiday", "--name", "台风停工", "--reason", "台风", env=ZH)
    assert "工作日: 否" in r.stdout and "名称: 台风停工" in r.stdout
    plain_zh(r.stdout)
    r = office.ok("calendar", "set", "2026-12-05", "--workday", "--name", "补班", "--reason", "x", env=EN)
    assert "Workday: yes" in r.stdout
    assert office.json("calendar", "set", "2026-12-06", "--workday", "--reason", "x")["workday"] is True
    r = office.ok("box", "open", "--found", "2", "--note", "测试", "--at", "2026-11-23T09:00", env=ZH)
    assert "取出件数: 2" in r.stdout and "开箱时间: 11-23 09:00" in r.stdout
    plain_zh(r.stdout)


def test_task_new_prints_labelled_lines_in_chinese(office):
    r = office.ok(
        "task", "new", "--from", "安管", "--to", "工程", "--text", "修门禁", "--ask-by", "2026-11-24 10:00", env=ZH
    )
    assert "承诺期限: 11-24 10:00" in r.stdout and "提出时间: 11-23 " in r.stdout
    plain_zh(r.stdout)


# --- the order on a terminal: what happened, then any warning, then the card ----------------------


def test_a_step_says_what_happened_and_warns_before_its_card(office):
    """Read top-down as a clerk reads: the status line (what happened), a warning about it (no holiday
    schedule for 2028: deadlines counted Mon–Fri), then the card; the prompt follows the card's last line."""
    env = {"COMMSCLI_LANG": "zh", "COMMSCLI_FORCE_TTY": "1", "COMMSCLI_NOW": "2028-03-01T10:00:00+08:00"}
    r = office.ok("ticket", "new", "--kind", "咨询", "--building", "1栋", "--room", "101", "-d", "停车费", env=env)
    lines = r.output.splitlines()
    assert lines[0].startswith("诉求单 #1 已登记；时限 03-03")  # 2 working days: Wed → Fri
    assert lines[1].startswith("警告：2028 年节假日安排未载入")
    assert lines[2].startswith("诉求单 #1 · 咨询")  # the card's title
    assert r.output.count("警告") == 1
