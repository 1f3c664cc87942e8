"""report monthly / report due and the demo store, through the CLI."""

import json

import pytest

from tests.conftest import Cli, dump


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    import os

    os.environ["COMMSCLI_NOW"] = "2026-11-23T10:00:00+08:00"
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    c = Cli(path)
    c.ok("demo", "--db", path, db=False)
    return path


@pytest.fixture
def demo(demo_db):
    return Cli(demo_db)


def test_monthly_defaults_to_last_month_and_shows_the_registry(demo):
    out = demo.ok("--lang", "zh", "report", "monthly").stdout
    assert "月度服务沟通报告  2026-10" in out
    assert "业户总数: 720" in out and "已入住业户: 652" in out and "入住率: 90.6% (652/720)" in out
    assert "2027 年节假日安排未载入" in out


@pytest.mark.parametrize(
    "fmt, marker", [("md", "| 业户总数 | 720 |"), ("html", "<td>业户总数</td>"), ("csv", "\ufeff统计期间,2026-09")]
)
def test_monthly_formats(demo, fmt, marker):
    assert marker in demo.ok("--lang", "zh", "report", "monthly", "--month", "2026-09", "--format", fmt).stdout


def test_monthly_json_english_and_output_file(demo, tmp_path):
    data = demo.json("report", "monthly", "--month", "2026-11")
    assert data["period"] == "2026-11" and data["offices"] == ["JM01"]
    registry = next(s for s in data["sections"] if s["key"] == "section.registry")
    figs = {f["key"]: f for f in registry["figures"]}
    assert figs["fig.occupancy"]["numerator"] == 652 and figs["fig.occupancy"]["denominator"] == 720
    out = tmp_path / "r.html"
    demo.ok("report", "monthly", "--lang", "en", "-f", "html", "-o", out)
    assert "Occupied households" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, named",
    [
        (("--month", "2026-13"), "2026-13"),
        (("--month", "Oct"), "--month"),
        (("--format", "pdf"), "pdf"),
        (("--office", "XX"), "XX"),
        (("--templates", "/no/such"), "--templates"),
        (("--lang", "fr"), "fr"),
    ],
)
def test_monthly_bad_input(demo, args, named):
    before = dump(demo.db)
    r = demo.fails("report", "monthly", *args)
    assert named in r.stderr and dump(demo.db) == before


def test_due_lists_the_missing_calendar_year(demo):
    assert "导入 2027 年节假日安排" not in demo.ok("--lang", "zh", "report", "due").stdout  # 39 days away
    out = demo.ok("--lang", "zh", "report", "due", "--within", "60").stdout
    assert "导入 2027 年节假日安排" in out and "即将到期" in out
    items = demo.json("report", "due", "--date", "2027-01-02")["due"]
    calendar = [(i["params"]["year"], i["state"]) for i in items if i["what"] == "due.calendar_import"]
    assert calendar == [(2027, "overdue")]
    demo.fails("report", "due", "--date", "2027-02-30")
    demo.fails("report", "due", "--within", "-1")


def test_demo_is_reproducible_and_never_replaces_a_real_store(tmp_path, cli):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    cli.ok("demo", "--db", a, db=False)
    cli.ok("demo", "--db", b, db=False)

    def content(path):  # _sqlite_migrations records the real time a migration ran
        return [line for line in dump(path) if "_sqlite_migrations" not in line]

    assert content(a) == content(b) and len(content(a)) > 700
    counts = json.loads(cli.ok("demo", "--db", a, "--json", db=False).stdout)["counts"]  # replaces a demo store
    assert counts["households"] == 720 and counts["offices"] == 1
    before = dump(cli.db)
    r = cli.fails("demo", "--db", cli.db, db=False)
    assert "not a demo store" in r.stderr and dump(cli.db) == before


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "args",
    [
        ("report", "monthly", "--month", "2026-10"),
        ("report", "due", "--within", "60"),
        ("visit", "summary", "--month", "2026-10"),
    ],
)
def test_every_label_is_translated(demo, lang, args):
    """A label key missing from labels.py would print as 'fig.something' on a signed form."""
    import re

    out = demo.ok(*args, "--lang", lang).stdout
    leaked = re.findall(
        r"\b(?:section|fig|table|col|due|state|form|role|kind|category|channel|priority|callback|"
        r"item|sat|visit_method|escalation|household|report)\.[a-z_]+",
        out,
    )
    assert not leaked, leaked


def test_the_demo_holds_the_season_of_notices_issue_12_asks_for(demo):
    notices = demo.json("notice", "list")
    kinds = {n["kind"] for n in notices}
    assert {"pest", "water_cut", "power_cut", "event", "survey_results", "publicity"} <= kinds
    emergencies = demo.json("notice", "list", "--emergency")
    assert [n["kind"] for n in emergencies] == ["power_cut"] and emergencies[0]["reason"]
    planned = [n for n in notices if n["kind"] == "water_cut" and not n["first_posting_at"]]
    assert planned and planned[0]["effective_from"] > "2026-11-23"
