"""Satisfaction surveys (004; 003 §4.2): every June and November, ≥ 60 % returned,
analysis within a week after both the return rate and the end of collection, results within 5 working days."""

import calendar as _cal
from collections import Counter
from datetime import date, timedelta

from commscli.domain.callbacks import SATISFACTION, SATISFIED
from commscli.domain.tickets import CATEGORY
from commscli.errors import InputError, RuleError
from commscli.labels import Both, Msg


def check_season(year: int, month: int, policy) -> None:
    if month not in policy.survey_months:
        months = Both("、".join(f"{m} 月" for m in policy.survey_months), str(policy.survey_months))
        raise RuleError(
            Msg("err.survey_months", months=months),
            "--season",
            f"{year:04d}-{month:02d}",
        )


def default_deadline(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def rate(returns: int, target: int) -> float:
    return 0.0 if not target else returns / target


def collection_end(deadline: date, closed: date | None) -> date:
    """Collection ends at the deadline, or earlier when it is closed early (only once the rate is reached)."""
    return closed if closed and closed < deadline else deadline


def analysis_due(deadline: date, rate_reached: date | None, closed: date | None, policy) -> date | None:
    """A week after BOTH the return rate is reached and collection has ended (004: "在达到回收率要求和
    回收期限后的一周内"; SPEC §8). None while the rate is not reached and the survey is open (not known yet).
    A survey closed below the rate (allowed only after the deadline) counts from its deadline (ours: the
    seeds are silent), so a late close does not postpone the analysis."""
    end = collection_end(deadline, closed)
    if rate_reached:
        start = max(rate_reached, end)
    elif closed:
        start = end
    else:
        return None
    return start + timedelta(days=policy.survey_analysis_days)


def can_close(returns: int, target: int, today: date, deadline: date, policy) -> None:
    if rate(returns, target) < policy.survey_min_return and today <= deadline:
        raise RuleError(
            Msg(
                "err.survey_return_low",
                returns=returns,
                target=target,
                rate=f"{policy.survey_min_return:.0%}",
                deadline=deadline,
            ),
            "--season",
            None,
        )


def parse_grades(text: str) -> dict:
    """``cleaning=满意, greening=很满意`` → {category: grade}."""
    out = {}
    for part in (text or "").replace("，", ",").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise InputError(Msg("err.grades_form"), "--grades", part.strip())
        cat, grade = (x.strip() for x in part.split("=", 1))
        out[CATEGORY.parse(cat, "--grades")] = SATISFACTION.parse(grade, "--grades")
    if not out:
        raise InputError(Msg("err.grades_one"), "--grades", text)
    return out


def per_category(returns: list[dict]) -> list[dict]:
    """满意率 per category = (很满意 + 满意) / graded answers, with numerator and denominator."""
    grades: dict = {}
    for r in returns:
        for cat, g in r["grades"].items():
            grades.setdefault(cat, Counter())[g] += 1
    out = []
    for cat, c in sorted(grades.items()):
        n, d = sum(c[g] for g in SATISFIED), sum(c.values())
        out.append(
            {
                "category": cat,
                "numerator": n,
                "denominator": d,
                "rate": n / d if d else None,
                **{g: c[g] for g in SATISFACTION.values},
            }
        )
    return out


def common_issues(opinions: list[str]) -> list[dict]:
    """The households' remarks grouped: identical remarks (spaces aside) counted together, the largest group
    first, equal groups in the order first heard (004: a public answer to the common issues)."""
    counts = Counter(" ".join(str(o).split()) for o in opinions)
    counts.pop("", None)
    return [{"text": text, "count": n} for text, n in sorted(counts.items(), key=lambda kv: -kv[1])]
