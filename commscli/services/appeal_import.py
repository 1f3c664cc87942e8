"""Historical staff suggestions and appeals (职员提议、申诉表) from a sheet, through the one import loop.

Every person is a staff member of the row's office by name (``staff`` the employee, ``superior`` the direct
superior it was handed to, ``answered_by`` the superior again, ``handled_by`` a member of general affairs);
a staff member who has since left is still named (the record is history). An unknown name is a bad row
naming its column.

The state follows from the step times, as at the desk (domain/appeals.py): the superior's week
(``appeal_superior_days``, 7 calendar days) runs from the day it was handed in; the answer (``answered_at``
with ``answer``) comes after the handing in; a disagreement (``disagreed_at`` with ``disagreement``) after the
answer; general affairs' handling (``handled_at`` with ``handling`` and ``handled_by``) only once the appeal
came to them (disagreed, or not answered within the week) and after the answer or disagreement. General
affairs' week runs from the end of the superior's week, or from the day of a disagreement with an answer
given in time. A step before the one it follows, a step whose earlier step is missing, a text without its
time (or a time without its text): a bad row naming the column. The deadlines and the pending one are
computed and stored as the desk stores them.

Natural key: office + employee + time handed in + kind + text, so a re-import changes nothing; a stored
appeal the file gives other steps is a changed row (listed; exit 3). No form number is given to an imported
appeal (its paper form was numbered when it was handed in).
"""

from datetime import datetime

from commscli import clock
from commscli.domain import appeals as rules
from commscli.domain.fields import Field, local_time, prose, text
from commscli.errors import InputError
from commscli.io import importer
from commscli.labels import Msg, moment
from commscli.store import appeals as q
from commscli.store import registry

STEPS = (  # (time, its text, the time it must not precede)
    ("answered_at", "answer", "submitted_at"),
    ("disagreed_at", "disagreement", "answered_at"),
    ("handled_at", "handling", None),  # after the answer or the disagreement, when there is one
)
COLUMNS = ("answered_at", "answer", "disagreed_at", "disagreement", "handled_at", "handling")


def spec(tz: str) -> tuple:
    when = local_time(tz)

    return (
        Field("office", "管理处", text, required=True),
        Field("kind", "类型", rules.KIND.parse, required=True, aliases=("表单类型",)),
        Field("staff", "当事人", text, required=True, aliases=("提议人", "申诉人", "员工")),
        Field("superior", "直接上级", text, required=True, aliases=("上级",)),
        Field("text", "内容", prose, required=True, aliases=("提议内容", "申诉内容", "事由")),
        Field("submitted_at", "提交时间", when, required=True, aliases=("提交日期",)),
        Field("answered_at", "答复时间", when, aliases=("上级答复时间",)),
        Field("answered_by", "答复人", text),
        Field("answer", "答复", prose, aliases=("答复内容", "上级意见")),
        Field("disagreed_at", "不同意时间", when),
        Field("disagreement", "不同意理由", prose, aliases=("员工意见",)),
        Field("handled_at", "行政处理时间", when, aliases=("处理时间",)),
        Field("handled_by", "处理人", text),
        Field("handling", "处理结果", prose, aliases=("处理意见",)),
    )


class Appeals(importer.Records):
    """The appeal rows of the one import loop (see the module's note)."""

    table = "staff_appeals"

    def columns(self, ctx) -> tuple:
        return spec(ctx.policy.office_timezone)

    def begin(self, store, *, at: str, by: str):
        super().begin(store, at=at, by=by)
        self.staff: dict[int, dict] = {}  # office id → name → (id, role), those who have left too

    def _person(self, store, office_id: int, office: str, name: str | None, field: str) -> dict:
        if office_id not in self.staff:
            self.staff[office_id] = registry.staff_by_name(store, office_id)
        person = self.staff[office_id].get((name or "").strip())
        if person is None:
            raise InputError(Msg("err.not_staff_member", office=office), field, name or "")
        return person

    def key(self, store, r: dict):
        office_id = self.office_ids.get(r["office"])
        if office_id is None:
            raise InputError(Msg("err.no_such_office"), "office", r["office"])
        person = self._person(store, office_id, r["office"], r["staff"], "staff")
        boss = self._person(store, office_id, r["office"], r["superior"], "superior")
        if person["id"] == boss["id"]:
            raise InputError(Msg("err.appeal_own_superior"), "superior", boss["name"])
        p = self.ctx.policy
        for step, said, after in STEPS:
            at = r.get(step)
            if bool(at) != bool(r.get(said)):  # a time without its text, or a text without its time
                raise InputError(Msg("err.required"), step if r.get(said) else said, "")
            if not at:
                continue
            clock.happened(datetime.fromisoformat(at), self.ctx.now, p.future_tolerance_minutes, step)
            if after and not r.get(after):
                raise InputError(Msg("err.appeal_step_missing", step=Msg(f"appeal_step.{_STEP[after]}")), after, "")
            if after and at < r[after]:
                raise InputError(
                    Msg("err.lies_before", what=Msg(f"appeal_step.{_STEP[after]}"), at=moment(r[after])), step, at
                )
        answered_by = None
        if r.get("answered_at"):
            if r.get("answered_by") and r["answered_by"] != boss["name"]:
                self._person(store, office_id, r["office"], r["answered_by"], "answered_by")  # unknown, or:
                raise InputError(Msg("err.appeal_not_superior"), "answered_by", r["answered_by"])
            answered_by = boss["id"]
        elif r.get("answered_by"):
            raise InputError(Msg("err.required"), "answered_at", "")
        answer_due = rules.answer_due(r["submitted_at"], p)
        a = {
            "answer_due": answer_due,
            "ga_due": rules.general_affairs_due(answer_due, p),
            "answered_at": r.get("answered_at"),
            "disagreed_at": None,
        }
        if r.get("disagreed_at"):
            # as services/appeals.disagree: general affairs' week starts that day unless it is theirs already
            if not rules.escalated(a, r["disagreed_at"]):
                a["ga_due"] = rules.general_affairs_due(r["disagreed_at"], p)
            a["disagreed_at"] = r["disagreed_at"]
        handled_by = None
        if r.get("handled_at"):
            handler = self._person(store, office_id, r["office"], r.get("handled_by"), "handled_by")
            if handler["role"] != rules.GENERAL_AFFAIRS:
                raise InputError(Msg("err.appeal_not_general_affairs"), "handled_by", handler["name"])
            if not rules.escalated(a, r["handled_at"]):
                raise InputError(
                    Msg("err.appeal_not_escalated", due=rules.when(answer_due)), "handled_at", r["handled_at"]
                )
            since = r.get("disagreed_at") or r.get("answered_at")
            if since and r["handled_at"] < since:
                step = "disagreed" if r.get("disagreed_at") else "answered"
                raise InputError(
                    Msg("err.lies_before", what=Msg(f"appeal_step.{step}"), at=moment(since)),
                    "handled_at",
                    r["handled_at"],
                )
            handled_by = handler["id"]
        elif r.get("handled_by"):
            raise InputError(Msg("err.required"), "handled_at", "")
        # the pending deadline as the desk leaves it after the last step
        if r.get("handled_at"):
            open_due = None
        elif r.get("disagreed_at"):
            open_due = a["ga_due"]
        elif r.get("answered_at"):
            open_due = a["ga_due"] if not rules.on_time(r["answered_at"], answer_due) else None
        else:
            open_due = answer_due
        row = dict(
            office_id=office_id,
            kind=r["kind"],
            staff_id=person["id"],
            superior_id=boss["id"],
            text=r["text"],
            submitted_at=r["submitted_at"],
            answer_due=answer_due,
            ga_due=a["ga_due"],
            answered_at=r.get("answered_at"),
            answered_by=answered_by,
            answer=r.get("answer"),
            disagreed_at=r.get("disagreed_at"),
            disagreement=r.get("disagreement"),
            handled_at=r.get("handled_at"),
            handled_by=handled_by,
            handling=r.get("handling"),
            open_due=open_due,
            created_at=self.at,
            created_by=self.by,
        )
        r.clear()
        r["_row"] = row
        return (office_id, person["id"], row["submitted_at"], row["kind"], row["text"])

    def lookup(self, store, keys: list) -> dict:
        return q.appeals_by_key(store, keys)

    def changes(self, store, stored, r: dict, key, present: set) -> dict:
        row = r["_row"]
        names = [n for n in COLUMNS if n in present] + [n for n in ("answered_by", "handled_by") if n in present]
        return {n: (stored.get(n), row[n]) for n in names if stored.get(n) != row[n]}

    def values(self, store, r: dict, key) -> dict:
        return r["_row"]

    def write(self, store, rows: list) -> tuple:
        return registry.insert_many(store, "staff_appeals", rows)


_STEP = {"submitted_at": "submitted", "answered_at": "answered", "disagreed_at": "disagreed"}


run = Appeals.run
