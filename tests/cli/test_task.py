"""Department hand-offs (000 §五(四)4–5, §五(五)3): a ticket transferred to a department with the 故障转呈单
(`ticket transfer`), the department's commitment (`ticket commit`) and feedback (`ticket feedback`), and the same
steps for a request between departments (`task new|commit|feedback|list`). Now: Monday 2026-11-23 10:00 +08:00."""

from tests.cli.test_ticket import at, new, show
from tests.conftest import Cli

ZH = {"COMMSCLI_LANG": "zh"}


def transfer(c: Cli, tid: int, to: str = "工程部", ask_by: str = at("12:00"), when: str = at("09:00")) -> dict:
    return c.json("ticket", "transfer", tid, "--to", to, "--ask-by", ask_by, "--at", when)


def due(c: Cli, within: str = "3") -> list[dict]:
    return c.json("report", "due", "--within", within)["due"]


def handoff_items(c: Cli, within: str = "3") -> list[tuple]:
    return [(i["what"], i["due"], i["record"]) for i in due(c, within) if i["what"].startswith("due.handoff")]


def handoff_figures(c: Cli, month: str = "2026-11") -> dict:
    data = c.json("report", "monthly", "--month", month)
    section = next(s for s in data["sections"] if s["key"] == "section.tasks")
    return {
        f["key"]: (f["numerator"], f["denominator"]) if f["denominator"] is not None else f["value"]
        for f in section["figures"]
    }


# --- a ticket's transfer ------------------------------------------------------------------------


def test_transfer_commit_feedback_each_a_step_with_its_due_item(office):
    tid = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    t = transfer(office, tid)
    assert t["id"] == tid
    tasks = office.json("task", "list")
    assert [(x["ticket_id"], x["to_dept"], x["ask_by"], x["state"]) for x in tasks] == [
        (tid, "engineering", "2026-11-23T12:00:00+08:00", "asked")
    ]
    task_id = tasks[0]["id"]
    # the commitment is owed by 12:00 (the time asked)
    assert handoff_items(office) == [("due.handoff_commit", "2026-11-23T12:00:00+08:00", f"tasks/{task_id}")]
    office.json("ticket", "commit", tid, "--by", "工程部", "--will-finish", "2026-11-24T17:00", "--at", at("09:30"))
    # then the feedback, by the time committed
    assert handoff_items(office) == [("due.handoff_feedback", "2026-11-24T17:00:00+08:00", f"tasks/{task_id}")]
    office.json("ticket", "feedback", tid, "--from", "工程", "--text", "已补漏，观察三天", "--at", at("09:50"))
    assert handoff_items(office) == []
    [x] = office.json("task", "list", "--all")
    assert (x["state"], x["committed_at"], x["will_finish"], x["feedback"]) == (
        "done",
        "2026-11-23T09:30:00+08:00",
        "2026-11-24T17:00:00+08:00",
        "已补漏，观察三天",
    )
    actions = [e["action"] for e in show(office, tid)["timeline"]]
    assert actions == ["create", "transfer", "commit", "feedback"]


def test_the_transfer_form_is_numbered_at_the_transfer_and_names_the_department_and_answers(office):
    tid = new(office, "投诉", at("08:00"), desc="地下车库漏水")
    transfer(office, tid)
    office.json("ticket", "commit", tid, "--by", "工程部", "--will-finish", "2026-11-24T17:00", "--at", at("09:30"))
    md = office.ok("ticket", "form", tid, "transfer", "--format", "md", env=ZH).stdout
    assert "| 编号 | JM01-2026-0001 |" in md
    assert "| 转呈部门 | 工程部 |" in md
    assert "| 要求答复时间 | 2026年11月23日 12:00 |" in md and "| 承诺完成时间 | 2026年11月24日 17:00 |" in md


def test_a_commitment_before_the_transfer_is_refused(office, unchanged):
    tid = new(office, "投诉", at("08:00"))
    with unchanged(office.db):
        r = office.fails("ticket", "commit", tid, "--by", "工程部", "--will-finish", "2026-11-24T17:00")
        assert "ticket" in r.stderr and "transfer" in r.stderr


def test_a_commitment_or_feedback_from_a_department_not_asked_is_refused(office, unchanged):
    tid = new(office, "投诉", at("08:00"))
    transfer(office, tid)
    with unchanged(office.db):
        r = office.fails("ticket", "commit", tid, "--by", "安管", "--will-finish", "2026-11-24T17:00")
        assert "--by" in r.stderr and "security" in r.stderr
        r = office.fails("ticket", "feedback", tid, "--from", "保洁", "--text", "已处理")
        assert "--from" in r.stderr and "cleaning" in r.stderr
        r = office.fails("ticket", "feedback", tid, "--from", "财务室", "--text", "已处理")
        assert "--from" in r.stderr


def test_bad_transfers_and_commitments_are_refused(office, unchanged):
    tid = new(office, "投诉", at("08:00"))
    with unchanged(office.db):
        # the time asked lies before the transfer
        assert (
            "--ask-by"
            in office.fails(
                "ticket", "transfer", tid, "--to", "工程", "--ask-by", at("08:30"), "--at", at("09:00")
            ).stderr
        )
        assert "--to" in office.fails("ticket", "transfer", tid, "--to", "隔壁老王", "--ask-by", at("12:00")).stderr
    transfer(office, tid)
    with unchanged(office.db):
        # a commitment to finish before it is given
        r = office.fails("ticket", "commit", tid, "--by", "工程", "--will-finish", at("09:00"), "--at", at("09:30"))
        assert "--will-finish" in r.stderr
        assert "--text" in office.fails("ticket", "feedback", tid, "--from", "工程", "--text", "  ").stderr
    office.json("ticket", "commit", tid, "--by", "工程部", "--will-finish", "2026-11-24T17:00", "--at", at("09:30"))
    with unchanged(office.db):
        assert (
            "committed"
            in office.fails("ticket", "commit", tid, "--by", "工程", "--will-finish", "2026-11-25T17:00").stderr
        )


def test_due_items_at_their_edges(office):
    """The commitment is due at --ask-by: an item until given, whatever the time; once given, the feedback is
    due at the committed time; both leave the list when answered."""
    tid = new(office, "投诉", at("08:00"))
    transfer(office, tid, ask_by="2026-11-26T10:00")  # 3 days ahead: inside --within 3 (to the end of 11-26)
    assert [w for w, *_ in handoff_items(office, "3")] == ["due.handoff_commit"]
    assert handoff_items(office, "2") == []  # beyond the horizon
    office.json("ticket", "commit", tid, "--by", "工程", "--will-finish", "2026-11-23T09:59", "--at", at("09:40"))
    [item] = [i for i in due(office, "0") if i["what"] == "due.handoff_feedback"]
    assert (item["due"], item["state"]) == ("2026-11-23T09:59:00+08:00", "overdue")  # one minute past now


def test_hand_offs_answered_on_time_in_the_monthly_report(office):
    """Three hand-offs asked in November: one committed exactly at --ask-by (on time, ≤) and fed back before its
    committed time, one committed a minute late and fed back late, one not answered. Committed on time 1/3;
    fed back on time 1/2 (of those fed back or past their committed time)."""
    a, b, c = (new(office, "投诉", at(hm)) for hm in ("07:00", "07:01", "07:02"))
    for tid in (a, b, c):
        transfer(office, tid, ask_by=at("08:00"), when=at("07:30"))
    office.json("ticket", "commit", a, "--by", "工程", "--will-finish", at("09:00"), "--at", at("08:00"))
    office.json("ticket", "feedback", a, "--from", "工程", "--text", "完成", "--at", at("08:59"))
    office.json("ticket", "commit", b, "--by", "工程", "--will-finish", at("09:00"), "--at", at("08:01"))
    office.json("ticket", "feedback", b, "--from", "工程", "--text", "完成", "--at", at("09:01"))
    f = handoff_figures(office)
    assert f["fig.handoffs"] == 3
    assert f["fig.handoffs_committed_on_time"] == (1, 3)
    assert f["fig.handoffs_fed_back_on_time"] == (1, 2)
    assert handoff_figures(office, "2026-10")["fig.handoffs"] == 0


# --- requests between departments ----------------------------------------------------------------


def test_a_task_between_departments_takes_the_same_steps(office, unchanged):
    t = office.json(
        "task",
        "new",
        "--from",
        "客服中心",
        "--to",
        "工程部",
        "--text",
        "大堂灯更换",
        "--ask-by",
        "2026-11-23T17:00",
        "--at",
        at("09:00"),
    )
    assert (t["ticket_id"], t["from_dept"], t["to_dept"], t["state"]) == (
        None,
        "customer_service",
        "engineering",
        "asked",
    )
    with unchanged(office.db):
        assert (
            "--by"
            in office.fails("task", "commit", t["id"], "--by", "保洁", "--will-finish", "2026-11-24T12:00").stderr
        )
        assert "--from" in office.fails("task", "feedback", t["id"], "--from", "保洁", "--text", "好").stderr
        assert (
            "--to"
            in office.fails(
                "task", "new", "--from", "客服", "--to", "客服", "--text", "x", "--ask-by", "2026-11-24"
            ).stderr
        )
        assert (
            "--text"
            in office.fails(
                "task", "new", "--from", "客服", "--to", "工程", "--text", " ", "--ask-by", "2026-11-24"
            ).stderr
        )
    office.json("task", "commit", t["id"], "--by", "工程部", "--will-finish", "2026-11-24T12:00", "--at", at("09:30"))
    done = office.json("task", "feedback", t["id"], "--from", "工程部", "--text", "已更换", "--at", at("09:45"))
    assert done["state"] == "done"
    assert office.json("task", "list") == []
    assert [x["id"] for x in office.json("task", "list", "--all")] == [t["id"]]
    zh = office.ok("task", "list", "--all", env=ZH).stdout
    assert "工程" in zh and "大堂灯更换" in zh and "engineering" not in zh


def test_task_rules_as_plain_functions():
    from commscli.domain import tasks as rules

    t = {
        "id": 1,
        "state": "asked",
        "to_dept": "engineering",
        "asked_at": "2026-11-23T09:00:00+08:00",
        "ask_by": "2026-11-23T12:00:00+08:00",
        "will_finish": None,
    }
    assert rules.open_due(t) == "2026-11-23T12:00:00+08:00"
    assert (
        rules.open_due({**t, "state": "committed", "will_finish": "2026-11-24T17:00:00+08:00"})
        == "2026-11-24T17:00:00+08:00"
    )
    assert rules.open_due({**t, "state": "done"}) is None
    assert rules.on_time("2026-11-23T12:00:00+08:00", "2026-11-23T12:00:00+08:00")  # at the minute asked: on time
    assert not rules.on_time("2026-11-23T12:00:01+08:00", "2026-11-23T12:00:00+08:00")
