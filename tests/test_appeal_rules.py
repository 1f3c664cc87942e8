"""Staff suggestions and appeals (职员提议、申诉表, 003 篇2 §4.3) as plain rules: "within one week" is 7 calendar
days (the policy keys count days; working-day limits are named ``…_workdays``), by the end of the 7th day after
the day it was handed in (as SPEC §8 reads "within 3 days" of minutes). A holiday does not stretch it."""

from commscli.domain import appeals as rules
from commscli.policy import DEFAULT, Policy


def test_the_superior_answers_by_the_end_of_the_seventh_day_even_across_national_day():
    # handed in Tue 2026-09-29 10:00; National Day runs Thu 10-01 to Wed 10-07: 7 calendar days → Tue 10-06
    # (in working days it would be Wed 10-14: 09-30, 10-08, 10-09, 10-10 make-up Saturday, 10-12, 10-13, 10-14)
    assert rules.answer_due("2026-09-29T10:00:00+08:00", DEFAULT) == "2026-10-06T23:59:59+08:00"


def test_general_affairs_has_a_week_from_the_superiors_deadline_or_from_the_disagreement():
    assert rules.general_affairs_due("2026-10-06T23:59:59+08:00", DEFAULT) == "2026-10-13T23:59:59+08:00"
    assert rules.general_affairs_due("2026-09-30T16:00:00+08:00", DEFAULT) == "2026-10-07T23:59:59+08:00"


def test_the_policy_numbers_are_used():
    p = Policy(appeal_superior_days=3, appeal_general_affairs_days=10)
    assert rules.answer_due("2026-09-29T10:00:00+08:00", p) == "2026-10-02T23:59:59+08:00"
    assert rules.general_affairs_due("2026-10-02T23:59:59+08:00", p) == "2026-10-12T23:59:59+08:00"


def test_the_deadline_itself_is_in_time():
    assert rules.on_time("2026-10-06T23:59:59+08:00", "2026-10-06T23:59:59+08:00")
    assert not rules.on_time("2026-10-07T00:00:00+08:00", "2026-10-06T23:59:59+08:00")
