"""Visit quota and rotation as plain functions (SPEC §2, §8), under both seed policies."""

import math
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commscli.domain import visits as rules
from commscli.errors import InputError, RuleError
from commscli.policy import DEFAULT, from_mapping

P001 = from_mapping(tomllib.loads((Path(__file__).resolve().parents[1] / "examples" / "policy-001.toml").read_text()))
STAFF = [
    {"name": "陈建国", "role": "manager", "buildings": []},
    {"name": "林晓东", "role": "supervisor", "buildings": []},
    {"name": "周敏", "role": "lobby_assistant", "buildings": ["1栋", "2栋"]},
    {"name": "吴娜", "role": "lobby_assistant", "buildings": ["3栋"]},
    {"name": "王丽", "role": "clerk", "buildings": []},
]


@pytest.mark.parametrize(
    "occupied, share, required",
    [
        (300, 0.04, 12),
        (301, 0.05, 16),
        (500, 0.05, 25),
        (501, 0.06, 31),
        (800, 0.06, 48),
        (801, 0.07, 57),
        (100, 0.04, 10),  # 4 % of 100 is 4: the manager's 5 and the supervisor's 5 win
        (0, 0.04, 0),
    ],
)
def test_band_edges(occupied, share, required):
    assert rules.band_share(occupied, DEFAULT) == share
    q = rules.quota(DEFAULT, {"1栋": occupied}, STAFF)
    assert q.required == required
    if occupied:
        roles = {p.role: p.count for p in q.parts if p.role in ("manager", "supervisor")}
        assert roles == {"manager": 5, "supervisor": 5}
        assert q.role_sum == max(required, 10)


def _roles(q) -> dict:
    out = {}
    for p in q.parts:
        out[p.role] = out.get(p.role, 0) + p.count
    return {r: n for r, n in out.items() if n}


# a small office: the role minimums shrink in proportion so that they never ask more households than
# there are (largest remainder; a tie goes to the supervisor first, then the manager, then the rest)
@pytest.mark.parametrize(
    "occupied, required, roles",
    [
        (0, 0, {}),
        (1, 1, {"supervisor": 1}),  # 5:5 of 1 → 0.5 each, the tie to the supervisor
        (6, 6, {"manager": 3, "supervisor": 3}),  # 5:5 of 6 → 3 and 3
        (9, 9, {"manager": 4, "supervisor": 5}),  # 5:5 of 9 → 4.5 each, the odd one to the supervisor
        (10, 10, {"manager": 5, "supervisor": 5}),  # the minimums fit exactly
        (11, 10, {"manager": 5, "supervisor": 5}),  # 4 % of 11 = 1 < 10: the minimums are the quota
    ],
)
def test_bands_small_office_total_and_parts_agree(occupied, required, roles):
    q = rules.quota(DEFAULT, {"1栋": occupied}, STAFF)
    assert q.required == required and q.role_sum == required and _roles(q) == roles
    assert q.role_sum <= occupied and all(p.count > 0 for p in q.parts)


@pytest.mark.parametrize(
    "occupied, required, roles",
    [
        (0, 0, {}),
        # manager 1, supervisor 3, lobby ceil(10 % × n) per building, scaled to the building's households:
        (1, 1, {"supervisor": 1}),  # 1:3:1 of 1 → .2 .6 .2
        (3, 3, {"manager": 1, "supervisor": 2}),  # 1:3:1 of 3 → .6 1.8 .6
        (4, 4, {"manager": 1, "supervisor": 2, "lobby_assistant": 1}),  # 1:3:1 of 4 → .8 2.4 .8
        (6, 5, {"manager": 1, "supervisor": 3, "lobby_assistant": 1}),  # 1 + 3 + 1 fit; ceil(6 / 12) = 1
        (9, 5, {"manager": 1, "supervisor": 3, "lobby_assistant": 1}),
        (10, 5, {"manager": 1, "supervisor": 3, "lobby_assistant": 1}),
        (11, 6, {"manager": 1, "supervisor": 3, "lobby_assistant": 2}),  # ceil(1.1) = 2
    ],
)
def test_per_building_small_office_total_and_parts_agree(occupied, required, roles):
    q = rules.quota(P001, {"1栋": occupied}, STAFF)
    assert q.required == required and q.role_sum == required and _roles(q) == roles
    assert all(p.count > 0 for p in q.parts)


def test_per_building_a_small_building_asks_no_more_than_its_households():
    q = rules.quota(P001, {"1栋": 2, "2栋": 50}, STAFF)
    by = {}
    for p in q.parts:
        by[p.building] = by.get(p.building, 0) + p.count
    # 1栋: 1:3:1 of 2 → .4 1.2 .4 → supervisor 1, then the manager wins the tie with the lobby assistant
    assert {(p.role, p.count) for p in q.parts if p.building == "1栋"} == {("manager", 1), ("supervisor", 1)}
    assert by == {"1栋": 2, "2栋": 1 + 3 + 5} and q.required == 11  # ≥ ceil(52 / 12) = 5


def test_two_supervisors_share_the_scaled_minimum():
    staff = STAFF + [{"name": "孙悦", "role": "supervisor", "buildings": []}]
    q = rules.quota(DEFAULT, {"1栋": 7}, staff)  # 5:5:5 of 7 → 2.33 each: the supervisors take the remainder
    assert q.required == 7 and sorted((p.role, p.staff, p.count) for p in q.parts) == [
        ("manager", "陈建国", 2),
        ("supervisor", "孙悦", 2),
        ("supervisor", "林晓东", 3),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["1栋", "2栋", "3栋", "9栋"]), st.integers(0, 40), max_size=4),
    st.lists(st.sampled_from(STAFF), max_size=6),
    st.sampled_from([DEFAULT, P001]),
)
def test_the_parts_always_add_up_to_the_total_and_never_exceed_the_households(by_building, staff, policy):
    q = rules.quota(policy, by_building, staff)
    assert q.role_sum == q.required <= sum(by_building.values())
    assert all(p.count > 0 for p in q.parts)
    if policy is P001:
        for b, n in by_building.items():
            assert sum(p.count for p in q.parts if p.building == b) <= n


def test_only_occupied_count_and_the_share_beyond_minimums_goes_to_lobby_and_clerks():
    q = rules.quota(DEFAULT, {"1栋": 300, "2栋": 200, "3栋": 152}, STAFF)  # 652 occupied → 6 % → 40
    assert q.required == 40 and q.basis["share"] == 0.06
    extra = [p for p in q.parts if p.role in ("lobby_assistant", "clerk")]
    assert sum(p.count for p in extra) == 30 and {p.staff for p in extra} == {"周敏", "吴娜", "王丽"}


def test_policy_001_per_building():
    q = rules.quota(P001, {"1栋": 85, "2栋": 82, "3栋": 40}, STAFF)
    by = {(p.role, p.staff, p.building): p.count for p in q.parts}
    assert by[("manager", "陈建国", "1栋")] == 1 and by[("supervisor", "林晓东", "3栋")] == 3
    assert by[("lobby_assistant", "周敏", "1栋")] == 9 and by[("lobby_assistant", "周敏", "2栋")] == 9
    assert by[("lobby_assistant", "吴娜", "3栋")] == 4
    assert q.required == 3 * (1 + 3) + 9 + 9 + 4  # 34 ≥ ceil(207 / 12) = 18
    assert P001.visit_min_visitors == 2 and P001.visit_home_latest == "21:00"


def test_a_building_nobody_looks_after_still_gets_its_share():
    q = rules.quota(P001, {"1栋": 50, "9栋": 30}, STAFF[:2] + STAFF[4:])
    # 9栋: the supervisor's 3 per building, plus the 10 % (3 of 30) no lobby assistant covers
    assert sorted(p.count for p in q.parts if p.building == "9栋" and p.role == "supervisor") == [3, 3]


def simulate(n: int, parts: list, months: int, seed: int, no_repeat: int = 0):
    """Plan and visit every planned household, month by month; return (month, cycle, household) visits."""
    occupied = {h: "1栋" for h in range(1, n + 1)}
    cycle, in_cycle, history = 1, set(), []
    for m in range(months):
        # plan(): households visited since the first day of the month N months back
        recent = {h for (mm, _, h) in history if m - mm <= no_repeat} if no_repeat else set()
        d = rules.draw(occupied, in_cycle, set(), recent, parts, seed + m, cycle)
        for i, (h, _) in enumerate(d.items):
            if d.new_cycle_from is not None and i == d.new_cycle_from:
                cycle, in_cycle = cycle + 1, set()
            in_cycle.add(h)
            history.append((m, cycle, h))
    return history


@settings(max_examples=60, deadline=None)
@given(st.integers(5, 80), st.integers(1, 12), st.integers(0, 10**6))
def test_rotation_no_household_twice_in_a_cycle_and_all_within_ceil_n_over_q(n, per_month, seed):
    parts = [rules.Part("clerk", per_month)]
    months = 3 * math.ceil(n / per_month) + 2
    history = simulate(n, parts, months, seed)
    cycles = {}
    for m, c, h in history:
        cycles.setdefault(c, []).append((m, h))
    for c, visits in cycles.items():
        households = [h for _, h in visits]
        assert len(households) == len(set(households)), f"a household twice in cycle {c}"
        complete = c < max(cycles)
        if complete:
            assert set(households) == set(range(1, n + 1))
            first, last = visits[0][0], visits[-1][0]
            assert last - first + 1 <= math.ceil(n / per_month) + 1  # a cycle may start mid-month


@settings(max_examples=40, deadline=None)
@given(st.integers(20, 60), st.integers(0, 10**6))
def test_rotation_under_001_never_twice_within_two_months(n, seed):
    history = simulate(n, [rules.Part("lobby_assistant", max(1, n // 4))], 14, seed, no_repeat=2)
    last = {}
    for m, _, h in history:
        if h in last:
            assert m - last[h] > 2
        last[h] = m


def test_excluded_and_recent_are_never_drawn_and_draw_is_reproducible():
    occupied = {h: "1栋" if h % 2 else "2栋" for h in range(1, 41)}
    parts = [rules.Part("supervisor", 10, "林晓东", "1栋"), rules.Part("clerk", 10)]
    a = rules.draw(occupied, set(), {1, 3, 5}, {7, 9}, parts, 42, 1)
    assert a.items == rules.draw(occupied, set(), {1, 3, 5}, {7, 9}, parts, 42, 1).items
    drawn = [h for h, _ in a.items]
    assert not {1, 3, 5, 7, 9} & set(drawn) and len(drawn) == len(set(drawn)) == 20
    assert all(occupied[h] == "1栋" for h, p in a.items if p.building == "1栋")


def test_home_visit_rules():
    tz = ZoneInfo("Asia/Shanghai")
    late = datetime(2026, 11, 20, 22, 0, tzinfo=tz)
    with pytest.raises(RuleError):
        rules.check_start("home", late, late, DEFAULT)
    rules.check_start("home", late.replace(hour=21, minute=30), late, DEFAULT)
    with pytest.raises(RuleError):
        rules.check_start("home", late.replace(hour=21, minute=0), late, P001)
    with pytest.raises(InputError):
        rules.check_start("home", late.replace(hour=10), None, DEFAULT)
    rules.check_start("office", late.replace(hour=23), None, DEFAULT)  # not at home: no hour limit
    assert rules.submit_due(late, DEFAULT).isoformat() == "2026-11-21T23:59:59+08:00"
    assert rules.summary_due(2026, 12, DEFAULT).isoformat() == "2027-01-05"


@pytest.mark.parametrize("occupied, size", [(0, 0), (1, 1), (50, 1), (51, 2), (60, 2), (652, 14)])
def test_company_programme_size_is_a_share_of_occupied_rounded_up(occupied, size):
    assert rules.company_size(occupied, DEFAULT) == size  # 2 % (visit_company_share)
