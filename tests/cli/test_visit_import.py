"""``visit import FILE`` (issue 16): past visit records (业户走访记录) through the one import loop.

The ``office`` fixture (JM01, 1栋/101, engineer 刘强) gets 1栋/102, 1栋/103, 2栋/201 and 2栋/202 (both moved in
2025-10-01), supervisor 林晓东 and clerk 王丽. An imported visit must count as the same visit recorded at the desk:
in the monthly report, the quota, the rotation plan and the yearly rule.
"""

import json
import sqlite3

import pytest

from tests.conftest import Cli, copy_store, dump, events, visit_record

HEAD = "管理处,楼栋,房号,访问人,访问方式,预约时间,访问时间,反映事项,业户签名,提交时间,审核时间,审核人,反馈情况"


@pytest.fixture
def office(office):
    add = ("household", "add", "--office", "JM01")
    office.ok(*add, "--building", "1栋", "--room", "102")
    office.ok(*add, "--building", "1栋", "--room", "103")
    office.ok(*add, "--building", "2栋", "--room", "201", "--move-in", "2025-10-01")
    office.ok(*add, "--building", "2栋", "--room", "202", "--move-in", "2025-10-01")
    office.ok("staff", "add", "林晓东", "--office", "JM01", "--role", "supervisor")
    office.ok("staff", "add", "王丽", "--office", "JM01", "--role", "clerk")
    return office


def sheet(tmp_path, *rows, head=HEAD, name="visits.csv"):
    path = tmp_path / name
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def sql(c: Cli, statement: str, *args) -> list:
    conn = sqlite3.connect(str(c.db))
    try:
        rows = conn.execute(statement, args).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


# v1: at home by two, signed, a complaint and a suggestion, both asking for feedback, the suggestion's given;
# submitted in time and reviewed; v2: at the office, refused to sign, one opinion, submitted late (11-14, after
# the end of 11-13); v3: signed, nothing raised, not submitted; v0: October's, one suggestion (not November's)
ROWS = [
    "JM01,1栋,101,林晓东,入户,2026-10-29 10:00,2026-10-30 10:00,保洁:建议:十月,,,,",
    'JM01,1栋,101,"林晓东,王丽",入户,2026-11-09 15:00,2026-11-10 15:00,"秩序:投诉:夜间噪音\n保洁:建议:楼道脏",是,'
    '2026-11-11 09:00,2026-11-11 10:00,林晓东,"1\n2 2026-11-12 10:00 王丽：已说明"',
    "JM01,1栋,102,王丽,来访,,2026-11-12 10:00,绿化:意见:草坪,拒签,2026-11-14 09:00,,",
    "JM01,2栋,202,林晓东,来访,,2026-11-21 10:00,,是,,,",
]


def figures(c: Cli, month: str = "2026-11") -> dict:
    data = c.json("report", "monthly", "--month", month)
    found = next(s for s in data["sections"] if s["key"] == "section.visits")
    return {
        f["key"]: (f["numerator"], f["denominator"]) if f["denominator"] is not None else f["value"]
        for f in found["figures"]
    }


def at_the_desk(c: Cli):
    """The visits of ROWS recorded, submitted and reviewed with the commands."""
    c.ok(*visit_record("1栋", "101", "2026-10-30 10:00", "--appointment", "2026-10-29 10:00", "--item",
                       "保洁:建议:十月", method="入户"))  # fmt: skip
    v1 = c.json(*visit_record("1栋", "101", "2026-11-10 15:00", "--appointment", "2026-11-09 15:00", "--signed",
                              "--item", "秩序:投诉:夜间噪音", "--item", "保洁:建议:楼道脏", "--wants-feedback", "all",
                              visitors="林晓东,王丽", method="入户"))["id"]  # fmt: skip
    c.ok("visit", "submit", v1, "--at", "2026-11-11 09:00")
    c.ok("visit", "review", v1, "--by", "林晓东", "--at", "2026-11-11 10:00")
    item = c.json("visit", "show", v1)["items"][1]["id"]
    c.ok("visit", "feedback", item, "--by", "王丽", "--at", "2026-11-12 10:00", "--text", "已说明")
    v2 = c.json(*visit_record("1栋", "102", "2026-11-12 10:00", "--refused-sign", "--item", "绿化:意见:草坪",
                              visitors="王丽"))["id"]  # fmt: skip
    c.ok("visit", "submit", v2, "--at", "2026-11-14 09:00")
    c.ok(*visit_record("2栋", "202", "2026-11-21 10:00", "--signed"))


def raised_tickets(c: Cli):
    """The two tickets v1's review raised, as the ticket import brings them in before the visits."""
    for kind, desc in (("complaint", "夜间噪音"), ("suggestion", "楼道脏")):
        words = ("ticket", "new", "--kind", kind, "--building", "1栋", "--room", "101", "-d", desc)
        c.ok(*words, "--channel", "visit", "--at", "2026-11-11 10:00")


def test_imported_visits_count_in_the_monthly_report_as_the_same_visits_at_the_desk(office, tmp_path):
    desk = Cli(tmp_path / "desk.db")
    (office.db.parent / "policy.toml").write_text("visit_every_household_months = 12\n", encoding="utf-8")
    copy_store(office.db, desk.db)
    at_the_desk(desk)
    raised_tickets(office)
    out = office.json("visit", "import", sheet(tmp_path, *ROWS))
    assert (out["rows"], out["inserted"], out["existing"], out["skipped"]) == (4, 4, 0, [])
    got = figures(office)
    assert got == {
        # 5 occupied: ceil(4 % × 5) = 1 < the minimums 5 + 5, capped at the 5 occupied → 5 required; done v1–v3
        "fig.visits_quota": (3, 5),
        "fig.visitor_visits": 4,  # v1 by two, v2 and v3 by one
        "fig.visits_refused": 1,  # v2
        "fig.visits_late": 1,  # v2 (v3 is not submitted: not counted late)
        "fig.visit_items": 3,  # two on v1, one on v2
        "fig.visit_tickets": 2,  # v1's complaint and suggestion: linked to the tickets its review raised
        "fig.visit_feedback": (1, 2),  # v1's two items ask for feedback, one has it
        # last visit or move-in before 2025-12-01 at the month's end: 2栋/201 (moved in 2025-10-01, never
        # visited); 2栋/202 was visited 11-21; 1栋/101–103 were registered 2026-11-23
        "fig.visits_yearly_overdue": 1,
        "fig.survey_returns": (0, 0),
    }
    assert got == figures(desk)
    assert figures(office, "2026-10")["fig.visit_items"] == 1 == figures(desk, "2026-10")["fig.visit_items"]
    assert office.json("visit", "quota", "--month", "2026-11")["done"] == 3


def test_imported_visits_show_in_list_and_show_with_their_state_from_the_times(office, tmp_path):
    raised_tickets(office)
    office.ok("visit", "import", sheet(tmp_path, *ROWS))
    listed = office.json("visit", "list", "--month", "2026-11")
    assert [(v["building"], v["room"], v["state"], v["signed"], v["submitted_late"]) for v in listed] == [
        ("1栋", "101", "reviewed", True, False),
        ("1栋", "102", "submitted", False, True),
        ("2栋", "202", "recorded", True, None),
    ]
    v1 = office.json("visit", "show", listed[0]["id"])
    assert [v["name"] for v in v1["visitors"]] == ["林晓东", "王丽"]
    assert (v1["method"], v1["reviewed_by"], v1["submit_due"]) == ("home", "林晓东", "2026-11-11T23:59:59+08:00")
    assert [(i["category"], i["kind"], i["text"], i["ticket_id"]) for i in v1["items"]] == [
        ("order_security", "complaint", "夜间噪音", 1),
        ("cleaning", "suggestion", "楼道脏", 2),
    ]
    assert [(i["wants_feedback"], i["feedback_at"], i["feedback_by"], i["feedback_text"]) for i in v1["items"]] == [
        (1, None, None, None),
        (1, "2026-11-12T10:00:00+08:00", "王丽", "已说明"),
    ]
    assert v1["private_remarks"] is None
    assert [e["action"] for e in v1["events"]] == []  # an import leaves one event for the file, none per row
    [ev] = events(office, record_table="visits", action="import")
    after = json.loads(ev["after"])
    assert (after["rows"], after["inserted"], after["first_id"], after["last_id"]) == (4, 4, 1, 4)


def test_a_hand_written_sheet_with_other_headers_and_extra_columns_imports(office, tmp_path):
    path = sheet(
        tmp_path,
        "1,JM01,1栋,103,王丽,中心,2026-11-05 9:30,楼道灯不亮 请尽快,已签,2026/11/5 12:00,张三说的",
        head="序号,管理处,楼号,房间,走访人,方式,走访时间,反映问题,签名,交表时间,备注",
    )
    r = office("visit", "import", path, "--json")
    assert r.exit_code == 1 and "反映问题" not in r.stderr and "items=" in r.stderr  # not category:kind:text
    path.write_text(
        path.read_text(encoding="utf-8").replace("楼道灯不亮 请尽快", "设施:维修:楼道灯不亮 请尽快"), encoding="utf-8"
    )
    out = office.json("visit", "import", path)
    assert (out["inserted"], out["ignored_columns"]) == (1, ["序号", "备注"])
    [v] = office.json("visit", "list", "--month", "2026-11")
    shown = office.json("visit", "show", v["id"])
    assert (shown["method"], shown["started_at"], shown["state"], shown["signed"]) == (
        "office",
        "2026-11-05T09:30:00+08:00",
        "submitted",
        True,
    )
    assert [(i["category"], i["kind"], i["text"]) for i in shown["items"]] == [
        ("facilities", "repair", "楼道灯不亮 请尽快")
    ]
    assert "张三说的" not in json.dumps(shown, ensure_ascii=False)  # 备注 is not read


def test_a_reimport_changes_nothing_not_even_an_event(office, tmp_path):
    path = sheet(tmp_path, *ROWS)
    office.ok("visit", "import", path)
    before = dump(office.db)
    again = office.json("visit", "import", path)
    assert (again["rows"], again["inserted"], again["existing"], again["first_id"]) == (4, 0, 4, None)
    assert dump(office.db) == before
    assert len(events(office, record_table="visits", action="import")) == 1


BAD = [  # a row of ROWS[1]'s household with one thing wrong → the column named
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,2026-11-11 09:00,2026-11-11 08:00,林晓东", "reviewed_at"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,2026-11-10 14:00,,", "submitted_at"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,,2026-11-11 10:00,林晓东", "submitted_at"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,2026-11-11 09:00,2026-11-11 10:00,", "reviewed_by"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,2026-11-11 09:00,,林晓东", "reviewed_at"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,2026-11-11 09:00,2026-11-11 10:00,赵六", "reviewed_by"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,是,2026-11-11 09:00,2026-11-11 10:00,王丽", "reviewed_by"),
    ("JM01,1栋,101,赵六,来访,,2026-11-10 15:00,,是,,,", "visitors"),
    ("JM01,1栋,109,林晓东,来访,,2026-11-10 15:00,,是,,,", "household"),
    ("JM01,1栋,101,林晓东,入户,,2026-11-10 15:00,,是,,,", "appointment_at"),
    ("JM01,1栋,101,林晓东,入户,2026-11-09 10:00,2026-11-10 23:00,,是,,,", "started_at"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-24 15:00,,是,,,", "started_at"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,保洁:夸奖:很好,是,,,", "items"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,,也许,,,", "signed"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,保洁:建议:楼道脏,是,,,,2", "feedback"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,保洁:建议:楼道脏,是,,,,1 2026-11-12 10:00", "feedback"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,保洁:建议:楼道脏,是,,,,1 2026-11-09 10:00 王丽", "feedback"),
    ("JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,保洁:建议:楼道脏,是,,,,已说明", "feedback"),
    ('JM01,1栋,101,林晓东,来访,,2026-11-10 15:00,保洁:建议:楼道脏,是,,,,"1\n1"', "feedback"),
]


@pytest.mark.parametrize("row, column", BAD)
def test_a_bad_row_refuses_the_file_naming_its_row_and_column(office, unchanged, tmp_path, row, column):
    path = sheet(tmp_path, ROWS[3], row)
    with unchanged():
        r = office.fails("visit", "import", path)
    assert "row 2 (line " in r.stderr and f"{column}=" in r.stderr, r.stderr  # a cell of two lines: line 4


def test_a_state_word_that_disagrees_with_the_times_is_a_bad_row(office, unchanged, tmp_path):
    head = HEAD + ",状态"
    path = sheet(tmp_path, ROWS[3] + ",,已记录", ROWS[2] + ",,已审阅", head=head)
    with unchanged():
        r = office.fails("visit", "import", path)
    assert "row 2 (line 3): state='reviewed': disagrees with the times, which make it submitted" in r.stderr
    r = office("--lang", "zh", "visit", "import", path)
    assert "状态='已审阅'" in r.stderr and "按时间应为已交主管" in r.stderr, r.stderr


def test_skip_bad_writes_the_good_rows_and_lists_every_bad_one(office, tmp_path):
    path = sheet(tmp_path, ROWS[3], BAD[0][0], ROWS[2], BAD[7][0])
    out = office.skipped("visit", "import", path, "--skip-bad", "--json")
    assert (out["rows"], out["inserted"]) == (4, 2)
    assert [(s["row"], s["line"], s["error"].split("=")[0]) for s in out["skipped"]] == [
        (2, 3, "reviewed_at"),
        (4, 5, "visitors"),
    ]
    assert len(office.json("visit", "list", "--month", "2026-11")) == 2


def test_db_check_is_clean_and_the_month_counters_agree_after_an_import(office, tmp_path):
    from commscli.store import open_store
    from tests.test_month_counts import assert_agree

    office.ok("visit", "import", sheet(tmp_path, *ROWS))
    r = office("db", "check", "--json")
    report = json.loads(r.stdout)
    assert r.exit_code == 0 and report["problems"] == [] and report["warnings"] == [], report
    store = open_store(office.db, readonly=True)
    try:
        assert_agree(store)
        n = store.one("SELECT SUM(n) AS n FROM month_counts WHERE figure = 'visit'")["n"]
    finally:
        store.close()
    assert n == 4


def test_a_desk_step_on_an_imported_visit_is_checked_as_any_other(office, tmp_path):
    office.ok("visit", "import", sheet(tmp_path, ROWS[2]))  # submitted
    office.ok("visit", "review", "1", "--by", "林晓东", "--at", "2026-11-15 09:00")
    assert office.json("visit", "show", "1")["state"] == "reviewed"
    sql(office, "UPDATE visits SET state = 'recorded'")  # behind the review event's back
    r = office("db", "check", "--json")
    assert r.exit_code == 1 and json.loads(r.stdout)["consistency"]["state_mismatches"][0]["table"] == "visits"


# --- the rotation plan and the quota count imported visits as the desk's ---------------------------------------


OCTOBER = [
    "JM01,1栋,101,林晓东,来访,,2026-10-12 10:00,,是,,,",
    "JM01,1栋,102,林晓东,来访,,2026-10-13 10:00,,是,,,",
]


def test_the_rotation_draws_the_households_not_yet_visited_first_as_after_desk_visits(office, tmp_path):
    desk = Cli(tmp_path / "desk.db")
    copy_store(office.db, desk.db)
    desk.ok(*visit_record("1栋", "101", "2026-10-12 10:00"))
    desk.ok(*visit_record("1栋", "102", "2026-10-13 10:00"))
    office.ok("visit", "import", sheet(tmp_path, *OCTOBER))
    for c in (office, desk):
        c.ok("visit", "plan", "--month", "2026-11", "--seed", "7", "--at", "2026-11-01 09:00")
    drawn = office.json("visit", "planned", "--month", "2026-11")
    assert drawn == desk.json("visit", "planned", "--month", "2026-11")
    # 5 occupied, all drawn (the quota is capped at them): the three not visited in cycle 1 first, then 1栋/101
    # and 1栋/102 opening cycle 2
    assert {(d["building"], d["room"]) for d in drawn[:3]} == {("1栋", "103"), ("2栋", "201"), ("2栋", "202")}
    assert {(d["building"], d["room"]) for d in drawn[3:]} == {("1栋", "101"), ("1栋", "102")}
    assert [d["cycle"] for d in drawn] == [1, 1, 1, 2, 2]


def test_an_imported_visit_of_a_planned_household_counts_as_planned(office, tmp_path):
    desk = Cli(tmp_path / "desk.db")
    office.ok("visit", "plan", "--month", "2026-11", "--seed", "7", "--at", "2026-11-01 09:00")
    copy_store(office.db, desk.db)
    first = office.json("visit", "planned", "--month", "2026-11")[0]
    where = (first["building"], first["room"])
    desk.ok(*visit_record(*where, "2026-11-12 10:00"))
    office.ok("visit", "import", sheet(tmp_path, f"JM01,{where[0]},{where[1]},林晓东,来访,,2026-11-12 10:00,,,,,"))
    for c in (office, desk):
        quota = c.json("visit", "quota", "--month", "2026-11")
        assert (quota["done"], quota["done_planned"], quota["unplanned"]) == (1, 1, 0)
        assert c.json("visit", "planned", "--month", "2026-11")[0]["visit_id"] == 1
    assert sql(office, "SELECT cycle, plan_item_id FROM visits") == sql(desk, "SELECT cycle, plan_item_id FROM visits")


def test_the_import_help_lists_the_columns(office):
    out = office.ok("visit", "import", "--help").stdout
    assert "visitors/访问人*" in out and "reviewed_by/审核人" in out and "items/反映事项" in out
