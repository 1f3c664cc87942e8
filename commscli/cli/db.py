"""commscli db: where the store is, create it, check it, back it up."""

from typing import Annotated

import typer

from commscli.cli.common import command
from commscli.labels import Both, Msg

app = typer.Typer(no_args_is_help=True)  # help: commscli.cli.GROUPS


@command(app, "path", readonly=True)
def path(env):
    """Print which store file is used, and why."""
    info = {"path": str(env.db_path), "why": env.db_why, "exists": env.db_path.exists()}
    if env.json:
        env.print_json(info)
    else:
        why = Msg("msg.db_why_new" if not info["exists"] else "msg.db_why", why=Msg(f"db_why.{info['why']}"))
        typer.echo(f"{info['path']}\t{env.say(why)}")


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
        said = Msg("msg.db_state", state=Msg(f"db_state.{state}"), path=env.db_path, version=result["schema_version"])
        typer.echo(env.say(said))


@command(app, "check", readonly=True)
def check(env):
    """Check integrity and foreign keys, events against records, stored deadlines against their policy, the
    trends' month counters against the rows and the file's mode; print the schema version and the years the calendar lacks."""
    from commscli.store import db as store_db

    # read-only, and an older schema is checked as it is (and named below), never upgraded
    result = store_db.check(env.adopt(store_db.open_store(env.db_path, readonly=True, old_ok=True)))
    year = env.now().year
    problems = []  # said in the interface language; --json keeps their English text
    if result["pending"]:  # an older schema may lack the calendar's tables
        result["calendar_missing_years"] = None
        problems.append(Msg("problem.schema", n=len(result["pending"]), names=", ".join(result["pending"])))
    else:
        result["calendar_missing_years"] = [y for y in (year, year + 1) if not env.calendar.covers(y)]
    if result["integrity"] != ["ok"]:
        problems.append(Msg("problem.integrity", rows="; ".join(result["integrity"][:5])))
    if result["foreign_key_problems"]:
        problems.append(Msg("problem.foreign_keys", n=len(result["foreign_key_problems"])))
    if year in (result["calendar_missing_years"] or ()):
        problems.append(Msg("problem.calendar", year=year))
    warnings = []
    if not result["pending"] and result["integrity"] == ["ok"]:
        from commscli.store import consistency

        found = result["consistency"] = consistency.findings(env.store, env.db_path)
        for o in found["orphan_events"]:
            problems.append(Msg("problem.orphan_events", n=o["events"], table=o["table"]))
        for m in found["state_mismatches"]:
            ids = ", ".join(f"#{e['id']}" for e in m["examples"][:5])
            problems.append(Msg("problem.state_mismatch", table=m["table"], n=m["records"], ids=ids))
        for m in found["states_without_event"]:
            warnings.append(Msg("warning.state_without_event", table=m["table"], n=m["records"]))
        if found["deadline_problems"]["tickets"]:
            first = found["deadline_problems"]["examples"][0]
            problems.append(
                Msg(
                    "problem.deadlines",
                    n=found["deadline_problems"]["tickets"],
                    ticket=first["ticket"],
                    problem=first["problems"][0],
                )
            )
        if found["month_counters"]["buckets"]:
            first = found["month_counters"]["examples"][0]
            said = {("bucket" if k == "key" else k): v for k, v in first.items()}
            problems.append(Msg("problem.month_counters", n=found["month_counters"]["buckets"], **said))
        if not found["file_mode"]["private"]:
            problems.append(Msg("problem.file_mode", mode=found["file_mode"]["mode"], path=env.db_path))
    result["problems"] = [str(p) for p in problems]
    result["warnings"] = [str(w) for w in warnings]
    if env.json:
        env.print_json(result)
    else:
        integrity = result["integrity"][:5]
        missing = result["calendar_missing_years"]
        lacks = (
            Msg("msg.check_not_checked")
            if missing is None
            else Msg("msg.check_lacks_years", years=Both("、".join(map(str, missing)), ", ".join(map(str, missing))))
            if missing
            else Msg("msg.check_lacks_nothing")
        )
        lines = [
            Msg("msg.check_store", path=env.db_path),
            Msg("msg.check_schema", version=result["schema_version"], last=result["migrations"][-1]),
            Msg("msg.check_integrity", rows=Both("正常", "ok") if integrity == ["ok"] else ", ".join(integrity)),
            Msg("msg.check_foreign_keys", n=len(result["foreign_key_problems"])),
            Msg("msg.check_calendar", lacks=lacks),
        ]
        for line in lines:
            typer.echo(env.say(line))
        for w in warnings:
            env.warn(w)
        for p in problems:
            typer.secho(env.say(Msg("msg.problem", problem=p)), fg="red", err=True)
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
        typer.echo(env.say(Msg("msg.backed_up", source=env.db_path, dest=dest, pages=pages)))
