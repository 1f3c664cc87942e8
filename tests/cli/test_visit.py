"""visit plan / planned / quota / record / submit / review / form / summary, and new-resident callbacks,
through the CLI on a frozen clock (now: Monday 2026-11-23 10:00 +08:00)."""

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import Cli, copy_store, events, frozen_env, visit_record

ROOT = Path(__file__).resolve().parents[2]
POLICY_001 = ROOT / "examples" / "policy-001.toml"

# 60 occupied households: 35 in 1栋 (101–135), 25 in 2栋 (201–225); 3 not occupied (1栋/901, 2栋/901, 2栋/902)
LAYOUT = {"1栋": (35, 1, 101), "2栋": (25, 2, 201)}
STAFF = [
    ("陈建国", "manager", None),
    ("林晓东", "supervisor", None),
    ("周敏", "lobby_assistant", "1栋,2栋"),
    ("王丽", "clerk", None),
]


def write_households(path: Path, layout: dict) -> Path:
    """layout: building → (occupied, not occupied, first room number)."""
    rows, n = ["office,building,room,name,phone,occupied"], 0
    for building, (occupied, empty, first) in layout.items():
        for i in range(occupied):
            rows.append(f"JM01,{building},{first + i},住户{n},138{n:08d},yes")
            n += 1
        for i in range(empty):
            rows.append(f"JM01,{building},{901 + i},空置{i},,no")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def populate(c: Cli, folder: Path, layout: dict = LAYOUT, staff=STAFF, **kw):
    c.ok("household", "import", write_households(folder / "households.csv", layout), **kw)
    for name, role, buildings in staff:
        c.ok(
            "staff",
            "add",
            name,
            "--office",
            "JM01",
            "--role",
            role,
            *(("--buildings", buildings) if buildings else ()),
            **kw,
        )


@pytest.fixture(scope="module")
def base(tmp_path_factory, _templates) -> Path:
    """The office with its 63 households and 4 staff, built once per module and copied per test."""
    folder = tmp_path_factory.mktemp("visit-base")
    c = Cli(folder / "store.db")
    copy_store(_templates[0], c.db)
    populate(c, folder, env=frozen_env(folder))
    return c.db


@pytest.fixture
def office(cli, base) -> Cli:
    copy_store(base, cli.db)
    return cli


def second_store(base: Path, tmp_path: Path, name: str = "second.db") -> Cli:
    c = Cli(tmp_path / name)
    copy_store(base, c.db)
    return c


def planned(c: Cli, month: str, *extra) -> list[dict]:
    return c.json("visit", "planned", "--month", month, *extra)


def hid(c: Cli, building: str, room: str) -> int:
    rows = c.json("household", "list", "--building", building, "--search", room)
    return next(r["id"] for r in rows if r["room"] == room)


def home_args(building: str, room: str, at: str, *extra, visitors="林晓东") -> tuple:
    """A home visit started at its appointment."""
    return visit_record(building, room, at, "--appointment", at, *extra, visitors=visitors, method="入户")


def record(c: Cli, building: str, room: str, at: str, *extra, visitors="林晓东", method="来访", **kw):
    """An office visit by default (no appointment needed); returns the visit as JSON."""
    return c.json(*visit_record(building, room, at, *extra, visitors=visitors, method=method), **kw)


def home(c: Cli, building: str, room: str, at: str, *extra, **kw):
    return record(c, building, room, at, "--appointment", at, *extra, method="入户", **kw)


# --- visit plan -------------------------------------------------------------------------------


def test_plan_draws_the_quota_of_occupied_households_and_assigns_it_by_role(office):
    r = office.json("visit", "plan", "--month", "2026-12", "--seed", "5")
    assert (r["required"], r["drawn"], r["seed"], r["short"], r["cycle"]) == (10, 10, 5, 0, 1)
    assert r["basis"]["occupied"] == 60 and r["basis"]["by_share"] == 3  # ceil(4 % × 60) = 3 < 5 + 5
    items = planned(office, "2026-12")
    assert len(items) == 10 and len({i["household_id"] for i in items}) == 10
    assert Counter((i["role"], i["staff"]) for i in items) == {("manager", "陈建国"): 5, ("supervisor", "林晓东"): 5}
    assert not any(i["room"].startswith("9") for i in items)  # never a household that is not occupied
    assert all(i["visit_id"] is None and i["cycle"] == 1 for i in items)
    q = office.json("visit", "quota", "--month", "2026-12")
    assert (q["required"], q["planned"], q["done"]) == (10, 10, 0)
    roles = {x["role"]: (x["required"], x["planned"], x["done"]) for x in q["roles"]}
    assert roles == {"manager": (5, 5, 0), "supervisor": (5, 5, 0)}
    assert sum(b["planned"] for b in q["buildings"]) == 10
    text = office.ok("visit", "quota", "--month", "2026-12").stdout
    assert "required 10, planned 10, done 0" in text


def test_plan_text_names_the_seed(office):
    out = office.ok("visit", "plan", "--month", "2026-12", "--seed", "77").stdout
    assert "10 households drawn" in out and "seed 77" in out


def test_plan_and_quota_lines_in_chinese(office):
    zh = {"COMMSCLI_LANG": None}
    out = office.ok("visit", "plan", "--month", "2026-12", "--seed", "77", env=zh).stdout
    assert out.strip() == "JM01 2026-12：抽取 10 户（应访 10 户，第 1 轮，随机种子 77）"
    out = office.ok("visit", "quota", "--month", "2026-12", env=zh).stdout
    assert out.splitlines()[0] == "JM01 2026-12：应访 10，计划 10，已访 0 户，访问 0 人次（计划外 0 户）"


def test_same_seed_on_an_identical_store_draws_the_same_households(office, base, tmp_path):
    other = second_store(base, tmp_path)
    office.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    other.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    mine = [(i["household_id"], i["role"]) for i in planned(office, "2026-12")]
    assert mine == [(i["household_id"], i["role"]) for i in planned(other, "2026-12")]
    third = second_store(base, tmp_path, "third.db")
    third.ok("visit", "plan", "--month", "2026-12", "--seed", "6")
    assert {h for h, _ in mine} != {i["household_id"] for i in planned(third, "2026-12")}


def test_plan_without_seed_records_the_one_it_chose(office):
    r = office.json("visit", "plan", "--month", "2026-12")
    assert isinstance(r["seed"], int) and r["seed"] > 0
    err = office.fails("visit", "plan", "--month", "2026-12").stderr
    assert f"seed {r['seed']}" in err


def test_second_plan_for_a_month_is_refused_unless_redrawn_with_a_reason(office, unchanged):
    office.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    first = planned(office, "2026-12")
    with unchanged():
        err = office.fails("visit", "plan", "--month", "2026-12", "--seed", "9").stderr
        assert "--redraw" in err and "2026-12" in err
    with unchanged():
        err = office.fails("visit", "plan", "--month", "2026-12", "--seed", "9", "--redraw").stderr
        assert "--reason" in err
    with unchanged():
        office.fails("visit", "plan", "--month", "2026-12", "--seed", "9", "--redraw", "--reason", "  ")
    r = office.json("visit", "plan", "--month", "2026-12", "--seed", "9", "--redraw", "--reason", "主管调整")
    assert r["seed"] == 9
    again = planned(office, "2026-12")
    assert len(again) == 10 and again != first


@pytest.mark.parametrize("month", ["2026-13", "2026-1x", "Dec", "12/2026", ""])
def test_malformed_month_is_refused(office, unchanged, month):
    with unchanged():
        office.fails("visit", "plan", "--month", month, "--seed", "1")


def test_company_list_keeps_its_households_out_of_the_office_draw(office, base, tmp_path):
    # on an identical store the seed draws these households …
    other = second_store(base, tmp_path)
    other.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    wanted = [f"{i['building']}/{i['room']}" for i in planned(other, "2026-12")[:3]]
    # … so with the company's list recorded first, the same seed must leave them out
    r = office.json(
        "visit",
        "plan",
        "--month",
        "2026-12",
        "--company",
        "--households",
        ",".join(wanted + ["1栋/101", "1栋/102"]),
        "--by",
        "肖琳",
    )
    assert r["kind"] == "company" and r["drawn"] == len(set(wanted + ["1栋/101", "1栋/102"]))
    company = planned(office, "2026-12", "--company")
    assert {f"{i['building']}/{i['room']}" for i in company} == set(wanted) | {"1栋/101", "1栋/102"}
    assert {i["staff"] for i in company} == {"肖琳"}
    p = office.json("visit", "plan", "--month", "2026-12", "--seed", "5")
    assert p["drawn"] == 10 and p["basis"]["excluded_company"] == len(company)
    drawn = {f"{i['building']}/{i['room']}" for i in planned(office, "2026-12")}
    assert not drawn & {f"{i['building']}/{i['room']}" for i in company}


def test_company_list_after_the_office_plan_may_not_name_its_households(office, unchanged):
    office.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    clash = planned(office, "2026-12")[0]
    with unchanged():
        office.fails(
            "visit",
            "plan",
            "--month",
            "2026-12",
            "--company",
            "--households",
            f"{clash['building']}/{clash['room']}",
            "--by",
            "肖琳",
        )


@pytest.mark.parametrize(
    "households, named",
    [
        ("1栋/901", "1栋/901"),  # not occupied: named as the user wrote it
        ("2栋/999", "2栋/999"),  # no such household
        ("", "--households"),
    ],
)
def test_company_list_refuses_bad_households(office, unchanged, households, named):
    with unchanged():
        err = office.fails(
            "visit", "plan", "--month", "2026-12", "--company", "--households", households, "--by", "肖琳"
        ).stderr
    assert named in err


def test_company_list_from_a_gb18030_file(office, unchanged, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("楼栋,房号\n1栋,101\n1栋,\n".encode("gb18030"))
    with unchanged():
        err = office.fails("visit", "plan", "--month", "2026-12", "--company", "--file", bad, "--by", "肖琳").stderr
    assert "row 2 (line 3)" in err and "room" in err
    good = tmp_path / "list.csv"
    good.write_bytes("楼栋,房号\n1栋,101\n1栋,102\n".encode("gb18030"))
    r = office.json("visit", "plan", "--month", "2026-12", "--company", "--file", good, "--by", "肖琳")
    assert (r["file"], r["encoding"], r["rows"], r["inserted"], r["existing"]) == ("list.csv", "gb18030", 2, 2, 0)
    assert {(i["building"], i["room"]) for i in planned(office, "2026-12", "--company")} == {
        ("1栋", "101"),
        ("1栋", "102"),
    }


def company_file(c: Cli, path, *extra):
    return c("visit", "plan", "--month", "2026-12", "--company", "--by", "肖琳", "--file", path, *extra)


def test_company_list_file_rows_are_checked_one_by_one(office, unchanged, tmp_path):
    """Each row of the company's file is resolved (building/room or a household id) and checked (occupied,
    not in the office's own plan) as a row: one bad row refuses the file naming it, --skip-bad skips it."""
    office.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    drawn = [(i["building"], i["room"]) for i in planned(office, "2026-12")]
    free = [("1栋", str(n)) for n in range(101, 136) if ("1栋", str(n)) not in drawn][:2]
    rows = [
        f",{free[0][0]},{free[0][1]}",  # row 1: building and room
        f",{drawn[0][0]},{drawn[0][1]}",  # row 2: in the office's own plan
        f"{hid(office, *free[1])},,",  # row 3: by household id
        ",1栋,901",  # row 4: not occupied
        f",{free[0][0]},{free[0][1]}",  # row 5: named twice: existing
        "999999,,",
    ]  # row 6: no such household id
    f = tmp_path / "list.csv"
    f.write_text("\n".join(["household,building,room", *rows]) + "\n", encoding="utf-8")
    with unchanged():
        r = office.fails("visit", "plan", "--month", "2026-12", "--company", "--by", "肖琳", "--file", f)
    assert "row 2 (line 3)" in r.stderr and "household=" in r.stderr and "office's own plan" in r.stderr
    r = company_file(office, f, "--skip-bad", "--json")
    assert r.exit_code == 3, r.stderr
    out = json.loads(r.stdout)
    assert (out["rows"], out["inserted"], out["existing"]) == (6, 2, 1)
    assert [(s["row"], s["line"]) for s in out["skipped"]] == [(2, 3), (4, 5), (6, 7)]
    assert "occupied" in out["skipped"][1]["error"] and "999999" in out["skipped"][2]["error"]
    company = planned(office, "2026-12", "--company")
    assert sorted((i["building"], i["room"]) for i in company) == sorted(free)
    assert {(i["role"], i["staff"]) for i in company} == {("quality", "肖琳")}
    # one import event for the file (id range: the plan's items), and the plan's own event
    imp = events(office, record_table="visit_plan_items", action="import")
    assert len(imp) == 1 and imp[0]["by"] == "import:list.csv"
    after = json.loads(imp[0]["after"])
    assert (after["rows"], after["inserted"], after["run_by"]) == (6, 2, "肖琳")
    assert after["last_id"] - after["first_id"] == 1
    plan_ev = [e for e in events(office, record_table="visit_plans") if e["action"] == "company"]
    assert len(plan_ev) == 1 and json.loads(plan_ev[0]["after"]) == {
        "month": "2026-12",
        "households": 2,
        "file": "list.csv",
    }


def test_company_list_file_with_every_row_skipped_writes_nothing(office, unchanged, tmp_path):
    f = tmp_path / "list.csv"
    f.write_text("楼栋,房号\n9栋,101\n1栋,901\n", encoding="utf-8")
    with unchanged():
        r = company_file(office, f, "--skip-bad")
    assert r.exit_code == 3 and "0 added" in r.stdout
    assert [line[:22] for line in r.stderr.splitlines()] == ["skipped row 1 (line 2)", "skipped row 2 (line 3)"]


def test_company_list_file_and_households_together(office, tmp_path):
    f = tmp_path / "list.csv"
    f.write_text("楼栋,房号\n1栋,101\n1栋,102\n", encoding="utf-8")
    r = company_file(office, f, "--households", "1栋/102,1栋/103", "--json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["rows"], out["inserted"], out["existing"]) == (2, 1, 1)
    assert sorted(i["room"] for i in planned(office, "2026-12", "--company")) == ["101", "102", "103"]


@pytest.mark.parametrize(
    "args, named",
    [
        (("--skip-bad",), "--skip-bad"),  # only with --file
        (("--file", "{list}", "--seed", "3"), "--seed"),  # a list is not drawn
        (("--file", "{header}"), "header"),  # neither building and room nor household
    ],
)
def test_company_list_file_bad_use(office, unchanged, tmp_path, args, named):
    (tmp_path / "list.csv").write_text("楼栋,房号\n1栋,101\n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("楼栋\n1栋\n", encoding="utf-8")
    argv = [str(tmp_path / (a[1:-1] + ".csv")) if a.startswith("{") else a for a in args]
    with unchanged():
        r = office.fails("visit", "plan", "--month", "2026-12", "--company", "--by", "肖琳", *argv)
    assert named in r.stderr, r.stderr


def test_company_list_file_once_a_month(office, unchanged, tmp_path):
    f = tmp_path / "list.csv"
    f.write_text("楼栋,房号\n1栋,101\n", encoding="utf-8")
    assert company_file(office, f).exit_code == 0
    with unchanged():
        r = office.fails("visit", "plan", "--month", "2026-12", "--company", "--by", "肖琳", "--file", f)
    assert "already recorded" in r.stderr and "--redraw" in r.stderr
    again = company_file(office, f, "--redraw", "--reason", "名单更正", "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["inserted"] == 1
    assert len(planned(office, "2026-12", "--company")) == 1


def test_company_list_once_a_month(office, unchanged):
    office.ok("visit", "plan", "--month", "2026-12", "--company", "--households", "1栋/101", "--by", "肖琳")
    with unchanged():
        office.fails("visit", "plan", "--month", "2026-12", "--company", "--households", "1栋/102", "--by", "肖琳")


def company_draw(c: Cli, *extra, **kw):
    return c.json("visit", "plan", "--month", "2026-12", "--company", "--by", "肖琳", *extra, **kw)


def test_company_programme_without_a_list_is_drawn_from_policy(office, base, tmp_path):
    r = company_draw(office, "--seed", "7")
    # visit_company_share 2 % of 60 occupied = 1.2 → 2 households
    assert (r["kind"], r["drawn"], r["seed"], r["required"]) == ("company", 2, 7, 2)
    assert r["basis"]["method"] == "company_draw" and r["basis"]["occupied"] == 60
    company = planned(office, "2026-12", "--company")
    assert len({i["household_id"] for i in company}) == 2
    assert {(i["role"], i["staff"]) for i in company} == {("quality", "肖琳")}
    assert not any(i["room"].startswith("9") for i in company)  # occupied households only
    # seeded: the same seed on an identical store draws the same households
    other = second_store(base, tmp_path)
    company_draw(other, "--seed", "7")
    assert [i["household_id"] for i in planned(other, "2026-12", "--company")] == [i["household_id"] for i in company]
    # recorded like the office's plan, and left out of the office's own draw
    assert [e["action"] for e in events(office, record_table="visit_plans")] == ["draw"]
    p = office.json("visit", "plan", "--month", "2026-12", "--seed", "5")
    assert p["basis"]["excluded_company"] == 2
    assert not {i["household_id"] for i in planned(office, "2026-12")} & {i["household_id"] for i in company}


def test_company_draw_after_the_office_plan_leaves_the_office_households_out(office):
    office.ok("visit", "plan", "--month", "2026-12", "--seed", "5")
    r = company_draw(office, "--seed", "7")
    assert r["basis"]["excluded_office"] == 10
    assert not {i["household_id"] for i in planned(office, "2026-12")} & {
        i["household_id"] for i in planned(office, "2026-12", "--company")
    }


def test_company_draw_size_is_policy(office, tmp_path):
    (tmp_path / "policy.toml").write_text("visit_company_share = 0.10\n", encoding="utf-8")
    assert company_draw(office, "--seed", "7")["drawn"] == 6  # 10 % of 60


def test_company_redraw_needs_redraw_and_a_reason(office, unchanged):
    company_draw(office, "--seed", "7")
    first = planned(office, "2026-12", "--company")
    with unchanged():
        assert (
            "--redraw"
            in office.fails("visit", "plan", "--month", "2026-12", "--company", "--seed", "8", "--by", "肖琳").stderr
        )
    with unchanged():
        assert (
            "--reason"
            in office.fails(
                "visit", "plan", "--month", "2026-12", "--company", "--seed", "8", "--redraw", "--by", "肖琳"
            ).stderr
        )
    r = company_draw(office, "--seed", "8", "--redraw", "--reason", "公司调整抽样")
    assert r["seed"] == 8 and planned(office, "2026-12", "--company") != first
    redraw = [e for e in events(office, record_table="visit_plans") if e["action"] == "redraw"]
    assert len(redraw) == 1 and redraw[0]["reason"] == "公司调整抽样"
    # a list may replace a draw the same way
    company_draw(office, "--households", "1栋/101", "--redraw", "--reason", "公司给定名单")
    assert [(i["building"], i["room"]) for i in planned(office, "2026-12", "--company")] == [("1栋", "101")]


def test_a_list_without_company_is_refused(office, unchanged):
    with unchanged():
        assert "--company" in office.fails("visit", "plan", "--month", "2026-12", "--households", "1栋/101").stderr


def test_a_company_list_takes_no_seed(office, unchanged):
    with unchanged():
        assert (
            "--seed"
            in office.fails(
                "visit",
                "plan",
                "--month",
                "2026-12",
                "--company",
                "--households",
                "1栋/101",
                "--seed",
                "3",
                "--by",
                "肖琳",
            ).stderr
        )


def test_planned_without_a_plan_is_refused(office):
    assert "visit plan" in office.fails("visit", "planned", "--month", "2026-12").stderr


def test_a_small_office_quota_and_its_parts_agree(cli, tmp_path):
    populate(cli, tmp_path, {"1栋": (6, 1, 101)}, STAFF)  # 6 occupied: 5 + 5 cannot all be asked
    q = cli.json("visit", "quota", "--month", "2026-12")
    assert q["required"] == 6
    assert {x["role"]: x["required"] for x in q["roles"]} == {"manager": 3, "supervisor": 3}
    p = cli.json("visit", "plan", "--month", "2026-12", "--seed", "5")
    assert (p["required"], p["drawn"], p["short"]) == (6, 6, 0)
    assert p["basis"]["role_minimums"] == 10 and p["basis"]["role_sum"] == 6
    items = planned(cli, "2026-12")
    assert len({i["household_id"] for i in items}) == 6
    assert Counter(i["role"] for i in items) == {"manager": 3, "supervisor": 3}


# --- the alternative (001) policy -------------------------------------------------------------


def test_policy_001_quota_per_building_and_role(office):
    q = office.json("visit", "quota", "--month", "2026-12", "--policy", POLICY_001)
    roles = {x["role"]: x["required"] for x in q["roles"]}
    # supervisor 3 per building, manager 1 per building, lobby assistant ceil(10 % × 35) + ceil(10 % × 25) = 4 + 3
    assert roles == {"supervisor": 6, "manager": 2, "lobby_assistant": 7}
    assert q["required"] == 15 and q["basis"]["method"] == "per_building"
    p = office.json("visit", "plan", "--month", "2026-12", "--seed", "5", "--policy", POLICY_001)
    assert (p["required"], p["drawn"]) == (15, 15)
    per = Counter((i["role"], i["building"]) for i in planned(office, "2026-12"))
    assert per == {
        ("supervisor", "1栋"): 3,
        ("supervisor", "2栋"): 3,
        ("manager", "1栋"): 1,
        ("manager", "2栋"): 1,
        ("lobby_assistant", "1栋"): 4,
        ("lobby_assistant", "2栋"): 3,
    }


def test_policy_from_a_file_beside_the_store(office, tmp_path):
    (tmp_path / "policy.toml").write_text(POLICY_001.read_text(encoding="utf-8"), encoding="utf-8")
    roles = {x["role"]: x["required"] for x in office.json("visit", "quota", "--month", "2026-12")["roles"]}
    assert roles == {"supervisor": 6, "manager": 2, "lobby_assistant": 7}


def test_policy_001_needs_two_visitors(office, unchanged):
    with unchanged():
        err = office.fails(*visit_record("1栋", "101", "2026-11-20T10:00", "--policy", POLICY_001)).stderr
        assert "2 visitor" in err
    v = record(office, "1栋", "101", "2026-11-20T10:00", "--policy", POLICY_001, visitors="林晓东,周敏")
    assert [x["name"] for x in v["visitors"]] == ["林晓东", "周敏"]
    assert [x["role"] for x in v["visitors"]] == ["supervisor", "lobby_assistant"]


def test_policy_001_home_visits_end_at_21(office, unchanged):
    with unchanged():
        err = office.fails(
            *home_args("1栋", "101", "2026-11-20T21:30", "--policy", POLICY_001, visitors="林晓东,周敏")
        ).stderr
        assert "21:00" in err
    v = home(office, "1栋", "101", "2026-11-20T21:30", visitors="林晓东,周敏")  # the default allows until 22:00
    assert v["started_at"] == "2026-11-20T21:30:00+08:00"


def test_policy_001_never_the_same_household_twice_within_two_months(office, unchanged):
    pol = ("--policy", POLICY_001)
    record(office, "1栋", "101", "2026-10-15T10:00", *pol, visitors="林晓东,周敏")
    with unchanged():
        err = office.fails(*visit_record("1栋", "101", "2026-11-20T10:00", *pol, visitors="林晓东,周敏")).stderr
        assert "2026-10-15" in err
    # the default policy has no such rule
    record(office, "1栋", "101", "2026-11-20T10:00")


def test_policy_001_a_december_visit_after_an_october_one_is_refused(office, unchanged):
    """Two months: a household visited in October is left out of December's plan (see the next test), and a
    December visit to it is refused as well."""
    pol = ("--policy", POLICY_001)
    record(office, "1栋", "101", "2026-10-15T10:00", *pol, visitors="林晓东,周敏")
    with unchanged():
        office.fails(
            *visit_record("1栋", "101", "2026-12-10T10:00", *pol, visitors="林晓东,周敏"),
            env={"COMMSCLI_NOW": "2026-12-10T12:00:00+08:00"},
        )


def test_policy_001_plan_leaves_out_households_visited_in_the_last_two_months(office):
    pol = ("--policy", POLICY_001)
    visited = [("1栋", str(101 + i)) for i in range(0, 35, 2)] + [("2栋", str(201 + i)) for i in range(0, 25, 2)]
    for n, (b, r) in enumerate(visited):
        record(office, b, r, f"2026-{10 + n % 2}-{10 + n % 10:02d}T10:00", *pol, visitors="林晓东,周敏")
    p = office.json("visit", "plan", "--month", "2026-12", "--seed", "5", *pol)
    assert p["basis"]["excluded_recent"] == len(visited)
    drawn = {(i["building"], i["room"]) for i in planned(office, "2026-12")}
    assert len(drawn) == 15 and not drawn & set(visited)


# --- rotation ---------------------------------------------------------------------------------

SMALL = {"1栋": (8, 1, 101), "2栋": (4, 0, 201)}  # 12 occupied


@pytest.fixture
def small(cli, tmp_path) -> Cli:
    """12 occupied households; a policy making the quota 2 + 2 = 4 a month (a cycle is 3 months)."""
    (tmp_path / "policy.toml").write_text("visit_min_manager = 2\nvisit_min_supervisor = 2\n", encoding="utf-8")
    populate(cli, tmp_path, SMALL, STAFF[:2])
    return cli


def visit_all(c: Cli, month: str, day: int = 10, keep=()) -> set:
    """Record a visit for every planned household of the month, except those in ``keep``."""
    done = set()
    for i in planned(c, month):
        if (i["building"], i["room"]) in keep:
            continue
        v = record(c, i["building"], i["room"], f"{month}-{day:02d}T10:00", visitors=i["staff"])
        assert v["plan_item_id"] is not None
        done.add(i["household_id"])
    return done


def test_rotation_draws_nobody_twice_until_everyone_was_visited(small):
    seen = set()
    for n, month in enumerate(["2026-06", "2026-07", "2026-08"]):
        p = small.json("visit", "plan", "--month", month, "--seed", str(n + 1))
        assert (p["required"], p["drawn"], p["cycle"], p["new_cycle_from"]) == (4, 4, 1, None)
        items = planned(small, month)
        assert all(i["cycle"] == 1 for i in items)
        drawn = {i["household_id"] for i in items}
        assert not drawn & seen, f"{month} drew a household already visited in this cycle"
        seen |= visit_all(small, month)
    assert len(seen) == 12
    q = small.json("visit", "quota", "--month", "2026-08")
    assert (q["planned"], q["done"], q["done_planned"], q["unplanned"]) == (4, 4, 4, 0)
    # the cycle ran out: the next plan starts cycle 2
    p = small.json("visit", "plan", "--month", "2026-09", "--seed", "4")
    assert p["new_cycle_from"] == 0 and p["drawn"] == 4
    assert {i["cycle"] for i in planned(small, "2026-09")} == {2}
    visit_all(small, "2026-09")
    p = small.json("visit", "plan", "--month", "2026-10", "--seed", "5")
    assert p["cycle"] == 2 and p["new_cycle_from"] is None
    assert not {i["household_id"] for i in planned(small, "2026-10")} & {
        i["household_id"] for i in planned(small, "2026-09")
    }


def test_rotation_a_planned_household_not_visited_stays_eligible(small):
    small.ok("visit", "plan", "--month", "2026-06", "--seed", "1")
    first = planned(small, "2026-06")
    skipped = (first[0]["building"], first[0]["room"])
    visited = visit_all(small, "2026-06", keep={skipped})
    assert len(visited) == 3
    assert planned(small, "2026-06")[0]["visit_id"] is None
    drawn = []
    for n, month in enumerate(["2026-07", "2026-08"]):
        small.ok("visit", "plan", "--month", month, "--seed", str(n + 2))
        drawn += planned(small, month)
        visit_all(small, month)
    # 12 − 3 visited = 9 eligible in cycle 1; the two plans take 8 of them and never a visited one
    assert not {i["household_id"] for i in drawn} & visited
    assert all(i["cycle"] == 1 for i in drawn)
    # the third plan takes the last one of cycle 1 (the skipped one if not yet drawn) and then starts cycle 2
    p = small.json("visit", "plan", "--month", "2026-09", "--seed", "9")
    items = planned(small, "2026-09")
    assert p["new_cycle_from"] == 1 and [i["cycle"] for i in items] == [1, 2, 2, 2]
    left = {i["household_id"] for i in first} | {i["household_id"] for i in drawn}
    assert items[0]["household_id"] not in visited
    if first[0]["household_id"] not in {i["household_id"] for i in drawn}:
        assert items[0]["household_id"] == first[0]["household_id"]
    assert len(left | {items[0]["household_id"]}) == 12


def test_an_unplanned_visit_counts_for_rotation(small):
    small.ok("visit", "plan", "--month", "2026-06", "--seed", "1")
    mine = {i["household_id"] for i in planned(small, "2026-06")}
    others = [h for h in small.json("household", "list", "--occupied", "yes") if h["id"] not in mine]
    for h in others[:8]:
        v = record(small, h["building"], h["room"], "2026-06-12T10:00")
        assert v["plan_item_id"] is None
    q = small.json("visit", "quota", "--month", "2026-06")
    assert (q["planned"], q["done"], q["unplanned"], q["done_planned"]) == (4, 8, 8, 0)
    # the 8 visited are out of July's draw: it takes the 4 planned-but-unvisited ones
    small.ok("visit", "plan", "--month", "2026-07", "--seed", "2")
    assert {i["household_id"] for i in planned(small, "2026-07")} == mine


# --- visit record ---------------------------------------------------------------------------


def test_record_planned_and_unplanned_visits_count_in_the_quota(office):
    office.ok("visit", "plan", "--month", "2026-11", "--seed", "5")
    items = planned(office, "2026-11")
    a = home(office, items[0]["building"], items[0]["room"], "2026-11-20T15:00", visitors=items[0]["staff"])
    b = record(
        office, items[1]["building"], items[1]["room"], "2026-11-20T16:00", method="户外", visitors=items[1]["staff"]
    )
    plan_rooms = {(i["building"], i["room"]) for i in items}
    free = next((b, str(r)) for b, r in [("1栋", n) for n in range(101, 136)] if (b, str(r)) not in plan_rooms)
    c = record(office, *free, "2026-11-21T09:00", visitors="王丽")
    assert a["plan_item_id"] and b["plan_item_id"] and c["plan_item_id"] is None
    assert (a["method"], b["method"], c["method"]) == ("home", "outdoor", "office")
    q = office.json("visit", "quota", "--month", "2026-11")
    assert (q["required"], q["planned"], q["done"], q["done_planned"], q["unplanned"]) == (10, 10, 3, 2, 1)
    done = {x["role"]: x["done"] for x in q["roles"]}
    assert done["clerk"] == 1 and done[items[0]["role"]] >= 1
    assert planned(office, "2026-11")[0]["visit_id"] == a["id"]
    listed = office.json("visit", "list", "--month", "2026-11")
    assert [v["id"] for v in listed] == [a["id"], b["id"], c["id"]]
    assert office.json("visit", "list", "--month", "2026-10") == []


def test_record_prints_the_submit_due_time(office):
    r = office.ok(*visit_record("1栋", "101", "2026-11-20T10:00"))
    assert "submit by 11-21 23:59" in r.stderr
    assert "State: recorded" in r.stdout and "Submit by: 11-21 23:59" in r.stdout  # the card of `visit show`


@pytest.mark.parametrize(
    "method, stored",
    [
        ("入户", "home"),
        ("来访", "office"),
        ("户外", "outdoor"),
        ("其他", "other"),
        ("home", "home"),
        ("outdoor", "outdoor"),
    ],
)
def test_record_methods_in_chinese_or_english(office, method, stored):
    extra = ("--appointment", "2026-11-20T09:30") if stored == "home" else ()
    v = record(office, "1栋", "101", "2026-11-20T10:00", *extra, method=method)
    assert v["method"] == stored


def test_home_visit_needs_an_appointment(office, unchanged):
    with unchanged():
        err = office.fails(*visit_record("1栋", "101", "2026-11-20T10:00", method="入户")).stderr
    assert "--appointment" in err


@pytest.mark.parametrize("at", ["2026-11-20T22:00", "2026-11-20T23:30"])
def test_home_visit_at_or_after_22_is_refused(office, unchanged, at):
    with unchanged():
        err = office.fails(*home_args("1栋", "101", at)).stderr
    assert "22:00" in err


def test_home_visit_just_before_22_and_office_visit_after_22_are_accepted(office):
    assert home(office, "1栋", "101", "2026-11-20T21:59")["state"] == "recorded"
    assert record(office, "1栋", "102", "2026-11-20T22:30")["method"] == "office"


@pytest.mark.parametrize(
    "args, named",
    [
        (("--building", "1栋", "--room", "999"), "999"),  # unknown household
        (("--household", "99999"), "99999"),  # unknown id
        (("--building", "1栋", "--room", "901"), "not occupied"),  # not occupied
        (("--building", "1栋", "--room", "101", "--visitors", "张三"), "张三"),  # not staff
        (("--building", "1栋", "--room", "101", "--method", "电话"), "电话"),  # no such method
        (("--building", "1栋", "--room", "101", "--item", "保洁:建议"), "--item"),
        (("--building", "1栋", "--room", "101", "--item", "厨房:建议:x"), "厨房"),
        (("--building", "1栋", "--room", "101", "--item", "保洁:表扬:x"), "表扬"),
        (("--building", "1栋", "--room", "101", "--at", "2026-11-24T10:00"), "--at"),  # in the future
        (("--room", "101"), "--building"),
    ],
)
def test_record_refuses_bad_input(office, unchanged, args, named):
    argv = ["visit", "record", *args]
    if "--visitors" not in args:
        argv += ["--visitors", "林晓东"]
    if "--method" not in args:
        argv += ["--method", "来访"]
    if "--at" not in args:
        argv += ["--at", "2026-11-20T10:00"]
    with unchanged():
        err = office.fails(*argv).stderr
    assert named in err


def test_unknown_household_leaves_the_store_unchanged_and_names_it(office, unchanged):
    with unchanged():
        err = office.fails(*visit_record("3栋", "101", "2026-11-20T10:00")).stderr
    assert "3栋" in err or "101" in err


def test_record_items_signature_and_private_remarks(office):
    v = home(
        office,
        "1栋",
        "101",
        "2026-11-20T15:00",
        "--item",
        "保洁:建议:楼道需加强清洁",
        "--item",
        "秩序:投诉:夜间噪音",
        "--item",
        "绿化：意见：草坪修剪及时",
        "--refused-sign",
        "--private",
        "家中老人独居，子女在外地",
    )
    assert v["signed"] == 0 and v["private_remarks"] == "(withheld)"
    assert v["household_phone"].startswith("138****")
    shown = office.json("visit", "show", v["id"])
    assert [(i["category"], i["kind"], i["text"]) for i in shown["items"]] == [
        ("cleaning", "suggestion", "楼道需加强清洁"),
        ("order_security", "complaint", "夜间噪音"),
        ("greening", "opinion", "草坪修剪及时"),
    ]
    assert shown["private_remarks"] == "(withheld)"
    assert shown["events"][0]["action"] == "create"
    text = office.ok("visit", "show", v["id"]).stdout
    assert "(withheld)" in text and "老人独居" not in text
    full = office.json("visit", "show", v["id"], "--show-personal")
    assert full["private_remarks"] == "家中老人独居，子女在外地" and full["household_phone"].startswith("138000")
    signed = record(office, "1栋", "102", "2026-11-20T16:00", "--signed")
    assert signed["signed"] == 1 and signed["private_remarks"] is None
    assert record(office, "1栋", "103", "2026-11-20T16:30")["signed"] is None


def test_private_remarks_never_leave_the_store_unasked(office, tmp_path):
    v = home(office, "1栋", "101", "2026-11-20T15:00", "--private", "家中老人独居")
    outputs = [
        office.ok("visit", "show", v["id"]),
        office.ok("--lang", "zh", "visit", "form", v["id"]),
        office.ok("--lang", "zh", "visit", "form", v["id"], "--format", "html"),
        office.ok("visit", "list", "--month", "2026-11"),
        office.ok("visit", "list", "--month", "2026-11", "--json"),
        office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11"),
        office.ok("visit", "submit", v["id"], "--at", "2026-11-21T09:00"),
        office.ok("--lang", "zh", "report", "monthly", "--month", "2026-11", "--json"),
    ]
    for r in outputs:
        assert "老人独居" not in r.stdout + r.stderr
    assert "老人独居" in office.ok("visit", "show", v["id"], "--show-personal").stdout


# --- submit and review --------------------------------------------------------------------


def test_submit_on_time_and_late(office):
    a = home(office, "1栋", "101", "2026-11-19T15:00")
    assert a["submit_due"] == "2026-11-20T23:59:59+08:00"
    r = office.json("visit", "submit", a["id"], "--at", "2026-11-20T23:00")
    assert (r["state"], r["submitted_late"]) == ("submitted", 0)
    b = home(office, "1栋", "102", "2026-11-19T16:00")
    r = office.ok("visit", "submit", b["id"], "--at", "2026-11-21T08:00")
    assert "submitted late" in r.stderr and "Late: yes" in r.stdout


def test_submit_twice_and_before_the_visit_refused(office, unchanged):
    v = home(office, "1栋", "101", "2026-11-19T15:00")
    with unchanged():
        office.fails("visit", "submit", v["id"], "--at", "2026-11-19T14:00")
    office.ok("visit", "submit", v["id"], "--at", "2026-11-20T09:00")
    with unchanged():
        assert "submitted" in office.fails("visit", "submit", v["id"], "--at", "2026-11-20T10:00").stderr
    with unchanged():
        office.fails("visit", "submit", "999", "--at", "2026-11-20T10:00")


def test_review_before_submit_and_by_the_wrong_person_refused(office, unchanged):
    v = home(office, "1栋", "101", "2026-11-19T15:00", "--item", "秩序:投诉:夜间噪音")
    with unchanged():
        assert "submit" in office.fails("visit", "review", v["id"], "--by", "林晓东", "--at", "2026-11-20T10:00").stderr
    office.ok("visit", "submit", v["id"], "--at", "2026-11-20T09:00")
    with unchanged():
        assert "王丽" in office.fails("visit", "review", v["id"], "--by", "王丽", "--at", "2026-11-20T10:00").stderr
    with unchanged():
        office.fails("visit", "review", v["id"], "--by", "周敏", "--at", "2026-11-20T10:00")
    with unchanged():
        assert "张三" in office.fails("visit", "review", v["id"], "--by", "张三", "--at", "2026-11-20T10:00").stderr
    with unchanged():
        office.fails("visit", "review", v["id"], "--by", "林晓东", "--at", "2026-11-20T08:00")  # before submission


def test_review_turns_complaints_and_suggestions_into_linked_tickets(office, unchanged):
    v = home(
        office,
        "1栋",
        "101",
        "2026-11-19T15:00",
        "--item",
        "保洁:建议:楼道需加强清洁",
        "--item",
        "秩序:投诉:夜间噪音",
        "--item",
        "绿化:意见:草坪修剪及时",
    )
    office.ok("visit", "submit", v["id"], "--at", "2026-11-20T09:00")
    r = office.json("visit", "review", v["id"], "--by", "林晓东", "--at", "2026-11-20T10:00")
    assert r["state"] == "reviewed" and r["reviewed_by"] == "林晓东" and len(r["tickets"]) == 2
    tickets = {t["kind"]: t for t in office.json("ticket", "list")}
    assert set(tickets) == {"suggestion", "complaint"}
    assert tickets["suggestion"]["description"] == "楼道需加强清洁"
    assert tickets["complaint"]["description"] == "夜间噪音"
    assert all((t["building"], t["room"]) == ("1栋", "101") for t in tickets.values())
    for t in tickets.values():
        full = office.json("ticket", "show", t["id"])
        assert full["channel"] == "visit" and full["source"] == f"visits/{v['id']}"
    items = {i["kind"]: i["ticket_id"] for i in office.json("visit", "show", v["id"])["items"]}
    assert items == {
        "suggestion": tickets["suggestion"]["id"],
        "complaint": tickets["complaint"]["id"],
        "opinion": None,
    }
    form = office.ok("--lang", "zh", "visit", "form", v["id"]).stdout
    assert f"#{tickets['complaint']['id']}" in form and "林晓东" in form
    with unchanged():
        office.fails("visit", "review", v["id"], "--by", "林晓东", "--at", "2026-11-20T11:00")


def test_review_by_the_manager_is_allowed(office):
    v = record(office, "1栋", "101", "2026-11-19T15:00", "--item", "便民:需求:代收快递")
    office.ok("visit", "submit", v["id"], "--at", "2026-11-20T09:00")
    r = office.json("visit", "review", v["id"], "--by", "陈建国", "--at", "2026-11-20T10:00")
    assert len(r["tickets"]) == 1
    assert office.json("ticket", "show", r["tickets"][0])["kind"] == "help"


# --- visit form -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_visit_form(office, fmt):
    v = home(
        office,
        "1栋",
        "101",
        "2026-11-20T15:00",
        "--item",
        "保洁:建议:楼道需加强清洁",
        "--refused-sign",
        "--private",
        "家中老人独居",
        visitors="林晓东,周敏",
    )
    out = office.ok("--lang", "zh", "visit", "form", v["id"], "--format", fmt).stdout
    assert "业户访问记录" in out and "金茂府物业服务中心" in out and "1栋101" in out
    assert "138****0000" in out and "13800000000" not in out
    assert "入户" in out and "林晓东、周敏" in out and "楼道需加强清洁" in out and "业户拒绝签名" in out
    assert "（已隐去）" in out and "老人独居" not in out
    if fmt == "html":
        assert "<html" in out.lower()
    full = office.ok("--lang", "zh", "visit", "form", v["id"], "--format", fmt, "--show-personal").stdout
    assert "13800000000" in full and "家中老人独居" in full


def test_visit_form_english_and_output_file(office, tmp_path):
    v = record(office, "1栋", "101", "2026-11-20T15:00")
    out = tmp_path / "v.md"
    office.ok("visit", "form", v["id"], "--lang", "en", "-o", out)
    assert "Household visit record" in out.read_text(encoding="utf-8")
    office.fails("visit", "form", "999")


# --- the monthly summary ------------------------------------------------------------------


def november(c: Cli):
    """A November plan, two planned visits (one refused to sign, with a complaint) and one unplanned."""
    c.ok("visit", "plan", "--month", "2026-11", "--seed", "5")
    items = planned(c, "2026-11")
    a = home(
        c,
        items[0]["building"],
        items[0]["room"],
        "2026-11-10T15:00",
        "--refused-sign",
        "--item",
        "秩序:投诉:夜间噪音",
        "--item",
        "保洁:建议:楼道需加强清洁",
        visitors=items[0]["staff"],
    )
    c.ok("visit", "submit", a["id"], "--at", "2026-11-11T09:00")
    c.ok("visit", "review", a["id"], "--by", "林晓东", "--at", "2026-11-11T10:00")
    b = record(c, items[1]["building"], items[1]["room"], "2026-11-12T10:00", "--signed", visitors=items[1]["staff"])
    c.ok("visit", "submit", b["id"], "--at", "2026-11-15T09:00")  # late
    rooms = {(i["building"], i["room"]) for i in items}
    free = next(("2栋", str(r)) for r in range(201, 226) if ("2栋", str(r)) not in rooms)
    record(c, *free, "2026-11-13T10:00", visitors="王丽")
    return items, a


def summary_step(step: str, by: str, at: str, *extra) -> tuple:
    """The words of `visit summary --complete` or `--approve` for November (``extra``: --measures …, --office …)."""
    return ("visit", "summary", "--month", "2026-11", f"--{step}", "--by", by, "--at", at, *extra)


DEC = lambda day, hh="10:00": {"COMMSCLI_NOW": f"2026-12-{day:02d}T{hh}:00+08:00"}  # noqa: E731


def test_summary_renders_quota_refusals_tickets_and_late_submissions(office):
    items, a = november(office)
    out = office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11").stdout
    assert "月度客户访问工作总结" in out and "2026-11" in out and "金茂府物业服务中心" in out
    assert " 10 " in out and " 3（" in out  # required 10 · planned 10 · done 3 (1 unplanned)
    assert f"{items[0]['building']}{items[0]['room']}" in out  # refused to sign
    assert "夜间噪音" in out and "楼道需加强清洁" in out
    data = office.json("visit", "summary", "--month", "2026-11")
    s = data["status"]
    assert (s["required"], s["planned"], s["done"], s["unplanned"]) == (10, 10, 3, 1)
    assert [v["id"] for v in data["refused"]] == [a["id"]]
    assert data["late_submissions"] == 1 and len(data["tickets"]) == 2 and data["due"] == "2026-12-05"
    assert {(c["category"], c["kind"]) for c in data["by_category"]} == {
        ("order_security", "complaint"),
        ("cleaning", "suggestion"),
    }
    assert data["summary"] is None
    html = office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11", "--format", "html").stdout
    assert "月度客户访问工作总结" in html


def test_summary_complete_on_time_then_approve_on_time(office):
    november(office)
    r = office.json(*summary_step("complete", "林晓东", "2026-12-04T17:00"), env=DEC(4, "18:00"))
    assert r["completed_late"] == 0 and r["completed_by"] == "林晓东" and r["due"] == "2026-12-05"
    assert r["approve_due"] == "2026-12-08"  # Friday + 2 working days
    r = office.ok(
        "--lang",
        "zh",
        *summary_step("approve", "陈建国", "2026-12-08T16:00", "--measures", "加强夜间巡查"),
        env=DEC(8, "18:00"),
    )
    assert r.stderr.strip() == "2026-11 访问工作总结已审批" and "逾期审批: 否" in r.stdout
    data = office.json("visit", "summary", "--month", "2026-11", env=DEC(8, "18:00"))
    assert data["summary"]["approved_late"] == 0 and data["summary"]["measures"] == "加强夜间巡查"
    out = office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11", env=DEC(8, "18:00")).stdout
    assert "加强夜间巡查" in out and "陈建国" in out and "（逾期）" not in out


def test_summary_complete_late_and_approve_late_are_flagged(office):
    november(office)
    r = office.ok("--lang", "zh", *summary_step("complete", "林晓东", "2026-12-07T09:00"), env=DEC(7))
    assert r.stderr.strip() == "2026-11 访问工作总结已完成（逾期）" and "逾期完成: 是" in r.stdout
    r = office.json(*summary_step("approve", "陈建国", "2026-12-10T09:00", "--measures", "加强夜间巡查"), env=DEC(10))
    assert r["approve_due"] == "2026-12-09" and r["approved_late"] == 1
    out = office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11", env=DEC(10)).stdout
    assert out.count("（逾期）") == 2


def test_summary_steps_refused(office, unchanged):
    november(office)
    late = DEC(10)
    with unchanged():  # the month has not ended
        assert "not ended" in office.fails(*summary_step("complete", "林晓东", "2026-11-23T09:00")).stderr
    with unchanged():  # not a supervisor
        office.fails(*summary_step("complete", "陈建国", "2026-12-04T09:00"), env=late)
    with unchanged():
        office.fails(*summary_step("complete", "王丽", "2026-12-04T09:00"), env=late)
    with unchanged():  # approve before complete
        assert (
            "--complete"
            in office.fails(*summary_step("approve", "陈建国", "2026-12-04T09:00", "--measures", "x"), env=late).stderr
        )
    office.ok("--lang", "zh", *summary_step("complete", "林晓东", "2026-12-04T09:00"), env=late)
    with unchanged():  # twice
        office.fails(*summary_step("complete", "林晓东", "2026-12-04T10:00"), env=late)
    with unchanged():  # no measures
        assert "--measures" in office.fails(*summary_step("approve", "陈建国", "2026-12-07T09:00"), env=late).stderr
    with unchanged():
        office.fails(*summary_step("approve", "陈建国", "2026-12-07T09:00", "--measures", "  "), env=late)
    with unchanged():  # not the manager
        office.fails(*summary_step("approve", "林晓东", "2026-12-07T09:00", "--measures", "x"), env=late)
    with unchanged():  # before the completion
        office.fails(*summary_step("approve", "陈建国", "2026-12-04T08:00", "--measures", "x"), env=late)
    with unchanged():  # --contact-letter with no measures beyond authority
        office.fails("visit", "summary", "--month", "2026-11", "--contact-letter", env=late)
    office.ok("--lang", "zh", *summary_step("approve", "陈建国", "2026-12-07T09:00", "--measures", "x"), env=late)
    with unchanged():  # twice
        office.fails(*summary_step("approve", "陈建国", "2026-12-07T10:00", "--measures", "y"), env=late)
    with unchanged():
        office.fails("visit", "summary", "--month", "2026-11", "--contact-letter", env=late)


def test_measures_beyond_authority_get_a_contact_letter(office):
    november(office)
    late = DEC(10)
    office.ok("--lang", "zh", *summary_step("complete", "林晓东", "2026-12-04T09:00"), env=late)
    office.ok(
        "--lang",
        "zh",
        *summary_step(
            "approve",
            "陈建国",
            "2026-12-07T09:00",
            "--measures",
            "加强夜间巡查",
            "--beyond-authority",
            "更换2栋电梯，需公司审批",
        ),
        env=late,
    )
    letter = office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11", "--contact-letter", env=late).stdout
    assert "工作联系函" in letter and "更换2栋电梯，需公司审批" in letter and "加强夜间巡查" in letter
    assert "2026-11" in letter and "陈建国" in letter
    html = office.ok(
        "--lang", "zh", "visit", "summary", "--month", "2026-11", "--contact-letter", "--format", "html", env=late
    ).stdout
    assert "工作联系函" in html and "更换2栋电梯" in html
    assert "更换2栋电梯" in office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11", env=late).stdout


# --- new residents ------------------------------------------------------------------------


def test_a_recent_move_in_gets_a_new_resident_callback(office):
    office.ok(
        "household",
        "add",
        "--office",
        "JM01",
        "--building",
        "1栋",
        "--room",
        "301",
        "--name",
        "新住户",
        "--move-in",
        "2026-11-10",
        "--at",
        "2026-11-20T10:00",
    )
    office.ok(
        "household",
        "add",
        "--office",
        "JM01",
        "--building",
        "1栋",
        "--room",
        "302",
        "--name",
        "老住户",
        "--move-in",
        "2020-05-01",
    )
    rows = office.json("callback", "list", "--kind", "new_resident")
    assert [(r["building"], r["room"]) for r in rows] == [("1栋", "301")]
    assert rows[0]["due_at"].startswith("2026-12-10") and rows[0]["state"] == "open"


def test_import_with_move_in_dates_creates_callbacks_once(office, tmp_path):
    csv = tmp_path / "new.csv"
    csv.write_text(
        "office,building,room,name,phone,move_in,occupied\n"
        "JM01,2栋,301,新甲,13900000001,2026-11-01,yes\n"
        "JM01,2栋,302,旧乙,13900000002,2019-03-01,yes\n"
        "JM01,2栋,303,空丙,,2026-11-02,no\n",
        encoding="utf-8",
    )
    office.ok("household", "import", csv)
    office.ok("household", "import", csv)
    rows = office.json("callback", "list", "--kind", "new_resident")
    assert [(r["room"], r["due_at"][:10]) for r in rows] == [("301", "2026-12-01")]


# --- the monthly report and report due ---------------------------------------------------


def test_monthly_report_has_the_visits_section(office):
    november(office)
    data = office.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in data["sections"] if s["key"] == "section.visits")
    figs = {f["key"]: f for f in section["figures"]}
    assert (figs["fig.visits_quota"]["numerator"], figs["fig.visits_quota"]["denominator"]) == (3, 10)
    assert figs["fig.visits_refused"]["value"] == 1 and figs["fig.visits_late"]["value"] == 1
    assert figs["fig.visit_tickets"]["value"] == 2
    text = office.ok("--lang", "zh", "report", "monthly", "--month", "2026-11").stdout
    assert "3/10" in text


def test_per_role_counts_add_up_to_the_visits_made_and_visitor_visits_are_shown_apart(office):
    office.ok("visit", "plan", "--month", "2026-11", "--seed", "5")
    items = planned(office, "2026-11")
    sup = next(i for i in items if i["role"] == "supervisor")
    mgr = next(i for i in items if i["role"] == "manager")
    # a supervisor's household visited by the supervisor with the lobby assistant: one visit, two visitors
    record(office, sup["building"], sup["room"], "2026-11-10T10:00", visitors="林晓东,周敏")
    # a manager's household: the clerk is named first, but the manager was there: the manager's visit
    record(office, mgr["building"], mgr["room"], "2026-11-11T10:00", visitors="王丽,陈建国")
    record(office, "2栋", "225", "2026-11-12T10:00", visitors="王丽")  # unplanned, one visitor
    q = office.json("visit", "quota", "--month", "2026-11")
    assert (q["done"], q["visitor_visits"]) == (3, 5)
    roles = {x["role"]: (x["done"], x["visitor_visits"]) for x in q["roles"]}
    assert roles == {"manager": (1, 1), "supervisor": (1, 1), "lobby_assistant": (0, 1), "clerk": (1, 2)}
    assert sum(d for d, _ in roles.values()) == q["done"] and sum(v for _, v in roles.values()) == q["visitor_visits"]
    text = office.ok("visit", "quota", "--month", "2026-11").stdout
    assert "done 3 visits by 5 visitor-visits" in text
    data = office.json("report", "monthly", "--month", "2026-11")
    section = next(s for s in data["sections"] if s["key"] == "section.visits")
    figs = {f["key"]: f["value"] for f in section["figures"]}
    assert figs["fig.visitor_visits"] == 5
    table = next(t for t in section["tables"] if t["key"] == "table.visit_roles")
    assert table["columns"][-2:] == ["form.done_once", "form.visitor_visits"]
    assert sum(r[-2] for r in table["rows"]) == 3 and sum(r[-1] for r in table["rows"]) == 5
    form = office.ok("--lang", "zh", "visit", "summary", "--month", "2026-11", "--format", "md").stdout
    assert "访问人次" in form and "| 客服前台 | 0 | 0 | 1 | 2 |" in form


def two_offices(c: Cli, folder: Path):
    """JM01 (the module's 60 households) and JM02 翠湖苑 with three households in A座 and its own staff."""
    c.ok("office", "add", "JM02", "--name", "翠湖苑物业服务中心", "--buildings", "A座")
    csv = folder / "jm02.csv"
    csv.write_text(
        "office,building,room,name,phone,occupied\n"
        + "".join(f"JM02,A座,{101 + i},甲{i},1370000000{i},yes\n" for i in range(3)),
        encoding="utf-8",
    )
    c.ok("household", "import", csv)
    c.ok("staff", "add", "赵云", "--office", "JM02", "--role", "supervisor")
    c.ok("staff", "add", "钱进", "--office", "JM02", "--role", "manager")


def test_monthly_report_names_the_office_of_every_per_office_figure(office, tmp_path):
    two_offices(office, tmp_path)
    office.ok("survey", "open", "--season", "2026-11", "--office", "JM02", "--at", "2026-11-02T09:00")
    office.ok(
        "survey",
        "record",
        "--season",
        "2026-11",
        "--office",
        "JM02",
        "--building",
        "A座",
        "--room",
        "101",
        "--grades",
        "保洁=满意",
        "--at",
        "2026-11-20T10:00",
    )
    office.ok("--lang", "zh", *summary_step("complete", "林晓东", "2026-12-04T17:00", "--office", "JM01"), env=DEC(8))
    office.ok(
        "--lang",
        "zh",
        *summary_step("approve", "陈建国", "2026-12-07T10:00", "--office", "JM01", "--measures", "加强夜间巡查"),
        env=DEC(8),
    )
    office.ok(
        "--lang", "zh", *summary_step("complete", "赵云", "2026-12-07T09:00", "--office", "JM02"), env=DEC(8)
    )  # late: due the 5th
    text = office.ok("--lang", "zh", "report", "monthly", "--month", "2026-11", env=DEC(8)).stdout
    for label in ("访问总结完成日期", "访问总结审批日期", "访问总结逾期环节"):
        assert not [line for line in text.splitlines() if line.strip().startswith(label)], label
    data = office.json("report", "monthly", "--month", "2026-11", env=DEC(8))
    section = next(s for s in data["sections"] if s["key"] == "section.visits")
    table = next(t for t in section["tables"] if t["key"] == "table.visit_summaries")
    by_office = {r[0]: r[1:] for r in table["rows"]}
    # completed, approved, steps late, survey returns
    none = {"rate": None, "numerator": 0, "denominator": 0}  # no survey: nothing to count
    assert by_office == {
        "JM01": ["2026-12-04", "2026-12-07", 0, none],
        "JM02": ["2026-12-07", "—", 1, {"rate": 1 / 3, "numerator": 1, "denominator": 3}],
    }
    assert "  JM01\t2026-12-04\t2026-12-07\t0\t— (0/0)\n" in text and "  JM02\t2026-12-07\t—\t1\t33.3% (1/3)\n" in text
    assert not [f for f in section["figures"] if f["key"].startswith("fig.summary_")]
    survey = next(f for f in section["figures"] if f["key"] == "fig.survey_returns")
    assert (survey["numerator"], survey["denominator"]) == (1, 3)  # the offices' surveys together


def test_report_due_lists_unsubmitted_visits_and_unreviewed_ones(office):
    a = record(office, "1栋", "101", "2026-11-22T10:00")
    b = record(office, "1栋", "102", "2026-11-21T10:00")
    office.ok("visit", "submit", b["id"], "--at", "2026-11-22T09:00")
    due = office.json("report", "due", "--within", "10")["due"]
    submit = [d for d in due if d["what"] == "due.visit_submit"]
    assert [(d["record"], d["due"]) for d in submit] == [(f"visits/{a['id']}", "2026-11-23T23:59:59+08:00")]
    assert [d["record"] for d in due if d["what"] == "due.visit_review"] == [f"visits/{b['id']}"]
    assert any(d["what"] == "due.visit_plan" and d["params"]["month"] == "2026-12" for d in due)
    office.ok("visit", "plan", "--month", "2026-12", "--seed", "1")
    due = office.json("report", "due", "--within", "10")["due"]
    assert not any(d["what"] == "due.visit_plan" for d in due)


def test_signed_and_refused_together_is_refused(office, unchanged):
    with unchanged():
        r = office.fails(*visit_record("1栋", "101", "2026-11-20T10:00", "--signed", "--refused-sign"))
    assert "--signed/--refused-sign" in r.stderr


def test_home_visits_keep_the_policy_hours(office, unchanged, tmp_path):
    with unchanged():
        r = office.fails(*home_args("1栋", "101", "2026-11-20T06:30"))
    assert "07:00" in r.stderr
    early = tmp_path / "policy.toml"
    early.write_text('visit_home_earliest = "06:00"\n', encoding="utf-8")
    assert home(office, "1栋", "101", "2026-11-20T06:30", "--policy", early)["started_at"].endswith("06:30:00+08:00")
