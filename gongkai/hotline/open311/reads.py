"""Public reads of Open311: the service catalogue and de-identified service requests.

GET calls are unauthenticated by design (hotline-portal-cms.md §2.6), so this module decides
what is public: never the caller's name or phone (they are not even selected for output; the
name is only used to mask itself in the text), PII in the text masked, and no 举报 (report of
wrongdoing) ticket at all — a whistle-blower's matter is confidential and answers 404.
Reads are county-wide and deliberately use ``Ticket.unscoped`` (no staff scope applies to the
public), filtered by :func:`public_tickets`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Q

from gongkai.hotline.domain.public import (
    CLOSED,
    OPEN,
    RequestsQuery,
    deidentify,
    format_datetime,
    open311_status,
)
from gongkai.hotline.domain.states import CATEGORY_LABELS, STATE_LABELS, State
from gongkai.hotline.domain.states import Category as Kind
from gongkai.hotline.models import Category, Ticket

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOT_PUBLIC_KINDS = (str(Kind.REPORT),)  # 举报: confidential (whistle-blower protection)


def jurisdictions() -> tuple[str, ...]:
    """Accepted ``jurisdiction_id`` values: the county's web domain and its 行政区划代码."""
    configured = getattr(settings, "GONGKAI_OPEN311_JURISDICTIONS", None)
    return tuple(configured or ("huoqiu.gov.cn", "341522"))


# ---------------------------------------------------------------- services


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    group: str
    keywords: str

    def as_dict(self) -> dict:
        description = f"{self.group}›{self.name}" if self.group != self.name else self.name
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": f"{description}方面的咨询、求助、投诉、建议或表扬",
            "metadata": True,
            "type": "realtime",
            "keywords": self.keywords,
            "group": self.group,
        }


def services() -> list[Service]:
    """Active leaf 诉求分类 as services; ``group`` is the top-level subject."""
    rows = list(Category.objects.filter(is_active=True).select_related("parent"))
    parents = {c.parent_id for c in rows if c.parent_id}
    out = []
    for c in rows:
        if c.pk in parents:
            continue
        if c.parent_id and (c.parent is None or not c.parent.is_active):
            continue
        group = c.parent.name if c.parent_id else c.name
        keywords = ",".join(dict.fromkeys([c.name, group]))
        out.append(Service(c.code, c.name, group, keywords))
    return out


def service_category(code: str) -> Category | None:
    """The active leaf category ``code``: active, under an active parent (or top-level), with no
    active child. POST requests runs it for every ticket, so it is one hand-written statement
    (the ORM's join + exclude compiled to the same SQL at several times the Python cost)."""
    table = connection.ops.quote_name(Category._meta.db_table)
    sql = (
        f"SELECT c.* FROM {table} c LEFT JOIN {table} p ON p.id = c.parent_id "  # noqa: S608
        "WHERE c.code = %s AND c.is_active AND (c.parent_id IS NULL OR p.is_active) "
        f"AND NOT EXISTS (SELECT 1 FROM {table} ch WHERE ch.parent_id = c.id AND ch.is_active)"
    )
    return next(iter(Category.objects.raw(sql, [code])), None)


def service(code: str) -> Service | None:
    return next((s for s in services() if s.code == code), None)


def service_definition(code: str) -> dict:
    """The attributes we accept beyond the core fields: the 诉求类型 (required) and a short
    summary (optional). Content is the core ``description``; location the core location."""
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "请选择诉求类型",
                "order": 1,
                "description": "诉求类型",
                "values": [{"key": str(k), "name": label} for k, label in CATEGORY_LABELS.items()],
            },
            {
                "variable": True,
                "code": "title",
                "datatype": "string",
                "required": False,
                "datatype_description": "不超过100字",
                "order": 2,
                "description": "诉求摘要（一句话概括）",
                "values": [],
            },
        ],
    }


# ---------------------------------------------------------------- requests


def public_tickets():
    return (
        Ticket.unscoped.exclude(kind__in=NOT_PUBLIC_KINDS)
        .select_related("category", "handling_unit", "merged_into")
        .only(
            "number",
            "kind",
            "state",
            "title",
            "content",
            "address",
            "lat",
            "lon",
            "caller_name",
            "caller_phone",
            "anonymous",
            "accepted_at",
            "dispatched_at",
            "signed_at",
            "replied_at",
            "callback_at",
            "returned_at",
            "closed_at",
            "reply_due",
            "category__code",
            "category__name",
            "handling_unit__name",
            "merged_into__number",
        )
    )


def find_requests(query: RequestsQuery) -> tuple[list[Ticket], bool]:
    """One page of public tickets for ``query`` and whether another page follows."""
    rows = public_tickets()
    if query.ids:
        rows = rows.filter(number__in=query.ids)
    else:
        rows = rows.filter(accepted_at__gte=query.start, accepted_at__lte=query.end)
        if query.service_codes:
            rows = rows.filter(category__code__in=query.service_codes)
        if set(query.statuses) == {CLOSED}:
            rows = rows.filter(state=State.CLOSED)
        elif set(query.statuses) == {OPEN}:
            rows = rows.filter(~Q(state=State.CLOSED))
    offset = (query.page - 1) * query.page_size
    page = list(rows.order_by("-accepted_at", "-pk")[offset : offset + query.page_size + 1])
    return page[: query.page_size], len(page) > query.page_size


def find_request(number: str) -> Ticket | None:
    return public_tickets().filter(number=number).first()


SERVICE_NOTICE = "已受理，将转交承办单位办理并在规定时限内答复。"


def as_request(ticket: Ticket, *, today: dt.date) -> dict:
    """A ticket as a GeoReport ``request`` (field order and names of the spec's example)."""
    names = [] if ticket.anonymous else [ticket.caller_name]
    phones = [] if ticket.anonymous else [ticket.caller_phone]
    status = open311_status(ticket.state)
    notes = STATE_LABELS[State(ticket.state)]
    if ticket.merged_into_id:
        notes = f"与工单{ticket.merged_into.number}合并办理"
    times = [
        t
        for t in (
            ticket.accepted_at,
            ticket.dispatched_at,
            ticket.signed_at,
            ticket.replied_at,
            ticket.callback_at,
            ticket.returned_at,
            ticket.closed_at,
        )
        if t is not None
    ]
    updated = ticket.closed_at if status == CLOSED and ticket.closed_at else max(times)
    category = ticket.category
    return {
        "service_request_id": ticket.number,
        "status": status,
        "status_notes": notes,
        "service_name": category.name if category else CATEGORY_LABELS[Kind(ticket.kind)],
        "service_code": category.code if category else "",
        "description": deidentify(ticket.content[:4000], names=names, phones=phones, today=today),
        "agency_responsible": ticket.handling_unit.name if ticket.handling_unit_id else "",
        "service_notice": SERVICE_NOTICE,
        "requested_datetime": format_datetime(ticket.accepted_at, SHANGHAI),
        "updated_datetime": format_datetime(updated, SHANGHAI),
        "expected_datetime": format_datetime(ticket.reply_due, SHANGHAI) or None,
        "address": deidentify(ticket.address, names=names, phones=phones, today=today),
        "address_id": None,
        "zipcode": None,
        "lat": float(ticket.lat) if ticket.lat is not None else None,
        "long": float(ticket.lon) if ticket.lon is not None else None,
        "media_url": None,
    }
