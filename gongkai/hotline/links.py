"""关联工单: the hotline centre links tickets about the same matter, so whoever handles one sees
the others — a repeat caller, the same problem reported again after 办结, a complaint about how
an earlier ticket was handled. Unlike 合并 (``reception.merge_ticket``) both tickets carry on with
their own handling and clocks, and are counted separately in the rates.

Only the centre's staff link and unlink (they take every call and see the whole history); every
change is logged on both tickets and audited. Readers see a linked ticket only if their scope
includes it (``related_of``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.hotline import permissions
from gongkai.hotline.models import LogKind, Ticket, TicketLink
from gongkai.hotline.services import HotlineError, _log
from gongkai.units.errors import NotAllowed
from gongkai.units.models import User
from gongkai.units.scoping import system_scope

register_actions(
    {
        "hotline.link": "12345工单：关联工单",
        "hotline.unlink": "12345工单：取消关联工单",
    }
)

MAX_NOTE = 200


def can_link(user, ticket: Ticket) -> bool:
    return permissions.is_centre_staff(user, ticket.centre_id)


def _other(number: str) -> Ticket:
    number = (number or "").strip()
    if not number:
        raise HotlineError("请填写要关联的工单编号")
    # The other ticket may sit in another centre's list; the number is what the caller gave.
    with system_scope("a related ticket may sit in another centre's list"):
        other = Ticket.unscoped.filter(number=number).first()
    if other is None:
        raise HotlineError(f"没有编号为 {number[:20]} 的工单")
    return other


def _pair(a: Ticket, b: Ticket) -> tuple[Ticket, Ticket]:
    return (a, b) if a.pk < b.pk else (b, a)


@transaction.atomic
def link_tickets(
    ticket: Ticket, *, number: str, by: User, now: dt.datetime, note: str = ""
) -> TicketLink:
    """关联: link ``ticket`` with the ticket numbered ``number``."""
    if not can_link(by, ticket):
        raise NotAllowed("只有热线中心的工作人员可以关联工单")
    other = _other(number)
    if other.pk == ticket.pk:
        raise HotlineError("不能将工单与自身关联")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise HotlineError(f"关联说明不能超过{MAX_NOTE}字")
    low, high = _pair(ticket, other)
    if TicketLink.unscoped.filter(ticket=low, related=high).exists():
        raise HotlineError(f"工单 {other.number} 已与本工单关联")
    link = TicketLink.unscoped.create(
        ticket=low, related=high, note=note, created_by=by, created_at=now
    )
    for one, two in ((ticket, other), (other, ticket)):
        _log(
            one,
            LogKind.LINK,
            by=by,
            now=now,
            unit=ticket.centre,
            note=note,
            payload={"number": two.number},
        )
    audit.record(
        action="hotline.link",
        by=by,
        unit=ticket.centre,
        obj=ticket,
        after={"related": other.number, "note": note},
        at=now,
    )
    return link


@transaction.atomic
def unlink_tickets(ticket: Ticket, *, number: str, by: User, now: dt.datetime) -> None:
    """取消关联 (a link made by mistake)."""
    if not can_link(by, ticket):
        raise NotAllowed("只有热线中心的工作人员可以取消关联工单")
    other = _other(number)
    low, high = _pair(ticket, other)
    link = TicketLink.unscoped.select_for_update().filter(ticket=low, related=high).first()
    if link is None:
        raise HotlineError(f"工单 {other.number} 未与本工单关联")
    before = {"related": other.number, "note": link.note}
    link.delete()
    for one, two in ((ticket, other), (other, ticket)):
        _log(
            one, LogKind.UNLINK, by=by, now=now, unit=ticket.centre, payload={"number": two.number}
        )
    audit.record(
        action="hotline.unlink", by=by, unit=ticket.centre, obj=ticket, before=before, at=now
    )


@dataclass(frozen=True)
class Related:
    ticket: Ticket
    note: str
    linked_at: dt.datetime


def has_links(ticket: Ticket) -> bool:
    return TicketLink.unscoped.filter(Q(ticket=ticket) | Q(related=ticket)).exists()


def related_of(ticket: Ticket) -> tuple[list[Related], int]:
    """The linked tickets the current scope may see (newest link first), and how many others
    are linked but outside the scope (shown as a count only)."""
    links = list(
        TicketLink.unscoped.filter(Q(ticket=ticket) | Q(related=ticket)).order_by("-created_at")
    )
    other = {(lk.related_id if lk.ticket_id == ticket.pk else lk.ticket_id): lk for lk in links}
    visible = Ticket.objects.filter(pk__in=other).select_related("handling_unit").in_bulk()
    rows = [
        Related(visible[pk], lk.note, lk.created_at) for pk, lk in other.items() if pk in visible
    ]
    return rows, len(other) - len(rows)
