"""commscli meeting through the CLI (issue 13): recording a meeting with its flags, attendance, listing,
the card, cancellation, the plan from the cadences. Now is Monday 2026-11-23 10:00 (conftest)."""

import pytest

from tests.conftest import Cli, events, frozen_env

STAFF = (("王总", "manager"), ("李明", "supervisor"), ("张芳", "clerk"))


def staffed(cli):
    for name, role in STAFF:
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return cli


def test_a_meeting_is_recorded_with_its_chair_and_attendees_as_registered_staff(cli):
    staffed(cli)
    m = cli.json(
        "meeting",
        "new",
        "--type",
        "公司例会",
        "--at",
        "2026-11-23 09:00",
        "--ends-at",
        "2026-11-23 10:00",
        "--place",
        "会议室",
        "--chair",
        "王总",
        "--attendee",
        "李明",
        "--attendee",
        "张芳",
    )
    assert m["type"] == "company" and m["state"] == "held" and m["chair"] == "王总"
    assert m["flagged"] is True and len(m["flags"]) == 8  # no department met the week before (8 by default)
    assert m["minutes_due"] == "2026-11-26T23:59:59+08:00"  # third calendar day after 11-23
    assert sorted(a["name"] for a in m["attendance"]) == ["张芳", "李明", "王总"]
    assert events(cli, record_table="meetings", action="create")[0]["by"] == "tester"


def test_hyphen_forms_and_chinese_names_name_the_same_type(cli):
    staffed(cli)
    for typed in ("office-morning", "office_morning", "管理处晨会"):
        m = cli.json("meeting", "new", "--type", typed, "--at", "2026-11-23 08:00", "--ends-at", "2026-11-23 08:15")
        assert m["type"] == "office_morning"


def test_an_unknown_chair_or_attendee_is_refused_naming_them(cli, unchanged):
    staffed(cli)
    base = ("meeting", "new", "--type", "company", "--at", "2026-11-23 09:00", "--ends-at", "2026-11-23 10:00")
    with unchanged():
        r = cli.fails(*base, "--chair", "赵六")
        assert r.stderr.strip() == "error: --chair='赵六': not a registered staff member"
        r = cli.fails(*base, "--chair", "王总", "--attendee", "李明", "--attendee", "钱七")
        assert r.stderr.strip() == "error: --attendee='钱七': not a registered staff member"


def test_an_unknown_type_is_refused(cli, unchanged):
    with unchanged():
        r = cli.fails("meeting", "new", "--type", "party", "--at", "2026-11-23 09:00", "--ends-at", "2026-11-23 10:00")
    assert r.stderr.startswith("error: --type='party': must be one of")


def test_a_board_meeting_with_its_agenda_13_days_before_is_flagged_not_refused(cli):
    staffed(cli)
    base = ("meeting", "new", "--type", "董事会", "--at", "2026-12-10 09:00", "--ends-at", "2026-12-10 11:00")
    late = cli.json(*base, "--agenda-sent-at", "2026-11-23 09:00:01")  # due 11-26 09:00: 14 days before
    assert late["state"] == "planned"  # it lies in the future
    assert late["agenda_due"] == "2026-11-26T09:00:00+08:00" and late["agenda_on_time"] == 1
    assert late["flagged"] is False  # 2 hours exactly is not over 2 hours
    on_edge = cli.json(
        *base[:4],
        "--at",
        "2026-12-07 09:00",
        "--ends-at",
        "2026-12-07 11:01",
        "--agenda-sent-at",
        "2026-11-23 09:00:01",
    )
    assert on_edge["agenda_due"] == "2026-11-23T09:00:00+08:00" and on_edge["agenda_on_time"] == 0
    assert [(f["rule"], f["field"]) for f in on_edge["flags"]] == [
        ("meeting_board_agenda_days", "--agenda-sent-at"),
        ("meeting_max_minutes", "--ends-at"),
    ]
    assert on_edge["flags"][1]["given"] == 121


def test_a_presidents_office_meeting_without_an_agenda_is_flagged_as_missing(cli):
    m = cli.json("meeting", "new", "--type", "president", "--at", "2026-11-20 09:00", "--ends-at", "2026-11-20 10:00")
    assert m["state"] == "held" and m["agenda_on_time"] == 0
    assert m["flags"] == [
        {
            "rule": "meeting_president_agenda_days",
            "field": "--agenda-sent-at",
            "required": "2026-11-13T09:00:00+08:00",
            "given": None,
        }
    ]
    assert m["rules"] == {"meeting_max_minutes": 120, "meeting_minutes_days": 3, "meeting_president_agenda_days": 7}


def test_a_meeting_ending_before_it_starts_is_refused(cli, unchanged):
    with unchanged():
        r = cli.fails("meeting", "new", "--type", "dept", "--at", "2026-11-23 09:00", "--ends-at", "2026-11-23 08:00")
    assert r.stderr.strip() == "error: --ends-at='2026-11-23 08:00': must lie after --at"


def test_a_department_meeting_names_its_department(cli, unchanged):
    base = ("meeting", "new", "--type", "部门例会", "--at", "2026-11-20 16:00", "--ends-at", "2026-11-20 16:30")
    with unchanged():
        assert cli.fails(*base).stderr.strip() == "error: --dept: a department meeting names its department"
        r = cli.fails("meeting", "new", "--type", "company", "--ends-at", "2026-11-23 11:00", "--dept", "工程")
        assert r.stderr.strip() == "error: --dept='工程': only a department meeting names a department"
    assert cli.json(*base, "--dept", "工程部")["dept"] == "engineering"


def test_a_staff_member_of_another_office_is_found_by_name_and_by_id(cli, unchanged):
    staffed(cli)  # 王总 is staff #1
    cli.ok("office", "add", "JM02", "--name", "二期", "--buildings", "9栋")
    cli.ok("staff", "add", "周敏", "--office", "JM02", "--role", "manager")
    base = ("meeting", "new", "--type", "forum", "--office", "JM01", "--ends-at", "2026-11-23 11:00")
    m = cli.json(*base, "--chair", "周敏", "--attendee", "#1")
    assert m["chair"] == "周敏" and m["needs_approval"] == 1
    assert sorted((a["name"], a["office"]) for a in m["attendance"]) == [("周敏", "JM02"), ("王总", "JM01")]
    with unchanged():
        r = cli.fails(*base, "--attendee", "#99")
    assert r.stderr.strip() == "error: --attendee='#99': not a registered staff member"


POLICY_FEW = 'meeting_cadence_types = ["president", "company", "dept", "committee"]\nmeeting_departments = ["engineering", "quality"]\n'


def few(cli, tmp_path):
    path = tmp_path / "few.toml"
    path.write_text(POLICY_FEW, encoding="utf-8")
    return str(path)


def test_plan_lists_what_the_cadences_require_and_save_stores_it_as_planned(cli, tmp_path):
    policy = few(cli, tmp_path)
    rows = cli.json("meeting", "plan", "--from", "2026-10-01", "--to", "2026-10-13", "--policy", policy)
    assert [(r["starts_at"][:16], r["type"], r["dept"], r["state"]) for r in rows] == [
        ("2026-10-08T09:00", "president", None, "missing"),  # the first working day after National Day
        ("2026-10-08T09:00", "company", None, "missing"),  # Mon 10-05 moved to Thu 10-08
        ("2026-10-10T09:00", "dept", "engineering", "missing"),  # Sat 10-10, a make-up working day
        ("2026-10-10T09:00", "dept", "quality", "missing"),
        ("2026-10-12T09:00", "company", None, "missing"),
    ]
    assert [r["first"] + ".." + r["last"] for r in rows][:1] == ["2026-10-08..2026-10-10"]
    cli.ok("meeting", "new", "--type", "president", "--at", "2026-10-09 09:00", "--ends-at", "2026-10-09 10:00",
           "--policy", policy)  # fmt: skip
    saved = cli("meeting", "plan", "--from", "2026-10-01", "--to", "2026-10-13", "--save", "--policy", policy)
    assert saved.exit_code == 0 and "4 planned meetings stored" in saved.stderr
    again = cli.json("meeting", "plan", "--from", "2026-10-01", "--to", "2026-10-13", "--policy", policy)
    assert [r["state"] for r in again] == ["held", "planned", "planned", "planned", "planned"]
    planned = cli.json("meeting", "list", "--state", "planned")
    assert {m["cadence_key"] for m in planned} == {
        "company:2026-W41", "company:2026-W42", "dept:engineering:2026-W42", "dept:quality:2026-W42"
    }  # fmt: skip
    assert cli.json("meeting", "show", "1")["cadence_key"] == "president:2026-10"  # recorded in its window


def test_a_company_meeting_held_without_a_departments_meeting_the_week_before_is_flagged(cli, tmp_path):
    policy = few(cli, tmp_path)
    base = ("meeting", "new", "--policy", policy, "--type")
    cli.ok(*base, "dept", "--dept", "quality", "--at", "2026-11-20 16:00", "--ends-at", "2026-11-20 17:00")
    cli.ok(*base, "dept", "--dept", "engineering", "--at", "2026-11-13 16:00", "--ends-at", "2026-11-13 17:00")
    m = cli.json(*base, "company", "--at", "2026-11-23 09:00", "--ends-at", "2026-11-23 10:00")
    assert m["flagged"] is True  # engineering met on 11-13, before the previous company meeting (11-16)
    assert m["flags"] == [{"rule": "meeting_departments", "field": "--dept", "required": "engineering", "given": None}]
    assert m["cadence_key"] == "company:2026-W48"
    shown = cli.ok("meeting", "show", str(m["id"]), "--policy", policy).stdout
    assert "each department meets before the company meeting: engineering did not meet" in shown
    zh = cli.ok("meeting", "show", str(m["id"]), "--policy", policy, env={"COMMSCLI_LANG": "zh"}).stdout
    assert "各部门须在公司例会前召开部门例会：工程部未开会" in zh and "公司例会" in zh


def test_attendance_is_signed_once_by_registered_staff_and_holds_a_planned_meeting(cli, unchanged):
    staffed(cli)
    m = cli.json("meeting", "new", "--type", "assembly", "--at", "2026-11-23 10:30", "--ends-at", "2026-11-23 12:00",
                 "--chair", "王总", "--attendee", "李明")  # fmt: skip
    assert m["state"] == "planned"  # it starts after now (10:00)
    with unchanged():
        r = cli.fails("meeting", "attend", str(m["id"]), "--staff", "钱七")
        assert r.stderr.strip() == "error: --staff='钱七': not a registered staff member"
        cli.fails("meeting", "attend", "99", "--staff", "李明")
        r = cli.fails("meeting", "attend", str(m["id"]), "--staff", "李明", "--at", "2026-11-22 18:00")
        assert "sign-in lies between the meeting's day (2026-11-23)" in r.stderr
    a = cli.json("meeting", "attend", str(m["id"]), "--staff", "李明", "--at", "2026-11-23 09:55")
    assert a["state"] == "held" and a["signed"] == 1
    walk_in = cli.json("meeting", "attend", str(m["id"]), "--staff", "张芳")
    assert [(x["name"], x["invited"], x["signed_at"]) for x in walk_in["attendance"]] == [
        ("李明", 1, "2026-11-23T09:55:00+08:00"),
        ("张芳", 0, "2026-11-23T10:00:00+08:00"),
        ("王总", 1, None),
    ]
    with unchanged():
        r = cli.fails("meeting", "attend", str(m["id"]), "--staff", "李明")
    assert r.stderr.strip() == "error: --staff='李明': signed in already at 2026-11-23T09:55:00+08:00"
    assert [e["action"] for e in events(cli, record_table="meetings")] == ["create", "attend", "hold", "attend"]


def test_a_meeting_is_cancelled_with_its_reason_never_deleted(cli, unchanged):
    m = cli.json("meeting", "new", "--type", "committee", "--at", "2026-11-25 15:00", "--ends-at", "2026-11-25 16:00")
    assert m["cadence_key"] == "committee:2026-11"
    with unchanged():
        cli.fails("meeting", "cancel", str(m["id"]), "--reason", " ")
    c = cli.json("meeting", "cancel", str(m["id"]), "--reason", "业委会主任出差")
    assert c["state"] == "cancelled" and c["cancel_reason"] == "业委会主任出差"
    with unchanged():
        assert "cancelled at" in cli.fails("meeting", "cancel", str(m["id"]), "--reason", "again").stderr
        cli.fails("meeting", "attend", str(m["id"]), "--staff", "刘强")
    # the slot is free again: the next committee meeting of November takes it
    n = cli.json("meeting", "new", "--type", "committee", "--at", "2026-11-27 15:00", "--ends-at", "2026-11-27 16:00")
    assert n["cadence_key"] == "committee:2026-11"
    assert len(cli.json("meeting", "list")) == 2


def test_a_meeting_held_takes_the_place_of_the_one_planned_for_its_slot(cli):
    cli.ok("meeting", "plan", "--from", "2026-11-01", "--to", "2026-11-30", "--save")
    planned = [m for m in cli.json("meeting", "list", "--type", "committee")]
    assert [(m["state"], m["starts_at"]) for m in planned] == [("planned", "2026-11-16T09:00:00+08:00")]
    held = cli.json("meeting", "new", "--type", "业委会", "--at", "2026-11-18 15:00", "--ends-at", "2026-11-18 16:00")
    assert held["cadence_key"] == "committee:2026-11"
    old = cli.json("meeting", "show", str(planned[0]["id"]))
    assert old["state"] == "cancelled" and old["cancel_reason"] == f"replaced by meeting #{held['id']}, held"


def section(report):
    """figure key → value (a rate as (numerator, denominator)), table key → rows."""
    s = next(x for x in report["sections"] if x["key"] == "section.meetings")
    figs = {f["key"]: (f["numerator"], f["denominator"]) if f.get("denominator") is not None else f["value"]
            for f in s["figures"]}  # fmt: skip
    return figs, {t["key"]: t["rows"] for t in s["tables"]}


def test_the_monthly_report_counts_meetings_held_against_their_cadence_and_agendas_on_time(cli, tmp_path):
    policy = few(cli, tmp_path)  # president, company, dept (engineering, quality), committee
    new = ("meeting", "new", "--policy", policy, "--type")
    cli.ok(
        *new,
        "president",
        "--at",
        "2026-10-09 09:00",
        "--ends-at",
        "2026-10-09 10:00",
        "--agenda-sent-at",
        "2026-10-01 17:00",
    )  # fmt: skip  (due 10-02 09:00)
    cli.ok(*new, "company", "--at", "2026-10-08 09:00", "--ends-at", "2026-10-08 10:00")
    cli.ok(*new, "dept", "--dept", "engineering", "--at", "2026-10-10 09:00", "--ends-at", "2026-10-10 10:00")
    cli.ok(*new, "company", "--at", "2026-10-12 09:00", "--ends-at", "2026-10-12 10:00")
    c = cli.json(*new, "company", "--at", "2026-10-19 09:00", "--ends-at", "2026-10-19 10:00")
    cli.ok("meeting", "cancel", str(c["id"]), "--reason", "recorded twice", "--policy", policy)
    cli.ok(*new, "committee", "--at", "2026-10-20 15:00", "--ends-at", "2026-10-20 16:00")
    figs, tables = section(cli.json("report", "monthly", "--month", "2026-10", "--policy", policy))
    # required in October: president 1 (10-08..10-10), company 4 (10-08, 10-12, 10-19, 10-26), dept 2 × 4 (days
    # 10-10, 10-16, 10-23, 10-30; 09-30's is September's), committee 1: 14
    assert figs["fig.meetings_cadence"] == (5, 14)
    assert figs["fig.meeting_agendas_on_time"] == (1, 1)
    assert figs["fig.meetings_held"] == 5 and figs["fig.meetings_cancelled"] == 1
    assert figs["fig.meetings_flagged"] == 2  # both company meetings: a department missing before each
    rows = tables["table.meetings_by_type"]
    assert [r[:3] for r in rows] == [
        ["JM01", "meeting_type.president", 1],
        ["JM01", "meeting_type.company", 2],
        ["JM01", "meeting_type.dept", 1],
        ["JM01", "meeting_type.committee", 1],
    ]
    assert [(r[3]["numerator"], r[3]["denominator"]) for r in rows] == [(1, 1), (2, 4), (1, 8), (1, 1)]
    assert [r[5] for r in rows] == [0, 1, 0, 0]


def test_report_due_lists_cadence_meetings_neither_held_nor_planned(cli, tmp_path):
    policy = few(cli, tmp_path)
    due = [d for d in cli.json("report", "due", "--within", "3", "--policy", policy)["due"]
           if d["what"] == "due.meeting_cadence"]  # fmt: skip
    # from 7 days back (11-16) to the horizon: the company meeting of Mon 11-16 (its week ended 11-22), the
    # departments' before Mon 11-23 (between 11-16 and 11-22); today's company meeting and November's committee
    # meeting are due by 11-29 and 11-30, beyond the 3 days listed
    assert [(d["params"]["type"], d["params"]["dept"], d["detail"], d["due"], d["state"]) for d in due] == [
        ("meeting_type.company", "", "2026-11-16–2026-11-22", "2026-11-22T23:59:59+08:00", "overdue"),
        ("meeting_type.dept", "dept.engineering", "2026-11-16–2026-11-22", "2026-11-22T23:59:59+08:00", "overdue"),
        ("meeting_type.dept", "dept.quality", "2026-11-16–2026-11-22", "2026-11-22T23:59:59+08:00", "overdue"),
    ]
    assert {d["office"] for d in due} == {"JM01"}
    cli.ok("meeting", "new", "--type", "dept", "--dept", "quality", "--at", "2026-11-20 16:00",
           "--ends-at", "2026-11-20 17:00", "--policy", policy)  # fmt: skip
    cli.ok("meeting", "plan", "--from", "2026-11-16", "--to", "2026-11-16", "--save", "--policy", policy)
    due = cli.json("report", "due", "--within", "6", "--policy", policy)["due"]
    # 11-16's company meeting and the committee's (planned on 11-16) are planned now; quality met on 11-20
    assert [
        (d["params"]["type"][13:], d["params"]["dept"][5:], d["detail"][:10])
        for d in due
        if d["what"] == "due.meeting_cadence"
    ] == [
        ("dept", "engineering", "2026-11-16"),
        ("company", "", "2026-11-23"),
        ("dept", "engineering", "2026-11-23"),
        ("dept", "quality", "2026-11-23"),
    ]


def test_a_meeting_planned_ahead_may_still_send_its_agenda_then_held_without_it_is_flagged(cli):
    staffed(cli)
    m = cli.json("meeting", "new", "--type", "president", "--at", "2026-12-01 09:00", "--ends-at", "2026-12-01 10:00")
    assert m["state"] == "planned" and m["flagged"] is False and m["agenda_on_time"] is None  # due 11-24 09:00
    late = cli.json(
        "meeting", "new", "--type", "president", "--at", "2026-11-27 09:00", "--ends-at", "2026-11-27 10:00"
    )
    assert late["flagged"] is True and late["agenda_on_time"] == 0  # due 11-20 09:00, passed: missing
    env = {"COMMSCLI_NOW": "2026-12-01T09:05:00+08:00"}
    held = cli.json("meeting", "attend", str(m["id"]), "--staff", "王总", env=env)
    assert held["state"] == "held" and held["flagged"] is True and held["agenda_on_time"] == 0
    assert [f["rule"] for f in held["flags"]] == ["meeting_president_agenda_days"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo store at the frozen now (2026-11-23 10:00): its quarter runs from 08-24 to 11-22."""
    folder = tmp_path_factory.mktemp("demo")
    c = Cli(folder / "demo.db")
    c.ok("demo", env=frozen_env(folder))
    return c


def test_the_demo_holds_a_quarter_of_meetings_from_the_cadences(demo):
    company = demo.json("meeting", "list", "--type", "company", "--state", "held")
    days = [m["starts_at"][:10] for m in reversed(company)]
    # 13 Mondays, 08-24 … 11-16, and today's (11-23), held for the information register's weekly review
    assert days[0] == "2026-08-24" and len(days) == 14 and days[-1] == "2026-11-23"
    assert "2026-10-08" in days and "2026-10-05" not in days  # Mon 10-05 (National Day) moved to Thu 10-08
    president = demo.json("meeting", "list", "--type", "总裁办公会", "--month", "2026-10")
    assert [m["starts_at"] for m in president] == ["2026-10-08T09:00:00+08:00"]
    assert all(m["signed"] >= 1 for m in company)
    flagged = [m for m in company if m["flagged"]]  # engineering missed one week's meeting
    assert len(flagged) == 1 and [f["required"] for f in flagged[0]["flags"]] == ["engineering"]
    planned = demo.json("meeting", "list", "--state", "planned")
    assert {m["type"] for m in planned} >= {"dept", "drill"}  # the week ahead, planned
    figs, _ = section(demo.json("report", "monthly", "--month", "2026-10"))
    assert figs["fig.meetings_held"] > 40 and figs["fig.meeting_agendas_on_time"] == (1, 1)


def test_plan_refuses_a_reversed_or_overlong_range_and_an_unknown_office(cli, unchanged):
    with unchanged():
        r = cli.fails("meeting", "plan", "--from", "2026-12-01", "--to", "2026-11-30", "--save")
        assert r.stderr.strip() == "error: --to='2026-11-30': must not lie before --from"
        r = cli.fails("meeting", "plan", "--from", "2026-01-01", "--to", "2027-01-03", "--save")
        assert r.stderr.strip() == "error: --to='2027-01-03': at most a year"
        r = cli.fails("meeting", "plan", "--from", "2026-11-01", "--to", "2026-11-30", "--office", "XX99", "--save")
        assert r.stderr.startswith("error: --office='XX99': ")


def test_meeting_list_filters_by_month_type_and_state(cli):
    for at in ("2026-10-20 15:00", "2026-11-18 15:00", "2026-11-25 15:00"):
        cli.ok("meeting", "new", "--type", "owners", "--at", at, "--ends-at", at[:11] + "16:00")
    assert [m["starts_at"][:10] for m in cli.json("meeting", "list", "--month", "2026-11")] == [
        "2026-11-25",
        "2026-11-18",
    ]
    assert len(cli.json("meeting", "list", "--type", "恳谈会", "--state", "held")) == 2  # 11-25 is planned


def test_the_company_meetings_are_kept_by_one_office_the_committee_meeting_by_every_office(cli, tmp_path):
    cli.ok("office", "add", "JM02", "--name", "二期", "--buildings", "9栋")
    policy = few(cli, tmp_path)
    rows = cli.json("meeting", "plan", "--from", "2026-11-16", "--to", "2026-11-16", "--policy", policy)
    assert [(r["office"], r["type"]) for r in rows] == [
        ("JM01", "company"),
        ("JM01", "committee"),
        ("JM02", "committee"),
    ]  # JM01, registered first, keeps the company's meetings
    hq = tmp_path / "hq.toml"
    hq.write_text(POLICY_FEW + 'meeting_hq_office = "JM02"\n', encoding="utf-8")
    rows = cli.json("meeting", "plan", "--from", "2026-11-16", "--to", "2026-11-16", "--policy", str(hq))
    assert ("JM02", "company") in [(r["office"], r["type"]) for r in rows]
    m = cli.json("meeting", "new", "--type", "company", "--office", "JM02", "--ends-at", "2026-11-23 11:00",
                 "--policy", policy)  # fmt: skip
    assert m["cadence_key"] is None and m["flagged"] is False  # not the office that keeps them: no slot, no check
