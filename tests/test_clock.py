"""The one date/time parser (clock.py): the forms Chinese offices type, year first only, a sane range."""

from datetime import date, datetime

import pytest

from commscli import clock
from commscli.errors import InputError
from commscli.policy import DEFAULT, from_mapping

TZ = "Asia/Shanghai"


def at(text: str) -> str:
    return clock.fmt(clock.parse_time(text, TZ, "--at"))


@pytest.mark.parametrize(
    "text",
    [
        "2019-05-01",
        "2019-5-1",
        "2019/5/1",
        "2019.5.1",
        "2019年5月1日",
        "2019年05月01日",
        "２０１９年５月１日",
        " 2019/05/01 ",
    ],
)
def test_dates_as_offices_type_them(text):
    assert clock.parse_date(text, "date") == date(2019, 5, 1)
    assert at(text) == "2019-05-01T00:00:00+08:00"


@pytest.mark.parametrize(
    "text",
    [
        "2019-05-01T08:30",
        "2019-05-01 08:30:00",
        "2019/5/1 8:30",
        "2019-5-1 8:30",
        "2019年5月1日 8时30分",
        "2019年5月1日8时30分",
        "2019年5月1日 8点30分",
        "2019年5月1日 8：30",
        "2019-05-01T00:30:00+00:00",
        "2019-05-01T00:30Z",
    ],
)
def test_times_as_offices_type_them(text):
    assert at(text) == "2019-05-01T08:30:00+08:00"


def test_hour_alone_in_chinese_and_time_only_today():
    assert at("2019年5月1日 8时") == "2019-05-01T08:00:00+08:00"
    assert at("14:30") == "2026-11-23T14:30:00+08:00"  # COMMSCLI_NOW is 2026-11-23
    assert at("8:05") == "2026-11-23T08:05:00+08:00"


@pytest.mark.parametrize("text", ["5/1/2019", "1/5/2019", "05-01-2019", "1.5.2019", "5/1/19"])
def test_day_and_month_first_is_never_guessed(text):
    with pytest.raises(InputError) as exc:
        clock.parse_date(text, "move_in")
    assert exc.value.field == "move_in" and "year first" in exc.value.message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow",
        "2019-5",
        "2019-13-01",
        "2019-02-30",
        "2019/5-1",
        "19/5/1",
        "2019-05-01 25:00",
        "2019-05-01 8",
        "2019-05-01T08:30+99:00",
        "\x00",
    ],
)
def test_malformed_dates_name_the_field(text):
    with pytest.raises(InputError) as exc:
        clock.parse_time(text, TZ, "--agreed")
    assert exc.value.field == "--agreed"


def test_the_span_runs_from_policy_earliest_to_years_ahead_of_today():
    # now 2026-11-23, default policy: 2000-01-01 to 5 years ahead = 2031-11-23
    s = clock.span(DEFAULT, date(2026, 11, 23))
    assert (s.earliest, s.latest) == (date(2000, 1, 1), date(2031, 11, 23))
    assert clock.parse_date("2000-01-01", "d") == date(2000, 1, 1)
    assert clock.parse_date("2031-11-23", "d") == date(2031, 11, 23)
    for text in ("1999-12-31", "2031-11-24", "0001-01-01", "9999-12-31", "1999-12-31T23:59:59+08:00"):
        with pytest.raises(InputError) as exc:
            clock.parse_time(text, TZ, "--at")
        assert "2000-01-01" in exc.value.message and "2031-11-23" in exc.value.message
    leap = clock.span(DEFAULT, date(2028, 2, 29))
    assert leap.latest == date(2033, 2, 28)


def test_the_span_is_the_policy_in_force_inside_a_command():
    policy = from_mapping({"time_earliest": "1990-01-01", "time_years_ahead": 1})
    with clock.limits(lambda: clock.span(policy, date(2026, 11, 23))):
        assert clock.parse_date("1995-06-01", "d") == date(1995, 6, 1)
        with pytest.raises(InputError):
            clock.parse_date("2028-01-01", "d")
    with pytest.raises(InputError):
        clock.parse_date("1995-06-01", "d")


def test_near_the_ends_of_time_no_overflow():
    # year 9999 with a western offset would overflow when moved to +08:00; year 1 got an LMT offset
    for text in ("9999-12-31T23:00:00-05:00", "0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31"):
        with pytest.raises(InputError):
            clock.parse_time(text, TZ, "--at")


@pytest.mark.parametrize("text", ["2026-11", "2026/11", "2026年11月", "2026-11月", "２０２６年１１月", "2026.11"])
def test_months(text):
    assert clock.parse_month(text, "--month") == (2026, 11)


@pytest.mark.parametrize("text", ["11/2026", "2026-13", "2026-0", "1999-12", "2032-01", "9999-12", "2026", ""])
def test_bad_months(text):
    with pytest.raises(InputError) as exc:
        clock.parse_month(text, "--month")
    assert exc.value.field == "--month"


def test_now_is_not_bounded_by_the_span(monkeypatch):
    monkeypatch.setenv("COMMSCLI_NOW", "1990-01-01T09:00:00+08:00")  # a replay of old records still starts
    assert clock.now(TZ) == datetime.fromisoformat("1990-01-01T09:00:00+08:00")


def test_policy_refuses_a_bad_span():
    from commscli.errors import PolicyError

    with pytest.raises(PolicyError):
        from_mapping({"time_earliest": "2000/13/01"})
    with pytest.raises(PolicyError):
        from_mapping({"time_years_ahead": 0})
