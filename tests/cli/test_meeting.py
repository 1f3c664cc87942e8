"""commscli meeting through the CLI (issue 13): recording a meeting with its flags, attendance, listing,
the card, cancellation, the plan from the cadences. Now is Monday 2026-11-23 10:00 (conftest)."""

from tests.conftest import events

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
    assert m["type"] == "company" and m["state"] == "held" and m["chair"] == "王总" and m["flagged"] is False
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
