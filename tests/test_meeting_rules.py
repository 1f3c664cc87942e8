"""The meeting cadences and checks as plain functions (SPEC §4, §8; 000 §五, §七; 003 篇2 §4.1), over the whole
of 2026 with its holidays and make-up workdays (chinese_calendar):
元旦 1-1..1-3, make-up Sun 1-4; 春节 2-15..2-23, make-up Sat 2-14 and Sat 2-28; 清明 4-4..4-6; 劳动节 5-1..5-5,
make-up Sat 5-9; 端午 6-19..6-21; 中秋 9-25..9-27; 国庆 10-1..10-7, make-up Sun 9-20 and Sat 10-10."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from commscli.domain import meetings as rules
from commscli.policy import DEFAULT
from commscli.workdays import Calendar

TZ = ZoneInfo("Asia/Shanghai")
CAL = Calendar()
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def days(kind, start=YEAR[0], end=YEAR[1], policy=DEFAULT):
    return [s.on for s in rules.slots(kind, start, end, policy, CAL)]


def d(text):
    return date.fromisoformat(text)


def test_the_company_meeting_is_every_monday_a_holiday_monday_moving_to_the_next_working_day():
    got = days("company")
    mondays = [d("2026-01-05") + timedelta(weeks=i) for i in range(52)]  # 01-05 … 12-28
    moved = {d("2026-02-23"): d("2026-02-24"), d("2026-04-06"): d("2026-04-07"), d("2026-05-04"): d("2026-05-06"),
             d("2026-10-05"): d("2026-10-08")}  # fmt: skip
    # the week of 02-16 is all Spring Festival: no working day left in it, no meeting
    assert got == [moved.get(m, m) for m in mondays if m != d("2026-02-16")]
    assert len(got) == 51
    keys = [s.key for s in rules.slots("company", *YEAR, DEFAULT, CAL)]
    assert keys[0] == "company:2026-W02" and "company:2026-W08" not in keys and "company:2026-W41" in keys


def test_the_morning_drill_is_on_mondays_and_thursdays_08_30_to_08_50_moved_within_its_week():
    slots = rules.slots("drill", *YEAR, DEFAULT, CAL)
    assert {(s.start, s.end) for s in slots} == {(time(8, 30), time(8, 50))}
    got = [s.on for s in slots]
    # 52 Mondays (01-05 … 12-28) + 53 Thursdays (01-01 … 12-31) = 105, less four that find no working day in time
    assert len(got) == 101
    assert got[0] == d("2026-01-04")  # Thu 01-01, 01-02, 01-03 off; Sun 01-04 is a make-up working day
    assert d("2026-02-16") not in got and d("2026-02-19") not in got and d("2026-02-24") in got  # Spring Festival
    assert d("2026-04-07") in got and d("2026-05-06") in got  # Mon 04-06 and Mon 05-04 moved
    # National Day: Thu 10-01 would move to 10-08 (next week): none; Mon 10-05 moves onto Thu 10-08: one drill
    assert [x for x in got if d("2026-09-28") <= x <= d("2026-10-11")] == [d("2026-09-28"), d("2026-10-08")]
    assert len(set(got)) == len(got)


def test_the_presidents_office_meets_within_the_first_three_working_days_national_day_pushing_it_later():
    windows = [(s.first, s.last) for s in rules.slots("president", *YEAR, DEFAULT, CAL)]
    assert windows == [
        (d("2026-01-04"), d("2026-01-06")),  # 01-01..03 off, Sun 01-04 a make-up working day
        (d("2026-02-02"), d("2026-02-04")),
        (d("2026-03-02"), d("2026-03-04")),
        (d("2026-04-01"), d("2026-04-03")),
        (d("2026-05-06"), d("2026-05-08")),  # Labour Day 05-01..05
        (d("2026-06-01"), d("2026-06-03")),
        (d("2026-07-01"), d("2026-07-03")),
        (d("2026-08-03"), d("2026-08-05")),
        (d("2026-09-01"), d("2026-09-03")),
        (d("2026-10-08"), d("2026-10-10")),  # National Day week; Sat 10-10 is a make-up working day
        (d("2026-11-02"), d("2026-11-04")),
        (d("2026-12-01"), d("2026-12-03")),
    ]
    assert days("president") == [w[0] for w in windows]
    four = replace(DEFAULT, meeting_president_first_workdays=4)
    assert rules.slots("president", d("2026-10-01"), d("2026-10-31"), four, CAL)[0].last == d("2026-10-12")


def test_the_directors_forum_is_every_two_months_and_the_staff_assembly_at_month_end():
    assert days("forum") == [
        d("2026-01-15"),
        d("2026-03-16"),
        d("2026-05-15"),
        d("2026-07-15"),
        d("2026-09-15"),
        d("2026-11-16"),
    ]  # fmt: skip  (the 15th; Sun 03-15 and Sun 11-15 move to Monday)
    assert days("assembly") == [
        d("2026-01-30"),
        d("2026-02-28"),
        d("2026-03-31"),
        d("2026-04-30"),
        d("2026-05-29"),
        d("2026-06-30"),
        d("2026-07-31"),
        d("2026-08-31"),
        d("2026-09-30"),
        d("2026-10-30"),
        d("2026-11-30"),
        d("2026-12-31"),
    ]  # fmt: skip  (Sat 02-28 is a make-up working day)
    assembly = rules.slots("assembly", d("2026-10-01"), d("2026-10-31"), DEFAULT, CAL)[0]
    assert (assembly.first, assembly.last) == (d("2026-10-25"), d("2026-10-31"))
    three = replace(DEFAULT, meeting_forum_months=3)
    assert days("forum", policy=three) == [d("2026-01-15"), d("2026-04-15"), d("2026-07-15"), d("2026-10-15")]


def test_the_board_meets_each_half_year_on_any_day_and_the_committee_monthly():
    board = rules.slots("board", *YEAR, DEFAULT, CAL)
    assert [(s.key, s.first, s.last, s.on) for s in board] == [
        ("board:2026-01", d("2026-01-01"), d("2026-06-30"), None),
        ("board:2026-07", d("2026-07-01"), d("2026-12-31"), None),
    ]
    committee = rules.slots("committee", *YEAR, DEFAULT, CAL)
    assert len(committee) == 12 and committee[9].key == "committee:2026-10" and committee[9].on == d("2026-10-15")
    assert rules.slots("owners", *YEAR, DEFAULT, CAL) == [] and rules.slots("office_morning", *YEAR, DEFAULT, CAL) == []
    assert rules.slots("interdept", *YEAR, DEFAULT, CAL) == []  # "as needed" unless the policy puts it on a cadence
    monthly = replace(DEFAULT, meeting_cadence_types=[*DEFAULT.meeting_cadence_types, "interdept", "stop_analysis"])
    assert len(rules.slots("interdept", *YEAR, monthly, CAL)) == 12
    stop = [s.on for s in rules.slots("stop_analysis", d("2026-09-21"), d("2026-10-11"), monthly, CAL)]
    # Fri 09-25 (中秋) has no working day left in its week; Fri 10-02 neither (国庆); Fri 10-09 is ordinary
    assert stop == [d("2026-10-09")]


def test_each_department_meets_before_the_company_meeting():
    slots = rules.slots("dept", d("2026-09-28"), d("2026-10-16"), DEFAULT, CAL)
    assert [(s.key, s.first, s.last, s.on) for s in slots if s.dept == "engineering"] == [
        # before the company meeting of Thu 10-08 (moved from Mon 10-05): since the one of Mon 09-28, planned on
        # the last working day before it, Wed 09-30 (10-01..10-07 National Day)
        ("dept:engineering:2026-W41", d("2026-09-28"), d("2026-10-07"), d("2026-09-30")),
        # before Mon 10-12's: since Thu 10-08, planned on Sat 10-10 (a make-up working day)
        ("dept:engineering:2026-W42", d("2026-10-08"), d("2026-10-11"), d("2026-10-10")),
        # before Mon 10-19's: planned on Fri 10-16
        ("dept:engineering:2026-W43", d("2026-10-12"), d("2026-10-18"), d("2026-10-16")),
    ]
    assert len(slots) == 3 * 8  # eight departments by default
    assert len(rules.slots("dept", *YEAR, DEFAULT, CAL)) == 51 * 8  # one before each company meeting of 2026
    assert rules.dept_window(d("2026-10-08"), DEFAULT, CAL) == (d("2026-09-28"), d("2026-10-07"))
    assert rules.dept_window(d("2026-11-23"), DEFAULT, CAL) == (d("2026-11-16"), d("2026-11-22"))


def test_a_meeting_finds_the_slot_its_day_falls_in():
    s = rules.slot_for("company", d("2026-10-08"), DEFAULT, CAL)
    assert s.key == "company:2026-W41" and s.on == d("2026-10-08")
    assert rules.slot_for("president", d("2026-10-10"), DEFAULT, CAL).key == "president:2026-10"
    assert rules.slot_for("president", d("2026-10-12"), DEFAULT, CAL) is None  # past the third working day
    assert rules.slot_for("dept", d("2026-11-20"), DEFAULT, CAL, "quality").key == "dept:quality:2026-W48"
    assert rules.slot_for("board", d("2026-11-20"), DEFAULT, CAL).key == "board:2026-07"


def t(text):
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("kind", "sent", "flagged"),
    [
        ("board", "2026-11-26 09:00", False),  # exactly 14 days before 12-10 09:00
        ("board", "2026-11-26 09:00:01", True),
        ("board", None, True),
        ("president", "2026-12-03 09:00", False),
        ("president", "2026-12-03 09:01", True),
        ("company", None, False),  # no lead time
    ],
)
def test_the_agenda_lead_time_edge(kind, sent, flagged):
    found = rules.flags(kind, t("2026-12-10 09:00"), t("2026-12-10 10:00"), t(sent) if sent else None, DEFAULT)
    assert bool(found) is flagged


def test_a_meeting_longer_than_two_hours_is_flagged_and_minutes_are_due_the_third_day_end():
    assert rules.flags("dept", t("2026-11-23 09:00"), t("2026-11-23 11:00"), None, DEFAULT) == []
    (f,) = rules.flags("dept", t("2026-11-23 09:00"), t("2026-11-23 11:01"), None, DEFAULT)
    assert (f.key, f.required, f.given) == ("meeting_max_minutes", 120, 121)
    assert rules.minutes_due(t("2026-11-30 20:00"), DEFAULT) == datetime(2026, 12, 3, 23, 59, 59)
