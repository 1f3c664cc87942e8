"""The one label table and the message catalog (labels.py), as plain functions."""

import ast
from pathlib import Path

import pytest

from commscli.domain import callbacks, meetings, registry, tickets, visits
from commscli.errors import InputError
from commscli.labels import LABELS, Msg, say, word

CHOICES = {
    "ticket kind": tickets.KIND,
    "channel": tickets.CHANNEL,
    "category": tickets.CATEGORY,
    "priority": tickets.PRIORITY,
    "reply method": tickets.REPLY_METHOD,
    "escalation": tickets.ESCALATION,
    "major defect": tickets.MAJOR_DEFECT,
    "state": tickets.STATE,
    "callback kind": callbacks.KIND,
    "callback method": callbacks.METHOD,
    "satisfaction": callbacks.SATISFACTION,
    "visit method": visits.METHOD,
    "item kind": visits.ITEM_KIND,
    "household kind": registry.HOUSEHOLD_KIND,
    "household use": registry.HOUSEHOLD_USE,
    "role": registry.ROLE,
    "meeting type": meetings.TYPE,
    "meeting state": meetings.STATE,
    "resolution kind": meetings.RESOLUTION_KIND,
}


@pytest.mark.parametrize("name", CHOICES)
def test_every_choice_takes_its_code_its_chinese_name_and_its_english_label(name):
    c = CHOICES[name]
    for code in c.values:
        zh, en = LABELS[f"{c.key}.{code}"]  # the names come from the one table
        assert c.name(code) == zh and c.name(code, "en") == en
        for typed in (code, code.replace("_", "-"), code.upper(), zh, en, f" {zh} "):
            assert c.parse(typed, "--x") == code, typed
        for synonym in c.values[code]:
            assert c.parse(synonym, "--x") == code, synonym


@pytest.mark.parametrize(
    "choice, typed, code",
    [
        (tickets.PRIORITY, "紧急", "urgent"),  # 紧急 is the fastest: 特急
        (tickets.PRIORITY, "特急", "urgent"),
        (tickets.PRIORITY, "急", "high"),
        (tickets.PRIORITY, "普通", "normal"),
        (registry.ROLE, "大堂", "lobby_assistant"),
        (registry.ROLE, "主任", "manager"),
        (tickets.KIND, "维修", "repair"),
        (tickets.CHANNEL, "微信", "app"),
        (tickets.CHANNEL, "walk-in", "walk_in"),
        (tickets.CHANNEL, "suggestion box", "suggestion_box"),
        (tickets.CATEGORY, "维修服务", "repair_service"),
        (tickets.STATE, "已关闭", "closed"),
        (callbacks.KIND, "专项回访", "special"),
        (callbacks.SATISFACTION, "非常满意", "very_satisfied"),
    ],
)
def test_common_synonyms(choice, typed, code):
    assert choice.parse(typed, "--x") == code


def test_a_wrong_choice_names_the_field_and_lists_the_choices_in_either_language():
    with pytest.raises(InputError) as e:
        tickets.PRIORITY.parse("快", "--priority")
    assert e.value.line("zh") == "--priority='快': 必须是 特急、急、一般 之一"
    assert e.value.line("en") == str(e.value) == "--priority='快': must be one of urgent, high, normal"


def test_help_shows_both_languages():
    assert tickets.PRIORITY.both() == "urgent 特急 | high 急 | normal 一般"


def test_completion_offers_codes_and_chinese_names():
    assert tickets.PRIORITY.complete("") == [("urgent", "特急"), ("high", "急"), ("normal", "一般")]
    assert tickets.KIND.complete("re") == [("repair", "报修")]
    assert tickets.KIND.complete("投") == [("投诉", "complaint")]


def test_a_message_is_english_text_that_can_be_said_in_chinese():
    m = Msg("err.no_such", noun=Msg("noun.ticket"))
    assert str(m) == "no such ticket" and m.say("zh") == "没有这个诉求单" and say("plain", "zh") == "plain"


# Every message people read comes from the catalog: an error raised (CommsError and its kinds), a status
# line (env.info), a warning (env.warn) or a failure (cli.common.fail) whose message is English text written
# in place (a string, an f-string, a concatenation) is said in English in a zh interface too. Found by
# reading the code (the AST), so a message over several lines is found as well. Passing on a message
# already made (``exc.message``, a variable) is fine; it was made by a Msg.
MESSAGE_MAKERS = {"Msg", "Both", "listed", "word", "Said", "numbers", "moment"}
ERRORS = {"InputError", "NotFound", "RuleError", "StoreError", "PolicyError", "CommsError"}
SAYERS = {"info", "warn", "fail", "progress"}  # progress: the description of a progress bar


def _name(node) -> str | None:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def _written_in_place(node) -> bool:
    return isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp)) and not (
        isinstance(node, ast.Constant) and not isinstance(node.value, str)
    )


def untranslated() -> list[str]:
    root = Path(__file__).parent.parent / "commscli"
    return [
        f"{path.relative_to(root.parent)}:{line}"
        for path in sorted(root.rglob("*.py"))
        for line in untranslated_in(path.read_text(encoding="utf-8"))
    ]


def test_every_message_people_read_is_in_the_catalog():
    assert untranslated() == []


def test_the_check_finds_a_message_written_in_place():
    source = (
        'raise RuleError(\n    f"already closed {at}", "--season", s)\n'
        'raise InputError(Msg("err.required"), "--x", 1)\n'
        'env.warn("no calendar")\n'
        'raise NotFound(exc.message, "--about", 1)\n'
        'fail("store: " + why)\n'
    )
    assert untranslated_in(source) == ["1: f'already closed {at}'", "4: 'no calendar'", "6: 'store: ' + why"]


def untranslated_in(source: str) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in ERRORS | SAYERS:
            said = node.args[0] if node.args else None
            if said is not None and _written_in_place(said):
                out.append(f"{node.lineno}: {ast.unparse(said)}")
    return out


def test_a_bare_building_number():
    from commscli.domain.registry import match_building

    assert match_building("1", ["1栋", "2栋", "11栋"]) == "1栋"
    assert match_building("2", ["1号楼", "2号楼"]) == "2号楼"
    assert match_building("3", ["1栋"]) == "3"  # none: unchanged (then: no such household)
    assert match_building("1栋", ["1栋", "1号楼"]) == "1栋"  # a full name is taken as it is
    with pytest.raises(InputError) as e:
        match_building("1", ["1栋", "1号楼", "1单元"])
    assert e.value.line("zh") == "--building='1': 对应多个楼栋：1号楼、1栋"


def test_an_error_names_a_record_or_column_in_chinese_and_an_option_as_typed():
    from commscli.errors import RuleError
    from commscli.labels import moment

    e = RuleError(Msg("err.already_approved", at=moment("2026-12-03T09:15:00+08:00")), "--month", "2026-11")
    assert e.line("zh") == "--month='2026-11': 已于 2026-12-03 09:15 审批"  # the option the clerk typed
    assert e.line("en") == "--month='2026-11': already approved 2026-12-03T09:15:00+08:00"
    e = RuleError(Msg("err.visit_state", state=word("visit_state", "submitted")), "visit", "#7")
    assert e.line("zh") == "访问记录='#7': 该访问记录已交主管" and e.line("en") == "visit='#7': the visit is submitted"
    e = InputError(
        Msg("err.lies_before", what=Msg("field.reported_at"), at=moment("2026-11-02T08:00")), "resolved_at", "x"
    )
    assert e.line("zh") == "处理时间='x': 早于受理时间（2026-11-02 08:00）"


def test_every_message_key_in_the_code_is_in_the_catalog():
    """A key missing from LABELS would be shown as the key itself (err.something)."""
    root = Path(__file__).parent.parent / "commscli"
    missing = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "Msg" and node.args:
                key = node.args[0]
                if isinstance(key, ast.Constant) and key.value not in LABELS:
                    missing.append(f"{path.relative_to(root.parent)}:{node.lineno}: {key.value}")
    assert missing == []


def test_a_stored_time_in_a_message_or_a_value_is_said_as_people_write_it_in_zh():
    from commscli.errors import RuleError

    e = RuleError(Msg("err.not_after", at="2026-11-23T10:00:00+08:00"), "--at", "2026-11-23T09:00:00+08:00")
    assert e.line("zh") == "--at='2026-11-23 09:00': 须晚于 2026-11-23 10:00"
    assert e.line("en") == "--at='2026-11-23T09:00:00+08:00': must lie after 2026-11-23T10:00:00+08:00"
