"""The one context that services and report sections work in.

A command builds it once (``Env.ctx()`` in cli/common.py): the policy in force, the working-day calendar,
now, and who acts (``by``; None where nothing is written, as in a report). Report sections also read which
office (``office``), how far ahead `report due` looks (``horizon``) and whether names and phones show
(``show_personal``).
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Context:
    policy: object
    calendar: object
    now: datetime
    office: str | None = None  # one office's figures only, when given
    horizon: str | None = None  # `report due`: list what falls due before this time (exclusive), and all past
    show_personal: bool = False  # names and phones unmasked (--show-personal); masked by default
    by: str | None = None  # who acts: every event names them (records.log); None where nothing is written

    @property
    def recorded_at(self) -> str:
        from commscli.clock import fmt

        return fmt(self.now)
