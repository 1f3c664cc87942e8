"""The suggestion box (意见箱, 002 第四条: set up in the public area and opened and sorted regularly): the rules of
an opening and when the next one is due. How often is ours (policy ``box_open_days``; the seed names no interval)."""

from datetime import datetime, timedelta

from commscli.errors import InputError, RuleError
from commscli.labels import Msg

MAX_FOUND = 10_000


def check_found(found: int) -> int:
    if not isinstance(found, int) or not 0 <= found <= MAX_FOUND:
        raise InputError(Msg("err.box_found"), "--found", found)
    return found


def check_tickets(found: int, opened_at: str, office_id: int, tickets: list[dict], taken: dict) -> None:
    """Each ticket named was made from what was found: of the box's office, come by the suggestion box, reported
    at or after the opening, not already from another opening; no more tickets than items found."""
    if len(tickets) > found:
        raise InputError(Msg("err.box_more_tickets", found=found), "--ticket", len(tickets))
    for t in tickets:
        if t["office_id"] != office_id:
            raise InputError(Msg("err.other_office"), "--ticket", t["id"])
        if t["channel"] != "suggestion_box":
            raise RuleError(Msg("err.box_not_box_ticket"), "--ticket", t["id"])
        if t["reported_at"] < opened_at:
            raise RuleError(Msg("err.box_ticket_before"), "--ticket", t["id"])
        if t["id"] in taken:
            raise RuleError(Msg("err.box_ticket_taken", opening=taken[t["id"]]), "--ticket", t["id"])


def next_due(last_opened: str, days: int) -> str | None:
    """The box is opened again within ``days`` of the last opening; 0: no interval kept (no due item)."""
    if not days:
        return None
    return (datetime.fromisoformat(last_opened) + timedelta(days=days)).isoformat()
