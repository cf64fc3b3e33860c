"""受理 (intake) of the 12345 hotline: ticket numbers, the clock limits a new ticket is accepted
under, the operator's intake and 合并 of a duplicate just accepted.

Split from ``services`` (the transitions after 受理), whose helpers it uses; the citizen-side
intake (portal, Open311) is ``citizen``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.hotline import permissions
from gongkai.hotline.domain import clocks
from gongkai.hotline.domain.routing import normalize_phone
from gongkai.hotline.domain.states import Category as Kind
from gongkai.hotline.domain.states import Event, State, TransitionError
from gongkai.hotline.models import (
    Category,
    Channel,
    ClockParameters,
    ClockSetting,
    LogKind,
    Ticket,
    TicketSequence,
)
from gongkai.hotline.services import (
    CENTRE_ONLY,
    HotlineError,
    K,
    _copy_back,
    _lock,
    _log,
    masked_caller,
    phone_digest,
    snapshot,
)
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Unit, User
from gongkai.workdays.calendar import get_calendar


def current_policy_snapshot(kind: Kind | str, urgent: bool) -> dict:
    """The limits for a new ticket of ``kind``/``urgent`` from the settings tables (defaults
    from ``DEFAULT_POLICY`` where a row is missing).

    One hand-written statement reads both tables: every intake runs it, and the two ORM reads
    it replaces took about a seventh of an API intake's server time in a profile. Not cached:
    an edit in 时限设置 must apply to the very next ticket, in every server process.
    """
    p = clocks.DEFAULT_POLICY
    setting = connection.ops.quote_name(ClockSetting._meta.db_table)
    params = connection.ops.quote_name(ClockParameters._meta.db_table)
    sql = (
        "SELECT s.sign_workdays, s.sign_hours, s.reply_workdays, s.reply_hours, "  # noqa: S608
        "s.callback_workdays, s.callback_hours, p.max_extensions, p.remind_workdays, "
        "p.supervise_after_workdays, p.work_start, p.work_end "
        f"FROM (SELECT 1 AS one) AS k LEFT JOIN {setting} s ON s.kind = %s AND s.urgent = %s "
        f"LEFT JOIN {params} p ON p.id = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [str(kind), bool(urgent)])
        row = cursor.fetchone()
    if row[0] is not None:
        sign, reply, callback = (clocks.Limit(workdays=row[i], hours=row[i + 1]) for i in (0, 2, 4))
    else:
        sign = p.urgent_sign_for if urgent else p.sign_for
        reply, callback = p.reply_limit(Kind(kind), urgent), p.callback
    has_params = row[6] is not None
    return {
        "sign": [sign.workdays, sign.hours],
        "reply": [reply.workdays, reply.hours],
        "callback": [callback.workdays, callback.hours],
        "max_extensions": row[6] if has_params else p.max_extensions,
        "remind_workdays": row[7] if has_params else p.remind_workdays,
        "supervise_after_workdays": row[8] if has_params else p.supervise_after_workdays,
        "work_start": _time(row[9]).isoformat("minutes")
        if has_params
        else p.work_start.isoformat("minutes"),
        "work_end": _time(row[10]).isoformat("minutes")
        if has_params
        else p.work_end.isoformat("minutes"),
    }


def _time(value) -> dt.time:
    """A TIME column as read raw: a ``time`` on PostgreSQL, text ("08:30:00") on SQLite."""
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))


def next_number(day: dt.date) -> str:
    """20261126-0001: the next daily number, unique under concurrency.

    One upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING, PostgreSQL and SQLite ≥ 3.35)
    creates the day's row or increments it and returns the value, in one round trip instead of
    select-for-update, read and write. Inside a transaction the row stays locked until it ends,
    so concurrent intakes queue on it; in autocommit (``citizen.allocate_number``) only while
    the statement runs. A number already taken (tickets written in bulk, e.g. the demo) is
    skipped.
    """
    table = connection.ops.quote_name(TicketSequence._meta.db_table)
    sql = (
        f"INSERT INTO {table} (day, last_value) VALUES (%s, 1) "  # noqa: S608 (fixed name)
        "ON CONFLICT (day) DO UPDATE SET last_value = " + table + ".last_value + 1 "
        "RETURNING last_value"
    )
    with connection.cursor() as cursor:
        while True:
            cursor.execute(sql, [day])
            candidate = f"{day:%Y%m%d}-{cursor.fetchone()[0]:04d}"
            if not Ticket.unscoped.filter(number=candidate).exists():
                return candidate


def coordinate(value, low: int, high: int, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise HotlineError(f"{label}格式有误") from exc
    if not low <= number <= high:
        raise HotlineError(f"{label}应在 {low} 至 {high} 之间（WGS84）")
    return number


def intake(
    *,
    by: User,
    channel: Channel | str,
    kind: Kind | str,
    content: str,
    now: dt.datetime,
    centre: Unit | None = None,
    title: str = "",
    category: Category | None = None,
    caller_name: str = "",
    caller_phone: str = "",
    anonymous: bool = False,
    address: str = "",
    lat=None,
    lon=None,
    urgent: bool = False,
) -> Ticket:
    """受理: an operator records a call or message; the ticket gets its number and clock limits."""
    try:
        channel, kind = Channel(channel), Kind(kind)
    except ValueError as exc:
        raise HotlineError("来源渠道或诉求类型有误") from exc
    if centre is None:
        centres = sorted(permissions.centre_units(by))
        if len(centres) != 1:
            raise NotAllowed("只有12345热线中心的话务员可以受理工单")
        centre = Unit.unscoped.get(pk=centres[0])
    if not permissions.is_centre_staff(by, centre.pk):
        raise NotAllowed("只有12345热线中心的话务员可以受理工单")
    content, title = (content or "").strip(), (title or "").strip()
    caller_name, caller_phone = (caller_name or "").strip(), (caller_phone or "").strip()
    if not content:
        raise HotlineError("请填写诉求内容")
    if len(title) > 100:
        raise HotlineError("诉求摘要不能超过100字")
    if anonymous and (caller_name or caller_phone):
        raise HotlineError("匿名诉求不登记来电人姓名和电话")
    if caller_phone and not 5 <= len(normalize_phone(caller_phone)) <= 15:
        raise HotlineError("联系电话格式有误")
    if (lat in (None, "")) != (lon in (None, "")):
        raise HotlineError("经纬度须同时填写")
    lat_value = coordinate(lat, -90, 90, "纬度")
    lon_value = coordinate(lon, -180, 180, "经度")
    if category is not None and not category.is_active:
        raise HotlineError("该诉求分类已停用")
    if now.tzinfo is None:
        raise HotlineError("时间须带时区")
    accept = Event(K.ACCEPT, now, category=kind, urgent=urgent)
    with transaction.atomic():
        policy = current_policy_snapshot(kind, urgent)
        ticket = Ticket(
            number=next_number(timezone.localdate(now)),
            centre=centre,
            channel=channel,
            anonymous=anonymous,
            caller_name=caller_name,
            caller_phone=caller_phone,
            phone_digest=phone_digest(caller_phone) if caller_phone else "",
            kind=kind,
            category=category,
            title=title,
            content=content,
            address=(address or "").strip()[:200],
            lat=lat_value,
            lon=lon_value,
            urgent=urgent,
            state=State.ACCEPTED,
            policy=policy,
            accepted_at=now,
            accepted_by=by,
        )
        try:
            clocks.check_next([], accept, get_calendar(), ticket.clock_policy)
        except TransitionError as exc:
            raise HotlineError(str(exc)) from exc
        ticket.save()
        _log(
            ticket,
            K.ACCEPT,
            by=by,
            now=now,
            unit=centre,
            payload={"kind": str(kind), "urgent": urgent},
        )
        audit.record(
            action=f"hotline.{K.ACCEPT}",
            by=by,
            unit=centre,
            obj=ticket,
            after=snapshot(ticket) | masked_caller(ticket) | {"channel": str(channel)},
            at=now,
        )
    return ticket


@transaction.atomic
def merge_ticket(
    ticket: Ticket, *, into: Ticket, by: User, now: dt.datetime, note: str = ""
) -> Ticket:
    """合并: a duplicate just accepted is closed into the earlier ticket, which carries on."""
    if ticket.pk == into.pk:
        raise HotlineError("不能将工单合并到自身")
    locked = _lock(ticket)
    target = _lock(into)
    if not permissions.is_centre_staff(by, locked.centre_id):
        raise NotAllowed(CENTRE_ONLY)
    if locked.merged_into_id:
        raise HotlineError("该工单已合并")
    if locked.state != State.ACCEPTED:
        raise HotlineError("只有刚受理、尚未派单或答复的工单可以合并")
    if target.merged_into_id:
        raise HotlineError(f"工单{target.number}本身已合并至其他工单，请合并到主工单")
    before = snapshot(locked)
    locked.merged_into = target
    locked.state = State.CLOSED
    locked.closed_at = now
    locked.save(update_fields=["merged_into", "state", "closed_at"])
    _log(
        locked,
        LogKind.MERGE,
        by=by,
        now=now,
        unit=locked.centre,
        note=(note or "").strip(),
        payload={"into": target.number},
    )
    _log(
        target,
        LogKind.MERGE,
        by=by,
        now=now,
        unit=locked.centre,
        note=f"合并重复工单{locked.number}",
        payload={"merged": locked.number},
    )
    audit.record(
        action="hotline.merge",
        by=by,
        unit=locked.centre,
        obj=locked,
        before=before,
        after=snapshot(locked) | {"merged_into": target.number},
        reason=note,
        at=now,
    )
    _copy_back(ticket, locked)
    return ticket
