"""commscli calendar: is-workday, add, list, set, import — and the once-only warning for uncovered years."""

import json
import sqlite3

import pytest

from tests.conftest import events


def calendar_rows(cli):
    conn = sqlite3.connect(str(cli.db))
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM calendar_days ORDER BY date")]
    conn.close()
    return rows


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("warning:")]


SCHEDULE_2027 = [  # part of what the State Council's notice for 2027 could say
    ("2027-01-01", "休", "元旦"),  # a Friday
    ("2027-02-06", "班", "春节调休"),  # a Saturday made a working day
    ("2027-02-08", "休", "春节"),  # a Monday off
    ("2027-02-09", "休", "春节"),
]


def schedule(tmp_path, encoding="utf-8", header=("date", "kind", "name"), rows=SCHEDULE_2027, name="cal2027.csv"):
    path = tmp_path / name
    text = "\r\n".join(",".join(r) for r in [header, *rows]) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


# --- is-workday ---------------------------------------------------------------------------


def test_is_workday_make_up_saturday(cli):
    r = cli.ok("calendar", "is-workday", "2026-10-10")
    assert r.stdout.strip() == "2026-10-10\tworkday\t国庆节调休"
    assert r.stderr == ""


def test_is_workday_exits_1_on_a_holiday_without_an_error_line(cli):
    r = cli("calendar", "is-workday", "2026-10-01")
    assert r.exit_code == 1
    assert r.stdout.strip() == "2026-10-01\tnot a workday\t国庆节"
    assert "error" not in r.stderr


def test_is_workday_json(cli):
    assert cli.json("calendar", "is-workday", "2026-09-20") == {
        "date": "2026-09-20",
        "workday": True,
        "name": "国庆节调休",
        "source": "statutory",
        "weekday": 7,
    }
    r = cli("calendar", "is-workday", "2026-09-26", "--json")
    assert r.exit_code == 1
    assert json.loads(r.stdout) == {
        "date": "2026-09-26",
        "workday": False,
        "name": "中秋节",
        "source": "statutory",
        "weekday": 6,
    }


def test_is_workday_defaults_to_today(cli):
    r = cli.ok("calendar", "is-workday")  # frozen now: Monday 2026-11-23
    assert r.stdout.startswith("2026-11-23\tworkday")
    r = cli("calendar", "is-workday", env={"COMMSCLI_NOW": "2026-11-22T23:30:00+08:00"})  # a Sunday
    assert r.exit_code == 1 and r.stdout.startswith("2026-11-22\tnot a workday")


def test_is_workday_today_is_the_office_day(cli):
    # 2026-11-22T17:00Z is already Monday 01:00 in Shanghai
    r = cli.ok("calendar", "is-workday", env={"COMMSCLI_NOW": "2026-11-22T17:00:00+00:00"})
    assert r.stdout.startswith("2026-11-23\t")


# --- add ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, n, expected",
    [
        ("2026-09-30", "1", "2026-10-08"),
        ("2026-09-24", "1", "2026-09-28"),
        ("2026-10-09", "1", "2026-10-10"),
        ("2026-10-01", "0", "2026-10-01"),
        ("2026-11-23", "10", "2026-12-07"),
    ],
)
def test_add(cli, day, n, expected):
    r = cli.ok("calendar", "add", day, n)
    assert r.stdout.strip() == expected
    assert r.stderr == ""


def test_add_json(cli):
    assert cli.json("calendar", "add", "2026-09-30", "1") == {"from": "2026-09-30", "workdays": 1, "date": "2026-10-08"}


def test_add_a_negative_count(cli):
    """SPEC/issue: `calendar add DATE N`, N may be negative — typed as a user would."""
    assert cli.ok("calendar", "add", "2026-10-08", "-1").stdout.strip() == "2026-09-30"
    assert cli.ok("calendar", "add", "2026-09-28", "-3").stdout.strip() == "2026-09-22"


def test_add_honours_office_days(cli):
    cli.ok("calendar", "set", "2026-10-08", "--holiday", "--name", "停电检修")
    assert cli.ok("calendar", "add", "2026-09-30", "1").stdout.strip() == "2026-10-09"


def test_add_into_2027_warns_once(cli):
    r = cli.ok("calendar", "add", "2026-12-30", "5")
    assert r.stdout.strip() == "2027-01-06"
    warned = warnings(r.stderr)
    assert len(warned) == 1, r.stderr
    assert "2027" in warned[0] and "calendar import" in warned[0]
    assert r.stderr.count("2027") == 1


def test_list_and_is_workday_of_2027_warn_once(cli):
    r = cli.ok("calendar", "list", "--year", "2027", "--all")
    assert len(warnings(r.stderr)) == 1 and "2027" in r.stderr and "calendar import" in r.stderr
    r = cli("calendar", "is-workday", "2027-01-01")
    assert r.exit_code == 0 and len(warnings(r.stderr)) == 1 and "calendar import" in r.stderr


def test_no_warning_inside_covered_years(cli):
    r = cli.ok("calendar", "list", "--year", "2026", "--all")
    assert r.stderr == ""


# --- list ---------------------------------------------------------------------------------


def test_list_2026_has_the_national_day(cli):
    r = cli.ok("calendar", "list", "--year", "2026")
    lines = r.stdout.splitlines()
    assert lines[0] == "Date\tWeekday\tWorkday\tName\tSource"  # people read labels; dates of this year as MM-DD
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    for d in ("10-01", "10-02", "10-03", "10-04", "10-05", "10-06", "10-07"):
        assert rows[d][2:5] == ["no", "国庆节", "statutory"], d
    assert rows["09-20"][1:4] == ["Sun", "yes", "国庆节调休"]
    assert rows["10-10"][1:4] == ["Sat", "yes", "国庆节调休"]
    assert rows["09-25"][3] == "中秋节"
    assert "11-21" not in rows  # an ordinary Saturday is not an exception
    assert "11-23" not in rows
    zh = cli.ok("--lang", "zh", "calendar", "list", "--year", "2026").stdout.splitlines()
    assert zh[0] == "日期\t星期\t工作日\t名称\t来源" and "10-01\t周四\t否\t国庆节\t法定安排" in zh


def test_list_json_and_all(cli):
    days = cli.json("calendar", "list", "--year", "2026")
    national = [d for d in days if d["name"] == "国庆节"]
    assert [d["date"] for d in national] == [f"2026-10-0{i}" for i in range(1, 8)]
    assert all(d["workday"] is False for d in national)
    every = cli.json("calendar", "list", "--year", "2026", "--all")
    assert len(every) == 365


def test_list_shows_office_days(cli):
    cli.ok("calendar", "set", "2026-11-25", "--holiday", "--name", "停电检修")
    days = {d["date"]: d for d in cli.json("calendar", "list", "--year", "2026")}
    assert days["2026-11-25"] == {
        "date": "2026-11-25",
        "workday": False,
        "name": "停电检修",
        "source": "office",
        "weekday": 3,
    }


# --- set ----------------------------------------------------------------------------------


def test_set_a_closure(cli):
    assert cli("calendar", "is-workday", "2026-11-25").exit_code == 0
    before = len(events(cli))
    r = cli.ok("calendar", "set", "2026-11-25", "--holiday", "--name", "停电检修", "--by", "x")
    assert "Date: 11-25" in r.stdout and "Workday: no" in r.stdout
    r = cli("calendar", "is-workday", "2026-11-25")
    assert r.exit_code == 1 and "停电检修" in r.stdout
    assert calendar_rows(cli) == [
        {
            "date": "2026-11-25",
            "workday": 0,
            "name": "停电检修",
            "source": "office",
            "created_at": "2026-11-23T10:00:00+08:00",
            "created_by": "x",
        }
    ]
    new = events(cli)[before:]
    assert len(new) == 1
    e = new[0]
    assert (e["record_table"], e["action"], e["by"]) == ("calendar_days", "set", "x")
    assert json.loads(e["after"]) == {"date": "2026-11-25", "workday": False, "name": "停电检修"}
    assert e["before"] is None


def test_set_a_make_up_workday_and_change_it_again(cli):
    assert cli("calendar", "is-workday", "2026-11-28").exit_code == 1  # a Saturday
    cli.ok(
        "calendar",
        "set",
        "2026-11-28",
        "--workday",
        "--name",
        "盘点",
        "--reason",
        "year-end stock-take",
        "--at",
        "2026-11-23T09:00",
    )
    assert cli("calendar", "is-workday", "2026-11-28").exit_code == 0
    doc = cli.json("calendar", "set", "2026-11-28", "--holiday", "--reason", "cancelled")
    assert doc == {"date": "2026-11-28", "workday": False, "name": "", "source": "office"}
    assert cli("calendar", "is-workday", "2026-11-28").exit_code == 1
    sets = events(cli, record_table="calendar_days", action="set")
    assert [e["reason"] for e in sets] == ["year-end stock-take", "cancelled"]
    assert sets[0]["at"] == "2026-11-23T09:00:00+08:00" and sets[0]["by"] == "tester"
    assert json.loads(sets[1]["before"])["workday"] == 1 and json.loads(sets[1]["before"])["name"] == "盘点"


def test_an_office_day_does_not_cover_a_year(cli):
    cli.ok("calendar", "set", "2027-01-01", "--holiday", "--name", "元旦")
    assert "calendar lacks: 2027" in cli.ok("db", "check").stdout


# --- import -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, header",
    [
        ("utf-8", ("date", "kind", "name")),
        ("utf-8-sig", ("日期", "类型", "名称")),
        ("gb18030", ("日期", "类型", "名称")),
        ("gb18030", ("date", "安排", "节日")),
    ],
)
def test_import_a_2027_schedule(cli, tmp_path, encoding, header):
    assert "calendar lacks: 2027" in cli.ok("db", "check").stdout
    f = schedule(tmp_path, encoding, header)
    doc = cli.json("calendar", "import", f)
    assert {k: doc[k] for k in ("file", "rows", "inserted", "existing", "skipped", "first_id", "last_id")} == {
        "file": "cal2027.csv",
        "rows": 4,
        "inserted": 4,
        "existing": 0,
        "skipped": [],
        "first_id": "2027-01-01",
        "last_id": "2027-02-09",
    }

    r = cli.ok("db", "check")
    assert "calendar lacks: nothing" in r.stdout
    assert cli.json("db", "check")["calendar_missing_years"] == []

    r = cli("calendar", "is-workday", "2027-01-01")
    assert r.exit_code == 1 and "元旦" in r.stdout and r.stderr == ""
    assert cli("calendar", "is-workday", "2027-02-06").exit_code == 0  # the make-up Saturday
    assert cli("calendar", "is-workday", "2027-02-08").exit_code == 1
    assert cli("calendar", "is-workday", "2027-01-04").exit_code == 0  # an ordinary Monday
    r = cli.ok("calendar", "add", "2026-12-30", "5")
    assert r.stdout.strip() == "2027-01-07" and r.stderr == ""  # 01-01 is off now, no warning

    rows = calendar_rows(cli)
    assert [(x["date"], x["workday"], x["name"], x["source"]) for x in rows] == [
        (d, int(k == "班"), n, "import") for d, k, n in SCHEDULE_2027
    ]
    assert {x["created_by"] for x in rows} == {"import:cal2027.csv"}
    imp = events(cli, record_table="calendar_days", action="import")
    assert len(imp) == 1
    after = json.loads(imp[0]["after"])
    assert after["rows"] == 4 and after["years"] == [2027] and after["run_by"] == "tester"
    assert len(after["sha256"]) == 64 and imp[0]["by"] == "import:cal2027.csv"


def test_import_english_kinds_and_slashed_dates(cli, tmp_path):
    f = schedule(tmp_path, rows=[("2027/10/01", "holiday", "国庆节"), ("2027-09-26", "workday", "国庆节调休")])
    cli.ok("calendar", "import", f)
    assert cli("calendar", "is-workday", "2027-10-01").exit_code == 1
    assert cli("calendar", "is-workday", "2027-09-26").exit_code == 0


def test_reimport_is_a_no_op_for_the_days(cli, tmp_path):
    f = schedule(tmp_path)
    cli.ok("calendar", "import", f)
    days = [(x["date"], x["workday"], x["name"]) for x in calendar_rows(cli)]
    cli.ok("calendar", "import", f)
    assert [(x["date"], x["workday"], x["name"]) for x in calendar_rows(cli)] == days


def test_a_day_the_store_holds_already_is_existing_and_not_written_again(cli, tmp_path):
    cli.ok("calendar", "set", "2027-01-01", "--holiday", "--name", "元旦")
    out = cli.json("calendar", "import", schedule(tmp_path))
    assert (out["rows"], out["inserted"], out["existing"], out["first_id"]) == (4, 3, 1, "2027-02-06")
    assert {x["date"]: x["source"] for x in calendar_rows(cli)}["2027-01-01"] == "office"


def test_a_day_the_store_holds_otherwise_is_a_bad_row_naming_the_date(cli, unchanged, tmp_path):
    # the office closed on Monday 2027-01-04 (calendar set); a schedule calling it a workday is refused …
    cli.ok("calendar", "set", "2027-01-04", "--holiday", "--name", "台风停工")
    f = schedule(tmp_path, rows=[*SCHEDULE_2027, ("2027-01-04", "班", "")])
    with unchanged():
        r = cli.fails("calendar", "import", f)
    for word in ("row 5 (line 6)", "date='2027-01-04'", "holiday 台风停工 (office)", "calendar set"):
        assert word in r.stderr, (word, r.stderr)
    # … or skipped with --skip-bad, and the office's day stays as it was set
    out = cli.skipped("calendar", "import", f, "--skip-bad", "--json")
    assert out["inserted"] == 4 and [s["row"] for s in out["skipped"]] == [5]
    assert cli("calendar", "is-workday", "2027-01-04").exit_code == 1
    # the same date twice in one file, with different kinds: the second is refused
    twice = schedule(tmp_path, rows=[("2027-03-01", "休", "x"), ("2027-03-01", "班", "x")], name="twice.csv")
    with unchanged():
        r = cli.fails("calendar", "import", twice)
    assert "row 2 (line 3)" in r.stderr and "date='2027-03-01'" in r.stderr


def test_imported_days_override_the_package(cli, tmp_path):
    f = schedule(tmp_path, rows=[("2026-11-24", "休", "台风停工")], name="typhoon.csv")
    cli.ok("calendar", "import", f)
    assert cli("calendar", "is-workday", "2026-11-24").exit_code == 1


# --- bad input: one line, the field and the value, the store unchanged ------------------------


@pytest.mark.parametrize(
    "args, named",
    [
        (("calendar", "is-workday", "2026-02-30"), ["DATE", "2026-02-30"]),
        (("calendar", "is-workday", "23.11.2026"), ["DATE", "23.11.2026"]),
        (("calendar", "add", "2026-13-01", "1"), ["DATE", "2026-13-01"]),
        (("calendar", "add", "2026-11-23", "99999"), ["N", "99999"]),
        (("calendar", "list", "--year", "99999"), ["--year", "99999"]),
        (("calendar", "list", "--year", "0"), ["--year", "0"]),
        (("calendar", "set", "2026-11-31", "--holiday"), ["DATE", "2026-11-31"]),
        (("calendar", "set", "2026-11-25", "--name", "停电"), ["--workday/--holiday"]),
        (("calendar", "set", "2026-11-25", "--holiday", "--at", "2026-11-24T10:00"), ["--at", "2026-11-24T10:00"]),
        (("calendar", "set", "2026-11-25", "--holiday", "--at", "yesterday"), ["--at", "yesterday"]),
        (("calendar", "set", "2026-11-25", "--holiday", "--by", "x" * 101), ["--by"]),
    ],
)
def test_bad_input(cli, unchanged, args, named):
    with unchanged():  # is-workday exits 2 on an error, so that a cron gate can tell it from a day off
        r = cli.fails(*args)
    for word in named:
        assert word in r.stderr, (word, r.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ("calendar", "add", "2026-11-23", "five"),
        ("calendar", "add", "2026-11-23"),
        ("calendar", "list"),
        ("calendar", "list", "--year", "twenty"),
        ("calendar", "set", "2026-11-25", "--holiday", "--workday", "--sometimes"),
    ],
)
def test_usage_errors_exit_2(cli, unchanged, args):
    with unchanged():
        cli.fails(*args, code=2)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_import_unknown_kind_names_row_and_line(cli, unchanged, tmp_path, encoding):
    rows = [("2027-01-01", "休", "元旦"), ("2027-01-02", "半天", "元旦")]
    f = schedule(tmp_path, encoding, rows=rows)
    with unchanged():
        r = cli.fails("calendar", "import", f)
    for word in ("row 2", "line 3", "kind", "半天", str(f)):
        assert word in r.stderr, (word, r.stderr)


@pytest.mark.parametrize(
    "rows, named",
    [
        ([("2027-01-01", "休", "元旦"), ("2027-02-30", "休", "x")], ["row 2", "line 3", "date", "2027-02-30"]),
        ([("", "休", "元旦")], ["row 1", "line 2", "date"]),
        ([("2027-01-01", "", "元旦")], ["row 1", "line 2", "kind"]),
    ],
)
def test_import_bad_rows(cli, unchanged, tmp_path, rows, named):
    f = schedule(tmp_path, rows=rows)
    with unchanged():
        r = cli.fails("calendar", "import", f)
    for word in named:
        assert word in r.stderr, (word, r.stderr)


def test_import_bad_files(cli, unchanged, tmp_path):
    with unchanged():
        r = cli.fails("calendar", "import", tmp_path / "nope.csv")
    assert "FILE" in r.stderr and "nope.csv" in r.stderr

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with unchanged():
        r = cli.fails("calendar", "import", empty)
    assert "empty.csv" in r.stderr

    wrong = schedule(tmp_path, header=("day", "kind", "name"), name="wrong-header.csv")
    with unchanged():
        r = cli.fails("calendar", "import", wrong)
    assert "header" in r.stderr and "day" in r.stderr

    missing = schedule(tmp_path, header=("date", "name"), rows=[("2027-01-01", "元旦")], name="no-kind.csv")
    with unchanged():
        r = cli.fails("calendar", "import", missing)
    assert "header" in r.stderr and "kind" in r.stderr

    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(128, 256)) * 8)
    with unchanged():
        r = cli.fails("calendar", "import", binary)
    assert "binary.csv" in r.stderr

    with unchanged():
        r = cli.fails("calendar", "import", tmp_path)
    assert "FILE" in r.stderr


def test_a_failed_import_leaves_2027_uncovered(cli, tmp_path):
    f = schedule(tmp_path, rows=[*SCHEDULE_2027, ("2027-03-01", "maybe", "")])
    cli.fails("calendar", "import", f)
    assert "calendar lacks: 2027" in cli.ok("db", "check").stdout
    assert calendar_rows(cli) == []


def test_set_refuses_both_workday_and_holiday(cli, unchanged):
    with unchanged():
        r = cli.fails("calendar", "set", "2026-11-25", "--workday", "--holiday", "--name", "x")
    assert "--workday/--holiday" in r.stderr and "both" in r.stderr
