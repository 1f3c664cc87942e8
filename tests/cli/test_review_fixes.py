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
