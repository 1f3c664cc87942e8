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


def test_a_key_figure_without_a_trend_gets_last_month_from_its_own_section_only(cli: Cli, monkeypatch):
    """A section added later (meetings) offering a key of KEY_FIGURES that has no trend query: the key figure shows,
    and last month's value comes from that one section run for last month — no other section runs twice. The
    section itself comes before the registry."""
    import sys
    import types

    from commscli import sections
    from commscli.domain.reports import Figure, Section

    runs = []

    def monthly_section(store, period, ctx):
        runs.append(period.name)
        return Section("section.meetings", [Figure("fig.minutes_late", period.month, "JM01")])

    fake = types.ModuleType("tests_fake_meetings")
    fake.monthly_section = monthly_section
    fake.due_items = lambda store, day, ctx: []
    monkeypatch.setitem(sys.modules, "tests_fake_meetings", fake)
    monkeypatch.setattr(sections, "SECTIONS", [*sections.SECTIONS, "tests_fake_meetings"])
    ticket_runs = []
    import commscli.sections.tickets as tickets

    real = tickets.monthly_section
    monkeypatch.setattr(tickets, "monthly_section", lambda s, p, c: ticket_runs.append(p.name) or real(s, p, c))

    data = cli.json("report", "monthly", "--month", "2026-10")
    minutes = next(k for k in data["key_figures"] if k["key"] == "fig.minutes_late")
    assert (minutes["value"], minutes["previous"]["value"], minutes["change"]) == (10, 9, 1)
    assert runs == ["2026-10", "2026-09"] and ticket_runs == ["2026-10"]
    keys = [s["key"] for s in data["sections"]]
    assert keys.index("section.meetings") < keys.index("section.registry")
