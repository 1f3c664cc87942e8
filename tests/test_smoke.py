def test_help_lists_groups(bare):
    r = bare.ok("--help", db=False)
    for group in ("db", "policy", "calendar", "office", "household", "staff", "report", "demo"):
        assert group in r.stdout
