"""Staff suggestions and appeals (职员提议、申诉表, 003 篇2 §4.3, issue 14): hand one in to the direct superior,
who answers within one week; unanswered after that week or disagreed with, it goes to general affairs, which
handles it within one week. "One week" is 7 calendar days (tests/test_appeal_rules.py), so a holiday does not
stretch it. Every person is a staff member; the employee's name shows only to the employee, the superior and
general affairs (or with --show-personal). Now: Monday 2026-11-23 10:00 +08:00."""

import pytest

from tests.conftest import Cli, events

ZH = {"COMMSCLI_LANG": "zh"}
EMPLOYEE, SUPERIOR, GA, OTHER = "张伟", "林晓东", "曾华", "刘强"


@pytest.fixture
def staffed(office) -> Cli:
    for name, role in ((EMPLOYEE, "clerk"), (SUPERIOR, "supervisor"), (GA, "general_affairs"), ("陈建国", "manager")):
        office.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return office


def new(c: Cli, at: str, *extra, kind: str = "appeal", text: str = "加班费计算有误", by: str = EMPLOYEE) -> dict:
    words = ("appeal", "new", "--staff", EMPLOYEE, "--kind", kind, "--to", SUPERIOR, "--text", text)
    return c.json(*words, "--at", at, "--by", by, *extra)


def step(c: Cli, action: str, aid: int, at: str, by: str, text: str = "已核实") -> dict:
    return c.json("appeal", action, aid, "--text", text, "--at", at, "--by", by)


def due(c: Cli, within: str = "7") -> list[tuple]:
    items = c.json("report", "due", "--within", within)["due"]
    return [(i["what"], i["due"], i["record"]) for i in items if i["what"].startswith("due.appeal")]


def figures(c: Cli, month: str) -> dict:
    data = c.json("report", "monthly", "--month", month)
    section = next(s for s in data["sections"] if s["key"] == "section.appeals")
    return {
        f["key"]: (f["numerator"], f["denominator"]) if f["denominator"] is not None else f["value"]
        for f in section["figures"]
    }


# --- the week across National Day ------------------------------------------------------------------------


def test_an_answer_after_the_calendar_week_across_national_day_is_late_and_goes_to_general_affairs(staffed):
    # handed in Tue 09-29 10:00 → the superior's week ends Tue 10-06 23:59:59 (National Day 10-01..10-07 does
    # not stretch it); general affairs' week then ends Tue 10-13 23:59:59
    a = new(staffed, "2026-09-29 10:00")
    # recorded after the fact (now is 11-23): unanswered past its week, it is with general affairs already
    assert (a["answer_due"], a["ga_due"], a["state"], a["answer_late"]) == (
        "2026-10-06T23:59:59+08:00",
        "2026-10-13T23:59:59+08:00",
        "with_general_affairs",
        True,
    )
    a = step(staffed, "answer", a["id"], "2026-10-08 09:00", SUPERIOR)  # the first working day after the holiday
    assert (a["answer_late"], a["escalated"], a["state"], a["ga_due"]) == (
        True,
        True,
        "with_general_affairs",
        "2026-10-13T23:59:59+08:00",
    )
    a = step(staffed, "handle", a["id"], "2026-10-13 18:00", GA, text="补发加班费")
    assert (a["state"], a["handle_late"], a["handling"], a["handled_by"]) == ("handled", False, "补发加班费", GA)


def test_an_answer_on_the_last_evening_of_the_week_inside_the_holiday_is_in_time(staffed):
    a = new(staffed, "2026-09-29 10:00")
    a = step(staffed, "answer", a["id"], "2026-10-06 23:59:59", SUPERIOR)
    assert (a["answer_late"], a["escalated"], a["state"]) == (False, False, "answered")
    # nothing for general affairs to handle
    r = staffed.fails("appeal", "handle", a["id"], "--text", "x", "--by", GA, "--at", "2026-10-08 09:00")
    assert "not with general affairs" in r.stderr and "2026-10-06 23:59" in r.stderr


def test_general_affairs_handling_after_its_week_is_flagged_late(staffed):
    a = new(staffed, "2026-09-29 10:00")
    a = step(staffed, "handle", a["id"], "2026-10-14 09:00", GA)  # unanswered: with general affairs since 10-06
    assert (a["answer_late"], a["handle_late"], a["escalated"], a["state"]) == (True, True, True, "handled")
    card = staffed.ok("appeal", "show", a["id"], "--by", GA, env=ZH).stdout
    assert "答复超时: 是" in card and "处理超时: 是" in card and "状态: 已处理" in card


# --- the due list -------------------------------------------------------------------------------------


def test_the_due_list_shows_the_superiors_answer_then_general_affairs_after_the_week(staffed):
    fresh = new(staffed, "2026-11-16 09:00")  # the week ends today, 11-23 23:59:59
    stale = new(staffed, "2026-11-10 09:00")  # the week ended 11-17: with general affairs until 11-24
    assert sorted(due(staffed)) == [
        ("due.appeal_answer", "2026-11-23T23:59:59+08:00", f"staff_appeals/{fresh['id']}"),
        ("due.appeal_handle", "2026-11-24T23:59:59+08:00", f"staff_appeals/{stale['id']}"),
    ]
    step(staffed, "answer", fresh["id"], "2026-11-23 09:00", SUPERIOR)
    step(staffed, "handle", stale["id"], "2026-11-23 09:30", GA)
    assert due(staffed) == []
    text = staffed.ok("report", "due", "--within", "7", env=ZH).stdout
    assert EMPLOYEE not in text


def test_a_disagreement_sends_it_to_general_affairs_for_a_week_from_that_day(staffed):
    a = new(staffed, "2026-11-18 09:00")
    step(staffed, "answer", a["id"], "2026-11-19 10:00", SUPERIOR)
    assert due(staffed) == []
    a = step(staffed, "disagree", a["id"], "2026-11-20 08:00", EMPLOYEE, text="仍有两天未计")
    assert (a["state"], a["escalated"], a["answer_late"], a["ga_due"]) == (
        "with_general_affairs",
        True,
        False,
        "2026-11-27T23:59:59+08:00",
    )
    assert due(staffed) == [("due.appeal_handle", "2026-11-27T23:59:59+08:00", f"staff_appeals/{a['id']}")]
    actions = [e["action"] for e in events(staffed, record_table="staff_appeals", record_id=a["id"])]
    assert actions == ["create", "answer", "disagree"]


# --- the monthly report: counted, no one named -----------------------------------------------------------


def test_the_monthly_report_counts_on_time_late_and_escalated_without_names(staffed):
    on_time = new(staffed, "2026-11-02 09:00", kind="suggestion", text="食堂增加夜宵")
    step(staffed, "answer", on_time["id"], "2026-11-03 09:00", SUPERIOR)
    late = new(staffed, "2026-11-03 09:00")
    step(staffed, "answer", late["id"], "2026-11-12 09:00", SUPERIOR)  # due 11-10: late, escalated
    step(staffed, "handle", late["id"], "2026-11-13 09:00", GA)  # ga due 11-17: in time
    disagreed = new(staffed, "2026-11-04 09:00")
    step(staffed, "answer", disagreed["id"], "2026-11-05 09:00", SUPERIOR)
    step(staffed, "disagree", disagreed["id"], "2026-11-06 09:00", EMPLOYEE)  # ga due 11-13, unhandled now
    new(staffed, "2026-11-20 09:00")  # open, the week runs to 11-27
    assert figures(staffed, "2026-11") == {
        "fig.appeals": 4,
        "fig.appeals_on_time": (2, 4),
        "fig.appeals_late": 1,
        "fig.appeals_escalated": 2,
        "fig.appeals_handled_on_time": (1, 2),
        "fig.appeals_handled_late": 1,
    }
    assert figures(staffed, "2026-10")["fig.appeals"] == 0
    for fmt in ("text", "md", "html", "csv", "json"):
        out = staffed.ok("report", "monthly", "--month", "2026-11", "--format", fmt, env=ZH).stdout
        assert fmt in ("csv", "json") or "职员提议与申诉" in out, fmt
        assert EMPLOYEE not in out


# --- who may see the person -----------------------------------------------------------------------------


def test_show_names_the_employee_only_to_the_employee_the_superior_general_affairs_or_with_show_personal(staffed):
    a = new(staffed, "2026-11-20 09:00")
    for by in (EMPLOYEE, SUPERIOR, GA):
        assert staffed.json("appeal", "show", a["id"], "--by", by)["staff"] == EMPLOYEE, by
        assert f"Employee: {EMPLOYEE}" in staffed.ok("appeal", "show", a["id"], "--by", by).stdout
    assert staffed.json("appeal", "show", a["id"], "--by", OTHER)["staff"] is None
    out = staffed.ok("appeal", "show", a["id"], "--by", OTHER, env=ZH).stdout
    assert EMPLOYEE not in out and "当事人: （已隐去）" in out
    assert EMPLOYEE not in staffed.ok("appeal", "show", a["id"]).stdout  # no reader named
    assert staffed.json("appeal", "show", a["id"], "--show-personal")["staff"] == EMPLOYEE
    listed = staffed.json("appeal", "list")
    assert [r["staff"] for r in listed] == [None]
    assert [r["staff"] for r in staffed.json("appeal", "list", "--by", SUPERIOR)] == [EMPLOYEE]
    assert EMPLOYEE not in staffed.ok("appeal", "list", "--wide", "--csv").stdout


def test_a_reader_who_is_not_a_staff_member_is_refused(staffed, unchanged):
    a = new(staffed, "2026-11-20 09:00")
    with unchanged(staffed.db):
        r = staffed.fails("appeal", "show", a["id"], "--by", "路人甲")
        assert "--by" in r.stderr and "路人甲" in r.stderr
        staffed.fails("appeal", "list", "--by", "路人甲")


# --- every person a staff member; each step by its person --------------------------------------------------


@pytest.mark.parametrize(
    "option, value",
    [("--staff", "无名氏"), ("--to", "无名氏"), ("--by", "无名氏"), ("--by", "tester"), ("--to", EMPLOYEE)],
)
def test_new_refuses_anyone_not_a_staff_member_naming_the_value(staffed, unchanged, option, value):
    words = {"--staff": EMPLOYEE, "--to": SUPERIOR, "--by": EMPLOYEE, option: value}
    with unchanged(staffed.db):
        r = staffed.fails("appeal", "new", "--kind", "appeal", "--text", "x", *[x for kv in words.items() for x in kv])
        assert option in r.stderr and value in r.stderr


def test_each_step_is_taken_by_its_person(staffed, unchanged):
    a = new(staffed, "2026-11-16 09:00")
    with unchanged(staffed.db):
        assert "only the superior" in staffed.fails("appeal", "answer", a["id"], "--text", "x", "--by", GA).stderr
        r = staffed.fails("appeal", "answer", a["id"], "--text", "x")  # the default user is no staff member
        assert "--by" in r.stderr and "tester" in r.stderr
        r = staffed.fails("appeal", "disagree", a["id"], "--text", "x", "--by", EMPLOYEE)
        assert "not answered yet" in r.stderr
    step(staffed, "answer", a["id"], "2026-11-17 09:00", SUPERIOR)
    with unchanged(staffed.db):
        assert (
            "only the employee" in staffed.fails("appeal", "disagree", a["id"], "--text", "x", "--by", SUPERIOR).stderr
        )
        r = staffed.fails("appeal", "answer", a["id"], "--text", "y", "--by", SUPERIOR)
        assert "the superior answered it 2026-11-17 09:00" in r.stderr
        r = staffed.fails("appeal", "disagree", a["id"], "--text", "x", "--by", EMPLOYEE, "--at", "2026-11-17 08:00")
        assert "--at" in r.stderr
    step(staffed, "disagree", a["id"], "2026-11-18 09:00", EMPLOYEE)
    with unchanged(staffed.db):
        r = staffed.fails("appeal", "handle", a["id"], "--text", "x", "--by", SUPERIOR)
        assert "general affairs handles it" in r.stderr and SUPERIOR in r.stderr
        r = staffed.fails("appeal", "handle", a["id"], "--text", " ", "--by", GA)
        assert "--text" in r.stderr
    step(staffed, "handle", a["id"], "2026-11-19 09:00", GA)
    with unchanged(staffed.db):
        assert "handled" in staffed.fails("appeal", "handle", a["id"], "--text", "x", "--by", GA).stderr


def test_bad_values_are_refused_naming_them(staffed, unchanged):
    with unchanged(staffed.db):
        r = staffed.fails("appeal", "new", "--staff", EMPLOYEE, "--kind", "投诉", "--to", SUPERIOR, "--text", "x")
        assert "--kind" in r.stderr and "投诉" in r.stderr
        r = staffed.fails(
            *("appeal", "new", "--staff", EMPLOYEE, "--kind", "申诉", "--to", SUPERIOR), "--text", "", "--by", EMPLOYEE
        )
        assert "--text" in r.stderr
        r = staffed.fails(
            *("appeal", "new", "--staff", EMPLOYEE, "--kind", "申诉", "--to", SUPERIOR, "--text", "x"),
            "--by",
            EMPLOYEE,
            "--at",
            "2026-11-24 09:00",
        )
        assert "--at" in r.stderr
        assert "--month" in staffed.fails("appeal", "list", "--month", "2026-13").stderr
        assert "ID" in staffed.fails("appeal", "show", "99").stderr
        assert "ID" in staffed.fails("appeal", "answer", "99", "--text", "x", "--by", SUPERIOR).stderr
        assert "ID" in staffed.fails("appeal", "form", "99").stderr
        staffed.fails("appeal", "form", "1", "--format", "pdf")


# --- Chinese names, the form ---------------------------------------------------------------------------


def test_kinds_are_accepted_in_chinese_and_shown_in_chinese(staffed):
    a = staffed.json(
        *("appeal", "new", "--staff", EMPLOYEE, "--kind", "提议", "--to", SUPERIOR, "--text", "增设更衣柜"),
        "--by",
        EMPLOYEE,
    )
    assert a["kind"] == "suggestion"
    out = staffed.ok("appeal", "list", env=ZH).stdout.splitlines()
    assert out[0].split("\t") == ["编号", "类型", "状态", "提交时间", "超时", "内容"]
    assert out[1].split("\t")[1:3] == ["提议", "待上级答复"]


def test_the_form_is_numbered_when_handed_in_and_names_the_employee_only_with_show_personal(staffed, tmp_path):
    a = new(staffed, "2026-09-29 10:00")
    step(staffed, "answer", a["id"], "2026-10-08 09:00", SUPERIOR, text="按制度核算")
    md = staffed.ok("appeal", "form", a["id"], "--format", "md", env=ZH).stdout
    assert "# 职员提议、申诉表" in md
    assert "| 编号 | JM01-2026-0001 | 管理处 | 金茂府物业服务中心 |" in md
    assert "| 类型 | 申诉 | 日期 | 2026年9月29日 |" in md
    assert EMPLOYEE not in md and "| 当事人 | （已隐去） | 直接上级 | 林晓东 |" in md
    assert "**答复时间**：2026年10月8日 09:00（超时）" in md
    assert "**综合事务部处理期限**：2026年10月13日 23:59" in md
    assert (
        f"| 当事人 | {EMPLOYEE} |"
        in staffed.ok("appeal", "form", a["id"], "-f", "md", "--show-personal", env=ZH).stdout
    )
    out = tmp_path / "a.html"
    staffed.ok("appeal", "form", a["id"], "-o", out, env=ZH)
    assert "<h1>职员提议、申诉表</h1>" in out.read_text(encoding="utf-8")


def test_list_open_month_and_kind(staffed):
    settled = new(staffed, "2026-11-16 09:00", kind="suggestion")
    step(staffed, "answer", settled["id"], "2026-11-17 09:00", SUPERIOR)
    waiting = new(staffed, "2026-11-20 09:00")
    october = new(staffed, "2026-10-20 09:00")  # unanswered past its week: with general affairs
    assert [a["id"] for a in staffed.json("appeal", "list", "--open")] == [waiting["id"], october["id"]]
    assert [a["id"] for a in staffed.json("appeal", "list", "--month", "2026-10")] == [october["id"]]
    assert [a["id"] for a in staffed.json("appeal", "list", "--kind", "提议")] == [settled["id"]]


def test_with_two_offices_each_person_is_of_the_appeals_office_and_a_reader_sees_their_own(staffed, unchanged):
    staffed.ok("office", "add", "JM02", "--name", "二号物业服务中心")
    staffed.ok("staff", "add", "赵敏", "--office", "JM02", "--role", "clerk")
    staffed.ok("staff", "add", "钱进", "--office", "JM02", "--role", "supervisor")
    mine = new(staffed, "2026-11-20 09:00", "--office", "JM01")
    theirs = staffed.json(
        *("appeal", "new", "--staff", "赵敏", "--kind", "appeal", "--to", "钱进", "--text", "x"),
        *("--office", "JM02", "--by", "赵敏"),
    )
    with unchanged(staffed.db):
        r = staffed.fails(
            *("appeal", "new", "--staff", "赵敏", "--kind", "appeal", "--to", SUPERIOR, "--text", "x"),
            *("--office", "JM01", "--by", EMPLOYEE),
        )
        assert "--staff" in r.stderr and "赵敏" in r.stderr and "JM01" in r.stderr
    rows = {a["id"]: a["staff"] for a in staffed.json("appeal", "list", "--by", SUPERIOR)}
    assert rows == {mine["id"]: EMPLOYEE, theirs["id"]: None}
    assert staffed.json("appeal", "show", theirs["id"], "--by", SUPERIOR)["staff"] is None
    assert staffed.json("appeal", "show", theirs["id"], "--by", "钱进")["staff"] == "赵敏"
    with unchanged(staffed.db):
        staffed.fails("appeal", "list", "--by", "无名氏")
