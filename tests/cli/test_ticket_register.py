"""与客户沟通登记表 (000 §五(五)4): the channel 部门转递 with who relayed it (a staff member or a department), and
`ticket register --month M` rendering every customer communication of the month. Now: Monday 2026-11-23 10:00."""

import csv
import io

from tests.cli.test_ticket import at, new, record, step
from tests.cli.test_ticket_desk import tickets_figures
from tests.conftest import Cli, ticket_new

ZH = {"COMMSCLI_LANG": "zh"}


def relayed(c: Cli, by: str, when: str = at("09:00"), kind: str = "complaint", desc: str = "楼道灯不亮") -> dict:
    return record(c, kind, when, "--channel", "部门转递", "--relayed-by", by, desc=desc)


def register(c: Cli, month: str = "2026-11", fmt: str = "md", *extra) -> str:
    return c.ok("ticket", "register", "--month", month, "--format", fmt, *extra, env=ZH).stdout


# --- the channel 部门转递 ------------------------------------------------------------------------


def test_a_relayed_ticket_names_the_staff_member_or_the_department_who_relayed_it(office):
    by_staff = relayed(office, "刘强")
    assert (by_staff["channel"], by_staff["relayed_by"]) == ("relayed", "刘强")
    by_dept = relayed(office, "安管部", when=at("09:10"))  # a department, by any of its names
    assert (by_dept["channel"], by_dept["relayed_by"]) == ("relayed", "security")
    synonym = record(office, "inquiry", at("09:20"), "--channel", "转递", "--relayed-by", "engineering")
    assert (synonym["channel"], synonym["relayed_by"]) == ("relayed", "engineering")
    plain = record(office, "inquiry", at("09:30"))
    assert (plain["channel"], plain["relayed_by"]) == ("hotline", None)


def test_relayed_by_goes_with_the_relayed_channel_only_and_names_someone_known(office, unchanged):
    with unchanged(office.db):
        r = office.fails(*ticket_new("complaint", at("09:00"), "--relayed-by", "刘强"))
        assert "--relayed-by" in r.stderr and "刘强" in r.stderr
        r = office.fails(*ticket_new("complaint", at("09:00"), "--channel", "app", "--relayed-by", "刘强"))
        assert "--relayed-by" in r.stderr
        r = office.fails(*ticket_new("complaint", at("09:00"), "--channel", "部门转递"))
        assert "--relayed-by" in r.stderr and "required" in r.stderr
        r = office.fails(*ticket_new("complaint", at("09:00"), "--channel", "部门转递", "--relayed-by", "王五"))
        assert "--relayed-by" in r.stderr and "王五" in r.stderr
        r = office.fails(*ticket_new("complaint", at("09:00"), "--channel", "部门转递", "--relayed-by", " "))
        assert "--relayed-by" in r.stderr


# --- the register ---------------------------------------------------------------------------


def _month(office: Cli) -> tuple[int, int, int]:
    """A hotline repair resolved and replied, a complaint relayed by the security department, an inquiry
    relayed by 刘强 from an outside caller; and one ticket in October (not in November's register)."""
    repair = new(office, "repair", at("08:00", "2026-11-02"))
    step(office, "dispatch", repair, "--to", "刘强", when=at("08:05", "2026-11-02"))
    step(office, "arrive", repair, when=at("08:20", "2026-11-02"))
    step(office, "resolve", repair, "--note", "更换水管", when=at("09:00", "2026-11-02"))
    step(office, "reply", repair, "--method", "phone", "--text", "已修好", when=at("09:10", "2026-11-02"))
    complaint = relayed(office, "安管部", when=at("14:30", "2026-11-05"))["id"]
    inquiry = office.json(
        "ticket",
        "new",
        "--kind",
        "咨询",
        "--caller-name",
        "张三",
        "--caller-phone",
        "13912345678",
        "-d",
        "=停车费怎么交",
        "--channel",
        "转递",
        "--relayed-by",
        "刘强",
        "--at",
        at("10:00", "2026-11-20"),
        "--by",
        "李娜",
    )["id"]
    new(office, "repair", at("09:00", "2026-10-30"), desc="十月的报修")
    return repair, complaint, inquiry


def test_the_register_lists_every_communication_of_the_month_with_its_channel_and_outcome(office, unchanged):
    _month(office)
    with unchanged(office.db):  # rendering only reads
        md = register(office)
    assert md.startswith("# 与客户沟通登记表")
    assert "| 日期时间 | 渠道 | 业户/来电人 | 事项 | 受理人 | 处理结果 |" in md
    lines = [line for line in md.splitlines() if line.startswith("| 2026年")]
    assert len(lines) == 3 and "十月的报修" not in md
    # the hotline repair: the household (phone masked), taken by tester, resolved and replied
    assert lines[0] == (
        "| 2026年11月2日 08:00 | 热线电话 | 1栋101 138****8000 | 报修：厨房水管漏水 | tester "
        "| 已回复：更换水管；已修好 |"
    )
    # relayed ones marked 由部门转递 with who relayed them
    assert lines[1].startswith("| 2026年11月5日 14:30 | 由部门转递（安管部） | 1栋101 138****8000 | 投诉：楼道灯不亮 |")
    assert "| 已受理 |" in lines[1]
    assert lines[2].startswith(
        "| 2026年11月20日 10:00 | 由部门转递（刘强） | 张* 139****5678 | 咨询：=停车费怎么交 | 李娜 |"
    )
    assert "张三" not in md and "13912345678" not in md
    shown = register(office, "2026-11", "md", "--show-personal")
    assert "张三 13912345678" in shown
    assert "本月共 3 次沟通，其中由部门转递 2 次" in md


def test_the_register_as_csv_text_and_html(office):
    _month(office)
    out = register(office, "2026-11", "csv")
    assert out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[0] == ["日期时间", "渠道", "业户/来电人", "事项", "受理人", "处理结果"]
    assert len(rows) == 4
    assert rows[3][1] == "由部门转递（刘强）"
    assert rows[3][3] == "咨询：=停车费怎么交"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    text = register(office, "2026-11", "text")
    assert "与客户沟通登记表" in text and "由部门转递（安管部）" in text and "|" not in text
    html = register(office, "2026-11", "html")
    assert "<table" in html and "由部门转递（刘强）" in html
    english = office.ok("ticket", "register", "--month", "2026-11", "--format", "md", "--lang", "en").stdout
    assert "relayed by security" in english and "relayed by 刘强" in english


def test_an_empty_month_says_so_and_bad_input_is_refused(office, unchanged, tmp_path):
    assert "本月无沟通记录" in register(office, "2026-09")
    with unchanged(office.db):
        r = office.fails("ticket", "register", "--month", "2026-13")
        assert "--month" in r.stderr and "2026-13" in r.stderr
        r = office.fails("ticket", "register", "--month", "2026-11", "--format", "xlsx")
        assert "--output" in r.stderr  # an xlsx goes to a file
        r = office.fails("ticket", "register", "--month", "2026-11", "--format", "pdf")
        assert "--format" in r.stderr and "pdf" in r.stderr
        r = office.fails("ticket", "register", "--month", "2026-11", "--office", "XX99")
        assert "XX99" in r.stderr
    out = tmp_path / "register.csv"
    office.ok("ticket", "register", "--month", "2026-11", "--format", "csv", "-o", out, env=ZH)
    assert out.read_text(encoding="utf-8").startswith("\ufeff日期时间")


def test_the_monthly_report_counts_relayed_communications(office):
    _month(office)
    relayed(office, "刘强", when=at("09:00", "2026-10-29"))
    assert tickets_figures(office)["fig.relayed"]["value"] == 2
    assert tickets_figures(office, "2026-10")["fig.relayed"]["value"] == 1


def test_the_register_as_an_excel_file(office, tmp_path):
    """-f xlsx -o FILE: one sheet, the header row, a row a communication, text kept as text (no formula), 0600."""
    import zipfile

    _month(office)
    out = tmp_path / "register.xlsx"
    office.ok("ticket", "register", "--month", "2026-11", "-f", "xlsx", "-o", out, env=ZH)
    assert out.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "日期时间" in sheet and "由部门转递（刘强）" in sheet and "咨询：=停车费怎么交" in sheet
    assert "<f>" not in sheet  # no cell is a formula
    assert sheet.count("<row ") == 4  # the header and three communications
