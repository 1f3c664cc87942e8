"""`meeting show`: the card lists the minutes (taker, topics, speakers), resolutions (owner, due, plan, state),
distributions (to whom, when, late) and the approval besides the meeting's times, flags and sign-in; --json
carries them under stable English keys. Now is Monday 2026-11-23 10:00 +08:00 (conftest)."""

import pytest
from rich.cells import cell_len

ZH = {"COMMSCLI_LANG": "zh"}
WIDE = {"COLUMNS": "80", "COMMSCLI_FORCE_TTY": "1"}


@pytest.fixture
def minuted(cli):
    """An inter-department meeting Thursday 11-19 09:00–10:00 (chair 王总, attendees 李明 and 张芳, taker 张芳),
    minuted 11:00 with two topics, two speakers (李明 9 minutes: outside 5–8), two resolutions (李明's due 11-20,
    overdue on 11-23, with its plan; 张芳's due 11-30, open); the minutes went to 李明 on 11-20 10:00 (on time:
    due 11-22 23:59:59) and to the others on 11-23 09:00 (late); approved by 王总 11-23 09:30."""
    for name, role in (("王总", "manager"), ("李明", "supervisor"), ("张芳", "clerk")):
        cli.ok("staff", "add", name, "--office", "JM01", "--role", role)
    cli.ok(
        "meeting", "new", "--type", "interdept", "--at", "2026-11-19 09:00", "--ends-at", "2026-11-19 10:00",
        "--chair", "王总", "--attendee", "李明", "--attendee", "张芳", "--minute-taker", "张芳", "--place", "会议室",
    )  # fmt: skip
    cli.ok("meeting", "attend", 1, "--staff", "李明", "--at", "2026-11-19 08:58")
    cli.ok(
        "meeting", "minutes", 1, "--topic", "上周工作", "--topic", "本周安排", "--speaker", "李明=9",
        "--speaker", "张芳=5", "--resolution", "更换2栋电梯按钮|李明|2026-11-20",
        "--resolution", "补装监控|张芳|2026-11-30", "--at", "2026-11-19 11:00",
    )  # fmt: skip
    cli.ok("meeting", "resolution", "plan", 1, "--text", "周三前采购，周五安装", "--at", "2026-11-19 15:00")
    cli.ok("meeting", "distribute", 1, "--to", "李明", "--at", "2026-11-20 10:00")
    cli.ok("meeting", "distribute", 1, "--at", "2026-11-23 09:00")
    cli.ok("meeting", "approve", 1, "--by", "王总", "--at", "2026-11-23 09:30")
    return cli


def test_the_json_carries_minutes_resolutions_distributions_and_approval(minuted):
    m = minuted.json("meeting", "show", 1)
    assert m["minutes"] == {
        "taker": "张芳",
        "recorded_at": "2026-11-19T11:00:00+08:00",
        "number": "JM01-2026-0001",
        "due": "2026-11-22T23:59:59+08:00",
        "body": None,
        "topics": ["上周工作", "本周安排"],
        "speakers": [
            {"name": "李明", "minutes": 9, "flagged": True},
            {"name": "张芳", "minutes": 5, "flagged": False},
        ],
    }
    assert m["resolutions"] == [
        {
            "id": 1, "kind": "resolution", "text": "更换2栋电梯按钮", "owner": "李明", "due_on": "2026-11-20",
            "plan": "周三前采购，周五安装", "plan_at": "2026-11-19T15:00:00+08:00", "state": "overdue",
            "done_at": None, "report_back_at": None,
        },
        {
            "id": 2, "kind": "resolution", "text": "补装监控", "owner": "张芳", "due_on": "2026-11-30",
            "plan": None, "plan_at": None, "state": "open", "done_at": None, "report_back_at": None,
        },
    ]  # fmt: skip
    assert m["distributions"] == [
        {"to": "李明", "at": "2026-11-20T10:00:00+08:00", "late": False},
        {"to": "张芳", "at": "2026-11-23T09:00:00+08:00", "late": True},
        {"to": "王总", "at": "2026-11-23T09:00:00+08:00", "late": True},
    ]
    assert m["approval"] == {"by": "王总", "at": "2026-11-23T09:30:00+08:00"}
    assert [a["name"] for a in m["attendance"]] == ["李明", "张芳", "王总"]  # signed first, as before


def test_before_its_minutes_a_meeting_has_none_and_one_needing_approval_awaits_it(cli):
    cli.ok("staff", "add", "王总", "--office", "JM01", "--role", "manager")
    cli.ok("meeting", "new", "--type", "forum", "--at", "2026-11-19 09:00", "--ends-at", "2026-11-19 10:00",
           "--chair", "王总")  # fmt: skip
    m = cli.json("meeting", "show", 1)
    assert (m["minutes"], m["resolutions"], m["distributions"], m["approval"]) == (None, [], [], None)
    text = cli.ok("meeting", "show", 1).stdout
    assert "Approval:\n  pending" in text and "Minutes:\n  not recorded yet" in text
    zh = cli.ok("meeting", "show", 1, env=ZH).stdout
    assert "审批:\n  待审批" in zh and "纪要:\n  尚未记录" in zh


def test_the_card_lists_them_in_english(minuted):
    text = minuted.ok("meeting", "show", 1).stdout
    assert "Minutes:\n  Minute-taker 张芳 · recorded 11-19 11:00 · No. JM01-2026-0001" in text
    assert "Topics:\n  1. 上周工作\n  2. 本周安排" in text
    assert "Speakers:\n  李明 9 min (outside 5–8 minutes)\n  张芳 5 min" in text
    assert (
        "Resolutions and action items:\n"
        "  #1 更换2栋电梯按钮 · Owner 李明 · Due 11-20 · overdue · Action plan: 周三前采购，周五安装\n"
        "  #2 补装监控 · Owner 张芳 · Due 11-30 · open · no action plan yet"
    ) in text
    assert "Distribution:\n  11-20 10:00  李明\n  11-23 09:00  张芳, 王总 (late: due 11-22 23:59)" in text
    assert "Approval:\n  王总 11-23 09:30" in text


def test_the_card_lists_them_in_chinese_without_codes(minuted):
    zh = minuted.ok("meeting", "show", 1, env=ZH).stdout
    assert "纪要:\n  记录人 张芳 · 记录于 11-19 11:00 · 编号 JM01-2026-0001" in zh
    assert "议题:\n  1. 上周工作\n  2. 本周安排" in zh
    assert "发言:\n  李明 9分钟（超出 5–8 分钟）\n  张芳 5分钟" in zh
    assert "#1 更换2栋电梯按钮 · 负责人 李明 · 完成日期 11-20 · 逾期 · 行动计划：周三前采购，周五安装" in zh
    assert "#2 补装监控 · 负责人 张芳 · 完成日期 11-30 · 进行中 · 尚未提交行动计划" in zh
    assert "分发:\n  11-20 10:00  李明\n  11-23 09:00  张芳、王总（逾期：期限 11-22 23:59）" in zh
    assert "审批:\n  王总 11-23 09:30" in zh
    for code in ("overdue", "open", "interdept", "resolution", "True", "None"):
        assert code not in zh, code


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_card_fits_80_columns(minuted, lang):
    shown = minuted.ok("meeting", "show", 1, env={"COMMSCLI_LANG": lang, **WIDE}).stdout
    assert all(cell_len(line) <= 80 for line in shown.splitlines()), shown
    assert "…" not in shown
    for part in ("JM01-2026-0001", "李明", "张芳", "王总"):
        assert part in shown
