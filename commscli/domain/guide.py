"""The service guide and its price list (服务指南, 004; 001 §2.2: 有偿服务的收费标准明码标价): the rules.

A price is kept in fen (分), a whole number, so that a quote compares with the list exactly; 0 is free (免费).
"""

import re

from commscli.domain.fields import Field, text
from commscli.errors import InputError
from commscli.labels import Msg

MAX_YUAN = 1_000_000  # as ticket quote: 0 to 1,000,000 yuan
FREE_WORDS = {"免费", "free", "无偿", "不收费"}
_PRICE = re.compile(r"^(?:¥|￥)?\s*(\d{1,7})(?:\.(\d{1,2}))?\s*(?:元)?$")


def price_fen(value, field: str = "--price") -> int:
    """``免费`` / ``free`` / ``0`` → 0; ``50`` / ``50.5`` / ``¥50.00`` / ``50元`` → fen; else InputError."""
    raw = str(value).strip()
    if raw.lower() in FREE_WORDS:
        return 0
    m = _PRICE.match(raw)
    if not m:
        raise InputError(Msg("err.price"), field, value)
    fen = int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    if fen > MAX_YUAN * 100:
        raise InputError(Msg("err.price"), field, value)
    return fen


def yuan(fen: int) -> float:
    return fen / 100


def price_text(fen: int, unit: str | None, lang: str = "zh") -> str:
    """``50 元/次``, ``12.50 元/小时``, ``免费`` / ``free``."""
    if not fen:
        return "免费" if lang == "zh" else "free"
    amount = f"{fen // 100}" if fen % 100 == 0 else f"{fen / 100:.2f}"
    per = f"/{unit}" if unit else ""
    return f"{amount} 元{per}" if lang == "zh" else f"{amount} yuan{per}"


def off_list(quoted_yuan: float, list_fen: int) -> bool:
    """A quote differs from the price list when it differs by a fen or more."""
    return round(quoted_yuan * 100) != list_fen


def check_quote_service(service: dict, ticket: dict, price: float, reason: str | None) -> tuple[bool, str | None]:
    """The quote names a service of the ticket's office, in force; a price off the list needs a reason.
    Returns (off the list?, the reason stripped)."""
    if service["office_id"] != ticket["office_id"]:
        raise InputError(Msg("err.service_other_office"), "--service", service["name"])
    if service["retired_at"]:
        raise InputError(Msg("err.service_retired"), "--service", service["name"])
    off = off_list(price, service["price_fen"])
    why = (reason or "").strip() or None
    if off and not why:
        from commscli.labels import Both

        listed = Both(*(price_text(service["price_fen"], service["unit"], lang) for lang in ("zh", "en")))
        raise InputError(Msg("err.price_off_list", listed=listed), "--reason", "")
    return off, why


def unit_text(value, field):
    return text(value, field, 20)


# A service's text fields (its price is parsed by price_fen, naming --price).
SERVICE = (
    Field("name", "服务项目", text, required=True, aliases=("名称", "项目")),
    Field("hours", "服务时间", text, aliases=("时间",)),
    Field("phone", "联系电话", text, aliases=("电话",)),
    Field("unit", "单位", unit_text, aliases=("计价单位",)),
    Field("note", "备注", text),
)
