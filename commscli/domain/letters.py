"""The letters register (函件往来, 002 第四条; 002 第九条3: 重要的书面沟通材料应留存正本或复印件): the rules."""

from datetime import date

from commscli.errors import InputError
from commscli.labels import Msg

DIRECTIONS = ("in", "out")
PARTY_OPTION = {"in": "--from", "out": "--to"}


def check_dated(dated: date, today: date) -> str:
    """A letter is dated at the latest today (one received or sent; a draft is not registered)."""
    if dated > today:
        raise InputError(Msg("err.letter_future"), "--date", dated.isoformat())
    return dated.isoformat()


def check_text(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InputError(Msg("err.required"), field, "")
    return value
