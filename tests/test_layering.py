"""The rules stay free of the terminal, the templates and the database (DESIGN.md)."""

import subprocess
import sys

HEAVY = ("typer", "rich", "jinja2", "sqlite_utils", "click")


def test_domain_policy_workdays_load_nothing_heavy():
    code = (
        "import pkgutil, importlib, sys, commscli.domain, commscli.policy, commscli.workdays, commscli.clock\n"
        "for m in pkgutil.iter_modules(commscli.domain.__path__): importlib.import_module('commscli.domain.' + m.name)\n"
        "import datetime; commscli.workdays.Calendar().add(datetime.date(2026, 9, 30), 3)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_startup_imports_no_store_or_template_library():
    code = "import sys, commscli.cli; print(sorted(m for m in ('jinja2', 'sqlite_utils', 'chinese_calendar') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
