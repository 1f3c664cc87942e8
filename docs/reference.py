"""The README's command reference, generated from the CLI's own ``--help`` (run by cog).

``python docs/reference.py`` prints one Markdown section per command: its usage,
help and own options, plain (no rich boxes) at 80 columns. The options every command
shares are listed once in the README instead of under each command.
"""

import os
import sys

os.environ["TYPER_USE_RICH"] = "0"  # read when typer is first imported: plain help text
os.environ["COLUMNS"] = "80"

SHARED = ("--db", "--policy", "--json", "--by", "--at", "-h, --help")


def _own_options(text: str) -> str:
    """The help text without the shared options (an entry and its continuation lines)."""
    out, skipping = [], False
    for line in text.splitlines():
        stripped = line.strip()
        if line.startswith("  -"):
            skipping = any(stripped == s or stripped.startswith(s + " ") for s in SHARED)
        elif not line.startswith("    "):
            skipping = False
        if not skipping:
            out.append(line.rstrip())
    lines = "\n".join(out).strip().splitlines()
    if lines and lines[-1] == "Options:":  # nothing of its own left
        lines.pop()
    return "\n".join(lines).strip()


def commands():
    """(path, click command) of every command, depth first, in the order --help lists them."""
    import typer

    from commscli.cli import app

    root = typer.main.get_command(app)

    def walk(group, prefix):
        for name in group.list_commands(None):
            cmd = group.get_command(None, name)
            path = [*prefix, name]
            yield path, cmd
            if hasattr(cmd, "commands"):
                yield from walk(cmd, path)

    return list(walk(root, []))


def reference() -> str:
    from typer.testing import CliRunner

    from commscli.cli import app

    runner = CliRunner()
    parts = []
    for path, cmd in commands():
        if hasattr(cmd, "commands"):
            continue
        result = runner.invoke(app, [*path, "--help"], prog_name="commscli", env={"COLUMNS": "80"})
        if result.exit_code != 0:
            raise SystemExit(f"commscli {' '.join(path)} --help exited {result.exit_code}: {result.output}")
        parts.append(f"### commscli {' '.join(path)}\n\n```\n{_own_options(result.output)}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(reference())
