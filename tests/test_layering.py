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


def test_a_command_runs_without_building_pydantic_validators(office):
    """Typer checks each option through a pydantic TypeAdapter (~50 ms of imports and schema building per
    command); a value that is already of the option's plain type (a typed --month, a default) needs none.
    A typed whole number still goes through Typer's own check: its error line is Typer's."""
    code = (
        "import sys\nfrom commscli.cli import main\n"
        "sys.argv = ['commscli', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code or 0, sorted(m for m in ('pydantic',) if m in sys.modules), file=sys.stderr)"
    )

    def run(*args):
        r = subprocess.run([sys.executable, "-c", code, *args, "--db", str(office.db)], capture_output=True, text=True)
        return r.stderr.strip().splitlines()

    assert run("report", "monthly", "--month", "2026-10")[-1] == "0 []"
    assert run("report", "due", "--date", "2026-11-23", "--json")[-1] == "0 []"
    assert run("household", "list", "--fields", "id,room")[-1] == "0 []"
    lines = run("report", "due", "--within", "many")
    assert "Invalid value for '--within'" in "\n".join(lines) and lines[-1] == "2 ['pydantic']"


# --- rooms: cli parses and prints, services write, no private names cross modules --------------------

import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

PACKAGE = Path(__file__).resolve().parent.parent / "commscli"
# the commands whose subject is the store file itself, and Env, which opens it for every command
STORE_FILE_COMMANDS = {"common.py", "db.py", "demo.py"}
WRITES = re.compile(r"^(insert|update|put|add|retire|correct|set_|log$|event$|create$|migrate$)")


def _modules(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _store_bindings(tree) -> dict[str, str]:
    """Names a module binds to commscli.store modules or their functions → the full dotted name."""
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("commscli.store"):
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("commscli.store"):
                    out[a.asname or a.name] = a.name
    return out


def test_cli_commands_write_nothing_and_record_nothing_themselves():
    """A command parses, calls one service and prints: no store write, no event, no raw event history."""
    problems = []
    for path in _modules("cli"):
        if path.name in STORE_FILE_COMMANDS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bound = _store_bindings(tree)
        for full in bound.values():
            if full.startswith("commscli.store.records"):
                problems.append(f"{path.name}: imports {full} (events are written and read through services)")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in bound
                and WRITES.match(node.func.attr)
            ):
                problems.append(f"{path.name}:{node.lineno}: {node.func.value.id}.{node.func.attr}() writes")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in bound
                and WRITES.match(bound[node.func.id].rsplit(".", 1)[1])
            ):
                problems.append(f"{path.name}:{node.lineno}: {node.func.id}() writes")
    assert problems == []


def test_no_module_uses_another_modules_private_names():
    """``from x import _y`` or ``x._y`` across modules: a private helper shared is a public one misnamed."""
    problems = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        problems.append(
                            f"{path.relative_to(PACKAGE)}:{node.lineno}: from {node.module} import {a.name}"
                        )
                    modules.add(a.asname or a.name)
            elif isinstance(node, ast.Import):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                problems.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert problems == []


def test_events_are_recorded_through_records_log():
    """records.log is the one way: the older records.event is gone, the import loop in io/ included."""
    from commscli.store import records

    assert not hasattr(records, "event")
    callers = set()
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "event"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "records"
            ):
                callers.add(str(path.relative_to(PACKAGE)))
    assert callers == set()


def test_callbacks_open_in_one_place():
    """Every callback row is inserted by services/callbacks.py (open_callback), nowhere else."""
    callers = {str(p.relative_to(PACKAGE)) for p in _modules() if "insert_callback(" in p.read_text(encoding="utf-8")}
    assert callers == {"services/callbacks.py", "store/callbacks.py"}


def test_no_sql_outside_the_store():
    sql = re.compile(r"^\s*(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")
    problems = [
        f"{p.relative_to(PACKAGE)}:{n.lineno}"
        for p in _modules()
        if p.parent.name != "store"
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and sql.match(n.value)
    ]
    assert problems == []


def test_each_capability_has_its_rooms():
    for room in ("tickets", "callbacks", "visits", "surveys"):
        for layer in ("domain", "store", "services"):
            assert (PACKAGE / layer / f"{room}.py").exists(), f"{layer}/{room}.py"
        assert (PACKAGE / "cli" / f"{room[:-1]}.py").exists(), f"cli/{room[:-1]}.py"
