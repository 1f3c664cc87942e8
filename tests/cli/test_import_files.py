"""The files offices really have (issue 16): extra columns, no office column, dates as Excel writes them,
rows that changed since the last import, workbooks, Excel's "Unicode text" and other column names."""

import json
import sqlite3

import pytest
import xlsxwriter

from tests.conftest import dump, events

HEADER = "序号,楼栋,房号,姓名,电话,入住日期,单元,备注"
ROWS = ["1,1栋,201,王芳,13900001111,2019/5/1,1单元,", "2,1栋,202,李强,13900002222,2020年3月8日,1单元,老住户"]


def csv(tmp_path, name: str, lines: list[str], encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def households(cli) -> dict:
    conn = sqlite3.connect(str(cli.db))
    conn.row_factory = sqlite3.Row
    rows = {f"{r['building']}/{r['room']}": dict(r) for r in conn.execute("SELECT * FROM households")}
    conn.close()
    return rows


def test_extra_columns_are_left_out_with_one_warning_naming_them(cli, tmp_path):
    r = cli("household", "import", csv(tmp_path, "h.csv", [HEADER, *ROWS]))
    assert r.exit_code == 0, r.stderr
    warning = [line for line in r.stderr.splitlines() if "ignored columns" in line]
    assert len(warning) == 1 and "序号, 单元, 备注" in warning[0]
    got = households(cli)
    assert got["1栋/201"]["move_in"] == "2019-05-01" and got["1栋/202"]["move_in"] == "2020-03-08"
    assert got["1栋/201"]["office_id"] == 1  # no office column: the store's only office


def test_strict_refuses_an_unknown_column_and_writes_nothing(cli, unchanged, tmp_path):
    with unchanged():
        r = cli.fails("household", "import", csv(tmp_path, "h.csv", [HEADER, *ROWS]), "--strict")
    assert "header='序号'" in r.stderr


def test_without_an_office_column_several_offices_need_office(cli, unchanged, tmp_path):
    cli.ok("office", "add", "JM02", "--name", "二号管理处")
    path = csv(tmp_path, "h.csv", ["楼栋,房号", "5栋,101"])
    with unchanged():
        r = cli.fails("household", "import", path)
    assert "office" in r.stderr
    with unchanged():
        cli.fails("household", "import", path, "--office", "NOPE")
    cli.ok("household", "import", path, "--office", "JM02")
    assert households(cli)["5栋/101"]["office_id"] == 2


def test_a_changed_row_is_listed_and_left_until_update_with_a_reason(office, tmp_path):
    first = csv(tmp_path, "h.csv", ["楼栋,房号,姓名,电话", "1栋,103,张三,13800138000", "1栋,104,李四,13900000000"])
    office.ok("household", "import", first)
    rid = households(office)["1栋/103"]["id"]
    before = dump(office.db)
    changed = csv(tmp_path, "h2.csv", ["楼栋,房号,姓名,电话", "1栋,103,张三,13811112222", "1栋,104,李四,13900000000"])
    r = office("household", "import", changed, "--json")
    assert r.exit_code == 3 and dump(office.db) == before
    out = json.loads(r.stdout)
    assert out["inserted"] == 0 and out["existing"] == 1 and out["updated"] == 0
    assert out["changed"] == [{"row": 1, "line": 2, "record": rid, "fields": {"phone": ["13800138000", "13811112222"]}}]
    said = office("household", "import", changed)
    assert said.exit_code == 3 and "row 1 (line 2)" in said.stderr and "13811112222" in said.stderr
    with pytest.raises(AssertionError):  # --update needs its reason
        office.ok("household", "import", changed, "--update")
    assert dump(office.db) == before
    done = office.json("household", "import", changed, "--update", "--reason", "业主换号")
    assert done["updated"] == 1 and done["changed"] == []
    assert households(office)["1栋/103"]["phone"] == "13811112222"
    [event] = [e for e in events(office, record_table="households", record_id=rid) if e["action"] == "update"]
    assert event["reason"] == "业主换号" and json.loads(event["after"]) == {"phone": "13811112222"}


def test_only_the_columns_the_file_has_are_compared(office, tmp_path):
    office.ok("household", "import", csv(tmp_path, "h.csv", ["楼栋,房号", "1栋,101"]))  # no phone column
    assert households(office)["1栋/101"]["phone"] == "13800138000"


def test_a_workbook_with_date_and_number_cells(cli, tmp_path):
    path = tmp_path / "住户.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("住户")
    dates = book.add_format({"num_format": "yyyy/m/d"})
    for col, h in enumerate(["序号", "楼栋", "房号", "电话", "入住日期"]):
        sheet.write(0, col, h)
    from datetime import date

    sheet.write_number(1, 0, 1)
    sheet.write(1, 1, "2栋")
    sheet.write_number(1, 2, 301)  # a room typed as a number
    sheet.write_number(1, 3, 13900003333)  # a phone typed as a number
    sheet.write_datetime(1, 4, date(2019, 5, 1), dates)
    book.close()
    out = cli.json("household", "import", path)
    assert out["inserted"] == 1 and out["encoding"] == "xlsx" and out["ignored_columns"] == ["序号"]
    got = households(cli)["2栋/301"]
    assert got["phone"] == "13900003333" and got["move_in"] == "2019-05-01"


def test_excel_unicode_text_utf16_tab_separated(cli, tmp_path):
    path = tmp_path / "h.txt"
    path.write_bytes("楼栋\t房号\t姓名\r\n1栋\t401\t赵六\r\n".encode("utf-16"))
    out = cli.json("household", "import", path)
    assert out["inserted"] == 1 and out["encoding"] == "utf-16"
    assert households(cli)["1栋/401"]["name"] == "赵六"


def test_map_names_a_column_of_another_name(cli, unchanged, tmp_path):
    path = csv(tmp_path, "h.csv", ["楼栋,室号", "1栋,501"])
    with unchanged():
        r = cli.fails("household", "import", path)
    assert "室号" in r.stderr and "--map" in r.stderr  # the missing room and the column that may be it
    with unchanged():
        cli.fails("household", "import", path, "--map", "室号")  # not COLUMN=field
    with unchanged():
        cli.fails("household", "import", path, "--map", "室号=flat")  # no such field
    cli.ok("household", "import", path, "--map", "室号=room")
    assert "1栋/501" in households(cli)


def test_encoding_given_and_a_bad_encoding_name(cli, unchanged, tmp_path):
    path = csv(tmp_path, "h.csv", ["楼栋,房号,姓名", "1栋,601,钱七"], encoding="gb18030")
    with unchanged():
        r = cli.fails("household", "import", path, "--encoding", "klingon")
    assert "--encoding='klingon'" in r.stderr
    out = cli.json("household", "import", path, "--encoding", "gb18030")
    assert out["inserted"] == 1 and households(cli)["1栋/601"]["name"] == "钱七"


def test_a_batch_of_keys_is_looked_up_by_the_unique_index(office):
    """Each key of a batch is one search of (office_id, building, room): never a read of every row of the
    office (a row-value IN let the planner do that: a 200k-row re-import took 7x longer)."""
    from commscli.store import registry

    seen = []

    class Capture:
        def query(self, sql, params):
            seen.append((sql, params))
            return []

    registry.rows_by_key(Capture(), "households", 1, [("1栋", "101"), ("1栋", "102")])
    registry.rows_by_key(Capture(), "staff", 1, [("刘强",)])
    conn = sqlite3.connect(str(office.db))
    for sql, params in seen:
        plan = " ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert "USING INDEX sqlite_autoindex_" in plan and "(office_id=? AND" in plan, plan
    conn.close()
    assert len(seen) == 2
