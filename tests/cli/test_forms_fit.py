"""Forms fit to file (issue 10): no English code in a zh-CN form or report, numbers, date, signature and seal
lines, printable HTML, the survey's common issues grouped, an empty visit record says 无."""

import importlib
import pkgutil
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import Cli, copy_store, frozen_env

ZH = {"COMMSCLI_LANG": "zh"}
FORMATS = ("text", "md", "html")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo store plus what the demo lacks for every form: a corrective-action report (on complaint #668,
    escalated for compensation and dispatched to the security department)."""
    folder = tmp_path_factory.mktemp("forms")
    env = frozen_env(folder)
    c = Cli(folder / "demo.db")
    c.ok("demo", "--db", c.db, db=False, env=env)
    c.ok(
        "ticket",
        "corrective",
        "668",
        "--cause",
        "排水泵故障未及时发现",
        "--action",
        "加装水位报警",
        "--owner",
        "工程部",
        "--due",
        "2026-12-15",
        env=env,
    )
    return c.db


@pytest.fixture
def demo(demo_store, tmp_path) -> Cli:
    c = Cli(tmp_path / "demo.db")
    copy_store(demo_store, c.db)
    return c


def code_words(store_db) -> set[str]:
    """Every code of the domain's code lists (Choice values, tuples and dicts of codes), every label key's code
    part, and every event action of the demo store: none may reach a person reading zh-CN."""
    import sqlite3

    import commscli.domain
    from commscli.domain.fields import Choice
    from commscli.labels import LABELS

    code = re.compile(r"^[a-z][a-z_]{2,}$")
    words = set()
    for m in pkgutil.iter_modules(commscli.domain.__path__):
        mod = importlib.import_module(f"commscli.domain.{m.name}")
        for name, value in vars(mod).items():
            if not name.isupper():
                continue
            if isinstance(value, Choice):
                value = value.values
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            if isinstance(items, (tuple, list, frozenset, set)):
                words |= {v for v in items if isinstance(v, str) and code.match(v)}
    for key in LABELS:
        words |= {part for part in key.split(".") if code.match(part)}
    conn = sqlite3.connect(str(store_db))
    words |= {a for (a,) in conn.execute("SELECT DISTINCT action FROM events") if code.match(a)}
    conn.close()
    return words | {w.replace("_", "-") for w in words}


class _Text(HTMLParser):
    """The text a reader sees: no tags, no attributes, no stylesheet."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("style", "script", "code")  # a command in <code> is typed as is

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(text: str, fmt: str, sep: str = "\n") -> str:
    """What a reader reads as words: HTML without its markup; a command quoted in backticks is typed as is."""
    if fmt == "html":
        p = _Text()
        p.feed(text)
        text = sep.join(p.parts)
    return re.sub(r"`[^`]*`", "", text)


def found_codes(text: str, words: set[str]) -> set[str]:
    pattern = re.compile(
        r"(?<![A-Za-z0-9_-])(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![A-Za-z0-9_-])"
    )
    return set(pattern.findall(text))


# every command that renders a form or a report, on the demo store
RENDERS = [
    ("ticket", "form", "1", "dispatch"),
    ("ticket", "form", "668", "transfer"),
    ("ticket", "form", "668", "contact-letter"),
    ("ticket", "form", "668", "corrective"),
    ("household", "form", "12"),
    ("visit", "form", "5"),  # without items
    ("visit", "form", "1"),
    ("visit", "summary", "--month", "2026-08"),
    ("visit", "summary", "--month", "2026-08", "--contact-letter"),
    ("survey", "report", "--season", "2026-06"),
    ("notice", "render", "6"),  # pest control: warning signs
    ("notice", "render", "8"),  # the emergency power cut
    # meetings_step's quarter comes first: minutes_step minutes its company meeting of the second week of last
    # month (#127) and holds the directors' forum (#180)
    ("meeting", "render", "127", "minutes"),  # the company weekly meeting, minuted by minutes_step
    ("meeting", "render", "180", "minutes"),  # the directors' forum: distributed late, approved
    ("meeting", "render", "127", "signin"),
    ("report", "monthly", "--month", "2026-10"),
    ("report", "monthly", "--month", "2026-11"),
    ("report", "due", "--within", "30"),
    ("service", "guide"),
    ("ticket", "register", "--month", "2026-10"),
    ("appeal", "form", "1"),  # answered late, with general affairs, handled
    ("appeal", "form", "3"),  # still with the superior
    ("info", "form", "4"),  # the urgent entry reported (纠正预防措施报告)
    ("info", "register", "--month", "2026-11"),
    ("stop", "report", "--month", "2026-10"),
    ("stop", "analysis", "--week", "2026-W42"),
    ("stop", "summary", "--month", "2026-10"),
    ("stop", "bulletin", "--quarter", "2026-Q4"),
]


def test_every_render_command_is_in_the_list():
    """A new form or render command must join RENDERS (and so the no-code test)."""
    from commscli.cli import GROUPS

    rendering = set()
    for group, (module, _) in GROUPS.items():
        mod = importlib.import_module(module)
        for info in mod.app.registered_commands:
            params = info.callback.__signature__.parameters if hasattr(info.callback, "__signature__") else {}
            if "fmt" in params:
                rendering.add((group, info.name))
    assert rendering == {r[:2] for r in RENDERS}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("args", RENDERS, ids=lambda a: " ".join(a))
def test_no_code_word_in_a_zh_form_or_report(demo, args, fmt):
    words = code_words(demo.db)
    out = demo.ok(*args, "--format", fmt, env=ZH).stdout
    assert out.strip()
    assert found_codes(visible(out, fmt), words) == set(), out


def test_transfer_names_the_department_and_the_letter_its_steps_in_words(demo):
    md = demo.ok("ticket", "form", "668", "transfer", "--format", "md", env=ZH).stdout
    assert "| 转呈部门 | 安管部 |" in md
    letter = demo.ok("ticket", "form", "668", "contact-letter", "--format", "md", env=ZH).stdout
    steps = [line.split(" ", 4)[4] for line in letter.splitlines() if line.startswith("- 2026年")]
    assert steps[:6] == ["受理", "派工", "转呈部门", "部门承诺完成时间", "部门反馈结果", "处理完毕"]
    assert "回复客户" in steps and "上报公司" in steps
    english = demo.ok("ticket", "form", "668", "transfer", "--format", "md", "--lang", "en").stdout
    assert "| To department | security |" in english


def test_the_due_list_names_its_records_in_words(demo):
    out = demo.ok("report", "due", "--within", "30", "--format", "md", env=ZH).stdout
    assert "| 诉求单 #" in out and "| 回访 #" in out and "tickets/" not in out


def test_household_card_shows_the_office_name(demo):
    for fmt in FORMATS:
        out = demo.ok("household", "form", "12", "--format", fmt, env=ZH).stdout
        assert "金茂府物业服务中心" in out and "JM01" not in out, fmt


def test_a_visit_record_without_items_says_none(demo):
    md = demo.ok("visit", "form", "5", "--format", "md", env=ZH).stdout
    assert "意见、建议与需求：无" in md and "| 类别 | 性质 |" not in md
    html = demo.ok("visit", "form", "5", "--format", "html", env=ZH).stdout
    assert "意见、建议与需求：无" in visible(html, "html", "") and "<th>类别</th>" not in html
    with_items = demo.ok("visit", "form", "1", "--format", "md", env=ZH).stdout
    assert "| 类别 | 性质 | 内容 | 诉求单 |" in with_items


def test_common_issues_as_a_plain_rule():
    from commscli.domain.surveys import common_issues

    assert common_issues(["电梯慢", "车库照明不足", " 电梯慢", "噪音", "车库照明不足", "电梯慢", ""]) == [
        {"text": "电梯慢", "count": 3},
        {"text": "车库照明不足", "count": 2},
        {"text": "噪音", "count": 1},
    ]


def test_survey_report_groups_identical_remarks_largest_first(demo):
    data = demo.json("survey", "report", "--season", "2026-06")
    issues = data["common_issues"]
    counts = [i["count"] for i in issues]
    assert counts == sorted(counts, reverse=True) and sum(counts) == len(data["opinions"])
    assert len({i["text"] for i in issues}) == len(issues) < len(data["opinions"])
    md = demo.ok("survey", "report", "--season", "2026-06", "--format", "md", env=ZH).stdout
    top = issues[0]
    assert f"- {top['text']}（{top['count']} 户）" in md
    assert md.count(f"- {top['text']}") == 1


class _Tables(HTMLParser):
    """For each table: its header rows (all cells <th>), and whether each sits in <thead>."""

    def __init__(self):
        super().__init__()
        self.rows, self._in_head, self._cells = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._cells = []
        elif tag in ("td", "th") and self._cells is not None:
            self._cells.append(tag)

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag == "tr" and self._cells:
            self.rows.append((tuple(self._cells), self._in_head))
            self._cells = None


@pytest.mark.parametrize("args", RENDERS, ids=lambda a: " ".join(a))
def test_html_column_headers_are_in_thead_so_they_repeat_on_each_printed_page(demo, args):
    html = demo.ok(*args, "--format", "html", env=ZH).stdout
    p = _Tables()
    p.feed(html)
    headers = [in_head for cells, in_head in p.rows if len(cells) > 1 and set(cells) == {"th"}]
    assert all(headers), args
    if "<table" in html and "visit" not in args[0] and "household" not in args[0] and args[1] != "form":
        assert headers, "a report's tables have column headers"


# --- one rendering convention ------------------------------------------------------------------


def _render_commands():
    from commscli.cli import GROUPS

    for group, (module, _) in GROUPS.items():
        for info in importlib.import_module(module).app.registered_commands:
            params = getattr(info.callback, "__signature__", None)
            if params is not None and "fmt" in params.parameters:
                yield group, info.name, params.parameters


def test_every_render_command_takes_the_one_shared_format_and_output_pair():
    from commscli.cli import common

    found = list(_render_commands())
    assert {(group, name) for group, name, _ in found} == {r[:2] for r in RENDERS}  # every one of them
    for group, name, params in found:
        assert params["fmt"].annotation is common.FormatOpt, (group, name)
        assert params["output"].annotation is common.OutputOpt, (group, name)
        assert params["fmt"].default == "text", (group, name)


@pytest.mark.parametrize("args", RENDERS, ids=lambda a: " ".join(a))
def test_forms_and_reports_default_to_text_and_write_to_an_output_file(demo, args, tmp_path):
    text = demo.ok(*args, "--format", "text", env=ZH).stdout
    assert demo.ok(*args, env=ZH).stdout == text
    assert demo.ok(*args, "-f", "text", env=ZH).stdout == text
    out = tmp_path / "out.txt"
    demo.ok(*args, "-o", out, env=ZH)
    assert out.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("args", RENDERS, ids=lambda a: " ".join(a))
def test_text_is_plain_text_not_markdown(demo, args):
    text = demo.ok(*args, "--format", "text", env=ZH).stdout
    bold = re.search(r"\*\*[^*\s\d][^*]*\*\*", text)  # not a masked phone or name (138****8000, 王**)
    assert "|---" not in text and not bold and not re.search(r"^#+ ", text, re.M), text
    assert "<" not in text


def test_a_text_form_lines_its_table_up_by_display_width(demo):
    from commscli.render import display_width

    text = demo.ok("ticket", "form", "668", "transfer", env=ZH).stdout
    rows = [line for line in text.splitlines() if line.startswith("编号") or line.startswith("报告时间")]
    assert len(rows) == 2
    # the second column starts at the same display column in both rows
    starts = [
        display_width(r[: r.index(v)])
        for r, v in zip(rows, ("JM01" if "JM01" in rows[0] else "#", "2026年"), strict=False)
    ]
    assert starts[0] == starts[1], rows


# --- numbers, dates, signatures and seals -------------------------------------------------------


def test_a_form_number_is_given_at_the_step_that_makes_the_form_per_office_form_and_year(office, unchanged):
    from tests.cli.test_ticket import at, new, step

    first, second, never = (
        new(office, "投诉", at("08:00")),
        new(office, "投诉", at("08:01")),
        new(office, "投诉", at("08:02")),
    )
    step(office, "transfer", second, "--to", "工程", "--ask-by", at("12:00"), when=at("08:05"))
    step(office, "transfer", first, "--to", "工程", "--ask-by", at("12:00"), when=at("08:06"))
    step(office, "transfer", first, "--to", "安管", "--ask-by", at("12:00"), when=at("08:07"))  # again: the same form
    step(office, "dispatch", never, "--to", "刘强", when=at("08:08"))  # a dispatch makes no transfer form
    step(office, "escalate", first, "--reason", "major", when=at("08:10"))

    def form(tid, name, fmt="md"):
        return office.ok("ticket", "form", tid, name, "--format", fmt, env=ZH).stdout

    assert "| 编号 | JM01-2026-0001 |" in form(second, "transfer")
    with unchanged(office.db):  # rendering only reads: the same number every time
        transfer = form(first, "transfer")
        assert "| 编号 | JM01-2026-0002 |" in transfer and transfer == form(first, "transfer")
        assert "| 日期 | 2026年11月23日 |" in transfer and f"| 诉求单 | #{first:d} |" in transfer
        letter = form(first, "contact-letter")
        assert "| 编号 | JM01-2026-0001 |" in letter  # each form its own sequence
        html = form(first, "transfer", "html")
        assert "JM01-2026-0002" in html
        blank = form(never, "transfer")  # not transferred: the number is left to be filled in
        assert "| 编号 | ＿＿＿＿＿＿ |" in blank


def test_numbers_as_a_plain_store_rule(office):
    import sqlite3

    from commscli.store import forms, open_store

    store = open_store(office.db)
    with store.transaction() as s:
        a = forms.assign(s, 1, "transfer", "tickets", 101, "2026-12-31T23:00:00+08:00")
        b = forms.assign(s, 1, "transfer", "tickets", 102, "2027-01-01T00:10:00+08:00")
        c = forms.assign(s, 1, "transfer", "tickets", 103, "2027-01-02T09:00:00+08:00")
        again = forms.assign(s, 1, "transfer", "tickets", 101, "2027-01-03T09:00:00+08:00")
    store.close()
    assert (a["number"], b["number"], c["number"], again) == (
        "JM01-2026-0001",
        "JM01-2027-0001",
        "JM01-2027-0002",
        None,
    )
    conn = sqlite3.connect(str(office.db))
    assert conn.execute("SELECT number FROM form_numbers WHERE record_id = 101").fetchall() == [("JM01-2026-0001",)]
    conn.close()


def test_the_demo_forms_carry_number_date_signatures_and_seal(demo):
    def md(*args):
        return demo.ok(*args, "--format", "md", env=ZH).stdout

    visit = md("visit", "form", "1")
    assert re.search(r"\| 编号 \| JM01-2026-\d{4} \|", visit)
    assert "访问人签名" in visit and "业户签名" in visit and "主管审阅" in visit
    summary = md("visit", "summary", "--month", "2026-08")
    assert re.search(r"编号：JM01-2026-\d{4}", summary) and "客服主管" in summary and "经理审批" in summary
    letter = md("visit", "summary", "--month", "2026-08", "--contact-letter")
    assert re.search(r"编号：JM01-2026-\d{4}", letter) and "（盖章）" in letter
    survey = md("survey", "report", "--season", "2026-06")
    assert re.search(r"编号：JM01-2026-0001", survey) and "客服中心（盖章）" in survey and "日期：" in survey
    corrective = md("ticket", "form", "668", "corrective")
    assert "| 编号 | JM01-2026-0001 |" in corrective and "公司（盖章）：金茂物业服务有限公司" in corrective


def test_the_migration_numbers_existing_records_in_the_order_of_their_steps(demo):
    """A store from before form numbers: m007 numbers the same records the steps number, 1, 2, 3 … per office,
    form and year in the order of the steps' times (the steps themselves number in the order they are
    entered, so an entry made after the fact may differ)."""
    import sqlite3
    from itertools import groupby

    conn = sqlite3.connect(str(demo.db))
    # notices (m008), staff appeals, the information register, STOP forms (issue 14) and meeting minutes came
    # after m007: their numbers are given only by their own steps, never by this migration
    query = (
        "SELECT form, record_table, record_id FROM form_numbers WHERE form NOT IN"
        " ('notice', 'staff_appeal', 'info_corrective', 'stop_week', 'stop_month', 'minutes') ORDER BY 1, 2, 3"
    )
    given = conn.execute(query).fetchall()
    assert len(given) > 200
    conn.executescript("DROP TABLE form_numbers; DELETE FROM _sqlite_migrations WHERE name = 'm007_form_numbers';")
    conn.commit()
    conn.close()
    demo.ok("db", "init")
    conn = sqlite3.connect(str(demo.db))
    assert conn.execute(query).fetchall() == given
    rows = conn.execute("SELECT form, year, seq, number, assigned_at FROM form_numbers ORDER BY form, year, seq")
    for _, group in groupby(rows, key=lambda r: (r[0], r[1])):
        group = list(group)
        assert [r[2] for r in group] == list(range(1, len(group) + 1))
        assert [r[4] for r in group] == sorted(r[4] for r in group)
        assert all(r[3] == f"JM01-{r[1]}-{r[2]:04d}" for r in group)
    conn.close()


def test_the_letter_is_dated_the_day_it_was_numbered_not_the_day_it_is_printed(demo):
    from commscli.store import forms, open_store

    store = open_store(demo.db, readonly=True)
    day = forms.number(store, "contact_letter", "tickets", 668)["assigned_at"][:10]
    store.close()
    y, m, d = (int(x) for x in day.split("-"))
    letter = demo.ok("ticket", "form", "668", "contact-letter", "--format", "md", env=ZH).stdout
    assert f"日期：{y}年{m}月{d}日" in letter and "日期：2026年11月23日" not in letter or day == "2026-11-23"


def test_the_demo_has_minutes_on_time_and_late_open_and_overdue_resolutions_and_an_approval(demo):
    """minutes_step (issue 13): the company meeting's minutes on time, the forum's late and approved; of the
    resolutions one done, two overdue, two open; the October figures name one late set of minutes."""
    md = demo.ok("meeting", "render", "180", "minutes", "--format", "md", env=ZH).stdout
    assert "逾期" in md and "总裁办公会审批：董志远" in md
    states = [r["state"] for r in demo.json("meeting", "resolution", "list")]
    assert sorted(states) == ["done", "open", "open", "overdue", "overdue"]
    october = demo.json("report", "monthly", "--month", "2026-10")
    (section,) = [s for s in october["sections"] if s["key"] == "section.meeting_minutes"]
    fig = {f["key"]: f["value"] for f in section["figures"]}
    # the cadence's October meetings (meetings_step) minuted and distributed the next day, on time, beside the
    # company meeting minutes_step minutes; the forum's minutes went out late
    held = fig["fig.meetings_held"]
    assert (fig["fig.minutes_on_time"], fig["fig.minutes_late"], fig["fig.meetings_approved"]) == (held - 1, 1, 1)
    assert fig["fig.resolutions_overdue"] == 1
