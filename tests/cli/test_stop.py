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


# --- 3. quotas (5.4.1) as due items -------------------------------------------------------------


@pytest.fixture
def sunday(stop):
    """The plan recorded Sunday 11-22 08:00 (quotas count from that day) and that day's cards: the manager with
    the night-shift leader at 09:00 (outside the night shift), the night shift's leader at 22:00 and two of its
    crew at 02:00 on Monday (still Sunday's shift)."""
    stop.ok("stop", "plan", "--year", "2026", *TEAMS, *CREWS, *BY, "--at", "2026-11-22 08:00")
    card(stop, at="2026-11-22 09:00", observers=("陈建国", "高军"))
    card(stop, at="2026-11-22 22:00", observers=("高军", "罗涛"))
    card(stop, at="2026-11-23 02:00", observers=("罗涛", "梁鹏"))
    return stop


def stop_due(cli, *extra, **kw) -> list[tuple]:
    items = cli.json("report", "due", *extra, **kw)["due"]
    return sorted(
        (i["params"]["slot"][len("stop_slot.") :], i["params"]["who"], i["due"], i["state"])
        for i in items
        if i["what"] == "due.stop_card"
    )


def test_a_missing_card_is_due_for_its_person_or_crew(sunday):
    # hand-worked for Monday 11-23 10:00: Sunday's manager card (陈建国) and the night shift's leader and crew
    # cards are in; the supervisor (林晓东) filed none on Sunday, the day shift (08-17) filed none; Monday's
    # cards are due at the end of the day or the shift (the night shift's: Tuesday 07:59:59)
    assert stop_due(sunday) == [
        ("crew", "保安夜班", "2026-11-24T07:59:59+08:00", "soon"),
        ("crew", "保洁白班", "2026-11-22T16:59:59+08:00", "overdue"),
        ("crew", "保洁白班", "2026-11-23T16:59:59+08:00", "today"),
        ("leader", "许秀英", "2026-11-22T16:59:59+08:00", "overdue"),
        ("leader", "许秀英", "2026-11-23T16:59:59+08:00", "today"),
        ("leader", "高军", "2026-11-24T07:59:59+08:00", "soon"),
        ("manager", "林晓东", "2026-11-22T23:59:59+08:00", "overdue"),
        ("manager", "林晓东", "2026-11-23T23:59:59+08:00", "today"),
        ("manager", "陈建国", "2026-11-23T23:59:59+08:00", "today"),
    ]
    zh = sunday.ok("report", "due", env=ZH).stdout
    assert "管理人员每日观察：林晓东" in zh and "班组当班观察：保洁白班" in zh


def test_working_days_only_and_random_cards_by_policy(sunday, tmp_path):
    card(sunday, at="2026-11-22 15:00", observers=("林晓东",), kind="--random")
    missed = ("manager", "林晓东", "2026-11-22T23:59:59+08:00", "overdue")
    assert missed in stop_due(sunday)  # a random card fills no quota by default
    policy = tmp_path / "p.toml"
    policy.write_text('stop_manager_days = "workdays"\n', encoding="utf-8")
    assert missed not in stop_due(sunday, "--policy", policy)  # Sunday is no working day
    policy.write_text("stop_quota_counts_random = true\n", encoding="utf-8")
    assert missed not in stop_due(sunday, "--policy", policy)


def test_missed_days_stay_due_for_a_week(planned):
    # the plan counts from 11-01; on 11-23 the missed days from 11-16 on are listed (7 days back), not before
    days = sorted({d[2][:10] for d in stop_due(planned) if d[1] == "陈建国"})
    assert days == [f"2026-11-{d}" for d in range(16, 24)]


# --- 7. the monthly report -----------------------------------------------------------------------


def rate(n, d):
    return {"rate": n / d if d else None, "numerator": n, "denominator": d}


def test_the_monthly_section_counts_planned_cards_per_week_against_the_quotas(sunday):
    report = sunday.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in report["sections"] if s["key"] == "section.stop")
    figures = {f["key"]: (f["value"], f["numerator"], f["denominator"]) for f in section["figures"]}
    # hand-worked: three planned unsafe PPE cards; the slots owed by now (Monday 10:00) are Sunday's six
    # (two managers, two crews × leader and crew), of which three were filled (陈建国, 高军, 保安夜班)
    assert figures["fig.stop_planned"] == (3, None, None) and figures["fig.stop_random"] == (0, None, None)
    assert figures["fig.stop_safe_share"][1:] == (0, 3)
    assert figures["fig.stop_quota"] == (0.5, 3, 6)
    # PPE unsafe twice in W47 (Sunday 09:00 and 22:00) recurs; once in W48 (Monday 02:00) does not
    assert figures["fig.stop_recurring"][0] == 1 and figures["fig.stop_unmeasured"][0] == 1
    weeks, recurring = (t["rows"] for t in section["tables"])
    assert weeks == [
        ["JM01", "2026-W47", 2, rate(0, 2), 6, rate(3, 6)],
        ["JM01", "2026-W48", 1, rate(0, 1), 0, rate(0, 0)],
    ]
    assert recurring == [["JM01", "2026-W47", "stop_category.ppe", 2, 0]]
    text = sunday.ok("report", "monthly", "--month", "2026-11", env=ZH).stdout
    assert "安全观察与沟通" in text and "个人防护装备" in text
    assert "罗涛" not in text and "梁鹏" not in text  # no observer, and no observed person, in the report


def test_a_recurring_unsafe_category_without_a_measure_is_due(sunday):
    due = [i for i in sunday.json("report", "due", "--within", "7")["due"] if i["what"] == "due.stop_measure"]
    assert [(i["due"], i["params"]) for i in due] == [
        ("2026-11-29", {"week": "2026-W47", "category": "stop_category.ppe"})
    ]


def test_the_demo_has_a_plan_a_month_of_cards_with_a_missed_day_measures_and_an_award(tmp_path):
    from tests.conftest import Cli

    demo = Cli(tmp_path / "demo.db")
    demo.ok("demo", "--db", demo.db, db=False)
    plan = demo.json("stop", "plan", "--year", "2026")
    assert plan["starts"] == "2026-10-01" and len(plan["teams"]) == 3 and len(plan["crews"]) == 3
    report = demo.json("report", "monthly", "--month", "2026-10")
    section = next(s for s in report["sections"] if s["key"] == "section.stop")
    figures = {f["key"]: f for f in section["figures"]}
    # 31 days × 5 planned cards, but the supervisor's of the 10th (with the day shift's leader): 154; quota slots
    # 31 × (2 managers + 3 crews × 2) = 248, of which the 10th's supervisor and day-shift leader slots are missed
    assert figures["fig.stop_planned"]["value"] == 154
    assert (figures["fig.stop_quota"]["numerator"], figures["fig.stop_quota"]["denominator"]) == (246, 248)
    assert figures["fig.stop_recurring"]["value"] >= 1 and figures["fig.stop_unmeasured"]["value"] == 0
    assert figures["fig.stop_awards"]["value"] >= 1


# --- 4. day, week and month; coverage -----------------------------------------------------------


def test_the_report_of_a_day_week_and_month(sunday):
    card(sunday, at="2026-11-23 09:30", area="地下车库", observers=("林晓东", "许秀英"), kind="--planned")
    card(sunday, at="2026-11-23 09:40", observers=("韩桂兰",), kind="--random")
    day = sunday.json("stop", "report", "--day", "2026-11-22")
    # Sunday: the 09:00 and 22:00 planned PPE cards, both unsafe, in 1栋
    assert (day["planned"], day["safe"], day["unsafe"], day["random"]) == (2, 0, 2, 0)
    assert next(c for c in day["categories"] if c["category"] == "ppe") == {
        "category": "ppe",
        "total": 2,
        "safe": 0,
        "unsafe": 2,
    }
    assert next(a for a in day["areas"] if a["area"] == "1栋")["total"] == 2
    assert day["most_frequent"] == ["ppe"]
    assert day["recurring"] == [{"office_id": 1, "week": "2026-W47", "category": "ppe", "n": 2, "measured": False}]
    week = sunday.json("stop", "report", "--week", "2026-W48")
    # Monday 02:00 (planned, 1栋) and 09:30 (planned, 地下车库); the random card is counted apart
    assert (week["planned"], week["random"]) == (2, 1)
    assert [a["area"] for a in week["areas"] if a["total"]] == ["1栋", "地下车库"]
    month = sunday.json("stop", "report", "--month", "2026-11")
    assert month["planned"] == 4 and month["safe_share"] == {"numerator": 0, "denominator": 4}
    text = sunday.ok("stop", "report", "--month", "2026-11", env=ZH).stdout
    assert "个人防护装备" in text and "韩桂兰" not in text


def test_coverage_shows_what_no_card_covered(sunday):
    rows = {(r["what"], r["name"]): r for r in sunday.json("stop", "coverage", "--month", "2026-11")}
    assert rows[("area", "1栋")]["cards"] == 3 and not rows[("area", "2栋")]["covered"]
    # a shift is covered by a planned card in its hours, whoever filed it: the night shift (20-08) on Sunday's
    # shift (22:00 and Monday 02:00), one shift day; the cleaners' hours (08-17) by Sunday's 09:00 card
    assert rows[("shift", "保安夜班 20-08")]["cards"] == 1 and rows[("shift", "保洁白班 08-17")]["cards"] == 1
    assert rows[("time", "09-12")]["cards"] == 1 and rows[("time", "00-03")]["cards"] == 1
    assert rows[("time", "21-24")]["cards"] == 1 and not rows[("time", "12-15")]["covered"]


@pytest.mark.parametrize(
    "args",
    [
        ("stop", "report"),
        ("stop", "report", "--day", "2026-11-22", "--week", "2026-W47"),
        ("stop", "report", "--week", "2026-W54"),
        ("stop", "report", "--month", "2026-13"),
        ("stop", "coverage", "--month", "2025-11"),  # no plan for 2025
        ("stop", "bulletin", "--quarter", "2026-Q5"),
        ("stop", "bulletin", "--half", "2026-H3"),
        ("stop", "bulletin"),
    ],
)
def test_a_bad_period_is_refused(sunday, args):
    r = sunday.fails(*args)
    assert r.stderr.startswith("error: --")


# --- 5. the weekly analysis and the monthly summary ---------------------------------------------


def test_a_measure_and_a_training_make_the_weekly_analysis_form(sunday):
    m = sunday.json(
        "stop", "measure", "--week", "2026-W47", "--category", "个人防护装备", "--text", "班前检查安全带", *BY
    )
    assert m["category"] == "ppe" and m["week"] == "2026-W47"
    sunday.ok("stop", "training", "--week", "2026-W47", "--staff", "高军", *BY)
    assert not [i for i in sunday.json("report", "due", "--within", "7")["due"] if i["what"] == "due.stop_measure"]
    md = sunday.ok("stop", "analysis", "--week", "2026-W47", "-f", "md", env=ZH).stdout
    assert md.startswith("# 安全观察与沟通周分析") and "编号：JM01-2026-0001" in md
    assert "个人防护装备：班前检查安全带" in md and "- 2026-W47 高军" in md and "已定整治措施" in md
    html = sunday.ok("stop", "analysis", "--week", "2026-W47", "-f", "html", env=ZH).stdout
    assert "<h1>安全观察与沟通周分析</h1>" in html
    again = sunday.json("stop", "measure", "--week", "2026-W47", "--category", "tools", "--text", "工具检查", *BY)
    assert again["id"] == m["id"] + 1
    assert sunday.json("stop", "analysis", "--week", "2026-W47")["number"]["number"] == "JM01-2026-0001"


def test_the_monthly_summary_records_that_it_was_sent_up_the_line(sunday, unchanged, tmp_path):
    with unchanged():
        r = sunday.fails("stop", "send", "--month", "2026-11", "--to", "项目部质量安全环保办公室", *BY)
        assert "has not ended" in r.stderr
        sunday.fails("stop", "send", "--month", "2026-10", "--to", "项目部", "--by", "王五")
        sunday.fails("stop", "send", "--month", "2026-10", "--to", "", *BY)
    md = sunday.ok("stop", "summary", "--month", "2026-10", "-f", "md", env=ZH).stdout
    assert "上报：尚未上报" in md
    sunday.ok("stop", "send", "--month", "2026-10", "--to", "项目部质量安全环保办公室", *BY)
    out = tmp_path / "summary.md"
    sunday.ok("stop", "summary", "--month", "2026-10", "-o", out, env=ZH)
    text = out.read_text(encoding="utf-8")
    assert "上报：项目部质量安全环保办公室（2026年11月23日）" in text and "编号：JM01-2026-0001" in text
    r = sunday.fails("stop", "send", "--month", "2026-10", "--to", "项目部", *BY)
    assert "sent already" in r.stderr


def test_bad_measures_and_trainings_are_refused(sunday, unchanged):
    with unchanged():
        sunday.fails("stop", "measure", "--week", "2026-47", "--category", "ppe", "--text", "x", *BY)
        sunday.fails("stop", "measure", "--week", "2026-W47", "--category", "fire", "--text", "x", *BY)
        sunday.fails("stop", "measure", "--week", "2026-W47", "--category", "ppe", "--text", " ", *BY)
        r = sunday.fails("stop", "training", "--week", "2026-W47", "--staff", "王五", *BY)
    assert "error: --staff='王五'" in r.stderr


# --- 6. awards, bulletins, deviations ------------------------------------------------------------


def test_awards_and_the_quarterly_bulletin(sunday, unchanged):
    c = card(sunday, at="2026-11-23 09:30", area="地下车库", observers=("林晓东", "许秀英"))
    sunday.ok("stop", "award", "--week", "2026-W47", "--crew", "保安夜班", "--reason", "认真", *BY)
    sunday.ok("stop", "award", "--month", "2026-11", "--card", str(c["id"]), *BY)
    sunday.ok("stop", "award", "--month", "2026-11", "--staff", "林晓东", *BY)
    with unchanged():
        sunday.fails("stop", "award", "--week", "2026-W47", *BY)
        sunday.fails("stop", "award", "--week", "2026-W47", "--crew", "保安夜班", "--staff", "高军", *BY)
        sunday.fails("stop", "award", "--week", "2026-W47", "--crew", "夜班", *BY)
        sunday.fails("stop", "award", "--month", "2026-11", "--card", "99", *BY)
        sunday.fails("stop", "award", "--week", "2026-W47", "--month", "2026-11", "--crew", "保安夜班", *BY)
    bulletin = sunday.json("stop", "bulletin", "--quarter", "2026-Q4")
    assert (bulletin["first"], bulletin["last"]) == ("2026-10-01", "2026-12-31") and bulletin["planned"] == 4
    assert [a["crew"] or a["staff"] or a["card"] for a in bulletin["awards"]] == ["保安夜班", c["id"], "林晓东"]
    assert sunday.json("stop", "bulletin", "--half", "2026-H2")["first"] == "2026-07-01"
    md = sunday.ok("stop", "bulletin", "--half", "2026-H2", "-f", "md", env=ZH).stdout
    assert md.startswith("# 安全观察与沟通半年通报") and "保安夜班：认真" in md


def test_a_deviation_of_at_most_a_year_suspends_the_quotas(sunday, unchanged):
    with unchanged():
        r = sunday.fails(
            "stop", "deviation", "--from", "2026-11-22", "--to", "2027-11-22", "--approved-by", "陈建国",
            "--reason", "装修停工", *BY,
        )  # fmt: skip
        assert "at the latest to 2027-11-21" in r.stderr
        sunday.fails("stop", "deviation", "--from", "2026-11-22", "--to", "2026-11-21", "--approved-by", "陈建国",
                     "--reason", "x", *BY)  # fmt: skip
        sunday.fails("stop", "deviation", "--from", "2026-11-22", "--to", "2026-11-23", "--approved-by", "王五",
                     "--reason", "x", *BY)  # fmt: skip
        sunday.fails("stop", "deviation", "--from", "2026-11-22", "--to", "2026-11-23", "--approved-by", "陈建国",
                     "--reason", " ", *BY)  # fmt: skip
    sunday.ok(
        "stop", "deviation", "--from", "2026-11-22", "--to", "2027-11-21", "--approved-by", "陈建国",
        "--reason", "小区封闭改造，班组停工", *BY,
    )  # fmt: skip
    assert stop_due(sunday) == []  # every quota day lies in the deviation


def test_steps_speak_chinese_without_codes_or_field_names(sunday):
    c = card(sunday)
    outs = [
        sunday.ok("stop", "show", str(c["id"]), env=ZH).stdout,
        sunday.ok("stop", "measure", "--week", "2026-W47", "--category", "tools", "--text", "检查", *BY, env=ZH).stdout,
        sunday.ok("stop", "training", "--week", "2026-W47", "--staff", "高军", *BY, env=ZH).stdout,
        sunday.ok("stop", "award", "--week", "2026-W47", "--crew", "保安夜班", *BY, env=ZH).stdout,
        sunday.ok("stop", "send", "--month", "2026-10", "--to", "项目部", *BY, env=ZH).stdout,
        sunday.ok(
            "stop", "deviation", "--from", "2026-12-01", "--to", "2026-12-31", "--approved-by", "陈建国",
            "--reason", "改造", *BY, env=ZH,
        ).stdout,
    ]  # fmt: skip
    text = "\n".join(outs)
    assert "工具和设备" in text and "上报至: 项目部" in text and "开始日: 2026-12-01" in text
    for word in ("tools", "ppe", "text", "period", "sent_to", "sent_at", "from:", "at:", "+08:00"):
        assert word not in text, word


def test_list_the_months_cards_with_filters(sunday):
    card(sunday, at="2026-11-23 09:40", area="地下车库", observers=("韩桂兰",), kind="--random")
    cards = sunday.json("stop", "list")
    assert [c["at"][:16] for c in cards] == [
        "2026-11-22T09:00",
        "2026-11-22T22:00",
        "2026-11-23T02:00",
        "2026-11-23T09:40",
    ]
    assert [c["area"] for c in sunday.json("stop", "list", "--planned")] == ["1栋"] * 3
    assert len(sunday.json("stop", "list", "--area", "地下车库")) == 1
    assert sunday.json("stop", "list", "--month", "2026-10") == []
    assert "observed" not in " ".join(cards[0])  # a card has no observed person to show
