"""What a fresh-clone review found: bad input refused with one line naming the option and the value,
status lines people read, and the usual shell conventions."""

from commscli.errors import InputError


def test_an_error_without_a_value_names_the_option_alone():
    # no "=None": nothing was given, so nothing is quoted
    assert (
        InputError("say which office (JM01, ZZ02)", "--office", None).line()
        == "--office: say which office (JM01, ZZ02)"
    )
    assert InputError("must be one of a, b", "--x", "").line() == "--x='': must be one of a, b"


def test_two_offices_and_no_office_named_the_line_names_the_option_and_the_offices(office, unchanged):
    office.ok("office", "add", "ZZ02", "--name", "第二物业服务中心", "--buildings", "A座")
    with unchanged():
        r = office.fails("ticket", "new", "--kind", "repair", "--building", "1栋", "--room", "101", "-d", "漏水")
    assert r.stderr.strip() == "error: --office: say which office (JM01, ZZ02)"
    r = office("--lang", "zh", "visit", "quota", "--month", "2026-11")
    assert r.exit_code == 1 and r.stderr.strip() == "错误：--office: 请用 --office 指明管理处（JM01, ZZ02）"


def test_callback_list_refuses_a_state_it_does_not_know(office, unchanged):
    with unchanged():
        r = office.fails("callback", "list", "--state", "foo")
    assert "--state='foo'" in r.stderr and "open" in r.stderr
    office.ok("callback", "list", "--state", "done")  # the known ones still list


def test_empty_fields_are_refused_not_taken_for_the_default_columns(office):
    for typed in ("", ",", " , "):
        r = office.fails("ticket", "list", "--fields", typed)
        assert f"--fields={typed!r}" in r.stderr


def test_status_lines_show_the_deadline_as_people_read_times(office):
    # a high-priority repair reported at 10:00 (frozen now) is due on site 15 minutes later
    r = office.ok("ticket", "new", "--kind", "repair", "--priority", "high", "--building", "1栋", "--room", "101",
                  "-d", "水管漏水")  # fmt: skip
    assert r.stderr.strip() == "ticket #1 recorded; due 11-23 10:15"
    r = office.ok("--lang", "zh", "ticket", "new", "--kind", "repair", "--priority", "high", "--building", "1栋",
                  "--room", "101", "-d", "水管又漏")  # fmt: skip
    assert r.stderr.strip() == "诉求单 #2 已登记；时限 11-23 10:15"


def test_output_dash_is_stdout_not_a_file_named_dash(office, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = office.ok("report", "monthly", "--month", "2026-10", "-o", "-")
    assert "2026-10" in r.stdout
    assert not (tmp_path / "-").exists()
