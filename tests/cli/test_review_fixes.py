"""Review findings 5 to 22 (REVIEW-FOUND.md): error lines that name what the user typed, screens that fit
80 columns, and the smaller bugs."""

from tests.conftest import ticket_new


def test_defect_persists_without_about_names_the_flag_and_about_without_the_flag_names_about(office, unchanged):
    with unchanged():
        r = office.fails(*ticket_new("complaint", "2026-11-23 09:00", "--defect-persists"))
    assert r.stderr.startswith("error: --defect-persists: ")
    with unchanged():
        r = office.fails(*ticket_new("complaint", "2026-11-23 09:00", "--about", "849"))
    assert r.stderr.startswith("error: --about=849: ")


def test_household_add_names_the_option_the_user_typed(office, unchanged):
    with unchanged():
        r = office.fails("household", "add", "--office", "JM01", "--building", "1栋", "--room", "102", "--kind", "foo")
    assert r.stderr.startswith("error: --kind='foo': ")


def test_a_number_without_an_upper_bound_does_not_print_sqlites_largest_integer(office, unchanged):
    r = office.fails("ticket", "list", "--limit", "0")
    assert r.stderr.strip() == "error: --limit='0': not a limit (a whole number from 1)"
    with unchanged():
        r = office.fails(*ticket_new("complaint", "2026-11-23 09:00", "--about", "0", "--defect-persists"))
    assert "9223372036854775807" not in r.stderr and "a whole number from 1" in r.stderr


def test_format_is_read_in_any_case_as_choice_options_are(office):
    r = office.ok("report", "monthly", "--month", "2026-11", "-f", "HTML")
    assert r.stdout.lstrip().lower().startswith("<!doctype html")


TTY80 = {"COLUMNS": "80", "COMMSCLI_FORCE_TTY": "1"}


def _fits(text: str, width: int = 80) -> bool:
    from rich.cells import cell_len

    return all(cell_len(line) <= width for line in text.splitlines())


def test_policy_show_on_an_80_column_terminal_fits_and_keeps_each_rule_readable(cli):
    out = cli.ok("policy", "show", env=TTY80).stdout
    assert _fits(out), out
    # each key on its line with value and source; its rule below in full lines, not a 10-character column
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("sla_urgent_minutes"))
    assert "10" in lines[at] and "default" in lines[at]
    assert "特急" in lines[at + 1]
    assert any(len(line.strip()) > 40 for line in lines if "SPEC" in line)


def test_report_due_shows_times_as_listings_do_and_folds_lines_between_words(office):
    from commscli.cli.views import short_time

    assert short_time("2026-11-21T23:59:59+08:00", 2026) == "11-21 23:59"
    office.ok(*ticket_new("repair", "2026-11-21 09:00", desc="楼道感应灯不亮，" * 6))
    out = office.ok("report", "due", "--lang", "zh").stdout
    line = next(x for x in out.splitlines() if "报修" in x)
    assert "T" not in line.split("]")[1].split()[0] + line.split("]")[1].split()[1]
    assert "+08:00" not in out and "11-2" in line
    assert _fits(out), out
    assert "138****8000" in out  # the phone whole on one line


def test_visit_summary_text_header_fits_80_columns(office):
    out = office.ok("visit", "summary", "--month", "2026-11", "--lang", "zh").stdout
    head = out.splitlines()[:6]
    assert any("金茂府物业服务中心" in line for line in head) and any("2026年12月5日" in line for line in head)
    assert _fits("\n".join(head)), out


def test_the_contact_letters_sender_is_who_escalated_not_who_took_the_complaint(office):
    t = office.json(*ticket_new("complaint", "2026-11-23 08:00", "--by", "前台小王"))
    office.ok("ticket", "escalate", t["id"], "--reason", "major", "--by", "客服主管李娜", "--at", "2026-11-23 09:00")
    out = office.ok("ticket", "form", t["id"], "contact-letter", "--lang", "zh").stdout
    line = next(x for x in out.splitlines() if x.startswith("发函人"))
    assert "客服主管李娜" in line and "前台小王" not in line
    html = office.ok("ticket", "form", t["id"], "contact-letter", "-f", "html", "--lang", "zh").stdout
    assert "发函人：客服主管李娜" in html


def test_an_office_without_a_survey_shows_no_returns_as_0_of_0_not_a_blank(office):
    office.ok("office", "add", "JM02", "--name", "翠湖苑物业服务中心", "--buildings", "A座")
    office.ok("survey", "open", "--office", "JM01", "--season", "2026-11", "--at", "2026-11-02T09:00")
    data = office.json("report", "monthly", "--month", "2026-11")
    visits = next(s for s in data["sections"] if s["key"] == "section.visits")
    table = next(t for t in visits["tables"] if t["key"] == "table.by_office")
    col = table["columns"].index("fig.survey_returns")
    row = next(r for r in table["rows"] if r[0] == "JM02")
    assert row[col] is not None
    text = office.ok("report", "monthly", "--month", "2026-11").stdout
    lines = text.splitlines()
    head = next(i for i, x in enumerate(lines) if x.strip().startswith("Office") and x.endswith("Survey return rate"))
    assert next(x for x in lines[head:] if x.strip().startswith("JM02")).endswith("\t— (0/0)")


def test_an_office_with_a_building_list_refuses_other_buildings_in_add_and_import(office, unchanged, tmp_path):
    with unchanged():
        r = office.fails("household", "add", "--office", "JM01", "--building", "9栋", "--room", "101")
    assert r.stderr.strip() == "error: --building='9栋': not a building of JM01 (1栋, 2栋)"
    f = tmp_path / "h.csv"
    f.write_text("office,building,room\nJM01,2栋,101\nJM01,99栋,101\n", encoding="utf-8")
    with unchanged():
        r = office("household", "import", f)
    assert r.exit_code == 1 and "99栋" in r.stderr and "1栋, 2栋" in r.stderr
    # a bare number is the office's building of that number, as elsewhere
    assert office.json("household", "add", "--office", "JM01", "--building", "2", "--room", "102")["building"] == "2栋"


def test_output_file_extension_chooses_the_format_when_f_is_not_given(office, tmp_path):
    page = tmp_path / "m.html"
    office.ok("report", "monthly", "--month", "2026-11", "-o", page)
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    md = tmp_path / "m.md"
    office.ok("report", "monthly", "--month", "2026-11", "-o", md)
    assert md.read_text(encoding="utf-8").startswith("# ")
    data = tmp_path / "m.JSON"
    office.ok("report", "monthly", "--month", "2026-11", "-o", data)
    assert data.read_text(encoding="utf-8").startswith("{")
    said = tmp_path / "said.html"  # -f wins over the extension
    office.ok("report", "monthly", "--month", "2026-11", "-f", "text", "-o", said)
    assert not said.read_text(encoding="utf-8").lstrip().startswith("<")


def test_an_empty_output_is_refused_not_taken_for_stdout(office):
    r = office.fails("report", "monthly", "--month", "2026-11", "-o", "")
    assert r.stderr.startswith("error: --output='': ") and r.stdout == ""


def test_a_ticket_is_a_诉求单_on_its_card_and_in_listings_as_in_status_lines(office):
    t = office.json(*ticket_new("repair", "2026-11-23 08:00"))
    card = office.ok("--lang", "zh", "ticket", "show", t["id"]).stdout
    assert card.splitlines()[0].startswith(f"诉求单 #{t['id']}")
    header = office.ok("--lang", "zh", "callback", "list", "--wide").stdout.splitlines()[0]
    assert "诉求单" in header and "工单" not in header


def test_help_shows_no_value_after_a_flag(bare):
    for args in (("ticket", "list"), ("household", "add"), ("visit", "plan"), ()):
        out = bare(*args, "--help", db=False, env={"COLUMNS": "200"}).stdout
        assert "--json" in out and "<bool>" not in out, out


def test_the_html_reports_note_shows_a_command_as_code_not_in_backticks(office):
    html = office.ok("report", "monthly", "--month", "2026-11", "-f", "html", "--db", office.db, db=False).stdout
    assert "calendar import" in html  # the store has no 2026 holiday schedule
    assert "`" not in html and "<code>commscli calendar import</code>" in html


def test_household_card_names_the_room_once(office):
    out = office.ok("--lang", "zh", "household", "show", "1").stdout
    assert [line.split(":")[0] for line in out.splitlines()].count("房号") == 1 and "1栋/101" in out


def test_ticket_import_help_lists_its_columns_in_english_and_chinese(bare):
    from commscli.services.ticket_import import spec

    out = " ".join(bare("ticket", "import", "--help", db=False, env={"COLUMNS": "200"}).stdout.split())
    for f in spec("Asia/Shanghai"):
        assert f"{f.name}/{f.zh}" in out, f.name
    assert "reported_at/报告时间*" in out  # required columns marked
