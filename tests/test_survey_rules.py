"""The survey's analysis deadline as a plain function (004: "在达到回收率要求和回收期限后的一周内"; SPEC §2, §8)."""

from datetime import date

import pytest

from commscli.domain import surveys as rules
from commscli.policy import DEFAULT

D = date(2026, 11, 30)  # the collection deadline


@pytest.mark.parametrize(
    "reached, closed, due",
    [
        # rate reached before the deadline, still collecting: the period ends at the deadline → deadline + 7
        (date(2026, 11, 18), None, date(2026, 12, 7)),
        # … closed early once the rate is reached: the close ends the period → later of the two + 7
        (date(2026, 11, 18), date(2026, 11, 22), date(2026, 11, 29)),
        (date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 27)),
        # closed on the deadline day or after it: the period ended at the deadline
        (date(2026, 11, 10), D, date(2026, 12, 7)),
        (date(2026, 11, 10), date(2026, 12, 5), date(2026, 12, 7)),
        # the rate reached only after the deadline (late returns): a week after the rate
        (date(2026, 12, 3), None, date(2026, 12, 10)),
        (date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 10)),
        # never reached, closed after the deadline (allowed): a week after the deadline, however late the close
        (None, date(2026, 12, 1), date(2026, 12, 7)),
        (None, date(2026, 12, 20), date(2026, 12, 7)),
        # never reached and still open: not known yet
        (None, None, None),
    ],
)
def test_analysis_is_due_a_week_after_both_the_rate_and_the_end_of_collection(reached, closed, due):
    assert rules.analysis_due(D, reached, closed, DEFAULT) == due


def test_collection_ends_at_the_deadline_or_an_earlier_close():
    assert rules.collection_end(D, None) == D
    assert rules.collection_end(D, date(2026, 11, 22)) == date(2026, 11, 22)
    assert rules.collection_end(D, date(2026, 12, 3)) == D
