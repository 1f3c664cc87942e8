"""`db check` beyond SQLite's own checks: events without their record, records not in the state their
last event left, stored deadlines their stored policy values do not give, and a store others may read."""

import json
import os
import sqlite3

import pytest

from commscli.domain.tickets import deadline_problems
from tests.conftest import ticket_new, visit_record


def sql(cli, statement: str, *args):
    conn = sqlite3.connect(str(cli.db))
    conn.execute(statement, args)
    conn.commit()
    conn.close()


@pytest.fixture
def worked(office):
    """A repair (急, reported 09:00: arrive by 09:15) resolved at 09:40, and an inquiry."""
    office.ok(*ticket_new("repair", "2026-11-23 09:00", "--priority", "high"))
    office.ok("ticket", "resolve", "1", "--note", "已修好", "--at", "2026-11-23 09:40", "--without-visit")
    office.ok(*ticket_new("inquiry", "2026-11-23 09:05", desc="物业费怎么交"))
    return office


def check(cli) -> tuple[int, dict]:
    r = cli("db", "check", "--json")
    return r.exit_code, json.loads(r.stdout)


def test_a_store_written_by_commands_has_no_findings(worked):
    code, report = check(worked)
    assert code == 0 and report["problems"] == [] and report["warnings"] == []
    found = report["consistency"]
    assert found["orphan_events"] == [] and found["state_mismatches"] == []
    assert found["deadline_problems"] == {"tickets": 0, "examples": []}
    assert found["file_mode"] == {"mode": "0600", "private": True}


def test_an_event_whose_record_is_gone_is_a_problem(worked):
    sql(
        worked,
        "INSERT INTO events (at, by, record_table, record_id, action, recorded_at) "
        "VALUES ('2026-11-23T09:00:00+08:00', 'x', 'tickets', 999, 'close', '2026-11-23T09:00:00+08:00')",
    )
    code, report = check(worked)
    assert code == 1
    assert report["consistency"]["orphan_events"][0]["table"] == "tickets"
    assert report["consistency"]["orphan_events"][0]["events"] == 1
    assert any(p.startswith("events: 1 events name a record tickets") for p in report["problems"])


def test_a_state_changed_behind_the_events_back_is_a_problem(worked):
    sql(worked, "UPDATE tickets SET state = 'closed' WHERE id = 1")  # its last event left it resolved
    code, report = check(worked)
    assert code == 1
    [m] = report["consistency"]["state_mismatches"]
    assert m["table"] == "tickets" and m["examples"] == [{"id": 1, "state": "closed", "last_event_state": "resolved"}]
    r = worked("db", "check")
    assert r.exit_code == 1 and "tickets: 1 records not in the state their last event left (#1)" in r.stderr


def test_a_moved_deadline_is_a_problem_and_names_the_ticket(worked):
    sql(worked, "UPDATE tickets SET arrive_due = '2026-11-23T10:00:00+08:00' WHERE id = 1")
    code, report = check(worked)
    assert code == 1
    [example] = report["consistency"]["deadline_problems"]["examples"]
    assert example == {
        "ticket": 1,
        "problems": ["arrive_due: 2026-11-23T10:00:00+08:00, its policy gives 2026-11-23T09:15:00+08:00"],
    }


def test_a_missing_deadline_is_a_problem(worked):
    sql(worked, "UPDATE tickets SET resolve_due = NULL WHERE id = 2")
    code, report = check(worked)
    assert code == 1 and report["consistency"]["deadline_problems"]["examples"][0]["problems"] == [
        "resolve_due: missing"
    ]


def test_a_store_others_may_read_is_a_problem(worked):
    os.chmod(worked.db, 0o644)
    code, report = check(worked)
    assert code == 1 and report["consistency"]["file_mode"] == {"mode": "0644", "private": False}
    assert any("chmod 600" in p for p in report["problems"])


def test_a_state_no_event_names_is_a_warning_not_a_problem(worked):
    # as older versions logged a visit's review: the step, not the state it left
    worked.ok(*visit_record("1栋", "101", "2026-11-23 09:30", visitors="刘强"))
    sql(worked, "UPDATE visits SET state = 'submitted'")
    sql(worked, "UPDATE events SET after = NULL WHERE record_table = 'visits'")
    code, report = check(worked)
    assert code == 0 and report["problems"] == []
    assert report["consistency"]["states_without_event"][0]["table"] == "visits"


def test_the_deadline_rule_by_hand():
    sla = {
        "priority": "urgent",
        "urgent_minutes": 10,
        "high_minutes": 15,
        "normal_end_of_day": True,
        "normal_hours": 24,
        "agreed": None,
        "reply_hours": 24,
    }
    t = {
        "id": 1,
        "kind": "repair",
        "state": "resolved",
        "reported_at": "2026-11-23T09:00:00+08:00",
        "arrive_due": "2026-11-23T09:10:00+08:00",
        "resolve_due": None,
        "resolved_at": "2026-11-23T11:00:00+08:00",
        "reply_due": "2026-11-24T11:00:00+08:00",
        "sla": json.dumps(sla),
    }
    assert deadline_problems(t) == []
    assert deadline_problems({**t, "reply_due": "2026-11-24T12:00:00+08:00"}) == [
        "reply_due: 2026-11-24T12:00:00+08:00, its policy gives 2026-11-24T11:00:00+08:00"
    ]
    reopened = {**sla, "since": "2026-11-23T12:00:00+08:00"}  # a reopening starts the clock again
    assert deadline_problems({**t, "sla": json.dumps(reopened), "arrive_due": "2026-11-23T12:10:00+08:00"}) == []
    request = {
        **t,
        "kind": "inquiry",
        "arrive_due": None,
        "resolved_at": None,
        "sla": json.dumps({"resolve_workdays": 2, "reply_hours": 24}),
    }
    assert deadline_problems({**request, "resolve_due": "2026-11-25T23:59:59+08:00"}) == []
    assert deadline_problems({**request, "resolve_due": "2026-11-24T23:59:59+08:00"}) != []  # sooner than 2 days
    assert deadline_problems({**request, "state": "cancelled", "resolve_due": None}) == []


def test_month_counters_that_disagree_with_their_rows_are_a_problem(worked):
    code, report = check(worked)
    assert code == 0 and report["consistency"]["month_counters"] == {"buckets": 0, "examples": []}
    # the repair (急, due on site by 09:15, resolved 09:40 with no arrival) counts once in November's breached
    # SLA of priority high; the inquiry in no trend. A write that went round the triggers: the counter lost, then one for a month with no rows
    sql(worked, "DELETE FROM month_counts")
    sql(worked, "INSERT INTO month_counts VALUES (1, '2026-10', 'complaint', 'closed', 2)")
    code, report = check(worked)
    assert code == 1
    assert report["consistency"]["month_counters"] == {
        "buckets": 2,
        "examples": [
            {"office_id": 1, "month": "2026-10", "figure": "complaint", "key": "closed", "counted": 2, "rows": 0},
            {"office_id": 1, "month": "2026-11", "figure": "sla.breached", "key": "high", "counted": 0, "rows": 1},
        ],
    }
    r = worked("db", "check")
    assert r.exit_code == 1
    assert "month counters: 2 disagree with the records (office 1 2026-10 complaint closed: counted 2, rows 0)" in (
        r.stderr
    )


def test_a_counter_left_at_zero_is_the_same_as_none(worked):
    sql(worked, "INSERT INTO month_counts VALUES (1, '2026-09', 'visit', '', 0)")  # as a moved bucket leaves it
    code, report = check(worked)
    assert code == 0 and report["consistency"]["month_counters"]["buckets"] == 0
