"""commscli demo is built under a temporary name and moved into place only when complete."""

import json
import os

import pytest

from tests.conftest import Cli, dump


def killed(store, rng, ctx):
    raise KeyboardInterrupt  # Ctrl-C part-way through the build


def broken(store, rng, ctx):
    raise RuntimeError("a bug in a demo step")


def folder(path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("step", [killed, broken])
def test_an_interrupted_demo_leaves_nothing_and_the_next_one_works(tmp_path, monkeypatch, step):
    from commscli import demo

    c = Cli(tmp_path / "demo.db")
    steps = demo.STEPS
    monkeypatch.setattr(demo, "STEPS", [demo.registry_step, step])
    if step is killed:
        r = c("demo")
        assert r.exit_code == 130  # Typer: interrupted
    else:
        with pytest.raises(RuntimeError):
            c("demo")
    assert folder(c.db) == [], "a half-built demo store or a temporary file was left behind"
    monkeypatch.setattr(demo, "STEPS", steps)  # not undo(): that would unfreeze "now" too
    doc = c.json("demo")
    assert doc["counts"]["households"] == 720 and doc["counts"]["offices"] == 1
    assert os.stat(c.db).st_mode & 0o077 == 0
    assert [n for n in folder(c.db) if not n.startswith("demo.db-")] == ["demo.db"]
    c.ok("report", "monthly")


def test_an_interrupted_rebuild_keeps_the_old_demo(tmp_path, monkeypatch):
    from commscli import demo

    c = Cli(tmp_path / "demo.db")
    c.ok("demo")
    before = dump(c.db)
    steps = demo.STEPS
    monkeypatch.setattr(demo, "STEPS", [demo.registry_step, killed])
    assert c("demo", "--seed", "7").exit_code == 130
    assert dump(c.db) == before
    assert [n for n in folder(c.db) if not n.startswith("demo.db")] == []
    monkeypatch.setattr(demo, "STEPS", steps)
    assert c.json("demo", "--seed", "7")["seed"] == 7
    assert dump(c.db) != before


def test_an_interrupted_db_init_leaves_nothing(bare, monkeypatch):
    from commscli.store import db as store_db

    def interrupted(store):
        raise KeyboardInterrupt

    migrate = store_db.migrate
    monkeypatch.setattr(store_db, "migrate", interrupted)
    assert bare("db", "init").exit_code == 130
    assert folder(bare.db) == []
    monkeypatch.setattr(store_db, "migrate", migrate)
    bare.ok("db", "init")
    assert folder(bare.db) == ["new.db"]


@pytest.mark.parametrize(
    "now",
    [
        "2026-12-08T07:10",  # a Tuesday morning: this week's company meeting (Monday) is past and signed in
        "2026-12-13T22:00",  # a Sunday night
        "2027-05-02T09:00",  # ten days after the owners' committee's cadence meeting, which names no minute-taker
    ],
)
def test_the_demo_builds_on_any_day_of_the_week_and_passes_db_check(tmp_path, monkeypatch, now):
    """The README's first command builds the demo at the real date: on 2026-12-07 the information step signed
    Monday's company meeting's chair in a second time and the demo refused to build."""
    monkeypatch.setenv("COMMSCLI_NOW", now)
    c = Cli(tmp_path / "demo.db")
    doc = c.json("demo")
    assert doc["counts"]["households"] == 720
    r = c("db", "check", "--json")
    problems = json.loads(r.stdout)["problems"]
    # 2027's holiday schedule is not published yet: the one problem a store of 2027 has until it is imported
    assert [p for p in problems if not p.startswith("calendar:")] == []
    assert r.exit_code == (1 if problems else 0) and len(problems) == (now >= "2027")
    c.ok("report", "monthly")
