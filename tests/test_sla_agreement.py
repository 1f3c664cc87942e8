"""The SLA breach rule is written once in SQL (store/tickets.SLA_STATE) and once for one ticket in
Python (domain/tickets.sla_state): over generated tickets the two must give the same verdict, and
`ticket list --breached` must list exactly the breached ones (issue 9)."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commscli.clock import fmt
from commscli.domain.tickets import STATES, sla_state
from commscli.store import db
from commscli.store import tickets as q

BASE = datetime(2026, 10, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
WINDOW = {"urgent": 10, "high": 15, "normal": 16 * 60, None: 16 * 60}  # minutes from report to arrive_due


def at(minutes: int) -> str:
    return fmt(BASE + timedelta(minutes=minutes))


@st.composite
def tickets(draw) -> dict:
    """A ticket's SLA columns: priorities, arrivals early / on the minute / late / none, fixes
    without a visit, deferrals told in time or late, cancellations, reopenings."""
    kind = draw(st.sampled_from(["repair"] * 5 + ["complaint", "inquiry"]))
    repair = kind == "repair"
    priority = draw(st.sampled_from(list(WINDOW))) if repair else None
    reported = draw(st.integers(0, 60 * 24 * 30))
    due = reported + WINDOW[priority] if repair else None
    deferred = draw(st.one_of(st.none(), st.integers(1, 3 * 24 * 60))) if repair else None
    deferred_until = due + deferred if deferred else None
    judged_by = deferred_until if deferred_until is not None else due
    near = st.one_of(st.just(0), st.integers(-30, 30), st.integers(-3000, 3000))  # around the deadline judged by
    arrived = draw(st.one_of(st.none(), near)) if repair else None
    without_visit = draw(st.booleans()) if repair else False
    resolved = draw(st.one_of(st.none(), near))
    state = draw(st.sampled_from(STATES))
    return {
        "kind": kind,
        "priority": priority,
        "state": state,
        "reported_at": at(reported),
        "arrive_due": at(due) if due is not None else None,
        "resolve_due": None if repair else at(reported + 3 * 24 * 60),
        "deferred_until": at(deferred_until) if deferred_until is not None else None,
        "deferral_breach": int(bool(deferred_until) and draw(st.booleans())),
        "arrived_at": at(max(reported, judged_by + arrived)) if arrived is not None else None,
        "without_visit": int(without_visit),
        "resolved_at": at(max(reported, (judged_by or reported) + resolved)) if resolved is not None else None,
        "reopened": int(draw(st.booleans())),
        # an arrival missed on a clock a reopening ended: breached whatever the current clock says
        "arrive_missed_before": int(repair and draw(st.sampled_from([0, 0, 0, 1]))),
        "cancelled_at": at(reported + 5) if state == "cancelled" else None,
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = db.create(tmp_path_factory.mktemp("sla") / "s.db")
    s.execute("INSERT INTO offices (code, name, created_at, created_by) VALUES ('JM01', 'x', ?, 't')", (at(0),))
    yield s
    s.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(tickets(), min_size=1, max_size=25), now=st.integers(0, 60 * 24 * 40))
def test_sql_and_domain_give_every_repair_the_same_verdict(store, batch, now):
    store.execute("DELETE FROM tickets")
    ids = []
    for t in batch:
        ids.append(
            q.insert_ticket(
                store,
                {
                    **t,
                    "office_id": 1,
                    "channel": "hotline",
                    "category": "repair_service",
                    "description": "d",
                    "received_by": "t",
                    "sla": {},
                    "last_at": t["reported_at"],
                    "created_at": t["reported_at"],
                    "created_by": "t",
                },
            )
        )
    in_sql = q.sla_states(store, ids, at(now))
    in_python = {tid: sla_state(q.ticket(store, tid), at(now)) for tid in ids}
    assert in_sql == in_python
    listed = {t["id"] for t in q.list_tickets(store, breached=True)}
    assert listed == {tid for tid, verdict in in_python.items() if verdict == "breached"}


def test_hand_worked_verdicts():
    """A normal repair reported 09:00 is due 23:59:59; deferred to the next day 12:00."""
    base = {
        "kind": "repair",
        "state": "dispatched",
        "arrive_due": "2026-10-01T23:59:59+08:00",
        "deferred_until": None,
        "deferral_breach": 0,
        "arrived_at": None,
        "without_visit": 0,
        "resolved_at": None,
    }
    now = "2026-10-02T10:00:00+08:00"
    assert sla_state(base, now) == "overdue"
    told_in_time = {**base, "deferred_until": "2026-10-02T12:00:00+08:00"}
    assert sla_state(told_in_time, now) == "open"
    assert sla_state({**told_in_time, "deferral_breach": 1}, now) == "overdue"  # told late: the old deadline holds
    assert sla_state({**told_in_time, "arrived_at": "2026-10-02T11:00:00+08:00"}, now) == "met"
    assert sla_state({**base, "without_visit": 1, "resolved_at": "2026-10-01T23:59:59+08:00"}, now) == "met"
    assert sla_state({**base, "state": "cancelled"}, now) == "cancelled"
