"""Every import goes through the one loop of io/importer.py (issue 9): households, staff, tickets, calendar
days, the company's visit list and visit records (issue 16).

All or nothing by default: one bad row is one error line naming its row, file line and column, and the
store is unchanged. ``--skip-bad`` writes the good rows, lists every skipped one and exits 3. The result
has one shape (the same JSON keys) for the five, and a re-import of the same file writes nothing, not even
an event. The ``office`` fixture: office JM01, household 1栋/101 (occupied), engineer 刘强.
"""

import json

import pytest

from tests.conftest import dump, events

VISIT = ("visit", "plan", "--month", "2026-12", "--company", "--by", "肖琳", "--file")

# name → (command, a file with good rows and bad ones, [(row, line, column named)] of the bad ones,
#         the good rows' count, the table the rows go to)
IMPORTS = {
    "household": (
        ("household", "import"),
        "office,building,room,kind\nJM01,2栋,101,owner\nJM01,2栋,102,landlord\nJM01,2栋,103,租户\nJM09,2栋,104,owner\n",
        [(2, 3, "kind"), (4, 5, "office")],
        2,
        "households",
    ),
    "staff": (
        ("staff", "import"),
        "管理处,姓名,岗位\nJM01,赵六,clerk\nJM01,钱七,boss\nJM01,孙八,客服\n",
        [(2, 3, "role")],
        2,
        "staff",
    ),
    "ticket": (
        ("ticket", "import"),
        "管理处,楼栋,房号,类型,内容,报告时间\nJM01,1栋,101,咨询,停车,2026-10-08 09:00\n"
        "JM01,1栋,101,抱怨,噪音,2026-10-08 10:00\nJM01,1栋,101,咨询,门禁,2026-10-32 09:00\n"
        "JM01,1栋,101,建议,绿化,2026-10-09 09:00\n",
        [(2, 3, "kind"), (3, 4, "reported_at")],
        2,
        "tickets",
    ),
    "calendar": (
        ("calendar", "import"),
        "date,kind,name\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-02-06,班,春节调休\n2027-02-08,半天,\n",
        [(2, 3, "date"), (4, 5, "kind")],
        2,
        "calendar_days",
    ),
    "visit": (
        VISIT,
        "楼栋,房号\n1栋,101\n9栋,999\n1栋,\n",
        [(2, 3, "household"), (3, 4, "room")],
        1,
        "visit_plan_items",
    ),
    "visit_records": (
        ("visit", "import"),
        "管理处,楼栋,房号,访问人,访问方式,访问时间\nJM01,1栋,101,刘强,来访,2026-11-02 10:00\n"
        "JM01,1栋,101,赵六,来访,2026-11-03 10:00\nJM01,1栋,101,刘强,来访,2026-11-32 10:00\n"
        "JM01,1栋,101,刘强,中心,2026-11-05 10:00\n",
        [(2, 3, "visitors"), (3, 4, "started_at")],
        2,
        "visits",
    ),
}
KEYS = {
    "file",
    "encoding",
    "sha256",
    "rows",
    "inserted",
    "existing",
    "skipped",
    "first_id",
    "last_id",
    "run_by",
    "changed",
    "updated",
    "ignored_columns",
}


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(text.encode(encoding))
    return path


def good_only(name: str) -> str:
    """The file without its bad rows."""
    _, text, bad, _, _ = IMPORTS[name]
    lines = text.splitlines()
    drop = {line - 1 for _, line, _ in bad}
    return "\n".join(line for i, line in enumerate(lines) if i not in drop) + "\n"


@pytest.mark.parametrize("name", IMPORTS)
def test_a_bad_row_refuses_the_file_naming_row_line_and_column(office, unchanged, tmp_path, name):
    command, text, bad, _, _ = IMPORTS[name]
    row, line, column = bad[0]
    with unchanged():
        r = office.fails(*command, write(tmp_path, name, text))
    assert f"row {row} (line {line})" in r.stderr and f"{column}=" in r.stderr, r.stderr


@pytest.mark.parametrize("name", IMPORTS)
def test_skip_bad_writes_the_good_rows_lists_every_skipped_one_and_exits_3(office, tmp_path, name):
    command, text, bad, good, table = IMPORTS[name]
    r = office(*command, write(tmp_path, name, text), "--skip-bad", "--json")
    assert r.exit_code == 3, (r.exit_code, r.stdout, r.stderr)
    out = json.loads(r.stdout)
    assert set(out) == KEYS
    assert (out["rows"], out["inserted"], out["existing"]) == (good + len(bad), good, 0)
    assert [(s["row"], s["line"]) for s in out["skipped"]] == [(row, line) for row, line, _ in bad]
    for s, (_, _, column) in zip(out["skipped"], bad, strict=True):
        assert s["error"].startswith(f"{column}="), s
    assert len(events(office, record_table=table, action="import")) == 1


@pytest.mark.parametrize("name", IMPORTS)
def test_skip_bad_in_text_names_every_skipped_row_on_stderr(office, tmp_path, name):
    command, text, bad, good, _ = IMPORTS[name]
    r = office(*command, write(tmp_path, name, text), "--skip-bad")
    assert r.exit_code == 3, (r.exit_code, r.stdout, r.stderr)
    assert (
        f"{name}.csv: {good + len(bad)} rows (utf-8): {good} added, 0 already recorded, {len(bad)} skipped" in r.stdout
    )
    skipped = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(skipped) == len(bad), r.stderr
    for got, (row, line, column) in zip(skipped, bad, strict=True):
        assert got.startswith(f"skipped row {row} (line {line}): {column}="), got


@pytest.mark.parametrize("name", IMPORTS)
def test_skip_bad_on_a_clean_file_exits_0(office, tmp_path, name):
    command, _, _, good, _ = IMPORTS[name]
    out = office.json(*command, write(tmp_path, name, good_only(name)), "--skip-bad")
    assert (out["inserted"], out["skipped"]) == (good, [])


def test_the_five_imports_print_one_result_shape(office, tmp_path):
    shapes = {}
    for name, (command, _, _, good, _) in IMPORTS.items():
        path = write(tmp_path, name, good_only(name), "gb18030")
        out = office.json(*command, path)
        assert (out["file"], out["encoding"], out["rows"], out["inserted"], out["existing"], out["skipped"]) == (
            path.name,
            "gb18030",
            good,
            good,
            0,
            [],
        )
        assert len(out["sha256"]) == 64 and out["run_by"] == ("肖琳" if name == "visit" else "tester")  # --by
        shapes[name] = set(out)
    assert all(keys == KEYS for keys in shapes.values()), shapes


@pytest.mark.parametrize("name", [n for n in IMPORTS if n != "visit"])
def test_a_reimport_writes_nothing_not_even_an_event(office, tmp_path, name):
    command, _, _, good, table = IMPORTS[name]
    path = write(tmp_path, name, good_only(name))
    first = office.json(*command, path)
    assert first["inserted"] == good and first["first_id"] is not None and first["last_id"] is not None
    before = dump(office.db)
    again = office.json(*command, path)
    assert (again["rows"], again["inserted"], again["existing"], again["first_id"]) == (good, 0, good, None)
    assert dump(office.db) == before
    ev = events(office, record_table=table, action="import")
    assert len(ev) == 1
    after = json.loads(ev[0]["after"])
    assert {k: after[k] for k in ("file", "rows", "inserted", "existing", "skipped", "run_by")} == {
        "file": path.name,
        "rows": good,
        "inserted": good,
        "existing": 0,
        "skipped": 0,
        "run_by": "tester",
    }
    assert (after["sha256"], after["first_id"], after["last_id"]) == (
        first["sha256"],
        first["first_id"],
        first["last_id"],
    )
