"""Plain-function tests of the services and stores, without the CLI: each capability in its own room."""

import json
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
    from commscli.context import Context
    from commscli.policy import DEFAULT
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
        cid = svc.open_callback(
            s,
            context(),
            office_id=1,
            kind="complaint",
            household_id=1,
            at=AT,
            due=datetime.fromisoformat("2026-11-24T09:00:00+08:00"),
        )
    c = q.callback(store, cid)
    assert (c["kind"], c["state"], c["due_at"], c["created_by"], c["building"], c["room"]) == (
        "complaint",
        "open",
        "2026-11-24T09:00:00+08:00",
        "tester",
        "1栋",
        "101",
    )
    [e] = events(store, "callbacks", cid)
    assert (e["action"], e["by"], e["at"], e["after"]["due_at"]) == ("create", "tester", AT, c["due_at"])
    assert [r["id"] for r in q.list_callbacks(store, state="open")] == [cid]


def test_record_callback_lives_with_the_callbacks(store):
    from commscli.services import callbacks as svc

    with store.transaction() as s:
        cid = svc.open_callback(
            s, context(), office_id=1, kind="new_resident", household_id=1, at=AT, due="2026-12-23T23:59:59+08:00"
        )
        c = svc.record_callback(
            s, context("王丽"), cid, "phone", "入住顺利", "satisfied", False, "2026-11-23T09:30:00+08:00"
        )
    assert (c["state"], c["recorded_by"], c["satisfaction"]) == ("done", "王丽", "satisfied")
    assert [e["action"] for e in events(store, "callbacks", cid)] == ["create", "record"]


def test_cancel_callback_records_who_when_and_why(store):
    from commscli.services import callbacks as svc
    from commscli.store import callbacks as q

    with store.transaction() as s:
        cid = svc.open_callback(
            s, context(), office_id=1, kind="new_resident", household_id=1, at=AT, due="2026-12-23T23:59:59+08:00"
        )
        svc.cancel_callback(s, context("王丽"), q.callback(s, cid), "2026-11-23T09:10:00+08:00", "moved out")
    c = q.callback(store, cid)
    assert (c["state"], c["cancel_reason"]) == ("cancelled", "moved out")
    e = events(store, "callbacks", cid)[-1]
    assert (e["action"], e["by"], e["reason"], e["before"], e["after"]) == (
        "cancel",
        "王丽",
        "moved out",
        {"state": "open"},
        {"state": "cancelled"},
    )


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
        eid = records.log(
            s, context("王丽"), "households", 1, "note", AT, before={"a": 1}, after={"a": 2}, reason="why"
        )
        records.log(s, context("王丽"), "households", None, "import", AT, after={"rows": 3}, by="import:x.csv")
    rows = store.query("SELECT * FROM events WHERE id >= ? ORDER BY id", (eid,))
    assert [
        (r["record_table"], r["record_id"], r["action"], r["at"], r["by"], r["reason"], r["recorded_at"]) for r in rows
    ] == [
        ("households", 1, "note", AT, "王丽", "why", NOW),
        ("households", None, "import", AT, "import:x.csv", None, NOW),
    ]
    assert (rows[0]["before"], rows[0]["after"]) == ('{"a": 1}', '{"a": 2}')


def test_an_import_records_its_one_event_with_the_callers_context(store, tmp_path):
    """io/importer.run writes its event through records.log: who ran it and when it was recorded come from the
    caller's Context; the rows are recorded as the file (``by``)."""
    from commscli.io import importer

    path = tmp_path / "h.csv"
    path.write_text("office,building,room\nJM01,2栋,101\nJM01,2栋,102\n", encoding="utf-8")
    with store.transaction() as s:
        result = importer.run(s, context("王丽"), importer.households(), path, at=AT, by="import:h.csv")
    assert (result.inserted, result.run_by) == (2, "王丽")
    (event,) = store.query("SELECT * FROM events WHERE action = 'import'")
    assert (event["record_table"], event["at"], event["by"], event["recorded_at"]) == (
        "households",
        AT,
        "import:h.csv",
        NOW,
    )
    after = json.loads(event["after"])
    assert (after["run_by"], after["inserted"], after["first_id"], after["last_id"]) == ("王丽", 2, 2, 3)


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


# --- rules taken out of cli/ ----------------------------------------------------------------


def test_calendar_set_day_writes_the_day_and_an_event_with_what_it_was(store):
    from datetime import date

    from commscli.services import calendar as svc
    from commscli.store import calendar as q

    with store.transaction() as s:
        row = svc.set_day(s, context(), date(2026, 10, 10), True, " 调休上班 ", None, AT)
        svc.set_day(s, context("王丽"), date(2026, 10, 10), False, "台风停工", "typhoon", AT)
    assert row == {"date": "2026-10-10", "workday": True, "name": "调休上班", "source": "office"}
    day = q.get_day(store, "2026-10-10")
    assert (day["workday"], day["name"], day["created_by"]) == (0, "台风停工", "王丽")
    [first, second] = [e for e in store.query("SELECT * FROM events WHERE record_table = 'calendar_days' ORDER BY id")]
    assert (first["before"], second["by"], second["reason"]) == (None, "王丽", "typhoon")
    assert '"workday": 1' in second["before"] and '"name": "调休上班"' in second["before"]


def test_registering_a_recent_move_in_opens_its_new_resident_callback(store):
    from commscli.services import registry as svc
    from commscli.store import callbacks as cq

    with store.transaction() as s:
        hid = svc.add(
            s,
            context(),
            "households",
            dict(office="JM01", building="2栋", room="201", move_in="2026-11-01", occupied=1),
            AT,
        )
    [c] = cq.list_callbacks(store, kind="new_resident")
    # moved in 2026-11-01: due within new_resident_callback_months (1) of it, by the end of that day
    assert (c["household_id"], c["due_at"]) == (hid, "2026-12-01T23:59:59+08:00")


def test_a_registry_correction_needs_a_reason_and_an_existing_record(store):
    from commscli.errors import InputError, NotFound
    from commscli.services import registry as svc

    with pytest.raises(InputError) as e:
        svc.update(store, context(), "households", 1, {"name": "王五"}, "  ", AT)
    assert (e.value.field, e.value.message) == ("--reason", "a correction needs a reason")
    with pytest.raises(NotFound):
        svc.update(store, context(), "households", 99, {"name": "王五"}, "typo", AT)
    with store.transaction() as s:
        svc.update(s, context(), "households", 1, {"name": "王五"}, "typo", AT)
    [e] = [x for x in events(store, "households", 1) if x["action"] == "update"]
    assert (e["before"], e["after"], e["reason"]) == ({"name": None}, {"name": "王五"}, "typo")


def test_ticket_details_hold_the_verdicts_of_every_deadline(store):
    from commscli.services import tickets as svc

    with store.transaction() as s:
        tid = svc.new_ticket(
            s,
            context(),
            dict(
                office="JM01",
                kind="repair",
                channel="hotline",
                household_id=1,
                description="漏水",
                reported_at="2026-11-20T09:00:00+08:00",
            ),
        )
        svc.dispatch(s, context(), tid, "刘强", "2026-11-20T09:10:00+08:00")
        svc.arrive(s, context(), tid, "2026-11-21T08:00:00+08:00")
    d = svc.details(store, tid, NOW)
    # a normal repair is due on site by the end of the day it was reported: arrived the next morning, missed
    assert d["deadlines"] == [
        {
            "deadline": "arrive (SLA)",
            "due": "2026-11-20T23:59:59+08:00",
            "done": "2026-11-21T08:00:00+08:00",
            "verdict": "missed",
        }
    ]
    assert [e["action"] for e in d["timeline"]] == ["create", "dispatch", "arrive"] and d["callbacks"] == []
    assert d["ticket"]["id"] == tid


def test_the_company_list_resolves_ids_and_building_room_pairs(store):
    from commscli.errors import InputError
    from commscli.services import visits as svc

    assert svc.named_households(store, "JM01", "1, 1栋/101，") == [1, 1]
    with pytest.raises(InputError) as e:
        svc.named_households(store, "JM01", "1栋/102")
    assert (e.value.field, e.value.value) == ("--households", "1栋/102")


def test_a_survey_return_names_its_household_by_id_or_building_and_room(store):
    from commscli.errors import InputError
    from commscli.services import surveys as svc

    with store.transaction() as s:
        svc.open_survey(s, context(), "JM01", 2026, 11, None, AT)
        with pytest.raises(InputError) as e:
            svc.record_return(
                s, context(), "JM01", "2026-11", {"household_id": None}, {"cleaning": "satisfied"}, None, AT
            )
        assert (e.value.field, e.value.message) == ("household", "name the household")
        st = svc.record_return(
            s, context(), "JM01", "2026-11", {"building": "1栋", "room": "101"}, {"cleaning": "satisfied"}, None, AT
        )
    assert (st["returns"], st["target"]) == (1, 1)


def test_a_corrective_form_needs_a_recorded_report(store):
    from commscli.errors import RuleError
    from commscli.services import tickets as svc

    with store.transaction() as s:
        tid = svc.new_ticket(
            s,
            context(),
            dict(
                office="JM01", kind="complaint", channel="hotline", household_id=1, description="噪音", reported_at=AT
            ),
        )
    with pytest.raises(RuleError) as e:
        svc.form_data(store, tid, corrective=True)
    assert e.value.value == f"#{tid}"
    data = svc.form_data(store, tid)
    assert (data["office"]["code"], [x["action"] for x in data["timeline"]]) == ("JM01", ["create"])
