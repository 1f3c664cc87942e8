"""Every command has help text and is in the README's command reference."""

from pathlib import Path

import typer

from commscli.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def commands():
    root = typer.main.get_command(app)

    def walk(group, prefix):
        for name in group.list_commands(None):
            cmd = group.get_command(None, name)
            path = f"{prefix} {name}".strip()
            if hasattr(cmd, "commands"):
                yield path, cmd
                yield from walk(cmd, path)
            else:
                yield path, cmd

    return list(walk(root, ""))


def test_every_command_and_option_has_help():
    missing = [p for p, c in commands() if not (c.help or "").strip()]
    assert not missing, f"commands without help: {missing}"
    for path, cmd in commands():
        for param in cmd.params:
            if getattr(param, "param_type_name", "") == "option" and not param.hidden:
                assert (param.help or "").strip(), f"{path} {param.opts} has no help"


def test_every_command_is_in_the_readme_reference():
    text = README.read_text(encoding="utf-8")
    ref = text.split("## Command reference", 1)[1]
    missing = [p for p, c in commands() if not hasattr(c, "commands") and f"### commscli {p}\n" not in ref]
    assert not missing, f"commands missing from the README's command reference: {missing}"


def test_the_command_reference_is_generated_from_help_and_current():
    """`cog --check` fails when a command's --help changed and `cog -r README.md` was not run."""
    import subprocess
    import sys

    root = README.parent
    r = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=root,
        capture_output=True,
        text=True,
        env={k: v for k, v in __import__("os").environ.items() if not k.startswith("COMMSCLI_")},
    )
    assert r.returncode == 0, f"README command reference is stale: run `cog -r README.md`\n{r.stdout}{r.stderr}"
