"""Application services: one function per user action, composing store queries and domain rules.

No typer, no rich, no SQL: the CLI parses and prints, the store reads and writes, the
domain decides, and these functions put the three together inside the caller's transaction.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Ctx:
    policy: object
    calendar: object
    now: datetime
    by: str

    @property
    def recorded_at(self) -> str:
        from commscli.clock import fmt

        return fmt(self.now)
