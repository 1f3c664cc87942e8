"""The monthly report's key figures (关键指标) and its 12-month trends, checked against a small hand-built store
whose right answers are worked out here (issue 15).

The store (office JM01, report month 2026-10, the trend's 12 months 2025-11 .. 2026-10), rows written directly:

- repairs, on time when they arrive within their arrive_due (reported + 1 h; on time +30 min, late +2 h):
  2026-10 urgent 2 on time + 1 late → 2/3; high 1 on time → 1/1; normal 3 on time + 1 late → 3/4,
           and one normal not arrived yet (overdue, undecided: not in the rate) and one cancelled (not counted);
  2026-09 urgent 1 late → 0/1; normal 1 on time → 1/1;
  2025-11 normal 1 late → 0/1 (the trend's first month); 2025-10 normal 1 on time (before the trend: not shown).
- complaints: 2026-10 three, two closed → 2/3; 2026-09 one closed → 1/1.
- callbacks done: 2026-10 very satisfied, satisfied, dissatisfied, and one without a grade → 2/3;
                  2026-09 satisfied → 1/1; one open callback (not done: not counted).
- visits: an active plan for 2026-10 asks 4, three visits then (and one cancelled) → 3/4;
          a plan for 2026-09 asks 2, two visits → 2/2; other months no plan and no occupied household → 0/0.
- survey 2026-06: target 10, 4 returns → 4/10.
- notices: 2026-10 two breaches of three; 2026-09 one breach.
"""

import json
import sqlite3
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import Cli

MONTHS = [f"2025-{m:02d}" for m in (11, 12)] + [f"2026-{m:02d}" for m in range(1, 11)]


def _insert(conn, table, **values):
    cols = ", ".join(values)
    return conn.execute(
        f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in values)})", list(values.values())
    ).lastrowid


def _t(day: str, hm: str) -> str:
    return f"{day}T{hm}:00+08:00"


def repair(conn, day, priority, arrived, state="closed"):
    """arrived: 'on_time' (+30 min), 'late' (+2 h) or None (on its way)."""
    minutes = {"on_time": "09:30", "late": "11:00", None: None}[arrived]
    _insert(
        conn,
        "tickets",
        office_id=1,
        kind="repair",
        channel="hotline",
        category="repair_service",
        priority=priority,
        description="漏水",
        state=state if arrived else "dispatched",
        reported_at=_t(day, "09:00"),
        received_by="t",
        arrive_due=_t(day, "10:00"),
        arrived_at=_t(day, minutes) if minutes else None,
        sla="{}",
        last_at=_t(day, "09:00"),
        created_at=_t(day, "09:00"),
        created_by="t",
    )


def complaint(conn, day, state):
    _insert(
        conn,
        "tickets",
        office_id=1,
        kind="complaint",
        channel="hotline",
        category="cleaning",
        description="噪音",
        state=state,
        reported_at=_t(day, "09:00"),
        received_by="t",
        resolve_due=_t(day, "18:00"),
        sla="{}",
        last_at=_t(day, "09:00"),
        created_at=_t(day, "09:00"),
        created_by="t",
    )


def callback(conn, day, satisfaction, state="done"):
    _insert(
        conn,
        "callbacks",
        office_id=1,
        kind="complaint",
        due_at=_t(day, "18:00"),
        state=state,
        done_at=_t(day, "10:00") if state == "done" else None,
        satisfaction=satisfaction,
        created_at=_t(day, "09:00"),
        created_by="t",
    )


def plan(conn, month, required):
    _insert(
        conn,
        "visit_plans",
        office_id=1,
        month=month,
        kind="office",
        cycle=1,
        required=required,
        basis="{}",
        drawn_at=_t(f"{month}-01", "08:00"),
        drawn_by="t",
    )


def visit(conn, household, day, state="submitted"):
    _insert(
        conn,
        "visits",
        office_id=1,
        household_id=household,
        cycle=1,
        visitors=json.dumps([{"name": "林晓东", "role": "manager"}]),
        method="visit",
        started_at=_t(day, "15:00"),
        submit_due=_t(day, "23:59"),
        state=state,
        created_at=_t(day, "15:00"),
        created_by="t",
    )


def notice(conn, day, breach):
    _insert(
        conn,
        "notices",
        office_id=1,
        kind="event",
        title="活动",
        body="活动",
        effective_from=_t(day, "12:00"),
        posted_at=_t(day, "08:00"),
        rules="{}",
        breach=int(breach),
        emergency=int(breach),
        created_at=_t(day, "08:00"),
        created_by="t",
    )


@pytest.fixture
def hand(cli: Cli) -> Cli:
    conn = sqlite3.connect(cli.db)
    for p, arrived in (("urgent", "on_time"), ("urgent", "on_time"), ("urgent", "late"), ("high", "on_time")):
        repair(conn, "2026-10-05", p, arrived)
    for arrived in ("on_time", "on_time", "on_time", "late", None):
        repair(conn, "2026-10-31", "normal", arrived)  # the last day of the month belongs to it
    repair(conn, "2026-10-06", "normal", "on_time", state="cancelled")
    repair(conn, "2026-09-30", "urgent", "late")
    repair(conn, "2026-09-01", "normal", "on_time")
    repair(conn, "2025-11-01", "normal", "late")
    repair(conn, "2025-10-31", "normal", "on_time")
    for state in ("closed", "closed", "replied"):
        complaint(conn, "2026-10-10", state)
    complaint(conn, "2026-09-10", "closed")
    for grade in ("very_satisfied", "satisfied", "dissatisfied", None):
        callback(conn, "2026-10-12", grade)
    callback(conn, "2026-09-12", "satisfied")
    callback(conn, "2026-10-13", None, state="open")
    households = [
        _insert(
            conn,
            "households",
            office_id=1,
            building="1栋",
            room=str(100 + i),
            occupied=0,
            created_at="x",
            created_by="t",
        )
        for i in range(5)
    ]
    plan(conn, "2026-10", 4)
    plan(conn, "2026-09", 2)
    for h in households[:3]:
        visit(conn, h, "2026-10-20")
    visit(conn, households[3], "2026-10-21", state="cancelled")
    for h in households[:2]:
        visit(conn, h, "2026-09-20")
    survey = _insert(
        conn,
        "surveys",
        office_id=1,
        season="2026-06",
        deadline="2026-06-30",
        target=10,
        min_return=0.5,
        opened_at=_t("2026-06-01", "09:00"),
        opened_by="t",
    )
    for h in households[:4]:
        _insert(
            conn,
            "survey_returns",
            survey_id=survey,
            household_id=h,
            returned_at="2026-06-10",
            grades="{}",
            created_by="t",
        )
    for breach in (True, True, False):
        notice(conn, "2026-10-15", breach)
    notice(conn, "2026-09-15", True)
    conn.commit()
    conn.close()
    return cli


def rate(d: dict):
    return (d["numerator"], d["denominator"])


def test_key_figures_show_the_month_last_month_and_the_change(hand: Cli):
    data = hand.json("report", "monthly", "--month", "2026-10")
    keys = {k["key"]: k for k in data["key_figures"]}
    assert list(keys) == [
        "fig.sla_urgent",
        "fig.sla_high",
        "fig.sla_normal",
        "fig.complaints_closed",
        "fig.satisfaction",
        "fig.visits_quota",
        "fig.survey_returns",
        "fig.notice_breaches",
        "fig.minutes_late",
        "fig.resolutions_overdue",
    ]  # the minutes section offers the meetings keys (0 in this store: it holds no meeting)
    expected = {  # (this month, last month, change in percentage points or in the count)
        "fig.sla_urgent": ((2, 3), (0, 1), 66.7),
        "fig.sla_high": ((1, 1), (0, 0), None),
        "fig.sla_normal": ((3, 4), (1, 1), -25.0),
        "fig.complaints_closed": ((2, 3), (1, 1), -33.3),
        "fig.satisfaction": ((2, 3), (1, 1), -33.3),
        "fig.visits_quota": ((3, 4), (2, 2), -25.0),
        "fig.survey_returns": ((0, 0), (0, 0), None),
    }
    for key, (now, before, change) in expected.items():
        k = keys[key]
        assert (rate(k), rate(k["previous"]), k["change"]) == (now, before, change), key
    breaches = keys["fig.notice_breaches"]
    assert (breaches["value"], breaches["previous"]["value"], breaches["change"]) == (2, 1, 1)
    # the key figure is the section's own figure
    tickets = next(s for s in data["sections"] if s["key"] == "section.tickets")
    figs = {f["key"]: f for f in tickets["figures"] if f["office"] == ""}
    assert rate(figs["fig.sla_urgent"]) == (2, 3) and rate(figs["fig.complaints_closed"]) == (2, 3)


def test_key_figures_text_first_with_the_change(hand: Cli):
    out = hand.ok("report", "monthly", "--month", "2026-10", "--lang", "zh").stdout
    head = out[: out.index("== 客户诉求与回访 ==")]
    assert "关键指标" in head
    line = next(ln for ln in head.splitlines() if "特急维修到场及时率" in ln)
    assert "66.7% (2/3)" in line and "0.0% (0/1)" in line and "+66.7" in line


def test_trends_are_the_12_months_ending_with_the_report_month(hand: Cli):
    data = hand.json("report", "monthly", "--month", "2026-10")
    trends = {t["key"]: t for t in data["trends"]}
    assert list(trends) == [
        "fig.sla_urgent",
        "fig.sla_high",
        "fig.sla_normal",
        "fig.satisfaction",
        "fig.visits_quota",
        "fig.survey_returns",
    ]
    for t in trends.values():
        assert [p["month"] for p in t["points"]] == MONTHS
    nothing = (0, 0)

    def series(key):
        return {p["month"]: rate(p) for p in trends[key]["points"] if rate(p) != nothing}

    assert series("fig.sla_urgent") == {"2026-09": (0, 1), "2026-10": (2, 3)}
    assert series("fig.sla_high") == {"2026-10": (1, 1)}
    assert series("fig.sla_normal") == {"2025-11": (0, 1), "2026-09": (1, 1), "2026-10": (3, 4)}
    assert series("fig.satisfaction") == {"2026-09": (1, 1), "2026-10": (2, 3)}
    assert series("fig.visits_quota") == {"2026-09": (2, 2), "2026-10": (3, 4)}
    assert series("fig.survey_returns") == {"2026-06": (4, 10)}


def test_trends_as_a_table_in_text_and_csv(hand: Cli):
    out = hand.ok("report", "monthly", "--month", "2026-10", "--lang", "zh").stdout
    assert "近 12 个月趋势" in out
    csv_text = hand.ok("report", "monthly", "--month", "2026-10", "-f", "csv").stdout
    rows = csv_text.splitlines()
    assert "Trends over the last 12 months,Survey return rate,2026-06,40.0%,4,10" in rows
    assert "Trends over the last 12 months,Survey return rate,2026-07,,0,0" in rows  # no survey: 0/0, no rate
    assert "Key figures,Urgent repairs on time,66.7%,2,3,0.0%,0,1,66.7" in rows


def test_the_html_charts_put_each_point_where_its_value_says(hand: Cli):
    from commscli.charts import CHART

    html = hand.ok("report", "monthly", "--month", "2026-10", "-f", "html").stdout
    assert "<script" not in html and "src=" not in html and "href=" not in html
    svgs = [html[i : html.index("</svg>", i) + 6] for i in range(len(html)) if html.startswith("<svg", i)]
    charts = {}
    for text in svgs:
        svg = ET.fromstring(text)
        charts[svg.get("data-key")] = svg
    assert set(charts) >= {"fig.sla_urgent", "fig.satisfaction", "fig.visits_quota", "fig.survey_returns"}
    ns = "{http://www.w3.org/2000/svg}"
    step = CHART.plot_width / 11

    def where(i, value):  # month i of 12 (0 = the oldest); value 0..1 on a 0–100 % scale
        return CHART.left + i * step, CHART.top + (1 - value) * CHART.plot_height

    hand_worked = {
        "fig.sla_urgent": {10: 0.0, 11: 2 / 3},
        "fig.sla_normal": {0: 0.0, 10: 1.0, 11: 0.75},
        "fig.satisfaction": {10: 1.0, 11: 2 / 3},
        "fig.visits_quota": {10: 1.0, 11: 0.75},
        "fig.survey_returns": {7: 0.4},
    }
    for key, points in hand_worked.items():
        circles = charts[key].findall(f"{ns}circle")
        assert len(circles) == len(points), key  # a month with nothing to count has no point
        for c in circles:
            i = MONTHS.index(c.get("data-month"))
            x, y = where(i, points[i])
            assert (float(c.get("cx")), float(c.get("cy"))) == (pytest.approx(x, abs=0.01), pytest.approx(y, abs=0.01))


def test_a_month_in_a_later_trend_is_that_month_s_own_figure(hand: Cli):
    """The report month's point comes from its sections, the months before from the trend queries: the two agree."""
    october = {k["key"]: k for k in hand.json("report", "monthly", "--month", "2026-10")["key_figures"]}
    later = hand.json("report", "monthly", "--month", "2026-11")["trends"]
    for t in later:
        point = next(p for p in t["points"] if p["month"] == "2026-10")
        assert rate(point) == rate(october[t["key"]]), t["key"]


def read_xlsx(path) -> dict:
    """sheet name → rows of (value, number format) read back from the file's XML: text as str, numbers as float,
    a number's format code ('General' when none)."""
    import zipfile

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        styles = ET.fromstring(z.read("xl/styles.xml"))
        codes = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{{{ns['m']}}}numFmt")}
        xfs = [int(x.get("numFmtId", 0)) for x in styles.find("m:cellXfs", ns)]
        builtin = {0: "General", 9: "0%", 10: "0.00%", 14: "m/d/yyyy"}
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            shared = [
                "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
                for si in ET.fromstring(z.read("xl/sharedStrings.xml"))
            ]
        out = {}
        for sheet in book.find("m:sheets", ns):
            xml = ET.fromstring(z.read("xl/" + targets[sheet.get(rel)].lstrip("/").removeprefix("xl/")))
            rows = []
            for row in xml.iter(f"{{{ns['m']}}}row"):
                cells = []
                for c in row:
                    fmt_id = xfs[int(c.get("s", 0))]
                    fmt = codes.get(fmt_id) or builtin.get(fmt_id, str(fmt_id))
                    if c.get("t") == "inlineStr":
                        cells.append(("".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t")), fmt))
                    elif c.get("t") == "s":
                        cells.append((shared[int(c.find("m:v", ns).text)], fmt))
                    else:
                        v = c.find("m:v", ns)
                        cells.append((None if v is None else float(v.text), fmt))
                rows.append(cells)
            out[sheet.get("name")] = rows
    return out


def test_xlsx_has_a_sheet_per_section_with_rate_and_date_formats(hand: Cli, tmp_path):
    out = tmp_path / "monthly.xlsx"
    hand.ok("report", "monthly", "--month", "2026-10", "-o", out)  # the extension says the format
    assert out.stat().st_mode & 0o777 == 0o600
    book = read_xlsx(out)
    assert list(book)[:3] == ["Key figures", "Trends over the last 12 months", "Customer requests and callbacks"]
    assert list(book)[-2:] == ["Households and staff", "Notes"]
    urgent = next(r for r in book["Key figures"] if r[0][0] == "Urgent repairs on time")
    assert [v for v, _ in urgent[1:]] == [pytest.approx(2 / 3), 2, 3, 0.0, 0, 1, 66.7]
    assert urgent[1][1] == "0.0%" and urgent[4][1] == "0.0%" and urgent[2][1] == "General"
    survey = next(
        r for r in book["Trends over the last 12 months"] if r[0][0] == "Survey return rate" and r[1][0] == "2026-06"
    )
    assert [v for v, _ in survey[2:]] == [0.4, 4, 10] and survey[2][1] == "0.0%"
    notices = book["Notices"]
    emergency = next(r for r in notices if r and r[0][0] == "JM01" and len(r) > 2 and r[1][1] == "yyyy-mm-dd")
    # 2026-10-15 as an Excel serial date: days since 1899-12-30
    from datetime import date

    assert emergency[1][0] == (date(2026, 10, 15) - date(1899, 12, 30)).days


def test_xlsx_needs_a_file(hand: Cli):
    r = hand.fails("report", "monthly", "--month", "2026-10", "-f", "xlsx")
    assert "--output" in r.stderr


def test_table_format_lines_up_the_columns(hand: Cli):
    from commscli.render import display_width

    out = hand.ok("report", "monthly", "--month", "2026-10", "-f", "table", "--lang", "zh").stdout
    lines = out.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.startswith("项目") and "本月" in ln)
    rows = lines[head : head + 9]
    assert "|" not in "".join(rows) and "**" not in out
    # this month's value starts where the header's 本月 does (a Chinese character counts two cells)
    col = display_width(rows[0][: rows[0].index("本月")])
    urgent = next(r for r in rows if r.startswith("特急维修到场及时率"))
    assert display_width(urgent[: urgent.index("66.7%")]) == col


def test_json_keys_are_the_ones_the_readme_documents(hand: Cli):
    data = hand.json("report", "monthly", "--month", "2026-10")
    assert set(data) == {
        "kind", "title", "period", "generated_at", "offices", "key_figures", "trends", "sections", "notes", "due"
    }  # fmt: skip
    assert set(data["key_figures"][0]) == {"key", "value", "numerator", "denominator", "previous", "change"}
    assert set(data["key_figures"][0]["previous"]) == {"value", "numerator", "denominator"}
    assert set(data["trends"][0]) == {"key", "points"}
    assert set(data["trends"][0]["points"][0]) == {"month", "value", "numerator", "denominator"}
    assert set(data["notes"][0]) == {"key", "params", "level"}
    readme = (__import__("pathlib").Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for key in ("`key_figures[]`", "`trends[]`", "`previous`", "`change`", "`points[]`"):
        assert key in readme


def test_a_month_whose_done_callbacks_are_all_ungraded_reports_satisfaction_as_nothing_to_count(cli: Cli):
    """SUM over callbacks none of which is graded is NULL in SQL: the report says — (0/0), it does not fail."""
    conn = sqlite3.connect(cli.db)
    callback(conn, "2026-10-12", None)
    conn.commit()
    conn.close()
    data = cli.json("report", "monthly", "--month", "2026-10")
    satisfaction = next(k for k in data["key_figures"] if k["key"] == "fig.satisfaction")
    assert rate(satisfaction) == (0, 0) and satisfaction["value"] is None


def test_a_chart_with_a_rate_above_100_percent_scales_up_to_it():
    """Visits beyond their quota (5/4): the axis runs to 125 %, so that point is at the top, not off the chart."""
    from commscli.charts import CHART, trend_svg
    from commscli.domain.reports import Rate, Trend

    svg = ET.fromstring(
        str(trend_svg(Trend("fig.visits_quota", ["2026-09", "2026-10"], [Rate(2, 4), Rate(5, 4)]), "t"))
    )
    ns = "{http://www.w3.org/2000/svg}"
    ys = [float(c.get("cy")) for c in svg.findall(f"{ns}circle")]
    assert ys == [pytest.approx(CHART.top + (1 - 0.5 / 1.25) * CHART.plot_height, abs=0.01), CHART.top]
    assert "125%" in [t.text for t in svg.findall(f"{ns}text")]


def test_the_text_trends_fit_an_80_column_terminal(hand: Cli):
    from rich.cells import cell_len

    out = hand.ok("report", "monthly", "--month", "2026-10", "--lang", "zh").stdout
    block = out[out.index("近 12 个月趋势") :].split("\n\n")[0].splitlines()
    assert block[1].split() == ["11", "12", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    assert all(cell_len(line) <= 80 for line in block), block
    returns = next(line for line in block if line.lstrip().startswith("满意度调查回收率"))
    assert returns.split()[8] == "40"  # 2026-06: 4 of 10 returned (whole percent; the parts are in csv/xlsx/json)
