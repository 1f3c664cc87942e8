"""The due list (issue 15): each item's owner and its time left or how late it is, from the report's reference
moment (a date-only deadline counts to the end of its day, 23:59:59 in the office zone), sorted by deadline;
`--owner` filters it; overdue items are marked in a terminal. Now: Monday 2026-11-23 10:00 +08:00."""

import csv
import io
from datetime import datetime

import pytest

from commscli.domain.reports import seconds_left
from commscli.render import Renderer
from tests.cli.test_task import transfer
from tests.cli.test_ticket import at, new, step
from tests.conftest import Cli

ZH = {"COMMSCLI_LANG": "zh"}
REF = datetime.fromisoformat("2026-11-23T10:00:00+08:00")


# --- time left, worked by hand --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "seconds", "en", "zh"),
    [
        ("2026-11-23T10:00:00+08:00", 0, "due now", "此刻到期"),  # exactly due now: not late
        ("2026-11-23T09:59:59+08:00", -1, "1 s late", "逾期 1 秒"),  # one second late
        ("2026-11-23T10:00:59+08:00", 59, "59 s left", "剩 59 秒"),
        ("2026-11-25T13:00:00+08:00", 2 * 86400 + 3 * 3600, "2 d 3 h left", "剩 2 天 3 小时"),  # 51 h
        ("2026-11-22T06:00:00+08:00", -(86400 + 4 * 3600), "1 d 4 h late", "逾期 1 天 4 小时"),  # 28 h
        ("2026-11-23T12:05:30+08:00", 2 * 3600 + 5 * 60 + 30, "2 h 5 min left", "剩 2 小时 5 分钟"),
        # date-only: to 23:59:59 of that day; 13 h 59 min 59 s today, 10 h 0 min 1 s late for yesterday
        ("2026-11-23", 13 * 3600 + 59 * 60 + 59, "13 h 59 min left", "剩 13 小时 59 分钟"),
        ("2026-11-22", -(10 * 3600 + 1), "10 h 0 min late", "逾期 10 小时 0 分钟"),
        ("2026-12-01", 8 * 86400 + 13 * 3600 + 59 * 60 + 59, "8 d 13 h left", "剩 8 天 13 小时"),
    ],
)
def test_time_left_by_hand(due, seconds, en, zh):
    assert seconds_left(due, REF) == seconds
    assert Renderer(lang="en").fmt_left(seconds) == en
    assert Renderer(lang="zh").fmt_left(seconds) == zh


# --- the list ---------------------------------------------------------------------------------------


def items(c: Cli, *args, env=None) -> list[dict]:
    return c.json("report", "due", *args, env=env)["due"]


def test_json_items_carry_owner_due_seconds_left_state_rule_record(office):
    tid = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    transfer(office, tid, ask_by=at("12:00"))
    [task] = [i for i in items(office) if i["rule"].startswith("due.handoff")]
    assert {k: task[k] for k in ("owner", "due", "seconds_left", "state", "rule", "record")} == {
        "owner": "dept.engineering",
        "due": "2026-11-23T12:00:00+08:00",
        "seconds_left": 2 * 3600,  # 10:00 → 12:00
        "state": "today",
        "rule": "due.handoff_commit",
        "record": task["record"],
    }
    # exactly due now, then one second late (the reference moment is now when the list is for today)
    [task] = [i for i in items(office, env={"COMMSCLI_NOW": "2026-11-23T12:00:00+08:00"}) if i["rule"] == task["rule"]]
    assert (task["seconds_left"], task["state"]) == (0, "today")
    [task] = [i for i in items(office, env={"COMMSCLI_NOW": "2026-11-23T12:00:01+08:00"}) if i["rule"] == task["rule"]]
    assert (task["seconds_left"], task["state"]) == (-1, "overdue")
    # a date-only deadline: next month's visit plan, due by 2026-12-01, counts to 23:59:59 that day
    [plan] = [i for i in items(office, "--within", "8") if i["rule"] == "due.visit_plan"]
    assert (plan["due"], plan["seconds_left"], plan["owner"]) == ("2026-12-01", 741599, "role.supervisor")
    # another day's list counts from the start of that day
    [plan] = [i for i in items(office, "--date", "2026-11-30") if i["rule"] == "due.visit_plan"]
    assert plan["seconds_left"] == 86400 + 86399  # 11-30 00:00 → 12-01 23:59:59


def test_sorted_by_the_deadline_moment_a_date_counting_to_the_end_of_its_day(office):
    tid = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    transfer(office, tid, ask_by="2026-12-01T12:00")
    got = [(i["rule"], i["due"]) for i in items(office, "--within", "8") if i["due"].startswith("2026-12-01")]
    # the plan's day ends at 23:59:59, after the hand-off's 12:00
    assert got == [("due.handoff_commit", "2026-12-01T12:00:00+08:00"), ("due.visit_plan", "2026-12-01")]
    left = [i["seconds_left"] for i in items(office, "--within", "8")]
    assert left == sorted(left)


def test_ticket_owner_is_whom_it_went_to_else_who_received_it(office):
    tid = new(office, "报修", at("09:00"))
    [t] = [i for i in items(office) if i["record"] == f"tickets/{tid}"]
    assert t["owner"] == "tester"  # received, not dispatched yet: the clerk who took it
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:10"))
    [t] = [i for i in items(office) if i["record"] == f"tickets/{tid}"]
    assert t["owner"] == "刘强"


def test_owner_filter_by_exact_name_or_role_code_or_name(office):
    tid = new(office, "报修", at("09:00"))
    step(office, "dispatch", tid, "--to", "刘强", when=at("09:10"))
    other = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    transfer(office, other, ask_by=at("12:00"))

    def rules(*owner, env=None):
        return sorted({i["rule"] for i in items(office, "--within", "8", *owner, env=env)})

    assert rules("--owner", "刘强") == ["due.ticket_arrive"]
    assert rules("--owner", "刘") == []  # a name matches exactly
    dept = ["due.handoff_commit", "due.meeting_cadence"]  # the hand-off, and the department's weekly meeting
    assert rules("--owner", "engineering") == dept  # the department's code
    assert rules("--owner", "工程部") == dept  # … or its Chinese name
    assert rules("--owner", "Engineering") == dept  # … or its English name, any case
    assert rules("--owner", "客服主管") == rules("--owner", "supervisor") == ["due.visit_plan", "due.visit_summary"]
    assert rules("--owner", "nobody") == []
    text = office.ok("report", "due", "--owner", "刘强").stdout
    assert "刘强" in text and "engineering" not in text


def test_every_format_carries_owner_and_time_left(office):
    tid = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    transfer(office, tid, ask_by=at("12:00"))
    for fmt in ("text", "md", "html", "table"):
        out = office.ok("report", "due", "-f", fmt).stdout
        assert "2 h 0 min left" in out and "engineering" in out, fmt
    zh = office.ok("report", "due", "-f", "md", env=ZH).stdout
    assert "剩 2 小时 0 分钟" in zh and "工程部" in zh
    rows = list(csv.reader(io.StringIO(office.ok("report", "due", "-f", "csv").stdout.lstrip("\ufeff"))))
    head = next(r for r in rows if "Owner" in r)
    row = next(r for r in rows if "due.handoff_commit" in r or any("commits" in c for c in r))
    assert row[head.index("Owner")] == "engineering"
    assert row[head.index("Time left")] == "2 h 0 min left"


def test_overdue_marked_in_a_terminal_plain_otherwise(office, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    tid = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    transfer(office, tid, ask_by=at("09:30"))  # 30 min late at 10:00
    tty = office.ok("report", "due", "--within", "8", env={"COMMSCLI_FORCE_TTY": "1"}).stdout
    [line] = [x for x in tty.splitlines() if "commits" in x]
    assert line.startswith("\x1b[31m! ") and line.endswith("\x1b[0m")  # red, and a mark
    assert "30 min late" in line
    [plan] = [x for x in tty.splitlines() if "Plan the visits" in x]
    assert "\x1b[" not in plan and not plan.startswith("!")  # not overdue: not marked
    nocolour = office.ok("report", "due", env={"COMMSCLI_FORCE_TTY": "1", "NO_COLOR": "1"}).stdout
    [line] = [x for x in nocolour.splitlines() if "commits" in x]
    assert line.startswith("! ") and "\x1b[" not in nocolour  # the mark survives without colour
    plain = office.ok("report", "due").stdout
    assert "\x1b[" not in plain and not any(x.startswith("!") for x in plain.splitlines())
    assert "30 min late" in plain
    # a file is plain even from a terminal
    out = office.db.parent / "due.txt"
    office.ok("report", "due", "-o", out, env={"COMMSCLI_FORCE_TTY": "1"})
    assert "\x1b[" not in out.read_text(encoding="utf-8") and "! " not in out.read_text(encoding="utf-8")


def test_an_item_without_an_owner_still_renders(office):
    from commscli.domain.reports import DueItem, Report

    report = Report(kind="due", title="report.due", period="2026-11-23", generated_at="2026-11-23T10:00:00+08:00")
    report.due = [DueItem("2026-11-23", "due.visit_plan", "visit_plans", "JM01", params={"month": "2026-12"})]
    report.due[0].state, report.due[0].seconds_left = "today", 50399
    for fmt in ("text", "md", "html", "csv", "json", "table"):
        out = Renderer(lang="en").report(report, fmt)
        assert "visit" in out.lower(), fmt


def test_every_due_item_of_every_section_names_its_owner():
    """Each DueItem a section makes passes ``owner`` (a module without due items makes none: guide, letters)."""
    import ast
    import inspect

    from commscli import sections

    missing = []
    for mod in sections.modules():
        tree = ast.parse(inspect.getsource(mod))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "DueItem":
                if "owner" not in {k.arg for k in node.keywords}:
                    missing.append(f"{mod.__name__}:{node.lineno}")
    assert missing == []


def test_demo_due_list_each_item_has_an_owner(tmp_path):
    from tests.conftest import frozen_env

    c = Cli(tmp_path / "demo.db")
    c.ok("demo", "--db", c.db, db=False, env=frozen_env(tmp_path))
    got = items(c, "--within", "30")
    assert len(got) > 20 and all(i["owner"] for i in got)
    assert [i["seconds_left"] for i in got] == sorted(i["seconds_left"] for i in got)
    kinds = {i["rule"].split("_")[0] for i in got}
    assert {"due.ticket", "due.callback", "due.visit", "due.survey", "due.notice", "due.appeal", "due.info"} <= kinds
    assert "due.box_open" in {i["rule"] for i in got}
