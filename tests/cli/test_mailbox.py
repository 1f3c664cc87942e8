"""The president's mailbox (总裁信箱) and the yearly staff needs survey (员工需求普查), 000 §五(八), issue 14: a
letter may be anonymous and is never shown with a name unless it gives one; common needs are answered by a
company document, sharp individual questions face to face by a leader; the survey is held once a year by the end
of the policy month (mailbox_survey_month, 12 by default) and answered by a company document. Now: Monday
2026-11-23 10:00 +08:00."""

import pytest

from tests.conftest import Cli, events

ZH = {"COMMSCLI_LANG": "zh"}
WRITER, CLERK, MANAGER = "张伟", "王丽", "陈建国"


@pytest.fixture
def staffed(office) -> Cli:
    for name, role in ((WRITER, "security"), (CLERK, "clerk"), (MANAGER, "manager")):
        office.ok("staff", "add", name, "--office", "JM01", "--role", role)
    return office


def letter(c: Cli, *extra, text: str = "希望改善宿舍热水", at: str = "2026-11-20 09:00") -> dict:
    return c.json("mailbox", "new", "--text", text, "--at", at, "--by", CLERK, *extra)


def mailbox_figures(c: Cli, month: str) -> dict:
    data = c.json("report", "monthly", "--month", month)
    section = next(s for s in data["sections"] if s["key"] == "section.mailbox")
    return {f["key"]: f["value"] for f in section["figures"]}


def test_an_anonymous_letter_is_never_shown_with_a_name(staffed):
    m = letter(staffed)
    assert (m["anonymous"], m["from"], m["received_at"]) == (True, None, "2026-11-20T09:00:00+08:00")
    [e] = events(staffed, record_table="mailbox_letters")
    assert WRITER not in str(e) and '"anonymous": true' in e["after"]
    out = staffed.ok("mailbox", "show", m["id"], "--show-personal", env=ZH).stdout
    assert "来信人" not in out or "匿名" in out
    rows = staffed.ok("mailbox", "list", env=ZH).stdout.splitlines()
    assert rows[0].split("\t") == ["编号", "收信时间", "来信人", "答复方式", "来信内容"]
    assert rows[1].split("\t")[2] == "匿名"


def test_a_signed_letter_names_its_writer_masked_unless_show_personal(staffed):
    m = letter(staffed, "--from", WRITER)
    assert (m["anonymous"], m["from"]) == (False, "张*")
    assert staffed.json("mailbox", "show", m["id"], "--show-personal")["from"] == WRITER
    assert WRITER not in staffed.ok("mailbox", "list", "--csv").stdout
    assert staffed.json("mailbox", "list", "--show-personal")[0]["from"] == WRITER


def test_answers_by_document_or_face_to_face_by_a_leader(staffed, unchanged):
    common = letter(staffed)
    sharp = letter(staffed, "--from", WRITER, text="质疑排班不公", at="2026-11-20 10:00")
    with unchanged(staffed.db):
        r = staffed.fails("mailbox", "answer", common["id"], "--how", "当面", "--text", "x", "--by", MANAGER)
        assert "anonymous" in r.stderr and "--how" in r.stderr
        r = staffed.fails("mailbox", "answer", sharp["id"], "--how", "face-to-face", "--text", "x", "--by", CLERK)
        assert "leader" in r.stderr and CLERK in r.stderr
        r = staffed.fails("mailbox", "answer", sharp["id"], "--how", "phone", "--text", "x", "--by", MANAGER)
        assert "--how" in r.stderr and "phone" in r.stderr
        r = staffed.fails("mailbox", "answer", sharp["id"], "--how", "document", "--text", "x", "--by", "无名氏")
        assert "--by" in r.stderr and "无名氏" in r.stderr
        r = staffed.fails(
            "mailbox",
            "answer",
            sharp["id"],
            "--how",
            "document",
            "--text",
            "x",
            "--by",
            CLERK,
            "--at",
            "2026-11-19 10:00",
        )
        assert "--at" in r.stderr
    a = staffed.json(
        "mailbox",
        "answer",
        common["id"],
        "--how",
        "公司文件",
        "--text",
        "发文：宿舍热水改造",
        "--by",
        CLERK,
        "--at",
        "2026-11-21 09:00",
    )
    assert (a["answer_how"], a["answered_by"], a["answered_at"]) == ("document", CLERK, "2026-11-21T09:00:00+08:00")
    b = staffed.json(
        "mailbox",
        "answer",
        sharp["id"],
        "--how",
        "face-to-face",
        "--text",
        "已面谈，调整排班",
        "--by",
        MANAGER,
        "--at",
        "2026-11-22 15:00",
    )
    assert b["answer_how"] == "face_to_face"
    with unchanged(staffed.db):
        assert (
            "answered"
            in staffed.fails("mailbox", "answer", sharp["id"], "--how", "document", "--text", "x", "--by", CLERK).stderr
        )
    assert [r["id"] for r in staffed.json("mailbox", "list", "--unanswered")] == []
    assert mailbox_figures(staffed, "2026-11") == {
        "fig.mailbox_letters": 2,
        "fig.mailbox_anonymous": 1,
        "fig.mailbox_answered": 2,
        "fig.mailbox_by_document": 1,
        "fig.mailbox_face_to_face": 1,
        "fig.needs_survey_held": 0,
    }
    out = staffed.ok("report", "monthly", "--month", "2026-11", "--show-personal", env=ZH).stdout
    assert "总裁信箱与员工需求普查" in out and WRITER not in out


def test_new_letter_refuses_a_writer_or_recorder_who_is_not_staff(staffed, unchanged):
    with unchanged(staffed.db):
        r = staffed.fails("mailbox", "new", "--text", "x", "--from", "无名氏", "--by", CLERK)
        assert "--from" in r.stderr and "无名氏" in r.stderr
        r = staffed.fails("mailbox", "new", "--text", "x")
        assert "--by" in r.stderr and "tester" in r.stderr
        assert "--text" in staffed.fails("mailbox", "new", "--text", "  ", "--by", CLERK).stderr
        assert "ID" in staffed.fails("mailbox", "show", "9").stderr
        assert "--month" in staffed.fails("mailbox", "list", "--month", "11/2026").stderr


# --- the yearly needs survey ------------------------------------------------------------------------------


def test_the_years_survey_is_due_by_the_end_of_the_policy_month_until_recorded(staffed, tmp_path):
    policy = tmp_path / "survey-month.toml"
    policy.write_text("mailbox_survey_month = 11\n", encoding="utf-8")

    def survey_due(*extra):
        items = staffed.json("report", "due", "--within", "7", "--policy", policy, *extra)["due"]
        return [(i["what"], i["due"], i["state"]) for i in items if i["what"] == "due.needs_survey"]

    assert survey_due() == [("due.needs_survey", "2026-11-30T23:59:59+08:00", "soon")]
    # the default month (12) is beyond a week ahead: not listed yet
    items = staffed.json("report", "due", "--within", "7")["due"]
    assert not [i for i in items if i["what"] == "due.needs_survey"]
    s = staffed.json(
        "mailbox",
        "survey",
        "--year",
        "2026",
        "--held-at",
        "2026-11-18 14:00",
        "--by",
        CLERK,
        "--note",
        "问卷 120 份",
        "--policy",
        policy,
    )
    assert (s["year"], s["held_at"]) == (2026, "2026-11-18T14:00:00+08:00")
    assert survey_due() == []
    a = staffed.json(
        "mailbox",
        "survey-answer",
        "--year",
        "2026",
        "--text",
        "发文：2027 年员工福利调整",
        "--by",
        CLERK,
        "--at",
        "2026-11-22 09:00",
    )
    assert a["answered_at"] == "2026-11-22T09:00:00+08:00"
    assert mailbox_figures(staffed, "2026-11")["fig.needs_survey_held"] == 1
    assert [r["year"] for r in staffed.json("mailbox", "surveys")] == [2026]


def test_a_survey_not_held_past_its_month_is_overdue(staffed, tmp_path):
    policy = tmp_path / "survey-month.toml"
    policy.write_text("mailbox_survey_month = 3\n", encoding="utf-8")
    items = staffed.json("report", "due", "--policy", policy)["due"]
    assert [(i["due"], i["state"]) for i in items if i["what"] == "due.needs_survey"] == [
        ("2026-03-31T23:59:59+08:00", "overdue")
    ]


def test_survey_refusals(staffed, unchanged):
    with unchanged(staffed.db):
        r = staffed.fails("mailbox", "survey", "--year", "2025", "--held-at", "2026-11-18", "--by", CLERK)
        assert "--held-at" in r.stderr and "2025" in r.stderr
        r = staffed.fails("mailbox", "survey-answer", "--year", "2026", "--text", "x", "--by", CLERK)
        assert "--year" in r.stderr and "mailbox survey" in r.stderr
        assert "--by" in staffed.fails("mailbox", "survey", "--year", "2026", "--by", "无名氏").stderr
    staffed.ok("mailbox", "survey", "--year", "2026", "--held-at", "2026-11-18", "--by", CLERK)
    with unchanged(staffed.db):
        r = staffed.fails("mailbox", "survey", "--year", "2026", "--by", CLERK)
        assert "recorded already" in r.stderr
        r = staffed.fails(
            "mailbox", "survey-answer", "--year", "2026", "--text", "x", "--by", CLERK, "--at", "2026-11-17 09:00"
        )
        assert "--at" in r.stderr


@pytest.mark.parametrize("year", ["1999", "2032", "99999999999999999999999"])
def test_a_year_outside_the_span_is_one_error_line(staffed, unchanged, year):
    with unchanged(staffed.db):
        r = staffed.fails("mailbox", "survey", "--year", year, "--by", CLERK)
        assert "--year" in r.stderr and year in r.stderr
        staffed.fails("mailbox", "survey-answer", "--year", year, "--text", "x", "--by", CLERK)


def test_unanswered_letters_are_listed_with_unanswered(staffed):
    first = letter(staffed)
    second = letter(staffed, text="食堂菜品单一", at="2026-11-21 09:00")
    staffed.ok("mailbox", "answer", first["id"], "--how", "document", "--text", "发文", "--by", CLERK)
    assert [m["id"] for m in staffed.json("mailbox", "list", "--unanswered")] == [second["id"]]
    assert [m["id"] for m in staffed.json("mailbox", "list", "--month", "2026-11")] == [second["id"], first["id"]]
    assert staffed.json("mailbox", "list", "--month", "2026-10") == []
