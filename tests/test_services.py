"""Plain-function tests of the services and stores, without the CLI: each capability in its own room."""

from datetime import datetime

import pytest

from tests.conftest import NOW

AT = "2026-11-23T09:00:00+08:00"


@pytest.fixture
def store(office):
    """The ``office`` store (JM01, household 1栋/101 #1, engineer 刘强), opened for writing."""
    from commscli.store import open_store

    s = open_store(office.db)
    yield s
    s.close()


def context(by: str = "tester"):
    from commscli.policy import DEFAULT
    from commscli.context import Context
    from commscli.workdays import Calendar

    return Context(DEFAULT, Calendar(), datetime.fromisoformat(NOW), by=by)


def events(store, table: str, rid) -> list[dict]:
    from commscli.store import records

    return records.events_for(store, table, rid)


# --- callbacks ------------------------------------------------------------------------------

def test_open_callback_writes_the_callback_and_its_event(store):
    from commscli.services import callbacks as svc
    from commscli.store import callbacks as q

    with store.transaction() as s:
        cid = svc.open_callback(s, context(), office_id=1, kind="complaint", household_id=1, at=AT,
                                due=datetime.fromisoformat("2026-11-24T09:00:00+08:00"))
    c = q.callback(store, cid)
    assert (c["kind"], c["state"], c["due_at"], c["created_by"], c["building"], c["room"]) == \
        ("complaint", "open", "2026-11-24T09:00:00+08:00", "tester", "1栋", "101")
    [e] = events(store, "callbacks", cid)
    assert (e["action"], e["by"], e["at"], e["after"]["due_at"]) == ("create", "tester", AT, c["due_at"])
    assert [r["id"] for r in q.list_callbacks(store, state="open")] == [cid]


def test_record_callback_lives_with_the_callbacks(store):
    from commscli.services import callbacks as svc

    with store.transaction() as s:
        cid = svc.open_callback(s, context(), office_id=1, kind="new_resident", household_id=1, at=AT,
                                due="2026-12-23T23:59:59+08:00")
        c = svc.record_callback(s, context("王丽"), cid, "phone", "入住顺利", "satisfied", False,
                                "2026-11-23T09:30:00+08:00")
    assert (c["state"], c["recorded_by"], c["satisfaction"]) == ("done", "王丽", "satisfied")
    assert [e["action"] for e in events(store, "callbacks", cid)] == ["create", "record"]


def test_cancel_callback_records_who_when_and_why(store):
    from commscli.services import callbacks as svc
    from commscli.store import callbacks as q

    with store.transaction() as s:
        cid = svc.open_callback(s, context(), office_id=1, kind="new_resident", household_id=1, at=AT,
                                due="2026-12-23T23:59:59+08:00")
        svc.cancel_callback(s, context("王丽"), q.callback(s, cid), "2026-11-23T09:10:00+08:00", "moved out")
    c = q.callback(store, cid)
    assert (c["state"], c["cancel_reason"]) == ("cancelled", "moved out")
    e = events(store, "callbacks", cid)[-1]
    assert (e["action"], e["by"], e["reason"], e["before"], e["after"]) == \
        ("cancel", "王丽", "moved out", {"state": "open"}, {"state": "cancelled"})


def test_draw_sample_of_a_week_without_repairs_is_empty(store):
    from commscli.services import callbacks as svc
    from commscli.store import callbacks as q

    with store.transaction() as s:
        [drawn] = svc.draw_sample(s, context(), "2026-W46", 7, None, False, None, AT)
    assert (drawn["office"], drawn["size"], drawn["population"], drawn["ticket_ids"]) == ("JM01", 0, 0, [])
    assert q.active_sample(store, 1, "2026-W46")["seed"] == 7


# --- surveys --------------------------------------------------------------------------------

def test_survey_rows_live_in_store_surveys(store):
    from commscli.services import surveys as svc
    from commscli.store import surveys as q

    with store.transaction() as s:
        st = svc.open_survey(s, context(), "JM01", 2026, 11, None, AT)
        svc.record_return(s, context(), "JM01", "2026-11", 1, {"cleaning": "satisfied"}, "楼道灯坏了", AT)
    sv = q.survey(store, 1, "2026-11")
    assert (sv["id"], sv["target"], sv["deadline"]) == (st["id"], 1, "2026-11-30")
    assert q.return_count(store, sv["id"]) == 1 and q.has_return(store, sv["id"], 1)
    assert [r["grades"] for r in q.survey_returns(store, sv["id"])] == [{"cleaning": "satisfied"}]
    assert [r["season"] for r in q.surveys_open(store, "JM01")] == ["2026-11"]


# --- registry -------------------------------------------------------------------------------

def test_registry_lookups_live_in_store_registry(store):
    from commscli.store import registry

    assert registry.household_in_office(store, 1, "1栋", "101")["id"] == 1
    assert registry.household_in_office(store, 1, "1栋", "102") is None
    assert registry.staff_names(store, 1) == {"刘强"}


# --- events ---------------------------------------------------------------------------------

def test_records_log_takes_who_and_when_recorded_from_the_context(store):
    from commscli.store import records

    with store.transaction() as s:
        eid = records.log(s, context("王丽"), "households", 1, "note", AT, before={"a": 1}, after={"a": 2},
                          reason="why")
        records.log(s, context("王丽"), "households", None, "import", AT, after={"rows": 3}, by="import:x.csv")
    rows = store.query("SELECT * FROM events WHERE id >= ? ORDER BY id", (eid,))
    assert [(r["record_table"], r["record_id"], r["action"], r["at"], r["by"], r["reason"], r["recorded_at"])
            for r in rows] == [("households", 1, "note", AT, "王丽", "why", NOW),
                               ("households", None, "import", AT, "import:x.csv", None, NOW)]
    assert (rows[0]["before"], rows[0]["after"]) == ('{"a": 1}', '{"a": 2}')


def test_no_service_keeps_its_own_event_helper():
    import inspect

    from commscli.services import callbacks, surveys, tickets, visits

    for mod in (callbacks, surveys, tickets, visits):
        assert not hasattr(mod, "_event"), mod.__name__
        assert "records.event(" not in inspect.getsource(mod), mod.__name__


# --- one context ----------------------------------------------------------------------------

def test_services_and_sections_share_one_context():
    from commscli import sections, services
    from commscli.context import Context
    from commscli.policy import DEFAULT
    from commscli.workdays import Calendar

    assert sections.Context is Context and services.Context is Context
    report = Context(DEFAULT, Calendar(), datetime.fromisoformat(NOW), "JM01", show_personal=True)
    assert (report.office, report.horizon, report.show_personal, report.by) == ("JM01", None, True, None)
    desk = context("王丽")
    assert (desk.by, desk.recorded_at, desk.office) == ("王丽", NOW, None)


def test_a_context_without_a_person_records_nothing(store):
    from commscli.context import Context
    from commscli.policy import DEFAULT
    from commscli.store import records
    from commscli.workdays import Calendar

    report = Context(DEFAULT, Calendar(), datetime.fromisoformat(NOW))
    with pytest.raises(ValueError):
        records.log(store, report, "households", 1, "note", AT)
