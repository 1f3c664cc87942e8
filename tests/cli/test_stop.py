"""commscli stop through the CLI (issue 14, SPEC §5, 004 篇3): the year's plan, cards and their limits, quotas
as due items, the day/week/month report and coverage, the weekly analysis, the monthly summary, awards,
bulletins, deviations. Now is Monday 2026-11-23 10:00 (conftest); every STOP step is recorded --by a staff
member."""

import pytest

from tests.conftest import events

ZH = {"COMMSCLI_LANG": "zh"}
STAFF = [
    ("陈建国", "manager"),
    ("林晓东", "supervisor"),
    ("高军", "security"),
    ("罗涛", "security"),
    ("梁鹏", "security"),
    ("许秀英", "cleaning"),
    ("韩桂兰", "cleaning"),
    ("曾华", "general_affairs"),
]
TEAMS = ("--team", "一组:陈建国:高军:1栋,2栋", "--team", "二组:林晓东:许秀英,韩桂兰:地下车库")
CREWS = ("--crew", "保安夜班:20-08:高军:罗涛,梁鹏", "--crew", "保洁白班:08-17:许秀英:韩桂兰")
BY = ("--by", "曾华")


@pytest.fixture
def stop(cli):
    for name, role in STAFF:
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return cli


@pytest.fixture
def planned(stop):
    stop.ok("stop", "plan", "--year", "2026", *TEAMS, *CREWS, *BY, "--at", "2026-11-01 09:00")
    return stop


def card(cli, *extra, at="2026-11-23 09:00", area="1栋", observers=("陈建国", "高军"), kind="--planned"):
    args = ["stop", "card", "--area", area, "--at", at, kind, "--category", "ppe", "--unsafe"]
    args += ["--action", "stop", "--action", "discuss", "--seconds", "60", *BY]
    for o in observers:
        args += ["--observer", o]
    return cli.json(*args, *extra)


# --- 1. the plan ---------------------------------------------------------------------------------


def test_a_plan_records_teams_with_areas_and_crews_with_shifts(stop):
    p = stop.json("stop", "plan", "--year", "2026", *TEAMS, *CREWS, *BY, "--at", "2026-11-01 09:00")
    assert p["starts"] == "2026-11-01"  # recorded in November: quotas count from that day
    assert p["teams"][0] == {"name": "一组", "leader": "陈建国", "members": ["高军"], "areas": ["1栋", "2栋"]}
    assert p["crews"][0]["name"] == "保安夜班" and p["crews"][0]["shift"] == "20-08"
    assert sorted(p["crews"][0]["members"]) == ["梁鹏", "罗涛"]
    assert stop.json("stop", "plan", "--year", "2026") == p  # without --team: shown
    assert events(stop, record_table="stop_plans")[0]["by"] == "曾华"
    zh = stop.ok("stop", "plan", "--year", "2026", env=ZH).stdout
    assert "2026 年安全观察计划" in zh and "一组" in zh and "20-08" in zh


@pytest.mark.parametrize(
    ("args", "field", "why"),
    [
        (("--team", "一组:陈建国::1栋"), "--team", "name:leader"),
        (("--team", "一组:陈建国:高军,罗涛,梁鹏:1栋"), "--team", "team of 4"),
        (("--team", "一组:陈建国:王五:1栋"), "--team", "not an active staff member"),
        (("--team", "一组:陈建国:高军:1栋", "--team", "二组:林晓东:罗涛:1栋"), "--team", "belongs to team 一组"),
        (("--team", "一组:陈建国:高军:1栋", "--crew", "夜班:20-32:高军:罗涛"), "--crew", "shift"),
        (("--team", "一组:陈建国:高军:1栋", "--crew", "夜班:20-08:高军"), "--crew", "name:shift"),
        (("--crew", "夜班:20-08:高军:罗涛"), "--team", "at least one observation team"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_written(stop, unchanged, args, field, why):
    with unchanged():
        r = stop.fails("stop", "plan", "--year", "2026", *args, *BY)
    assert f"error: {field}" in r.stderr and why in r.stderr


def test_one_plan_a_year_and_the_recorder_is_staff(planned, unchanged):
    with unchanged():
        r = planned.fails("stop", "plan", "--year", "2026", *TEAMS, *BY)
        assert "recorded already" in r.stderr
        r = planned.fails("stop", "plan", "--year", "2027", *TEAMS)  # --by tester: not staff
        assert "error: --by='tester'" in r.stderr
        planned.fails("stop", "plan", "--year", "1999", *TEAMS, *BY)
        planned.fails("stop", "plan", "--year", "2028")  # no plan to show


# --- 2. cards ------------------------------------------------------------------------------------


def test_a_planned_card_by_a_team_of_two(planned):
    c = card(planned, "--note", "登高作业未系安全带，已当场阻止并讨论")
    assert c["area"] == "1栋" and c["planned"] is True and c["safe"] is False and c["category"] == "ppe"
    assert c["actions"] == ["stop", "discuss"] and c["week"] == "2026-W48" and c["seconds"] == 60
    assert sorted(c["observers"]) == ["陈建国", "高军"]
    shown = planned.json("stop", "show", str(c["id"]))
    assert shown["events"][0]["by"] == "曾华"
    zh = planned.ok("stop", "show", str(c["id"]), env=ZH).stdout
    assert "个人防护装备" in zh and "阻止、讨论" in zh and "ppe" not in zh


def test_categories_and_actions_in_chinese_or_english(planned):
    args = ["stop", "card", "--area", "地下车库", "--observer", "林晓东", "--random", "--safe", "--seconds", "30"]
    c = planned.json(*args, "--category", "人员的位置", "--action", "表扬", "--action", "感谢", *BY)
    assert c["category"] == "position" and c["actions"] == ["praise", "thank"] and c["planned"] is False
    for zh, code in [
        ("人员的反应", "reaction"),
        ("个人防护装备", "ppe"),
        ("工具和设备", "tools"),
        ("程序和秩序", "procedures"),
        ("人机工程学", "ergonomics"),
    ]:
        assert planned.json(*args, "--category", zh, "--action", "启发", *BY)["category"] == code
        assert planned.json(*args, "--category", code, "--action", "agree", *BY)["category"] == code
    for zh, code in [("阻止", "stop"), ("讨论", "discuss"), ("沟通", "agree"), ("启发", "prompt")]:
        assert planned.json(*args, "--category", "ppe", "--action", zh, *BY)["actions"] == [code]


def test_a_note_with_a_registered_name_is_refused(planned, unchanged):
    with unchanged():
        r = planned.fails(
            "stop", "card", "--area", "1栋", "--observer", "陈建国", "--observer", "高军", "--planned",
            "--category", "ppe", "--unsafe", "--action", "stop", "--seconds", "60", *BY,
            "--note", "罗涛未戴安全帽",
        )  # fmt: skip
    assert "error: --note=" in r.stderr and "never the observed person" in r.stderr
    zh = planned(
        "stop", "card", "--area", "1栋", "--observer", "陈建国", "--random", "--category", "ppe", "--unsafe",
        "--action", "stop", "--seconds", "60", *BY, "--note", "保洁员韩桂兰未戴手套", env=ZH,
    )  # fmt: skip
    assert zh.exit_code == 1 and "不写被观察人" in zh.stderr


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        ({"--seconds": "29"}, "--seconds", "at least 30 s"),
        ({"observers": ("陈建国",)}, "--observer", "team of 2–3"),
        ({"observers": ("陈建国", "高军", "罗涛", "梁鹏")}, "--observer", "team of 2–3"),
        ({"observers": ("陈建国", "王五")}, "--observer='王五'", "not an active staff member"),
        ({"--area": "9栋"}, "--area='9栋'", "not an area of the plan"),
        ({"--category": "safety"}, "--category='safety'", "must be one of"),
        ({"--action": "punish"}, "--action='punish'", "must be one of"),
        ({"--at": "2027-01-05 09:00"}, "--at", ""),
        ({"kind": ""}, "--planned/--random", "one of them"),
    ],
)
def test_a_bad_card_is_refused_and_nothing_written(planned, unchanged, change, field, why):
    args = {"--area": "1栋", "--category": "ppe", "--action": "stop", "--seconds": "60", "--at": "2026-11-23 09:00"}
    observers, kind = change.pop("observers", ("陈建国", "高军")), change.pop("kind", "--planned")
    args.update(change)
    argv = ["stop", "card", *(x for kv in args.items() for x in kv), "--unsafe", *BY]
    argv += [kind] if kind else []
    for o in observers:
        argv += ["--observer", o]
    with unchanged():
        r = planned.fails(*argv)
    assert f"error: {field}" in r.stderr and why in r.stderr


def test_a_card_needs_a_plan_for_its_year(stop, unchanged):
    with unchanged():
        r = stop.fails(
            "stop", "card", "--area", "1栋", "--observer", "陈建国", "--random", "--category", "ppe", "--safe",
            "--action", "praise", "--seconds", "40", *BY,
        )  # fmt: skip
    assert "no STOP plan for 2026" in r.stderr
