"""Listings made for 80 columns, cards instead of rows, and the formats scripts read (--json, --csv, --nl)."""

import csv
import io
import json
import re

import pytest
from rich.cells import cell_len

from tests.conftest import PHONE, Cli, copy_store, frozen_env


@pytest.fixture(scope="session")
def _demo(tmp_path_factory):
    """The demo store, built once per session at the frozen now (2026-11-23 10:00)."""
    folder = tmp_path_factory.mktemp("demo")
    c = Cli(folder / "demo.db")
    c.ok("demo", env=frozen_env(folder))
    return c.db


@pytest.fixture
def demo(tmp_path, _demo) -> Cli:
    c = Cli(tmp_path / "demo.db")
    copy_store(_demo, c.db)
    return c


# --- plain functions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, year, shown",
    [
        ("2026-11-23T14:30:00+08:00", 2026, "11-23 14:30"),
        ("2025-12-31T23:59:59+08:00", 2026, "2025-12-31 23:59"),
        ("2026-05-01", 2026, "05-01"),
        ("2019-05-01", 2026, "2019-05-01"),
        ("2026-W47", 2026, "2026-W47"),
    ],
)
def test_times_show_month_day_and_minutes_with_the_year_only_when_not_this_year(text, year, shown):
    from commscli.cli.views import short_time

    assert short_time(text, year) == shown


@pytest.mark.parametrize(
    "minutes, zh, en", [(150, "2小时30分", "2 h 30 min"), (1500, "1天1小时", "1 d 1 h"), (45, "45分钟", "45 min")]
)
def test_durations_in_words(minutes, zh, en):
    from commscli.cli.views import duration

    assert duration(minutes, "zh") == zh and duration(minutes, "en") == en


# --- every listing at 80 columns -----------------------------------------------------------

LISTINGS = [
    ("ticket", "list"),
    ("ticket", "list", "--all"),
    ("callback", "list"),
    ("callback", "list", "--state", "done"),
    ("household", "list"),
    ("staff", "list"),
    ("office", "list"),
    ("visit", "list", "--month", "2026-11"),
    ("visit", "planned", "--month", "2026-11"),
    ("calendar", "list", "--year", "2026"),
    ("service", "list"),
    ("box", "list"),
    ("letter", "list"),
    ("notice", "list"),
    ("meeting", "resolution", "list"),
    ("task", "list", "--all"),
    ("appeal", "list"),
    ("mailbox", "list"),
    ("mailbox", "surveys"),
    ("info", "list"),
    ("meeting", "list"),
    ("meeting", "plan", "--from", "2026-11-16", "--to", "2026-11-29"),
    ("stop", "coverage", "--month", "2026-10"),
    ("stop", "list", "--month", "2026-10"),
]


def table_rows(text: str) -> list[list[str]]:
    """The body of a rich SQUARE table as logical rows of cells (the fragments of a folded cell joined)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("├"))
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("└"):
            break
        cells = [c.strip() for c in line.split("│")[1:-1]]
        if cells[0]:
            rows.append([[c] for c in cells])
        else:
            for frags, c in zip(rows[-1], cells, strict=False):
                frags.append(c)
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_every_listing_fits_80_columns_and_cuts_no_value(demo, lang, args):
    plain = demo.ok(*args, "--limit", "20", env={"COMMSCLI_LANG": lang}).stdout.splitlines()
    shown = demo.ok(
        *args, "--limit", "20", env={"COMMSCLI_LANG": lang, "COLUMNS": "80", "COMMSCLI_FORCE_TTY": "1"}
    ).stdout
    assert len(plain) > 1, f"{args}: the demo store should list something"
    header = plain[0].split("\t")
    assert len(header) <= 6, f"{args}: {len(header)} default columns"
    assert "…" not in shown
    assert all(cell_len(line) <= 80 for line in shown.splitlines()), shown
    rows = table_rows(shown)
    assert len(rows) == len(plain) - 1
    for line, cells in zip(plain[1:], rows, strict=False):
        for value, frags in zip(line.split("\t"), cells, strict=False):
            joined = "".join(f for f in frags if f)
            assert joined.replace(" ", "") == value.replace(" ", ""), f"{args}: {value!r} shown as {frags}"
            if len(value) <= 12:  # a short value (a number, a room, a code's name, a time) is never broken
                assert len([f for f in frags if f]) <= 1, f"{args}: {value!r} broken over lines: {frags}"


def test_ticket_list_reads_in_chinese_with_its_six_columns(demo):
    out = demo.ok("--lang", "zh", "ticket", "list").stdout.splitlines()
    assert out[0].split("\t") == ["单号", "状态", "房号", "类型", "时限", "内容"]
    assert all(re.fullmatch(r"\d+", line.split("\t")[0]) for line in out[1:])
    assert {line.split("\t")[1] for line in out[1:]} <= {"已受理", "已派工", "已到场", "已处理", "已回复"}
    assert re.fullmatch(r"\d\d-\d\d \d\d:\d\d.*", out[1].split("\t")[4])
    en = demo.ok("--lang", "en", "ticket", "list").stdout.splitlines()
    assert en[0].split("\t") == ["No.", "State", "Room", "Kind", "Due", "Content"]


# --- ticket list: open, newest first; --all; the limit ------------------------------------


def test_ticket_list_shows_open_tickets_newest_first_and_all_with_all(office):
    for at in ("2026-11-20 09:00", "2026-11-21 09:00", "2026-11-22 09:00"):
        office.ok("ticket", "new", "--kind", "inquiry", "-d", f"问 {at}", "--household", "1", "--at", at)
    office.ok("ticket", "cancel", "2", "--reason", "重复")
    ids = [r["id"] for r in office.json("ticket", "list")]
    assert ids == [3, 1]
    assert [r["id"] for r in office.json("ticket", "list", "--all")] == [3, 2, 1]


def test_a_listing_shows_fifty_rows_and_says_how_many_more(demo):
    import sqlite3

    total = sqlite3.connect(str(demo.db)).execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    assert total > 60 and len(demo.json("ticket", "list", "--all")) == total  # scripts get every row
    r = demo.ok("--lang", "zh", "ticket", "list", "--all")
    assert len(r.stdout.splitlines()) == 1 + 50
    assert f"另有 {total - 50} 条未显示" in r.stderr and f"--limit {total}" in r.stderr
    en = demo.ok("--lang", "en", "ticket", "list", "--all", "--limit", "10")
    assert len(en.stdout.splitlines()) == 11 and f"{total - 10} more not shown" in en.stderr
    assert len(demo.json("ticket", "list", "--all", "--limit", "5")) == 5


def test_wide_shows_every_column_and_fields_chooses_them(demo):
    wide = demo.ok("--lang", "en", "ticket", "list", "--wide").stdout.splitlines()[0].split("\t")
    assert len(wide) > 6 and {"Office", "Priority", "Reported"} <= set(wide)
    chosen = demo.ok("--lang", "en", "ticket", "list", "--fields", "id,priority,state").stdout.splitlines()
    assert chosen[0] == "No.\tPriority\tState"
    docs = demo.json("ticket", "list", "--fields", "id,state")
    assert docs and all(set(d) == {"id", "state"} for d in docs)
    r = demo.fails("ticket", "list", "--fields", "id,colour")
    assert "--fields='colour'" in r.stderr and "id, state" in r.stderr


# --- --csv, --nl --------------------------------------------------------------------------


def test_csv_is_utf8_with_a_bom_and_reads_back_into_the_import(office, tmp_path):
    r = office.ok("household", "list", "--csv", "--show-personal")
    assert r.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(r.stdout.lstrip("\ufeff"))))
    assert list(rows[0]) == [
        "office",
        "building",
        "room",
        "name",
        "phone",
        "kind",
        "use",
        "move_in",
        "occupied",
        "important",
    ]
    assert rows[0]["phone"] == PHONE and rows[0]["occupied"] == "true" and rows[0]["kind"] == "owner"
    path = tmp_path / "households.csv"
    path.write_text(r.stdout, encoding="utf-8")
    again = office.json("household", "import", str(path))  # the same household: read back, already there
    assert again["rows"] == 1 and again["existing"] == 1 and not again["skipped"]


def test_csv_cells_that_look_like_formulas_are_text(office):
    office.ok("ticket", "new", "--kind", "inquiry", "-d", "=1+1 问", "--household", "1")
    rows = list(csv.DictReader(io.StringIO(office.ok("ticket", "list", "--csv").stdout.lstrip("\ufeff"))))
    assert rows[0]["description"] == "'=1+1 问" and rows[0]["kind"] == "inquiry"


@pytest.mark.parametrize(
    "args",
    [
        ("ticket", "list", "--all"),
        ("callback", "list"),
        ("household", "list"),
        ("staff", "list"),
        ("office", "list"),
        ("visit", "list", "--month", "2026-11"),
        ("visit", "planned", "--month", "2026-11"),
        ("calendar", "list", "--year", "2026"),
    ],
    ids=" ".join,
)
def test_every_listing_takes_json_csv_and_nl(demo, args):
    docs = demo.json(*args)
    nl = [json.loads(line) for line in demo.ok(*args, "--nl").stdout.splitlines()]
    assert nl == docs and docs
    rows = list(csv.DictReader(io.StringIO(demo.ok(*args, "--csv").stdout.lstrip("\ufeff"))))
    assert len(rows) == len(docs)
    demo.fails(*args, "--csv", "--nl")


# --- cards --------------------------------------------------------------------------------


def test_ticket_show_is_a_card_with_state_deadlines_and_timeline_in_words(office):
    office.ok(
        "ticket",
        "new",
        "--kind",
        "repair",
        "-d",
        "厨房水管漏水，水槽下方一直滴水",
        "--household",
        "1",
        "--at",
        "2026-11-23 09:00",
    )
    office.ok("ticket", "dispatch", "1", "--to", "刘强", "--at", "2026-11-23 09:30")
    zh = office.ok("--lang", "zh", "ticket", "show", "1").stdout.splitlines()
    assert zh[0] == "诉求单 #1 · 报修 · 一般" and "状态: 已派工" in zh and "房号: 1栋/101" in zh
    # a normal repair is due on site by the end of the day: 23:59:59 − 10:00 = 13 h 59 min left
    assert "  到场（时效）  11-23 23:59  待完成，还剩 13小时59分" in zh
    assert "  11-23 09:00  tester  受理" in zh and "  11-23 09:30  tester  派工  刘强" in zh
    assert "电话: 138****8000" in zh and PHONE not in "\n".join(zh)
    en = office.ok("ticket", "show", "1").stdout.splitlines()
    assert "State: dispatched" in en and "  arrive (SLA)  11-23 23:59  pending, 13 h 59 min left" in en
    late = office.ok("ticket", "show", "1", env={"COMMSCLI_NOW": "2026-11-24T01:00:00+08:00"}).stdout
    assert "arrive (SLA)  11-23 23:59  missed, 1 h 0 min overdue" in late
    office.ok("ticket", "arrive", "1", "--at", "2026-11-23 09:50")
    assert "arrive (SLA)  11-23 23:59  met, done 11-23 09:50" in office.ok("ticket", "show", "1").stdout
    whole = office.json("ticket", "show", "1")
    assert {"deadlines", "timeline", "callbacks", "sla", "reported_at"} <= set(whole)


@pytest.mark.parametrize(
    "args, title",
    [
        (("household", "show", "1"), "业户 #1"),
        (("staff", "show", "1"), "人员 #1"),
        (("office", "show", "JM01"), "管理处 JM01"),
    ],
)
def test_registry_show_is_a_card(office, args, title):
    out = office.ok("--lang", "zh", *args).stdout.splitlines()
    assert out[0] == title and "变更记录:" in out
    assert not any(line.startswith(("id:", "created_by:", "events:")) for line in out)


def test_callback_and_visit_show_are_cards(demo):
    cb = demo.json("callback", "list", "--limit", "1")[0]
    out = demo.ok("--lang", "zh", "callback", "show", cb["id"]).stdout.splitlines()
    assert out[0] == f"回访 #{cb['id']}" and f"房号: {cb['building']}/{cb['room']}" in out
    assert any(line.startswith("电话: ") and "****" in line for line in out)
    v = demo.json("visit", "list", "--month", "2026-11", "--limit", "1")[0]
    out = demo.ok("--lang", "zh", "visit", "show", v["id"]).stdout.splitlines()
    assert out[0] == f"访问记录 #{v['id']}" and "变更记录:" in out and any(line.startswith("方式: ") for line in out)


# --- one JSON shape per record type -------------------------------------------------------


def test_one_json_shape_for_tickets_across_new_steps_list_and_show(office):
    new = office.json("ticket", "new", "--kind", "repair", "-d", "灯不亮", "--household", "1")
    step = office.json("ticket", "dispatch", "1", "--to", "刘强")
    listed = office.json("ticket", "list")[0]
    shown = office.json("ticket", "show", "1")
    assert set(new) == set(step) == set(listed) and set(listed) <= set(shown)
    assert {k: shown[k] for k in listed} == listed
    assert new["paid"] is False and new["without_visit"] is False and new["kind"] == "repair"
    assert new["sla_state"] == "open" and listed["state"] == "dispatched"


def test_one_json_shape_for_households_and_staff(cli):
    added = cli.json("household", "add", "--office", "JM01", "--building", "1栋", "--room", "101", "--occupied", "否")
    listed = cli.json("household", "list")[0]
    updated = cli.json("household", "update", "1", "--occupied", "是", "--reason", "入住")
    shown = cli.json("household", "show", "1")
    assert set(added) == set(listed) == set(updated) and set(listed) <= set(shown)
    assert added["occupied"] is False and updated["occupied"] is True and shown["occupied"] is True
    s = cli.json("staff", "add", "刘强", "--office", "JM01", "--role", "工程")
    assert s["active"] is True and s["role"] == "engineering"
    assert set(s) == set(cli.json("staff", "list")[0]) and set(s) <= set(cli.json("staff", "show", "1"))


def test_one_json_shape_for_callbacks_and_visits(demo):
    listed = demo.json("callback", "list", "--limit", "1")[0]
    shown = demo.json("callback", "show", listed["id"])
    assert {k: shown[k] for k in listed} == listed and isinstance(listed["defect_persists"], bool)
    done = demo.json(
        "callback", "record", listed["id"], "--method", "phone", "--result", "已修好", "--satisfaction", "满意"
    )
    assert set(done) >= set(listed) and done["state"] == "done" and done["satisfaction"] == "satisfied"
    v = demo.json("visit", "list", "--month", "2026-11", "--limit", "1")[0]
    vs = demo.json("visit", "show", v["id"])
    assert {k: vs[k] for k in v} == v and isinstance(v["signed"], bool) and isinstance(v["submitted_late"], bool)
    assert v["method"] in ("home", "office", "outdoor", "other")
