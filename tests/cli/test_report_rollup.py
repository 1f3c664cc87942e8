"""The company rollup (issue 15): `report monthly --db a.db --db b.db …` or `--stores DIR` reads every office store
read-only, shows the offices side by side with a total, and names the stores it could not read (exit 1)."""

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from commscli.store.migrations import migrations
from tests.conftest import Cli, dump, frozen_env

REPLIED = (
    ("resolve", ("--note", "已处理"), "2026-11-10T10:00"),
    ("reply", ("--method", "phone", "--text", "已处理"), "2026-11-10T11:00"),
)

# office → (complaints, of them replied, repairs) in November 2026
PLAN = {"JM01": (2, 1, 1), "JM02": (1, 1, 0), "JM03": (3, 1, 2)}


def _ticket(c: Cli, env, office: str, kind: str, when: str, steps=()):
    r = c.ok(
        "ticket", "new", "--kind", kind, "--office", office, "--building", "1栋", "--room", "101", "-d", "测试",
        "--at", when, "--json", env=env,
    )  # fmt: skip
    tid = json.loads(r.stdout)["id"]
    for action, args, at in steps:
        c.ok("ticket", action, tid, *args, "--at", at, env=env)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A folder with three office stores built through the CLI (one office each, PLAN's November tickets)."""
    folder = tmp_path_factory.mktemp("rollup")
    env = frozen_env(folder)
    for n, (office, (complaints, replied, repairs)) in enumerate(PLAN.items()):
        c = Cli(folder / f"{chr(ord('a') + n)}.db")
        c.ok("db", "init", env=env)
        c.ok("office", "add", office, "--name", f"第{n + 1}物业服务中心", "--buildings", "1栋", env=env)
        c.ok("household", "add", "--office", office, "--building", "1栋", "--room", "101", env=env)
        for i in range(complaints):
            _ticket(c, env, office, "complaint", f"2026-11-09T09:{i:02d}", REPLIED if i < replied else ())
        for i in range(repairs):
            _ticket(c, env, office, "repair", f"2026-11-09T10:{i:02d}")
    return folder


@pytest.fixture
def stores(built, tmp_path) -> Path:
    """A private copy of the three stores (a.db b.db c.db)."""
    folder = tmp_path / "stores"
    shutil.copytree(built, folder)
    return folder


def state(path: Path):
    """Everything a reader could change: the rows, the file's bytes, size and mtime, and the -wal's content."""
    st = os.stat(path)
    wal = Path(f"{path}-wal")
    return dump(path), path.read_bytes(), st.st_size, st.st_mtime_ns, wal.read_bytes() if wal.exists() else b""


def rollup(stores: Path, *args, names=("a", "b", "c")):
    c = Cli(stores / "a.db")
    return c(
        "report", "monthly", "--month", "2026-11", *args, *(x for n in names for x in ("--db", stores / f"{n}.db")),
        db=False,
    )  # fmt: skip


def section(data: dict, key: str = "section.tickets") -> dict:
    return next(s for s in data["sections"] if s["key"] == key)


def test_the_rollup_totals_the_offices_from_summed_parts_and_leaves_every_store_unchanged(stores):
    paths = [stores / f"{n}.db" for n in "abc"]
    before = [state(p) for p in paths]
    r = rollup(stores, "--json")
    assert r.exit_code == 0, r.stderr
    assert [state(p) for p in paths] == before, "a store changed"
    data = json.loads(r.stdout)
    assert data["offices"] == ["JM01", "JM02", "JM03"]
    s = section(data)
    figs = {f["key"]: f for f in s["figures"] if f["office"] == ""}
    # by hand from PLAN: complaints 2 + 1 + 3 = 6, replied 1 + 1 + 1 = 3; tickets 3 + 1 + 5 = 9
    assert figs["fig.tickets"]["value"] == 9
    replied = figs["fig.complaints_replied"]
    assert (replied["numerator"], replied["denominator"]) == (3, 6)
    assert replied["value"] == pytest.approx(0.5)  # not the mean of 50 %, 100 % and 33.3 % (61.1 %)
    table = s["tables"][0]
    assert table["key"] == "table.by_office" and table["columns"][0] == "col.office"
    rows = {r[0]: dict(zip(table["columns"][1:], r[1:], strict=False)) for r in table["rows"]}
    assert list(rows) == ["JM01", "JM02", "JM03", "rollup.total"]
    assert [rows[o]["fig.tickets"] for o in rows] == [3, 1, 5, 9]
    assert rows["JM03"]["fig.complaints_replied"] == {"rate": 1 / 3, "numerator": 1, "denominator": 3}
    assert rows["rollup.total"]["fig.complaints_replied"] == {"rate": 0.5, "numerator": 3, "denominator": 6}


def test_every_total_rate_of_the_rollup_is_the_sum_of_the_single_store_parts(stores):
    data = json.loads(rollup(stores, "--json").stdout)
    singles = [Cli(stores / f"{n}.db").json("report", "monthly", "--month", "2026-11") for n in "abc"]
    checked = 0
    for s in data["sections"]:
        for f in s["figures"]:
            parts = [g for one in singles for t in one["sections"] if t["key"] == s["key"] for g in t["figures"]]
            parts = [g for g in parts if g["key"] == f["key"] and g["office"] == ""]
            if f["denominator"] is not None:
                assert f["numerator"] == sum(g["numerator"] for g in parts), f["key"]
                assert f["denominator"] == sum(g["denominator"] for g in parts), f["key"]
                checked += 1
            else:
                assert f["value"] == sum(g["value"] for g in parts), f["key"]
    assert checked > 5
    keyed = {k["key"]: k for k in data["key_figures"]}
    assert (keyed["fig.complaints_closed"]["denominator"]) == 6


def old_store(path: Path):
    db = Database(str(path))
    migrations.apply(db, stop_before="m002_calendar")
    db.conn.commit()
    db.close()


def test_an_old_store_and_a_garbage_file_are_named_and_the_rest_reported(stores):
    old_store(stores / "old.db")
    (stores / "junk.db").write_bytes(b"this is not a database\n" * 200)
    before = [state(stores / f"{n}.db") for n in ("a", "b", "c", "old")]
    r = rollup(stores, "--json", names=("a", "old", "b", "junk", "c"))
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert [state(stores / f"{n}.db") for n in ("a", "b", "c", "old")] == before
    data = json.loads(r.stdout)
    assert data["offices"] == ["JM01", "JM02", "JM03"]
    assert {f["key"]: f["value"] for f in section(data)["figures"]}["fig.tickets"] == 9
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 2, r.stderr
    old_line = next(x for x in lines if "old.db" in x)
    assert "older" in old_line and "commscli db init" in old_line
    assert any("junk.db" in x and "not a commscli store" in x for x in lines), lines
    notes = [n for n in data["notes"] if n["key"] == "note.store_left_out"]
    assert [Path(n["params"]["store"]).name for n in notes] == ["old.db", "junk.db"]
    assert all(n["level"] == "problem" for n in notes)


def test_a_missing_store_is_named_and_the_rest_reported(stores):
    r = rollup(stores, names=("a", "gone", "b", "c"))
    assert r.exit_code == 1
    assert "gone.db" in r.stderr and len([x for x in r.stderr.splitlines() if x.strip()]) == 1
    assert "gone.db" in r.stdout.split("\n--\n")[-1]  # the footnotes name it too
    assert "JM03" in r.stdout


def test_stores_reads_every_db_of_a_folder_in_name_order(stores):
    (stores / "notes.txt").write_text("not a store")
    a = json.loads(Cli(stores / "a.db")("report", "monthly", "--month", "2026-11", "--stores", stores, "--json",
                                         db=False).stdout)  # fmt: skip
    b = json.loads(rollup(stores, "--json").stdout)
    assert a["sections"] == b["sections"] and a["key_figures"] == b["key_figures"]
    read = next(n for n in a["notes"] if n["key"] == "note.rollup_stores")
    assert read["params"]["count"] == 3


def test_stores_must_be_a_folder_with_stores(tmp_path):
    c = Cli(tmp_path / "x.db")
    r = c.fails("report", "monthly", "--stores", tmp_path / "nowhere", db=False)
    assert "--stores" in r.stderr
    (tmp_path / "empty").mkdir()
    r = c.fails("report", "monthly", "--stores", tmp_path / "empty", db=False)
    assert "--stores" in r.stderr and "*.db" in r.stderr


def test_a_rollup_takes_no_office(stores):
    r = Cli(stores / "a.db").fails("report", "monthly", "--office", "JM01", "--stores", stores, db=False)
    assert "--office" in r.stderr


@pytest.mark.parametrize("fmt", ["text", "table", "md", "html", "csv"])
def test_every_format_shows_the_offices_side_by_side_with_a_total(stores, fmt):
    r = rollup(stores, "-f", fmt, names=("a", "b", "c", "gone"))
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    out = r.stdout
    for office in PLAN:
        assert office in out
    assert "Total" in out and "50.0%" in out and "gone.db" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        total = next(x for x in rows if "Total" in x and "Figures per office" in x)
        assert "50.0%" in total


def test_the_rollup_as_xlsx(stores, tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "rollup.xlsx"
    r = rollup(stores, "-f", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    book = CalamineWorkbook.from_path(str(out))
    cells = [c for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for c in row]
    assert "JM03" in cells and "Total" in cells


def test_one_db_given_twice_is_read_once(stores):
    r = rollup(stores, "--json", names=("a", "a", "b"))
    assert r.exit_code == 0
    assert {f["key"]: f["value"] for f in section(json.loads(r.stdout))["figures"]}["fig.tickets"] == 4


def test_the_same_office_code_in_two_stores_is_told_apart_by_its_store(stores, tmp_path):
    shutil.copy(stores / "a.db", stores / "a2.db")
    r = rollup(stores, "--json", names=("a", "a2"))
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["offices"] == ["a:JM01", "a2:JM01"]
    table = section(data)["tables"][0]
    assert [row[0] for row in table["rows"]] == ["a2:JM01", "a:JM01", "rollup.total"]  # by code, as present sorts


def test_a_rollup_in_chinese(stores):
    r = rollup(stores, "--lang", "zh", names=("a", "b", "gone"))
    assert r.exit_code == 1
    assert "合计" in r.stdout and "未纳入汇总" in r.stdout


def test_a_single_db_is_the_plain_report(stores):
    c = Cli(stores / "a.db")
    data = c.json("report", "monthly", "--month", "2026-11")
    assert not [n for n in data["notes"] if n["key"].startswith(("note.rollup", "note.store_left"))]
    assert all(t["key"] != "table.by_office" for s in data["sections"] for t in s["tables"])


def test_sqlite_file_without_tables_is_named(stores):
    sqlite3.connect(str(stores / "blank.db")).execute("CREATE TABLE t (x)").connection.close()
    r = rollup(stores, names=("a", "blank"))
    assert r.exit_code == 1 and "blank.db" in r.stderr


def test_a_damaged_store_is_named_and_the_rest_reported(stores):
    damaged = stores / "damaged.db"
    shutil.copy(stores / "c.db", damaged)
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[2 * page :] = b"\xff" * (len(data) - 2 * page)  # every page after the second: the tables' rows and indexes
    damaged.write_bytes(bytes(data))
    r = rollup(stores, "--json", names=("a", "damaged", "b"))
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    assert "damaged.db" in r.stderr and len([x for x in r.stderr.splitlines() if x.strip()]) == 1
    data = json.loads(r.stdout)
    assert data["offices"] == ["JM01", "JM02"]
    assert [Path(n["params"]["store"]).name for n in data["notes"] if n["key"] == "note.store_left_out"] == [
        "damaged.db"
    ]


def test_rollup_as_a_plain_function():
    """Two stores' sections: the same office code in both is told apart; the total row is the summed parts."""
    from commscli.domain.reports import Figure, Rate, Report, Section, Table
    from commscli.sections import rollup as roll

    def part(counts, rate, store_row):
        raw = Section(
            "section.x",
            [Figure("fig.n", counts, "JM01"), Figure("fig.r", rate, "JM01")],
            [Table("table.t", ["col.office", "col.count"], [["JM01", store_row]], keys=1)],
        )
        return Report("monthly", "report.monthly", "2026-10", "now", offices=["JM01"]), [raw]

    a, b = part(3, Rate(1, 2), 5), part(4, Rate(2, 2), 7)
    rep = roll([("a", *a), ("b", *b)], [("gone.db", "missing")], "2026-10", "now")
    (s,) = rep.sections
    assert {f.key: f.value for f in s.figures} == {"fig.n": 7, "fig.r": Rate(3, 4)}  # 75 %, not (50 % + 100 %) / 2
    by_office, t = s.tables
    assert by_office.rows == [["a:JM01", 3, Rate(1, 2)], ["b:JM01", 4, Rate(2, 2)], ["rollup.total", 7, Rate(3, 4)]]
    assert t.rows == [["a:JM01", 5], ["b:JM01", 7]]
    assert rep.offices == ["a:JM01", "b:JM01"]
    assert [(n.key, n.level) for n in rep.notes] == [("note.rollup_stores", "info"), ("note.store_left_out", "problem")]
    empty = roll([], [("gone.db", "missing")], "2026-10", "now")
    assert empty.sections == [] and empty.period == "2026-10" and len(empty.notes) == 2
