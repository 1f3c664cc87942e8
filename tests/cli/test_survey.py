"""survey open / record / status / close / analyse / post / report, and the survey in report due and
report monthly, through the CLI on a frozen clock (now: Monday 2026-11-23 10:00 +08:00)."""

import pytest

from tests.conftest import Cli

# 10 occupied households: 1栋/101–106, 2栋/201–204; 1栋/901 not occupied
HOUSEHOLDS = (
    "office,building,room,name,phone,occupied\n"
    + "".join(f"JM01,1栋,{101 + i},住户{i},1380000000{i},yes\n" for i in range(6))
    + "".join(f"JM01,2栋,{201 + i},住户{6 + i},1390000000{i},yes\n" for i in range(4))
    + "JM01,1栋,901,空置,,no\n"
)
AFTER_DEADLINE = {"COMMSCLI_NOW": "2026-12-01T10:00:00+08:00"}  # Tuesday, the day after the default deadline
SEASON = ("--season", "2026-11")


@pytest.fixture
def office(cli, tmp_path) -> Cli:
    path = tmp_path / "households.csv"
    path.write_text(HOUSEHOLDS, encoding="utf-8")
    cli.ok("household", "import", path)
    return cli


@pytest.fixture
def opened(office) -> Cli:
    office.ok("survey", "open", *SEASON, "--at", "2026-11-02T09:00")
    return office


def ret(c: Cli, building: str, room: str, grades: str, *extra, at: str = "2026-11-20T10:00", **kw):
    return c.json(
        "survey",
        "record",
        *SEASON,
        "--building",
        building,
        "--room",
        room,
        "--grades",
        grades,
        "--at",
        at,
        *extra,
        **kw,
    )


# six returns, three with an opinion: 保洁 很满意/满意/满意/一般/不满意/— → 3 of 5; 绿化 很满意 ×3 → 3 of 3
RETURNS = [
    ("1栋", "101", "保洁=满意,绿化=很满意", "电梯慢"),
    ("1栋", "102", "保洁=很满意,绿化=很满意", None),
    ("1栋", "103", "保洁=一般,秩序=满意", "夜间车辆乱停"),
    ("1栋", "104", "清洁=不满意", "垃圾清运不及时"),
    ("2栋", "201", "保洁=满意,绿化=非常满意", None),
    ("2栋", "202", "秩序安全=不满意", None),
]


def six_returns(c: Cli, day: int = 20):
    for n, (b, r, g, opinion) in enumerate(RETURNS):
        ret(c, b, r, g, *(("--opinion", opinion) if opinion else ()), at=f"2026-11-{day:02d}T{10 + n}:00")


# --- open -----------------------------------------------------------------------------------


def test_open_targets_the_occupied_households_until_the_months_last_day(office):
    r = office.ok("survey", "open", *SEASON)
    assert "survey 2026-11 opened: 10 households" in r.stderr
    s = office.json("survey", "status", *SEASON)
    assert (s["season"], s["target"], s["returns"], s["rate"], s["deadline"]) == ("2026-11", 10, 0, 0.0, "2026-11-30")
    assert s["min_return"] == 0.6 and s["closed_at"] is None
    assert s["analysis_due"] is None  # not known until the return rate is reached (or the survey closes below it)


def test_open_with_a_deadline(office):
    s = office.json("survey", "open", *SEASON, "--deadline", "2026-12-15")
    assert s["deadline"] == "2026-12-15" and s["analysis_due"] is None


@pytest.mark.parametrize(
    "args, named",
    [
        (("--season", "2026-10"), "2026-10"),  # not a survey month
        (("--season", "2026-13"), "2026-13"),
        (("--season", "Nov"), "--season"),
        (("--season", "2026-11", "--deadline", "2026-11-20"), "2026-11-20"),  # in the past
        (("--season", "2026-11", "--deadline", "2026-11-31"), "--deadline"),
        (("--season", "2026-11", "--office", "XX"), "XX"),
    ],
)
def test_open_refuses_bad_input(office, unchanged, args, named):
    with unchanged():
        err = office.fails("survey", "open", *args).stderr
    assert named in err


def test_open_twice_refused(opened, unchanged):
    with unchanged():
        assert "already" in opened.fails("survey", "open", *SEASON).stderr


def test_june_is_a_survey_month_too(office):
    s = office.json("survey", "open", "--season", "2027-06")
    assert (s["deadline"], s["target"]) == ("2027-06-30", 10)


# --- record and status ----------------------------------------------------------------------


def test_record_a_return(opened):
    r = opened.ok(
        "survey",
        "record",
        *SEASON,
        "--building",
        "1栋",
        "--room",
        "101",
        "--grades",
        "保洁=满意,绿化=很满意",
        "--opinion",
        "电梯慢",
        "--at",
        "2026-11-20T10:00",
    )
    assert "return recorded: 1/10 (10.0%)" in r.stderr
    s = ret(opened, "1栋", "102", "cleaning=satisfied")
    assert (s["returns"], s["target"], s["rate"], s["rate_reached_at"]) == (2, 10, 0.2, None)
    data = opened.json("survey", "report", *SEASON)
    assert {c["category"]: (c["numerator"], c["denominator"]) for c in data["categories"]} == {
        "cleaning": (2, 2),
        "greening": (1, 1),
    }
    assert [o["opinion"] for o in data["opinions"]] == ["电梯慢"]


def test_status_shows_the_rate_against_the_minimum(opened):
    for room in ("101", "102", "103"):
        ret(opened, "1栋", room, "保洁=满意")
    r = opened.ok("survey", "status", *SEASON)
    assert "3/10 returned (30.0%; minimum 60%)" in r.stderr
    assert "Returns: 3" in r.stdout and "Households: 10" in r.stdout and "Return rate: 30.0% (3/10)" in r.stdout
    s = opened.json("survey", "status", *SEASON)
    assert (s["returns"], s["target"], s["rate"]) == (3, 10, 0.3)


def test_the_rate_reached_before_the_deadline_the_analysis_is_due_a_week_after_the_deadline(opened):
    six_returns(opened, day=18)
    s = opened.json("survey", "status", *SEASON)
    assert s["rate"] == 0.6 and s["rate_reached_at"] == "2026-11-18T15:00:00+08:00"
    # both the rate (11-18) and the end of collection (the deadline 11-30, still open): 11-30 + 7
    assert s["analysis_due"] == "2026-12-07"


def test_closing_early_once_the_rate_is_reached_ends_the_period(opened):
    six_returns(opened, day=18)
    s = opened.json("survey", "close", *SEASON, "--at", "2026-11-22T09:00")
    assert s["analysis_due"] == "2026-11-29"  # later of the rate (11-18) and the close (11-22), + 7


def test_the_rate_reached_after_the_deadline_the_analysis_is_due_a_week_after_the_rate(opened):
    late = {"COMMSCLI_NOW": "2026-12-03T18:00:00+08:00"}
    for n, (b, r, g, _) in enumerate(RETURNS[:5]):
        ret(opened, b, r, g, at=f"2026-11-2{n}T10:00", env=late)
    ret(opened, *RETURNS[5][:3], at="2026-12-03T10:00", env=late)  # the sixth return: 60 % on 12-03
    s = opened.json("survey", "status", *SEASON, env=late)
    assert s["rate_reached_at"] == "2026-12-03T10:00:00+08:00" and s["analysis_due"] == "2026-12-10"


def test_a_second_return_for_a_household_is_refused(opened, unchanged):
    ret(opened, "1栋", "101", "保洁=满意")
    with unchanged():
        assert (
            "already"
            in opened.fails(
                "survey",
                "record",
                *SEASON,
                "--building",
                "1栋",
                "--room",
                "101",
                "--grades",
                "保洁=很满意",
                "--at",
                "2026-11-21T10:00",
            ).stderr
        )


@pytest.mark.parametrize(
    "args, named",
    [
        (("--grades", "保洁=还行"), "还行"),  # no such grade
        (("--grades", "厨房=满意"), "厨房"),  # no such category
        (("--grades", "保洁满意"), "--grades"),
        (("--grades", ""), "--grades"),
        (("--grades", "保洁=满意", "--room", "901"), "occupied"),  # not occupied
        (("--grades", "保洁=满意", "--room", "999"), "999"),  # no such household
        (("--grades", "保洁=满意", "--at", "2026-11-01T10:00"), "--at"),  # before the survey opened
        (("--grades", "保洁=满意", "--at", "2026-11-24T10:00"), "--at"),  # in the future
        (("--grades", "保洁=满意", "--season", "2026-06"), "survey open"),  # no such survey
    ],
)
def test_record_refuses_bad_input(opened, unchanged, args, named):
    argv = ["survey", "record", "--building", "1栋", *args]
    if "--season" not in args:
        argv += SEASON
    if "--room" not in args:
        argv += ["--room", "101"]
    if "--at" not in args:
        argv += ["--at", "2026-11-20T10:00"]
    with unchanged():
        err = opened.fails(*argv).stderr
    assert named in err


def test_status_of_a_season_never_opened_is_refused(office):
    assert "survey open" in office.fails("survey", "status", *SEASON).stderr


# --- close --------------------------------------------------------------------------------


def test_close_below_the_minimum_before_the_deadline_is_refused(opened, unchanged):
    for room in ("101", "102", "103", "104", "105"):
        ret(opened, "1栋", room, "保洁=满意", "--opinion", "电梯慢")
    with unchanged():
        err = opened.fails("survey", "close", *SEASON).stderr
    assert "5/10" in err and "60%" in err
    with unchanged():  # the deadline day itself is not past
        opened.fails("survey", "close", *SEASON, env={"COMMSCLI_NOW": "2026-11-30T20:00:00+08:00"})


def test_close_below_the_minimum_after_the_deadline(opened):
    ret(opened, "1栋", "101", "保洁=满意", "--opinion", "电梯慢")
    ret(opened, "1栋", "102", "保洁=满意")
    r = opened.ok("survey", "close", *SEASON, env=AFTER_DEADLINE)
    assert "1 callbacks due 2026-12-07" in r.stderr
    s = opened.json("survey", "status", *SEASON, env=AFTER_DEADLINE)
    assert s["closed_at"] == "2026-12-01T10:00:00+08:00" and s["analysis_due"] == "2026-12-07"
    cbs = opened.json("callback", "list", "--kind", "survey", env=AFTER_DEADLINE)
    assert [(c["building"], c["room"], c["due_at"], c["state"]) for c in cbs] == [
        ("1栋", "101", "2026-12-07T23:59:59+08:00", "open")
    ]


def test_close_once_the_minimum_is_returned_gives_every_opinion_a_callback(opened, unchanged):
    six_returns(opened, day=20)
    s = opened.json("survey", "close", *SEASON, "--at", "2026-11-22T09:00")
    assert s["callbacks"] == 3 and s["closed_at"] == "2026-11-22T09:00:00+08:00"
    assert s["analysis_due"] == "2026-11-29"  # later of the rate (11-20) and the close (11-22), + 1 week
    cbs = opened.json("callback", "list", "--kind", "调查回访")
    assert sorted((c["building"], c["room"]) for c in cbs) == [("1栋", "101"), ("1栋", "103"), ("1栋", "104")]
    assert {c["due_at"] for c in cbs} == {"2026-11-29T23:59:59+08:00"}
    with unchanged():
        assert "already closed" in opened.fails("survey", "close", *SEASON).stderr
    with unchanged():
        assert (
            "closed"
            in opened.fails(
                "survey", "record", *SEASON, "--building", "2栋", "--room", "204", "--grades", "保洁=满意"
            ).stderr
        )


# --- analyse, post, report ------------------------------------------------------------------


def test_analyse_before_close_is_refused(opened, unchanged):
    six_returns(opened)
    with unchanged():
        assert "close" in opened.fails("survey", "analyse", *SEASON, "--analysis", "a", "--answers", "b").stderr
    with unchanged():
        assert "analyse" in opened.fails("survey", "post", *SEASON).stderr


def test_analyse_then_post(opened, unchanged):
    six_returns(opened)
    opened.ok("survey", "close", *SEASON, "--at", "2026-11-22T09:00")
    with unchanged():
        assert "analyse" in opened.fails("survey", "post", *SEASON).stderr
    with unchanged():
        opened.fails("survey", "analyse", *SEASON, "--analysis", "  ", "--answers", "b")
    r = opened.ok("survey", "analyse", *SEASON, "--analysis", "保洁满意率偏低", "--answers", "已增加清运频次")
    assert "results due 2026-11-30" in r.stderr  # Monday 2026-11-23 + 5 working days
    s = opened.json("survey", "status", *SEASON)
    assert s["analysed_at"] == "2026-11-23T10:00:00+08:00" and s["results_due"] == "2026-11-30"
    with unchanged():
        assert "already" in opened.fails("survey", "analyse", *SEASON, "--analysis", "a", "--answers", "b").stderr
    s = opened.json("survey", "post", *SEASON)
    assert s["results_posted_at"] == "2026-11-23T10:00:00+08:00"
    with unchanged():
        assert "already" in opened.fails("survey", "post", *SEASON).stderr


def test_results_are_due_five_working_days_after_the_analysis(opened):
    ret(opened, "1栋", "101", "保洁=满意")
    opened.ok("survey", "close", *SEASON, env=AFTER_DEADLINE)
    s = opened.json("survey", "analyse", *SEASON, "--analysis", "a", "--answers", "b", env=AFTER_DEADLINE)
    assert s["results_due"] == "2026-12-08"  # Tuesday 2026-12-01 + 5 working days


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_report_renders_the_satisfaction_rate_per_category(opened, fmt):
    six_returns(opened)
    opened.ok("survey", "close", *SEASON, "--at", "2026-11-22T09:00")
    opened.ok("survey", "analyse", *SEASON, "--analysis", "保洁满意率偏低，需加强", "--answers", "已增加垃圾清运频次")
    out = opened.ok("--lang", "zh", "survey", "report", *SEASON, "--format", fmt).stdout
    assert "业户满意度调查分析报告" in out and "金茂府物业服务中心" in out and "2026-11" in out
    assert "满意率" in out and "问卷回收率" in out
    assert "60.0%" in out and "6/10" in out
    assert "60.0%（3/5）" in out  # 保洁: 很满意 1 + 满意 2 of 5 graded (一般 and 不满意 are not satisfied)
    assert "100.0%（3/3）" in out  # 绿化
    assert "50.0%（1/2）" in out  # 秩序安全: 满意 1 of 2
    for opinion in ("电梯慢", "夜间车辆乱停", "垃圾清运不及时"):
        assert opinion in out
    assert "保洁满意率偏低，需加强" in out and "已增加垃圾清运频次" in out
    assert "13800000000" not in out and "住户0" not in out  # posted publicly: no phones, no names


def test_report_json_numerators_and_denominators(opened):
    six_returns(opened)
    data = opened.json("survey", "report", *SEASON)
    cats = {c["category"]: c for c in data["categories"]}
    assert (cats["cleaning"]["numerator"], cats["cleaning"]["denominator"]) == (3, 5)
    assert (
        cats["cleaning"]["very_satisfied"],
        cats["cleaning"]["satisfied"],
        cats["cleaning"]["neutral"],
        cats["cleaning"]["dissatisfied"],
    ) == (1, 2, 1, 1)
    assert cats["greening"]["rate"] == 1.0 and cats["order_security"]["rate"] == 0.5
    assert (data["survey"]["returns"], data["survey"]["target"]) == (6, 10)


def test_report_english_and_output_file(opened, tmp_path):
    six_returns(opened)
    out = tmp_path / "survey.md"
    opened.ok("survey", "report", *SEASON, "--lang", "en", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "Satisfaction survey report" in text and "(3/5)" in text.replace("（", "(").replace("）", ")")


# --- report due and report monthly ---------------------------------------------------------


def due(c: Cli, args=(), **kw) -> list[dict]:
    return [d for d in c.json("report", "due", *args, **kw)["due"] if d["what"].startswith("due.survey")]


def test_report_due_follows_the_survey_steps(opened):
    assert [(d["what"], d["due"], d["params"]["season"]) for d in due(opened)] == [
        ("due.survey_close", "2026-11-30", "2026-11")
    ]
    six_returns(opened)
    # the rate is reached (11-20) while collection is open: the analysis is known (11-30 + 7) and listed at once
    assert [(d["what"], d["due"]) for d in due(opened, args=("--within", "14"))] == [
        ("due.survey_close", "2026-11-30"),
        ("due.survey_analyse", "2026-12-07"),
    ]
    opened.ok("survey", "close", *SEASON, "--at", "2026-11-22T09:00")
    assert [(d["what"], d["due"]) for d in due(opened)] == [("due.survey_analyse", "2026-11-29")]
    opened.ok("survey", "analyse", *SEASON, "--analysis", "a", "--answers", "b")
    assert [(d["what"], d["due"]) for d in due(opened)] == [("due.survey_post", "2026-11-30")]
    opened.ok("survey", "post", *SEASON)
    assert due(opened) == []


def test_report_due_text_names_the_survey(opened):
    assert "2026-11 满意度调查截止" in opened.ok("--lang", "zh", "report", "due").stdout


def test_monthly_report_has_the_survey_return_rate(opened):
    six_returns(opened)
    data = opened.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in data["sections"] if s["key"] == "section.visits")
    fig = next(f for f in section["figures"] if f["key"] == "fig.survey_returns")
    assert (fig["numerator"], fig["denominator"]) == (6, 10)
