"""callback sample / list / record / show, and the callbacks a ticket creates by itself, through the CLI
on a frozen clock (now: Monday 2026-11-23 10:00 +08:00; ISO week 2026-W46 is Mon 11-09 .. Sun 11-15)."""

import json
import math

import pytest

from tests.conftest import PHONE, Cli, copy_store, dump, ticket_new

MASKED = "138****8000"


# stores: conftest's ``cli`` (office JM01) and ``office`` (plus household 1栋/101 and engineer 刘强)


# --- helpers -------------------------------------------------------------------------------


def new(c: Cli, kind: str, when: str, *extra, desc: str = "卫生间漏水") -> int:
    return c.json(*ticket_new(kind, when, *extra, desc=desc))["id"]


def step(c: Cli, action: str, tid: int, *args, when: str) -> dict:
    return c.json("ticket", action, tid, *args, "--at", when)


def resolved_complaint(c: Cli, resolved_at: str) -> int:
    """A complaint reported 30 min before ``resolved_at`` and resolved then: its callback is due 24 h later."""
    from datetime import datetime, timedelta

    reported = (datetime.fromisoformat(resolved_at) - timedelta(minutes=30)).isoformat(timespec="minutes")
    tid = new(c, "投诉", reported, desc="电梯噪音")
    step(c, "resolve", tid, "--note", "已调整电梯", when=resolved_at)
    return tid


def callbacks(c: Cli, *extra) -> list[dict]:
    return c.json("callback", "list", "--all", *extra)


def of_ticket(c: Cli, tid: int, kind: str | None = None) -> list[dict]:
    return [cb for cb in callbacks(c) if cb["ticket_id"] == tid and (kind is None or cb["kind"] == kind)]


def record(c: Cli, cid: int, *extra, when: str = "2026-11-23T09:30", result: str = "已修好，业主认可"):
    return c.json("callback", "record", cid, "--method", "电话", "--result", result, *extra, "--at", when)


# Repairs resolved in W46 (12), and around it: resolved 11-08 23:59 (W45), an inquiry resolved in W46,
# a repair reported in W46 but resolved 11-17.
HEADER = "编号,管理处,楼栋,房号,类型,紧急程度,内容,报告时间,派工时间,到场时间,完成时间,处理结果"


def _w46_rows() -> list[str]:
    rows = []
    for i in range(11):
        day, hour = 9 + i % 7, 8 + i // 7
        t = f"2026-11-{day:02d} {hour:02d}"
        rows.append(f"S-{i + 1:02d},JM01,1栋,101,报修,一般,维修{i + 1},{t}:00,{t}:05,{t}:10,{t}:50,已修复")
    rows.append(
        "S-12,JM01,1栋,101,报修,急,深夜漏水,2026-11-15 22:00,2026-11-15 22:02,2026-11-15 22:10,"
        "2026-11-15 23:59:59,已修复"
    )
    return rows


OUTSIDE = [
    "X-45,JM01,1栋,101,报修,一般,上周维修,2026-11-08 20:00,2026-11-08 20:05,2026-11-08 20:10,2026-11-08 23:59,已修复",
    "X-IQ,JM01,1栋,101,咨询,,咨询停车,2026-11-11 09:00,,,2026-11-11 09:10,已答复",
    "X-47,JM01,1栋,101,报修,一般,跨周维修,2026-11-13 09:00,2026-11-13 09:05,2026-11-13 09:10,2026-11-17 10:00,已修复",
]


def population(c: Cli, folder) -> set[int]:
    """Import the week's history; add through the CLI one repair resolved at 2026-11-16 00:00 (W47).
    Returns the ids of the 12 repairs resolved in W46."""
    path = folder / "w46.csv"
    path.write_text("\n".join([HEADER, *_w46_rows(), *OUTSIDE]) + "\n", encoding="utf-8")
    result = c.json("ticket", "import", path)
    assert result["inserted"] == 15
    tid = new(c, "repair", "2026-11-15T23:30", desc="午夜报修")
    step(c, "dispatch", tid, "--to", "刘强", when="2026-11-15T23:35")
    step(c, "arrive", tid, when="2026-11-15T23:45")
    step(c, "resolve", tid, "--note", "已修复", when="2026-11-16T00:00")
    rows = c.json("ticket", "list", "--kind", "repair")
    return {
        r["id"]
        for r in rows
        if "2026-11-09" <= r["reported_at"][:10] <= "2026-11-15"
        and r["description"] != "跨周维修"
        and r["description"] != "午夜报修"
    }


@pytest.fixture
def week(office, tmp_path):
    """The office with the W46 population; returns (cli, ids of the 12 repairs resolved in W46)."""
    ids = population(office, tmp_path)
    assert len(ids) == 12
    return office, ids


def draw(c: Cli, *extra, week_: str = "2026-W46", seed: int = 7, when: str = "2026-11-23T08:00") -> dict:
    out = c.json("callback", "sample", "--week", week_, "--seed", seed, "--at", when, *extra)
    assert len(out) == 1
    return out[0]


# --- the weekly sample ---------------------------------------------------------------------


def test_sample_draws_20_percent_rounded_up_of_the_dispatch_orders_of_the_week(week):
    """SPEC §2 as revised (004): the population is the week's dispatch orders (维修派工单), the repairs
    dispatched Mon 11-09 00:00 .. Sun 11-15 24:00: the 12 resolved that week, the one dispatched 11-13 and
    resolved 11-17, and the one dispatched Sun 23:35 and resolved Mon 00:00 (14); not the one dispatched 11-08."""
    c, ids = week
    late = {r["id"] for r in c.json("ticket", "list", "--all") if r["description"] in ("跨周维修", "午夜报修")}
    s = draw(c)
    assert (s["office"], s["week"], s["seed"]) == ("JM01", "2026-W46", 7)
    assert s["population"] == 14 and s["size"] == math.ceil(0.2 * 14) == 3
    assert len(set(s["ticket_ids"])) == 3 and set(s["ticket_ids"]) <= ids | late
    sampled = callbacks(c, "--kind", "sample")
    assert sorted(cb["ticket_id"] for cb in sampled) == sorted(s["ticket_ids"])
    assert {(cb["state"], cb["owed_by"], cb["due_at"]) for cb in sampled} == {
        ("open", "office", "2026-11-30T08:00:00+08:00")
    }  # called back within 7 days of the draw
    # resolved in W47, but dispatched in W46: no dispatch order of W47
    assert draw(c, week_="2026-W47")["population"] == 0


def test_sample_plain_output(week):
    c, _ = week
    r = c.ok("callback", "sample", "--week", "2026-W46", "--seed", "7")  # drawn now
    assert r.stdout.startswith("JM01 2026-W46: 3 of 14 dispatch orders (seed 7): #")
    assert r.stdout.count("#") == 3
    assert {cb["due_at"] for cb in callbacks(c, "--kind", "sample")} == {"2026-11-30T10:00:00+08:00"}


def test_sample_line_in_chinese(week):
    c, _ = week
    r = c.ok("callback", "sample", "--week", "2026-W46", "--seed", "7", env={"COMMSCLI_LANG": None})
    assert r.stdout.startswith("JM01 2026-W46：从 14 张维修派工单中抽取 3 张（随机种子 7）：#")


def test_the_same_seed_on_an_identical_store_gives_the_same_sample(week, tmp_path):
    c, _ = week
    twin = Cli(tmp_path / "twin.db")
    copy_store(c.db, twin.db)
    assert draw(c)["ticket_ids"] == draw(twin)["ticket_ids"]
    assert dump(c.db) == dump(twin.db)


def test_a_sample_without_a_seed_records_the_one_it_used(week):
    c, _ = week
    s = c.json("callback", "sample", "--week", "2026-W46", "--at", "2026-11-23T08:00")[0]
    assert isinstance(s["seed"], int) and s["size"] == 3
    # replaying that seed on the redraw gives the same tickets
    again = draw(c, "--redraw", "--reason", "核对抽样", seed=s["seed"])
    assert again["ticket_ids"] == s["ticket_ids"]


def test_drawing_a_week_twice_needs_redraw_and_a_reason(week, unchanged):
    c, _ = week
    first = draw(c)
    done = first["ticket_ids"][0]
    cid = of_ticket(c, done, "sample")[0]["id"]
    record(c, cid, "--satisfaction", "满意")
    with unchanged():
        r = c.fails("callback", "sample", "--week", "2026-W46", "--seed", "8")
        assert "already drawn" in r.stderr and "--redraw" in r.stderr
        assert "--reason" in c.fails("callback", "sample", "--week", "2026-W46", "--seed", "8", "--redraw").stderr
        c.fails("callback", "sample", "--week", "2026-W46", "--seed", "8", "--redraw", "--reason", "  ")
    second = draw(c, "--redraw", "--reason", "首次抽样漏了一栋", seed=8)
    assert second["id"] != first["id"] and second["size"] == 3
    old = {cb["ticket_id"]: cb for cb in callbacks(c, "--kind", "sample") if cb["sample_id"] == first["id"]}
    assert old[done]["state"] == "done"  # what was recorded stays recorded
    assert {cb["state"] for t, cb in old.items() if t != done} == {"cancelled"}
    assert all(cb["cancel_reason"] == "sample redrawn" for t, cb in old.items() if t != done)
    new_ = [cb for cb in callbacks(c, "--kind", "sample") if cb["sample_id"] == second["id"]]
    assert sorted(cb["ticket_id"] for cb in new_) == second["ticket_ids"]
    assert {cb["state"] for cb in new_} == {"open"}


def test_a_redraw_records_an_event_for_each_callback_it_cancels(week):
    from tests.conftest import events

    c, _ = week
    first = draw(c)
    done = of_ticket(c, first["ticket_ids"][0], "sample")[0]["id"]
    record(c, done, "--satisfaction", "满意")
    c.json(
        "callback",
        "sample",
        "--week",
        "2026-W46",
        "--seed",
        "8",
        "--redraw",
        "--reason",
        "首次抽样漏了一栋",
        "--at",
        "2026-11-23T09:40",
        "--by",
        "品质部李工",
    )
    cancelled = {cb["id"] for cb in callbacks(c, "--state", "cancelled")}
    assert len(cancelled) == 2 and done not in cancelled
    cancels = events(c, record_table="callbacks", action="cancel")
    assert sorted(e["record_id"] for e in cancels) == sorted(cancelled)
    for e in cancels:
        assert (e["by"], e["at"]) == ("品质部李工", "2026-11-23T09:40:00+08:00")
        assert e["reason"] == "sample redrawn: 首次抽样漏了一栋"
        assert '"cancelled"' in e["after"] and '"open"' in e["before"]


def test_a_week_not_ended_or_malformed_is_refused(week, unchanged):
    c, _ = week
    with unchanged():
        r = c.fails("callback", "sample", "--week", "2026-W48", "--seed", "7")
        assert "not ended" in r.stderr
        for bad in ("2026-47", "2026-W54", "W46", "2026W46", "last week", ""):
            assert "--week" in c.fails("callback", "sample", "--week", bad, "--seed", "7").stderr, bad
        c.fails("callback", "sample", "--week", "2026-W46", "--office", "XX99")


def test_a_draw_dated_before_the_week_ends_is_refused(week, unchanged):
    # W47 ends Mon 11-23 00:00; a draw recorded as made on Sunday 23:00 could not see the whole week
    c, _ = week
    with unchanged():
        r = c.fails("callback", "sample", "--week", "2026-W47", "--seed", "7", "--at", "2026-11-22T23:00")
    assert "not ended" in r.stderr


def test_a_week_with_no_repairs_draws_an_empty_sample(office):
    s = draw(office, week_="2026-W45")
    assert (s["population"], s["size"], s["ticket_ids"]) == (0, 0, [])


# --- record ------------------------------------------------------------------------------


def test_record_a_callback(office):
    tid = resolved_complaint(office, "2026-11-23T08:00")
    cb = of_ticket(office, tid, "complaint")[0]
    assert cb["due_at"] == "2026-11-24T08:00:00+08:00" and cb["state"] == "open"
    out = office.json(
        "callback",
        "record",
        cb["id"],
        "--method",
        "电话",
        "--result",
        "业主表示满意",
        "--satisfaction",
        "满意",
        "--at",
        "2026-11-23T09:30",
        "--by",
        "王丽",
    )
    assert (out["state"], out["method"], out["satisfaction"], out["done_at"], out["recorded_by"]) == (
        "done",
        "phone",
        "satisfied",
        "2026-11-23T09:30:00+08:00",
        "王丽",
    )
    assert out["rework_ticket_id"] is None and out["phone"] == MASKED
    shown = office.json("ticket", "show", tid)["callbacks"]
    assert [(c["kind"], c["state"], c["satisfaction"]) for c in shown] == [("complaint", "done", "satisfied")]


@pytest.mark.parametrize("method, canonical", [("电话", "phone"), ("上门", "visit"), ("sms", "sms")])
def test_record_methods_in_chinese_and_english(office, method, canonical):
    cid = of_ticket(office, resolved_complaint(office, "2026-11-23T08:00"))[0]["id"]
    out = office.json(
        "callback",
        "record",
        cid,
        "--method",
        method,
        "--result",
        "已回访",
        "--satisfaction",
        "很满意",
        "--at",
        "2026-11-23T09:00",
    )
    assert (out["method"], out["satisfaction"]) == (canonical, "very_satisfied")


def test_recording_twice_and_bad_input_are_refused(office, unchanged):
    cid = of_ticket(office, resolved_complaint(office, "2026-11-23T08:00"))[0]["id"]
    with unchanged():
        for args, named in (
            (("--method", "电话", "--satisfaction", "非常好"), "--satisfaction"),
            (("--method", "邮件", "--satisfaction", "满意"), "--method"),
            (("--method", "电话", "--satisfaction", "满意", "--at", "2026-11-23T07:00"), "--at"),
            (("--method", "电话", "--at", "2026-11-23T10:30"), "future"),
            (("--method", "电话", "--at", "soon"), "--at"),
        ):
            r = office.fails("callback", "record", cid, "--result", "已回访", *args)
            assert named in r.stderr, (args, r.stderr)
        assert "--result" in office.fails("callback", "record", cid, "--method", "电话", "--result", " ").stderr
        office.fails("callback", "record", 999, "--method", "电话", "--result", "x")
        # a defect cannot persist on a complaint: only repairs are re-repaired
        assert (
            "--defect-persists"
            in office.fails(
                "callback",
                "record",
                cid,
                "--method",
                "电话",
                "--result",
                "x",
                "--defect-persists",
                "--at",
                "2026-11-23T09:00",
            ).stderr
        )
    record(office, cid, "--satisfaction", "满意")
    with unchanged():
        r = office.fails(
            "callback", "record", cid, "--method", "电话", "--result", "再次回访", "--at", "2026-11-23T09:40"
        )
    assert "done" in r.stderr


def test_a_persisting_defect_opens_a_re_repair_and_a_special_callback(week):
    c, _ = week
    original = draw(c)["ticket_ids"][0]
    cid = of_ticket(c, original, "sample")[0]["id"]
    r = c.ok(
        "callback",
        "record",
        cid,
        "--method",
        "电话",
        "--result",
        "仍然漏水",
        "--satisfaction",
        "不满意",
        "--defect-persists",
        "--at",
        "2026-11-23T09:30",
    )
    assert "re-repair ticket #" in r.stderr
    out = c.json("callback", "show", cid)
    rework = out["rework_ticket_id"]
    assert out["defect_persists"] == 1 and out["state"] == "done"
    t = c.json("ticket", "show", rework)
    assert (t["kind"], t["parent_id"], t["state"], t["household_id"]) == ("repair", original, "received", 1)
    assert t["reported_at"] == "2026-11-23T09:30:00+08:00" and "仍然漏水" in t["description"]
    assert c.json("ticket", "show", original)["reworked"] == 1
    special = of_ticket(c, rework, "special")
    assert [(s["state"], s["due_at"]) for s in special] == [("open", "2026-11-24T09:30:00+08:00")]
    figs = {f["key"]: f for f in _section(c)["figures"]}
    assert figs["fig.reworked"]["numerator"] == 1 and figs["fig.re_repairs"]["value"] == 1


# --- list and show --------------------------------------------------------------------------


def test_list_due_overdue_and_kind(office):
    tomorrow = resolved_complaint(office, "2026-11-23T09:00")  # due 11-24 09:00
    overdue = resolved_complaint(office, "2026-11-22T09:00")  # due 11-23 09:00: past
    later_today = resolved_complaint(office, "2026-11-22T15:00")  # due 11-23 15:00: today, not past
    done = resolved_complaint(office, "2026-11-21T09:00")
    record(office, of_ticket(office, done)[0]["id"], "--satisfaction", "满意")

    def tickets(*extra):
        return {cb["ticket_id"] for cb in callbacks(office, *extra)}

    assert tickets("--overdue") == {overdue}
    assert tickets("--due") == {overdue, later_today}
    assert tickets("--kind", "complaint") == {tomorrow, overdue, later_today, done}
    assert tickets("--kind", "投诉回访", "--state", "done") == {done}
    assert tickets("--state", "open") == {tomorrow, overdue, later_today}
    assert tickets("--kind", "sample") == set()
    office.fails("callback", "list", "--kind", "chat")
    lines = office.ok("callback", "list", "--due").stdout.splitlines()
    assert lines[0].split("\t") == ["No.", "Room", "Name", "Phone", "Ticket", "Due"] and len(lines) == 3


def test_list_due_includes_a_callback_due_at_the_end_of_today(office):
    # escalated Mon 11-16: the company callback is due 5 working days later, Mon 11-23 23:59:59 (today)
    tid = new(office, "投诉", "2026-11-16T10:00", desc="要求赔偿")
    step(office, "escalate", tid, "--reason", "赔偿", when="2026-11-16T10:30")
    cb = of_ticket(office, tid, "escalation")[0]
    assert cb["due_at"] == "2026-11-23T23:59:59+08:00" and cb["owed_by"] == "quality"
    assert cb["id"] in {c["id"] for c in callbacks(office, "--due")}


def test_show_masks_the_phone(office):
    cid = of_ticket(office, resolved_complaint(office, "2026-11-23T08:00"))[0]["id"]
    r = office.ok("callback", "show", cid)
    assert MASKED in r.stdout and PHONE not in r.stdout
    data = office.json("callback", "show", cid)
    assert data["phone"] == MASKED and data["kind"] == "complaint" and data["building"] == "1栋"
    assert [e["action"] for e in data["events"]] == ["create"]
    assert office.json("callback", "show", cid, "--show-personal")["phone"] == PHONE
    assert {c["phone"] for c in callbacks(office)} == {MASKED}
    office.fails("callback", "show", 999)


# --- major defects ---------------------------------------------------------------------------


def test_a_major_defect_gets_periodic_checks_until_its_ticket_closes(office):
    tid = new(office, "repair", "2026-11-20T09:00", "--major-defect", "roof_leak", desc="顶层屋面渗漏")
    checks = of_ticket(office, tid, "major_check")
    assert [(c["state"], c["due_at"]) for c in checks] == [("open", "2026-11-27T09:00:00+08:00")]
    record(office, checks[0]["id"], "--method", "visit", when="2026-11-23T09:00", result="渗漏点已标记")
    checks = of_ticket(office, tid, "major_check")
    assert [(c["state"], c["due_at"]) for c in checks] == [
        ("done", "2026-11-27T09:00:00+08:00"),
        ("open", "2026-11-30T09:00:00+08:00"),
    ]
    for action, args, hm in (
        ("dispatch", ("--to", "刘强"), "09:10"),
        ("arrive", (), "09:20"),
        ("resolve", ("--note", "屋面防水重做"), "09:40"),
        ("reply", ("--method", "电话", "--text", "已完成"), "09:45"),
        ("close", (), "09:50"),
    ):
        step(office, action, tid, *args, when=f"2026-11-23T{hm}")
    checks = of_ticket(office, tid, "major_check")
    assert [c["state"] for c in checks] == ["done", "cancelled"]
    assert checks[1]["cancel_reason"] == "ticket closed"


def test_major_defect_names_in_chinese(office):
    tid = new(office, "repair", "2026-11-20T09:00", "--major-defect", "卫生间渗漏")
    assert office.json("ticket", "show", tid)["major_defect"] == "bathroom_leak"
    assert len(of_ticket(office, tid, "major_check")) == 1


# --- the monthly report and report due ----------------------------------------------------------


def _section(c: Cli, month: str = "2026-11") -> dict:
    data = c.json("report", "monthly", "--month", month)
    return next(s for s in data["sections"] if s["key"] == "section.tickets")


def test_monthly_report_callbacks_against_the_sample_and_satisfaction(week):
    c, _ = week
    s = draw(c)
    sample_cbs = {cb["ticket_id"]: cb["id"] for cb in callbacks(c, "--kind", "sample")}
    record(c, sample_cbs[s["ticket_ids"][0]], "--satisfaction", "很满意")
    record(c, sample_cbs[s["ticket_ids"][1]], "--satisfaction", "一般")
    complaint = resolved_complaint(c, "2026-11-23T08:00")
    record(c, of_ticket(c, complaint)[0]["id"], "--satisfaction", "满意")
    other = resolved_complaint(c, "2026-11-23T08:10")
    record(c, of_ticket(c, other)[0]["id"], "--satisfaction", "不满意")
    ungraded = resolved_complaint(c, "2026-11-23T08:20")
    record(c, of_ticket(c, ungraded)[0]["id"])  # no grade: not in the rate
    section = _section(c)
    figs = {f["key"]: f for f in section["figures"]}
    sample = figs["fig.callback_sample"]
    assert (sample["numerator"], sample["denominator"]) == (2, 3)
    assert sample["value"] == pytest.approx(2 / 3)
    sat = figs["fig.satisfaction"]
    assert (sat["numerator"], sat["denominator"]) == (2, 4) and sat["value"] == pytest.approx(0.5)
    table = {r[0]: r[1:] for r in next(t for t in section["tables"] if t["key"] == "table.callbacks")["rows"]}
    assert table == {"callback.complaint": [3, 1, 2], "callback.sample": [2, 1, 2]}
    sla = next(t for t in section["tables"] if t["key"] == "table.sla")
    assert [r[0] for r in sla["rows"]] == ["priority.urgent", "priority.high", "priority.normal"]
    text = c.ok("--lang", "zh", "report", "monthly", "--month", "2026-11").stdout
    assert "回访满意率" in text and "(2/4)" in text and "抽样回访完成" in text and "(2/3)" in text


def test_a_redrawn_sample_counts_once_in_the_report(week):
    c, _ = week
    draw(c)
    draw(c, "--redraw", "--reason", "重抽", seed=9)
    figs = {f["key"]: f for f in _section(c)["figures"]}
    assert figs["fig.callback_sample"]["denominator"] == 3


def test_report_due_lists_open_callbacks(week):
    c, _ = week
    draw(c)
    complaint = resolved_complaint(c, "2026-11-22T09:00")  # callback due 11-23 09:00: overdue
    items = c.json("report", "due")["due"]
    by_record = {i["record"]: i for i in items}
    cb = of_ticket(c, complaint)[0]
    item = by_record[f"callbacks/{cb['id']}"]
    assert item["what"] == "due.callback_complaint" and item["due"] == "2026-11-23T09:00:00+08:00"
    assert item["params"] == {"kind": "complaint", "owed_by": "office"}
    assert sum(1 for i in items if i["what"] == "due.callback_sample") == 3
    text = c.ok("--lang", "zh", "report", "due").stdout
    assert "投诉回访" in text and "抽样回访" in text


def test_a_defect_cannot_persist_in_a_repair_not_yet_finished(office, unchanged):
    # a major defect's periodic check comes while the repair is still open: the defect is not 'persisting'
    tid = json.loads(
        office.ok(
            *ticket_new("repair", "2026-11-10T09:00", "--major-defect", "roof_leak", "--json", desc="屋面渗漏")
        ).stdout
    )["id"]
    check = [c for c in json.loads(office.ok("callback", "list", "--json").stdout) if c["ticket_id"] == tid][0]
    with unchanged():
        r = office.fails(
            "callback",
            "record",
            check["id"],
            "--method",
            "visit",
            "--result",
            "仍渗水",
            "--defect-persists",
            "--at",
            "2026-11-17T10:00",
        )
    assert "not finished" in r.stderr
