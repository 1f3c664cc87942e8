"""The suggestion box: record an opening, what was found and the tickets made from it (002 第四条, 第九条)."""

from commscli.domain import box as rules
from commscli.store import box as q
from commscli.store import records, registry
from commscli.store import tickets as tq


def open_box(store, ctx, office: str, found: int, ticket_ids: list[int], note: str | None, at: str) -> int:
    o = registry.office_by_code(store, office)
    rules.check_found(found)
    ids = list(dict.fromkeys(ticket_ids))
    tickets = [tq.ticket(store, tid) for tid in ids]
    rules.check_tickets(found, at, o["id"], tickets, q.taken(store, ids))
    row = {
        "office_id": o["id"],
        "opened_at": at,
        "found": found,
        "note": (note or "").strip() or None,
        "created_at": at,
        "created_by": ctx.by,
    }
    oid = q.insert_opening(store, row)
    for tid in ids:
        q.insert_link(store, oid, tid)
    records.log(store, ctx, "box_openings", oid, "create", at, after={**row, "ticket_ids": ids})
    return oid
