"""The service guide: keep the office's services and prices (add, correct, retire), find the one a quote names,
and gather the guide's contents (服务指南, 004; 001 §2.2)."""

from commscli.domain import guide as rules
from commscli.errors import InputError, NotFound
from commscli.labels import Msg
from commscli.services import required_reason
from commscli.store import guide as q
from commscli.store import records, registry


def _columns(values: dict) -> dict:
    out = dict(values)
    if out.get("price_fen") == 0:
        out["unit"] = None  # free: no unit
    return out


def add(store, ctx, office: str, values: dict, at: str) -> int:
    """One service of the office's price list (``values`` cleaned by domain.guide.SERVICE), with its event."""
    o = registry.office_by_code(store, office)
    row = _columns(values)
    if q.service_named(store, o["id"], row["name"]):
        raise InputError(Msg("err.service_exists"), "NAME", row["name"])
    if row["price_fen"] and not row.get("unit"):
        raise InputError(Msg("err.service_unit"), "--unit", "")
    row.update(office_id=o["id"], created_at=at, created_by=ctx.by)
    sid = q.insert_service(store, row)
    records.log(store, ctx, "guide_services", sid, "create", at, after={k: v for k, v in row.items() if v is not None})
    return sid


def update(store, ctx, service_id: int, changes: dict, reason: str | None, at: str) -> dict:
    """Correct a service (its price, hours, phone …): a reason is required; the event keeps before and after."""
    reason = required_reason(reason)
    s = q.service(store, service_id)
    if s["retired_at"]:
        raise InputError(Msg("err.service_retired"), "ID", service_id)
    row = _columns(changes)
    if "name" in row and row["name"] != s["name"] and q.service_named(store, s["office_id"], row["name"]):
        raise InputError(Msg("err.service_exists"), "--name", row["name"])
    price = row.get("price_fen", s["price_fen"])
    if price and not row.get("unit", s["unit"]):
        raise InputError(Msg("err.service_unit"), "--unit", "")
    return records.correct(store, ctx, "guide_services", service_id, row, at, reason=reason)


def retire(store, ctx, service_id: int, reason: str | None, at: str) -> dict:
    """A service no longer offered leaves the guide; it is kept, with why (never deleted)."""
    reason = required_reason(reason)
    s = q.service(store, service_id)
    if s["retired_at"]:
        raise InputError(Msg("err.service_retired"), "ID", service_id)
    return records.correct(
        store,
        ctx,
        "guide_services",
        service_id,
        {"retired_at": at, "retire_reason": reason},
        at,
        reason=reason,
        action="retire",
    )


def find(store, office_id: int, given: str) -> dict:
    """``--service NAME|ID``: the office's service in force of that name, else the service of that id."""
    given = (given or "").strip()
    found = q.service_named(store, office_id, given)
    if found:
        return found
    if given.isdigit():
        return q.service(store, given)
    raise NotFound(Msg("err.no_such", noun=Msg("noun.service")), "--service", given)


def guide(store, office: str, lang: str = "zh") -> dict:
    """What the printed guide shows: the office (name, address, phone), its services in force and the date of
    the list's last change."""
    o = registry.office_by_code(store, office)
    rows = q.services(store, office)
    return {
        "office": o,
        "services": [{**s, "price_text": rules.price_text(s["price_fen"], s["unit"], lang)} for s in rows],
        "updated": q.last_change(store, o["id"]),
    }
