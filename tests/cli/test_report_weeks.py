"""A week belongs to the month that holds its Thursday (issue 15, SPEC §8): the one weekly figure of the monthly
report, the weekly 20 % callback sample, counts each week in exactly one month."""

import sqlite3

from commscli.domain.reports import period, weeks_of_month
from tests.conftest import Cli


def test_a_week_is_the_month_of_its_thursday():
    # 2026-10-01 is a Thursday: the week Mon 09-28 .. Sun 10-04 (W40) is October's, though three of its days are
    # September's; the week of Thu 10-29 (W44, to Sun 11-01) is October's too
    assert weeks_of_month(period(2026, 9)) == ["2026-W36", "2026-W37", "2026-W38", "2026-W39"]
    assert weeks_of_month(period(2026, 10)) == ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
    assert weeks_of_month(period(2026, 11))[0] == "2026-W45"
    # the year's edge: Thu 2026-12-31 makes W53 (to Sun 2027-01-03) December's; January starts with 2027-W01
    assert weeks_of_month(period(2026, 12))[-1] == "2026-W53"
    assert weeks_of_month(period(2027, 1))[0] == "2027-W01"


def sample(conn, week: str, size: int, done: int):
    sid = conn.execute(
        "INSERT INTO callback_samples (office_id, week, seed, share, population, size, ticket_ids, drawn_at, drawn_by)"
        " VALUES (1, ?, 1, 0.2, ?, ?, '[]', '2026-09-28T09:00:00+08:00', 't')",
        (week, size * 5, size),
    ).lastrowid
    for i in range(size):
        conn.execute(
            "INSERT INTO callbacks (office_id, kind, sample_id, due_at, state, done_at, created_at, created_by)"
            " VALUES (1, 'sample', ?, '2026-10-02T18:00:00+08:00', ?, ?, '2026-09-29T09:00:00+08:00', 't')",
            (sid, "done" if i < done else "open", "2026-10-02T10:00:00+08:00" if i < done else None),
        )


def test_the_callback_sample_of_a_week_across_a_month_edge_counts_in_its_thursday_s_month(cli: Cli):
    conn = sqlite3.connect(cli.db)
    sample(conn, "2026-W39", 2, 2)  # Thu 09-24: September's
    sample(conn, "2026-W40", 4, 3)  # Mon 09-28 .. Sun 10-04, Thu 10-01: October's
    sample(conn, "2026-W44", 1, 0)  # Mon 10-26 .. Sun 11-01, Thu 10-29: October's
    conn.commit()
    conn.close()

    def drawn(month):
        data = cli.json("report", "monthly", "--month", month)
        tickets = next(s for s in data["sections"] if s["key"] == "section.tickets")
        f = next(f for f in tickets["figures"] if f["key"] == "fig.callback_sample" and f["office"] == "")
        return f["numerator"], f["denominator"]

    assert drawn("2026-09") == (2, 2)
    assert drawn("2026-10") == (3 + 0, 4 + 1)
    assert drawn("2026-11") == (0, 0)
