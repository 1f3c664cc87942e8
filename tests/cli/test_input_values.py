"""Hostile and careless input values (issue 8): every one refused with one line naming the option and
the value, a non-zero exit, and the store byte for byte unchanged."""

import pytest

HUGE = "1180591620717411303424"  # 2**70: beyond SQLite's 64-bit integers


# --- ids beyond SQLite's range -----------------------------------------------------------

@pytest.mark.parametrize("args, named", [
    (("ticket", "show", HUGE), "TICKET_ID"),
    (("ticket", "arrive", HUGE), "TICKET_ID"),
    (("ticket", "new", "--kind", "咨询", "-d", "x", "--household", HUGE), "--household"),
    (("household", "show", HUGE), "HOUSEHOLD_ID"),
    (("household", "update", HUGE, "--name", "x", "--reason", "r"), "HOUSEHOLD_ID"),
    (("staff", "show", HUGE), "STAFF_ID"),
    (("office", "show", HUGE), "ID"),
    (("office", "update", HUGE, "--name", "x", "--reason", "r"), "OFFICE_ID"),
    (("callback", "show", HUGE), "CALLBACK_ID"),
    (("callback", "sample", "--week", "2026-W47", "--seed", HUGE), "--seed"),
    (("visit", "show", HUGE), "VISIT_ID"),
    (("visit", "record", "--visitors", "刘强", "--household", HUGE), "--household"),
    (("visit", "plan", "--month", "2026-12", "--seed", HUGE), "--seed"),
    (("visit", "plan", "--month", "2026-12", "--company", "--households", HUGE), "--households"),
    (("survey", "record", "--season", "2026-11", "--grades", "保洁=满意", "--household", HUGE), "--household"),
])
def test_ids_beyond_64_bits_are_refused_naming_the_option(office, unchanged, args, named):
    with unchanged():
        r = office.fails(*args)
    assert named in r.stderr and HUGE in r.stderr, r.stderr
