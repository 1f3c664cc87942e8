"""report monthly with two offices in one store: totals first, then every figure per office (issue 9)."""

import pytest

from tests.conftest import Cli, ticket_new


def ticket(c: Cli, office: str, building: str, room: str, kind: str, when: str, *steps) -> int:
    tid = c.json(
        "ticket",
        "new",
        "--kind",
        kind,
        "--office",
        office,
        "--building",
        building,
        "--room",
        room,
        "-d",
        "测试",
        "--at",
        when,
    )["id"]
    for action, args, at in steps:
        c.json("ticket", action, tid, *args, "--at", at)
    return tid


REPLIED = (
    ("resolve", ("--note", "已处理"), "2026-11-10T10:00"),
    ("reply", ("--method", "phone", "--text", "已处理"), "2026-11-10T11:00"),
)


@pytest.fixture
def two(office, tmp_path):
    """JM01 (household 1栋/101) and JM02 (household A座/101) with November tickets:
    JM01: two complaints, one replied; one repair.  JM02: one complaint, replied."""
    office.ok("office", "add", "JM02", "--name", "翠湖苑物业服务中心", "--buildings", "A座")
    office.ok("household", "add", "--office", "JM02", "--building", "A座", "--room", "101")
    ticket(office, "JM01", "1栋", "101", "complaint", "2026-11-09T09:00", *REPLIED)
    ticket(office, "JM01", "1栋", "101", "complaint", "2026-11-09T09:30")
    ticket(office, "JM01", "1栋", "101", "repair", "2026-11-09T10:00")
    ticket(office, "JM02", "A座", "101", "complaint", "2026-11-09T09:00", *REPLIED)
    return office


def section(data: dict, key: str = "section.tickets") -> dict:
    return next(s for s in data["sections"] if s["key"] == key)


def test_totals_add_up_the_offices_and_rates_come_from_summed_parts(two):
    s = section(two.json("report", "monthly", "--month", "2026-11"))
    figs = {f["key"]: f for f in s["figures"]}
    assert figs["fig.tickets"]["value"] == 4 and figs["fig.tickets"]["office"] == ""
    replied = figs["fig.complaints_replied"]
    # 2 of 3 complaints replied: 66.7 %, not the mean of JM01's 50 % and JM02's 100 %
    assert (replied["numerator"], replied["denominator"]) == (2, 3) and replied["value"] == pytest.approx(2 / 3)


def test_every_per_office_figure_names_its_office(two):
    s = section(two.json("report", "monthly", "--month", "2026-11"))
    table = s["tables"][0]
    assert table["key"] == "table.by_office" and table["columns"][:3] == [
        "col.office",
        "fig.tickets",
        "fig.tickets_open",
    ]
    rows = {r[0]: dict(zip(table["columns"][1:], r[1:], strict=False)) for r in table["rows"]}
    assert set(rows) == {"JM01", "JM02"}
    assert (rows["JM01"]["fig.tickets"], rows["JM02"]["fig.tickets"]) == (3, 1)
    assert rows["JM01"]["fig.complaints_replied"] == {"rate": 0.5, "numerator": 1, "denominator": 2}
    assert rows["JM02"]["fig.complaints_replied"] == {"rate": 1.0, "numerator": 1, "denominator": 1}
    text = two.ok("--lang", "zh", "report", "monthly", "--month", "2026-11").stdout
    assert "各管理处指标" in text and "66.7% (2/3)" in text and "50.0% (1/2)" in text


def test_one_office_shows_no_per_office_table(two):
    s = section(two.json("report", "monthly", "--month", "2026-11", "--office", "JM02"))
    assert "table.by_office" not in [t["key"] for t in s["tables"]]
    figs = {f["key"]: f for f in s["figures"]}
    assert figs["fig.tickets"]["value"] == 1 and figs["fig.complaints_replied"]["numerator"] == 1


def test_the_sla_table_counts_each_repair_by_its_own_verdict(office):
    """Normal repairs of 11-09 09:00 are due by 23:59:59 that day; a high one within 15 minutes."""

    def repair(priority, arrive):
        tid = office.json(*ticket_new("repair", "2026-11-09T09:00", "--priority", priority))["id"]
        office.json("ticket", "dispatch", tid, "--to", "刘强", "--at", "2026-11-09T09:01")
        if arrive:
            office.json("ticket", "arrive", tid, "--at", arrive)

    repair("normal", "2026-11-09T10:00")  # on time
    repair("normal", "2026-11-10T08:00")  # late
    repair("normal", None)  # not arrived (overdue by now)
    repair("high", "2026-11-09T09:30")  # late: due 09:15
    s = section(office.json("report", "monthly", "--month", "2026-11"))
    sla = next(t for t in s["tables"] if t["key"] == "table.sla")
    # priority, repairs, on time, late, not arrived, on-time rate of those decided
    assert sla["rows"] == [
        ["priority.urgent", 0, 0, 0, 0, {"rate": None, "numerator": 0, "denominator": 0}],
        ["priority.high", 1, 0, 1, 0, {"rate": 0.0, "numerator": 0, "denominator": 1}],
        ["priority.normal", 3, 1, 1, 1, {"rate": 0.5, "numerator": 1, "denominator": 2}],
    ]
    listed = office.json("ticket", "list", "--breached")
    assert len(listed) == 2


def test_registry_and_visit_figures_are_per_office_too(two):
    data = two.json("report", "monthly", "--month", "2026-11")
    for key, expected in (
        ("section.registry", {"fig.households": (1, 1), "fig.staff": (1, 0)}),
        ("section.visits", {"fig.visits_refused": (0, 0), "fig.visit_items": (0, 0)}),
    ):
        table = section(data, key)["tables"][0]
        assert table["key"] == "table.by_office"
        rows = {r[0]: dict(zip(table["columns"][1:], r[1:], strict=False)) for r in table["rows"]}
        for fig, (jm01, jm02) in expected.items():
            assert (rows["JM01"][fig], rows["JM02"][fig]) == (jm01, jm02), fig
    occupancy = {r[0]: r[1:] for r in section(data, "section.registry")["tables"][0]["rows"]}
    assert occupancy["JM02"][2] == {"rate": 1.0, "numerator": 1, "denominator": 1}
