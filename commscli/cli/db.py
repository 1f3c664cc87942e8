"""commscli db: where the store is, create it, check it, back it up."""

from typing import Annotated

import typer

from commscli.cli.common import command

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS


@command(app, "path", readonly=True)
def path(env):
    """Print which store file is used, and why."""
    info = {"path": str(env.db_path), "why": env.db_why, "exists": env.db_path.exists()}
    if env.json:
        env.print_json(info)
    else:
        typer.echo(f"{info['path']}\t({info['why']}{'' if info['exists'] else '; not created yet'})")


@command(app, "init")
def init(env):
    """Create the store (mode 0600, WAL), or upgrade an existing one to the current schema."""
    from commscli.store import db as store_db

    if env.db_path.exists():
        store = env.adopt(store_db.open_store(env.db_path, migrate_it=False))
        applied = store_db.migrate(store)
        state = "upgraded" if applied else "up to date"
    else:
        store = env.adopt(store_db.create(env.db_path))
        applied = store_db.applied(store)
        state = "created"
    result = {
        "path": str(env.db_path),
        "state": state,
        "applied": applied,
        "schema_version": len(store_db.applied(store)),
    }
    if env.json:
        env.print_json(result)
    else:
        typer.echo(f"{state}: {env.db_path} (schema version {result['schema_version']})")


@command(app, "check", readonly=True)
def check(env):
    """Check integrity and foreign keys, events against records, stored deadlines against their policy and
    the file's mode; print the schema version and the years the calendar lacks."""
    from commscli.store import db as store_db

    # read-only, and an older schema is checked as it is (and named below), never upgraded
    result = store_db.check(env.adopt(store_db.open_store(env.db_path, readonly=True, old_ok=True)))
    year = env.now().year
    problems = []
    if result["pending"]:  # an older schema may lack the calendar's tables
        result["calendar_missing_years"] = None
        problems.append(
            f"schema: {len(result['pending'])} upgrades pending ({', '.join(result['pending'])}); "
            f"upgrade with `commscli db init`"
        )
    else:
        result["calendar_missing_years"] = [y for y in (year, year + 1) if not env.calendar.covers(y)]
    if result["integrity"] != ["ok"]:
        problems.append("integrity_check: " + "; ".join(result["integrity"][:5]))
    if result["foreign_key_problems"]:
        problems.append(f"foreign_key_check: {len(result['foreign_key_problems'])} rows point nowhere")
    if year in (result["calendar_missing_years"] or ()):
        problems.append(f"calendar: no holiday schedule for the current year {year}")
    warnings = []
    if not result["pending"] and result["integrity"] == ["ok"]:
        from commscli.store import consistency

        found = result["consistency"] = consistency.findings(env.store, env.db_path)
        for o in found["orphan_events"]:
            problems.append(f"events: {o['events']} events name a record {o['table']} does not hold")
        for m in found["state_mismatches"]:
            ids = ", ".join(f"#{e['id']}" for e in m["examples"][:5])
            problems.append(f"{m['table']}: {m['records']} records not in the state their last event left ({ids})")
        for m in found["states_without_event"]:
            warnings.append(f"{m['table']}: {m['records']} records changed state with no event naming the state")
        if found["deadline_problems"]["tickets"]:
            first = found["deadline_problems"]["examples"][0]
            problems.append(
                f"deadlines: {found['deadline_problems']['tickets']} tickets' deadlines are missing or not what "
                f"their stored policy gives (#{first['ticket']}: {first['problems'][0]})"
            )
        if not found["file_mode"]["private"]:
            problems.append(
                f"file mode: {found['file_mode']['mode']}, others may read the store (`chmod 600 {env.db_path}`)"
            )
    result["problems"] = problems
    result["warnings"] = warnings
    if env.json:
        env.print_json(result)
    else:
        typer.echo(f"store: {env.db_path}")
        typer.echo(f"schema version: {result['schema_version']} ({result['migrations'][-1]})")
        typer.echo(f"integrity: {', '.join(result['integrity'][:5])}")
        typer.echo(f"foreign keys: {len(result['foreign_key_problems'])} problems")
        missing = result["calendar_missing_years"]
        typer.echo(
            "calendar lacks: "
            + (
                "(not checked before the upgrade)"
                if missing is None
                else ", ".join(map(str, missing)) + " (use `commscli calendar import`)"
                if missing
                else "nothing"
            )
        )
        for w in warnings:
            typer.secho(f"warning: {w}", fg="yellow", err=True)
        for p in problems:
            typer.secho(f"problem: {p}", fg="red", err=True)
    if problems:
        raise typer.Exit(1)


@command(app, "backup", readonly=True)
def backup(env, dest: Annotated[str, typer.Argument(help="The copy to write (must not exist).")]):
    """Write a consistent online copy of the store (SQLite backup API, mode 0600) while others write."""
    from commscli.store import db as store_db

    # read-only; an older store is copied as it is (a backup before an upgrade is the careful order)
    pages = store_db.backup(env.adopt(store_db.open_store(env.db_path, readonly=True, old_ok=True)), dest)
    result = {"source": str(env.db_path), "dest": dest, "pages": pages}
    if env.json:
        env.print_json(result)
    else:
        typer.echo(f"backed up {env.db_path} → {dest} ({pages} pages)")
