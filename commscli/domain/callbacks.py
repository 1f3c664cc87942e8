"""Callbacks (回访): the weekly 20 % sample, due times, and what a callback result triggers.

SPEC §2 callbacks, §8 (sample from repairs resolved in the ISO week).
"""

import math
import random
from datetime import date, datetime, time, timedelta

from commscli.domain.fields import Choice
from commscli.errors import InputError
from commscli.labels import Msg

KIND = Choice(
    "callback",
    {
        "sample": ("weekly", "抽样"),
        "complaint": ("投诉",),
        "special": ("专项回访", "返修回访", "返修"),
        "major_check": ("periodic", "巡查"),
        "escalation": ("company", "公司"),
        "new_resident": ("move_in", "新入住"),
        "survey": ("调查",),
    },
)
METHOD = Choice("callback_method", {"phone": (), "visit": ("走访",), "sms": ()})
SATISFACTION = Choice(
    "sat", {"very_satisfied": ("非常满意",), "satisfied": (), "neutral": (), "dissatisfied": ("差", "很不满意")}
)
SATISFIED = ("very_satisfied", "satisfied")
STATE = Choice("cb_state", {"open": (), "done": (), "cancelled": ()})


def sample_size(population: int, share: float) -> int:
    """A share of the population, rounded up (004: a random 20 %)."""
    if population <= 0:
        return 0
    return min(population, math.ceil(round(population * share, 9)))


def draw(ticket_ids: list[int], share: float, seed: int) -> list[int]:
    """Reproducible: the same seed and the same tickets give the same sample."""
    population = sorted(ticket_ids)
    k = sample_size(len(population), share)
    return sorted(random.Random(seed).sample(population, k))


def iso_week(text: str) -> tuple[date, date]:
    """``2026-W47`` → (Monday, next Monday)."""
    try:
        year, week = text.strip().upper().split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, AttributeError):
        raise InputError(Msg("err.iso_week"), "--week", text) from None
    return monday, monday + timedelta(days=7)


def week_of(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def satisfaction_rate(grades: list[str]) -> tuple[int, int]:
    """满意率 = (很满意 + 满意) / all graded answers (SPEC §8): (numerator, denominator)."""
    graded = [g for g in grades if g]
    return sum(1 for g in graded if g in SATISFIED), len(graded)


def due(kind: str, start: datetime, policy) -> datetime:
    """When a callback of ``kind`` is due, counted from the moment its rule counts from (SPEC §2): a
    complaint's ``callback_complaint_hours`` after the resolution; a special callback ``callback_special_hours``
    after its re-repair was reported; a major-defect check ``major_defect_check_days`` after the repair was
    reported (or the last check); a new resident's by the end of the day ``new_resident_callback_months`` after
    the move-in. The desk and the import alike."""
    if kind == "complaint":
        return start + timedelta(hours=policy.callback_complaint_hours)
    if kind == "special":
        return start + timedelta(hours=policy.callback_special_hours)
    if kind == "major_check":
        return start + timedelta(days=policy.major_defect_check_days)
    if kind == "new_resident":
        from dateutil.relativedelta import relativedelta

        day = start.date() + relativedelta(months=policy.new_resident_callback_months)
        return datetime.combine(day, time(23, 59, 59), tzinfo=start.tzinfo)
    raise ValueError(f"a {kind} callback's due time is not counted from a moment")
