"""Ticket and callback rules as plain functions: SLA clocks, closure, sample size and draws."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commscli.domain import callbacks as cb
from commscli.domain import tickets as rules
from commscli.errors import InputError, RuleError
from commscli.policy import DEFAULT, from_mapping
from commscli.workdays import Calendar

TZ = ZoneInfo("Asia/Shanghai")


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def fmt(dt):
    return dt.isoformat(timespec="seconds")


@pytest.mark.parametrize(
    "priority, reported, due",
    [
        ("urgent", "2026-11-23T10:00", "2026-11-23T10:10"),
        ("high", "2026-11-23T10:00", "2026-11-23T10:15"),
        ("normal", "2026-11-23T10:00", "2026-11-23T23:59:59"),
        # minutes run 24/7: across midnight and into a holiday
        ("urgent", "2026-11-23T23:55", "2026-11-24T00:05"),
        ("high", "2026-09-30T23:50", "2026-10-01T00:05"),
        ("normal", "2026-10-01T08:00", "2026-10-01T23:59:59"),
    ],
)
def test_arrive_due(priority, reported, due):
    assert rules.arrive_due(priority, at(reported), None, DEFAULT) == at(due)


def test_agreed_time_replaces_end_of_day_and_policy_changes_minutes():
    assert rules.arrive_due("normal", at("2026-11-23T10:00"), at("2026-11-25T09:00"), DEFAULT) == at("2026-11-25T09:00")
    slow = from_mapping({"sla_urgent_minutes": 30})
    assert rules.arrive_due("urgent", at("2026-11-23T10:00"), None, slow) == at("2026-11-23T10:30")


def test_resolve_due_counts_working_days_across_national_day():
    # reported Wednesday 30 September 2026: 1–7 October off, Saturday 10 October a make-up day
    assert rules.resolve_due(at("2026-09-30T15:00"), DEFAULT, Calendar()) == at("2026-10-09T23:59:59")
    assert rules.resolve_due(at("2026-10-09T15:00"), DEFAULT, Calendar()) == at("2026-10-12T23:59:59")


def test_deadlines_store_the_policy_values_used():
    d = rules.deadlines("repair", "high", at("2026-11-23T10:00"), None, DEFAULT, Calendar(), fmt)
    assert d.arrive_due == "2026-11-23T10:15:00+08:00" and d.resolve_due is None
    assert d.sla["high_minutes"] == 15 and d.sla["priority"] == "high"
    d = rules.deadlines("complaint", None, at("2026-11-23T10:00"), None, DEFAULT, Calendar(), fmt)
    assert d.arrive_due is None and d.sla["resolve_workdays"] == 2


@given(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)),
    st.sampled_from(["urgent", "high", "normal"]),
)
def test_sla_never_before_report_and_normal_stays_on_the_day(naive, priority):
    reported = naive.replace(tzinfo=TZ, microsecond=0)
    due = rules.arrive_due(priority, reported, None, DEFAULT)
    assert due > reported
    if priority == "normal":
        assert due.date() == reported.date()
    else:
        assert due - reported <= timedelta(minutes=15)


def ticket(**kw):
    base = dict(
        id=1,
        kind="repair",
        state="received",
        last_at="2026-11-23T10:00:00+08:00",
        arrive_due="2026-11-23T10:15:00+08:00",
        resolve_due=None,
        reply_due=None,
        deferred_until=None,
    )
    return {**base, **kw}


@pytest.mark.parametrize(
    "state, step",
    [
        ("received", "arrive"),
        ("dispatched", "resolve"),
        ("received", "reply"),
        ("resolved", "close"),
        ("closed", "dispatch"),
        ("cancelled", "reopen"),
    ],
)
def test_steps_out_of_order_are_refused(state, step):
    with pytest.raises(RuleError):
        rules.check_step(ticket(state=state), step, "2026-11-23T11:00:00+08:00")


def test_steps_in_order_and_the_desk_shortcut():
    for state, step in [
        ("received", "dispatch"),
        ("dispatched", "arrive"),
        ("on_site", "resolve"),
        ("resolved", "reply"),
        ("replied", "close"),
    ]:
        rules.check_step(ticket(state=state), step, "2026-11-23T11:00:00+08:00")
    rules.check_step(ticket(kind="inquiry", state="received"), "resolve", "2026-11-23T11:00:00+08:00")
    with pytest.raises(RuleError):  # a step may not precede the last one
        rules.check_step(ticket(state="received"), "dispatch", "2026-11-23T09:59:00+08:00")
    with pytest.raises(RuleError):  # analysis is for complaints
        rules.check_step(ticket(state="resolved"), "analyse", "2026-11-23T11:00:00+08:00")


def complaint(**kw):
    return ticket(**{"kind": "complaint", "state": "replied", "replied_at": "x", "cause": "c", "prevention": "p", **kw})


def test_complaint_closure_rules():
    assert rules.close_blockers(complaint(), []) == []
    assert "analysis" in rules.close_blockers(complaint(cause=None), [])[0]
    esc = complaint(escalation="compensation")
    assert "escalation callback" in rules.close_blockers(esc, [{"kind": "escalation", "state": "open"}])[0]
    assert rules.close_blockers(esc, [{"kind": "escalation", "state": "done"}]) == []
    major = rules.close_blockers(complaint(escalation="major"), [{"kind": "escalation", "state": "done"}])
    assert any("corrective" in b for b in major) and any("notice" in b for b in major)
    assert rules.close_blockers(ticket(paid=1, state="replied"), []) == ["paid service without an accepted price"]


def test_open_due_follows_the_state():
    assert rules.open_due(ticket()) == "2026-11-23T10:15:00+08:00"
    assert rules.open_due(ticket(deferred_until="2026-11-24T10:00:00+08:00")) == "2026-11-24T10:00:00+08:00"
    assert rules.open_due(ticket(state="on_site")) is None
    assert rules.open_due(ticket(state="resolved", reply_due="R")) == "R"
    assert rules.open_due(ticket(kind="help", state="received", resolve_due="D")) == "D"
    assert rules.open_due(ticket(state="closed")) is None


def test_sla_state():
    assert rules.sla_state(ticket(arrived_at="2026-11-23T10:15:00+08:00"), "") == "met"
    assert rules.sla_state(ticket(arrived_at="2026-11-23T10:16:00+08:00"), "") == "breached"
    assert rules.sla_state(ticket(), "2026-11-23T10:20:00+08:00") == "overdue"
    assert rules.sla_state(ticket(without_visit=1, resolved_at="2026-11-23T10:05:00+08:00"), "") == "met"


def test_defer_breach_and_quote_rules():
    t = ticket()
    assert rules.check_defer(t, "2026-11-24T10:00:00+08:00", "2026-11-23T10:10:00+08:00") is False
    assert rules.check_defer(t, "2026-11-24T10:00:00+08:00", "2026-11-23T10:20:00+08:00") is True
    with pytest.raises(InputError):
        rules.check_defer(t, "2026-11-23T10:05:00+08:00", "2026-11-23T10:01:00+08:00")
    t = ticket(reported_at="2026-11-23T10:00:00+08:00")
    assert rules.check_quote(t, "120.5", "2026-11-23T10:05:00+08:00", "2026-11-23T10:06:00+08:00") == 120.5
    # quoted on site after arrival is fine; accepted after the quote is recorded is not
    on_site = ticket(reported_at="2026-11-23T10:00:00+08:00", arrived_at="2026-11-23T10:05:00+08:00")
    assert rules.check_quote(on_site, "10", "2026-11-23T10:06:00+08:00", "2026-11-23T10:07:00+08:00") == 10
    with pytest.raises(RuleError):
        rules.check_quote(t, "10", "2026-11-23T10:08:00+08:00", "2026-11-23T10:07:00+08:00")
    for bad in ("ten", "nan", "inf", "-1"):
        with pytest.raises(InputError):
            rules.check_quote(t, bad, "2026-11-23T10:05:00+08:00", "2026-11-23T10:06:00+08:00")


# --- callbacks -------------------------------------------------------------------------


@pytest.mark.parametrize("n, k", [(0, 0), (1, 1), (4, 1), (5, 1), (6, 2), (10, 2), (11, 3), (100, 20), (101, 21)])
def test_sample_size_is_twenty_percent_rounded_up(n, k):
    assert cb.sample_size(n, 0.20) == k


@settings(max_examples=200)
@given(st.lists(st.integers(1, 10**6), unique=True, max_size=300), st.integers(0, 2**31))
def test_draw_is_reproducible_and_the_right_size(ids, seed):
    first = cb.draw(ids, 0.2, seed)
    assert first == cb.draw(list(reversed(ids)), 0.2, seed)  # order of the rows does not matter
    assert len(first) == cb.sample_size(len(ids), 0.2) and set(first) <= set(ids) and len(set(first)) == len(first)


def test_iso_week_and_satisfaction_rate():
    assert cb.iso_week("2026-W47") == (date(2026, 11, 16), date(2026, 11, 23))
    assert cb.week_of(date(2026, 11, 22)) == "2026-W47"
    with pytest.raises(InputError):
        cb.iso_week("2026-47")
    assert cb.satisfaction_rate(["very_satisfied", "satisfied", "neutral", "dissatisfied", None]) == (2, 4)


def test_reopen_starts_a_new_clock_as_if_reported_then_and_keeps_the_old_one():
    # a normal repair reported Mon 11-23 09:00 with an agreed time Tue 14:00, deferred (told in time) to Wed 12:00,
    # arrived Wed 11:00 and resolved; reopened Thu 11-26 08:00: due the end of Thursday (the agreed time and the
    # deferral belonged to the first clock)
    t = ticket(
        state="resolved",
        priority="normal",
        dispatched_at="2026-11-23T09:05:00+08:00",
        reopened=0,
        arrive_due="2026-11-24T14:00:00+08:00",
        deferred_until="2026-11-25T12:00:00+08:00",
        customer_told_at="2026-11-23T10:00:00+08:00",
        deferral_breach=0,
        arrived_at="2026-11-25T11:00:00+08:00",
        resolved_at="2026-11-25T11:30:00+08:00",
        reply_due="2026-11-26T11:30:00+08:00",
        sla={"priority": "normal"},
    )
    c = rules.reopen_changes(t, "2026-11-26T08:00:00+08:00", DEFAULT, Calendar(), fmt)
    assert (c["state"], c["reopened"], c["arrive_due"], c["arrived_at"], c["deferred_until"]) == (
        "dispatched",
        1,
        "2026-11-26T23:59:59+08:00",
        None,
        None,
    )
    assert [(h["clock"], h["step"], h["due"][:16], h["verdict"]) for h in c["sla"]["history"]] == [
        (1, "arrive", "2026-11-25T12:00", "met"),
        (1, "reply", "2026-11-26T11:30", "superseded"),
        (1, "deferral_notice", "2026-11-24T14:00", "met"),
    ]
    t2 = {**t, **c}
    assert rules.open_due(t2) == "2026-11-26T23:59:59+08:00" and rules.sla_state(t2, "2026-11-26T09:00") == "open"
    lines = rules.deadline_lines(t2, "2026-11-26T09:00:00+08:00")
    assert [(line["clock"], line["deadline"], line["verdict"]) for line in lines] == [
        (1, "arrive (SLA)", "met"),
        (1, "reply", "superseded"),
        (1, "tell customer of deferral", "met"),
        (2, "arrive (SLA)", "pending"),
    ]
    # reopened twice: the clocks are numbered on
    t3 = {
        **t2,
        "state": "resolved",
        "arrived_at": "2026-11-26T08:10:00+08:00",
        "resolved_at": "2026-11-26T08:30:00+08:00",
    }
    c = rules.reopen_changes(t3, "2026-11-26T10:00:00+08:00", DEFAULT, Calendar(), fmt)
    assert [h["clock"] for h in c["sla"]["history"]] == [1, 1, 1, 2]
    assert c["reopened"] == 2


@pytest.mark.parametrize(
    "priority, reopened_at, due",
    [
        ("urgent", "2026-11-23T23:55:00+08:00", "2026-11-24T00:05:00+08:00"),
        ("high", "2026-11-23T10:00:00+08:00", "2026-11-23T10:15:00+08:00"),
    ],
)
def test_reopen_counts_the_priority_minutes_from_the_reopening(priority, reopened_at, due):
    t = ticket(
        state="closed",
        priority=priority,
        arrived_at="2026-11-23T09:05:00+08:00",
        reopened=0,
        arrive_due="2026-11-23T09:10:00+08:00",
        sla={},
    )
    c = rules.reopen_changes(t, reopened_at, DEFAULT, Calendar(), fmt)
    assert c["arrive_due"] == due and c["state"] == "received"
    assert rules.sla_state({**t, **c}, reopened_at) == "open"


def test_sla_normal_end_of_day_false_makes_a_normal_repair_due_a_policy_number_of_hours_later():
    rolling = from_mapping({"sla_normal_end_of_day": False})
    # reported Mon 10:00: due 24 h later (policy sla_normal_hours, ours), Tue 10:00; not the end of Monday
    assert rules.arrive_due("normal", at("2026-11-23T10:00"), None, rolling) == at("2026-11-24T10:00")
    eight = from_mapping({"sla_normal_end_of_day": False, "sla_normal_hours": 8})
    assert rules.arrive_due("normal", at("2026-11-23T20:00"), None, eight) == at("2026-11-24T04:00")
    # an agreed time still wins, and urgent / high are untouched
    assert rules.arrive_due("normal", at("2026-11-23T10:00"), at("2026-11-25T09:00"), eight) == at("2026-11-25T09:00")
    assert rules.arrive_due("high", at("2026-11-23T10:00"), None, eight) == at("2026-11-23T10:15")
    d = rules.deadlines("repair", "normal", at("2026-11-23T10:00"), None, eight, Calendar(), fmt)
    assert (d.sla["normal_end_of_day"], d.sla["normal_hours"]) == (False, 8)


def test_a_callbacks_due_time_by_hand_for_each_kind_counted_from_a_moment():
    due = cb.due
    tz = ZoneInfo("Asia/Shanghai")
    at = datetime(2026, 1, 31, 9, 30, tzinfo=tz)
    assert due("complaint", at, DEFAULT) == datetime(2026, 2, 1, 9, 30, tzinfo=tz)  # 24 h after the resolution
    assert due("special", at, DEFAULT) == datetime(2026, 2, 1, 9, 30, tzinfo=tz)  # 24 h after the re-repair
    assert due("major_check", at, DEFAULT) == datetime(2026, 2, 7, 9, 30, tzinfo=tz)  # 7 days after the report
    # a month after moving in on 31 January is the last day of February, to its last second
    assert due("new_resident", at, DEFAULT) == datetime(2026, 2, 28, 23, 59, 59, tzinfo=tz)
    with pytest.raises(ValueError):
        due("sample", at, DEFAULT)  # a sample's callback is due by its week, not from a moment
