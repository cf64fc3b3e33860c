"""Writes made by citizens and API clients: intake from the Open311 API and the portal, and
the online satisfaction rating.

Why not :func:`gongkai.hotline.reception.intake`: it is the operator's 受理 and checks that
``by`` works for the centre. A citizen or an API client is no staff user, so these functions
authorise the *source* instead (an active API key; the portal's captcha and rate limit, checked
by the view) and record the source as the actor in the audit log ("Open311客户端：…",
"市民（网上）"). Everything else is the same 受理: the number from
:func:`reception.next_number`, the clock snapshot, the ACCEPT event, the audit entry with masked
caller data, in one transaction. (Integrator: reception.intake could be split into a permission
check and this shared body; see ``_build``/``_persist``.)

The online rating (网上评价) is the citizen's own 回访: the same CALLBACK transition as
:func:`services.record_callback`, allowed only while the ticket awaits its callback and only to
someone who knows the ticket number and the last 4 digits of the caller's phone.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.hotline import reception, services
from gongkai.hotline.api_models import API_CHANNELS, ApiClient, ApiSubmission
from gongkai.hotline.domain import clocks
from gongkai.hotline.domain.public import MAX_DESCRIPTION, phone_tail_matches
from gongkai.hotline.domain.routing import normalize_phone
from gongkai.hotline.domain.states import Category as Kind
from gongkai.hotline.domain.states import (
    Event,
    EventKind,
    Satisfaction,
    State,
    TransitionError,
)
from gongkai.hotline.models import Category, Channel, Ticket
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Membership, Unit
from gongkai.units.roles import Role
from gongkai.workdays.calendar import get_calendar

HotlineError = services.HotlineError
PORTAL_ACTOR = "市民（网上提交）"
RATING_ACTOR = "市民（网上评价）"

SERVICE_NOTICE = (
    "您的诉求已受理，工单编号为{number}。热线中心将按照诉求类型在规定时限内转交承办单位办理"
    "（咨询类一般3个工作日、其他类一般10个工作日内答复），可凭工单编号和手机号后四位在"
    "“12345网上查询”查看办理进度并进行满意度评价。"
)


def hotline_centre() -> Unit | None:
    """The centre that receives portal submissions: ``GONGKAI_HOTLINE_CENTRE`` (a unit code) if
    set, else the unit where the 话务员 work (the first by id, when there are several)."""
    code = getattr(settings, "GONGKAI_HOTLINE_CENTRE", "")
    if code:
        return Unit.unscoped.filter(code=code, is_active=True).first()
    membership = (
        Membership.unscoped.filter(role=str(Role.HOTLINE_OPERATOR), ended_on__isnull=True)
        .order_by("unit_id")
        .select_related("unit")
        .first()
    )
    return membership.unit if membership is not None else None


def _build(
    *,
    centre: Unit,
    channel: Channel,
    kind: Kind | str,
    content: str,
    now: dt.datetime,
    category: Category | None,
    title: str,
    caller_name: str,
    caller_phone: str,
    address: str,
    lat,
    lon,
) -> Ticket:
    """The validated, unsaved ticket of a matter that arrived without an operator (reads only;
    :func:`_persist` writes it)."""
    try:
        kind = Kind(kind)
    except ValueError as exc:
        raise HotlineError("诉求类型有误") from exc
    content, title = (content or "").strip(), (title or "").strip()
    caller_name, caller_phone = (caller_name or "").strip(), (caller_phone or "").strip()
    if not content:
        raise HotlineError("请填写诉求内容")
    if len(content) > MAX_DESCRIPTION:
        raise HotlineError(f"诉求内容不能超过{MAX_DESCRIPTION}字")
    if len(title) > 100:
        raise HotlineError("诉求摘要不能超过100字")
    if len(caller_name) > 40:
        raise HotlineError("姓名不能超过40字")
    if caller_phone and not 5 <= len(normalize_phone(caller_phone)) <= 15:
        raise HotlineError("联系电话格式有误")
    if (lat in (None, "")) != (lon in (None, "")):
        raise HotlineError("经纬度须同时填写")
    lat_value = reception.coordinate(lat, -90, 90, "纬度")
    lon_value = reception.coordinate(lon, -180, 180, "经度")
    if category is not None and not category.is_active:
        raise HotlineError("该诉求分类已停用")
    if now.tzinfo is None:
        raise HotlineError("时间须带时区")
    anonymous = not (caller_name or caller_phone)
    ticket = Ticket(
        number="",
        centre=centre,
        channel=channel,
        anonymous=anonymous,
        caller_name=caller_name,
        caller_phone=caller_phone,
        phone_digest=services.phone_digest(caller_phone) if caller_phone else "",
        kind=kind,
        category=category,
        title=title,
        content=content,
        address=(address or "").strip()[:200],
        lat=lat_value,
        lon=lon_value,
        urgent=False,  # urgency is the operator's call, never the submitter's
        state=State.ACCEPTED,
        policy=reception.current_policy_snapshot(kind, False),
        accepted_at=now,
        accepted_by=None,
    )
    try:
        clocks.check_next(
            [], Event(EventKind.ACCEPT, now, category=kind), get_calendar(), ticket.clock_policy
        )
    except TransitionError as exc:
        raise HotlineError(str(exc)) from exc
    return ticket


def _persist(ticket: Ticket, *, actor: str, now: dt.datetime) -> Ticket:
    """受理: number (unless allocated before), ticket, ACCEPT event, audit entry. Must run
    inside a transaction; the daily counter row stays locked until it commits."""
    centre, channel, kind = ticket.centre, ticket.channel, ticket.kind
    if not ticket.number:
        ticket.number = reception.next_number(timezone.localdate(now))
    ticket.save()
    services._log(
        ticket,
        EventKind.ACCEPT,
        by=None,
        now=now,
        unit=centre,
        note=actor,
        payload={"kind": str(kind), "urgent": False, "source": str(channel)},
    )
    audit.record(
        action=f"hotline.{EventKind.ACCEPT}",
        by=actor,
        unit=centre,
        obj=ticket,
        after=services.snapshot(ticket)
        | services.masked_caller(ticket)
        | {"channel": str(channel)},
        at=now,
    )
    return ticket


def allocate_number(now: dt.datetime) -> str:
    """The ticket number, taken in autocommit before the intake's transaction.

    Why: inside a transaction the daily counter row stays locked from ``next_number`` until
    commit, so every intake waits for the one before it. In autocommit the upsert is its own
    transaction and the row is locked only while PostgreSQL executes that one statement, never
    while a Python thread waits for the GIL to send the next one (under 50 concurrent API
    clients a lock held across two round trips capped intake at ≈ 100 tickets/s with the CPUs
    half idle). The price is a gap in the day's sequence if the intake itself then fails, which
    only a database error can cause here (the input was validated before): numbers stay unique
    and are never reused.
    """
    return reception.next_number(timezone.localdate(now))


def submit_via_api(
    *,
    client: ApiClient,
    kind: Kind | str,
    content: str,
    now: dt.datetime,
    category: Category | None = None,
    title: str = "",
    caller_name: str = "",
    caller_phone: str = "",
    address: str = "",
    lat=None,
    lon=None,
) -> tuple[Ticket, ApiSubmission]:
    """POST requests (Open311): a ticket on the client's channel (微信/App) at its centre."""
    if not client.is_active or client.channel not in API_CHANNELS:
        raise NotAllowed("API 密钥已停用")
    actor = f"Open311客户端：{client.name}"
    ticket = _build(
        centre=client.centre,
        channel=Channel(client.channel),
        kind=kind,
        content=content,
        now=now,
        category=category,
        title=title,
        caller_name=caller_name,
        caller_phone=caller_phone,
        address=address,
        lat=lat,
        lon=lon,
    )
    if connection.vendor != "sqlite":
        # SQLite serialises every writer anyway; there a second write transaction per intake
        # only adds a second wait for the database lock.
        ticket.number = allocate_number(now)
    with transaction.atomic():
        _persist(ticket, actor=actor, now=now)
        submission = ApiSubmission.objects.create(
            token=secrets.token_hex(16), client=client, ticket=ticket, created_at=now
        )
    return ticket, submission


def submit_via_portal(
    *,
    centre: Unit,
    kind: Kind | str,
    content: str,
    now: dt.datetime,
    category: Category | None = None,
    title: str = "",
    caller_name: str = "",
    caller_phone: str = "",
    address: str = "",
) -> Ticket:
    """网上提交 on the portal (channel 网站); the view has checked the captcha and rate limit."""
    with transaction.atomic():
        ticket = _build(
            centre=centre,
            channel=Channel.WEB,
            kind=kind,
            content=content,
            now=now,
            category=category,
            title=title,
            caller_name=caller_name,
            caller_phone=caller_phone,
            address=address,
            lat=None,
            lon=None,
        )
        return _persist(ticket, actor=PORTAL_ACTOR, now=now)


def can_rate(ticket: Ticket) -> bool:
    """The citizen may rate online while the accepted reply awaits its callback (once: the
    rating is the CALLBACK event, which leaves that state)."""
    return ticket.state == State.AWAITING_CALLBACK and not ticket.merged_into_id


def rate_online(
    ticket: Ticket,
    *,
    phone_tail: str,
    satisfaction: Satisfaction | str,
    resolved: bool | None,
    now: dt.datetime,
    note: str = "",
) -> Ticket:
    """网上评价: the citizen's satisfaction (满意/基本满意/不满意) and whether the matter was
    resolved, recorded as the ticket's 回访. 不满意 goes to the centre as with a phone callback."""
    try:
        satisfaction = Satisfaction(satisfaction)
    except ValueError as exc:
        raise HotlineError("请选择满意、基本满意或不满意") from exc
    if resolved is None:
        raise HotlineError("请选择诉求是否已解决")
    note = (note or "").strip()[:500]

    def allowed(by, locked: Ticket) -> bool:
        return not locked.anonymous and phone_tail_matches(locked.caller_phone, phone_tail)

    if not can_rate(ticket):
        raise HotlineError("该工单当前不在待评价状态，不能评价或已评价过")
    return services._transition(
        ticket,
        EventKind.CALLBACK,
        by=RATING_ACTOR,
        now=now,
        allowed=allowed,
        refusal="工单编号或手机号后四位不正确",
        note=note,
        step=lambda t: services._Step(
            {"satisfaction": str(satisfaction), "resolved": resolved, "callback_note": note},
            {"online": True},
        ),
        event_fields={"satisfaction": satisfaction, "resolved": resolved},
    )
