"""Hostile input, generated (issue 8, done-when): every command group's options and the import files get
huge and negative integers, out-of-range and malformed dates, control characters, huge strings and mixed
encodings. Each case must be refused without a traceback (exit 1 with exactly one ``error:`` line, or a
usage error, exit 2) and leave the store's ``iterdump`` exactly as it was.

The store is a small fixture built once (office JM01, household #1, engineer 刘强, supervisor 王敏, a
repair ticket #1 with its major-defect callback #1, a visit #1, the 2026-11 survey, an inter-department
meeting #1 minuted with resolution #1 and a company meeting #2); the cases are
bounded (``max_examples``) so the module runs in well under a minute, and the number tried is printed
at the end of the run.
"""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commscli.cli import GROUPS
from tests.conftest import Cli, copy_store, dump, frozen_env

HUGE_INTS = st.one_of(
    st.integers(min_value=2**63, max_value=2**200), st.integers(min_value=-(2**200), max_value=-(2**63))
)
NEGATIVE = st.integers(min_value=-10_000, max_value=-1)

# --- bad values, by the kind of slot they go into ------------------------------------------------

CONTROL = st.sampled_from([chr(c) for c in [*range(0, 9), *range(11, 32), 127]])
# a GBK argument in a UTF-8 terminal: undecodable bytes arrive as surrogate escapes (漏水 is left out: its GBK
# bytes happen to be valid UTF-8, ©ˮ, which no program can tell from text)
GBK_IN_UTF8 = st.sampled_from(["金茂", "业主", "王芳"]).map(
    lambda s: s.encode("gbk").decode("utf-8", "surrogateescape")
)


@st.composite
def bad_text(draw):
    """Text that no text option may take: a control character somewhere, undecodable bytes, or too long."""
    kind = draw(st.sampled_from(["control", "control", "encoding", "huge"]))
    base = draw(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=0, max_size=12))
    if kind == "huge":
        return base + "长" * draw(st.integers(5000, 20000))  # beyond every cap (500, 2000, 4096 for paths)
    bad = draw(CONTROL) if kind == "control" else draw(GBK_IN_UTF8)
    at = draw(st.integers(0, len(base)))
    return base[:at] + bad + base[at:]


@st.composite
def bad_date(draw):
    """Out of range (before 2000, beyond 2031-11-23, near year 1 and 9999), malformed, ambiguous, hostile."""
    kind = draw(st.sampled_from(["early", "late", "malformed", "day_first", "text"]))
    if kind == "early":
        d = draw(st.dates(max_value=date(1999, 12, 31)))
    elif kind == "late":
        d = draw(st.dates(min_value=date(2031, 11, 24)))
    elif kind == "malformed":
        return draw(
            st.sampled_from(
                [
                    "2026-13-01",
                    "2026-02-30",
                    "2026-11-31T09:00",
                    "2026-11-23T25:00",
                    "2026-11",
                    "2026/11-23",
                    "26-11-23",
                    "yesterday",
                    "2026-11-23T09:00+99:00",
                    "２０２６年",
                    "2026年13月1日",
                    "2026-11-23 8",
                    "9999-99-99",
                    "0000-00-00",
                ]
            )
        )
    elif kind == "day_first":
        d = draw(st.dates(min_value=date(2000, 1, 13)))
        return f"{d.day}/{d.month}/{d.year}"
    else:
        return draw(bad_text())
    sep = draw(st.sampled_from(["-", "/", "年"]))
    text = (
        f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
        if sep == "-"
        else (f"{d.year:04d}/{d.month}/{d.day}" if sep == "/" else f"{d.year:04d}年{d.month}月{d.day}日")
    )
    return text + draw(st.sampled_from(["", " 8:30", "T23:59:59", "T00:00:00-12:00", "T23:00:00+14:00"]))


@st.composite
def bad_month(draw):
    kind = draw(st.sampled_from(["range", "malformed", "text"]))
    if kind == "range":
        year = draw(st.one_of(st.integers(0, 1999), st.integers(2032, 9999)))
        return f"{year:04d}{draw(st.sampled_from(['-', '/', '年']))}{draw(st.integers(1, 12))}"
    if kind == "malformed":
        return draw(st.sampled_from(["2026-13", "2026-0", "11/2026", "2026", "Nov", "2026-1x", "2026年13月"]))
    return draw(bad_text())


BAD = {
    "int": HUGE_INTS.map(str),  # beyond SQLite's 64 bits either way (calendar add N may be negative)
    "count": st.one_of(HUGE_INTS, NEGATIVE).map(str),  # seeds, limits, --within, --year
    "id": st.one_of(HUGE_INTS, NEGATIVE, st.just(0)).map(str),
    "text": bad_text(),
    "date": bad_date(),
    "month": bad_month(),
}

# --- every group's commands: (argv with one {} slot, slot kind) ----------------------------------------

T = "1"  # ticket, callback, visit, household, staff and office ids that exist in the fixture store
CASES = {
    "db": [(("db", "backup", "{}"), "text"), (("db", "check", "--policy", "{}"), "text")],
    "policy": [(("policy", "show", "--policy", "{}"), "text"), (("policy", "show", "--db", "{}"), "text")],
    "calendar": [
        (("calendar", "is-workday", "{}"), "date"),
        (("calendar", "add", "{}", "5"), "date"),
        (("calendar", "add", "2026-11-23", "{}"), "int"),
        (("calendar", "list", "--year", "{}"), "count"),
        (("calendar", "set", "{}", "--holiday"), "date"),
        (("calendar", "set", "2026-12-01", "--holiday", "--name", "{}"), "text"),
        (("calendar", "set", "2026-12-01", "--workday", "--reason", "{}"), "text"),
        (("calendar", "set", "2026-12-01", "--holiday", "--at", "{}"), "date"),
    ],
    "office": [
        (("office", "add", "{}", "--name", "二号"), "text"),
        (("office", "add", "JM02", "--name", "{}"), "text"),
        (("office", "add", "JM02", "--name", "二号", "--address", "{}"), "text"),
        (("office", "add", "JM02", "--name", "二号", "--buildings", "{}"), "text"),
        (("office", "add", "JM02", "--name", "二号", "--cs-seal", "{}"), "text"),
        (("office", "show", "{}"), "id"),
        (("office", "update", "{}", "--name", "x", "--reason", "r"), "id"),
        (("office", "update", T, "--lobbies", "{}", "--reason", "r"), "text"),
        (("office", "update", T, "--name", "x", "--reason", "{}"), "text"),
    ],
    "household": [
        (("household", "add", "--office", "JM01", "--building", "{}", "--room", "102"), "text"),
        (("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--name", "{}"), "text"),
        (("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--move-in", "{}"), "date"),
        (("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--at", "{}"), "date"),
        (("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--by", "{}"), "text"),
        (("household", "list", "--limit", "{}"), "count"),
        (("household", "list", "--search", "{}"), "text"),
        (("household", "show", "{}"), "id"),
        (("household", "form", "{}"), "id"),
        (("household", "update", "{}", "--name", "x", "--reason", "r"), "id"),
        (("household", "update", T, "--move-in", "{}", "--reason", "r"), "date"),
        (("household", "update", T, "--name", "{}", "--reason", "r"), "text"),
        (("household", "update", T, "--name", "x", "--reason", "{}"), "text"),
    ],
    "staff": [
        (("staff", "add", "{}", "--office", "JM01", "--role", "clerk"), "text"),
        (("staff", "add", "李四", "--office", "JM01", "--role", "clerk", "--buildings", "{}"), "text"),
        (("staff", "show", "{}"), "id"),
        (("staff", "update", "{}", "--name", "x", "--reason", "r"), "id"),
        (("staff", "update", T, "--name", "x", "--reason", "{}"), "text"),
        (("staff", "list", "--role", "{}"), "text"),
    ],
    "ticket": [
        (("ticket", "transfer", T, "--to", "{}", "--ask-by", "2026-11-24"), "text"),
        (("ticket", "transfer", T, "--to", "工程", "--ask-by", "{}"), "date"),
        (("ticket", "commit", T, "--by", "{}", "--will-finish", "2026-11-24"), "text"),
        (("ticket", "feedback", T, "--from", "工程", "--text", "{}"), "text"),
        (("ticket", "new", "--kind", "咨询", "-d", "{}", "--household", T), "text"),
        (("ticket", "new", "--kind", "咨询", "-d", "x", "--household", "{}"), "id"),
        (("ticket", "new", "--kind", "咨询", "-d", "x", "--household", T, "--at", "{}"), "date"),
        (("ticket", "new", "--kind", "报修", "-d", "x", "--household", T, "--agreed", "{}"), "date"),
        (("ticket", "new", "--kind", "咨询", "-d", "x", "--caller-name", "{}"), "text"),
        (("ticket", "new", "--kind", "咨询", "-d", "x", "--household", T, "--ref", "{}"), "text"),
        (("ticket", "dispatch", "{}", "--to", "刘强"), "id"),
        (("ticket", "dispatch", T, "--to", "{}"), "text"),
        (("ticket", "dispatch", T, "--to", "刘强", "--at", "{}"), "date"),
        (("ticket", "cancel", T, "--reason", "{}"), "text"),
        (("ticket", "reopen", T, "--reason", "{}"), "text"),
        (("ticket", "resolve", T, "--note", "{}", "--without-visit"), "text"),
        (("ticket", "defer", T, "--until", "{}", "--customer-told-at", "2026-11-23 09:00"), "date"),
        (("ticket", "defer", T, "--until", "2026-11-25", "--customer-told-at", "{}"), "date"),
        (("ticket", "list", "--limit", "{}"), "count"),
        (("ticket", "list", "--month", "{}"), "month"),
        (("ticket", "show", "{}"), "id"),
        (("ticket", "form", "{}", "transfer"), "id"),
        (("ticket", "form", T, "transfer", "--output", "{}"), "text"),
        (("ticket", "import", "{}"), "text"),
    ],
    "callback": [
        (("callback", "sample", "--week", "2026-W47", "--seed", "{}"), "count"),
        (("callback", "sample", "--week", "{}"), "text"),
        (("callback", "list", "--limit", "{}"), "count"),
        (("callback", "show", "{}"), "id"),
        (("callback", "record", "{}", "--method", "phone", "--result", "ok"), "id"),
        (("callback", "record", T, "--method", "phone", "--result", "{}"), "text"),
        (("callback", "record", T, "--method", "phone", "--result", "ok", "--at", "{}"), "date"),
    ],
    "visit": [
        (("visit", "plan", "--month", "{}"), "month"),
        (("visit", "plan", "--month", "2026-12", "--seed", "{}"), "count"),
        (("visit", "plan", "--month", "2026-12", "--company", "--households", "{}"), "id"),
        (("visit", "plan", "--month", "2026-12", "--company", "--households", "{}"), "text"),
        (("visit", "record", "--visitors", "刘强", "--method", "office", "--household", "{}"), "id"),
        (("visit", "record", "--visitors", "刘强", "--method", "office", "--household", T, "--private", "{}"), "text"),
        (("visit", "record", "--visitors", "刘强", "--method", "office", "--household", T, "--item", "{}"), "text"),
        (("visit", "record", "--visitors", "刘强", "--method", "office", "--household", T, "--at", "{}"), "date"),
        (("visit", "record", "--visitors", "刘强", "--household", T, "--appointment", "{}"), "date"),
        (("visit", "submit", "{}"), "id"),
        (("visit", "show", "{}"), "id"),
        (("visit", "list", "--month", "{}"), "month"),
        (("visit", "quota", "--month", "{}"), "month"),
        (("visit", "summary", "--month", "2026-11", "--approve", "--measures", "{}"), "text"),
    ],
    "survey": [
        (("survey", "open", "--season", "{}"), "month"),
        (("survey", "open", "--season", "2027-06", "--deadline", "{}"), "date"),
        (("survey", "record", "--season", "2026-11", "--grades", "{}", "--household", T), "text"),
        (("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--household", "{}"), "id"),
        (
            ("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--household", T, "--opinion", "{}"),
            "text",
        ),
        (("survey", "status", "--season", "{}"), "month"),
        (("survey", "analyse", "--season", "2026-11", "--analysis", "{}", "--answers", "a"), "text"),
    ],
    "service": [
        (("service", "add", "{}", "--price", "50", "--unit", "次"), "text"),
        (("service", "add", "疏通", "--price", "{}", "--unit", "次"), "text"),
        (("service", "add", "疏通", "--price", "50", "--unit", "{}"), "text"),
        (("service", "show", "{}"), "id"),
        (("service", "update", "{}", "--price", "60", "--reason", "r"), "id"),
        (("service", "list", "--limit", "{}"), "count"),
        (("service", "guide", "--office", "{}"), "text"),
    ],
    "box": [
        (("box", "open", "--found", "{}"), "count"),
        (("box", "open", "--found", "1", "--ticket", "{}"), "id"),
        (("box", "open", "--found", "1", "--at", "{}"), "date"),
        (("box", "open", "--found", "1", "--note", "{}"), "text"),
    ],
    "letter": [
        (("letter", "in", "--from", "{}", "--subject", "s", "--date", "2026-11-20"), "text"),
        (("letter", "in", "--from", "a", "--subject", "s", "--date", "{}"), "date"),
        (("letter", "out", "--to", "a", "--subject", "s", "--date", "2026-11-20", "--file", "{}"), "text"),
        (("letter", "list", "--month", "{}"), "month"),
    ],
    "notice": [
        (("notice", "new", "--kind", "{}", "--title", "t", "--body", "b", "--effective-from", "2026-12-01"), "text"),
        (("notice", "new", "--kind", "一般", "--title", "{}", "--body", "b", "--effective-from", "2026-12-01"), "text"),
        (("notice", "new", "--kind", "一般", "--title", "t", "--body", "{}", "--effective-from", "2026-12-01"), "text"),
        (("notice", "new", "--kind", "一般", "--title", "t", "--body", "b", "--effective-from", "{}"), "date"),
        (
            ("notice", "new", "--kind", "一般", "--title", "t", "--body", "b", "--effective-from", "2026-12-01")
            + ("--posted-at", "{}"),
            "date",
        ),
        (
            ("notice", "new", "--kind", "财物损失", "--title", "t", "--body", "b", "--effective-from", "2026-11-23")
            + ("--since", "2026-11-23 08:00", "--household", "{}"),
            "id",
        ),
        (
            ("notice", "new", "--kind", "调查结果", "--title", "t", "--body", "b", "--effective-from", "2026-11-23")
            + ("--survey", "{}"),
            "month",
        ),
        (("notice", "show", "{}"), "id"),
        (("notice", "render", "{}"), "id"),
        (("notice", "post", "{}"), "id"),
        (("notice", "withdraw", "{}", "--reason", "r"), "id"),
        (("notice", "list", "--month", "{}"), "month"),
        (("notice", "list", "--kind", "{}"), "text"),
    ],
    "task": [
        (("task", "new", "--from", "客服", "--to", "工程", "--text", "{}", "--ask-by", "2026-11-24"), "text"),
        (("task", "new", "--from", "{}", "--to", "工程", "--text", "x", "--ask-by", "2026-11-24"), "text"),
        (("task", "new", "--from", "客服", "--to", "工程", "--text", "x", "--ask-by", "{}"), "date"),
        (("task", "commit", "{}", "--by", "工程", "--will-finish", "2026-11-24"), "id"),
        (("task", "feedback", "{}", "--from", "工程", "--text", "x"), "id"),
        (("task", "list", "--office", "{}"), "text"),
    ],
    "appeal": [
        (("appeal", "new", "--staff", "{}", "--kind", "appeal", "--to", "王敏", "--text", "x", "--by", "刘强"), "text"),
        (("appeal", "new", "--staff", "刘强", "--kind", "{}", "--to", "王敏", "--text", "x", "--by", "刘强"), "text"),
        (("appeal", "new", "--staff", "刘强", "--kind", "appeal", "--to", "{}", "--text", "x", "--by", "刘强"), "text"),
        (
            ("appeal", "new", "--staff", "刘强", "--kind", "appeal", "--to", "王敏", "--text", "{}", "--by", "刘强"),
            "text",
        ),
        (("appeal", "new", "--staff", "刘强", "--kind", "appeal", "--to", "王敏", "--text", "x", "--by", "{}"), "text"),
        (
            ("appeal", "new", "--staff", "刘强", "--kind", "appeal", "--to", "王敏", "--text", "x", "--by", "刘强")
            + ("--at", "{}"),
            "date",
        ),
        (("appeal", "answer", "{}", "--text", "x", "--by", "王敏"), "id"),
        (("appeal", "disagree", "{}", "--text", "x", "--by", "刘强"), "id"),
        (("appeal", "handle", "{}", "--text", "x", "--by", "王敏"), "id"),
        (("appeal", "show", "{}"), "id"),
        (("appeal", "show", T, "--by", "{}"), "text"),
        (("appeal", "form", "{}"), "id"),
        (("appeal", "list", "--month", "{}"), "month"),
        (("appeal", "list", "--by", "{}"), "text"),
    ],
    "mailbox": [
        (("mailbox", "new", "--text", "{}", "--by", "刘强"), "text"),
        (("mailbox", "new", "--text", "x", "--from", "{}", "--by", "刘强"), "text"),
        (("mailbox", "new", "--text", "x", "--by", "{}"), "text"),
        (("mailbox", "new", "--text", "x", "--by", "刘强", "--at", "{}"), "date"),
        (("mailbox", "answer", "{}", "--how", "document", "--text", "x", "--by", "刘强"), "id"),
        (("mailbox", "answer", T, "--how", "{}", "--text", "x", "--by", "刘强"), "text"),
        (("mailbox", "show", "{}"), "id"),
        (("mailbox", "list", "--month", "{}"), "month"),
        (("mailbox", "survey", "--year", "{}", "--by", "刘强"), "count"),
        (("mailbox", "survey", "--year", "2026", "--held-at", "{}", "--by", "刘强"), "date"),
        (("mailbox", "survey-answer", "--year", "2026", "--text", "{}", "--by", "刘强"), "text"),
    ],
    "meeting": [
        (("meeting", "new", "--type", "{}", "--at", "2026-11-23 09:00", "--ends-at", "2026-11-23 10:00"), "text"),
        (("meeting", "new", "--type", "company", "--at", "{}", "--ends-at", "2026-11-23 10:00"), "date"),
        (("meeting", "new", "--type", "company", "--at", "2026-11-23 09:00", "--ends-at", "{}"), "date"),
        (("meeting", "new", "--type", "company", "--ends-at", "2026-11-23 12:00", "--chair", "{}"), "text"),
        (("meeting", "new", "--type", "company", "--ends-at", "2026-11-23 12:00", "--attendee", "{}"), "text"),
        (("meeting", "new", "--type", "company", "--ends-at", "2026-11-23 12:00", "--place", "{}"), "text"),
        (("meeting", "new", "--type", "board", "--ends-at", "2026-11-23 12:00", "--agenda-sent-at", "{}"), "date"),
        (("meeting", "show", "{}"), "id"),
        (("meeting", "list", "--month", "{}"), "month"),
        (("meeting", "list", "--type", "{}"), "text"),
        (("meeting", "attend", "{}", "--staff", "王敏"), "id"),
        (("meeting", "attend", "1", "--staff", "{}"), "text"),
        (("meeting", "cancel", "{}", "--reason", "r"), "id"),
        (("meeting", "cancel", "1", "--reason", "{}"), "text"),
        (("meeting", "plan", "--from", "{}", "--to", "2026-12-01"), "date"),
        (("meeting", "plan", "--from", "2026-11-01", "--to", "{}", "--save"), "date"),
        (("meeting", "minutes", "{}", "--topic", "t"), "id"),
        (("meeting", "minutes", T, "--topic", "{}"), "text"),
        (("meeting", "minutes", T, "--topic", "t", "--resolution", "{}"), "text"),
        (("meeting", "minutes", T, "--topic", "t", "--resolution", "x|{}|2026-12-01"), "text"),
        (("meeting", "minutes", T, "--topic", "t", "--resolution", "x|刘强|{}"), "date"),
        (("meeting", "minutes", T, "--topic", "t", "--speaker", "{}"), "text"),
        (("meeting", "minutes", T, "--topic", "t", "--at", "{}"), "date"),
        (("meeting", "minutes", T, "--file", "{}"), "text"),
        (("meeting", "distribute", "{}"), "id"),
        (("meeting", "distribute", T, "--to", "{}"), "text"),
        (("meeting", "distribute", T, "--at", "{}"), "date"),
        (("meeting", "approve", "{}", "--by", "王敏"), "id"),
        (("meeting", "approve", T, "--by", "{}"), "text"),
        (("meeting", "render", "{}", "minutes"), "id"),
        (("meeting", "render", T, "{}"), "text"),
        (("meeting", "ics", "--from", "{}", "--to", "2026-12-01"), "date"),
        (("meeting", "ics", "--from", "2026-11-01", "--to", "{}"), "date"),
        (("meeting", "resolution", "plan", "{}", "--text", "t"), "id"),
        (("meeting", "resolution", "plan", T, "--text", "{}"), "text"),
        (("meeting", "resolution", "update", "{}", "--progress", "t"), "id"),
        (("meeting", "resolution", "update", T, "--progress", "{}"), "text"),
        (("meeting", "resolution", "done", "{}"), "id"),
        (("meeting", "resolution", "done", T, "--at", "{}"), "date"),
        (("meeting", "resolution", "report-back", "{}"), "id"),
        (("meeting", "resolution", "report-back", T, "--at", "{}"), "date"),
        (("meeting", "resolution", "list", "--owner", "{}"), "text"),
        (("meeting", "resolution", "show", "{}"), "id"),
    ],
    "info": [
        (("info", "log", "--source", "{}", "--text", "t", "--by", "王敏"), "text"),
        (("info", "log", "--source", "s", "--text", "{}", "--by", "王敏"), "text"),
        (("info", "log", "--source", "s", "--text", "t", "--by", "{}"), "text"),
        (("info", "log", "--source", "s", "--text", "t", "--by", "王敏", "--at", "{}"), "date"),
        (("info", "distribute", "{}", "--to", "刘强", "--by", "王敏"), "id"),
        (("info", "distribute", T, "--to", "{}", "--by", "王敏"), "text"),
        (("info", "send", "{}", "--by", "王敏"), "id"),
        (("info", "report", "{}", "--cause", "c", "--measure", "m", "--by", "王敏"), "id"),
        (("info", "report", T, "--cause", "{}", "--measure", "m", "--by", "王敏"), "text"),
        (("info", "reviewed", "--week", "{}", "--meeting", T, "--by", "王敏"), "text"),
        (("info", "reviewed", "--week", "2026-W47", "--meeting", "{}", "--by", "王敏"), "id"),
        (("info", "list", "--month", "{}"), "month"),
        (("info", "list", "--week", "{}"), "text"),
        (("info", "show", "{}"), "id"),
        (("info", "form", "{}"), "id"),
        (("info", "register", "--month", "{}"), "month"),
    ],
    "stop": [
        (("stop", "plan", "--year", "{}"), "count"),
        (("stop", "plan", "--year", "2026", "--team", "{}", "--by", "王敏"), "text"),
        (("stop", "plan", "--year", "2026", "--team", "一组:王敏:刘强:1栋", "--crew", "{}", "--by", "王敏"), "text"),
        (("stop", "plan", "--year", "2026", "--team", "一组:王敏:刘强:1栋", "--by", "{}"), "text"),
        (("stop", "plan", "--year", "2026", "--team", "一组:王敏:刘强:1栋", "--at", "{}", "--by", "王敏"), "date"),
        (
            ("stop", "card", "--area", "{}", "--observer", "王敏", "--random", "--category", "ppe", "--safe")
            + ("--action", "praise", "--seconds", "30", "--by", "王敏"),
            "text",
        ),
        (
            ("stop", "card", "--area", "1栋", "--observer", "{}", "--random", "--category", "ppe", "--safe")
            + ("--action", "praise", "--seconds", "30", "--by", "王敏"),
            "text",
        ),
        (
            ("stop", "card", "--area", "1栋", "--observer", "王敏", "--random", "--category", "{}", "--safe")
            + ("--action", "praise", "--seconds", "30", "--by", "王敏"),
            "text",
        ),
        (
            ("stop", "card", "--area", "1栋", "--observer", "王敏", "--random", "--category", "ppe", "--safe")
            + ("--action", "{}", "--seconds", "30", "--by", "王敏"),
            "text",
        ),
        (
            ("stop", "card", "--area", "1栋", "--observer", "王敏", "--random", "--category", "ppe", "--safe")
            + ("--action", "praise", "--seconds", "{}", "--by", "王敏"),
            "int",
        ),
        (
            ("stop", "card", "--area", "1栋", "--observer", "王敏", "--random", "--category", "ppe", "--safe")
            + ("--action", "praise", "--seconds", "30", "--note", "{}", "--by", "王敏"),
            "text",
        ),
        (
            ("stop", "card", "--area", "1栋", "--observer", "王敏", "--random", "--category", "ppe", "--safe")
            + ("--action", "praise", "--seconds", "30", "--at", "{}", "--by", "王敏"),
            "date",
        ),
        (("stop", "show", "{}"), "id"),
        (("stop", "list", "--month", "{}"), "month"),
        (("stop", "list", "--area", "{}"), "text"),
        (("stop", "report", "--day", "{}"), "date"),
        (("stop", "report", "--week", "{}"), "text"),
        (("stop", "report", "--month", "{}"), "month"),
        (("stop", "coverage", "--month", "{}"), "month"),
        (("stop", "measure", "--week", "{}", "--category", "ppe", "--text", "t", "--by", "王敏"), "text"),
        (("stop", "measure", "--week", "2026-W47", "--category", "{}", "--text", "t", "--by", "王敏"), "text"),
        (("stop", "measure", "--week", "2026-W47", "--category", "ppe", "--text", "{}", "--by", "王敏"), "text"),
        (("stop", "training", "--week", "2026-W47", "--staff", "{}", "--by", "王敏"), "text"),
        (("stop", "analysis", "--week", "{}"), "text"),
        (("stop", "send", "--month", "{}", "--to", "项目部", "--by", "王敏"), "month"),
        (("stop", "send", "--month", "2026-10", "--to", "{}", "--by", "王敏"), "text"),
        (("stop", "summary", "--month", "{}"), "month"),
        (("stop", "bulletin", "--quarter", "{}"), "text"),
        (("stop", "bulletin", "--half", "{}"), "text"),
        (("stop", "award", "--week", "2026-W47", "--card", "{}", "--by", "王敏"), "id"),
        (("stop", "award", "--week", "2026-W47", "--staff", "{}", "--by", "王敏"), "text"),
        (("stop", "award", "--month", "{}", "--staff", "王敏", "--by", "王敏"), "month"),
        (
            ("stop", "deviation", "--from", "{}", "--to", "2026-12-01", "--approved-by", "王敏", "--reason", "r")
            + ("--by", "王敏"),
            "date",
        ),
        (
            ("stop", "deviation", "--from", "2026-11-01", "--to", "{}", "--approved-by", "王敏", "--reason", "r")
            + ("--by", "王敏"),
            "date",
        ),
        (
            ("stop", "deviation", "--from", "2026-11-01", "--to", "2026-12-01", "--approved-by", "王敏")
            + ("--reason", "{}", "--by", "王敏"),
            "text",
        ),
    ],
    "report": [
        (("report", "due", "--date", "{}"), "date"),
        (("report", "due", "--within", "{}"), "count"),
        (("report", "monthly", "--month", "{}"), "month"),
        (("report", "monthly", "--office", "{}"), "text"),
        (("report", "monthly", "--templates", "{}"), "text"),
        (("report", "due", "--output", "{}"), "text"),
        (("report", "monthly", "--stores", "{}"), "text"),
    ],
}

# exports (issue 16): the group's export of every group that keeps records (True: it has a --period)
for _group, _timed in {
    "office": False,
    "household": True,
    "staff": False,
    "calendar": True,
    "ticket": True,
    "callback": True,
    "visit": True,
    "notice": True,
    "meeting": True,
    "appeal": True,
}.items():
    CASES[_group] += [
        ((_group, "export", "--office", "{}"), "text"),
        ((_group, "export", "-o", "{}"), "text"),
        ((_group, "export", "-f", "{}"), "text"),
        ((_group, "export", "--headers", "{}"), "text"),
        *([((_group, "export", "--period", "{}"), "month")] if _timed else []),
    ]

TRIED: Counter = Counter()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, _templates, request) -> Cli:
    """The small fixture store every case runs against (it must never change)."""
    folder = tmp_path_factory.mktemp("hostile")
    env = frozen_env(folder)
    c = Cli(folder / "hostile.db")
    copy_store(_templates[1], c.db)
    c.ok("staff", "add", "王敏", "--office", "JM01", "--role", "supervisor", env=env)
    c.ok(
        "ticket",
        "new",
        "--kind",
        "报修",
        "-d",
        "屋面漏水",
        "--household",
        "1",
        "--major-defect",
        "roof_leak",
        "--at",
        "2026-11-23 08:00",
        env=env,
    )
    c.ok(
        "visit",
        "record",
        "--visitors",
        "刘强",
        "--method",
        "office",
        "--household",
        "1",
        "--at",
        "2026-11-20 10:00",
        env=env,
    )
    c.ok("survey", "open", "--season", "2026-11", env=env)
    c.ok(
        "meeting", "new", "--type", "interdept", "--at", "2026-11-20 09:00", "--ends-at", "2026-11-20 10:00",
        "--chair", "王敏", "--attendee", "刘强", "--minute-taker", "王敏", env=env,
    )  # fmt: skip
    c.ok(
        "meeting",
        "minutes",
        "1",
        "--topic",
        "t",
        "--resolution",
        "x|刘强|2026-12-01",
        "--at",
        "2026-11-20 11:00",
        env=env,
    )
    c.ok("meeting", "new", "--type", "company", "--at", "2026-11-23 09:00", "--ends-at", "2026-11-23 10:00", env=env)
    yield c
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\nhostile input: {sum(TRIED.values())} generated cases tried "
                f"({', '.join(f'{k} {v}' for k, v in sorted(TRIED.items()))})"
            )


def refused(cli: Cli, argv, before, what: str):
    r = cli(*argv, db="--db" not in argv)  # the fixture's --db would come last and win
    shown = [a[:60] + "…" if len(a) > 60 else a for a in argv]
    assert r.exit_code in (1, 2), f"{what}: exit {r.exit_code} for {shown!r}\n{r.stdout[-500:]}\n{r.stderr[-500:]}"
    assert "Traceback" not in r.stdout + r.stderr, shown
    if r.exit_code == 1:
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: "), (shown, r.stderr[-500:])
    assert dump(cli.db) == before, f"{what}: the store changed for {shown!r}"


def test_every_group_has_cases():
    assert set(CASES) == set(GROUPS)


@pytest.mark.parametrize("group", sorted(CASES))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_bad_values_in_every_option(hostile, group, data):
    before = dump(hostile.db)
    argv, kind = data.draw(st.sampled_from(CASES[group]), label="command")
    value = data.draw(BAD[kind], label=kind)
    refused(hostile, [value if a == "{}" else a for a in argv], before, group)
    TRIED[group] += 1


# --- import files --------------------------------------------------------------------------------

IMPORTS = {  # command → (header, a good row, the columns a bad value may go into, with their kind)
    ("household", "import"): (
        "office,building,room,name,move_in",
        ["JM01", "2栋", "201", "张三", "2019-05-01"],  # JM01 has 1栋 and 2栋 only
        {1: "text", 2: "text", 3: "text", 4: "date"},
    ),
    ("staff", "import"): ("管理处,姓名,岗位,负责楼栋", ["JM01", "赵六", "clerk", "1栋"], {1: "text", 3: "text"}),
    ("ticket", "import"): (
        "编号,管理处,楼栋,房号,类型,内容,报告时间,完成时间,处理结果",
        ["H-1", "JM01", "1栋", "101", "报修", "漏水", "2026-10-08 09:00", "2026-10-08 10:00", "修好"],
        {0: "text", 5: "text", 6: "date", 7: "date", 8: "text"},
    ),
    ("calendar", "import"): ("date,kind,name", ["2027-01-01", "休", "元旦"], {0: "date", 2: "text"}),
    ("office", "import"): ("编号,名称,楼栋", ["JM03", "三号", "A座"], {0: "text", 1: "text", 2: "text"}),
    ("visit", "plan", "--month", "2026-12", "--company", "--file"): (
        "楼栋,房号",
        ["1栋", "101"],
        {0: "text", 1: "text"},
    ),
    ("visit", "import"): (
        "管理处,楼栋,房号,访问人,访问方式,访问时间",
        ["JM01", "1栋", "101", "刘强", "来访", "2026-11-21 10:00"],
        {1: "text", 2: "text", 3: "text", 5: "date"},
    ),
    ("callback", "import"): (  # the fixture's repair, its major-defect check done
        "管理处,回访类型,楼栋,房号,工单报告时间,工单内容,回访时间,回访方式,回访结果",
        ["JM01", "major_check", "1栋", "101", "2026-11-23 08:00", "屋面漏水", "2026-11-23 09:00", "phone", "已复查"],
        {2: "text", 4: "date", 5: "text", 6: "date", 8: "text"},
    ),
    ("appeal", "import"): (
        "管理处,类型,当事人,直接上级,内容,提交时间",
        ["JM01", "提议", "刘强", "王敏", "建议增加夜班", "2026-11-20 09:00"],
        {2: "text", 3: "text", 4: "text", 5: "date"},
    ),
    ("notice", "import"): (
        "管理处,类型,标题,内容,生效时间,张贴时间",
        ["JM01", "宣传栏", "消防知识", "注意用火安全", "2026-11-20 09:00", "2026-11-20 09:00"],
        {2: "text", 3: "text", 4: "date", 5: "date"},
    ),
    ("meeting", "import"): (
        "管理处,会议类型,开始时间,结束时间,主持人",
        ["JM01", "interdept", "2026-11-10 09:00", "2026-11-10 10:00", "王敏"],
        {2: "date", 3: "date", 4: "text"},
    ),
}


@pytest.mark.parametrize("command", sorted(IMPORTS))
def test_each_import_files_good_row_imports(hostile, tmp_path, command):
    """The generator's base is sound: its good row alone imports (into a copy), so a file it spoils is refused for
    the cell it spoiled."""
    header, good, _ = IMPORTS[command]
    c = Cli(tmp_path / "copy.db")
    copy_store(hostile.db, c.db)
    path = tmp_path / "good.csv"
    path.write_text(header + "\n" + ",".join(good) + "\n", encoding="utf-8")
    r = c(*command, str(path))
    assert r.exit_code == 0, (command, r.stdout, r.stderr)


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@st.composite
def bad_file(draw):
    command = draw(st.sampled_from(sorted(IMPORTS)))
    header, good, slots = IMPORTS[command]
    shape = draw(st.sampled_from(["cell", "cell", "cell", "bytes", "duplicate"]))
    if shape == "bytes":  # random bytes, or a UTF-16 file: no header we know
        data = draw(st.one_of(st.binary(min_size=1, max_size=200), st.just((header + "\n").encode("utf-16"))))
        return command, data, shape
    if shape == "duplicate":
        first = header.split(",")[0]
        return command, f"{header},{first}\n{','.join(good)},{good[0]}\n".encode(), shape
    column = draw(st.sampled_from(sorted(slots)))
    row = list(good)
    # undecodable bytes are a hostile argument, but in a file they are just GB18030 (tested with "mixed")
    row[column] = draw(BAD[slots[column]].filter(lambda v: not any("\ud800" <= ch <= "\udfff" for ch in v)))
    lines = [header, ",".join(good), ",".join(_cell(c) for c in row)]
    if draw(st.booleans()):
        lines[1], lines[2] = lines[2], lines[1]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "mixed"]))
    if encoding == "mixed":  # the header and first row in UTF-8, the rest in GB18030
        data = ("\n".join(lines[:2]) + "\n").encode() + ("\n".join(lines[2:]) + "\n").encode("gb18030")
    else:
        data = ("\n".join(lines) + "\n").encode(encoding)
    return command, data, shape


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(case=bad_file())
def test_bad_import_files(hostile, tmp_path_factory, case):
    command, data, shape = case
    before = dump(hostile.db)
    path = Path(tmp_path_factory.mktemp("imp")) / "bad.csv"
    path.write_bytes(data)
    refused(hostile, [*command, str(path)], before, "import")
    TRIED["import files"] += 1
