"""commscli policy: the numbers in force and where each came from."""

from typing import Annotated

import typer

from commscli.cli.common import command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS


@command(app, "show", readonly=True)
def show(env, toml: Annotated[bool, typer.Option("--toml", help="Print a valid override file.")] = False):
    """Print every policy value with its source: a table, --json or --toml; fields of capabilities not built yet are marked reserved."""
    from dataclasses import fields

    from commscli import policy as pol

    loaded = env.loaded
    if toml:
        typer.echo(pol.to_toml(loaded.policy), nl=False)
        return
    rows = [
        {
            "key": f.name,
            "value": getattr(loaded.policy, f.name),
            "source": loaded.source_of(f.name),
            "rule": pol.rule_text(f.name),
            "reserved": pol.reserved(f.name),
        }
        for f in fields(pol.Policy)
    ]
    if env.json:
        env.print_json({"file": str(loaded.path) if loaded.path else None, "why": loaded.why, "values": rows})
        return
    from commscli.labels import Msg, word

    env.info(
        Msg("msg.policy_from", path=str(loaded.path), why=word("policy_why", loaded.why))
        if loaded.path
        else Msg("msg.policy_defaults")
    )
    from commscli.cli.views import Col, Listing

    for r in rows:  # people read where a value came from in their language: 默认, or the file
        r["source"] = env.say(word("policy_source", r["source"]))
    if env.tty():  # a table of four columns does not fit 80: one short card a key, its rule folded below
        _cards(env, rows)
        return
    # the rule column says "reserved (…)" where it is
    env.rows(
        rows,
        Listing(
            [Col("key"), Col("value"), Col("source", long=True), Col("rule", long=True), Col("reserved")],
            ["key", "value", "source", "rule"],
            bounded=False,
        ),
    )


def _cards(env, rows: list[dict]):
    from rich.text import Text

    from commscli.cli.views import console

    c = console()
    for r in rows:
        head = Text(r["key"], style="bold")
        value = r["value"]
        shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else value
        head.append(f"  {shown}  ({r['source']})")
        c.print(head, overflow="fold")
        c.print(Text("    " + r["rule"], overflow="fold"))  # says "reserved (…)" where it is
