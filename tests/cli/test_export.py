"""``<group> export`` (issue 16): every group's records to csv, xlsx or json, with the columns its import reads.

Round trip for every group, each with its import (offices, households, staff, calendar days, tickets, visits,
callbacks, appeals, notices, meetings): export from the demo store, import into a fresh store, export again:
the same file.
"""

import csv
import json
import sqlite3

import pytest

from tests.conftest import Cli, frozen_env

GROUPS = {  # command group → (table, count of exported rows in SQL)
    "office": "SELECT COUNT(*) FROM offices",
    "household": "SELECT COUNT(*) FROM households",
    "staff": "SELECT COUNT(*) FROM staff",
    "calendar": "SELECT COUNT(*) FROM calendar_days",
    "ticket": "SELECT COUNT(*) FROM tickets WHERE state != 'cancelled'",
    "callback": "SELECT COUNT(*) FROM callbacks c LEFT JOIN tickets t ON t.id = c.ticket_id"
    " WHERE t.id IS NULL OR t.state != 'cancelled'",
    "visit": "SELECT COUNT(*) FROM visits WHERE state != 'cancelled'",
    "notice": "SELECT COUNT(*) FROM notices",
    "meeting": "SELECT COUNT(*) FROM meetings",
    "appeal": "SELECT COUNT(*) FROM staff_appeals",
}
# in the order a fresh store takes them
# in the order a fresh store takes them
ROUND_TRIP = ("office", "household", "staff", "calendar", "ticket", "visit", "callback", "appeal", "notice", "meeting")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo store, with two days of the calendar set (the demo sets none)."""
    folder = tmp_path_factory.mktemp("export")
    env = frozen_env(folder)
    c = Cli(folder / "demo.db")
    c.ok("demo", "--db", c.db, db=False, env=env)
    c.ok("calendar", "set", "2026-10-08", "--holiday", "--name", "国庆节", env=env)
    c.ok("calendar", "set", "2026-10-10", "--workday", "--name", "国庆节调休", env=env)
    return c


def _sql(db, sql, params=()):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_group_exports_from_the_demo_store_every_row(demo, tmp_path, group, fmt):
    out = tmp_path / f"{group}.{fmt}"
    demo.ok(group, "export", "-o", out)  # the format from the extension
    (n,) = _sql(demo.db, GROUPS[group])[0]
    if fmt == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        assert len(_csv(out)) == n
    elif fmt == "json":
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert len(rows) == n and all(list(r) == list(rows[0]) for r in rows)  # stable keys
    else:
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
        assert len(sheet) == n + 1
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert n > 0 or group == "calendar"


# tickets the import holds as one request: alike in every column it reads (the demo's visits raise the same
# item twice at times)
ALIKE = (
    "SELECT COUNT(*) - (SELECT COUNT(*) FROM (SELECT DISTINCT office_id, household_id, reported_at, kind, description"
    " FROM tickets WHERE state != 'cancelled')) FROM tickets WHERE state != 'cancelled'"
)


def _once(lines: list) -> list:
    """The lines of a file without the repeats of an earlier line."""
    seen, once = set(), []
    for line in lines:
        if line not in seen:
            once.append(line)
        seen.add(line)
    return once


def _fresh(tmp_path) -> Cli:
    c = Cli(tmp_path / "fresh.db")
    c.ok("db", "init")
    return c


@pytest.mark.parametrize("headers", ["en", "zh"])
def test_round_trip_of_every_group_with_an_import_gives_the_same_file(demo, tmp_path, headers):
    fresh = _fresh(tmp_path)
    for group in ROUND_TRIP:
        first, second = tmp_path / f"{group}-1.csv", tmp_path / f"{group}-2.csv"
        demo.ok(group, "export", "--headers", headers, "-o", first)
        assert fresh.json(group, "import", first)["ignored_columns"] == []  # every column known
        fresh.ok(group, "export", "--headers", headers, "-o", second)
        a, b = first.read_text(encoding="utf-8").splitlines(), second.read_text(encoding="utf-8").splitlines()
        if group == "ticket":
            # the demo's visits raise the same item twice at times (household, time, kind and text alike):
            # the import holds such a pair as one request; every other row comes back as it was
            once = _once(a)
            (alike,) = _sql(demo.db, ALIKE)[0]
            assert len(a) - len(once) == alike > 0
            a = once
        assert a == b, group
        assert len(a) > 1
    # the store brought back holds its records as the desk would have left them: db check finds nothing, not
    # even a state without its event (each import's one event stands for its rows), and the month counters agree
    report = json.loads(fresh("db", "check", "--json").stdout)
    assert report["problems"] == [] and report["warnings"] == []
    assert report["consistency"]["month_counters"]["buckets"] == 0


def test_the_visits_brought_back_give_the_monthly_reports_visit_figures(demo, tmp_path):
    """The demo's visits of October (their items, tickets raised at review and feedback given) count the same
    in a fresh store that imported the export: quota, visitors, refusals, lateness, items, tickets, feedback."""
    fresh = _fresh(tmp_path)
    for group in ROUND_TRIP:
        demo.ok(group, "export", "-o", tmp_path / f"{group}.csv")
        fresh.ok(group, "import", tmp_path / f"{group}.csv")

    def visits(c):
        data = c.json("report", "monthly", "--month", "2026-10")
        return next(s for s in data["sections"] if s["key"] == "section.visits")["figures"]

    got = visits(fresh)
    assert got == visits(demo)
    feedback = next(f for f in got if f["key"] == "fig.visit_feedback")
    assert feedback["numerator"] > 0 and next(f for f in got if f["key"] == "fig.visit_tickets")["value"] > 0


def test_a_workbook_export_imports_back_with_its_date_and_time_cells(demo, tmp_path):
    from python_calamine import CalamineWorkbook

    fresh = _fresh(tmp_path)
    for group in ("office", "household", "staff", "ticket", "visit", "callback", "appeal"):
        demo.ok(group, "export", "-o", tmp_path / f"{group}.xlsx")
        demo.ok(group, "export", "-o", tmp_path / f"{group}.csv")
        fresh.ok(group, "import", tmp_path / f"{group}.xlsx")
    for group in ("office", "household", "staff", "visit", "callback", "appeal"):  # a visit's items: lines of one cell
        fresh.ok(group, "export", "-o", tmp_path / f"{group}-again.csv")
        assert (tmp_path / f"{group}-again.csv").read_text() == (tmp_path / f"{group}.csv").read_text()
    sheet = CalamineWorkbook.from_path(str(tmp_path / "ticket.xlsx")).get_sheet_by_index(0).to_python()
    head = sheet[0]
    from datetime import datetime

    assert isinstance(sheet[1][head.index("reported_at")], datetime)  # a date cell, not text
    fresh.ok("ticket", "export", "-o", tmp_path / "ticket-again.csv")
    again = (tmp_path / "ticket-again.csv").read_text().splitlines()
    assert again == _once((tmp_path / "ticket.csv").read_text().splitlines())


def _resident(office, room="201", name="张三", phone="13900139000", *more):
    office.ok(
        *("household", "add", "--office", "JM01", "--building", "2栋", "--room", room),
        *("--name", name, "--phone", phone, *more),
    )


def test_csv_headers_are_the_import_columns_and_zh_headers_import_too(office, tmp_path):
    _resident(office, "201", "张三", "13900139000", "--move-in", "2019/5/1")
    out = tmp_path / "h.csv"
    office.ok("household", "export", "--headers", "zh", "-o", out)
    first = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first == "管理处,楼栋,房号,姓名,电话,类型,用途,入住日期,是否入住,重要客户"
    en = office.ok("household", "export").stdout.lstrip("\ufeff").splitlines()
    assert en[0] == "office,building,room,name,phone,kind,use,move_in,occupied,important"
    assert en[1:] == [
        "JM01,1栋,101,,13800138000,owner,home,,yes,no",
        "JM01,2栋,201,张三,13900139000,owner,home,2019-05-01,yes,no",
    ]
    fresh = _fresh(tmp_path)
    fresh.ok("office", "add", "JM01", "--name", "金茂府物业服务中心", "--buildings", "1栋,2栋")
    fresh.ok("household", "import", out)
    assert fresh.ok("household", "export").stdout.lstrip("\ufeff").splitlines() == en


def test_names_and_phones_are_in_full_unless_mask(office):
    _resident(office)
    full = office.ok("household", "export").stdout
    masked = office.ok("household", "export", "--mask").stdout
    assert "张三,13900139000" in full and "13800138000" in full
    assert "张*,139****9000" in masked and "138****8000" in masked


def test_text_a_spreadsheet_would_run_is_written_safe_and_imported_as_it_was(office, tmp_path):
    _resident(office, "9", "=1+2", "+8613900139000")
    out = tmp_path / "h.csv"
    office.ok("household", "export", "-o", out)
    assert "'=1+2,'+8613900139000" in out.read_text(encoding="utf-8")
    fresh = _fresh(tmp_path)
    office.ok("office", "export", "-o", tmp_path / "o.csv")
    fresh.ok("office", "import", tmp_path / "o.csv")
    fresh.ok("household", "import", out)
    rows = fresh.json("household", "list", "--show-personal")
    assert {(r["name"], r["phone"]) for r in rows} == {(None, "13800138000"), ("=1+2", "+8613900139000")}


TICKETS = [  # reported at → the tickets a period holds (hand-worked: --period is over reported_at, office time)
    "2026-09-30T23:59",
    "2026-10-01T00:00",
    "2026-10-31T23:59",
    "2026-11-01T00:00",
]


@pytest.mark.parametrize(
    "period, expected",
    [
        ("2026-10", ["2026-10-01 00:00", "2026-10-31 23:59"]),
        ("2026-09-30..2026-10-01", ["2026-09-30 23:59", "2026-10-01 00:00"]),
        ("2026/10/31..2026-11-01", ["2026-10-31 23:59", "2026-11-01 00:00"]),
        ("2026-12", []),
    ],
)
def test_period_is_a_month_or_days_over_the_main_time(office, period, expected):
    for at in TICKETS:
        office.ok("ticket", "new", "--kind", "inquiry", "--building", "1栋", "--room", "101", "-d", "停车", "--at", at)
    rows = json.loads(office.ok("ticket", "export", "--period", period, "-f", "json").stdout)
    assert [r["reported_at"][:16].replace("T", " ") for r in rows] == expected


@pytest.mark.parametrize(
    "args, field",
    [
        (("ticket", "export", "--period", "2026-13"), "--period"),
        (("ticket", "export", "--period", "2026-10-31..2026-10-01"), "--period"),
        (("staff", "export", "--period", "2026-10"), "--period"),
        (("ticket", "export", "-f", "xlsx"), "--format"),
        (("ticket", "export", "-f", "pdf"), "--format"),
        (("ticket", "export", "--office", "JM09"), "--office"),
        (("calendar", "export", "--office", "JM01"), "--office"),
        (("ticket", "export", "--headers", "fr"), "--headers"),
    ],
)
def test_bad_options_are_one_error_line_naming_them(office, args, field):
    r = office.fails(*args)
    assert field in r.stderr


def test_office_import_goes_through_the_one_loop(cli, tmp_path):
    f = tmp_path / "o.csv"
    f.write_text("编号,名称,楼栋\nJM02,翠湖苑物业服务中心,A座;B座\n", encoding="utf-8")
    assert cli.json("office", "import", f)["inserted"] == 1
    assert cli.json("office", "import", f)["existing"] == 1  # a re-import changes nothing
    f.write_text("编号,名称,楼栋\nJM02,翠湖苑,A座;B座\n", encoding="utf-8")
    r = cli.skipped("office", "import", f, "--json")
    assert r["changed"][0]["fields"] == {"name": ["翠湖苑物业服务中心", "翠湖苑"]}
    cli.ok("office", "import", f, "--update", "--reason", "更名")
    assert [o["name"] for o in cli.json("office", "list") if o["code"] == "JM02"] == ["翠湖苑"]


def test_notice_and_meeting_workbooks_import_back_as_the_same_records(demo, tmp_path):
    fresh = _fresh(tmp_path)
    for group in ("office", "household", "staff", "calendar"):
        demo.ok(group, "export", "-o", tmp_path / f"{group}.csv")
        fresh.ok(group, "import", tmp_path / f"{group}.csv")
    for group in ("notice", "meeting"):
        demo.ok(group, "export", "-o", tmp_path / f"{group}.xlsx")
        demo.ok(group, "export", "-o", tmp_path / f"{group}.csv")
        assert fresh.json(group, "import", tmp_path / f"{group}.xlsx")["ignored_columns"] == []
        fresh.ok(group, "export", "-o", tmp_path / f"{group}-again.csv")
        assert (tmp_path / f"{group}-again.csv").read_text() == (tmp_path / f"{group}.csv").read_text(), group


# --- what the exports of people and visits hold -------------------------------------------------------


def test_visit_visitors_are_names_and_private_remarks_never_leave(demo):
    rows = json.loads(demo.ok("visit", "export", "-f", "json").stdout)
    (visitors,) = _sql(demo.db, "SELECT visitors FROM visits ORDER BY id LIMIT 1")[0]
    assert rows[0]["visitors"] == [v["name"] for v in json.loads(visitors)]
    assert all("private_remarks" not in r for r in rows)


def test_an_appeal_export_masks_the_employee_with_mask(demo):
    full = json.loads(demo.ok("appeal", "export", "-f", "json").stdout)
    masked = json.loads(demo.ok("appeal", "export", "-f", "json", "--mask").stdout)
    assert masked[0]["staff"] == full[0]["staff"][0] + "*" * (len(full[0]["staff"]) - 1)


# --- the one export function, and the rows read a batch at a time -------------------------------------


def test_the_store_is_read_a_batch_at_a_time_and_written_as_it_comes(office):
    from commscli.io import export as out
    from commscli.store import exports as q
    from commscli.store import open_store

    for room in ("102", "103", "104", "105"):
        office.ok("household", "add", "--office", "JM01", "--building", "1栋", "--room", room)
    store = open_store(office.db, readonly=True)
    try:
        batches = q.batches(store, "households", size=2)
        assert not isinstance(batches, list)  # a generator: nothing read before the writer asks
        seen = []

        def counted():
            for b in batches:
                seen.append(len(b))
                yield b

        import io

        buf = io.StringIO()
        ticks = []
        n = out.write(out.columns((), {}), counted(), "csv", stdout=buf, progress=ticks.append)
    finally:
        store.close()
    assert (n, seen, ticks) == (5, [2, 2, 1], [2, 4, 5])


def test_a_workbook_time_read_back_a_hair_off_its_second_is_that_second():
    from datetime import datetime

    from commscli.io.sheets import cell_text

    assert cell_text(datetime(2026, 10, 9, 9, 30, 4, 999_999)) == "2026-10-09 09:30:05"
    assert cell_text(datetime(2026, 10, 9, 9, 30)) == "2026-10-09 09:30"
    assert cell_text(datetime(2026, 10, 9)) == "2026-10-09"


def test_a_stored_time_is_written_as_offices_type_it():
    from commscli.io.export import local_time

    assert local_time("2026-10-09T09:30:00+08:00") == "2026-10-09 09:30"
    assert local_time("2026-10-09T09:30:05+08:00") == "2026-10-09 09:30:05"
    assert local_time("2026-10-09") == "2026-10-09"


def test_an_export_is_written_whole_or_not_at_all_never_through_a_symlink(office, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "elsewhere.csv"
    target.write_text("kept", encoding="utf-8")
    link = folder / "link.csv"
    link.symlink_to(target)
    assert "symbolic link" in office.fails("household", "export", "-o", link).stderr
    assert target.read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in folder.iterdir()) == ["elsewhere.csv", "link.csv"]  # no temporary file left
