"""The report contract: figures add up across offices and stores (issue 9)."""

import json

import pytest

from commscli.domain.reports import Figure, Rate, Report, Section, Table, merge, present
from commscli.render import Renderer


def test_a_rate_is_its_numerator_and_denominator():
    assert Rate(7, 8).value == 0.875 and Rate(0, 0).value is None
    assert Rate(7, 8) + Rate(1, 4) == Rate(8, 12)
    assert Rate(7, 8).display == "87.5% (7/8)" and Rate(0, 0).display == "— (0/0)"
    fig = Figure("fig.complaints_replied", Rate(7, 8), "JM01")
    assert (fig.numerator, fig.denominator, fig.office) == (7, 8, "JM01")
    assert Figure("fig.tickets", 3).numerator is None


def office_a():
    """Store 1, office JM01: 10 tickets, 7 of 8 complaints replied, the high-priority repairs 3 of 4 on time."""
    return Section(
        "section.tickets",
        figures=[
            Figure("fig.tickets", 10, "JM01"),
            Figure("fig.complaints_replied", Rate(7, 8), "JM01"),
        ],
        tables=[
            Table("table.by_kind", ["col.kind", "col.count"], [["kind.repair", 6], ["kind.complaint", 4]]),
            Table(
                "table.sla",
                ["col.priority", "col.repairs", "col.on_time", "col.on_time_rate"],
                [["priority.high", 4, 3, Rate(3, 4)]],
            ),
        ],
    )


def office_b():
    """Store 2, office JM02: 5 tickets, 1 of 4 complaints replied, 2 of 2 on time."""
    return Section(
        "section.tickets",
        figures=[
            Figure("fig.tickets", 5, "JM02"),
            Figure("fig.complaints_replied", Rate(1, 4), "JM02"),
        ],
        tables=[
            Table("table.by_kind", ["col.kind", "col.count"], [["kind.repair", 3]]),
            Table(
                "table.sla",
                ["col.priority", "col.repairs", "col.on_time", "col.on_time_rate"],
                [["priority.high", 2, 2, Rate(2, 2)]],
            ),
        ],
    )


def test_merge_adds_counts_and_recomputes_rates_from_their_parts():
    both = merge([office_a(), office_b()], office="")
    figs = {f.key: f for f in both.figures}
    assert figs["fig.tickets"].value == 15
    replied = figs["fig.complaints_replied"].value
    # 8 of 12 = 66.7 %, not the mean of 87.5 % and 25 % (56.25 %)
    assert replied == Rate(8, 12) and replied.display == "66.7% (8/12)"
    assert {f.office for f in both.figures} == {""}
    tables = {t.key: t for t in both.tables}
    assert tables["table.by_kind"].rows == [["kind.repair", 9], ["kind.complaint", 4]]
    # 5 of 6 = 83.3 %, not the mean of 75 % and 100 %
    assert tables["table.sla"].rows == [["priority.high", 6, 5, Rate(5, 6)]]


def test_merge_keeps_offices_apart_unless_told_otherwise():
    kept = merge([office_a(), office_b()])
    assert [(f.key, f.office, f.value) for f in kept.figures] == [
        ("fig.tickets", "JM01", 10),
        ("fig.complaints_replied", "JM01", Rate(7, 8)),
        ("fig.tickets", "JM02", 5),
        ("fig.complaints_replied", "JM02", Rate(1, 4)),
    ]
    again = merge([kept, Section("section.tickets", figures=[Figure("fig.tickets", 2, "JM01")])])
    assert [f.value for f in again.figures if f.office == "JM01" and f.key == "fig.tickets"] == [12]


def test_merge_of_reports_merges_their_sections_by_key():
    def report(section, office):
        return Report("monthly", "report.monthly", "2026-10", "2026-11-01T06:00:00+08:00", [section], offices=[office])

    both = merge([report(office_a(), "JM01"), report(office_b(), "JM02")], office="")
    assert both.offices == ["JM01", "JM02"] and len(both.sections) == 1
    assert {f.key: f.value for f in both.sections[0].figures}["fig.complaints_replied"] == Rate(8, 12)


def test_merge_refuses_what_does_not_add_up():
    other = Section("section.tickets", tables=[Table("table.by_kind", ["col.kind", "col.n"], [])])
    with pytest.raises(ValueError, match="table.by_kind"):
        merge([office_a(), other])
    with pytest.raises(ValueError, match="fig.tickets"):
        merge([office_a(), Section("section.tickets", figures=[Figure("fig.tickets", Rate(1, 2), "JM01")])])


def test_present_shows_totals_then_a_row_per_office():
    shown = present(merge([office_a(), office_b()]))
    assert [(f.key, f.office, f.value) for f in shown.figures] == [
        ("fig.tickets", "", 15),
        ("fig.complaints_replied", "", Rate(8, 12)),
    ]
    per_office = shown.tables[0]
    assert per_office.key == "table.by_office" and per_office.keys == 1
    assert per_office.columns == ["col.office", "fig.tickets", "fig.complaints_replied"]
    assert per_office.rows == [["JM01", 10, Rate(7, 8)], ["JM02", 5, Rate(1, 4)]]
    assert [t.key for t in present(office_a()).tables] == ["table.by_kind", "table.sla"]  # one office: no table


def report_of(section):
    return Report(
        "monthly", "report.monthly", "2026-10", "2026-11-01T06:00:00+08:00", [section], offices=["JM01", "JM02"]
    )


def test_rates_render_with_their_parts_in_every_format():
    rep = report_of(present(merge([office_a(), office_b()])))
    r = Renderer(lang="en")
    text = r.report(rep, "text")
    assert "66.7% (8/12)" in text and "  JM01\t10\t87.5% (7/8)\n" in text and "83.3% (5/6)" in text
    assert "| JM02 | 5 | 25.0% (1/4) |" in r.report(rep, "md")
    assert '<td class="num">87.5% (7/8)</td>' in r.report(rep, "html")
    csv_text = r.report(rep, "csv")
    assert "Complaints replied,66.7%,8,12" in csv_text and ",JM01,10,87.5%,7,8" in csv_text
    data = json.loads(r.report(rep, "json"))
    fig = data["sections"][0]["figures"][1]
    assert fig == {
        "key": "fig.complaints_replied",
        "office": "",
        "value": pytest.approx(2 / 3),
        "numerator": 8,
        "denominator": 12,
    }
    assert data["sections"][0]["tables"][0]["rows"][0] == [
        "JM01",
        10,
        {"rate": 0.875, "numerator": 7, "denominator": 8},
    ]
    empty = report_of(Section("section.tickets", figures=[Figure("fig.complaints_replied", Rate(0, 0), "JM01")]))
    assert "— (0/0)" in r.report(empty, "text")


def test_merged_reports_add_their_key_figures_and_trends_by_their_parts():
    """A rollup of two stores: key figures and trend points add numerators and denominators, then the change follows."""
    from commscli.domain.reports import KeyFigure, Trend

    def store(now, before, points, breaches):
        rep = Report("monthly", "report.monthly", "2026-10", "2026-11-01T06:00:00+08:00", [], offices=["JM01"])
        rep.key_figures = [KeyFigure("fig.sla_urgent", now, before), KeyFigure("fig.notice_breaches", *breaches)]
        rep.trends = [Trend("fig.sla_urgent", ["2026-09", "2026-10"], points)]
        return rep

    both = merge(
        [
            store(Rate(2, 3), Rate(0, 1), [Rate(0, 1), Rate(2, 3)], (2, 1)),
            store(Rate(1, 1), Rate(1, 1), [Rate(1, 1), Rate(1, 1)], (0, 3)),
        ]
    )
    sla, breaches = both.key_figures
    assert (sla.value, sla.previous, sla.change) == (Rate(3, 4), Rate(1, 2), 25.0)  # 75 % against 50 %
    assert (breaches.value, breaches.previous, breaches.change) == (2, 4, -2)
    assert both.trends[0].values == [Rate(1, 2), Rate(3, 4)]
