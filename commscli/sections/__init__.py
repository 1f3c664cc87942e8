"""Report contributors: each capability adds one module name to SECTIONS.

A module offers ``monthly_section(store, period, ctx) -> Section`` and
``due_items(store, day, ctx) -> list[DueItem]``; it reads through ``commscli.store``
and decides through ``commscli.domain``. ``report monthly`` and ``report due`` only gather.
"""

from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module

from commscli.context import Context
from commscli.domain.reports import Report, classify

SECTIONS = [
    "commscli.sections.registry",
    "commscli.sections.tickets",
    "commscli.sections.visits",
]


def modules():
    return [import_module(name) for name in SECTIONS]


def monthly(store, period, ctx: Context, offices: list) -> Report:
    from commscli.clock import fmt

    report = Report(kind="monthly", title="report.monthly", period=period.name, generated_at=fmt(ctx.now),
                    offices=offices)
    for mod in modules():
        report.sections.append(mod.monthly_section(store, period, ctx))
    return report


def due(store, day: date, ctx: Context, offices: list, horizon_days: int = 3) -> Report:
    from commscli.clock import fmt

    from datetime import datetime, time

    from dataclasses import replace
    from datetime import date as date_, timedelta

    # the reference moment: now when the list is for today, else the start of that day
    ref = ctx.now if day == ctx.now.date() else datetime.combine(day, time(), tzinfo=ctx.now.tzinfo)
    try:
        end = day + timedelta(days=horizon_days + 1)
    except OverflowError:
        end = date_.max
    ctx = replace(ctx, horizon=fmt(datetime.combine(end, time(), tzinfo=ctx.now.tzinfo)))
    items = []
    for mod in modules():
        items.extend(classify(i, day, horizon_days, fmt(ref)) for i in mod.due_items(store, day, ctx))
    items = [i for i in items if i.state != "later"]
    items.sort(key=lambda i: (i.due, i.what, i.record))
    return Report(kind="due", title="report.due", period=day.isoformat(), generated_at=fmt(ctx.now),
                  offices=offices, due=items)
