"""The working-day calendar as plain functions: statutory days, 调休, office overrides, uncovered years."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commscli.errors import InputError
from commscli.workdays import Calendar, parse_kind

D = date.fromisoformat


def days(first: str, last: str):
    d, end = D(first), D(last)
    while d <= end:
        yield d
        d += timedelta(days=1)


# --- 2026 as the State Council set it ---------------------------------------------------


def test_national_day_2026_is_seven_days_off():
    c = Calendar()
    for d in days("2026-10-01", "2026-10-07"):
        day = c.day(d)
        assert not day.workday, d
        assert not c.is_workday(d), d
        assert day.name == "国庆节" and day.source == "statutory", day
    assert c.is_workday(D("2026-10-08")) and c.is_workday(D("2026-09-30"))
    assert c.missing_years == set()


@pytest.mark.parametrize("d, weekday", [("2026-09-20", 7), ("2026-10-10", 6)])
def test_national_day_make_up_workdays_fall_on_a_weekend(d, weekday):
    c = Calendar()
    day = c.day(D(d))
    assert D(d).isoweekday() == weekday  # a Sunday and a Saturday
    assert day.workday and c.is_workday(D(d))
    assert "调休" in day.name and day.source == "statutory"


def test_ordinary_weekends_around_the_holiday_stay_off():
    c = Calendar()
    for d in ("2026-09-19", "2026-10-11", "2026-11-21", "2026-11-22"):  # Sat, Sun, Sat, Sun
        assert not c.is_workday(D(d)), d
        assert c.day(D(d)).name == ""
    assert c.day(D("2026-11-23")).workday  # the frozen "today", a Monday
    assert c.day(D("2026-11-23")).source == "weekday"


def test_mid_autumn_2026():
    c = Calendar()
    for d in days("2026-09-25", "2026-09-27"):
        day = c.day(d)
        assert not day.workday, d
        assert day.name == "中秋节", day
    assert c.is_workday(D("2026-09-24")) and c.is_workday(D("2026-09-28"))  # Thursday, Monday


# --- add --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, n, expected",
    [
        ("2026-09-30", 1, "2026-10-08"),  # across the whole National Day
        ("2026-10-08", -1, "2026-09-30"),  # and back
        ("2026-09-30", 2, "2026-10-09"),
        ("2026-10-09", 1, "2026-10-10"),  # Friday → the make-up Saturday
        ("2026-10-10", 1, "2026-10-12"),
        ("2026-10-12", -1, "2026-10-10"),
        ("2026-09-18", 1, "2026-09-20"),  # Friday → the make-up Sunday
        ("2026-09-24", 1, "2026-09-28"),  # across Mid-Autumn
        ("2026-09-28", -1, "2026-09-24"),
        ("2026-09-24", -3, "2026-09-21"),
        ("2026-10-01", 1, "2026-10-08"),  # from inside the holiday
        ("2026-10-04", -1, "2026-09-30"),
        ("2026-11-20", 1, "2026-11-23"),  # an ordinary weekend
        ("2026-11-23", 5, "2026-11-30"),
    ],
)
def test_add_counts_working_days(start, n, expected):
    assert Calendar().add(D(start), n) == D(expected)


@pytest.mark.parametrize("d", ["2026-10-01", "2026-10-10", "2026-11-22", "2026-11-23"])
def test_add_zero_is_the_date_itself(d):
    assert Calendar().add(D(d), 0) == D(d)


@pytest.mark.parametrize("n", [3661, -3661, 10**9])
def test_add_refuses_absurd_counts(n):
    with pytest.raises(InputError) as exc:
        Calendar().add(D("2026-01-05"), n)
    assert exc.value.field == "N" and exc.value.value == n


def test_next_workday():
    c = Calendar()
    assert c.next_workday(D("2026-10-01")) == D("2026-10-08")
    assert c.next_workday(D("2026-09-30")) == D("2026-09-30")
    assert c.next_workday(D("2026-10-10")) == D("2026-10-10")


# --- office overrides win ---------------------------------------------------------------


def test_office_overrides_win_over_the_package():
    c = Calendar(
        {
            D("2026-10-08"): (0, "停电检修", "office"),  # a closure on an ordinary Thursday
            D("2026-10-03"): (1, "值班", "office"),  # a working day inside the holiday
            D("2026-10-10"): (False, "", "office"),  # the make-up Saturday cancelled for the office
        }
    )
    closed = c.day(D("2026-10-08"))
    assert not closed.workday and closed.name == "停电检修" and closed.source == "office"
    opened = c.day(D("2026-10-03"))
    assert opened.workday and opened.name == "值班" and opened.source == "office"
    assert not c.is_workday(D("2026-10-10"))
    assert c.add(D("2026-09-30"), 1) == D("2026-10-03")
    assert c.add(D("2026-10-03"), 1) == D("2026-10-09")
    assert c.add(D("2026-10-09"), 1) == D("2026-10-12")
    assert c.add(D("2026-10-12"), -2) == D("2026-10-03")


def test_imported_days_win_too():
    c = Calendar({D("2026-11-23"): (0, "台风停工", "import")}, {2026})
    assert not c.is_workday(D("2026-11-23"))
    assert c.day(D("2026-11-23")).source == "import"


# --- a year the package does not cover ---------------------------------------------------


def test_uncovered_year_falls_back_to_mon_fri_and_is_recorded():
    c = Calendar()
    assert not c.covers(2027)
    assert c.covers(2026) and c.covers(2025)
    assert c.missing_years == set()
    new_year = c.day(D("2027-01-01"))  # a Friday: really 元旦, but nobody told us yet
    assert new_year.workday and new_year.source == "weekday" and new_year.name == ""
    assert not c.is_workday(D("2027-01-02"))  # Saturday
    assert c.missing_years == {2027}


def test_add_into_an_uncovered_year_records_it():
    c = Calendar()
    assert c.add(D("2026-12-30"), 5) == D("2027-01-06")
    assert c.missing_years == {2027}


def test_work_inside_covered_years_records_nothing():
    c = Calendar()
    c.add(D("2026-01-05"), 200)
    c.year(2025)
    assert c.missing_years == set()


def test_imported_year_is_not_missing():
    c = Calendar({D("2027-01-01"): (0, "元旦", "import"), D("2027-02-06"): (1, "春节调休", "import")}, {2027})
    assert c.covers(2027)
    assert not c.is_workday(D("2027-01-01"))
    assert c.is_workday(D("2027-02-06"))  # a Saturday made a workday by the import
    assert c.is_workday(D("2027-01-04"))  # an ordinary Monday of an imported year
    assert not c.is_workday(D("2027-01-09"))  # an ordinary Saturday
    assert c.add(D("2026-12-31"), 1) == D("2027-01-04")
    assert c.missing_years == set()


def test_office_days_alone_do_not_cover_a_year():
    c = Calendar({D("2027-01-01"): (0, "元旦", "office")}, set())
    assert not c.is_workday(D("2027-01-01"))
    c.is_workday(D("2027-01-04"))
    assert not c.covers(2027)
    assert c.missing_years == {2027}


def test_year_lists_every_day():
    c = Calendar()
    listed = c.year(2026)
    assert len(listed) == 365 and listed[0].date == D("2026-01-01") and listed[-1].date == D("2026-12-31")
    assert sum(d.workday for d in listed) == len([d for d in listed if c.is_workday(d.date)])


# --- kinds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, workday",
    [
        ("休", False),
        ("班", True),
        ("holiday", False),
        ("workday", True),
        (" Holiday ", False),
        ("WORKDAY", True),
        ("放假", False),
        ("上班", True),
        ("closure", False),
    ],
)
def test_parse_kind(text, workday):
    assert parse_kind(text) is workday


@pytest.mark.parametrize("text", ["maybe", "", None, "休息日?"])
def test_parse_kind_refuses_and_names_the_field(text):
    with pytest.raises(InputError) as exc:
        parse_kind(text, "kind")
    assert exc.value.field == "kind" and exc.value.value == text


# --- properties -------------------------------------------------------------------------

CAL = Calendar()  # one shared calendar: the package lookups are cached on it
DATES = st.dates(min_value=D("2025-01-01"), max_value=D("2026-12-31"))


@settings(max_examples=150, deadline=None)
@given(DATES, st.integers(-30, 30))
def test_add_then_subtract_returns_to_a_working_day(d, n):
    start = CAL.next_workday(d)
    assert CAL.is_workday(start)
    assert CAL.add(CAL.add(start, n), -n) == start


@settings(max_examples=150, deadline=None)
@given(DATES, st.integers(1, 30))
def test_add_forward_lands_on_a_working_day_strictly_after(d, n):
    result = CAL.add(d, n)
    assert result > d
    assert CAL.is_workday(result)
    between = sum(CAL.is_workday(d + timedelta(days=i)) for i in range(1, (result - d).days + 1))
    assert between == n


@settings(max_examples=100, deadline=None)
@given(DATES, st.integers(-30, -1))
def test_add_backward_lands_on_a_working_day_strictly_before(d, n):
    result = CAL.add(d, n)
    assert result < d
    assert CAL.is_workday(result)
