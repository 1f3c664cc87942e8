"""Offices, households and staff through the CLI: add, list, show, update, import."""

import json
from pathlib import Path

import pytest

from tests.conftest import dump, events

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


# --- offices ---------------------------------------------------------------------------


def test_office_add_list_show_update(cli):
    created = cli.json("office", "add", "JM02", "--name", "二号管理处", "--lobbies", "A座大堂；B座大堂")
    assert created["code"] == "JM02" and created["lobbies"] == ["A座大堂", "B座大堂"]
    listed = cli.json("office", "list")
    assert [o["code"] for o in listed] == ["JM01", "JM02"]
    plain = cli.ok("office", "list").stdout.splitlines()
    assert plain[0].split("\t")[:3] == ["No.", "Code", "Name"] and "JM02\t二号管理处" in plain[2]
    cli.ok("office", "update", created["id"], "--cs-seal", "二号管理处客服部", "--reason", "seal made", "--by", "主任")
    shown = cli.json("office", "show", "JM02")
    assert shown["cs_seal"] == "二号管理处客服部"
    upd = [e for e in shown["events"] if e["action"] == "update"][0]
    assert upd["by"] == "主任" and upd["reason"] == "seal made"
    assert upd["before"] == {"cs_seal": None} and upd["after"] == {"cs_seal": "二号管理处客服部"}


@pytest.mark.parametrize(
    "args, named",
    [
        (("office", "add", "JM01", "--name", "dup"), "JM01"),
        (("office", "add", "JM03", "--name", "x", "--phone", "call me"), "phone"),
        (("office", "update", "1", "--name", "x"), "--reason"),
        (("office", "update", "99", "--name", "x", "--reason", "r"), "99"),
        (("office", "update", "1", "--reason", "r"), "nothing to change"),
        (("office", "show", "NOPE"), "NOPE"),
    ],
)
def test_office_bad_input(cli, unchanged, args, named):
    with unchanged():
        r = cli.fails(*args)
    assert named in r.stderr


# --- households ----------------------------------------------------------------------


def add_household(cli, room="101", **opts):
    args = ["household", "add", "--office", "JM01", "--building", "1栋", "--room", room]
    for k, v in opts.items():
        args += [f"--{k.replace('_', '-')}", v]
    return cli.json(*args)


def test_household_add_masks_phone_and_accepts_chinese_choices(cli):
    h = add_household(
        cli, name="王芳", phone="138-0013-8000", kind="租户", use="商业", occupied="否", move_in="2026-10-01"
    )
    assert h["phone"] == "138****8000"
    assert (h["kind"], h["use"], h["occupied"], h["move_in"]) == ("tenant", "business", 0, "2026-10-01")
    full = cli.json("household", "show", h["id"], "--show-personal")
    assert full["phone"] == "13800138000"
    assert full["events"][0]["action"] == "create" and full["events"][0]["by"] == "tester"
    listed = cli.json("household", "list", "--occupied", "no")
    assert [x["room"] for x in listed] == ["101"] and listed[0]["phone"] == "138****8000"
    assert cli.json("household", "list", "--occupied", "yes") == []


def test_household_update_keeps_before_and_after(cli):
    h = add_household(cli, phone="13800138000")
    cli.ok("household", "update", h["id"], "--occupied", "no", "--reason", "搬离", "--at", "2026-11-20 09:30")
    shown = cli.json("household", "show", h["id"])
    assert shown["occupied"] == 0
    ev = shown["events"][-1]
    assert (ev["action"], ev["at"], ev["reason"]) == ("update", "2026-11-20T09:30:00+08:00", "搬离")
    assert ev["before"] == {"occupied": 1} and ev["after"] == {"occupied": 0}


@pytest.mark.parametrize(
    "opts, named",
    [
        ({"office": "NOPE"}, "NOPE"),
        ({"kind": "landlord"}, "landlord"),
        ({"occupied": "maybe"}, "maybe"),
        ({"move_in": "2026-13-01"}, "2026-13-01"),
        ({"phone": "12"}, "phone"),
        ({"at": "2026-11-23T10:30"}, "future"),
        ({"at": "yesterday"}, "--at"),
    ],
)
def test_household_add_bad_input(cli, unchanged, opts, named):
    args = ["household", "add", "--building", "1栋", "--room", "101"]
    opts = {"office": "JM01", **opts}
    for k, v in opts.items():
        args += [f"--{k.replace('_', '-')}", v]
    with unchanged():
        r = cli.fails(*args)
    assert named in r.stderr


def test_household_duplicate_and_bad_update(cli, unchanged):
    h = add_household(cli)
    with unchanged():
        cli.fails("household", "add", "--office", "JM01", "--building", "1栋", "--room", "101")
        cli.fails("household", "update", h["id"], "--kind", "x", "--reason", "r")
        cli.fails("household", "update", 999, "--name", "x", "--reason", "r")
    add_household(cli, room="102")  # a second household to collide with
    with unchanged():
        cli.fails("household", "update", h["id"] + 1, "--room", "101", "--reason", "typo")


def test_at_within_tolerance_is_accepted(cli):
    h = add_household(cli, at="2026-11-23T10:09")  # now is 10:00, tolerance 10 min
    assert h["created_at"] == "2026-11-23T10:09:00+08:00"


# --- household import ----------------------------------------------------------------


def test_import_gb18030_with_chinese_headers(cli):
    out = cli.json("household", "import", EXAMPLES / "households-gb18030.csv")
    assert (out["encoding"], out["rows"], out["inserted"], out["existing"]) == ("gb18030", 4, 4, 0)
    rows = cli.json("household", "list", "--building", "1栋", "--show-personal")
    assert [(r["room"], r["name"], r["phone"], r["kind"], r["occupied"]) for r in rows] == [
        ("101", "王芳", "13800001111", "owner", 1),
        ("102", "李强", "13900002222", "tenant", 1),
        ("103", None, None, "owner", 0),
    ]
    ev = events(cli, record_table="households", action="import")
    assert len(ev) == 1 and ev[0]["by"] == "import:households-gb18030.csv"
    after = json.loads(ev[0]["after"])
    assert after["rows"] == 4 and after["last_id"] - after["first_id"] == 3 and len(after["sha256"]) == 64


def test_import_utf8_bom_and_reimport_is_a_no_op(cli, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeff".encode() + (EXAMPLES / "households.csv").read_bytes())
    out = cli.json("household", "import", bom)
    assert (out["encoding"], out["inserted"]) == ("utf-8-sig", 2)
    before = dump(cli.db)
    again = cli.json("household", "import", bom)
    assert (again["inserted"], again["existing"]) == (0, 2)
    assert dump(cli.db) == before


def write_csv(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


BAD = (
    "office,building,room,phone,kind\nJM01,2栋,101,13800000001,owner\nJM01,2栋,102,13800000002,landlord\n"
    "JM01,2栋,103,13800000003,tenant\nJM09,2栋,104,,owner\n"
)


def test_import_one_bad_row_writes_nothing(cli, unchanged, tmp_path):
    f = write_csv(tmp_path / "bad.csv", BAD)
    with unchanged():
        r = cli.fails("household", "import", f)
    assert "row 2 (line 3)" in r.stderr and "landlord" in r.stderr and "kind" in r.stderr


def test_import_skip_bad_reports_every_skipped_row(cli, tmp_path):
    f = write_csv(tmp_path / "bad.csv", BAD)
    r = cli.skipped("household", "import", f, "--skip-bad")
    assert "2 added" in r.stdout and "2 skipped" in r.stdout
    assert "skipped row 2 (line 3)" in r.stderr and "landlord" in r.stderr
    assert "skipped row 4 (line 5)" in r.stderr and "JM09" in r.stderr
    out = cli.skipped("household", "import", f, "--skip-bad", "--json")
    assert [s["row"] for s in out["skipped"]] == [2, 4] and out["existing"] == 2


@pytest.mark.parametrize(
    "content, named",
    [
        ("office,building,flat\nJM01,1栋,101\n", "flat"),
        ("office,building\nJM01,1栋\n", "room"),
        ("", "header"),
        ("office,building,room\nJM01,1栋,101,extra\n", "row 1"),
    ],
)
def test_import_bad_files(cli, unchanged, tmp_path, content, named):
    f = write_csv(tmp_path / "x.csv", content)
    with unchanged():
        r = cli.fails("household", "import", f)
    assert named in r.stderr


def test_import_missing_and_undecodable_files(cli, unchanged, tmp_path):
    with unchanged():
        cli.fails("household", "import", tmp_path / "nope.csv")
        f = tmp_path / "latin.csv"
        f.write_bytes(b"office,building,room\n\xff\xfe\xff,1,2\n\x80\x81\xff\n")
        r = cli.fails("household", "import", f)
    assert "encoding" in r.stderr


# --- staff -------------------------------------------------------------------------------


def test_staff_add_list_update_and_import(cli):
    s = cli.json("staff", "add", "陈建国", "--office", "JM01", "--role", "管理处主任", "--phone", "13811110000")
    assert s["role"] == "manager" and s["phone"] == "138****0000"
    out = cli.json("staff", "import", EXAMPLES / "staff.csv")
    assert (out["encoding"], out["inserted"], out["existing"]) == ("utf-8-sig", 3, 1)
    lobby = cli.json("staff", "list", "--role", "lobby_assistant")
    assert lobby[0]["name"] == "周敏" and lobby[0]["buildings"] == ["1栋", "2栋"]
    cli.ok("staff", "update", s["id"], "--active", "no", "--reason", "离职")
    assert "陈建国" not in [x["name"] for x in cli.json("staff", "list")]
    assert cli.json("staff", "show", s["id"])["events"][-1]["after"] == {"active": 0}


@pytest.mark.parametrize(
    "args, named",
    [
        (("staff", "add", "某人", "--office", "JM01", "--role", "boss"), "boss"),
        (("staff", "add", "某人", "--office", "XX", "--role", "clerk"), "XX"),
        (("staff", "list", "--role", "boss"), "boss"),
        (("staff", "show", "42"), "42"),
        (("staff", "update", "42", "--name", "x", "--reason", "r"), "42"),
    ],
)
def test_staff_bad_input(cli, unchanged, args, named):
    with unchanged():
        r = cli.fails(*args)
    assert named in r.stderr


def test_commands_need_an_existing_store(bare):
    r = bare.fails("household", "list")
    assert "db init" in r.stderr and not bare.db.exists()


def test_add_takes_the_only_office_and_asks_for_one_among_several(cli, unchanged):
    cli.ok("household", "add", "--building", "1栋", "--room", "301")
    cli.ok("staff", "add", "王敏", "--role", "主管")
    cli.ok("office", "add", "JM02", "--name", "二号管理处")
    with unchanged():
        r = cli.fails("household", "add", "--building", "1栋", "--room", "302")
    assert "--office" in r.stderr and "JM01, JM02" in r.stderr
    cli.ok("household", "add", "--building", "1栋", "--room", "302", "--office", "JM02")
