"""The weekly STOP analysis is a meeting of type stop_analysis (issue 14; 004 篇3 5.4.2): measures and trainings
name it, the weekly analysis form names it, a week with planned cards and no analysis held by its day is due,
and where the office's STOP plan runs the analysis is on its weekly cadence. Now is Monday 2026-11-23 10:00
(conftest); the policy's analysis day is Friday (meeting_stop_analysis_weekday = 4)."""

from datetime import date

import pytest

from commscli.domain import meetings as mrules
from commscli.policy import DEFAULT
from commscli.workdays import Calendar
from tests.cli.test_stop import BY, CREWS, STAFF, TEAMS, card
from tests.conftest import Cli, frozen_env

ZH = {"COMMSCLI_LANG": "zh"}


@pytest.fixture
def week47(cli):
    """The plan recorded 11-01; a planned unsafe PPE card Tuesday 11-17 (W47: 11-16 – 11-22)."""
    for name, role in STAFF:
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    cli.ok("stop", "plan", "--year", "2026", *TEAMS, *CREWS, *BY, "--at", "2026-11-01 09:00")
    card(cli, at="2026-11-17 09:00")
    return cli


def analysis(cli, at="2026-11-20 16:00", ends="2026-11-20 17:00", kind="stop-analysis") -> int:
    return cli.json(
        "meeting", "new", "--type", kind, "--at", at, "--ends-at", ends, "--chair", "陈建国",
        "--attendee", "林晓东", "--attendee", "高军",
    )["id"]  # fmt: skip


def measure(cli, *extra, **kw):
    return cli.json("stop", "measure", "--week", "2026-W47", "--category", "ppe", "--text", "班前检查安全带",
                    *BY, *extra, **kw)  # fmt: skip


# --- the cadence, as plain functions -------------------------------------------------------------------------


def test_the_weekly_analysis_is_on_the_cadence_only_where_a_plan_runs():
    cal = Calendar()
    # Friday 11-20; from a plan started 11-22 the week's Friday lies before it: not owed
    runs = [(date(2026, 11, 1), date(2026, 12, 31))]
    assert [
        s.on for s in mrules.slots("stop_analysis", date(2026, 11, 16), date(2026, 11, 22), DEFAULT, cal, runs)
    ] == [date(2026, 11, 20)]
    late = [(date(2026, 11, 22), date(2026, 12, 31))]
    assert mrules.slots("stop_analysis", date(2026, 11, 16), date(2026, 11, 22), DEFAULT, cal, late) == []
    assert mrules.slots("stop_analysis", date(2026, 11, 16), date(2026, 11, 22), DEFAULT, cal) == []  # no plan
    assert "stop_analysis" in mrules.types_for(DEFAULT, False, stop=True)
    assert "stop_analysis" not in mrules.types_for(DEFAULT, False)
    # holidays: Friday 2026-01-02 is New Year, Sunday 01-04 a make-up working day: W01's analysis moves there;
    # Friday 10-02 (National Day) and the weekend after are holidays: W40 has none
    year = [(date(2026, 1, 1), date(2026, 12, 31))]
    assert [s.on for s in mrules.slots("stop_analysis", date(2026, 1, 1), date(2026, 1, 4), DEFAULT, cal, year)] == [
        date(2026, 1, 4)
    ]
    assert mrules.slots("stop_analysis", date(2026, 9, 28), date(2026, 10, 4), DEFAULT, cal, year) == []


def test_meeting_plan_lists_the_analysis_where_the_plan_runs(week47, cli):
    rows = week47.json("meeting", "plan", "--from", "2026-11-16", "--to", "2026-11-29")
    found = [(r["key"], r["starts_at"], r["state"]) for r in rows if r["type"] == "stop_analysis"]
    assert found == [
        ("stop_analysis:2026-W47", "2026-11-20T09:00:00+08:00", "missing"),
        ("stop_analysis:2026-W48", "2026-11-27T09:00:00+08:00", "missing"),
    ]
    mid = analysis(week47)
    assert week47.json("meeting", "show", mid)["cadence_key"] == "stop_analysis:2026-W47"


# --- --meeting on measures and trainings ---------------------------------------------------------------------


def test_a_measure_and_a_training_name_the_weeks_held_analysis(week47):
    mid = analysis(week47)
    assert measure(week47)["meeting"] == mid  # the week's one held analysis by default
    assert measure(week47, "--meeting", mid)["meeting"] == mid
    t = week47.json("stop", "training", "--week", "2026-W47", "--staff", "高军", *BY)
    assert t["meeting"] == mid
    zh = week47.ok("stop", "training", "--week", "2026-W47", "--staff", "罗涛", *BY, env=ZH).stdout
    assert f"会议: {mid}" in zh


def test_without_a_held_analysis_a_measure_names_none(week47):
    assert measure(week47)["meeting"] is None


@pytest.mark.parametrize(
    ("setup", "meeting", "why"),
    [
        ("none", "99", "no such meeting"),
        ("company", "1", "not a STOP weekly analysis"),
        ("planned", "1", "not held"),
        ("cancelled", "1", "not held"),
        ("w46", "1", "not in 2026-W47"),
        ("two", None, "several held STOP weekly analyses"),
        ("early", "1", "before the meeting"),
    ],
)
def test_a_bad_meeting_is_refused_naming_it_and_nothing_written(week47, unchanged, setup, meeting, why):
    if setup == "company":
        analysis(week47, "2026-11-20 16:00", "2026-11-20 17:00", kind="company")
    elif setup == "planned":
        analysis(week47, "2026-11-27 16:00", "2026-11-27 17:00")  # W48, still to come
    elif setup == "cancelled":
        mid = analysis(week47)
        week47.ok("meeting", "cancel", mid, "--reason", "改期")
    elif setup == "w46":
        analysis(week47, "2026-11-13 16:00", "2026-11-13 17:00")
    elif setup in ("two", "early"):
        analysis(week47)
        analysis(week47, "2026-11-21 09:00", "2026-11-21 10:00")
    extra = ("--meeting", meeting) if meeting else ()
    if setup == "early":
        extra += ("--at", "2026-11-20 15:00")
    with unchanged():
        r = week47.fails("stop", "measure", "--week", "2026-W47", "--category", "ppe", "--text", "x", *BY, *extra)
        assert why in r.stderr and ("--meeting" in r.stderr or "--at" in r.stderr), r.stderr
        week47.fails("stop", "training", "--week", "2026-W47", "--staff", "高军", *BY, *extra)


def test_a_meeting_of_another_office_is_refused(week47, unchanged):
    week47.ok("office", "add", "JM02", "--name", "二号管理处", "--buildings", "A栋")
    week47.ok("staff", "add", "周八", "--office", "JM02", "--role", "manager")
    mid = week47.json("meeting", "new", "--type", "stop_analysis", "--office", "JM02", "--at", "2026-11-20 16:00",
                      "--ends-at", "2026-11-20 17:00", "--chair", "周八")["id"]  # fmt: skip
    with unchanged():
        r = week47.fails("stop", "measure", "--office", "JM01", "--week", "2026-W47", "--category", "ppe",
                         "--text", "x", "--meeting", mid, *BY)  # fmt: skip
    assert f"--meeting='{mid}'" in r.stderr or f"--meeting={mid}" in r.stderr


# --- the weekly analysis form names the meeting --------------------------------------------------------------


def test_the_weekly_analysis_names_its_meeting_or_says_none_was_held(week47):
    md = week47.ok("stop", "analysis", "--week", "2026-W47", "-f", "md", env=ZH).stdout
    assert "分析会：本周未召开安全观察分析会" in md
    mid = analysis(week47)
    week47.ok("meeting", "attend", mid, "--staff", "林晓东", "--at", "2026-11-20 15:58")
    measure(week47)
    data = week47.json("stop", "analysis", "--week", "2026-W47")
    assert data["meetings"] == [
        {
            "id": mid,
            "starts_at": "2026-11-20T16:00:00+08:00",
            "ends_at": "2026-11-20T17:00:00+08:00",
            "chair": "陈建国",
            "attendees": ["林晓东", "陈建国", "高军"],
        }
    ]
    assert data["measures"][0]["meeting"] == mid
    md = week47.ok("stop", "analysis", "--week", "2026-W47", "-f", "md", env=ZH).stdout
    assert "分析会：2026年11月20日 16:00 · 主持人 陈建国 · 与会人员 林晓东、陈建国、高军" in md
    assert "2026-W47 个人防护装备：班前检查安全带" in md


# --- the due list --------------------------------------------------------------------------------------------


def analysis_due(cli, **kw) -> list[tuple]:
    return [
        (i["params"]["week"], i["params"]["who"], i["due"], i["state"])
        for i in cli.json("report", "due", **kw)["due"]
        if i["what"] == "due.stop_analysis"
    ]


def test_a_week_with_planned_cards_and_no_analysis_held_by_its_friday_is_due(week47):
    # hand-worked: W47 has a planned card (11-17); its analysis day is Friday 11-20, so due 11-20 23:59:59 and
    # overdue on Monday 11-23; held by the office's manager 陈建国. W48 has no card yet: nothing owed.
    assert analysis_due(week47) == [("2026-W47", "陈建国", "2026-11-20T23:59:59+08:00", "overdue")]
    zh = week47.ok("report", "due", env=ZH).stdout
    assert "2026-W47 安全观察分析会未召开：陈建国" in zh
    mid = analysis(week47, "2026-11-27 16:00", "2026-11-27 17:00")  # planned in W48: W47 still owed
    assert analysis_due(week47)[0][0] == "2026-W47"
    week47.ok("meeting", "cancel", mid, "--reason", "改期")
    analysis(week47, "2026-11-21 09:00", "2026-11-21 10:00")  # held on Saturday, after its day: no longer due
    assert analysis_due(week47) == []


def test_a_random_card_owes_no_analysis(cli):
    for name, role in STAFF:
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    cli.ok("stop", "plan", "--year", "2026", *TEAMS, *CREWS, *BY, "--at", "2026-11-01 09:00")
    card(cli, at="2026-11-17 09:00", observers=("陈建国",), kind="--random")
    assert analysis_due(cli) == []


def test_a_holiday_friday_moves_the_analysis_day(cli):
    # now Monday 2026-01-05; Friday 01-02 is New Year's holiday, Sunday 01-04 a make-up working day: W01's
    # analysis is due 01-04 23:59:59
    now = {"COMMSCLI_NOW": "2026-01-05T10:00:00+08:00"}
    for name, role in STAFF:
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role, env=now)
    cli.ok("stop", "plan", "--year", "2026", *TEAMS, *CREWS, *BY, "--at", "2026-01-01 09:00", env=now)
    cli.ok(
        "stop", "card", "--area", "1栋", "--at", "2026-01-02 09:00", "--planned", "--category", "ppe", "--unsafe",
        "--action", "stop", "--seconds", "60", *BY, "--observer", "陈建国", "--observer", "高军", env=now,
    )  # fmt: skip
    assert analysis_due(cli, env=now) == [("2026-W01", "陈建国", "2026-01-04T23:59:59+08:00", "overdue")]


# --- the demo ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo store at the frozen now (2026-11-23 10:00); read only here."""
    folder = tmp_path_factory.mktemp("demo")
    c = Cli(folder / "demo.db")
    c.ok("demo", env=frozen_env(folder))
    return c


def test_the_demos_weekly_analyses_are_held_meetings_with_their_measures_linked(demo):
    # the plan runs from 10-01; the analysis days to now (Monday 11-23) are the Fridays 10-09 … 11-20 (10-02 is
    # National Day: W40 has none): seven held, minuted; this week's (11-27) planned
    meetings = demo.json("meeting", "list", "--type", "stop_analysis")
    held = sorted(m["starts_at"][:10] for m in meetings if m["state"] == "held")
    assert held == ["2026-10-09", "2026-10-16", "2026-10-23", "2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20"]
    assert [m["starts_at"][:10] for m in meetings if m["state"] == "planned"] == ["2026-11-27"]
    by_week = {}
    for m in meetings:
        by_week[m["cadence_key"].split(":")[1]] = m["id"]
    linked = 0
    for week in sorted(by_week):
        data = demo.json("stop", "analysis", "--week", week)
        for x in data["measures"] + data["trainings"]:
            assert x["meeting"] == by_week[week]
            linked += 1
    assert linked >= 2
    assert not [i for i in demo.json("report", "due")["due"] if i["what"] == "due.stop_analysis"]
    shown = demo.json("meeting", "show", by_week["2026-W47"])
    assert shown["minutes"]["taker"] == "田海波" and shown["distributions"]
