"""Every number of the rules, with the seed default, in one frozen dataclass.

Overrides come from a TOML file: ``--policy FILE``, else ``COMMSCLI_POLICY``, else
``policy.toml`` beside the store. Keys are the field names below, flat; an unknown key
or a wrong type is refused with the key named. Records store the values they were
computed with, so editing the policy never rewrites history.
"""

import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path

from commscli.errors import PolicyError
from commscli.labels import Msg, word


def _f(default, source: str, **kw):
    if isinstance(default, list):
        return field(default_factory=lambda d=default: list(d), metadata={"source": source, **kw})
    return field(default=default, metadata={"source": source, **kw})


@dataclass(frozen=True)
class Policy:
    # --- clock -----------------------------------------------------------------
    office_timezone: str = _f("Asia/Shanghai", "SPEC §0 (setting)")
    language: str = _f("zh", "SPEC: people read zh-CN (zh | en); --lang and COMMSCLI_LANG come first")
    future_tolerance_minutes: int = _f(10, "SPEC §8: a past event may lie at most this far ahead")
    time_earliest: str = _f("2000-01-01", "no date or time before this is accepted (ours: catches year-1 typos)")
    time_years_ahead: int = _f(5, "no date or time more than N years after today is accepted (ours)")

    # --- tickets (SPEC §1, 001 §2.5) --------------------------------------------
    sla_urgent_minutes: int = _f(10, "001 §2.5 特急: on site within 10 min")
    sla_high_minutes: int = _f(15, "001 §2.5 急: on site within 15 min")
    sla_normal_end_of_day: bool = _f(
        True, "001 §2.5 一般: same day (23:59:59) unless a time is agreed; false: sla_normal_hours after the report"
    )
    sla_normal_hours: int = _f(
        24,
        "with sla_normal_end_of_day = false: a normal repair is due N h after the report "
        "(ours; the seed says only 'the same day')",
    )
    ticket_resolve_workdays: int = _f(2, "non-repair requests resolved within N working days (ours; seeds silent)")
    ticket_reply_hours: int = _f(24, "the customer hears the result within N h of resolution (ours; 有解必答)")

    # --- callbacks (SPEC §2, 004) ------------------------------------------------
    callback_sample_share: float = _f(0.20, "004: a random 20 % of each office's repairs, weekly")
    callback_sample_days: int = _f(7, "a sampled repair is called back within N days of the draw (ours)")
    callback_special_hours: int = _f(24, "004: defect persists → special callback within 24 h")
    callback_complaint_hours: int = _f(24, "004: every complaint gets a callback (our default: within 24 h)")
    callback_escalation_workdays: int = _f(5, "SPEC §8: company callback after escalation (our default)")
    major_defect_check_days: int = _f(7, "004: periodic on-site checks of a major defect (our default: weekly)")
    new_resident_callback_months: int = _f(1, "001 §1.4.4: new resident called back within 1 month")

    # --- visits (SPEC §2, 003 §4.3.1; 001 §4) ----------------------------------------
    visit_quota_method: str = _f(
        "bands", "003: 'bands' (share of occupied) or 'per_building' (001 §4)", choices=("bands", "per_building")
    )
    visit_band_limits: list = _f([300, 500, 800], "003: occupied-household band upper limits")
    visit_band_shares: list = _f([0.04, 0.05, 0.06, 0.07], "003: share per band (one more than limits)")
    visit_min_manager: int = _f(5, "003: the manager visits at least 5 households a month")
    visit_min_supervisor: int = _f(5, "003: the supervisor visits at least 5 households a month")
    visit_lobby_share_per_building: float = _f(0.10, "001 §4: lobby assistant 10 % of their buildings")
    visit_supervisor_per_building: int = _f(3, "001 §4: supervisor ≥ 3 per building")
    visit_manager_per_building: int = _f(1, "001 §4: director ≥ 1 per building")
    visit_every_household_months: int = _f(0, "001 §4: every household within N months (0 = not required)")
    visit_yearly_notice_days: int = _f(
        30,
        "with visit_every_household_months: `report due` lists a household this many days before its months"
        " unvisited run out (ours)",
    )
    visit_no_repeat_months: int = _f(0, "001 §4: not the same household twice within N months (0 = off)")
    visit_company_share: float = _f(
        0.02,
        "ours (003 §4.3.1 names the company's own visit programme, not its size):"
        " `visit plan --company` draws this share of occupied households, rounded up",
    )
    visit_min_visitors: int = _f(1, "003: visitors per visit (001: 2)")
    visit_home_latest: str = _f("22:00", "003: no home visit starts at or after 22:00 (001: 21:00)")
    visit_home_earliest: str = _f("07:00", "no home visit starts before 07:00 (ours; the seeds name only the latest)")
    visit_submit_days: int = _f(1, "003: the record reaches the supervisor by the next day")
    visit_summary_due_day: int = _f(5, "003: monthly visit summary by the 5th")
    visit_summary_approve_workdays: int = _f(2, "003: manager approves within 2 working days")
    visit_categories: list = _f(
        [
            "order_security",
            "cleaning",
            "greening",
            "repair_service",
            "facilities",
            "staff_ability",
            "convenience",
            "culture",
            "centre_ability",
            "special_difficulty",
            "other",
        ],
        "003 §4.1: the visit record's content categories (001 §6: the topics differ by phase); names from the"
        " label table (category.*), a category without a label is shown as written",
    )
    visit_feedback_workdays: int = _f(
        2,
        "003 §4.3.1: an item that asks for feedback gets it face to face 'in time'; ours: within N working days"
        " after its ticket is resolved (an item with no ticket: after the review)",
    )

    # --- surveys (004; 003 §4.2) ------------------------------------------------------
    survey_months: list = _f([6, 11], "004: satisfaction surveys every June and November")
    survey_min_return: float = _f(0.60, "004: at least 60 % returned")
    survey_analysis_days: int = _f(7, "004: analysis within 1 week after both the return rate and the deadline")
    survey_results_workdays: int = _f(5, "003 §4.2 item 5: results posted within 5 working days")
    survey_important_visit_days: int = _f(
        7,
        "004: important customers get a home visit (重要客户应登门拜访) among the week's follow-up work;"
        " ours: within N days after the analysis",
    )

    # --- suggestion box (002 第四条) ----------------------------------------------------------
    box_open_days: int = _f(
        7,
        "002 第四条: the suggestion box is opened and sorted regularly (定期开启、整理); every N days is ours, the seed"
        " names no interval (0 = no box kept: no due item)",
    )

    # --- notices (SPEC §3, 003, 001 §2.1) ----------------------------------------------
    notice_pest_dept_hours: int = _f(24, "pest control: department tells customer service ≥ 24 h before")
    notice_pest_resident_hours: int = _f(12, "pest control: residents told ≥ 12 h before")
    notice_pest_weekend_allowed: bool = _f(
        False, "003 篇2 §4.2: pest control never on a Saturday, Sunday or statutory holiday (true: the ban is off)"
    )
    notice_pest_makeup_allowed: bool = _f(
        False, "SPEC §8: a make-up working Saturday (调休) is still a Saturday for pest control (true: allowed)"
    )
    notice_cut_dept_hours: int = _f(32, "001 §2.1: engineering tells customer service ≥ 32 h before a cut")
    notice_cut_resident_hours: int = _f(24, "001 §2.1: residents told ≥ 24 h before a water/power cut")
    notice_works_resident_days: int = _f(1, "repairs/installation affecting residents: ≥ 1 day before")
    notice_event_resident_workdays: int = _f(3, "community event: ≥ 3 working days before (seed garbled; ours)")
    notice_publicity_refresh_days: int = _f(31, "publicity refreshed at least monthly")
    notice_results_workdays: int = _f(5, "financial report / survey results within 5 working days")
    notice_loss_workdays: int = _f(1, "household property lost/damaged: within 1 working day")
    notice_contract_workdays: int = _f(2, "contract unclear/changed: within 2 working days")
    notice_retention_days: int = _f(365, "003 篇2 §4.2.4: originals kept at least one year")

    # --- meetings (SPEC §4, 000 §七, 003 篇2 §4.1) -----------------------------------------
    meeting_max_minutes: int = _f(120, "every meeting at most 2 hours")
    meeting_speaker_min_minutes: int = _f(5, "each speaker 5–8 minutes")
    meeting_speaker_max_minutes: int = _f(8, "each speaker 5–8 minutes")
    meeting_minutes_days: int = _f(3, "minutes to attendees within 3 days")
    meeting_minutes_retention_days: int = _f(365, "minutes kept at least one year")
    meeting_board_agenda_days: int = _f(14, "board: agenda 2 weeks before")
    meeting_president_agenda_days: int = _f(7, "president's office: agenda 1 week before")
    meeting_president_first_workdays: int = _f(3, "president's office: within the first 3 working days")
    meeting_forum_months: int = _f(2, "director forum every two months")
    meeting_cadence_types: list = _f(
        ["board", "president", "company", "drill", "dept", "forum", "assembly", "committee"],
        "SPEC §4: the meeting types held on a cadence (add interdept to hold it monthly; stop_analysis, the weekly "
        "STOP analysis of 004 篇3 5.4, is on the cadence of an office whose STOP plan runs: list it for every office)",
    )
    meeting_hq_office: str = _f(
        "", "the office whose store keeps the company's own meetings (board … forum); empty: the first office (ours)"
    )
    meeting_board_months: int = _f(6, "000 §七A: the board meets every half year")
    meeting_company_weekday: int = _f(0, "003 篇2 §4.1.1: the company meeting every Monday (0 = Monday … 6 = Sunday)")
    meeting_drill_weekdays: list = _f([0, 3], "000 §五(二): the morning drill on Mondays and Thursdays (0 = Monday)")
    meeting_drill_start: str = _f("08:30", "000 §五(二): the morning drill 08:30–08:50")
    meeting_drill_end: str = _f("08:50", "000 §五(二): the morning drill 08:30–08:50")
    meeting_departments: list = _f(
        [
            "customer_service",
            "engineering",
            "security",
            "cleaning",
            "greening",
            "general_affairs",
            "finance",
            "quality",
        ],
        "003 篇2 §4.1.2: the departments that meet weekly before the company meeting (dept codes)",
    )
    meeting_assembly_days: int = _f(7, "000 §五(六)2: the staff assembly at month end: within its last N days (ours)")
    meeting_monthly_day: int = _f(
        15, "monthly meetings without a fixed day (forum, inter-department, committee) are planned on this day (ours)"
    )
    meeting_stop_analysis_weekday: int = _f(4, "004 篇3 5.4: the weekly STOP analysis meeting's day (ours: Friday)")
    meeting_start_time: str = _f("09:00", "meetings are planned at this time of day, except the drill (ours)")
    meeting_plan_minutes: int = _f(60, "a planned meeting's length (ours; at most meeting_max_minutes)")
    meeting_due_lookback_days: int = _f(
        7, "`report due` lists cadence meetings missed in the last N days (older ones: the monthly report) (ours)"
    )

    # --- internal channels (SPEC §5) ----------------------------------------------------
    appeal_superior_days: int = _f(7, "003 篇2 §4.3: the direct superior answers within one week")
    appeal_general_affairs_days: int = _f(7, "003 篇2 §4.3: general affairs handles within one week")
    mailbox_survey_month: int = _f(
        12,
        "000 §五(八): a staff needs survey once a year; held by the end of this month (1-12; the month is ours:"
        " the year's end, so the needs feed the next year's plan)",
    )
    info_distribute_workdays: int = _f(
        2,
        "000 §六4: external information is distributed or announced 按时 (on time) after the quality department"
        " collects it; within N working days after it is logged is ours",
    )
    info_report_workdays: int = _f(
        5,
        "000 §六3: urgent information gets its corrective/preventive report 事后 (afterwards); within N working days"
        " after it is logged is ours",
    )
    info_review_weekday: int = _f(
        1,
        "000 §六5, 003 篇2 §4.1.1: a week's entries are reviewed at the weekly meeting, held on this ISO weekday"
        " (1 = Monday) of the week after; a holiday moves it to the next working day (SPEC §8)",
    )
    stop_min_seconds: int = _f(30, "004 篇3 §2.1: observe at least 30 seconds")
    stop_team_min: int = _f(2, "004 篇3 §4.2.3: planned observations by a team of 2–3")
    stop_team_max: int = _f(3, "004 篇3 §4.2.3: planned observations by a team of 2–3")
    stop_manager_cards_per_day: int = _f(
        1, "004 篇3 §5.4.1: each manager (and senior crew, 大班) files this many cards a day (每人每天完成1次)"
    )
    stop_manager_days: str = _f(
        "every",
        "004 篇3 §5.4.1 says every day (每天): 'every'; 'workdays' counts a manager's quota on working days only",
        choices=("every", "workdays"),
    )
    stop_manager_roles: list = _f(
        ["manager", "supervisor"],
        "004 篇3 §5.4.1 管理人员及大班: the registry roles (staff role codes) that file a card every day (ours:"
        " the office manager and the supervisor)",
    )
    stop_quota_counts_random: bool = _f(
        False,
        "004 篇3 §4: only planned cards are statistics, so only they fill a quota; true: a random card fills one"
        " too (ours)",
    )
    stop_recurring_cards: int = _f(
        2,
        "004 篇3 §5.4.2 发生频次高或重复出现: an unsafe category on at least N planned cards of a week recurs and"
        " needs its measure (ours; the seed names no number)",
    )
    stop_measure_days: int = _f(
        7,
        "004 篇3 §5.4.2 每周召开一次分析会: a recurring unsafe category gets its measure within N days after its week"
        " ends (ours: by the next week's analysis)",
    )
    stop_deviation_max_months: int = _f(
        12, "004 篇3 §6.5: an approved deviation lasts at most one year (its last day before the same date N months on)"
    )

    # --- records ------------------------------------------------------------------------
    retention_min_days: int = _f(365, "002 第十条: minimum retention; nothing is purged automatically")

    def __post_init__(self):
        if len(self.visit_band_shares) != len(self.visit_band_limits) + 1:
            raise PolicyError(Msg("err.band_shares"), "visit_band_shares", self.visit_band_shares)
        if list(self.visit_band_limits) != sorted(self.visit_band_limits):
            raise PolicyError(Msg("err.limits_rise"), "visit_band_limits", self.visit_band_limits)
        if not self.visit_categories or len(set(self.visit_categories)) != len(self.visit_categories):
            raise PolicyError(Msg("err.categories_once"), "visit_categories", self.visit_categories)
        if self.sla_normal_hours < 1:
            raise PolicyError(Msg("err.one_hour"), "sla_normal_hours", self.sla_normal_hours)
        for key in ("meeting_company_weekday", "meeting_stop_analysis_weekday", "meeting_drill_weekdays"):
            value = getattr(self, key)
            days = value if isinstance(value, list) else [value]
            if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
                raise PolicyError(Msg("err.policy_weekdays"), key, value)
        if not 1 <= self.meeting_monthly_day <= 28:
            raise PolicyError(Msg("err.policy_range", low=1, high=28), "meeting_monthly_day", self.meeting_monthly_day)
        for key in ("meeting_board_months", "meeting_forum_months"):
            if getattr(self, key) not in (1, 2, 3, 4, 6, 12):
                raise PolicyError(Msg("err.policy_months"), key, getattr(self, key))
        if not 1 <= self.meeting_assembly_days <= 28:
            raise PolicyError(
                Msg("err.policy_range", low=1, high=28), "meeting_assembly_days", self.meeting_assembly_days
            )
        for key in (
            "visit_home_latest",
            "visit_home_earliest",
            "meeting_drill_start",
            "meeting_drill_end",
            "meeting_start_time",
        ):
            hh, _, mm = getattr(self, key).partition(":")
            if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
                raise PolicyError(Msg("err.not_hhmm"), key, getattr(self, key))
        try:
            date.fromisoformat(self.time_earliest)
        except ValueError:
            raise PolicyError(Msg("err.not_yyyymmdd"), "time_earliest", self.time_earliest) from None
        if not 0 <= self.box_open_days <= 366:
            raise PolicyError(Msg("err.range", low=0, high=366), "box_open_days", self.box_open_days)
        if not 1 <= self.mailbox_survey_month <= 12:
            raise PolicyError(Msg("err.month_number"), "mailbox_survey_month", self.mailbox_survey_month)
        if not 1 <= self.info_review_weekday <= 7:
            raise PolicyError(Msg("err.iso_weekday"), "info_review_weekday", self.info_review_weekday)
        for key, low, high in (
            ("stop_team_min", 1, self.stop_team_max),
            ("stop_deviation_max_months", 1, 1200),
            ("stop_recurring_cards", 1, 10000),
            ("stop_manager_cards_per_day", 0, 100),
        ):
            if not low <= getattr(self, key) <= high:
                raise PolicyError(Msg("err.policy_range", low=low, high=high), key, getattr(self, key))
        from commscli.domain.registry import ROLE

        for role in self.stop_manager_roles:
            if role not in ROLE.values:
                raise PolicyError(Msg("err.policy_role", roles=", ".join(ROLE.values)), "stop_manager_roles", role)
        if not 1 <= self.time_years_ahead <= 100:
            raise PolicyError(Msg("err.range", low=1, high=100), "time_years_ahead", self.time_years_ahead)
        for f in fields(self):
            choices = f.metadata.get("choices")
            if choices and getattr(self, f.name) not in choices:
                raise PolicyError(Msg("err.choice", choices=", ".join(choices)), f.name, getattr(self, f.name))

    def to_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT = Policy()

# Fields of capabilities not built yet: shown, loaded and checked, but nothing reads them until their
# issue lands (then its prefix leaves this table).
RESERVED: dict = {}


def reserved(name: str) -> str | None:
    """The capability a reserved field waits for, or None when the field is in use."""
    return next((cap for prefix, cap in RESERVED.items() if name.startswith(prefix)), None)


def rule_text(name: str) -> str:
    """The field's rule and source, marked when it is reserved."""
    f = next(f for f in fields(Policy) if f.name == name)
    cap = reserved(name)
    return f"reserved ({cap}: not built yet): {f.metadata['source']}" if cap else f.metadata["source"]


@dataclass(frozen=True)
class Loaded:
    """A policy with where it came from: the file (or None) and the source of each key."""

    policy: Policy
    path: Path | None
    why: str
    sources: dict

    def source_of(self, name: str) -> str:
        return self.sources.get(name, "default")


def _check_type(name: str, value, default):
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif isinstance(default, list) and default and all(isinstance(v, str) for v in default):
        ok = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    elif isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise PolicyError(Msg("err.must_be_type", type=word("pytype", type(default).__name__)), name, value)
    return value


def from_mapping(data: dict, base: Policy = DEFAULT) -> Policy:
    known = {f.name for f in fields(Policy)}
    changes = {}
    for key, value in data.items():
        if key not in known:
            raise PolicyError(Msg("err.unknown_policy_key"), key, value)
        changes[key] = _check_type(key, value, getattr(base, key))
    return replace(base, **changes)


def choose_path(explicit: str | None, store_path: Path | None) -> tuple[Path | None, str]:
    if explicit:
        return Path(explicit), "--policy"
    env = os.environ.get("COMMSCLI_POLICY")
    if env:
        return Path(env), "COMMSCLI_POLICY"
    if store_path is not None:
        beside = Path(store_path).with_name("policy.toml")
        if beside.exists():
            return beside, "policy.toml beside the store"
    return None, "built-in defaults"


def load(explicit: str | None = None, store_path: Path | None = None) -> Loaded:
    path, why = choose_path(explicit, store_path)
    if path is None:
        return Loaded(DEFAULT, None, why, {})
    import tomllib

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise PolicyError(Msg("err.no_policy_file"), why, str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(Msg("err.bad_toml", why=str(exc)), why, str(path)) from None
    policy = from_mapping(data)
    return Loaded(policy, path, why, {k: str(path) for k in data})


def to_toml(policy: Policy) -> str:
    """A valid override file holding every value (comments name the seed source)."""
    out = []
    for f in fields(Policy):
        value = getattr(policy, f.name)
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, str):
            text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        else:
            text = repr(value)
        out.append(f"# {rule_text(f.name)}\n{f.name} = {text}")
    return "\n".join(out) + "\n"
