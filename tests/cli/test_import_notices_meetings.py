"""`notice import` and `meeting import` (issue 16): historical notices and meetings through the one import loop.

A notice's lead time is judged by the rule a notice entered at the desk is (a late one only as an emergency
with its reason, then a breach in `report monthly`); a meeting's chair and minute-taker are staff names and it
fills its cadence slot as one entered at the desk does (`report due`, `report monthly`). One bad row refuses the
file naming row, line and column; --skip-bad writes the rest and exits 3; a re-import writes nothing.
The ``office`` fixture: office JM01 (buildings 1栋, 2栋), household 1栋/101, engineer 刘强.
"""

import json
import sqlite3

import pytest

from tests.conftest import Cli, dump, events

NOTICE_HEAD = "office,kind,title,body,effective_from,effective_to,posted_at,dept_notified_at,emergency,reason\n"
# a water cut told 48 h before (department 72 h), a publicity board, a cut told 13 h before (no emergency: refused),
# pest control without its end (refused)
NOTICES = (
    NOTICE_HEAD + "JM01,water_cut,停水通知,水箱清洗,2026-11-20 09:00,2026-11-20 15:00,2026-11-18 09:00,"
    "2026-11-17 09:00,no,\n"
    "JM01,publicity,11月宣传栏,冬季防火,2026-11-03 09:00,,2026-11-03 09:00,,,\n"
    "JM01,power_cut,停电通知,线路检修,2026-11-21 09:00,2026-11-21 12:00,2026-11-20 20:00,2026-11-19 09:00,no,\n"
    "JM01,pest,消杀通知,地下室消杀,2026-11-19 09:00,,2026-11-18 09:00,2026-11-17 09:00,,\n"
)
NOTICE_BAD = [(3, 4, "posted_at"), (4, 5, "effective_to")]

MEETING_HEAD = "office,type,dept,starts_at,ends_at,chair,minute_taker,state,minutes_at,cancelled_at,cancel_reason\n"
# a company meeting held and minuted, one whose chair is not staff, a department meeting without its department,
# a cancelled one with its reason
MEETINGS = (
    MEETING_HEAD + "JM01,company,,2026-11-16 09:00,2026-11-16 10:00,刘强,刘强,,2026-11-16 12:00,,\n"
    "JM01,company,,2026-11-09 09:00,2026-11-09 10:00,王五,,,,,\n"
    "JM01,dept,,2026-11-13 09:00,2026-11-13 10:00,刘强,,,,,\n"
    "JM01,committee,,2026-11-18 15:00,2026-11-18 16:00,刘强,,cancelled,,2026-11-17 09:00,业委会主任出差\n"
)
MEETING_BAD = [(2, 3, "chair"), (3, 4, "dept")]

CASES = {
    "notice": (NOTICES, NOTICE_BAD, 2, "notices"),
    "meeting": (MEETINGS, MEETING_BAD, 2, "meetings"),
}


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode(encoding))
    return path


def good_only(name: str) -> str:
    text, bad, _, _ = CASES[name]
    drop = {line - 1 for _, line, _ in bad}
    return "\n".join(line for i, line in enumerate(text.splitlines()) if i not in drop) + "\n"


def sql(c: Cli, statement: str, *args) -> list:
    conn = sqlite3.connect(str(c.db))
    try:
        return conn.execute(statement, args).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("name", CASES)
def test_a_bad_row_refuses_the_file_naming_row_line_and_column(office, unchanged, tmp_path, name):
    text, bad, _, _ = CASES[name]
    row, line, column = bad[0]
    with unchanged():
        r = office.fails(name, "import", write(tmp_path, name, text))
    assert f"row {row} (line {line})" in r.stderr and f"{column}=" in r.stderr, r.stderr


@pytest.mark.parametrize("name", CASES)
def test_skip_bad_writes_the_good_rows_lists_every_skipped_one_and_exits_3(office, tmp_path, name):
    text, bad, good, table = CASES[name]
    out = office.skipped(name, "import", write(tmp_path, name, text), "--skip-bad", "--json")
    assert (out["rows"], out["inserted"], out["existing"]) == (good + len(bad), good, 0)
    assert [(s["row"], s["line"]) for s in out["skipped"]] == [(row, line) for row, line, _ in bad]
    for s, (_, _, column) in zip(out["skipped"], bad, strict=True):
        assert s["error"].startswith(f"{column}="), s
    assert len(events(office, record_table=table, action="import")) == 1
    r = office(name, "import", write(tmp_path, name + "2", text), "--skip-bad")
    assert r.exit_code == 3
    assert [line for line in r.stderr.splitlines() if line.startswith("skipped row")] == [
        line for line in r.stderr.splitlines() if line.strip()
    ]


@pytest.mark.parametrize("name", CASES)
def test_a_reimport_writes_nothing_not_even_an_event(office, tmp_path, name):
    _, _, good, table = CASES[name]
    path = write(tmp_path, name, good_only(name))
    first = office.json(name, "import", path)
    assert first["inserted"] == good and first["first_id"] is not None
    before = dump(office.db)
    again = office.json(name, "import", path)
    assert (again["rows"], again["inserted"], again["existing"], again["first_id"]) == (good, 0, good, None)
    assert dump(office.db) == before
    [ev] = events(office, record_table=table, action="import")
    after = json.loads(ev["after"])
    assert (after["file"], after["rows"], after["inserted"], after["first_id"], after["last_id"]) == (
        path.name,
        good,
        good,
        first["first_id"],
        first["last_id"],
    )
    assert events(office, record_table=table, action="create") == []  # one event for the import, none a row


# --- notices ---------------------------------------------------------------------------------------------------


def test_a_sheet_with_chinese_headers_and_extra_columns_imports_and_shows_in_list_and_show(office, tmp_path):
    text = (
        "序号,类型,标题,内容,生效时间,截止时间,张贴时间,部门通知时间,起算时间,告知业户,首次张贴,撤回时间,撤回原因,备注\n"
        "1,停水通知,清洗水箱停水,二次供水水箱清洗,2026-11-20 09:00,2026-11-20 15:00,2026-11-18 09:00,"
        "2026-11-17 09:00,,,2026-11-18 09:30,,,已贴\n"
        "2,财物丢失,快递破损告知,代收快递破损,2026-11-20 10:00,,2026-11-20 10:00,,2026-11-19 18:00,1栋/101,"
        "2026-11-20 10:00,,,电话告知\n"
        "3,宣传栏,11月宣传栏,冬季防火,2026-11-03 09:00,,2026-11-03 09:00,,,,,2026-11-05 09:00,内容有误,\n"
    )
    bad = text.replace("1栋/101", "1栋/999")
    r = office.fails("notice", "import", write(tmp_path, "bad", bad))
    assert "row 2 (line 3): households='1栋/999'" in r.stderr
    r = office("--lang", "zh", "notice", "import", write(tmp_path, "bad", bad))
    assert r.exit_code == 1 and "第 2 条（第 3 行）：告知业户='1栋/999'" in r.stderr  # the column by its Chinese header
    out = office.json("notice", "import", write(tmp_path, "notices", text))
    assert out["inserted"] == 3 and out["ignored_columns"] == ["序号", "备注"]
    listed = office.json("notice", "list")
    assert [(n["kind"], n["title"], bool(n["first_posting_at"])) for n in listed] == [
        ("loss", "快递破损告知", True),
        ("water_cut", "清洗水箱停水", True),
        ("publicity", "11月宣传栏", False),  # no posting recorded
    ]
    loss = office.json("notice", "show", str(listed[0]["id"]))
    assert (loss["since"], loss["due_by"]) == ("2026-11-19T18:00:00+08:00", "2026-11-20")  # 1 working day after
    [h] = loss["households"]
    assert (h["building"], h["room"], h["told_at"]) == ("1栋", "101", "2026-11-20T10:00:00+08:00")
    cut = office.json("notice", "show", str(listed[1]["id"]))
    assert cut["due_by"] == "2026-11-19T09:00:00+08:00" and cut["breach"] is False  # 24 h before the cut
    # the cut has ended, the board was withdrawn: the loss notice (no end) is the one still active
    assert [n["title"] for n in office.json("notice", "list", "--active")] == ["快递破损告知"]
    withdrawn = office.json("notice", "show", str(listed[2]["id"]))
    assert (withdrawn["withdrawn_at"], withdrawn["withdraw_reason"]) == ("2026-11-05T09:00:00+08:00", "内容有误")


LATE_CUT = (
    "office,kind,title,body,effective_from,effective_to,posted_at,dept_notified_at,emergency,reason\n"
    "JM01,停电,紧急停电,电缆故障抢修,2026-11-20 09:00,2026-11-20 12:00,2026-11-19 20:00,2026-11-18 08:00,{em},{why}\n"
)


def test_a_late_notice_is_judged_as_at_the_desk_and_counts_as_a_breach_in_the_monthly_report(office, tmp_path):
    # told 13 h before a power cut (24 h required): refused as the desk refuses it, naming the column
    r = office.fails("notice", "import", write(tmp_path, "late", LATE_CUT.format(em="no", why="")))
    assert "row 1 (line 2): posted_at='2026-11-19 20:00'" in r.stderr and "notice_cut_resident_hours" in r.stderr
    r = office.fails("notice", "import", write(tmp_path, "late", LATE_CUT.format(em="yes", why="")))
    assert "row 1 (line 2): reason=''" in r.stderr  # an emergency says its reason
    office.ok("notice", "import", write(tmp_path, "late", LATE_CUT.format(em="yes", why="电缆击穿")))
    office.ok("notice", "import", write(tmp_path, "on-time", good_only("notice")))  # a water cut and a board
    imported = office.json("notice", "list", "--breach")
    # the same notice entered at the desk (another store): the same deadline, breach and rules
    other = Cli(tmp_path / "desk.db")
    other.ok("db", "init")
    other.ok("office", "add", "JM01", "--name", "金茂府物业服务中心", "--buildings", "1栋,2栋")
    desk = other.json(
        "notice", "new", "--kind", "停电", "--title", "紧急停电", "--body", "电缆故障抢修",
        "--effective-from", "2026-11-20 09:00", "--effective-to", "2026-11-20 12:00",
        "--posted-at", "2026-11-19 20:00", "--dept-notified-at", "2026-11-18 08:00",
        "--emergency", "--reason", "电缆击穿",
    )  # fmt: skip
    [mine] = imported
    keys = ("due_by", "breach", "breaches", "rules", "emergency", "reason")
    assert {k: mine[k] for k in keys} == {k: desk[k] for k in keys}
    assert mine["breaches"][0]["rule"] == "notice_cut_resident_hours"
    data = office.json("report", "monthly", "--month", "2026-11")
    s = next(x for x in data["sections"] if x["key"] == "section.notices")
    figs = {f["key"]: f["value"] for f in s["figures"]}
    # worked out by hand: three notices told in November (the cut, the water cut, the board), the cut late
    # (13 h < 24 h) and recorded as an emergency; none withdrawn, none one to one
    assert figs == {
        "fig.notices": 3,
        "fig.notice_breaches": 1,
        "fig.notice_emergencies": 1,
        "fig.notice_withdrawn": 0,
        "fig.notice_one_to_one": 0,
    }


def test_a_notice_row_breaking_its_kinds_rules_or_order_names_the_column(office, unchanged, tmp_path):
    head = (
        "office,kind,title,body,effective_from,effective_to,posted_at,since,households,withdrawn_at,withdraw_reason\n"
    )
    rows = {
        "effective_to": "JM01,停水,a,b,2026-11-20 09:00,2026-11-20 08:00,2026-11-18 09:00,,,,\n",
        "households": "JM01,宣传,a,b,2026-11-20 09:00,,2026-11-18 09:00,,1栋/101,,\n",
        "withdraw_reason": "JM01,宣传,a,b,2026-11-20 09:00,,2026-11-18 09:00,,,2026-11-19 09:00,\n",
        "withdrawn_at": "JM01,宣传,a,b,2026-11-20 09:00,,2026-11-18 09:00,,,2026-11-17 09:00,写错了\n",
        "posted_at": "JM01,宣传,a,b,2026-11-20 09:00,,2026-11-24 09:00,,,,\n",  # ahead of now
        "since": "JM01,财务,a,b,2026-11-20 09:00,,2026-11-18 09:00,,,,\n",  # a 'within N after' kind without since
    }
    for column, row in rows.items():
        with unchanged():
            r = office.fails("notice", "import", write(tmp_path, column, head + row))
        assert f"row 1 (line 2): {column}=" in r.stderr, (column, r.stderr)


# --- meetings --------------------------------------------------------------------------------------------------

ONLY_COMPANY = 'meeting_cadence_types = ["company"]\n'


def test_an_imported_held_meeting_fills_its_cadence_slot_as_one_entered_at_the_desk(office, tmp_path):
    policy = tmp_path / "company.toml"
    policy.write_text(ONLY_COMPANY, encoding="utf-8")

    def cadence_due():
        due = office.json("report", "due", "--within", "3", "--policy", policy)["due"]
        return [d["detail"] for d in due if d["what"] == "due.meeting_cadence"]

    def cadence_figure():
        data = office.json("report", "monthly", "--month", "2026-11", "--policy", policy)
        s = next(x for x in data["sections"] if x["key"] == "section.meetings")
        f = next(f for f in s["figures"] if f["key"] == "fig.meetings_cadence")
        return f["numerator"], f["denominator"]

    # Mon 11-16's company meeting was neither held nor planned: due by the end of its week
    assert cadence_due() == ["2026-11-16–2026-11-22"]
    assert cadence_figure() == (0, 5)  # November's Mondays: 11-02, 11-09, 11-16, 11-23, 11-30
    sheet = (
        "会议类型,开始时间,结束时间,主持人,记录人,状态,纪要时间\n"
        "公司周例会,2026-11-09 09:00,2026-11-09 10:00,刘强,,计划,\n"  # planned, never held ...
        "公司周例会,2026-11-10 14:00,2026-11-10 15:00,刘强,刘强,,2026-11-10 16:00\n"  # ... held the next day instead
        "公司周例会,2026-11-16 09:00,2026-11-16 10:00,刘强,刘强,,2026-11-16 12:00\n"
    )
    out = office.json("meeting", "import", write(tmp_path, "meetings", sheet), "--policy", policy)
    assert out["inserted"] == 3
    assert cadence_due() == []  # the imported meeting fills the week's slot
    assert cadence_figure() == (2, 5)  # worked out by hand: W46 (held 11-10, not the planned 11-09) and W47
    listed = office.json("meeting", "list", "--policy", policy)
    assert [(m["starts_at"][:16], m["state"], m["chair"], m["cadence_key"]) for m in listed] == [
        ("2026-11-16T09:00", "held", "刘强", "company:2026-W47"),
        ("2026-11-10T14:00", "held", "刘强", "company:2026-W46"),
        ("2026-11-09T09:00", "planned", "刘强", None),
    ]
    shown = office.json("meeting", "show", str(listed[0]["id"]), "--policy", policy)
    assert (shown["minute_taker"], shown["minutes_at"], shown["minutes_due"]) == (
        "刘强",
        "2026-11-16T12:00:00+08:00",
        "2026-11-19T23:59:59+08:00",
    )


def test_a_held_company_meeting_is_flagged_for_the_departments_that_did_not_meet_before_it(office, tmp_path):
    policy = tmp_path / "few.toml"
    policy.write_text('meeting_cadence_types = ["company", "dept"]\nmeeting_departments = ["engineering", "quality"]\n')
    sheet = (
        "type,dept,starts_at,ends_at,minutes_at\n"
        "dept,engineering,2026-11-13 09:00,2026-11-13 10:00,2026-11-13 11:00\n"
        "company,,2026-11-16 09:00,2026-11-16 10:00,2026-11-16 11:00\n"
    )
    office.ok("meeting", "import", write(tmp_path, "m", sheet), "--policy", policy)
    [company] = office.json("meeting", "list", "--type", "company", "--policy", policy)
    assert company["flagged"] is True
    assert [f["required"] for f in company["flags"]] == ["quality"]  # engineering met on 11-13, quality did not


def test_a_meeting_row_whose_state_or_times_disagree_names_the_column(office, unchanged, tmp_path):
    head = "type,starts_at,ends_at,chair,agenda_sent_at,state,minutes_at,distributed_at,approved_at,cancelled_at,cancel_reason\n"
    rows = {
        "ends_at": "company,2026-11-16 09:00,2026-11-16 08:00,,,,,,,,\n",
        "chair": "company,2026-11-16 09:00,2026-11-16 10:00,张三,,,,,,,\n",
        "agenda_sent_at": "board,2026-11-16 09:00,2026-11-16 10:00,,2026-11-17 09:00,,,,,,\n",
        "state": "company,2026-11-16 09:00,2026-11-16 10:00,,,planned,2026-11-16 12:00,,,,\n",
        "minutes_at": "company,2026-11-16 09:00,2026-11-16 10:00,,,,,2026-11-17 09:00,,,\n",
        "distributed_at": "company,2026-11-16 09:00,2026-11-16 10:00,,,,2026-11-16 12:00,2026-11-16 11:00,,,\n",
        "approved_at": "company,2026-11-16 09:00,2026-11-16 10:00,,,,2026-11-16 12:00,,2026-11-17 09:00,,\n",
        "cancel_reason": "company,2026-11-16 09:00,2026-11-16 10:00,,,,,,,2026-11-15 09:00,\n",
        "cancelled_at": "company,2026-11-16 09:00,2026-11-16 10:00,,,cancelled,,,,,改期\n",
    }
    for column, row in rows.items():
        with unchanged():
            r = office.fails("meeting", "import", write(tmp_path, column, head + row))
        assert f"row 1 (line 2): {column}=" in r.stderr, (column, r.stderr)
    # held in the future: the state disagrees with the times
    with unchanged():
        r = office.fails(
            "meeting",
            "import",
            write(tmp_path, "ahead", head + "company,2026-11-30 09:00,2026-11-30 10:00,,,held,,,,,\n"),
        )
    assert "row 1 (line 2): state='held': disagrees with the times: they say planned" in r.stderr


# --- the store after an import ----------------------------------------------------------------------------------


def test_db_check_finds_no_problem_and_the_month_counters_agree_after_the_imports(office, tmp_path):
    from commscli.store.db import open_store
    from tests.test_month_counts import assert_agree

    before = sql(office, "SELECT * FROM month_counts ORDER BY 1, 2, 3, 4")
    office.ok("notice", "import", write(tmp_path, "n", good_only("notice")))
    office.ok("meeting", "import", write(tmp_path, "m", good_only("meeting")))
    r = office("db", "check", "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 0 and report["problems"] == [], report["problems"]
    assert report["consistency"]["state_mismatches"] == [] and report["consistency"]["orphan_events"] == []
    assert sql(office, "SELECT * FROM month_counts ORDER BY 1, 2, 3, 4") == before  # neither is a trend's record
    assert_agree(open_store(office.db, readonly=True))


def test_import_help_lists_the_columns_in_english_and_chinese(cli):
    notice = cli.ok("notice", "import", "--help", db=False).stdout
    meeting = cli.ok("meeting", "import", "--help", db=False).stdout
    flat = " ".join((notice + meeting).split())
    assert "posted_at/张贴时间*" in flat and "households/告知业户" in flat and "withdraw_reason/撤回原因" in flat
    assert "chair/主持人" in flat and "minute_taker/记录人" in flat and "cancel_reason/取消原因" in flat


def test_imported_minutes_distribution_and_approval_count_in_the_minutes_section(office, tmp_path):
    sheet = (
        "type,title,starts_at,ends_at,minutes_at,distributed_at,approved_at\n"
        # minuted the same day, distributed on the third calendar day (due 11-05 23:59:59): on time, approved
        "forum,主任论坛,2026-11-02 14:00,2026-11-02 15:00,2026-11-02 17:00,2026-11-05 23:00,2026-11-06 09:00\n"
        # distributed on the fourth day: late
        "committee,业委会沟通会,2026-11-10 19:00,2026-11-10 20:00,2026-11-10 21:00,2026-11-14 09:00,\n"
        # never minuted, its deadline (11-15) past: late
        "assembly,员工大会,2026-11-12 09:00,2026-11-12 10:00,,,\n"
    )
    office.ok("meeting", "import", write(tmp_path, "minutes", sheet))
    data = office.json("report", "monthly", "--month", "2026-11")
    s = next(x for x in data["sections"] if x["key"] == "section.meeting_minutes")
    figs = {f["key"]: f["value"] for f in s["figures"]}
    assert {
        k: figs[k]
        for k in (
            "fig.meetings_held",
            "fig.minutes_recorded",
            "fig.minutes_on_time",
            "fig.minutes_late",
            "fig.meetings_approved",
        )
    } == {  # fmt: skip
        "fig.meetings_held": 3,
        "fig.minutes_recorded": 2,
        "fig.minutes_on_time": 1,
        "fig.minutes_late": 2,
        "fig.meetings_approved": 1,
    }
    assert figs["fig.resolutions_opened"] == 0  # resolutions are not carried by the import
