"""The notice rules as plain functions (SPEC §3, §8; 003 篇2 §4.2; 001 §2.1): lead times in wall-clock hours
and in working days, the pest-control weekend ban, the "within N working days after" kinds."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from commscli.domain import notices as rules
from commscli.errors import RuleError
from commscli.policy import DEFAULT
from commscli.workdays import Calendar

TZ = ZoneInfo("Asia/Shanghai")
CAL = Calendar()


def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def check(kind, start, posted, *, end=None, dept=None, since=None, policy=DEFAULT):
    return rules.breaches(
        rules.Facts(
            kind, t(start), t(end) if end else None, t(posted), t(dept) if dept else None, t(since) if since else None
        ),
        policy,
        CAL,
    )


def keys(found) -> list[str]:
    return [b.key for b in found]


# --- wall-clock lead times: "1 day before" is 24 hours --------------------------------------------------


def test_a_cut_told_exactly_24_h_before_is_in_time_and_23_h_59_min_is_not():
    start = "2026-11-25 09:00"
    assert check("water_cut", start, "2026-11-24 09:00", dept="2026-11-24 01:00") == []
    late = check("water_cut", start, "2026-11-24 09:01", dept="2026-11-24 01:00")
    assert keys(late) == ["notice_cut_resident_hours"]
    assert late[0].required == t("2026-11-24 09:00") and late[0].given == t("2026-11-24 09:01")


def test_works_one_day_before_is_24_hours_not_one_working_day():
    # Monday 09:00 works: told Sunday 09:00 is exactly one day (24 h) although Sunday is no working day
    assert check("works", "2026-11-23 09:00", "2026-11-22 09:00") == []
    assert keys(check("works", "2026-11-23 09:00", "2026-11-22 09:01")) == ["notice_works_resident_days"]


def test_a_water_cut_across_a_public_holiday_counts_wall_clock_hours():
    # the cut starts the first working day after National Day; the holiday does not lengthen the 24 h
    start = "2026-10-08 09:00"
    assert check("water_cut", start, "2026-10-07 09:00", dept="2026-10-07 01:00") == []
    assert keys(check("water_cut", start, "2026-10-07 09:30", dept="2026-10-07 01:00")) == ["notice_cut_resident_hours"]
    # engineering tells customer service 32 h before: 2026-10-07 01:00 exactly; one minute later is late
    assert keys(check("power_cut", start, "2026-10-07 08:00", dept="2026-10-07 01:01")) == ["notice_cut_dept_hours"]


def test_pest_control_department_24_h_and_residents_12_h():
    start, end = "2026-11-25 09:00", "2026-11-25 11:00"
    assert check("pest", start, "2026-11-24 21:00", end=end, dept="2026-11-24 09:00") == []
    found = check("pest", start, "2026-11-24 21:01", end=end, dept="2026-11-24 09:01")
    assert keys(found) == ["notice_pest_dept_hours", "notice_pest_resident_hours"]


# --- the weekend ban ----------------------------------------------------------------------------------


def test_a_friday_evening_pest_control_that_ends_at_00_30_on_saturday_is_refused():
    found = check("pest", "2026-11-20 19:00", "2026-11-19 09:00", end="2026-11-21 00:30", dept="2026-11-18 09:00")
    assert keys(found) == ["notice_pest_weekend_allowed"]
    assert found[0].given == date(2026, 11, 21)
    # ending at midnight touches no part of Saturday
    assert check("pest", "2026-11-20 19:00", "2026-11-19 09:00", end="2026-11-21 00:00", dept="2026-11-18 09:00") == []


def test_pest_control_on_a_statutory_holiday_weekday_is_refused():
    found = check("pest", "2026-10-05 09:00", "2026-09-30 09:00", end="2026-10-05 11:00", dept="2026-09-29 09:00")
    assert keys(found) == ["notice_pest_weekend_allowed"] and found[0].given == date(2026, 10, 5)


def test_a_make_up_working_saturday_is_still_a_saturday_unless_policy_says_otherwise():
    args = ("pest", "2026-10-10 09:00", "2026-10-09 09:00")
    kw = dict(end="2026-10-10 11:00", dept="2026-10-08 09:00")
    assert keys(check(*args, **kw)) == ["notice_pest_makeup_allowed"]
    assert check(*args, **kw, policy=replace(DEFAULT, notice_pest_makeup_allowed=True)) == []
    # the whole ban off
    assert check(*args, **kw, policy=replace(DEFAULT, notice_pest_weekend_allowed=True)) == []
    sunday = dict(end="2026-10-11 11:00", dept="2026-10-09 09:00")
    assert keys(
        check(
            "pest",
            "2026-10-11 09:00",
            "2026-10-10 09:00",
            **sunday,
            policy=replace(DEFAULT, notice_pest_makeup_allowed=True),
        )
    ) == ["notice_pest_weekend_allowed"]


# --- working days before an event -----------------------------------------------------------------------


def test_three_working_days_across_national_day_with_its_make_up_saturday():
    # event Monday 2026-10-12: back 3 working days = Sat 10-10 (make-up), Fri 10-09, Thu 10-08 → by 10-08
    assert rules.last_day_before(date(2026, 10, 12), 3, CAL) == date(2026, 10, 8)
    assert check("event", "2026-10-12 15:00", "2026-10-08 23:59") == []
    late = check("event", "2026-10-12 15:00", "2026-10-09 08:00")
    assert keys(late) == ["notice_event_resident_workdays"] and late[0].required == date(2026, 10, 8)
    # event Friday 2026-10-09: Thu 10-08, then National Day is skipped: Wed 09-30, Tue 09-29
    assert rules.last_day_before(date(2026, 10, 9), 3, CAL) == date(2026, 9, 29)


# --- within N working days after ----------------------------------------------------------------------


def test_results_within_5_working_days_after_the_analysis():
    # analysed Wednesday 2026-09-30: Thu 10-08 (1) … Fri 10-09 (2), Sat 10-10 make-up (3), Mon 10-12 (4), Tue 10-13 (5)
    assert rules.last_day_after(date(2026, 9, 30), 5, CAL) == date(2026, 10, 13)
    assert check("financial", "2026-10-13 09:00", "2026-10-13 18:00", since="2026-09-30 16:00") == []
    late = check("financial", "2026-10-14 09:00", "2026-10-14 08:00", since="2026-09-30 16:00")
    assert keys(late) == ["notice_results_workdays"] and late[0].required == date(2026, 10, 13)


def test_lost_property_within_one_working_day_and_contract_within_two():
    # discovered Friday evening: the next working day is Monday
    assert check("loss", "2026-11-23 09:00", "2026-11-23 17:00", since="2026-11-20 19:00") == []
    assert keys(check("loss", "2026-11-24 09:00", "2026-11-24 09:00", since="2026-11-20 19:00")) == [
        "notice_loss_workdays"
    ]
    assert check("contract", "2026-11-24 09:00", "2026-11-24 17:00", since="2026-11-20 10:00") == []
    assert keys(check("contract", "2026-11-25 09:00", "2026-11-25 09:00", since="2026-11-20 10:00")) == [
        "notice_contract_workdays"
    ]


def test_missing_times_the_kind_needs():
    assert keys(check("pest", "2026-11-25 09:00", "2026-11-24 09:00", end="2026-11-25 10:00")) == [
        "notice_pest_dept_hours"
    ]
    assert keys(check("loss", "2026-11-25 09:00", "2026-11-24 09:00")) == ["notice_loss_workdays"]


def test_publicity_and_general_have_no_lead_time():
    assert check("publicity", "2026-11-25 09:00", "2026-11-25 09:00") == []
    assert check("general", "2026-11-25 09:00", "2026-11-26 09:00") == []


def test_a_breach_is_refused_in_one_line_naming_the_rule_the_time_required_and_the_time_given():
    found = check("water_cut", "2026-11-25 09:00", "2026-11-24 10:00", dept="2026-11-24 01:00")
    with pytest.raises(RuleError) as e:
        rules.refuse(found, "water_cut")
    line = e.value.line("en")
    assert line.startswith("--posted-at=")
    assert "notice_cut_resident_hours" in line and "2026-11-24 09:00" in line and "2026-11-24 10:00" in line
    assert "\n" not in line
    zh = e.value.line("zh")
    assert "停水" in zh and "notice_cut_resident_hours" in zh


def test_publicity_refresh_due():
    assert rules.refresh_due(t("2026-10-20 09:00"), DEFAULT) == t("2026-10-20 09:00") + timedelta(days=31)
