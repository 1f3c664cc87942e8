"""The suggestion box (意见箱, 002 第四条) and the letters register (函件, 002 第九条3) (issue 11)."""

import hashlib

from commscli.domain import box as rules
from tests.cli.test_ticket import at
from tests.conftest import events


def box_ticket(c, when, channel="意见箱"):
    return c.json(
        "ticket",
        "new",
        "--kind",
        "suggestion",
        "--channel",
        channel,
        "--building",
        "1栋",
        "--room",
        "101",
        "-d",
        "建议增加晾衣架",
        "--at",
        when,
    )["id"]


def test_next_due_as_a_plain_rule():
    # opened Monday 16 November 09:00, every 7 days: due Monday 23 November 09:00
    assert rules.next_due("2026-11-16T09:00:00+08:00", 7) == "2026-11-23T09:00:00+08:00"
    assert rules.next_due("2026-11-16T09:00:00+08:00", 0) is None


def test_an_opening_records_what_was_found_and_the_tickets_made(office):
    t1, t2 = box_ticket(office, at("09:10")), box_ticket(office, at("09:15"))
    b = office.json("box", "open", "--found", "3", "--ticket", t1, "--ticket", t2, "--at", at("09:00"))
    assert (b["found"], b["tickets"], b["ticket_ids"], b["office"]) == (3, 2, [t1, t2], "JM01")
    e = events(office, record_table="box_openings")[-1]
    assert e["action"] == "create" and e["at"] == "2026-11-23T09:00:00+08:00" and e["by"] == "tester"
    rows = office.json("box", "list")
    assert [(r["found"], r["tickets"]) for r in rows] == [(3, 2)]


def test_a_bad_opening_is_refused_and_nothing_is_written(office, unchanged):
    t1 = box_ticket(office, at("09:10"))
    hotline = box_ticket(office, at("09:10"), channel="热线")
    early = box_ticket(office, at("08:00"))
    with unchanged(office.db):
        assert "--found" in office.fails("box", "open", "--found", "-1", "--at", at("09:00")).stderr
        assert "--ticket" in office.fails("box", "open", "--found", "0", "--ticket", t1, "--at", at("09:00")).stderr
        r = office.fails("box", "open", "--found", "2", "--ticket", hotline, "--at", at("09:00"))
        assert "suggestion box" in r.stderr
        r = office.fails("box", "open", "--found", "2", "--ticket", early, "--at", at("09:00"))
        assert "before the box was opened" in r.stderr
        assert "ticket" in office.fails("box", "open", "--found", "2", "--ticket", "999", "--at", at("09:00")).stderr
    office.ok("box", "open", "--found", "1", "--ticket", t1, "--at", at("09:00"))
    with unchanged(office.db):
        r = office.fails("box", "open", "--found", "1", "--ticket", t1, "--at", at("09:05"))
        assert "opening #1" in r.stderr


def due(c, *args):
    return [i for i in c.json("report", "due", *args)["due"] if i["what"] == "due.box_open"]


def test_a_box_not_opened_within_its_interval_is_due(cli):
    assert due(cli, "--within", "60") == []  # never opened: no register kept yet
    # now is 2026-11-23 10:00; every 7 days (box_open_days)
    cli.ok("box", "open", "--found", "0", "--at", "2026-11-16T09:59")
    [item] = due(cli)  # due 23 November 09:59, a minute ago
    assert (item["due"], item["state"], item["params"]) == (
        "2026-11-23T09:59:00+08:00",
        "overdue",
        {"last": "2026-11-16"},
    )
    cli.ok("box", "open", "--found", "1", "--at", "2026-11-16T10:00")
    [item] = due(cli)  # the latest opening counts: due exactly now, not late yet
    assert (item["due"], item["state"]) == ("2026-11-23T10:00:00+08:00", "today")
    cli.ok("box", "open", "--found", "2", "--at", "2026-11-23T09:30")
    # due 30 November 09:30: listed when looking 7 days ahead (up to 1 December 00:00), not 6
    assert [i["due"] for i in due(cli, "--within", "7")] == ["2026-11-30T09:30:00+08:00"]
    assert due(cli, "--within", "6") == []


def test_the_interval_is_a_policy_field(cli, tmp_path):
    cli.ok("box", "open", "--found", "0", "--at", "2026-11-20T10:00")
    assert [i["due"] for i in due(cli)] == ["2026-11-27T10:00:00+08:00"]
    assert due(cli, "--within", "0") == []
    policy = tmp_path / "p.toml"
    policy.write_text("box_open_days = 3\n", encoding="utf-8")
    assert [i["due"] for i in due(cli, "--policy", policy, "--within", "0")] == ["2026-11-23T10:00:00+08:00"]
    policy.write_text("box_open_days = 0\n", encoding="utf-8")
    assert due(cli, "--policy", policy, "--within", "60") == []


# --- letters ---------------------------------------------------------------------------------------


def test_a_letter_in_and_out_with_the_copy_kept_by_reference(cli, tmp_path):
    scan = tmp_path / "来函-业委会.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    a = cli.json(
        "letter",
        "in",
        "--from",
        "业主委员会",
        "--subject",
        "关于停车收费的意见",
        "--date",
        "2026-11-20",
        "--file",
        scan,
    )
    assert (a["direction"], a["party"], a["dated"], a["file_name"]) == (
        "in",
        "业主委员会",
        "2026-11-20",
        "来函-业委会.pdf",
    )
    assert a["file_sha256"] == hashlib.sha256(b"%PDF-1.4 scan").hexdigest() and a["file_size"] == 13
    b = cli.json("letter", "out", "--to", "业主委员会", "--subject", "停车收费答复", "--date", "2026年11月23日")
    assert (b["direction"], b["dated"], b["file_name"]) == ("out", "2026-11-23", None)
    rows = cli.json("letter", "list")
    assert [r["subject"] for r in rows] == ["关于停车收费的意见", "停车收费答复"]
    assert cli.json("letter", "list", "--month", "2026-10") == []
    text = cli.ok("letter", "list", env={"COMMSCLI_LANG": "zh"}).stdout
    assert "来函" in text and "发函" in text and "scan" not in text


def test_a_bad_letter_is_refused_and_nothing_is_written(cli, unchanged, tmp_path):
    with unchanged():
        r = cli.fails(
            "letter",
            "in",
            "--from",
            "业委会",
            "--subject",
            "x",
            "--date",
            "2026-11-20",
            "--file",
            tmp_path / "nope.pdf",
        )
        assert "--file" in r.stderr
        assert (
            "--file"
            in cli.fails(
                "letter", "in", "--from", "业委会", "--subject", "x", "--date", "2026-11-20", "--file", tmp_path
            ).stderr
        )
        assert "--date" in cli.fails("letter", "out", "--to", "业委会", "--subject", "x", "--date", "2026-11-24").stderr
        assert "--from" in cli.fails("letter", "in", "--from", " ", "--subject", "x", "--date", "2026-11-20").stderr
        assert "--date" in cli.fails("letter", "in", "--from", "a", "--subject", "x", "--date", "昨天").stderr


def test_the_monthly_report_counts_openings_items_tickets_and_letters(office):
    t1 = box_ticket(office, at("09:10", "2026-11-02"))
    office.ok("box", "open", "--found", "3", "--ticket", t1, "--at", "2026-11-02T09:00")
    office.ok("box", "open", "--found", "1", "--at", "2026-11-09T09:00")
    office.ok("box", "open", "--found", "5", "--at", "2026-10-26T09:00")  # October
    office.ok("letter", "in", "--from", "街道办", "--subject", "消防检查通知", "--date", "2026-11-03")
    office.ok("letter", "in", "--from", "业委会", "--subject", "意见", "--date", "2026-11-05")
    office.ok("letter", "out", "--to", "业委会", "--subject", "答复", "--date", "2026-11-06")
    office.ok("letter", "out", "--to", "业委会", "--subject", "十月答复", "--date", "2026-10-31")
    report = office.json("report", "monthly", "--month", "2026-11")
    figures = {f["key"]: f["value"] for s in report["sections"] for f in s["figures"]}
    assert (figures["fig.box_openings"], figures["fig.box_found"], figures["fig.box_tickets"]) == (2, 4, 1)
    assert (figures["fig.letters_in"], figures["fig.letters_out"]) == (2, 1)
