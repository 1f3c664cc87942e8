"""Visits (业户访问): the monthly quota, rotation sampling and the rules of a visit record.

SPEC §2 visits and §8. Two policies are expressible: 'bands' (003: a share of occupied
households by band, manager ≥ 5, supervisor ≥ 5) and 'per_building' (001 §4: lobby
assistant 10 % of their buildings, supervisor ≥ 3 and director ≥ 1 per building, every
household within 12 months, none twice within 2 months).
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from commscli.domain.fields import Choice
from commscli.errors import InputError, RuleError
from commscli.labels import Msg

METHOD = Choice(
    "visit_method", {"home": ("上门", "家访"), "office": ("中心", "办公室"), "outdoor": ("室外",), "other": ()}
)
ITEM_KIND = Choice(
    "item",
    {"opinion": (), "suggestion": (), "need": ("诉求", "request"), "complaint": (), "repair": ("维修",), "inquiry": ()},
)
STATE = Choice(
    "visit_state",
    {"recorded": ("已登记",), "submitted": ("交主管", "已提交"), "reviewed": ("已审核", "审阅"), "cancelled": ()},
)
# what a reviewed item becomes (SPEC §2: complaints → complaint tickets, requests and suggestions → their kind)
TICKET_OF = {
    "complaint": "complaint",
    "suggestion": "suggestion",
    "need": "help",
    "repair": "repair",
    "inquiry": "inquiry",
}


def band_share(occupied: int, policy) -> float:
    for limit, share in zip(policy.visit_band_limits, policy.visit_band_shares, strict=False):
        if occupied <= limit:
            return share
    return policy.visit_band_shares[-1]


def _up(x: float) -> int:
    return math.ceil(round(x, 9))


@dataclass(frozen=True)
class Part:
    """One line of the quota: a role (and a person, a building) and how many households."""

    role: str
    count: int
    staff: str | None = None
    building: str | None = None


@dataclass
class Quota:
    required: int
    parts: list = field(default_factory=list)
    basis: dict = field(default_factory=dict)

    @property
    def role_sum(self) -> int:
        return sum(p.count for p in self.parts)


# who keeps a household when a small office's role minimums are scaled down and two parts tie:
# visits are made mainly by the customer-service centre (003 §4.3.1 "以客戶服務中心人員為主"), whose
# head is the supervisor; then the manager; then the rest (ours: the seeds are silent)
TIE_ORDER = ("supervisor", "manager", "lobby_assistant", "clerk")


def fit(parts: list, cap: int) -> list[int]:
    """The parts' counts, scaled down in proportion when they ask more than ``cap`` households.

    Largest remainder: each part keeps floor(cap × count / total); the households left over go
    one each to the largest fractions, a tie to the earlier role of TIE_ORDER, then to the
    earlier part. The counts then add up to exactly ``cap``.
    """
    total = sum(p.count for p in parts)
    if total <= cap:
        return [p.count for p in parts]
    counts = [cap * p.count // total for p in parts]
    rank = sorted(
        range(len(parts)),
        key=lambda i: (
            -(cap * parts[i].count % total),
            TIE_ORDER.index(parts[i].role) if parts[i].role in TIE_ORDER else len(TIE_ORDER),
            i,
        ),
    )
    for i in rank[: cap - sum(counts)]:
        counts[i] += 1
    return counts


def _refit(parts: list, counts: list) -> list:
    return [Part(p.role, n, p.staff, p.building) for p, n in zip(parts, counts, strict=False) if n]


def quota(policy, occupied_by_building: dict, staff: list[dict]) -> Quota:
    """required = max(ceil(share × occupied), the sum of the role minimums) (SPEC §8), never more
    than the occupied households.

    ``staff``: dicts with name, role, buildings (active staff of the office).
    The parts assign the role minimums to people; what the share asks beyond them goes
    to lobby assistants and clerks (or, with none, the supervisor). In an office (or, under
    'per_building', a building) with fewer occupied households than its role minimums ask,
    the minimums are scaled down in proportion (``fit``), so the parts add up to the total
    and no household is asked twice.
    """
    occupied = sum(occupied_by_building.values())
    by_role = {r: [s for s in staff if s["role"] == r] for r in ("manager", "supervisor", "lobby_assistant", "clerk")}
    parts: list[Part] = []
    buildings = sorted(b for b, n in occupied_by_building.items() if n)
    if policy.visit_quota_method == "bands":
        share = band_share(occupied, policy)
        base = _up(share * occupied)
        for role, n in (("manager", policy.visit_min_manager), ("supervisor", policy.visit_min_supervisor)):
            people = by_role[role] or [{"name": None}]
            parts += _spread(role, n, people)
        minimums = sum(p.count for p in parts)
        parts = _refit(parts, fit(parts, occupied))
        basis = {"method": "bands", "occupied": occupied, "share": share, "by_share": base}
    else:
        base = 0
        for role, per in (
            ("manager", policy.visit_manager_per_building),
            ("supervisor", policy.visit_supervisor_per_building),
        ):
            person = (by_role[role] or [{"name": None}])[0]["name"]
            parts += [Part(role, per, person, b) for b in buildings if per]
        covered = set()
        for s in by_role["lobby_assistant"]:
            for b in s.get("buildings") or []:
                if occupied_by_building.get(b):
                    parts.append(
                        Part(
                            "lobby_assistant",
                            _up(policy.visit_lobby_share_per_building * occupied_by_building[b]),
                            s["name"],
                            b,
                        )
                    )
                    covered.add(b)
        for b in buildings:  # a building nobody looks after still gets its share, by the supervisor
            if b not in covered:
                person = (by_role["supervisor"] or [{"name": None}])[0]["name"]
                parts.append(
                    Part("supervisor", _up(policy.visit_lobby_share_per_building * occupied_by_building[b]), person, b)
                )
        minimums = sum(p.count for p in parts)
        counts = [p.count for p in parts]
        for b in buildings:  # each building's parts within its own households, the parts' order kept
            mine = [i for i, p in enumerate(parts) if p.building == b]
            for i, n in zip(mine, fit([parts[i] for i in mine], occupied_by_building[b]), strict=False):
                counts[i] = n
        parts = _refit(parts, counts)
        if policy.visit_every_household_months:
            base = _up(occupied / policy.visit_every_household_months)
        basis = {
            "method": "per_building",
            "occupied": occupied,
            "buildings": len(buildings),
            "every_household_months": policy.visit_every_household_months,
            "by_year": base,
        }
    role_sum = sum(p.count for p in parts)
    required = min(max(base, role_sum), occupied)
    extra = required - role_sum
    if extra > 0:
        helpers = by_role["lobby_assistant"] + by_role["clerk"] or by_role["supervisor"] or [{"name": None}]
        role = helpers[0].get("role", "clerk") if helpers[0].get("name") else "clerk"
        for s, n in zip(helpers, _split(extra, len(helpers)), strict=False):
            if n:
                parts.append(Part(s.get("role", role), n, s["name"]))
    basis.update(role_minimums=minimums, role_sum=role_sum, required=required)
    return Quota(required, parts, basis)


def company_size(occupied: int, policy) -> int:
    """How many households the company's own programme draws in a month (policy visit_company_share)."""
    return min(occupied, _up(policy.visit_company_share * occupied))


def _split(n: int, k: int) -> list[int]:
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def _spread(role, n, people) -> list[Part]:
    """A role minimum applies to each person of the role (the manager visits at least 5)."""
    return [Part(role, n, p["name"]) for p in people]


def credited_role(visitors: list[dict], planned_role: str | None = None) -> str | None:
    """The one role a visit counts for, so that the roles' visits add up to the visits made: the
    role the household was planned for when a visitor of that role was there, else the first-named
    visitor's. Each visitor still counts once in the visitor-visits (人次)."""
    roles = [v["role"] for v in visitors]
    if planned_role in roles:
        return planned_role
    return roles[0] if roles else None


@dataclass
class Draw:
    items: list  # (household_id, part) in drawing order
    cycle: int  # the cycle the first items belong to
    new_cycle_from: int | None = None  # index in items where a new cycle starts, if it did
    short: int = 0  # households the month could not get (office smaller than the quota)


def draw(occupied: dict, visited_in_cycle: set, excluded: set, recent: set, parts: list, seed: int, cycle: int) -> Draw:
    """Draw the month's households for the quota's parts (SPEC §2 sampling, §8 rotation).

    occupied: household id → building. No household is drawn again until every occupied
    household has been visited in the current cycle; then a new cycle starts. ``excluded``
    (the company's draw this month) and ``recent`` (visited within the no-repeat window)
    are never drawn. Linear in the office's size: the candidate lists are built once (and
    once more if a new cycle starts) and each pick removes its household in O(1).
    """
    rng = random.Random(seed)
    chosen: list = []
    taken: set = set()
    new_from = None

    def candidates(seen: set) -> tuple[list, dict]:
        everyone = sorted(h for h in occupied if h not in seen and h not in excluded and h not in recent)
        by_building: dict = {}
        for h in everyone:
            by_building.setdefault(occupied[h], []).append(h)
        return everyone, by_building

    def pick(pool: list):
        while pool:
            i = rng.randrange(len(pool))
            h = pool[i]
            pool[i] = pool[-1]
            pool.pop()
            if h not in taken:
                return h
        return None

    everyone, by_building = candidates(visited_in_cycle)
    short = 0
    for part in parts:
        for _ in range(part.count):
            h = pick(by_building.get(part.building, [])) if part.building else None
            h = h if h is not None else pick(everyone)
            if h is None and new_from is None:
                # everyone visited in this cycle: a new cycle starts with this draw
                new_from = len(chosen)
                everyone, by_building = candidates(taken)
                h = pick(by_building.get(part.building, [])) if part.building else None
                h = h if h is not None else pick(everyone)
            if h is None:
                short += 1
                continue
            taken.add(h)
            chosen.append((h, part))
    return Draw(chosen, cycle, new_from, short)


def check_start(method: str, started: datetime, appointment: datetime | None, policy) -> None:
    """Home visits need an appointment and may not start at or after the policy's hour."""
    if method != "home":
        return
    if appointment is None:
        raise InputError(Msg("err.home_appointment"), "--appointment", None)
    latest = time(*(int(x) for x in policy.visit_home_latest.split(":")))
    earliest = time(*(int(x) for x in policy.visit_home_earliest.split(":")))
    if not earliest <= started.time() < latest:
        raise RuleError(
            Msg("err.home_hours", earliest=policy.visit_home_earliest, latest=policy.visit_home_latest),
            "--at",
            started.isoformat(timespec="minutes"),
        )


def submit_due(visited: datetime, policy) -> datetime:
    """The record reaches the supervisor by the end of the next day (003)."""
    from datetime import timedelta

    return datetime.combine(
        visited.date() + timedelta(days=policy.visit_submit_days), time(23, 59, 59), tzinfo=visited.tzinfo
    )


def summary_due(year: int, month: int, policy) -> date:
    """The month's summary is due by the 5th of the next month."""
    y, m = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(y, m, policy.visit_summary_due_day)


def months_back(d: date, n: int) -> date:
    y, m = d.year, d.month - n
    while m < 1:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def category(text, policy, field_name: str) -> str:
    """A visit item's category from the policy's list (visit_categories): its code, its names in the label
    table (category.*) or a synonym of the ticket categories; a category without a label by its own name."""
    from commscli.domain.fields import norm
    from commscli.domain.tickets import CATEGORY
    from commscli.labels import LABELS, Both, label

    typed = norm(text)
    for code in policy.visit_categories:
        names = {code, *LABELS.get(f"category.{code}", ()), *CATEGORY.values.get(code, ())}
        if typed in {norm(n) for n in names}:
            return code
    shown = [label(f"category.{c}") if f"category.{c}" in LABELS else c for c in policy.visit_categories]
    raise InputError(
        Msg("err.choice", choices=Both("、".join(shown), ", ".join(policy.visit_categories))), field_name, text
    )


def wanted_items(spec: str | None, count: int) -> set[int]:
    """``--wants-feedback``: ``all`` or item numbers ``1,3`` (1-based, in the order of --item) → 0-based indexes."""
    if spec is None:
        return set()
    if count == 0:
        raise InputError(Msg("err.no_items"), "--wants-feedback", spec)
    text = spec.replace("，", ",").strip()
    if text.lower() in ("all", "全部"):
        return set(range(count))
    out = set()
    for part in text.split(","):
        part = part.strip()
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= count:
            raise InputError(Msg("err.item_numbers", count=count), "--wants-feedback", spec)
        out.add(int(part) - 1)
    return out


def feedback_from(item: dict) -> str | None:
    """When an item's feedback falls due from (003 §4.3.1: face to face once there is something to say):
    its ticket's resolution (or cancellation); an item with no ticket, the visit's review; None before that."""
    if item.get("ticket_id"):
        return item.get("resolved_at") or item.get("cancelled_at")
    return item.get("reviewed_at")


def feedback_due(item: dict, policy, calendar) -> date | None:
    """policy visit_feedback_workdays working days after ``feedback_from`` (a date: by the end of that day)."""
    start = feedback_from(item)
    if not start:
        return None
    return calendar.add(date.fromisoformat(start[:10]), policy.visit_feedback_workdays)


def yearly_due(since: str | None, policy) -> date | None:
    """The day by which a household last visited (or, never visited, moved in or registered) on ``since`` must
    be visited again: ``since`` + policy visit_every_household_months months (001 §4.1); None when the rule
    is off (0) or nothing is known."""
    from dateutil.relativedelta import relativedelta

    if not policy.visit_every_household_months or not since:
        return None
    return date.fromisoformat(since[:10]) + relativedelta(months=policy.visit_every_household_months)


def yearly_since_before(day: date, policy) -> str:
    """A household whose ``since`` day lies before this (YYYY-MM-DD) is due by ``day`` or earlier, or close."""
    from dateutil.relativedelta import relativedelta

    return (day - relativedelta(months=policy.visit_every_household_months) + relativedelta(days=1)).isoformat()
