"""report monthly as a manager reads it (issue 15): the default month, the order of the sections, the store's
warnings in a footnote."""

import pytest

from tests.conftest import Cli


@pytest.mark.parametrize(
    "now, month",
    [
        ("2026-11-30T23:59:00+08:00", "2026-10"),
        ("2026-12-01T00:00:00+08:00", "2026-11"),  # the first minute of December reports November
        ("2027-01-01T08:00:00+08:00", "2026-12"),  # January reports the December before
    ],
)
def test_the_default_month_is_the_one_before_now(cli: Cli, monkeypatch, now, month):
    monkeypatch.setenv("COMMSCLI_NOW", now)
    assert cli.json("report", "monthly")["period"] == month


def test_sections_in_reading_order_with_the_registry_last(cli: Cli):
    keys = [s["key"] for s in cli.json("report", "monthly", "--month", "2026-10")["sections"]]
    assert keys[:4] == ["section.tickets", "section.tasks", "section.visits", "section.notices"]
    assert keys[-1] == "section.registry"


def test_reading_order_puts_a_section_it_does_not_know_before_the_registry():
    from commscli.sections import reading_order

    names = ["commscli.sections.registry", "commscli.sections.tickets", "commscli.sections.box", "x.meetings"]
    assert reading_order(names) == [
        "commscli.sections.tickets",
        "x.meetings",
        "commscli.sections.box",
        "commscli.sections.registry",
    ]


def test_a_missing_holiday_year_is_a_footnote_not_part_of_a_section(cli: Cli):
    data = cli.json("report", "monthly", "--month", "2026-10")
    assert all(not s["notes"] for s in data["sections"])
    notes = {n["key"]: n for n in data["notes"]}
    assert notes["note.calendar_missing"]["params"] == {"year": 2027}
    out = cli.ok("report", "monthly", "--month", "2026-10", "--lang", "zh").stdout
    footnotes = out.rstrip().splitlines()[-2:]
    assert "2027 年节假日安排未载入" in footnotes[0] and "2026 年节假日安排已载入" in footnotes[1]
    html = cli.ok("report", "monthly", "--month", "2026-10", "-f", "html").stdout
    assert '<footer class="notes">' in html and html.index("Households and staff") < html.index(
        '<footer class="notes">'
    )
