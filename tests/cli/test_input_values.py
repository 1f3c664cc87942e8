"""Hostile and careless input values (issue 8): every one refused with one line naming the option and
the value, a non-zero exit, and the store byte for byte unchanged."""

import pytest

HUGE = "1180591620717411303424"  # 2**70: beyond SQLite's 64-bit integers


# --- ids beyond SQLite's range -----------------------------------------------------------


@pytest.mark.parametrize(
    "args, named",
    [
        (("ticket", "show", HUGE), "TICKET_ID"),
        (("ticket", "arrive", HUGE), "TICKET_ID"),
        (("ticket", "new", "--kind", "咨询", "-d", "x", "--household", HUGE), "--household"),
        (("household", "show", HUGE), "HOUSEHOLD_ID"),
        (("household", "update", HUGE, "--name", "x", "--reason", "r"), "HOUSEHOLD_ID"),
        (("staff", "show", HUGE), "STAFF_ID"),
        (("office", "show", HUGE), "ID"),
        (("office", "update", HUGE, "--name", "x", "--reason", "r"), "OFFICE_ID"),
        (("callback", "show", HUGE), "CALLBACK_ID"),
        (("callback", "sample", "--week", "2026-W47", "--seed", HUGE), "--seed"),
        (("visit", "show", HUGE), "VISIT_ID"),
        (("visit", "record", "--visitors", "刘强", "--household", HUGE), "--household"),
        (("visit", "plan", "--month", "2026-12", "--seed", HUGE), "--seed"),
        (("visit", "plan", "--month", "2026-12", "--company", "--households", HUGE), "--households"),
        (("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--household", HUGE), "--household"),
    ],
)
def test_ids_beyond_64_bits_are_refused_naming_the_option(office, unchanged, args, named):
    with unchanged():
        r = office.fails(*args)
    assert named in r.stderr and HUGE in r.stderr, r.stderr


# --- dates near year 1 or 9999, and out of the policy's span --------------------------------

SPAN = "2000-01-01 to 2031-11-23"  # policy time_earliest .. now (2026-11-23) + time_years_ahead (5)


@pytest.mark.parametrize(
    "args, named, value",
    [
        (("calendar", "add", "9999-12-30", "5"), "DATE", "9999-12-30"),
        (("calendar", "is-workday", "0001-01-01"), "DATE", "0001-01-01"),
        (("calendar", "set", "9999-12-31", "--holiday"), "DATE", "9999-12-31"),
        (
            ("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--move-in", "9999-12-31"),
            "--move-in",
            "9999-12-31",
        ),
        (("household", "update", "1", "--move-in", "1999-12-31", "--reason", "typo"), "--move-in", "1999-12-31"),
        (("report", "due", "--date", "9999-12-31"), "--date", "9999-12-31"),
        (("report", "monthly", "--month", "9999-12"), "--month", "9999-12"),
        (
            ("ticket", "new", "--kind", "咨询", "-d", "x", "--household", "1", "--at", "0001-01-01"),
            "--at",
            "0001-01-01",
        ),
        (
            ("ticket", "new", "--kind", "报修", "-d", "x", "--household", "1", "--agreed", "2031-11-24 09:00"),
            "--agreed",
            "2031-11-24",
        ),
        (("ticket", "list", "--month", "1999-12"), "--month", "1999-12"),
        (("visit", "plan", "--month", "9999-12"), "--month", "9999-12"),
        (("survey", "open", "--season", "9999-11"), "--season", "9999-11"),
        (("survey", "open", "--season", "2026-11", "--deadline", "9999-12-31"), "--deadline", "9999-12-31"),
        (("calendar", "list", "--year", "9999"), "--year", "9999"),
    ],
)
def test_dates_outside_the_span_are_refused(office, unchanged, args, named, value):
    with unchanged():
        r = office.fails(*args)
    assert named in r.stderr and value in r.stderr, r.stderr


def test_at_of_year_one_is_refused_not_stored_with_a_local_mean_time_offset(office, unchanged):
    with unchanged():
        r = office.fails("ticket", "new", "--kind", "咨询", "-d", "x", "--household", "1", "--at", "0001-01-01T08:00")
    assert "--at" in r.stderr and SPAN in r.stderr


def test_the_span_comes_from_policy(office, tmp_path):
    pol = tmp_path / "p.toml"
    pol.write_text('time_earliest = "1990-01-01"\n')
    h = office.json(
        "household",
        "add",
        "--office",
        "JM01",
        "--building",
        "1栋",
        "--room",
        "102",
        "--move-in",
        "1995-06-01",
        "--policy",
        pol,
    )
    assert h["move_in"] == "1995-06-01"
    assert (
        "1995-06-01"
        in office.fails(
            "household", "add", "--office", "JM01", "--building", "1栋", "--room", "103", "--move-in", "1995-06-01"
        ).stderr
    )


@pytest.mark.parametrize(
    "content, named",
    [
        ("office,building,room,move_in\nJM01,1栋,102,9999-12-31\n", "move_in"),
        ("管理处,楼栋,房号,入住日期\nJM01,1栋,102,0001-01-01\n", "move_in"),
    ],
)
def test_household_import_dates_outside_the_span(cli, unchanged, tmp_path, content, named):
    f = tmp_path / "h.csv"
    f.write_text(content, encoding="utf-8")
    with unchanged():
        r = cli.fails("household", "import", f)
    assert "row 1 (line 2)" in r.stderr and named in r.stderr


def test_ticket_and_calendar_import_dates_outside_the_span(office, unchanged, tmp_path):
    t = tmp_path / "t.csv"
    t.write_text("管理处,楼栋,房号,类型,内容,报告时间\nJM01,1栋,101,咨询,x,9999-12-31 23:00\n", encoding="utf-8")
    c = tmp_path / "c.csv"
    c.write_text("date,kind,name\n0001-01-01,休,元旦\n", encoding="utf-8")
    with unchanged():
        r = office.fails("ticket", "import", t)
        assert "reported_at" in r.stderr and "9999-12-31 23:00" in r.stderr
        r = office.fails("calendar", "import", c)
        assert "date" in r.stderr and "0001-01-01" in r.stderr


# --- dates as Chinese offices type them ----------------------------------------------------


@pytest.mark.parametrize("typed", ["2019/5/1", "2019-5-1", "2019年5月1日", "2019.5.1"])
def test_move_in_as_typed(cli, typed):
    h = cli.json("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--move-in", typed)
    assert h["move_in"] == "2019-05-01"


@pytest.mark.parametrize(
    "typed", ["2026/11/23 8:30", "2026-11-23 08:30", "2026年11月23日 8时30分", "2026年11月23日8:30", "8:30"]
)
def test_at_as_typed(office, typed):
    t = office.json("ticket", "new", "--kind", "咨询", "-d", "停车", "--household", "1", "--at", typed)
    assert t["reported_at"] == "2026-11-23T08:30:00+08:00"


def test_ambiguous_day_month_order_is_refused_naming_the_field(office, unchanged):
    with unchanged():
        r = office.fails(
            "household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--move-in", "5/1/2019"
        )
        assert "--move-in=" in r.stderr and "5/1/2019" in r.stderr and "year first" in r.stderr
        r = office.fails("ticket", "new", "--kind", "咨询", "-d", "x", "--household", "1", "--at", "11/23/2026 8:30")
        assert "--at" in r.stderr and "year first" in r.stderr


def test_months_and_seasons_as_typed(office):
    office.ok("ticket", "new", "--kind", "咨询", "-d", "停车", "--household", "1", "--at", "2026-11-02 9:00")
    assert len(office.json("ticket", "list", "--month", "2026/11")) == 1
    assert len(office.json("ticket", "list", "--month", "2026年11月")) == 1
    office.ok("survey", "open", "--season", "2026年11月", "--deadline", "2026/12/15")
    st = office.json("survey", "status", "--season", "2026/11")
    assert st["season"] == "2026-11" and st["deadline"] == "2026-12-15"


def test_imports_take_dates_as_typed(office, tmp_path):
    h = tmp_path / "h.csv"
    h.write_text("管理处,楼栋,房号,入住日期\nJM01,2栋,201,2019年5月1日\nJM01,2栋,202,2019/5/2\n", encoding="utf-8")
    office.ok("household", "import", h)
    rows = office.json("household", "list", "--building", "2栋")
    assert [r["move_in"] for r in rows] == ["2019-05-01", "2019-05-02"]
    t = tmp_path / "t.csv"
    t.write_text(
        "管理处,楼栋,房号,类型,内容,报告时间\nJM01,1栋,101,咨询,停车,2026年10月8日 9时30分\n", encoding="utf-8"
    )
    office.ok("ticket", "import", t)
    assert office.json("ticket", "list")[0]["reported_at"] == "2026-10-08T09:30:00+08:00"
    c = tmp_path / "c.csv"
    c.write_text("日期,类型,名称\n2027年1月1日,休,元旦\n", encoding="utf-8")
    office.ok("calendar", "import", c)
    assert office("calendar", "is-workday", "2027/1/1").exit_code == 1


# --- CSV cells larger than the csv module's field limit --------------------------------------

BIG = "楼" * 200_000  # beyond csv.field_size_limit() (131072 characters)


def test_household_import_a_huge_cell_names_row_and_column(cli, unchanged, tmp_path):
    f = tmp_path / "h.csv"
    f.write_text(
        f"office,building,room,name\nJM01,1栋,101,王芳\nJM01,1栋,102,{BIG}\nJM01,1栋,103,李强\n", encoding="utf-8"
    )
    with unchanged():
        r = cli.fails("household", "import", f)
    assert "row 2 (line 3)" in r.stderr and "name" in r.stderr and len(r.stderr) < 400
    r = cli.skipped("household", "import", f, "--skip-bad")
    assert "2 added" in r.stdout and "skipped row 2 (line 3)" in r.stderr and "name" in r.stderr
    assert len(r.stderr) < 400


def test_other_imports_a_huge_cell_names_row_and_column(office, unchanged, tmp_path):
    t = tmp_path / "t.csv"
    t.write_text(
        f"管理处,楼栋,房号,类型,内容,报告时间\nJM01,1栋,101,咨询,{BIG},2026-10-08 09:00\n"
        "JM01,1栋,101,咨询,停车,2026-10-08 10:00\n",
        encoding="utf-8",
    )
    c = tmp_path / "c.csv"
    c.write_text(f"date,kind,name\n2027-01-01,休,{BIG}\n", encoding="utf-8")
    v = tmp_path / "v.csv"
    v.write_text(f"building,room\n{BIG},101\n", encoding="utf-8")
    with unchanged():
        r = office.fails("ticket", "import", t)
        assert "row 1 (line 2)" in r.stderr and "description" in r.stderr
        r = office.fails("calendar", "import", c)
        assert "row 1 (line 2)" in r.stderr and "name" in r.stderr
        r = office.fails("visit", "plan", "--month", "2026-12", "--company", "--file", v)
        assert "row 1 (line 2)" in r.stderr and "building" in r.stderr
    out = office.skipped("ticket", "import", t, "--skip-bad", "--json")
    assert out["inserted"] == 1 and out["skipped"][0]["row"] == 1 and "description" in out["skipped"][0]["error"]


def test_a_cell_beyond_any_sane_size_refuses_the_file_naming_the_row(cli, unchanged, tmp_path):
    f = tmp_path / "h.csv"
    f.write_text(
        "office,building,room,name\nJM01,1栋,101,王芳\nJM01,1栋,102," + "x" * (17 << 20) + "\n", encoding="utf-8"
    )
    with unchanged():
        r = cli.fails("household", "import", f, "--skip-bad")
    assert "row 2 (line 3)" in r.stderr and len(r.stderr) < 400


# --- control characters and length caps in every text option and import cell ---------------


def _ticket(office) -> str:
    return str(office.json("ticket", "new", "--kind", "报修", "-d", "漏水", "--household", "1")["id"])


@pytest.mark.parametrize(
    "args, named",
    [
        (("ticket", "new", "--kind", "咨询", "-d", "漏\x1b[31m水", "--household", "1"), "--description"),
        (("ticket", "new", "--kind", "咨询", "-d", "x", "--household", "1", "--ref", "P\x00"), "--ref"),
        (("ticket", "cancel", "{t}", "--reason", "重复\x00"), "--reason"),
        (("ticket", "cancel", "{t}", "--reason", "因" * 501), "--reason"),
        (("ticket", "dispatch", "{t}", "--to", "刘强\x7f"), "--to"),
        (("ticket", "resolve", "{t}", "--note", "x" * 2001), "--note"),
        (("ticket", "resolve", "{t}", "--note", "ok\rdone"), "--note"),
        (
            ("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--name", "王\x07芳"),
            "--name",
        ),
        (("household", "update", "1", "--name", "王芳", "--reason", "x\x1b"), "--reason"),
        (("office", "add", "JM02", "--name", "二号\x08"), "--name"),
        (("office", "add", "J\x00M", "--name", "二号"), "CODE"),
        (("staff", "add", "李\x1b四", "--office", "JM01", "--role", "clerk"), "NAME"),
        (("visit", "record", "--visitors", "刘强", "--household", "1", "--private", "x" * 2001), "--private"),
        (("visit", "record", "--visitors", "刘强", "--household", "1", "--item", "保洁:建议:\x1b[2J"), "--item"),
        (("survey", "open", "--season", "2026-11", "--by", "\x1b[31mroot"), "--by"),
        (("calendar", "set", "2026-12-01", "--holiday", "--name", "台风\x00"), "--name"),
        (("ticket", "import", "a\x00b.csv"), "FILE"),
        (("ticket", "list", "--db", "x\x00.db"), "--db"),
        (("report", "due", "--templates", "t\x1b"), "--templates"),
    ],
)
def test_control_characters_and_overlong_text_are_refused(office, unchanged, args, named):
    t = _ticket(office) if "{t}" in args else None
    args = [a.replace("{t}", t) if t else a for a in args]
    with unchanged():
        r = office.fails(*args, db="--db" not in args)
    assert named in r.stderr and ("control character" in r.stderr or "longer than" in r.stderr), r.stderr
    assert "\x1b" not in r.stderr and "\x00" not in r.stderr


def test_tabs_and_newlines_are_text(office):
    t = office.json("ticket", "new", "--kind", "咨询", "-d", "厨房漏水\n水槽下方\t急", "--household", "1")
    assert t["description"] == "厨房漏水\n水槽下方\t急"


def test_import_cells_with_control_characters_are_refused_naming_row_and_column(cli, unchanged, tmp_path):
    f = tmp_path / "h.csv"
    f.write_bytes('office,building,room,name\r\nJM01,1栋,101,王\x1b芳\r\nJM01,1栋,102,"李\r\n强"\r\n'.encode())
    with unchanged():
        r = cli.fails("household", "import", f)
    assert "row 1 (line 2)" in r.stderr and "name" in r.stderr and "control character" in r.stderr
    out = cli.skipped("household", "import", f, "--skip-bad", "--json")
    assert out["inserted"] == 1 and out["skipped"][0]["row"] == 1
    # a line break typed inside a cell (CR LF from Windows) is kept as one newline
    assert [h["name"] for h in cli.json("household", "list")] == ["李\n强"]


# --- limits and headers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, named, value",
    [
        (("ticket", "list", "--limit", "0"), "--limit", "0"),
        (("ticket", "list", "--limit", "-3"), "--limit", "-3"),
        (("ticket", "list", "--limit", HUGE), "--limit", HUGE),
        (("household", "list", "--limit", "0"), "--limit", "0"),
        (("callback", "list", "--limit", "-1"), "--limit", "-1"),
        (("report", "due", "--within", "1831"), "--within", "1831"),  # 5 years of 366 days = 1830
        (("report", "due", "--within", HUGE), "--within", HUGE),
        (("report", "due", "--within", "-1"), "--within", "-1"),
    ],
)
def test_limits_are_bounded(office, unchanged, args, named, value):
    with unchanged():
        r = office.fails(*args)
    assert named in r.stderr and value in r.stderr, r.stderr


def test_limit_one_and_within_the_horizon_work(office):
    office.ok("ticket", "new", "--kind", "咨询", "-d", "a", "--household", "1")
    office.ok("ticket", "new", "--kind", "咨询", "-d", "b", "--household", "1")
    assert len(office.json("ticket", "list", "--limit", "1")) == 1
    office.ok("report", "due", "--within", "1830")


@pytest.mark.parametrize(
    "command, content, named",
    [
        (("household", "import"), "office,building,room,room\nJM01,1栋,102,102\n", "room"),
        (("household", "import"), "office,building,room,楼栋\nJM01,1栋,102,2栋\n", "楼栋"),
        (("staff", "import"), "管理处,姓名,岗位,name\nJM01,李四,clerk,李四\n", "name"),
        (
            ("ticket", "import"),
            "管理处,楼栋,房号,类型,内容,报告时间,受理时间\nJM01,1栋,101,咨询,x,2026-10-08 09:00,2026-10-08 10:00\n",
            "受理时间",
        ),
        (("calendar", "import"), "date,kind,日期\n2027-01-01,休,2027-01-02\n", "日期"),
        (("visit", "plan", "--month", "2026-12", "--company", "--file"), "building,room,楼号\n1栋,101,2栋\n", "楼号"),
    ],
)
def test_a_header_naming_a_column_twice_is_refused(office, unchanged, tmp_path, command, content, named):
    f = tmp_path / "x.csv"
    f.write_text(content, encoding="utf-8")
    with unchanged():
        r = office.fails(*command, f)
    assert "header" in r.stderr and named in r.stderr and "twice" in r.stderr, r.stderr


def test_undecodable_bytes_in_an_argument_are_refused(office, unchanged):
    # a GBK-encoded argument in a UTF-8 terminal reaches Python as surrogate escapes
    gbk = "金茂".encode("gbk").decode("utf-8", "surrogateescape")
    with unchanged():
        r = office.fails("office", "add", "JM02", "--name", gbk)
    assert "--name" in r.stderr and "encoding" in r.stderr


def test_a_cell_holding_only_a_control_character_is_not_blank(office, unchanged, tmp_path):
    # found by tests/test_hostile_input.py: "\x0b" is whitespace to str.strip(), so it passed as an empty cell
    c = tmp_path / "c.csv"
    c.write_text('date,kind,name\n2027-01-01,休,"\x0b"\n', encoding="utf-8")
    with unchanged():
        r = office.fails("calendar", "import", c)
    assert "row 1 (line 2)" in r.stderr and "name" in r.stderr and "control character" in r.stderr
