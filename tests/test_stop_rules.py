"""STOP rules as plain functions (004 篇3): the plan's lines, the card's limits, shifts across midnight, the
note's registered names, recurring categories, the one-year deviation, quarters and halves."""

from datetime import date, datetime, timedelta, timezone

import pytest

from commscli.domain import stop as rules
from commscli.errors import InputError, RuleError
from commscli.policy import DEFAULT, from_mapping

TZ = timezone(timedelta(hours=8))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_a_team_line_and_its_size():
    u = rules.parse_team("一组：陈建国：高军，罗涛：1栋、2栋", DEFAULT)  # full-width separators too
    assert (u.name, u.leader, u.members, u.areas) == ("一组", "陈建国", ("高军", "罗涛"), ("1栋", "2栋"))
    assert rules.parse_team("一组:陈建国:陈建国,高军:1栋", DEFAULT).members == ("高军",)  # the leader once
    with pytest.raises(RuleError):
        rules.parse_team("一组:陈建国:高军,罗涛,梁鹏:1栋", DEFAULT)  # 4 > 3
    assert rules.parse_team("一组:陈建国:高军,罗涛,梁鹏:1栋", from_mapping({"stop_team_max": 4})).members
    with pytest.raises(InputError):
        rules.parse_team("一组:陈建国:高军", DEFAULT)


@pytest.mark.parametrize(
    ("hours", "shift"), [("08-20", (8, 20)), ("20-08", (20, 8)), ("8-17", (8, 17)), ("22-24", (22, 0))]
)
def test_a_crew_line_and_its_shift(hours, shift):
    assert rules.parse_crew(f"保安班:{hours}:高军:罗涛").shift == shift


@pytest.mark.parametrize("hours", ["08-08", "24-08", "8", "08:00-20:00", "20-25", "0-24"])
def test_a_bad_shift_is_refused(hours):
    with pytest.raises(InputError):
        rules.parse_crew(f"保安班:{hours}:高军:罗涛")


def test_a_night_shift_owns_the_small_hours_of_the_next_day():
    night, day = (20, 8), (8, 20)
    assert rules.shift_day(at("2026-11-22T22:00"), night) == date(2026, 11, 22)
    assert rules.shift_day(at("2026-11-23T02:00"), night) == date(2026, 11, 22)
    assert rules.shift_day(at("2026-11-23T07:59:59"), night) == date(2026, 11, 22)
    assert rules.shift_day(at("2026-11-23T08:00"), night) is None
    assert rules.shift_day(at("2026-11-23T08:00"), day) == date(2026, 11, 23)
    assert rules.shift_day(at("2026-11-23T20:00"), day) is None
    assert rules.shift_end(date(2026, 11, 22), night, TZ) == at("2026-11-23T08:00")
    assert rules.shift_end(date(2026, 12, 31), (22, 0), TZ) == at("2027-01-01T00:00")


def test_the_card_limits():
    rules.check_card(planned=True, observers=2, seconds=30, policy=DEFAULT)
    rules.check_card(planned=False, observers=1, seconds=30, policy=DEFAULT)
    for planned, n, s in [(True, 1, 60), (True, 4, 60), (False, 1, 29)]:
        with pytest.raises(RuleError):
            rules.check_card(planned=planned, observers=n, seconds=s, policy=DEFAULT)


def test_a_registered_name_in_the_note():
    names = ["王芳", "王芳芳", "高军"]
    assert rules.named_in("看到王芳芳未戴手套", names) == "王芳芳"  # the longest name first
    assert rules.named_in("地面湿滑未设警示牌", names) is None
    assert rules.named_in("高军在场", ["军", "高军"]) == "高军"  # one-character names are not looked for


def test_recurring_and_most_frequent_categories():
    counts = {"ppe": 2, "tools": 1, "procedures": 3}
    assert rules.recurring(counts, DEFAULT) == ["ppe", "procedures"]  # at least 2, in the seed's order
    assert rules.recurring(counts, from_mapping({"stop_recurring_cards": 3})) == ["procedures"]
    assert rules.most_frequent({"ppe": 2, "reaction": 2, "tools": 1}) == ["reaction", "ppe"]
    assert rules.most_frequent({}) == [] and rules.most_frequent({"ppe": 0}) == []


def test_a_deviation_lasts_at_most_a_year():
    assert rules.deviation_last_day(date(2026, 11, 22), DEFAULT) == date(2027, 11, 21)
    # no 2029-02-29 and no 02-31: the month's last day
    assert rules.deviation_last_day(date(2028, 2, 29), DEFAULT) == date(2029, 2, 28)
    assert rules.deviation_last_day(date(2026, 1, 31), from_mapping({"stop_deviation_max_months": 1})) == date(
        2026, 2, 28
    )
    assert rules.deviation_last_day(date(2026, 12, 31), from_mapping({"stop_deviation_max_months": 2})) == date(
        2027, 2, 28
    )
    rules.check_deviation(date(2026, 11, 22), date(2027, 11, 21), DEFAULT)
    with pytest.raises(RuleError):
        rules.check_deviation(date(2026, 11, 22), date(2027, 11, 22), DEFAULT)
    with pytest.raises(InputError):
        rules.check_deviation(date(2026, 11, 22), date(2026, 11, 21), DEFAULT)


def test_quarters_halves_and_weeks():
    assert rules.part_of_year("2026-Q4", "Q", "--quarter") == ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    assert rules.part_of_year("2026q1", "Q", "--quarter")[1:] == (date(2026, 1, 1), date(2026, 3, 31))
    assert rules.part_of_year("2026-H1", "H", "--half")[1:] == (date(2026, 1, 1), date(2026, 6, 30))
    for text, letter in [("2026-Q5", "Q"), ("2026-H3", "H"), ("2026-Q0", "Q"), ("Q4", "Q")]:
        with pytest.raises(InputError):
            rules.part_of_year(text, letter, "--x")
    assert rules.iso_week("2026-W53") == (date(2026, 12, 28), date(2027, 1, 4))  # 2026 has 53 ISO weeks
    assert rules.week_of(date(2027, 1, 3)) == "2026-W53"
    with pytest.raises(InputError):
        rules.iso_week("2027-W53")


@pytest.mark.parametrize(
    "values",
    [
        {"stop_team_min": 0},
        {"stop_team_min": 4},
        {"stop_deviation_max_months": 0},
        {"stop_recurring_cards": 0},
        {"stop_manager_cards_per_day": -1},
        {"stop_manager_days": "weekends"},
        {"stop_manager_roles": ["manager", "经理"]},
    ],
)
def test_bad_stop_policy_values_are_refused(values):
    from commscli.errors import PolicyError

    with pytest.raises(PolicyError):
        from_mapping(values)


def test_the_manager_roles_are_role_codes():
    assert from_mapping({"stop_manager_roles": ["manager", "department_head"]}).stop_manager_roles == [
        "manager",
        "department_head",
    ]
    assert from_mapping({"stop_manager_roles": []}).stop_manager_roles == []  # no manager quota
