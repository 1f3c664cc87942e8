"""Minutes, distribution, approval, resolutions, the forms and the calendar export through the CLI (issue 13,
MEET2). Now is Monday 2026-11-23 10:00 +08:00 (conftest)."""

import sqlite3
from datetime import date, datetime

import pytest

from commscli.domain import meetings as mrules
from commscli.domain import resolutions as rrules
from commscli.errors import InputError
from commscli.policy import Policy
from tests.conftest import events

STAFF = (("王总", "manager"), ("李明", "supervisor"), ("张芳", "clerk"))


def staffed(cli):
    for name, role in STAFF:
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return cli


def meeting(cli, kind="company", at="2026-11-19 09:00", ends="2026-11-19 10:00", *extra):
    m = cli.json(
        "meeting", "new", "--type", kind, "--at", at, "--ends-at", ends, "--chair", "王总", "--attendee", "李明",
        "--attendee", "张芳", "--minute-taker", "张芳", *extra,
    )  # fmt: skip
    return m["id"]


def minutes(cli, mid, *extra, at="2026-11-19 11:00"):
    return cli.ok("meeting", "minutes", mid, "--topic", "上周工作", *extra, "--at", at)


def rows(cli, sql, *params):
    conn = sqlite3.connect(str(cli.db))
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


# --- rules as plain functions --------------------------------------------------------------------------------


def test_a_resolution_is_text_owner_and_due_date():
    assert rrules.parse("更换电梯按钮|李明|2026-12-15") == ("更换电梯按钮", "李明", date(2026, 12, 15))
    assert rrules.parse(" 更换 | 李明 | 2026/12/15 ") == ("更换", "李明", date(2026, 12, 15))
    for bad, why in (
        ("更换电梯按钮", "owner"),
        ("更换||2026-12-15", "owner"),
        ("更换|李明", "due date"),
        ("|李明|2026-12-15", "no text"),
    ):
        with pytest.raises(InputError, match=why):
            rrules.parse(bad)
    assert rrules.kind_for("board") == "motion" and rrules.kind_for("company") == "resolution"
    assert rrules.overdue("2026-11-22", None, date(2026, 11, 23)) and not rrules.overdue(
        "2026-11-23", None, date(2026, 11, 23)
    )


def test_speakers_outside_five_to_eight_minutes_are_flagged():
    p = Policy()
    assert [m for m in (4, 5, 8, 9) if mrules.speaker_flagged(m, p)] == [4, 9]
    assert mrules.parse_speaker("李明=9") == ("李明", 9)
    with pytest.raises(InputError):
        mrules.parse_speaker("李明")


def test_distribution_at_23_59_59_of_the_third_day_is_on_time_and_a_second_later_is_late():
    starts = datetime.fromisoformat("2026-11-19T09:00:00+08:00")
    due = mrules.minutes_due(starts, Policy()).replace(tzinfo=starts.tzinfo)
    assert due.isoformat() == "2026-11-22T23:59:59+08:00"
    assert not mrules.distribution_late(datetime.fromisoformat("2026-11-22T23:59:59+08:00"), due)
    assert mrules.distribution_late(datetime.fromisoformat("2026-11-23T00:00:00+08:00"), due)


# --- minutes -------------------------------------------------------------------------------------------------


def test_minutes_record_topics_speakers_and_resolutions_with_owner_and_due_and_get_a_number(cli):
    staffed(cli)
    mid = meeting(cli)
    r = minutes(cli, mid, "--topic", "本周安排", "--speaker", "李明=9", "--speaker", "张芳=5",
                "--resolution", "更换2栋电梯按钮|李明|2026-11-30")  # fmt: skip
    assert "JM01-2026-0001" in r.stderr and "李明" in r.stderr  # the number; the speaker over 8 minutes
    (m,) = rows(cli, "SELECT minutes_at, state FROM meetings WHERE id = ?", mid)
    assert m == {"minutes_at": "2026-11-19T11:00:00+08:00", "state": "held"}
    assert [t["text"] for t in rows(cli, "SELECT text FROM meeting_topics ORDER BY seq")] == ["上周工作", "本周安排"]
    assert [(s["name"], s["flagged"]) for s in rows(cli, "SELECT * FROM meeting_speakers")] == [
        ("李明", 1),
        ("张芳", 0),
    ]
    (res,) = cli.json("meeting", "resolution", "list")
    assert (res["text"], res["owner"], res["due_on"], res["kind"], res["state"]) == (
        "更换2栋电梯按钮", "李明", "2026-11-30", "resolution", "open",
    )  # fmt: skip
    assert res["opened_at"] == "2026-11-19T09:00:00+08:00"
    (taker,) = rows(cli, "SELECT s.name FROM meeting_minutes mm JOIN staff s ON s.id = mm.taker_id")
    assert taker["name"] == "张芳"
    assert events(cli, record_table="meeting_resolutions", action="create")[0]["by"] == "tester"


def test_a_board_meetings_output_is_motions(cli):
    staffed(cli)
    mid = meeting(cli, "board", "2026-11-10 09:00", "2026-11-10 11:00")
    minutes(cli, mid, "--resolution", "批准年度预算|王总|2026-12-31", at="2026-11-10 12:00")
    assert cli.json("meeting", "resolution", "list")[0]["kind"] == "motion"


def test_a_resolution_without_an_owner_or_with_an_unknown_one_is_refused_and_nothing_is_written(cli, unchanged):
    staffed(cli)
    mid = meeting(cli)
    with unchanged():
        r = cli.fails("meeting", "minutes", mid, "--topic", "t", "--resolution", "更换电梯按钮|2026-11-30")
        assert r.stderr.strip().startswith("error: --resolution='更换电梯按钮|2026-11-30': a resolution has a due date")
        r = cli.fails("meeting", "minutes", mid, "--topic", "t", "--resolution", "更换电梯按钮||2026-11-30")
        assert "a resolution names its owner" in r.stderr
        r = cli.fails("meeting", "minutes", mid, "--topic", "t", "--resolution", "更换|赵六|2026-11-30")
        assert r.stderr.strip() == "error: --resolution='赵六': not a registered staff member"
        r = cli.fails("meeting", "minutes", mid, "--topic", "t", "--resolution", "更换|李明|2026-13-01")
        assert "--resolution" in r.stderr
        cli.fails("meeting", "minutes", mid, "--topic", "t", "--resolution", "更换|李明|2026-11-18")  # before the day
        cli.fails("meeting", "minutes", 99, "--topic", "t")
        cli.fails("meeting", "minutes", mid)  # neither a file nor a topic
        cli.fails("meeting", "minutes", mid, "--topic", "t", "--taker", "赵六")
        cli.fails("meeting", "minutes", mid, "--topic", "t", "--speaker", "李明")
        cli.fails("meeting", "minutes", mid, "--topic", "t", "--at", "2026-11-19 08:00")  # before it began


def test_minutes_are_recorded_once(cli, unchanged):
    staffed(cli)
    mid = meeting(cli)
    minutes(cli, mid)
    with unchanged():
        r = cli.fails("meeting", "minutes", mid, "--topic", "again")
    assert "never replaced" in r.stderr


def test_minutes_from_a_file(cli, tmp_path):
    staffed(cli)
    mid = meeting(cli)
    f = tmp_path / "m.txt"
    f.write_text("一、上周工作总结。\n二、本周安排。", encoding="utf-8")
    cli.ok("meeting", "minutes", mid, "--file", f, "--at", "2026-11-19 11:00")
    assert rows(cli, "SELECT body FROM meeting_minutes")[0]["body"].startswith("一、上周")


# --- distribution and approval -------------------------------------------------------------------------------


def test_distribution_at_the_edge_of_the_third_day(cli):
    staffed(cli)
    on_time, late = meeting(cli), meeting(cli)
    minutes(cli, on_time)
    minutes(cli, late)
    r = cli.ok("meeting", "distribute", on_time, "--at", "2026-11-22 23:59:59")
    assert "late" not in r.stderr
    r = cli.ok("meeting", "distribute", late, "--at", "2026-11-23 00:00:00")
    assert "late" in r.stderr
    d = rows(cli, "SELECT meeting_id, late, COUNT(*) AS n FROM meeting_distributions GROUP BY meeting_id, late")
    assert d == [{"meeting_id": on_time, "late": 0, "n": 3}, {"meeting_id": late, "late": 1, "n": 3}]
    assert rows(cli, "SELECT distributed_at FROM meetings WHERE id = ?", on_time)[0]["distributed_at"] == (
        "2026-11-22T23:59:59+08:00"
    )
    fig = {
        f["key"]: f["value"] for f in minutes_section(cli.json("report", "monthly", "--month", "2026-11"))["figures"]
    }
    assert fig["fig.minutes_on_time"] == 1 and fig["fig.minutes_late"] == 1


def test_distribution_to_named_people_and_bad_input(cli, unchanged):
    staffed(cli)
    mid = meeting(cli)
    with unchanged():
        cli.fails("meeting", "distribute", mid)  # no minutes yet
    minutes(cli, mid)
    with unchanged():
        r = cli.fails("meeting", "distribute", mid, "--to", "赵六")
        assert r.stderr.strip() == "error: --to='赵六': not a registered staff member"
        cli.fails("meeting", "distribute", 99)
        cli.fails("meeting", "distribute", mid, "--at", "2026-11-19 10:30")  # before the minutes
        cli.fails("meeting", "distribute", mid, "--at", "2026-13-01")
    cli.ok("meeting", "distribute", mid, "--to", "李明", "--at", "2026-11-20 09:00")
    cli.ok("meeting", "distribute", mid, "--at", "2026-11-21 09:00")  # the others
    assert len(rows(cli, "SELECT * FROM meeting_distributions")) == 3
    with unchanged():
        cli.fails("meeting", "distribute", mid)  # everyone has them


def test_an_inter_department_meetings_conclusions_are_due_for_approval_until_approved(cli, unchanged):
    staffed(cli)
    mid, company = meeting(cli, "部门间交流会"), meeting(cli, "company")
    minutes(cli, mid)
    minutes(cli, company)
    due = cli.json("report", "due", "--within", "30")["due"]
    assert [i["record"] for i in due if i["what"] == "due.meeting_approve"] == [f"meetings/{mid}"]
    with unchanged():
        r = cli.fails("meeting", "approve", mid, "--by", "赵六", "--at", "2026-11-20 10:00")
        assert r.stderr.strip() == "error: --by='赵六': not a registered staff member"
        cli.fails("meeting", "approve", company, "--by", "王总")  # a company meeting is not approved
        cli.fails("meeting", "approve", 99, "--by", "王总")
    cli.ok("meeting", "approve", mid, "--by", "王总", "--at", "2026-11-20 10:00")
    due = cli.json("report", "due", "--within", "30")["due"]
    assert not [i for i in due if i["what"] == "due.meeting_approve"]
    assert (
        rows(cli, "SELECT approved_at FROM meetings WHERE id = ?", mid)[0]["approved_at"] == "2026-11-20T10:00:00+08:00"
    )
    with unchanged():
        cli.fails("meeting", "approve", mid, "--by", "王总")  # once


# --- resolutions followed up ---------------------------------------------------------------------------------


def resolutions(cli):
    """Meeting #1 (11-19) with two resolutions: #1 李明 due 11-20 (overdue now), #2 张芳 due 11-30."""
    staffed(cli)
    mid = meeting(cli)
    minutes(cli, mid, "--resolution", "更换2栋电梯按钮|李明|2026-11-20", "--resolution", "补装监控|张芳|2026-11-30")
    return mid


def test_the_owner_gives_an_action_plan_progress_is_followed_and_it_is_done(cli, unchanged):
    resolutions(cli)
    r = cli.json("meeting", "resolution", "plan", 1, "--text", "周三前采购，周五安装", "--at", "2026-11-20 09:00")
    assert r["plan"] == "周三前采购，周五安装" and r["plan_at"] == "2026-11-20T09:00:00+08:00"
    with unchanged():
        assert "use update" in cli.fails("meeting", "resolution", "plan", 1, "--text", "again").stderr
        cli.fails("meeting", "resolution", "plan", 2, "--text", "  ")
        cli.fails("meeting", "resolution", "plan", 2, "--text", "x", "--at", "2026-11-18 09:00")  # before the meeting
        cli.fails("meeting", "resolution", "plan", 99, "--text", "x")
    r = cli.json("meeting", "resolution", "update", 1, "--progress", "已采购", "--at", "2026-11-21 09:00")
    assert [p["text"] for p in r["progress"]] == ["已采购"]
    r = cli.json("meeting", "resolution", "done", 1, "--at", "2026-11-22 17:00")
    assert r["state"] == "done" and r["done_at"] == "2026-11-22T17:00:00+08:00"
    with unchanged():
        cli.fails("meeting", "resolution", "done", 1)
        cli.fails("meeting", "resolution", "update", 1, "--progress", "x")
        cli.fails("meeting", "resolution", "done", 2, "--at", "2026-13-01")
        cli.fails("meeting", "resolution", "report-back", 2, "--at", "2026-11-22 10:00")  # not a committee's
    actions = [e["action"] for e in events(cli, record_table="meeting_resolutions", record_id=1)]
    assert actions == ["create", "plan", "progress", "done"]


def test_list_open_overdue_and_by_owner(cli, unchanged):
    resolutions(cli)
    assert [r["id"] for r in cli.json("meeting", "resolution", "list", "--overdue")] == [1]  # due 11-20, now 11-23
    assert [r["id"] for r in cli.json("meeting", "resolution", "list", "--owner", "张芳")] == [2]
    cli.ok("meeting", "resolution", "done", 2)
    assert [r["id"] for r in cli.json("meeting", "resolution", "list", "--open")] == [1]
    assert [r["state"] for r in cli.json("meeting", "resolution", "list")] == ["overdue", "done"]
    with unchanged():
        cli.fails("meeting", "resolution", "list", "--owner", "赵六")
        cli.fails("meeting", "resolution", "list", "--open", "--overdue")


def test_a_promise_to_the_owners_committee_is_reported_back(cli, unchanged):
    staffed(cli)
    mid = meeting(cli, "业委会")
    minutes(cli, mid, "--resolution", "地库照明改造|李明|2026-12-10")
    due = cli.json("report", "due", "--within", "30")["due"]
    assert [i["what"] for i in due if i["record"] == "meeting_resolutions/1"] == [
        "due.resolution_plan", "due.resolution", "due.resolution_report_back",
    ]  # fmt: skip
    r = cli.json("meeting", "resolution", "report-back", 1, "--at", "2026-11-23 09:00")
    assert r["report_back_at"] == "2026-11-23T09:00:00+08:00"
    with unchanged():
        cli.fails("meeting", "resolution", "report-back", 1)


def test_due_list_and_month_figures_for_minutes_and_resolutions(cli):
    """Hand-worked: meeting #1 (11-19) minuted, not distributed, due 11-22 23:59:59 → late by now (11-23 10:00);
    resolution #1 due 11-20 overdue, #2 due 11-30 open; neither has a plan (owed with the minutes, 11-22)."""
    mid = resolutions(cli)
    due = {(i["what"], i["record"]): i for i in cli.json("report", "due", "--within", "30")["due"]}
    assert due[("due.meeting_distribute", f"meetings/{mid}")]["due"] == "2026-11-22T23:59:59+08:00"
    assert due[("due.meeting_distribute", f"meetings/{mid}")]["state"] == "overdue"
    assert due[("due.resolution", "meeting_resolutions/1")]["state"] == "overdue"
    assert due[("due.resolution", "meeting_resolutions/2")]["state"] == "soon"
    assert due[("due.resolution_plan", "meeting_resolutions/2")]["due"] == "2026-11-22T23:59:59+08:00"
    fig = {
        f["key"]: f["value"] for f in minutes_section(cli.json("report", "monthly", "--month", "2026-11"))["figures"]
    }
    assert (fig["fig.minutes_late"], fig["fig.minutes_on_time"], fig["fig.meetings_held"]) == (1, 0, 1)
    assert (fig["fig.resolutions_opened"], fig["fig.resolutions_open"], fig["fig.resolutions_overdue"]) == (2, 2, 1)
    cli.ok("meeting", "resolution", "done", 1, "--at", "2026-11-23 09:00")
    fig = {
        f["key"]: f["value"] for f in minutes_section(cli.json("report", "monthly", "--month", "2026-11"))["figures"]
    }
    assert (fig["fig.resolutions_done"], fig["fig.resolutions_open"], fig["fig.resolutions_overdue"]) == (1, 1, 0)
    october = {
        f["key"]: f["value"] for f in minutes_section(cli.json("report", "monthly", "--month", "2026-10"))["figures"]
    }
    assert october["fig.resolutions_opened"] == 0 and october["fig.minutes_late"] == 0


# --- forms and the calendar ----------------------------------------------------------------------------------


def test_the_minutes_and_the_sign_in_sheet_render_in_chinese_with_the_minutes_number(cli):
    mid = resolutions(cli)
    md = cli.ok("meeting", "render", mid, "minutes", "-f", "md", "--lang", "zh").stdout
    assert "会议纪要" in md and "编号：JM01-2026-0001" in md and "记录人 | 张芳" in md
    assert "| 1 | 更换2栋电梯按钮 | 李明 | 2026年11月20日 |" in md
    sheet = cli.ok("meeting", "render", mid, "签到表", "-f", "html", "--lang", "zh").stdout
    assert "会议签到表" in sheet and "JM01-2026-0001" in sheet and "<td>李明</td>" in sheet
    r = cli.fails("meeting", "render", mid, "agenda")
    assert r.stderr.startswith("error: FORM='agenda'")
    cli.fails("meeting", "render", 99, "minutes")


def test_ics_exports_planned_and_held_meetings_in_the_office_zone_and_parses_back(cli, tmp_path):
    import icalendar

    staffed(cli)
    held = meeting(cli)
    planned = meeting(cli, "board", "2026-12-10 09:00", "2026-12-10 11:00")
    meeting(cli, "company", "2027-01-04 09:00", "2027-01-04 10:00")  # outside the range
    out = tmp_path / "m.ics"
    cli.ok("meeting", "ics", "--from", "2026-11-01", "--to", "2026-12-31", "-o", out)
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    evs = {e["uid"]: e for e in cal.walk("VEVENT")}
    assert sorted(evs) == [f"meeting-{held}-JM01@commscli", f"meeting-{planned}-JM01@commscli"]
    board = evs[f"meeting-{planned}-JM01@commscli"]
    start = board.decoded("dtstart")
    assert start.isoformat() == "2026-12-10T09:00:00+08:00" and str(start.tzinfo) == "Asia/Shanghai"
    assert board["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert str(board["status"]) == "TENTATIVE" and str(evs[f"meeting-{held}-JM01@commscli"]["status"]) == "CONFIRMED"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    text = cli.ok("meeting", "ics", "--from", "2026-11-19", "--to", "2026-11-19").stdout
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == 1


def test_ics_bad_dates_are_refused(cli):
    assert cli.fails("meeting", "ics", "--from", "2026-12-01", "--to", "2026-11-01").stderr.startswith("error: --to=")
    cli.fails("meeting", "ics", "--from", "2026-13-01", "--to", "2026-12-01")
    cli.fails("meeting", "ics", "--from", "yesterday", "--to", "2026-12-01")


def minutes_section(report: dict) -> dict:
    return next(s for s in report["sections"] if s["key"] == "section.meeting_minutes")
