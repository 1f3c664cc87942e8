"""commscli demo: build the demo store."""

import os
from pathlib import Path
from typing import Annotated

import typer

from commscli.cli.common import Env, handled


def register(app: typer.Typer):
    @app.command("demo")
    def demo(
        ctx: typer.Context,
        db: Annotated[str | None, typer.Option("--db", help="Where to build it.")] = None,
        seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same store).")] = 2026,
        json_out: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    ):
        """Build a demo store (default ./commscli-demo.db): one office, ~650 occupied households, staff, activity."""
        root = ctx.find_root().obj or {}
        path = Path(db or root.get("db") or "commscli-demo.db")  # `commscli --db X demo` too
        env = Env(db=str(path), json_out=json_out)
        with handled(env):
            from commscli import demo as demo_mod
            from commscli.errors import StoreError
            from commscli.store import create, open_store
            from commscli.store.records import get_meta

            exists = os.path.lexists(path)
            if exists:
                old = open_store(path, readonly=True, old_ok=True)
                try:
                    is_demo = "meta" in old.db.table_names() and get_meta(old, "demo") == "1"
                finally:
                    old.close()
                if not is_demo:
                    from commscli.labels import Msg

                    raise StoreError(Msg("err.not_demo_store"), "--db", str(path))
            counts = {}
            # built under a temporary name and moved into place when complete: an interrupted demo
            # leaves nothing (and an old demo store stays as it was)
            env.adopt(create(path, lambda s: counts.update(demo_mod.build(s, env.now(), env.by, seed)), replace=exists))
            if json_out:
                env.print_json({"path": str(path), "seed": seed, "counts": counts})
            else:
                from commscli.labels import Msg

                typer.echo(env.say(Msg("msg.demo", path=path, **counts)))
