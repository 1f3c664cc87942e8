"""commscli.policy: the seed defaults, validation of overrides, the TOML round trip."""

import dataclasses
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commscli import policy as pol
from commscli.errors import PolicyError
from commscli.policy import DEFAULT, Policy, from_mapping, to_toml

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


# --- defaults match SPEC ----------------------------------------------------------------


@pytest.mark.parametrize(
    "key, value",
    [
        ("office_timezone", "Asia/Shanghai"),
        ("future_tolerance_minutes", 10),  # SPEC §8
        ("sla_urgent_minutes", 10),  # 特急
        ("sla_high_minutes", 15),  # 急
        ("sla_normal_end_of_day", True),  # 一般: 23:59:59 of the day
        ("callback_sample_share", 0.20),  # 004: 20 % weekly
        ("callback_special_hours", 24),  # defect persists
        ("new_resident_callback_months", 1),
        ("visit_quota_method", "bands"),
        ("visit_band_limits", [300, 500, 800]),
        ("visit_band_shares", [0.04, 0.05, 0.06, 0.07]),
        ("visit_min_manager", 5),
        ("visit_min_supervisor", 5),
        ("visit_lobby_share_per_building", 0.10),  # 001 §4 alternative
        ("visit_supervisor_per_building", 3),
        ("visit_manager_per_building", 1),
        ("visit_home_latest", "22:00"),
        ("visit_submit_days", 1),
        ("visit_summary_due_day", 5),
        ("visit_summary_approve_workdays", 2),
        ("survey_months", [6, 11]),
        ("survey_min_return", 0.60),
        ("survey_analysis_days", 7),
        ("survey_results_workdays", 5),
        ("notice_pest_weekend_allowed", False),
        ("notice_cut_resident_hours", 24),
        ("notice_cut_dept_hours", 32),
        ("meeting_max_minutes", 120),
        ("meeting_minutes_days", 3),
        ("retention_min_days", 365),
    ],
)
def test_defaults_match_the_spec(key, value):
    assert getattr(DEFAULT, key) == value
    assert type(getattr(DEFAULT, key)) is type(value)


def test_every_field_names_its_source():
    for f in dataclasses.fields(Policy):
        assert f.metadata.get("source", "").strip(), f.name


def test_policy_is_frozen_and_lists_are_not_shared():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.sla_urgent_minutes = 5
    assert Policy().visit_band_limits is not Policy().visit_band_limits
    assert Policy() == DEFAULT


def test_to_dict_holds_every_field():
    assert set(DEFAULT.to_dict()) == {f.name for f in dataclasses.fields(Policy)}


# --- from_mapping -------------------------------------------------------------------------


def test_from_mapping_empty_is_the_default():
    assert from_mapping({}) == DEFAULT


def test_from_mapping_overrides_only_the_keys_given():
    p = from_mapping({"sla_urgent_minutes": 8, "visit_home_latest": "21:00", "survey_months": [5, 11]})
    assert (p.sla_urgent_minutes, p.visit_home_latest, p.survey_months) == (8, "21:00", [5, 11])
    assert p.sla_high_minutes == 15 and DEFAULT.sla_urgent_minutes == 10


def test_an_integer_is_accepted_for_a_float():
    p = from_mapping({"callback_sample_share": 1})
    assert p.callback_sample_share == 1.0 and isinstance(p.callback_sample_share, float)


def test_unknown_key_is_refused_naming_it():
    with pytest.raises(PolicyError) as exc:
        from_mapping({"sla_urgent_minute": 10})
    assert exc.value.field == "sla_urgent_minute"
    assert "sla_urgent_minute" in exc.value.line() and "unknown" in exc.value.line()


@pytest.mark.parametrize(
    "key, value",
    [
        ("sla_urgent_minutes", "10"),
        ("sla_urgent_minutes", 10.5),
        ("sla_urgent_minutes", True),  # a bool is not an int here
        ("sla_normal_end_of_day", 1),  # nor an int a bool
        ("sla_normal_end_of_day", "yes"),
        ("callback_sample_share", "20%"),
        ("callback_sample_share", False),
        ("visit_band_limits", "300,500,800"),
        ("visit_band_limits", [300, "500", 800]),
        ("visit_band_shares", [0.04, True, 0.06, 0.07]),
        ("visit_home_latest", 22),
        ("office_timezone", ["Asia/Shanghai"]),
    ],
)
def test_wrong_type_is_refused_naming_the_key(key, value):
    with pytest.raises(PolicyError) as exc:
        from_mapping({key: value})
    assert exc.value.field == key
    assert exc.value.value == value
    assert exc.value.line().startswith(f"{key}=")


@pytest.mark.parametrize(
    "mapping, field",
    [
        ({"visit_band_limits": [300, 500]}, "visit_band_shares"),
        ({"visit_band_shares": [0.04, 0.05, 0.06]}, "visit_band_shares"),
        ({"visit_band_limits": [300, 500, 800, 1000]}, "visit_band_shares"),
        ({"visit_band_limits": [500, 300, 800]}, "visit_band_limits"),
        ({"visit_home_latest": "25:00"}, "visit_home_latest"),
        ({"visit_home_latest": "late"}, "visit_home_latest"),
        ({"visit_quota_method": "random"}, "visit_quota_method"),
    ],
)
def test_inconsistent_values_are_refused(mapping, field):
    with pytest.raises(PolicyError) as exc:
        from_mapping(mapping)
    assert exc.value.field == field


def test_matching_band_lengths_are_accepted():
    p = from_mapping({"visit_band_limits": [300, 500], "visit_band_shares": [0.04, 0.05, 0.07]})
    assert len(p.visit_band_shares) == len(p.visit_band_limits) + 1


def test_direct_construction_checks_too():
    with pytest.raises(PolicyError) as exc:
        Policy(visit_band_shares=[0.1])
    assert exc.value.field == "visit_band_shares"


# --- the TOML round trip -------------------------------------------------------------------


def test_to_toml_round_trips_the_default():
    text = to_toml(DEFAULT)
    data = tomllib.loads(text)
    assert set(data) == {f.name for f in dataclasses.fields(Policy)}
    assert from_mapping(data) == DEFAULT


def test_to_toml_round_trips_the_001_policy_and_awkward_text():
    p = from_mapping(
        {
            "visit_quota_method": "per_building",
            "visit_home_latest": "21:00",
            "visit_min_visitors": 2,
            "visit_every_household_months": 12,
            "visit_no_repeat_months": 2,
            "callback_sample_share": 0.333,
            "visit_band_limits": [100, 250, 400, 900],
            "visit_band_shares": [0.01, 0.02, 0.03, 0.04, 0.05],
            "office_timezone": 'Asia/"Odd" \\ zone 时区',
            "notice_pest_weekend_allowed": True,
        }
    )
    assert from_mapping(tomllib.loads(to_toml(p))) == p


def test_to_toml_names_the_source_in_comments():
    text = to_toml(DEFAULT)
    assert "# 001 §2.5 特急" in text
    assert text.endswith("\n")


SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)


@settings(max_examples=100, deadline=None)
@given(
    urgent=st.integers(0, 10**6),
    share=st.floats(0, 1, allow_nan=False),
    limits=st.lists(st.integers(1, 10**5), min_size=0, max_size=5).map(sorted),
    zone=SAFE_TEXT,
    flag=st.booleans(),
    months=st.lists(st.integers(1, 12), max_size=12),
)
def test_to_toml_round_trip_property(urgent, share, limits, zone, flag, months):
    p = from_mapping(
        {
            "sla_urgent_minutes": urgent,
            "survey_min_return": share,
            "visit_band_limits": limits,
            "visit_band_shares": [0.05] * (len(limits) + 1),
            "office_timezone": zone,
            "sla_normal_end_of_day": flag,
            "survey_months": months,
        }
    )
    assert from_mapping(tomllib.loads(to_toml(p))) == p


# --- load ------------------------------------------------------------------------------


def test_load_without_a_file_is_the_default(tmp_path):
    loaded = pol.load(None, tmp_path / "store.db")
    assert loaded.policy == DEFAULT and loaded.path is None
    assert loaded.source_of("sla_urgent_minutes") == "default"


def test_load_records_the_source_of_each_key(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text("sla_urgent_minutes = 12\n", encoding="utf-8")
    loaded = pol.load(str(f), tmp_path / "store.db")
    assert loaded.policy.sla_urgent_minutes == 12 and loaded.why == "--policy"
    assert loaded.source_of("sla_urgent_minutes") == str(f)
    assert loaded.source_of("sla_high_minutes") == "default"


def test_load_refuses_a_missing_or_broken_file(tmp_path):
    with pytest.raises(PolicyError) as exc:
        pol.load(str(tmp_path / "nope.toml"))
    assert "nope.toml" in exc.value.line()
    bad = tmp_path / "bad.toml"
    bad.write_text("sla_urgent_minutes = \n", encoding="utf-8")
    with pytest.raises(PolicyError) as exc:
        pol.load(str(bad))
    assert "bad.toml" in exc.value.line() and "\n" not in exc.value.line()


@pytest.mark.parametrize("name", ["policy.toml", "policy-001.toml"])
def test_example_files_load(name):
    loaded = pol.load(str(EXAMPLES / name))
    data = tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert data, "an example with no keys"
    for key, value in data.items():
        assert getattr(loaded.policy, key) == value
