"""commscli info through the CLI (issue 14): the information register. Now is Monday 2026-11-23 10:00
(conftest). National Day 2026: 10-01 to 10-07 off, 10-08 to 10-10 working (the built-in calendar)."""

from datetime import date

from commscli.domain import info as rules
from commscli.policy import DEFAULT
from commscli.workdays import Calendar
from tests.conftest import events

STAFF = (("肖琳", "quality"), ("钱立新", "管理者代表"), ("王丽", "clerk"), ("陈建国", "manager"))
BY = ("--by", "王丽")


def staffed(cli, *, rep: bool = True):
    for name, role in STAFF:
        if rep or role != "管理者代表":
            cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return cli


def log(cli, *extra, at="2026-11-23 08:00", source="街道办事处", text="冬季消防检查通知"):
    return cli.json("info", "log", "--source", source, "--text", text, "--at", at, *BY, *extra)


# --- rules as plain functions ------------------------------------------------------------------


def test_external_information_is_distributed_within_two_working_days_across_national_day():
    cal = Calendar()
    # logged Wednesday 09-30: 10-01..10-07 are off, so the 1st and 2nd working days after are 10-08, 10-09
    assert rules.distribute_due(date(2026, 9, 30), DEFAULT, cal) == date(2026, 10, 9)
    assert rules.distribute_due(date(2026, 11, 23), DEFAULT, cal) == date(2026, 11, 25)
    # the corrective/preventive report: 5 working days; from 09-29: 09-30, 10-08, 10-09, 10-10 (make-up Sat), 10-12
    assert rules.report_due(date(2026, 9, 29), DEFAULT, cal) == date(2026, 10, 12)


def test_the_weeks_meeting_day_moves_past_a_holiday():
    cal = Calendar()
    assert rules.meeting_day("2026-W47", DEFAULT, cal) == date(2026, 11, 23)  # the Monday after
    assert rules.meeting_day("2026-W40", DEFAULT, cal) == date(2026, 10, 8)  # Monday 10-05 is National Day
    assert rules.week_of(date(2026, 11, 22)) == "2026-W47" and rules.week_of(date(2026, 11, 23)) == "2026-W48"


# --- log -----------------------------------------------------------------------------------------


def test_an_entry_is_logged_by_a_registered_staff_member(cli):
    staffed(cli)
    e = log(cli, "--external")
    assert e["external"] is True and e["urgent"] is False and e["logged_by"] == "王丽"
    assert e["week"] == "2026-W48" and e["distribute_due"] == "2026-11-25" and e["state"] == "undistributed"
    assert events(cli, record_table="info_entries", action="create")[0]["by"] == "王丽"


def test_an_unknown_by_is_refused_naming_it(cli, unchanged):
    staffed(cli)
    with unchanged():
        r = cli.fails("info", "log", "--source", "s", "--text", "t", "--by", "tester")
        assert r.stderr.strip() == "error: --by='tester': not a registered staff member"
        r = cli.fails("info", "log", "--source", "s", "--text", "t")  # the default --by is $COMMSCLI_USER
        assert r.stderr.strip() == "error: --by='tester': not a registered staff member"
        r = cli.fails("info", "log", "--source", " ", "--text", "t", *BY)
        assert r.stderr.strip() == "error: --source='': is required"
        r = cli.fails("info", "log", "--source", "s", "--text", "t", "--at", "2026-11-24 10:00", *BY)
        assert "--at='2026-11-24T10:00:00+08:00': lies in the future" in r.stderr


# --- distribute ----------------------------------------------------------------------------------


def test_external_information_distributed_after_its_working_days_is_late(cli, unchanged):
    staffed(cli)
    e = log(cli, "--external", at="2026-09-30 10:00")
    assert e["distribute_due"] == "2026-10-09"
    d = cli.json("info", "distribute", str(e["id"]), "--to", "陈建国", "--at", "2026-10-09 18:00", *BY)
    assert d["distributed_late"] is False and d["state"] == "distributed"
    late = log(cli, "--external", at="2026-09-30 10:00")
    d = cli.json("info", "distribute", str(late["id"]), "--to", "陈建国", "--to", "肖琳", "--at", "2026-10-10", *BY)
    assert d["distributed_late"] is True
    assert sorted(x["name"] for x in d["distributions"]) == ["肖琳", "陈建国"]
    with unchanged():
        r = cli.fails("info", "distribute", str(e["id"]), "--to", "赵六", *BY)
        assert r.stderr.strip() == "error: --to='赵六': not a registered staff member"
        r = cli.fails("info", "distribute", str(e["id"]), "--to", "陈建国", *BY)
        assert r.stderr.strip() == "error: --to='陈建国': already distributed to this staff member"
        r = cli.fails("info", "distribute", str(e["id"]), "--to", "肖琳", "--at", "2026-09-29", *BY)
        assert "lies before the entry was logged" in r.stderr
        r = cli.fails("info", "distribute", "99", "--to", "肖琳", *BY)
        assert r.stderr.startswith("error: ID=99: no such")


# --- urgent: send, report, form ---------------------------------------------------------------------


def test_urgent_information_goes_to_quality_and_the_management_rep_with_their_times(cli, unchanged):
    staffed(cli)
    e = log(cli, "--urgent", at="2026-11-23 07:20", source="客服中心", text="燃气异味")
    assert e["state"] == "unsent" and e["report_due"] == "2026-11-30"
    s = cli.json("info", "send", str(e["id"]), "--at", "2026-11-23 07:30", *BY)
    assert (s["quality"], s["quality_at"]) == ("肖琳", "2026-11-23T07:30:00+08:00")
    assert (s["rep"], s["rep_at"]) == ("钱立新", "2026-11-23T07:30:00+08:00")
    assert s["state"] == "unreported"
    assert [x["action"] for x in events(cli, record_table="info_entries")] == ["create", "send_quality", "send_rep"]
    plain = log(cli)
    with unchanged():
        r = cli.fails("info", "send", str(e["id"]), *BY)
        assert r.stderr.strip().startswith(f"error: ID={e['id']}: already sent")
        r = cli.fails("info", "send", str(plain["id"]), *BY)
        assert r.stderr.strip() == f"error: ID={plain['id']}: not urgent information"


def test_without_a_management_rep_registered_sending_is_refused(cli, unchanged):
    staffed(cli, rep=False)
    e = log(cli, "--urgent")
    with unchanged():
        r = cli.fails("info", "send", str(e["id"]), *BY)
    assert r.stderr.strip() == "error: ID: no management representative is registered"


def test_the_report_is_due_until_recorded_then_numbered_and_rendered(cli, unchanged):
    staffed(cli)
    e = log(cli, "--urgent", at="2026-11-19 21:40", source="安管部", text="消防管道爆裂")
    eid = str(e["id"])
    due = cli.json("report", "due", "--within", "10")
    assert [(i["what"], i["due"]) for i in due["due"] if i["record"] == f"info_entries/{eid}"] == [
        ("due.info_send", "2026-11-19T21:40:00+08:00"),
        ("due.info_report", "2026-11-26"),
    ]
    with unchanged():
        r = cli.fails("info", "form", eid)
        assert "no corrective/preventive report recorded yet" in r.stderr
        r = cli.fails("info", "report", eid, "--cause", " ", "--measure", "m", *BY)
        assert r.stderr.strip() == "error: --cause=' ': is required"
    cli.ok("info", "send", eid, "--at", "2026-11-19 21:50", *BY)
    rep = cli.json("info", "report", eid, "--cause", "管道老化", "--measure", "更换管段", "--at", "2026-11-21", *BY)
    assert rep["state"] == "reported" and rep["reported_by"] == "王丽"
    due = cli.json("report", "due", "--within", "10")
    assert not [i for i in due["due"] if i["record"] == f"info_entries/{eid}"]
    md = cli.ok("info", "form", eid, "-f", "md", "--lang", "zh").stdout
    assert "# 纠正预防措施报告" in md and "JM01-2026-0001" in md and "管道老化" in md and "钱立新" in md
    with unchanged():
        r = cli.fails("info", "report", eid, "--cause", "c", "--measure", "m", *BY)
        assert "its corrective/preventive report is recorded" in r.stderr


# --- weekly review -------------------------------------------------------------------------------------


def meeting(cli, at="2026-11-23 09:00", ends="2026-11-23 10:00"):
    return cli.json("meeting", "new", "--type", "company", "--at", at, "--ends-at", ends, "--chair", "陈建国")["id"]


def test_a_week_is_reviewed_at_a_held_meeting_and_an_unreviewed_week_is_flagged_and_due(cli, unchanged):
    staffed(cli)
    log(cli, at="2026-11-17 10:00")
    log(cli, "--external", at="2026-11-18 10:00")
    log(cli, at="2026-11-11 10:00")  # 2026-W46, never reviewed: due on its meeting day, Monday 11-16
    due = cli.json("report", "due")
    assert [(i["due"], i["params"]) for i in due["due"] if i["what"] == "due.info_review"] == [
        ("2026-11-16T23:59:59+08:00", {"week": "2026-W46", "n": 1}),
        ("2026-11-23T23:59:59+08:00", {"week": "2026-W47", "n": 2}),
    ]
    planned = meeting(cli, "2026-11-30 09:00", "2026-11-30 10:00")
    before = meeting(cli, "2026-11-13 09:00", "2026-11-13 10:00")
    held = meeting(cli)
    with unchanged():
        r = cli.fails("info", "reviewed", "--week", "2026-W47", "--meeting", str(planned), *BY)
        assert r.stderr.strip() == f"error: --meeting={planned}: the meeting is planned, not held"
        r = cli.fails("info", "reviewed", "--week", "2026-W47", "--meeting", str(before), *BY)
        assert r.stderr.strip() == f"error: --meeting={before}: the meeting lies before 2026-W47"
        r = cli.fails("info", "reviewed", "--week", "2026-W45", "--meeting", str(held), *BY)
        assert r.stderr.strip() == "error: --week='2026-W45': no entries of JM01 in that week"
        r = cli.fails("info", "reviewed", "--week", "2026-47", "--meeting", str(held), *BY)
        assert r.stderr.strip().startswith("error: --week='2026-47': not an ISO week")
        r = cli.fails("info", "reviewed", "--week", "2026-W47", "--meeting", "99", *BY)
        assert r.stderr.strip().startswith("error: --meeting=99: no such meeting")
    r = cli.json("info", "reviewed", "--week", "2026-w47", "--meeting", str(held), *BY)
    assert r["week"] == "2026-W47" and r["entries"] == 2 and r["late"] == 0 and r["meeting_day"] == "2026-11-23"
    late = cli.ok("info", "reviewed", "--week", "2026-W46", "--meeting", str(held), *BY)
    assert "after the meeting day 2026-11-16" in late.stderr
    assert not [i for i in cli.json("report", "due")["due"] if i["what"] == "due.info_review"]
    with unchanged():
        r = cli.fails("info", "reviewed", "--week", "2026-W47", "--meeting", str(held), *BY)
        assert r.stderr.strip() == f"error: --week='2026-W47': that week is reviewed already (meeting #{held})"
    # an entry logged late into a reviewed week joins its review
    assert log(cli, at="2026-11-20 10:00")["review_meeting_id"] == held


def test_the_register_marks_external_information_and_flags_a_week_not_reviewed(cli):
    staffed(cli)
    log(cli, "--external", at="2026-11-18 10:00", source="开发商")
    log(cli, "--urgent", at="2026-11-11 10:00", source="安管部", text="水管爆裂")
    cli.ok("info", "reviewed", "--week", "2026-W47", "--meeting", str(meeting(cli)), *BY)
    md = cli.ok("info", "register", "--month", "2026-11", "-f", "md", "--lang", "zh").stdout
    assert "# 信息交流表" in md and "| * |" in md and "| ! |" in md
    assert "2026-W46：1 条，未经例会评审" in md and "2026-W47：1 条，已在会议 #1 评审" in md
    empty = cli.ok("info", "register", "--month", "2026-10", "-f", "md", "--lang", "zh").stdout
    assert "本月无登记信息" in empty


def test_list_marks_external_with_a_star_and_filters(cli, unchanged):
    staffed(cli)
    log(cli, "--external", at="2026-11-18 10:00", source="开发商")
    log(cli, "--urgent", at="2026-11-11 10:00", source="安管部")
    out = cli.ok("info", "list").stdout.splitlines()
    assert out[0].split("\t")[:2] == ["No.", "*"]
    assert out[1].split("\t")[1] == "*" and out[2].split("\t")[1] == ""
    assert [e["source"] for e in cli.json("info", "list", "--urgent")] == ["安管部"]
    assert [e["source"] for e in cli.json("info", "list", "--week", "2026-W47")] == ["开发商"]
    assert len(cli.json("info", "list", "--month", "2026-10")) == 0
    show = cli.ok("info", "show", "1", env={"COMMSCLI_LANG": "zh"}).stdout
    assert "信息 #1 *" in show and "登记信息" in show
    with unchanged():
        assert cli.fails("info", "list", "--week", "W47").stderr.startswith("error: --week='W47'")
        assert cli.fails("info", "show", "9").stderr.startswith("error: ID=9: no such")


def test_the_monthly_report_counts_entries_external_urgent_and_urgent_without_their_report(cli):
    staffed(cli)
    log(cli, "--external", at="2026-11-02 10:00")
    a = log(cli, "--urgent", at="2026-11-03 10:00")
    log(cli, "--urgent", at="2026-11-04 10:00")
    log(cli, at="2026-10-30 10:00")  # October
    cli.ok("info", "report", str(a["id"]), "--cause", "c", "--measure", "m", "--at", "2026-11-05", *BY)
    report = cli.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in report["sections"] if s["key"] == "section.info")
    figures = {f["key"]: f["value"] for f in section["figures"]}
    assert figures == {
        "fig.info_entries": 3,
        "fig.info_external": 1,
        "fig.info_urgent": 2,
        "fig.info_unreported": 1,
        "fig.info_late": 0,
    }


def test_the_review_weekday_is_a_policy_from_1_to_7():
    import pytest

    from commscli.errors import PolicyError
    from commscli.policy import from_mapping

    friday = from_mapping({"info_review_weekday": 5})
    assert rules.meeting_day("2026-W47", friday, Calendar()) == date(2026, 11, 27)
    with pytest.raises(PolicyError) as e:
        from_mapping({"info_review_weekday": 8})
    assert e.value.line("en") == "info_review_weekday=8: must be 1 (Monday) to 7 (Sunday)"


def test_the_demo_has_an_urgent_entry_without_its_report_an_external_one_distributed_and_a_week_reviewed(bare):
    bare.ok("demo", "--db", bare.db, db=False)
    entries = {e["id"]: e for e in bare.json("info", "list")}
    assert entries[2]["external"] is True and entries[2]["state"] == "distributed"
    assert entries[4]["state"] == "reported" and entries[5]["state"] == "unreported"
    meeting = bare.json("meeting", "show", str(entries[3]["review_meeting_id"]))
    assert meeting["state"] == "held" and meeting["type"] == "company"
    due = bare.json("report", "due")["due"]
    assert ("due.info_report", "info_entries/5") in {(i["what"], i["record"]) for i in due}
    assert [i["params"]["week"] for i in due if i["what"] == "due.info_review"] == ["2026-W46", "2026-W48"]
