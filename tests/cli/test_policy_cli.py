"""commscli policy show: table, --json, --toml; which file wins; bad files refused in one line."""

import dataclasses
import tomllib
from pathlib import Path

import pytest

from commscli.policy import DEFAULT, Policy, from_mapping

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KEYS = [f.name for f in dataclasses.fields(Policy)]


def values(cli, *args, **kw) -> dict:
    doc = cli.json("policy", "show", *args, **kw)
    return {row["key"]: row for row in doc["values"]}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the three outputs --------------------------------------------------------------------


def test_show_table(cli):
    r = cli.ok("policy", "show")
    lines = r.stdout.splitlines()
    assert lines[0] == "Key\tValue\tSource\tRule"
    assert len(lines) == 1 + len(KEYS)
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:]}
    assert rows["sla_urgent_minutes"][1:3] == ["10", "default"]
    assert rows["visit_band_limits"][1] == "300, 500, 800"
    assert rows["visit_home_latest"][1] == "22:00"
    assert "特急" in rows["sla_urgent_minutes"][3]
    assert "built-in defaults" in r.stderr


def test_show_json_gives_each_value_with_its_source(cli):
    doc = cli.json("policy", "show")
    assert doc["file"] is None and doc["why"] == "built-in defaults"
    assert [row["key"] for row in doc["values"]] == KEYS
    for row in doc["values"]:
        assert set(row) == {"key", "value", "source", "rule", "reserved"}
        assert row["value"] == getattr(DEFAULT, row["key"]) and row["source"] == "default"
        assert row["rule"]


def test_show_toml_is_a_valid_override_file(cli, tmp_path):
    text = cli.ok("policy", "show", "--toml").stdout
    data = tomllib.loads(text)
    assert set(data) == set(KEYS) and from_mapping(data) == DEFAULT
    # fed back, every key now comes from that file and nothing changes
    f = write(tmp_path / "all.toml", text)
    shown = values(cli, "--policy", f)
    assert {k: r["value"] for k, r in shown.items()} == DEFAULT.to_dict()
    assert {r["source"] for r in shown.values()} == {str(f)}


def test_show_toml_reflects_the_overrides(cli, tmp_path):
    f = write(tmp_path / "p.toml", 'sla_urgent_minutes = 7\nvisit_home_latest = "21:00"\n')
    data = tomllib.loads(cli.ok("policy", "show", "--toml", "--policy", f).stdout)
    assert data["sla_urgent_minutes"] == 7 and data["visit_home_latest"] == "21:00"
    assert data["sla_high_minutes"] == 15


def test_show_works_before_the_store_exists(bare):
    doc = bare.json("policy", "show")
    assert doc["file"] is None
    assert not bare.db.exists()


# --- which file wins -----------------------------------------------------------------------


def test_override_precedence(cli, tmp_path):
    beside = write(cli.db.with_name("policy.toml"), "sla_urgent_minutes = 11\nsla_high_minutes = 21\n")
    env_file = write(tmp_path / "env.toml", "sla_urgent_minutes = 12\n")
    explicit = write(tmp_path / "explicit.toml", "sla_urgent_minutes = 13\n")

    shown = values(cli)
    assert shown["sla_urgent_minutes"]["value"] == 11 and shown["sla_urgent_minutes"]["source"] == str(beside)
    assert shown["sla_high_minutes"]["value"] == 21
    assert shown["sla_normal_end_of_day"]["source"] == "default"
    assert cli.json("policy", "show")["why"] == "policy.toml beside the store"

    env = {"COMMSCLI_POLICY": str(env_file)}
    doc = cli.json("policy", "show", env=env)
    assert doc["why"] == "COMMSCLI_POLICY" and doc["file"] == str(env_file)
    shown = {r["key"]: r for r in doc["values"]}
    assert shown["sla_urgent_minutes"]["value"] == 12 and shown["sla_urgent_minutes"]["source"] == str(env_file)
    assert shown["sla_high_minutes"] == {**shown["sla_high_minutes"], "value": 15, "source": "default"}

    doc = cli.json("policy", "show", "--policy", explicit, env=env)
    assert doc["why"] == "--policy" and doc["file"] == str(explicit)
    shown = {r["key"]: r for r in doc["values"]}
    assert shown["sla_urgent_minutes"]["value"] == 13 and shown["sla_urgent_minutes"]["source"] == str(explicit)


def test_source_column_of_the_table_names_the_file(cli, tmp_path):
    f = write(tmp_path / "p.toml", "sla_high_minutes = 20\n")
    r = cli.ok("policy", "show", "--policy", f)
    rows = {line.split("\t")[0]: line.split("\t") for line in r.stdout.splitlines()[1:]}
    assert rows["sla_high_minutes"][1:3] == ["20", str(f)]
    assert rows["sla_urgent_minutes"][1:3] == ["10", "default"]
    assert str(f) in r.stderr and "--policy" in r.stderr


def test_root_policy_option_before_the_group(cli, tmp_path):
    f = write(tmp_path / "p.toml", "sla_high_minutes = 20\n")
    doc = cli.json("--policy", f, "policy", "show")
    assert doc["why"] == "--policy"
    assert {r["key"]: r["value"] for r in doc["values"]}["sla_high_minutes"] == 20


def test_policy_beside_a_store_given_by_env(tmp_path):
    from tests.conftest import Cli

    store = tmp_path / "elsewhere" / "office.db"
    store.parent.mkdir()
    write(store.with_name("policy.toml"), "sla_high_minutes = 25\n")
    c = Cli(store)
    doc = c.json("policy", "show", db=False, env={"COMMSCLI_DB": str(store)})
    assert doc["why"] == "policy.toml beside the store"
    assert {r["key"]: r["value"] for r in doc["values"]}["sla_high_minutes"] == 25


# --- bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, named",
    [
        ("sla_urgent_minute = 10\n", "sla_urgent_minute"),  # unknown key
        ('sla_urgent_minutes = "ten"\n', "sla_urgent_minutes='ten'"),  # wrong type
        ("sla_normal_end_of_day = 1\n", "sla_normal_end_of_day"),
        ("sla_normal_hours = 0\n", "sla_normal_hours=0"),
        ("visit_band_limits = [300, 500]\n", "visit_band_shares"),  # lengths disagree
        ('visit_quota_method = "lottery"\n', "visit_quota_method"),
        ("[tickets]\nsla_urgent_minutes = 10\n", "tickets"),  # keys are flat
    ],
)
def test_bad_policy_file_is_one_line_naming_the_key(cli, unchanged, tmp_path, text, named):
    f = write(tmp_path / "bad.toml", text)
    with unchanged():
        r = cli.fails("policy", "show", "--policy", f)
    assert named in r.stderr


def test_bad_policy_file_from_env_or_beside_the_store(cli, unchanged, tmp_path):
    f = write(tmp_path / "bad.toml", "no_such_key = 1\n")
    with unchanged():
        r = cli.fails("policy", "show", env={"COMMSCLI_POLICY": str(f)})
    assert "no_such_key" in r.stderr
    write(cli.db.with_name("policy.toml"), "sla_high_minutes = 1.5\n")
    with unchanged():
        r = cli.fails("policy", "show", "--toml")
    assert "sla_high_minutes" in r.stderr and "1.5" in r.stderr


def test_missing_or_unparsable_policy_file(cli, unchanged, tmp_path):
    with unchanged():
        r = cli.fails("policy", "show", "--policy", tmp_path / "nope.toml")
    assert "nope.toml" in r.stderr and "--policy" in r.stderr
    f = write(tmp_path / "broken.toml", "sla_urgent_minutes = = 3\n")
    with unchanged():
        r = cli.fails("policy", "show", "--policy", f)
    assert "broken.toml" in r.stderr and "TOML" in r.stderr


@pytest.mark.parametrize(
    "text, named",
    [
        ("office_timezone = 8\n", "office_timezone=8"),
        ('office_timezone = "Mars/Olympus"\n', "Mars/Olympus"),
    ],
)
def test_a_bad_policy_stops_a_command_that_needs_it(cli, unchanged, tmp_path, text, named):
    f = write(tmp_path / "bad.toml", text)
    with unchanged():  # is-workday without a date needs today, in the office zone of the policy
        r = cli.fails("calendar", "is-workday", "--policy", f)
    assert named in r.stderr and "office_timezone" in r.stderr


# --- the shipped examples ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["policy.toml", "policy-001.toml"])
def test_example_policy_files_load(cli, name):
    f = EXAMPLES / name
    doc = cli.json("policy", "show", "--policy", f)
    data = tomllib.loads(f.read_text(encoding="utf-8"))
    shown = {r["key"]: r for r in doc["values"]}
    for key, value in data.items():
        assert shown[key]["value"] == value and shown[key]["source"] == str(f)


def test_example_001_is_the_alternative_visit_policy(cli):
    shown = {
        r["key"]: r["value"] for r in cli.json("policy", "show", "--policy", EXAMPLES / "policy-001.toml")["values"]
    }
    assert shown["visit_quota_method"] == "per_building"
    assert shown["visit_home_latest"] == "21:00"
    assert shown["visit_min_visitors"] == 2
    assert shown["visit_lobby_share_per_building"] == 0.10
    assert shown["visit_supervisor_per_building"] == 3
    assert shown["visit_manager_per_building"] == 1
    assert shown["visit_every_household_months"] == 12
    assert shown["visit_no_repeat_months"] == 2


def test_example_default_policy_is_the_003_policy(cli):
    shown = {r["key"]: r["value"] for r in cli.json("policy", "show", "--policy", EXAMPLES / "policy.toml")["values"]}
    assert shown["visit_quota_method"] == "bands"
    assert shown["visit_band_limits"] == [300, 500, 800]
    assert shown["visit_band_shares"] == [0.04, 0.05, 0.06, 0.07]


def test_fields_of_capabilities_not_built_yet_are_marked_reserved(cli):
    reserved = {r["key"]: r["reserved"] for r in cli.json("policy", "show")["values"]}
    assert reserved["notice_pest_dept_hours"] is None and reserved["meeting_max_minutes"] is None
    assert reserved["appeal_superior_days"] is None and reserved["stop_min_seconds"] is None
    assert {k for k, v in reserved.items() if v} == set()
    assert reserved["sla_urgent_minutes"] is None and reserved["sla_normal_end_of_day"] is None
    rows = {line.split("\t")[0]: line.split("\t") for line in cli.ok("policy", "show").stdout.splitlines()[1:]}
    assert not rows["stop_min_seconds"][3].startswith("reserved")
    assert not rows["appeal_superior_days"][3].startswith("reserved")
    assert not rows["meeting_max_minutes"][3].startswith("reserved")
    assert not rows["notice_pest_dept_hours"][3].startswith("reserved")
    assert not rows["sla_urgent_minutes"][3].startswith("reserved")
    toml = cli.ok("policy", "show", "--toml").stdout
    assert "# reserved" not in toml
    assert "# reserved (notices" not in toml


def test_sla_normal_end_of_day_false_is_wired_to_the_hours_after_the_report(cli, tmp_path):
    shown = values(cli)
    assert shown["sla_normal_hours"]["value"] == 24 and "ours" in shown["sla_normal_hours"]["rule"]
    f = write(tmp_path / "rolling.toml", "sla_normal_end_of_day = false\nsla_normal_hours = 6\n")
    t = cli.json(
        "ticket",
        "new",
        "--kind",
        "repair",
        "--caller-name",
        "访客",
        "-d",
        "门禁故障",
        "--at",
        "2026-11-23T09:00",
        "--policy",
        f,
    )
    assert t["arrive_due"] == "2026-11-23T15:00:00+08:00"  # 09:00 + 6 h, not 23:59:59
    t = cli.json(
        "ticket", "new", "--kind", "repair", "--caller-name", "访客", "-d", "门禁故障", "--at", "2026-11-23T09:00"
    )
    assert t["arrive_due"] == "2026-11-23T23:59:59+08:00"  # the default: the same day
