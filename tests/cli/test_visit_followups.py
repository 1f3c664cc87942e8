"""Visit follow-ups (issue 11): feedback on an item, visit categories as policy, the yearly visit of
every household (001), important customers' home visits after a survey's analysis. Frozen now: Monday
2026-11-23 10:00 +08:00; the office of tests/cli/test_visit.py (60 occupied households, 4 staff)."""

import pytest

from tests.cli.test_visit import POLICY_001, base, home, populate, record  # noqa: F401  (fixtures)
from tests.conftest import copy_store


@pytest.fixture
def office(cli, base):  # noqa: F811
    copy_store(base, cli.db)
    return cli


def items_of(c, vid) -> list[dict]:
    return c.json("visit", "show", vid)["items"]


def reviewed(c, *items, at="2026-11-19T15:00", review_at="2026-11-20T10:00", wants=None, visitors="林晓东"):
    """A home visit to 1栋/101 with ``items``, submitted and reviewed; returns (visit, its items)."""
    extra = [a for i in items for a in ("--item", i)]
    if wants:
        extra += ["--wants-feedback", wants]
    v = home(c, "1栋", "101", at, *extra, visitors=visitors)
    c.ok("visit", "submit", v["id"], "--at", review_at)
    c.ok("visit", "review", v["id"], "--by", "林晓东", "--at", review_at)
    return v, items_of(c, v["id"])


def due_of(c, what, *args) -> list[dict]:
    return [d for d in c.json("report", "due", *args)["due"] if d["what"] == what]


# --- 1. feedback on a visit item ------------------------------------------------------------------


def test_wants_feedback_marks_the_numbered_items_and_all(office, unchanged):
    v, items = reviewed(office, "保洁:建议:楼道需加强清洁", "绿化:意见:草坪修剪及时", wants="2")
    assert [i["wants_feedback"] for i in items] == [0, 1]
    w = home(
        office,
        "1栋",
        "102",
        "2026-11-19T16:00",
        "--item",
        "保洁:意见:好",
        "--item",
        "绿化:意见:好",
        "--wants-feedback",
        "all",
    )
    assert [i["wants_feedback"] for i in items_of(office, w["id"])] == [1, 1]
    with unchanged():
        r = office.fails(
            "visit", "record", "--building", "1栋", "--room", "103", "--visitors", "林晓东", "--method", "来访",
            "--item", "保洁:意见:好", "--wants-feedback", "2", "--at", "2026-11-19T10:00",
        )  # fmt: skip
    assert "--wants-feedback" in r.stderr and "2" in r.stderr
    with unchanged():
        office.fails(
            "visit", "record", "--building", "1栋", "--room", "103", "--visitors", "林晓东", "--method", "来访",
            "--wants-feedback", "all", "--at", "2026-11-19T10:00",
        )  # fmt: skip


def test_feedback_by_the_visitor_is_recorded_and_shown(office):
    v, items = reviewed(office, "绿化:意见:草坪修剪及时", wants="1", visitors="林晓东,周敏")
    r = office.json(
        "visit", "feedback", items[0]["id"], "--by", "周敏", "--at", "2026-11-21T10:00", "--text", "已当面说明"
    )
    assert (r["feedback_by"], r["feedback_at"], r["feedback_text"]) == (
        "周敏",
        "2026-11-21T10:00:00+08:00",
        "已当面说明",
    )
    card = office.ok("visit", "show", v["id"]).stdout
    assert "周敏" in card and f"#{items[0]['id']}" in card


def test_feedback_prints_labelled_lines_in_chinese(office):
    v, items = reviewed(office, "绿化:意见:草坪修剪及时", wants="1")
    iid = items[0]["id"]
    r = office.ok(
        "visit",
        "feedback",
        iid,
        "--by",
        "林晓东",
        "--at",
        "2026-11-21T10:00",
        "--text",
        "已说明",
        env={"COMMSCLI_LANG": None},
    )
    assert r.stderr.strip() == f"访问意见 #{iid}：已记录反馈"
    assert "反馈时间: 11-21 10:00" in r.stdout and "反馈内容: 已说明" in r.stdout and "类别: 绿化" in r.stdout
    assert not any(line.split(":")[0].isascii() for line in r.stdout.splitlines()), r.stdout


def test_feedback_by_the_handler_of_the_items_ticket(office):
    v, items = reviewed(office, "保洁:建议:楼道需加强清洁", wants="1")
    tid = items[0]["ticket_id"]
    office.ok("ticket", "resolve", tid, "--note", "已加派保洁", "--at", "2026-11-20T15:00", "--by", "王丽")
    r = office.json("visit", "feedback", items[0]["id"], "--by", "王丽", "--at", "2026-11-21T10:00")
    assert r["feedback_by"] == "王丽"


def test_feedback_by_anyone_else_twice_or_before_the_visit_refused(office, unchanged):
    v, items = reviewed(office, "保洁:建议:楼道需加强清洁", wants="1")
    iid = items[0]["id"]
    with unchanged():
        r = office.fails("visit", "feedback", iid, "--by", "陈建国", "--at", "2026-11-21T10:00")
    assert "--by" in r.stderr and "陈建国" in r.stderr
    with unchanged():
        office.fails("visit", "feedback", iid, "--by", "林晓东", "--at", "2026-11-19T14:00")  # before the visit
    with unchanged():
        office.fails("visit", "feedback", "999", "--by", "林晓东", "--at", "2026-11-21T10:00")
    office.ok("visit", "feedback", iid, "--by", "林晓东", "--at", "2026-11-21T10:00")
    with unchanged():
        assert "already" in office.fails("visit", "feedback", iid, "--by", "林晓东", "--at", "2026-11-21T11:00").stderr


def test_feedback_due_after_the_ticket_is_resolved_at_its_edges(office):
    """Resolved Friday 2026-11-20 15:00; policy visit_feedback_workdays = 2 → due Tuesday 2026-11-24
    (Sat 21, Sun 22 are not working days). An opinion (no ticket) counts from the review, Fri 20 → Tue 24 too."""
    v, items = reviewed(office, "保洁:建议:楼道需加强清洁", "绿化:意见:草坪修剪及时", wants="all")
    # the suggestion's ticket is not resolved yet: only the opinion is listed
    assert [d["record"] for d in due_of(office, "due.visit_feedback")] == [f"visit_items/{items[1]['id']}"]
    office.ok("ticket", "resolve", items[0]["ticket_id"], "--note", "已加派保洁", "--at", "2026-11-20T15:00")
    due = {d["record"]: (d["due"], d["state"]) for d in due_of(office, "due.visit_feedback")}
    assert due == {
        f"visit_items/{items[0]['id']}": ("2026-11-24", "soon"),
        f"visit_items/{items[1]['id']}": ("2026-11-24", "soon"),
    }
    on_day = {d["state"] for d in due_of(office, "due.visit_feedback", "--date", "2026-11-24")}
    assert on_day == {"today"}
    after = {d["state"] for d in due_of(office, "due.visit_feedback", "--date", "2026-11-25")}
    assert after == {"overdue"}
    office.ok("visit", "feedback", items[0]["id"], "--by", "林晓东", "--at", "2026-11-23T09:00")
    assert [d["record"] for d in due_of(office, "due.visit_feedback")] == [f"visit_items/{items[1]['id']}"]


def test_items_not_asking_for_feedback_are_never_due(office):
    reviewed(office, "绿化:意见:草坪修剪及时")
    assert due_of(office, "due.visit_feedback") == []


def test_monthly_report_counts_feedback_given_and_wanted(office):
    v, items = reviewed(office, "保洁:建议:楼道需加强清洁", "绿化:意见:草坪修剪及时", "秩序:意见:好", wants="1,2")
    office.ok("visit", "feedback", items[1]["id"], "--by", "林晓东", "--at", "2026-11-21T10:00")
    section = next(
        s for s in office.json("report", "monthly", "--month", "2026-11")["sections"] if s["key"] == "section.visits"
    )
    fig = next(f for f in section["figures"] if f["key"] == "fig.visit_feedback")
    assert (fig["numerator"], fig["denominator"]) == (1, 2)


# --- 2. visit categories are policy -----------------------------------------------------------------

CAT_11 = [
    "order_security",
    "cleaning",
    "greening",
    "repair_service",
    "facilities",
    "staff_ability",
    "convenience",
    "culture",
    "centre_ability",
    "special_difficulty",
    "other",
]


def test_the_default_visit_categories_are_seed_003s_eleven():
    from commscli.policy import DEFAULT

    assert DEFAULT.visit_categories == CAT_11


def test_a_category_is_taken_by_code_name_or_synonym_from_the_policy_list():
    from commscli.domain.visits import category
    from commscli.errors import InputError
    from commscli.policy import DEFAULT, from_mapping

    assert category("保洁", DEFAULT, "--item") == "cleaning"
    assert category("秩序", DEFAULT, "--item") == "order_security"  # a synonym of the label table
    p001 = from_mapping({"visit_categories": ["monthly_focus", "cleaning", "会所"]})
    assert category("当月重点工作", p001, "--item") == "monthly_focus"  # its label (labels.py)
    assert category("会所", p001, "--item") == "会所"  # no label: its own name
    with pytest.raises(InputError) as exc:
        category("绿化", p001, "--item")  # greening is not in this list
    assert exc.value.field == "--item" and "会所" in str(exc.value)


def test_a_policy_category_list_must_be_text_and_not_empty():
    from commscli.errors import PolicyError
    from commscli.policy import from_mapping

    for bad in ([], [1, 2], "cleaning", ["cleaning", "cleaning"]):
        with pytest.raises(PolicyError) as exc:
            from_mapping({"visit_categories": bad})
        assert exc.value.field == "visit_categories"


def test_policy_001_takes_its_normal_phase_topics(office, unchanged):
    """001 §6.3: 13 topics of the normal phase; 6.3.1 the month's focus work, 6.3.13 personalised services."""
    from commscli.policy import load

    topics = load(str(POLICY_001)).policy.visit_categories
    assert len(topics) == 13 and topics[0] == "monthly_focus" and topics[-1] == "personal_service"
    v = home(
        office, "1栋", "101", "2026-11-19T15:00", "--item", "个性化服务:需求:代收快递",
        "--policy", POLICY_001, visitors="林晓东,周敏",
    )  # fmt: skip
    assert [i["category"] for i in items_of(office, v["id"])] == ["personal_service"]
    card = office.ok("--lang", "zh", "visit", "show", v["id"]).stdout
    assert "个性化服务" in card
    form = office.ok("--lang", "zh", "visit", "form", v["id"], "-f", "md").stdout
    assert "个性化服务" in form and "personal_service" not in form
    with unchanged():
        r = office.fails(
            "visit",
            "record",
            "--building",
            "1栋",
            "--room",
            "102",
            "--visitors",
            "林晓东",
            "--method",
            "来访",
            "--item",
            "设施:意见:儿童滑梯旧了",
            "--at",
            "2026-11-19T10:00",
            "--policy",
            POLICY_001,
        )  # fmt: skip  (休闲及儿童设施 is 003's, not one of 001's topics)
    assert "--item" in r.stderr


def test_a_category_without_a_label_shows_its_own_name(office, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text('visit_categories = ["cleaning", "会所服务"]\n', encoding="utf-8")
    v = record(office, "1栋", "101", "2026-11-19T15:00", "--item", "会所服务:建议:延长开放时间", "--policy", policy)
    assert [i["category"] for i in items_of(office, v["id"])] == ["会所服务"]
    form = office.ok("--lang", "zh", "visit", "form", v["id"], "-f", "md").stdout
    assert "会所服务" in form and "category." not in form


# --- 3. every household visited at least once every 12 months (001 §4.1) -----------------------------


def test_yearly_visit_due_from_the_last_visit_and_the_move_in_at_its_edges():
    """now Monday 2026-11-23; N = 12 months, notice 30 days → listed up to due 2026-12-23."""
    from datetime import date

    from commscli.domain.visits import yearly_due
    from commscli.policy import from_mapping

    p = from_mapping({"visit_every_household_months": 12})
    assert yearly_due("2025-12-23T10:00:00+08:00", p) == date(2026, 12, 23)
    assert yearly_due("2025-12-24", p) == date(2026, 12, 24)
    assert yearly_due("2024-02-29", p) == date(2025, 2, 28)
    assert yearly_due("2025-12-23", from_mapping({})) is None  # off under the default policy


@pytest.fixture
def yearly(office, tmp_path):
    """Policy 12 months with the default 30-day notice; four households: visited 2025-12-23 (due 2026-12-23,
    30 days ahead), visited 2025-12-24 (31 days ahead), moved in 2025-11-20 never visited (overdue since
    2026-11-20), moved in 2019 and visited 2026-01-05 (due 2027-01-05, not yet)."""
    policy = tmp_path / "yearly.toml"
    policy.write_text("visit_every_household_months = 12\n", encoding="utf-8")
    office.ok("household", "add", "--office", "JM01", "--building", "2栋", "--room", "801", "--move-in", "2025-11-20")
    office.ok("household", "add", "--office", "JM01", "--building", "2栋", "--room", "802", "--move-in", "2019-05-01")
    record(office, "1栋", "101", "2025-12-23T10:00")
    record(office, "1栋", "102", "2025-12-24T10:00")
    record(office, "2栋", "802", "2026-01-05T10:00")
    return office, policy


def test_report_due_lists_households_approaching_their_twelve_months(yearly):
    office, policy = yearly
    due = {d["detail"]: (d["due"], d["state"]) for d in due_of(office, "due.visit_yearly", "--policy", policy)}
    assert due == {"1栋101": ("2026-12-23", "soon"), "2栋801": ("2026-11-20", "overdue")}
    assert due_of(office, "due.visit_yearly") == []  # off under the default policy
    record(office, "2栋", "801", "2026-11-23T09:00")  # visited: the next is due in 12 months
    due = {d["detail"] for d in due_of(office, "due.visit_yearly", "--policy", policy)}
    assert due == {"1栋101"}


def test_a_household_moved_out_is_not_due(yearly, tmp_path):
    office, policy = yearly
    hid = next(h["id"] for h in office.json("household", "list", "--building", "2栋") if h["room"] == "801")
    office.ok("household", "update", hid, "--occupied", "no", "--reason", "搬走")
    assert {d["detail"] for d in due_of(office, "due.visit_yearly", "--policy", policy)} == {"1栋101"}


def test_monthly_report_counts_households_overdue_for_their_yearly_visit(yearly):
    """At the end of November 2026 (Dec 1): 2栋801 (due 2026-11-20) is overdue; at the end of December also
    1栋101 (2026-12-23) and 1栋102 (2026-12-24); at the end of October none (801 was due in November)."""
    office, policy = yearly

    def overdue(month):
        report = office.json("report", "monthly", "--month", month, "--policy", policy)
        section = next(s for s in report["sections"] if s["key"] == "section.visits")
        return next(f["value"] for f in section["figures"] if f["key"] == "fig.visits_yearly_overdue")

    assert (overdue("2026-10"), overdue("2026-11"), overdue("2026-12")) == (0, 1, 3)
    report = office.json("report", "monthly", "--month", "2026-11")  # default policy: no such figure
    section = next(s for s in report["sections"] if s["key"] == "section.visits")
    assert not [f for f in section["figures"] if f["key"] == "fig.visits_yearly_overdue"]


def test_the_yearly_figure_searches_households_and_visits_through_their_indexes(tmp_path, monkeypatch):
    """Under policy 001 the monthly report's statements (the demo store) SCAN no table of records."""
    import re

    from tests.conftest import Cli, frozen_env
    from tests.test_month_queries import MONTH_TABLES, plans, recorded, tables_of

    c = Cli(tmp_path / "demo.db")
    c.ok("demo", "--db", c.db, db=False, env=frozen_env(tmp_path))
    statements, _, report = recorded(c, monkeypatch, "--policy", POLICY_001, month="2026-11")
    section = next(s for s in report["sections"] if s["key"] == "section.visits")
    assert any(f["key"] == "fig.visits_yearly_overdue" for f in section["figures"])
    scanned = []
    for sql, plan, exempt in plans(c.db, statements):
        names = tables_of(sql)
        for line in plan:
            m = re.match(r"SCAN (\w+)", line)
            if m and "VIRTUAL TABLE" not in line and names.get(m.group(1), m.group(1)) in MONTH_TABLES and not exempt:
                scanned.append(f"{line}\n    in: {sql}")
    assert not scanned, "\n".join(scanned)


# --- 4. important customers get a home visit after a survey's analysis (004) -----------------------------


def hid(c, building, room) -> int:
    return next(h["id"] for h in c.json("household", "list", "--building", building) if h["room"] == room)


def test_the_important_flag_on_add_update_import_and_the_card(office, tmp_path):
    r = office.json("household", "add", "--office", "JM01", "--building", "2栋", "--room", "801", "--important")
    assert r["important"] is True
    assert office.json("household", "show", r["id"])["important"] is True
    assert "Important: yes" in office.ok("household", "show", r["id"]).stdout
    h = hid(office, "1栋", "101")
    assert office.json("household", "show", h)["important"] is False
    office.ok("household", "update", h, "--important", "yes", "--reason", "业委会委员")
    assert office.json("household", "show", h)["important"] is True
    office.ok("household", "update", h, "--important", "no", "--reason", "换届")
    assert office.json("household", "show", h)["important"] is False
    path = tmp_path / "h.csv"
    path.write_text("管理处,楼栋,房号,重要客户\nJM01,2栋,802,是\nJM01,2栋,803,否\n", encoding="utf-8")
    office.ok("household", "import", path)
    assert office.json("household", "show", hid(office, "2栋", "802"))["important"] is True
    assert office.json("household", "show", hid(office, "2栋", "803"))["important"] is False


@pytest.fixture
def analysed(office):
    """1栋/101 and 1栋/102 important; the November survey closed after its deadline (11-10) and analysed
    Friday 2026-11-20 10:00 → their home visits due 2026-11-27 (policy survey_important_visit_days = 7)."""
    for room in ("101", "102"):
        office.ok("household", "update", hid(office, "1栋", room), "--important", "yes", "--reason", "业委会委员")
    office.ok("survey", "open", "--season", "2026-11", "--deadline", "2026-11-10", "--at", "2026-11-02T09:00")
    office.ok("survey", "close", "--season", "2026-11", "--at", "2026-11-20T09:00")
    home(office, "1栋", "101", "2026-11-19T15:00")  # before the analysis: does not count
    assert due_of(office, "due.survey_important_visit") == []  # not analysed yet
    office.ok(
        "survey", "analyse", "--season", "2026-11", "--analysis", "a", "--answers", "b", "--at", "2026-11-20T10:00"
    )
    return office


def test_important_customers_home_visits_are_due_after_the_analysis_at_their_edges(analysed):
    due = {d["record"]: (d["due"], d["state"]) for d in due_of(analysed, "due.survey_important_visit")}
    assert due == {
        f"households/{hid(analysed, '1栋', '101')}": ("2026-11-27", "soon"),
        f"households/{hid(analysed, '1栋', '102')}": ("2026-11-27", "soon"),
    }
    assert {d["state"] for d in due_of(analysed, "due.survey_important_visit", "--date", "2026-11-27")} == {"today"}
    assert {d["state"] for d in due_of(analysed, "due.survey_important_visit", "--date", "2026-11-28")} == {"overdue"}
    home(analysed, "1栋", "101", "2026-11-21T15:00")  # a home visit after the analysis: done
    record(analysed, "1栋", "102", "2026-11-21T16:00")  # at the office: not a home visit
    due = [d["record"] for d in due_of(analysed, "due.survey_important_visit")]
    assert due == [f"households/{hid(analysed, '1栋', '102')}"]


def test_monthly_report_counts_important_customers_visited(analysed):
    home(analysed, "1栋", "101", "2026-11-21T15:00")
    report = analysed.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in report["sections"] if s["key"] == "section.visits")
    fig = next(f for f in section["figures"] if f["key"] == "fig.important_visits")
    assert (fig["numerator"], fig["denominator"]) == (1, 2)
