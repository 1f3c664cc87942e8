"""Notices (通知单 / 公告, SPEC §3; 003 篇2 §4.2; 001 §2.1; 002 第五条3): the kinds, their lead-time rules,
the pest-control weekend ban, the "within N working days after" kinds, one-to-one kinds.

Pure functions over the policy and the working-day calendar (SPEC §8):
- a lead time in hours or days is wall-clock time: "1 day before" is 24 hours;
- "N working days before" an event: posted on or before the day N working days before the event's date;
- "within N working days after": posted on or before the day N working days after.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from commscli.domain.fields import Choice
from commscli.errors import RuleError
from commscli.labels import Both, Msg

KIND = Choice(
    "notice_kind",
    {
        "pest": ("消杀作业", "喷洒药物", "pest"),
        "water_cut": ("停水通知", "water"),
        "power_cut": ("停电通知", "power"),
        "works": ("维修", "施工", "安装", "repair", "installation"),
        "event": ("活动", "社区文化活动", "community event"),
        "financial": ("财务", "financial report"),
        "survey_results": ("调查结果报告", "survey"),
        "loss": ("财物丢失", "财物损坏", "lost property"),
        "contract": ("合同", "合同不明确", "contract change"),
        "publicity": ("宣传栏", "消防知识"),
        "general": ("通知", "其他"),
    },
)
ISSUER = Choice("notice_issuer", {"cs": ("客服", "客服中心", "customer service"), "company": ("公司",)})
METHOD = Choice("notice_method", {"posted": ("张贴", "书面"), "phone": (), "sms": (), "wechat": ("微信",)})

# told one to one, never posted in a lobby (002 第五条3): the household's own matters
ONE_TO_ONE = ("loss", "contract")
# kinds that put up warning signs during and after (003 篇2 §4.2 items 1 and 6)
SIGNS = ("pest", "works")
# "within N working days after" a moment (--since): the policy key of N
AFTER = {
    "financial": "notice_results_workdays",
    "survey_results": "notice_results_workdays",
    "loss": "notice_loss_workdays",
    "contract": "notice_contract_workdays",
}
# told before the start in wall-clock hours: (department → customer service, customer service → residents)
HOURS = {
    "pest": ("notice_pest_dept_hours", "notice_pest_resident_hours"),
    "water_cut": ("notice_cut_dept_hours", "notice_cut_resident_hours"),
    "power_cut": ("notice_cut_dept_hours", "notice_cut_resident_hours"),
}


@dataclass(frozen=True)
class Facts:
    """What a notice says about time: the period it announces, when residents were told (``posted``),
    when the department told customer service (``dept``), and the moment a "within N after" kind runs from."""

    kind: str
    start: datetime
    end: datetime | None
    posted: datetime
    dept: datetime | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class Breach:
    """One rule broken: the policy key, the option whose time is wrong, the time required (a moment, or the
    last allowed day) and the time given (a moment, or the day that may not be touched)."""

    key: str
    field: str
    required: datetime | date | None
    given: datetime | date | None
    n: int = 0

    def to_dict(self) -> dict:
        return {"rule": self.key, "field": self.field, "required": _text(self.required), "given": _text(self.given)}


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def last_day_before(event_day: date, n: int, calendar) -> date:
    """The day N working days before the event's date: a notice posted on or before it is in time."""
    return calendar.add(event_day, -n)


def last_day_after(day: date, n: int, calendar) -> date:
    """The day N working days after ``day``: a notice posted on or before it is in time."""
    return calendar.add(day, n)


def touched_days(start: datetime, end: datetime | None) -> list[date]:
    """The calendar days a period touches; its end is exclusive (a period ending at 00:00 touches not that day)."""
    last = (end - timedelta(microseconds=1)).date() if end and end > start else start.date()
    out, d = [], start.date()
    while d <= last:
        out.append(d)
        d += timedelta(days=1)
    return out


def banned_day(d: date, policy, calendar) -> str | None:
    """Why pest control may not touch the day (SPEC §8: 周六、周日公休日不安排作业), or None: the policy key of
    the ban. A day off (a weekend, a statutory holiday, an office closure) is banned; a make-up working Saturday
    or Sunday is still a weekend day unless ``notice_pest_makeup_allowed``."""
    if policy.notice_pest_weekend_allowed:
        return None
    if not calendar.is_workday(d):
        return "notice_pest_weekend_allowed"
    if d.weekday() >= 5 and not policy.notice_pest_makeup_allowed:
        return "notice_pest_makeup_allowed"
    return None


def breaches(f: Facts, policy, calendar) -> list[Breach]:
    """Every rule the notice breaks, in the order: department time, residents' time, the weekend ban."""
    out = []
    if f.kind in HOURS:
        dept_key, res_key = HOURS[f.kind]
        need = f.start - timedelta(hours=getattr(policy, dept_key))
        if f.dept is None or f.dept > need:
            out.append(Breach(dept_key, "--dept-notified-at", need, f.dept, getattr(policy, dept_key)))
        need = f.start - timedelta(hours=getattr(policy, res_key))
        if f.posted > need:
            out.append(Breach(res_key, "--posted-at", need, f.posted, getattr(policy, res_key)))
    elif f.kind == "works":
        n = policy.notice_works_resident_days
        need = f.start - timedelta(hours=24 * n)  # "1 day" is 24 hours, not a working day (SPEC §8)
        if f.posted > need:
            out.append(Breach("notice_works_resident_days", "--posted-at", need, f.posted, n))
    elif f.kind == "event":
        n = policy.notice_event_resident_workdays
        need = last_day_before(f.start.date(), n, calendar)
        if f.posted.date() > need:
            out.append(Breach("notice_event_resident_workdays", "--posted-at", need, f.posted, n))
    elif f.kind in AFTER:
        key = AFTER[f.kind]
        n = getattr(policy, key)
        if f.since is None:
            out.append(Breach(key, "--since", None, None, n))
        else:
            need = last_day_after(f.since.date(), n, calendar)
            if f.posted.date() > need:
                out.append(Breach(key, "--posted-at", need, f.posted, n))
    if f.kind == "pest":
        for d in touched_days(f.start, f.end):
            key = banned_day(d, policy, calendar)
            if key:
                out.append(Breach(key, "--effective-to" if d != f.start.date() else "--effective-from", None, d))
                break
    return out


def due_by(f: Facts, policy, calendar) -> str | None:
    """The last moment (or day) residents may be told, as stored with the notice: ISO text, or None."""
    if f.kind in HOURS:
        return (f.start - timedelta(hours=getattr(policy, HOURS[f.kind][1]))).isoformat(timespec="seconds")
    if f.kind == "works":
        return (f.start - timedelta(hours=24 * policy.notice_works_resident_days)).isoformat(timespec="seconds")
    if f.kind == "event":
        return last_day_before(f.start.date(), policy.notice_event_resident_workdays, calendar).isoformat()
    if f.kind in AFTER and f.since is not None:
        return last_day_after(f.since.date(), getattr(policy, AFTER[f.kind]), calendar).isoformat()
    return None


def policy_keys(kind: str, found: list[Breach]) -> list[str]:
    """The policy keys a notice of ``kind`` was judged by (stored with it, so a later policy change does not
    rewrite its verdict): its breaches', its "within N days after" rule, its hours and its kind's own."""
    return sorted(
        {*(b.key for b in found), *(k for k in (AFTER.get(kind),) if k), *HOURS.get(kind, ())}
        | ({"notice_works_resident_days"} if kind == "works" else set())
        | ({"notice_event_resident_workdays"} if kind == "event" else set())
        | ({"notice_pest_weekend_allowed", "notice_pest_makeup_allowed"} if kind == "pest" else set())
    )


def refuse(found: list[Breach], kind: str) -> None:
    """The first breach as one line: the rule (its policy key), the time required and the time given."""
    if not found:
        return
    b = found[0]
    what = Both(KIND.name(kind, "zh"), KIND.name(kind, "en"))
    rule = Msg(f"rule.{b.key}", n=b.n)
    if b.required is None and b.key.startswith("notice_pest_") and b.key.endswith("_allowed"):
        day = Msg(f"weekday.{b.given.isoweekday()}")
        raise RuleError(Msg("err.notice_ban", kind=what, rule=rule, policy=b.key, day=day), b.field, _text(b.given))
    if b.given is None:
        raise RuleError(Msg("err.notice_missing", kind=what, rule=rule, policy=b.key), b.field, None)
    raise RuleError(
        Msg("err.notice_late", kind=what, rule=rule, policy=b.key, required=_text(b.required), given=_text(b.given)),
        b.field,
        _text(b.given),
    )


def refresh_due(last_posted: datetime, policy) -> datetime:
    """Publicity is refreshed at least monthly (003 篇2 §4.2 item 4): due this long after the last one."""
    return last_posted + timedelta(days=policy.notice_publicity_refresh_days)
