"""Issue 16: historical callbacks (`callback import`) and staff suggestions and appeals (`appeal import`).

A callback names what it follows up by what an office's sheet has: a ticket by its natural key (ref, else
household + report time + text; the ticket's kind follows from the callback's), a new resident's or a
survey's callback by its household. An appeal names its people by their staff names. The state follows from
the step times; the due times are the file's, or the desk's rule where the row says enough. The round trip
of both is in tests/cli/test_export.py. The ``office`` fixture: office JM01, household 1栋/101, engineer 刘强.
Now: Monday 2026-11-23 10:00 +08:00.
"""

import json
import sqlite3

import pytest

from tests.conftest import Cli, dump, events

TICKETS = (
    "office,building,room,kind,description,reported_at,dispatched_at,arrived_at,resolved_at,resolution\n"
    "JM01,1栋,101,repair,水管漏水,2026-10-08 09:00,2026-10-08 09:05,2026-10-08 09:10,2026-10-08 10:00,已修好\n"
    "JM01,1栋,101,complaint,楼上噪音,2026-10-09 09:00,,,2026-10-09 12:00,已劝说\n"
    "JM01,1栋,101,complaint,电梯异响,2026-10-12 09:00,,,,\n"
)
CALLBACKS = (
    "office,kind,building,room,ticket_reported_at,ticket_description,due_at,done_at,method,result,satisfaction\n"
    "JM01,complaint,1栋,101,2026-10-09 09:00,楼上噪音,,2026-10-10 09:00,phone,客户认可,satisfied\n"
    "JM01,sample,1栋,101,2026-10-08 09:00,水管漏水,2026-10-20 08:00,2026-10-15 10:00,phone,修好了,very_satisfied\n"
    "JM01,escalation,1栋,101,2026-10-12 09:00,电梯异响,2026-10-20 23:59:59,,,,\n"
)
EMPLOYEE, SUPERIOR, GA = "张伟", "林晓东", "曾华"
APPEALS = (
    "office,kind,staff,superior,text,submitted_at,answered_at,answer,disagreed_at,disagreement,"
    "handled_at,handled_by,handling\n"
    # answered in time: settled
    "JM01,suggestion,张伟,林晓东,食堂增加夜宵,2026-11-02 09:00,2026-11-03 09:00,同意,,,,,\n"
    # answered late (due 11-10): with general affairs, handled in time (due 11-17)
    "JM01,appeal,张伟,林晓东,加班费计算有误,2026-11-03 09:00,2026-11-12 09:00,已核,,,2026-11-13 09:00,曾华,已补发\n"
    # answered in time, disagreed 11-06: general affairs' week to 11-13, unhandled now
    "JM01,appeal,张伟,林晓东,排班不公,2026-11-04 09:00,2026-11-05 09:00,不变,2026-11-06 09:00,仍不同意,,,\n"
    # open: the superior's week runs to 11-27
    "JM01,appeal,张伟,林晓东,工服尺码不合,2026-11-20 09:00,,,,,,,\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def desk(office, tmp_path) -> Cli:
    """``office`` with three historical tickets and the appeals' people."""
    office.ok("ticket", "import", write(tmp_path, "tickets.csv", TICKETS))
    for name, role in ((EMPLOYEE, "clerk"), (SUPERIOR, "supervisor"), (GA, "general_affairs")):
        office.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return office


def _sql(c: Cli, sql: str, params=()) -> list:
    conn = sqlite3.connect(str(c.db))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# --- callbacks --------------------------------------------------------------------------------------------------


def test_historical_callbacks_import_with_their_state_and_the_desks_due_time(desk, tmp_path):
    r = desk.json("callback", "import", write(tmp_path, "cb.csv", CALLBACKS))
    assert (r["rows"], r["inserted"], r["existing"], r["skipped"]) == (3, 3, 0, [])
    rows = desk.json("callback", "list", "--all")
    by_kind = {c["kind"]: c for c in rows}
    # a complaint's callback left without a due time: 24 h (callback_complaint_hours) after the resolution
    assert by_kind["complaint"]["due_at"] == "2026-10-10T12:00:00+08:00"
    assert by_kind["complaint"]["state"] == "done" and by_kind["complaint"]["satisfaction"] == "satisfied"
    assert by_kind["sample"]["due_at"] == "2026-10-20T08:00:00+08:00"
    assert by_kind["escalation"]["state"] == "open"
    # each names its ticket: the complaint's callback the complaint reported 10-09 09:00
    (tid,) = _sql(desk, "SELECT id FROM tickets WHERE description = '楼上噪音'")[0]
    assert by_kind["complaint"]["ticket_id"] == tid
    shown = desk.json("callback", "show", by_kind["complaint"]["id"])
    assert shown["result"] == "客户认可" and shown["room"] == "101"
    # only the import's event, naming the rows it wrote
    (e,) = events(desk, record_table="callbacks")
    assert e["action"] == "import" and e["record_id"] is None
    assert json.loads(e["after"])["inserted"] == 3


def test_a_callback_reimport_changes_nothing_and_writes_no_event(desk, tmp_path):
    path = write(tmp_path, "cb.csv", CALLBACKS)
    desk.ok("callback", "import", path)
    before = len(events(desk))
    again = desk.json("callback", "import", path)
    assert (again["inserted"], again["existing"]) == (0, 3)
    assert len(events(desk)) == before


def test_a_bad_callback_row_names_its_row_and_column_and_nothing_is_written(desk, tmp_path, unchanged):
    bad = CALLBACKS + "JM01,complaint,1栋,101,2026-10-09 09:30,楼上噪音,,2026-10-10 09:00,phone,好,satisfied\n"
    path = write(tmp_path, "bad.csv", bad)
    with unchanged():
        r = desk.fails("callback", "import", path)
    assert "row 4" in r.stderr and "ticket_description" in r.stderr
    skipped = desk.skipped("callback", "import", path, "--skip-bad", "--json")
    assert [(s["row"], s["line"]) for s in skipped["skipped"]] == [(4, 5)]
    assert skipped["inserted"] == 3


@pytest.mark.parametrize(
    "row, column",
    [
        # a state word the times do not say
        ("JM01,sample,1栋,101,2026-10-08 09:00,水管漏水,2026-10-21 08:00,,,,,done", "state"),
        # an outcome without its time: a step after a missing one
        ("JM01,sample,1栋,101,2026-10-08 09:00,水管漏水,2026-10-21 08:00,,phone,好,,", "done_at"),
        # made before the ticket was reported
        ("JM01,sample,1栋,101,2026-10-08 09:00,水管漏水,2026-10-21 08:00,2026-10-01 09:00,phone,好,,", "done_at"),
        # a sample's due time is no rule of the ticket's: the file must say it
        ("JM01,sample,1栋,101,2026-10-08 09:00,水管漏水,,,,,,", "due_at"),
        # a complaint's callback of a repair: no such complaint
        ("JM01,complaint,1栋,101,2026-10-08 09:00,水管漏水,,,,,,", "ticket_description"),
        # a new resident's callback follows up no ticket
        ("JM01,new_resident,1栋,101,2026-10-08 09:00,水管漏水,,,,,,", "ticket_reported_at"),
        ("JM01,complaint,1栋,999,2026-10-09 09:00,楼上噪音,,,,,,", "household"),
    ],
)
def test_a_callback_row_the_rules_refuse_names_the_column(desk, tmp_path, row, column):
    head = "office,kind,building,room,ticket_reported_at,ticket_description,due_at,done_at,method,result,"
    path = write(tmp_path, "one.csv", head + "satisfaction,state\n" + row + "\n")
    r = desk.fails("callback", "import", path)
    assert "row 1" in r.stderr and column in r.stderr, r.stderr
    assert _sql(desk, "SELECT COUNT(*) FROM callbacks") == [(0,)]


def test_a_hand_written_callback_sheet_with_chinese_headers_and_extra_columns_imports(desk, tmp_path):
    sheet = (
        "序号,管理处,回访类型,楼栋,房号,报修时间,维修内容,回访期限,回访日期,回访方式,回访结果,满意度,回访人,备注\n"
        "1,JM01,抽样,1栋,101,2026/10/8 9:00,水管漏水,2026/10/20,2026/10/15 10:00,电话,修好了,非常满意,王丽,\n"
        "2,JM01,投诉,1栋,101,2026/10/9 9:00,楼上噪音,,2026/10/10 9:00,走访,客户认可,满意,王丽,上门\n"
    )
    path = tmp_path / "回访记录.csv"
    path.write_bytes(sheet.encode("gb18030"))
    r = desk.json("callback", "import", path)
    assert r["inserted"] == 2 and r["ignored_columns"] == ["序号", "备注"]
    rows = {c["kind"]: c for c in desk.json("callback", "list", "--state", "done")}
    assert (rows["sample"]["satisfaction"], rows["sample"]["due_at"]) == ("very_satisfied", "2026-10-20T00:00:00+08:00")
    assert rows["complaint"]["due_at"] == "2026-10-10T12:00:00+08:00"  # the desk's rule: 24 h after the resolution


def test_an_owed_new_resident_callback_is_recorded_by_the_file_with_its_own_event(office, tmp_path):
    # the household import opens the callback a recent move-in is owed (due a month after the move-in)
    office.ok(
        "household", "import", write(tmp_path, "h.csv", "office,building,room,move_in\nJM01,2栋,301,2026-11-01\n")
    )
    (owed,) = office.json("callback", "list", "--kind", "new_resident")
    assert (owed["due_at"], owed["state"]) == ("2026-12-01T23:59:59+08:00", "open")
    sheet = (
        "office,kind,building,room,due_at,done_at,method,result,satisfaction\n"
        "JM01,new_resident,2栋,301,,2026-11-20 15:00,visit,入住顺利,satisfied\n"
    )
    path = write(tmp_path, "cb.csv", sheet)
    r = office.json("callback", "import", path)
    assert r["inserted"] == 1
    assert _sql(office, "SELECT COUNT(*) FROM callbacks") == [(1,)]  # the owed one, not a second
    shown = office.json("callback", "show", owed["id"])
    assert (shown["state"], shown["done_at"], shown["satisfaction"]) == (
        "done",
        "2026-11-20T15:00:00+08:00",
        "satisfied",
    )
    assert [e["action"] for e in shown["events"]][-1] == "record"
    again = office.json("callback", "import", path)
    assert (again["inserted"], again["existing"]) == (0, 1)
    assert office.json("db", "check")["consistency"]["states_without_event"] == []


def test_imported_callbacks_count_in_the_monthly_satisfaction_as_desk_callbacks_would(desk, tmp_path):
    desk.ok("callback", "import", write(tmp_path, "cb.csv", CALLBACKS))
    data = desk.json("report", "monthly", "--month", "2026-10")
    section = next(s for s in data["sections"] if s["key"] == "section.tickets")
    sat = next(f for f in section["figures"] if f["key"] == "fig.satisfaction")
    # by hand: two callbacks made in October, both graded satisfied or better
    assert (sat["numerator"], sat["denominator"]) == (2, 2)


def test_db_check_is_clean_and_the_month_counters_agree_after_the_imports(desk, tmp_path):
    from commscli.store import open_store
    from tests.test_month_counts import assert_agree

    desk.ok("callback", "import", write(tmp_path, "cb.csv", CALLBACKS))
    desk.ok("appeal", "import", write(tmp_path, "ap.csv", APPEALS))
    check = desk.json("db", "check")["consistency"]
    assert check["state_mismatches"] == [] and check["states_without_event"] == []
    store = open_store(desk.db, readonly=True)
    try:
        assert_agree(store)
    finally:
        store.close()


# --- appeals ------------------------------------------------------------------------------------------------------


def test_historical_appeals_import_with_the_state_their_step_times_say(desk, tmp_path):
    r = desk.json("appeal", "import", write(tmp_path, "ap.csv", APPEALS))
    assert (r["inserted"], r["existing"]) == (4, 0)
    rows = desk.json("appeal", "list", "--show-personal")
    by_text = {a["text"]: a for a in rows}
    assert by_text["食堂增加夜宵"]["state"] == "answered"
    assert (by_text["加班费计算有误"]["state"], by_text["加班费计算有误"]["answer_late"]) == ("handled", True)
    assert by_text["加班费计算有误"]["handled_by"] == GA
    disagreed = by_text["排班不公"]
    assert (disagreed["state"], disagreed["ga_due"]) == ("with_general_affairs", "2026-11-13T23:59:59+08:00")
    assert (by_text["工服尺码不合"]["state"], by_text["工服尺码不合"]["answer_due"]) == (
        "with_superior",
        "2026-11-27T23:59:59+08:00",
    )


def test_imported_appeals_count_in_the_monthly_report_as_desk_appeals_would(desk, tmp_path):
    desk.ok("appeal", "import", write(tmp_path, "ap.csv", APPEALS))
    data = desk.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in data["sections"] if s["key"] == "section.appeals")
    figs = {
        f["key"]: (f["numerator"], f["denominator"]) if f["denominator"] is not None else f["value"]
        for f in section["figures"]
    }
    # the same four appeals entered at the desk (tests/cli/test_appeal.py) give these figures
    assert figs == {
        "fig.appeals": 4,
        "fig.appeals_on_time": (2, 4),
        "fig.appeals_late": 1,
        "fig.appeals_escalated": 2,
        "fig.appeals_handled_on_time": (1, 2),
        "fig.appeals_handled_late": 1,
    }


def test_an_appeal_reimport_changes_nothing(desk, tmp_path):
    path = write(tmp_path, "ap.csv", APPEALS)
    desk.ok("appeal", "import", path)
    before = dump(desk.db)
    again = desk.json("appeal", "import", path)
    assert (again["inserted"], again["existing"]) == (0, 4)
    assert dump(desk.db) == before


@pytest.mark.parametrize(
    "row, column",
    [
        ("JM01,appeal,张三,林晓东,加班费,2026-11-03 09:00,,,,,,,", "staff"),  # no such staff member
        ("JM01,appeal,张伟,王五,加班费,2026-11-03 09:00,,,,,,,", "superior"),
        ("JM01,appeal,张伟,林晓东,加班费,2026-11-03 09:00,2026-11-02 09:00,已核,,,,,", "answered_at"),
        ("JM01,appeal,张伟,林晓东,加班费,2026-11-03 09:00,,,2026-11-04 09:00,不同意,,,", "answered_at"),
        ("JM01,appeal,张伟,林晓东,加班费,2026-11-03 09:00,2026-11-04 09:00,,,,,,", "answer"),
        # answered in time and not disagreed: general affairs has nothing to handle
        (
            "JM01,appeal,张伟,林晓东,加班费,2026-11-03 09:00,2026-11-04 09:00,已核,,,2026-11-05 09:00,曾华,办",
            "handled_at",
        ),
        (
            "JM01,appeal,张伟,林晓东,加班费,2026-11-03 09:00,2026-11-12 09:00,已核,,,2026-11-13 09:00,刘强,办",
            "handled_by",
        ),
    ],
)
def test_an_appeal_row_the_rules_refuse_names_the_column(desk, tmp_path, row, column):
    head = APPEALS.splitlines()[0]
    r = desk.fails("appeal", "import", write(tmp_path, "one.csv", head + "\n" + row + "\n"))
    assert "row 1" in r.stderr and column in r.stderr, r.stderr
    assert _sql(desk, "SELECT COUNT(*) FROM staff_appeals") == [(0,)]


def test_a_bad_appeal_row_with_skip_bad_exits_3_and_lists_it(desk, tmp_path):
    bad = APPEALS + "JM01,appeal,无名氏,林晓东,加班费,2026-11-03 09:00,,,,,,,\n"
    r = desk.skipped("appeal", "import", write(tmp_path, "ap.csv", bad), "--skip-bad", "--json")
    assert [(s["row"], s["line"]) for s in r["skipped"]] == [(5, 6)] and r["inserted"] == 4


def test_a_hand_written_appeal_sheet_with_chinese_headers_and_extra_columns_imports(desk, tmp_path):
    sheet = (
        "序号,管理处,类型,申诉人,上级,申诉内容,提交日期,答复时间,答复内容,备注\n"
        "1,JM01,申诉,张伟,林晓东,夜班补贴未发,2026/10/12 9:30,2026/10/13 16:00,已报财务,\n"
        "2,JM01,提议,张伟,林晓东,大堂增设雨伞架,2026/10/15 11:00,,,纸质表\n"
    )
    path = tmp_path / "申诉表.csv"
    path.write_bytes(sheet.encode("gb18030"))
    r = desk.json("appeal", "import", path)
    assert r["inserted"] == 2 and r["ignored_columns"] == ["序号", "备注"]
    rows = desk.json("appeal", "list", "--show-personal")
    assert {(a["kind"], a["staff"], a["state"]) for a in rows} == {
        ("appeal", EMPLOYEE, "answered"),
        ("suggestion", EMPLOYEE, "with_general_affairs"),  # unanswered past its week (10-22)
    }


# --- the export is the import's columns; --help lists them ----------------------------------------------------------


def test_the_exports_name_tickets_households_and_people_not_ids(desk, tmp_path):
    desk.ok("callback", "import", write(tmp_path, "cb.csv", CALLBACKS))
    desk.ok("appeal", "import", write(tmp_path, "ap.csv", APPEALS))
    callbacks = json.loads(desk.ok("callback", "export", "-f", "json").stdout)
    assert not {"id", "ticket", "ticket_id", "household_id"} & set(callbacks[0])
    complaint = next(c for c in callbacks if c["kind"] == "complaint")
    assert (complaint["building"], complaint["room"], complaint["ticket_description"]) == ("1栋", "101", "楼上噪音")
    assert complaint["ticket_reported_at"] == "2026-10-09T09:00:00+08:00"
    appeals = json.loads(desk.ok("appeal", "export", "-f", "json").stdout)
    assert not {"id", "staff_id"} & set(appeals[0]) and appeals[1]["handled_by"] == GA
    masked = json.loads(desk.ok("appeal", "export", "-f", "json", "--mask").stdout)
    assert masked[0]["staff"] == "张*"


@pytest.mark.parametrize(
    "group, column", [("callback", "ticket_reported_at/工单报告时间"), ("appeal", "superior/直接上级*")]
)
def test_import_help_lists_the_columns(cli, group, column):
    assert column in " ".join(cli.ok(group, "import", "--help").stdout.split())


def test_a_rules_error_names_the_column_as_the_sheet_does_in_chinese(office, tmp_path):
    """A column a rule refuses (not a cell its parser refuses) is named by its Chinese header in zh, as every
    cell error is; in English by its field name."""
    office.ok("staff", "add", "王敏", "--role", "supervisor")
    path = tmp_path / "appeals.csv"
    path.write_text(
        "管理处,类型,当事人,直接上级,内容,提交时间\nJM01,提议,无名,王敏,建议,2026-11-20 09:00\n", encoding="utf-8"
    )
    zh = office("appeal", "import", path, env={"COMMSCLI_LANG": "zh"})
    assert zh.exit_code == 1 and "当事人='无名'" in zh.stderr and "staff=" not in zh.stderr, zh.stderr
    en = office("appeal", "import", path)
    assert en.exit_code == 1 and "staff='无名'" in en.stderr, en.stderr
