"""Writes of the 12345 hotline: intake, merge and one guarded function per transition.

House style (docs/architecture.md): keyword-only arguments after the ticket, the acting user
``by``, injected ``now``, one transaction per call with its audit entry and a
:class:`TicketEvent`, and :class:`HotlineError` (a Chinese message) with nothing written when
refused. Every clock event goes through :func:`_transition`, which locks the ticket, replays its
stored events and asks :func:`gongkai.hotline.domain.clocks.check_next` (the transition table of
states.py plus the calendar rules: 延期 before the deadline and at most once, 催办 only when
overdue, 督办 only after N working days overdue) before writing. The deadlines and on-time
flags the event decides are then copied from the domain clock onto the ticket and never
recomputed, so the rates are reproducible (issue #6).

Knowledge base, clock settings and attachments: gongkai/hotline/knowledge.py.
Personal data never reaches the audit log: entries carry masked values only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.urls import NoReverseMatch, reverse

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.core.notices import notify
from gongkai.foi import crypto
from gongkai.hotline import permissions
from gongkai.hotline.domain import clocks
from gongkai.hotline.domain.routing import normalize_phone
from gongkai.hotline.domain.states import (
    EVENT_LABELS,
    SATISFACTION_LABELS,
    Event,
    EventKind,
    Satisfaction,
    State,
    TransitionError,
)
from gongkai.hotline.models import (
    KnowledgeEntry,
    LogKind,
    Ticket,
    TicketAssist,
    TicketEvent,
)
from gongkai.hotline.models_rates import ReturnedAssignment
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.models import Membership, Unit, User
from gongkai.units.roles import Role
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

K = EventKind
PHONE_PURPOSE = "hotline.phone"
SYSTEM = "系统（定时任务）"

register_actions(
    {
        **{f"hotline.{kind}": f"12345工单：{label}" for kind, label in EVENT_LABELS.items()},
        "hotline.submit_reply": "12345工单：提交答复稿",
        "hotline.reject_draft": "12345工单：退回答复稿",
        "hotline.merge": "12345工单：合并重复工单",
        "hotline.view_caller": "12345工单：查看来电人信息",
        "hotline.attach": "12345工单：上传附件",
        "hotline.knowledge": "12345知识库：保存条目",
        "hotline.clock_setting": "12345热线：修改办理时限",
    }
)


class HotlineError(UnitsError):
    """A hotline operation refused with a message for the user."""


# ------------------------------------------------------------------------------ helpers


def phone_digest(phone: str) -> str:
    """Keyed digest of the normalised number (duplicate lookup without decrypting)."""
    digits = normalize_phone(phone)
    return crypto.digest(digits, purpose=PHONE_PURPOSE) if digits else ""


def snapshot(ticket: Ticket) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "number": ticket.number,
        "state": ticket.state,
        "kind": ticket.kind,
        "urgent": ticket.urgent,
        "handling_unit": ticket.handling_unit_id,
        "sign_due": iso(ticket.sign_due),
        "sign_on_time": ticket.sign_on_time,
        "reply_due": iso(ticket.reply_due),
        "reply_on_time": ticket.reply_on_time,
        "callback_due": iso(ticket.callback_due),
        "callback_on_time": ticket.callback_on_time,
        "satisfaction": ticket.satisfaction,
        "redo_count": ticket.redo_count,
    }


def masked_caller(ticket: Ticket) -> dict[str, str]:
    if ticket.anonymous:
        return {"caller": "匿名"}
    return {
        "caller_name": crypto.mask_name(ticket.caller_name),
        "caller_phone": crypto.mask_phone(ticket.caller_phone),
    }


def _lock(ticket: Ticket) -> Ticket:
    with system_scope("a transition re-reads the ticket it was authorised for"):
        return Ticket.unscoped.select_for_update().get(pk=ticket.pk)


def events_of(ticket: Ticket) -> list[TicketEvent]:
    with system_scope("the log of a ticket the caller may already see"):
        return list(
            TicketEvent.unscoped.filter(ticket_id=ticket.pk)
            .select_related("by", "unit")
            .order_by("pk")
        )


def domain_events(ticket: Ticket) -> list[Event]:
    return [e.to_domain() for e in events_of(ticket) if e.is_clock_event]


def clock_of(ticket: Ticket, *, now: dt.datetime) -> clocks.Clock:
    """The ticket's clock replayed from its events (risk and explanation on ``now``)."""
    return clocks.compute_clock(
        domain_events(ticket), get_calendar(), now=now, policy=ticket.clock_policy
    )


def _ticket_url(ticket: Ticket) -> str:
    try:
        return reverse("hotline_admin_ticket", args=[ticket.pk])
    except NoReverseMatch:  # admin URLs not loaded (e.g. a bare script)
        return ""


def _users(unit_id: int | None, roles: Iterable[Role]) -> list[User]:
    if unit_id is None:
        return []
    memberships = Membership.unscoped.filter(
        unit_id=unit_id, ended_on__isnull=True, role__in=[str(r) for r in roles]
    ).select_related("user")
    return [m.user for m in memberships]


def unit_staff(unit_id: int | None) -> list[User]:
    return _users(unit_id, permissions.UNIT_STAFF_ROLES)


def unit_leaders(unit_id: int | None) -> list[User]:
    return _users(unit_id, [Role.UNIT_LEADER])


def centre_operators(unit_id: int | None) -> list[User]:
    return _users(unit_id, [Role.HOTLINE_OPERATOR])


# Ticket field ← domain clock attribute, and which of them each event decides.
_FROM_CLOCK = {
    "dispatched_at": "dispatched_at",
    "sign_due": "sign_due",
    "signed_at": "signed_at",
    "sign_on_time": "signed_on_time",
    "reply_due": "reply_due",
    "replied_at": "replied_at",
    "reply_on_time": "reply_on_time",
    "callback_due": "callback_due",
    "callback_at": "callback_at",
    "callback_on_time": "callback_on_time",
    "closed_at": "closed_at",
    "extension_count": "extensions",
    "return_count": "returns",
    "redo_count": "redos",
    "urge_count": "urges",
    "supervise_count": "supervisions",
}
_DECIDES: dict[EventKind, tuple[str, ...]] = {
    K.ACCEPT: (),
    K.ANSWER_DIRECTLY: ("closed_at",),
    K.DISPATCH: ("dispatched_at", "sign_due", "signed_at", "sign_on_time", "reply_due"),
    K.SIGN: ("signed_at", "sign_on_time"),
    K.RETURN: ("return_count",),
    K.REQUEST_EXTENSION: (),
    K.APPROVE_EXTENSION: ("reply_due", "extension_count"),
    K.REFUSE_EXTENSION: (),
    K.REPLY: ("reply_due", "replied_at", "reply_on_time"),
    K.ACCEPT_REPLY: ("callback_due",),
    K.SEND_BACK_REPLY: ("replied_at", "reply_on_time"),
    K.CALLBACK: ("callback_at", "callback_on_time", "closed_at"),
    K.REDO: (
        "redo_count",
        "reply_due",
        "replied_at",
        "reply_on_time",
        "callback_due",
        "callback_at",
        "callback_on_time",
    ),
    K.CLOSE: ("closed_at",),
    K.URGE: ("urge_count",),
    K.SUPERVISE: ("supervise_count",),
}


@dataclass
class _Step:
    """What a transition writes besides the clock: extra ticket fields and the log payload."""

    fields: dict
    payload: dict


def _log(
    ticket: Ticket,
    kind: str,
    *,
    by,
    now: dt.datetime,
    unit: Unit | None,
    note: str = "",
    payload: dict | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        at=now,
        by=by if getattr(by, "pk", None) else None,
        unit=unit,
        note=note,
        payload=payload or {},
    )


def _transition(
    ticket: Ticket,
    kind: EventKind,
    *,
    by,
    now: dt.datetime,
    allowed,
    refusal: str,
    note: str = "",
    step=None,
    event_fields: dict | None = None,
    audit_unit: str = "centre",
) -> Ticket:
    """Lock, check who acts and the domain guard, write the event, store the clock facts,
    audit. ``allowed(by, locked)`` decides the actor; ``step(locked)`` returns a
    :class:`_Step` (extra fields, log payload) or raises :class:`HotlineError`."""
    if now.tzinfo is None:
        raise HotlineError("时间须带时区")
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock(ticket)
        if not allowed(by, locked):
            raise NotAllowed(refusal)
        if locked.merged_into_id:
            raise HotlineError("该工单已合并至其他工单，请在主工单上办理")
        event = Event(kind=kind, at=now, reason=note, **(event_fields or {}))
        history = domain_events(locked)
        policy = locked.clock_policy
        calendar = get_calendar()
        try:
            state = clocks.check_next(history, event, calendar, policy)
        except TransitionError as exc:
            raise HotlineError(str(exc)) from exc
        # After the guard: steps may write (协办 rows, notices); a refusal below rolls back.
        extra = step(locked) if step is not None else _Step({}, {})
        clock = clocks.compute_clock([*history, event], calendar, now=now, policy=policy)
        before = snapshot(locked)
        locked.state = str(state)
        changed = {"state"}
        for name in _DECIDES[kind]:
            setattr(locked, name, getattr(clock, _FROM_CLOCK[name]))
            changed.add(name)
        for name, value in extra.fields.items():
            setattr(locked, name, value)
            changed.add(name)
        if clock.state is State.CLOSED and "closed_at" not in changed:
            locked.closed_at = now
            changed.add("closed_at")
        locked.save(update_fields=sorted(changed - {"assist_units"}))
        unit = locked.centre if audit_unit == "centre" else locked.handling_unit
        payload = {**extra.payload}
        if event.until is not None:
            payload["until"] = event.until.isoformat()
        if event.satisfaction is not None:
            payload["satisfaction"] = str(event.satisfaction)
        if event.resolved is not None:  # False is an answer too
            payload["resolved"] = event.resolved
        if event.designated:
            payload["designated"] = True
        if event.unit:
            payload["unit"] = event.unit
        _log(locked, str(kind), by=by, now=now, unit=unit, note=note, payload=payload)
        audit.record(
            action=f"hotline.{kind}",
            by=by if by is not None else SYSTEM,
            unit=unit,
            obj=locked,
            before=before,
            after=snapshot(locked),
            reason=note,
            at=now,
        )
    _copy_back(ticket, locked)
    return ticket


def _copy_back(ticket: Ticket, locked: Ticket) -> None:
    for field in Ticket._meta.concrete_fields:
        setattr(ticket, field.attname, getattr(locked, field.attname))
    ticket._state.fields_cache = {}


def _centre(by, t: Ticket) -> bool:
    return permissions.is_centre_staff(by, t.centre_id)


def _handler(by, t: Ticket) -> bool:
    return permissions.is_unit_staff(by, t.handling_unit_id)


def _leader(by, t: Ticket) -> bool:
    return permissions.is_unit_leader(by, t.handling_unit_id)


CENTRE_ONLY = "只有受理该工单的12345热线中心可以进行此操作"
HANDLER_ONLY = "只有该工单的主办单位工作人员可以进行此操作"


# ------------------------------------------------------------------------------ centre


def answer_directly(
    ticket: Ticket,
    *,
    by: User,
    now: dt.datetime,
    answer: str = "",
    entry: KnowledgeEntry | None = None,
) -> Ticket:
    """直办: answered at once from the knowledge base (or by the operator); closed."""
    text = (answer or "").strip() or (entry.answer if entry is not None else "")
    if not text:
        raise HotlineError("请填写答复内容或选择知识库条目")

    def step(t: Ticket) -> _Step:
        fields = {"reply": text, "knowledge_entry": entry}
        return _Step(fields, {"entry": entry.pk} if entry is not None else {})

    return _transition(
        ticket,
        K.ANSWER_DIRECTLY,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        step=step,
    )


def _dispatch_step(unit: Unit, assists: Iterable[Unit], designated: bool):
    assist_list = [u for u in dict.fromkeys(assists) if u.pk != unit.pk]

    def step(t: Ticket) -> _Step:
        if not unit.is_active or any(not u.is_active for u in assist_list):
            raise HotlineError("承办单位已停用")
        with system_scope("replacing the assisting units of a locked ticket"):
            TicketAssist.unscoped.filter(ticket=t).delete()
            TicketAssist.unscoped.bulk_create(TicketAssist(ticket=t, unit=u) for u in assist_list)
        return _Step(
            {
                "handling_unit": unit,
                "designated": designated,
                "returned_at": None,
                "sent_back": False,
                "reply_draft": "",
                "reply_draft_by": None,
                "reply_draft_at": None,
            },
            {"unit_id": unit.pk, "assists": [u.pk for u in assist_list]},
        )

    return step


def dispatch(
    ticket: Ticket,
    *,
    unit: Unit,
    by: User,
    now: dt.datetime,
    assists: Iterable[Unit] = (),
    designated: bool = False,
    note: str = "",
) -> Ticket:
    """派单 to the 主办 unit (with optional 协办 units). The first 派单 starts the reply clock;
    the sign-for clock restarts at every 派单. ``designated`` (指定承办): the centre settles a
    disputed duty and the unit may not return it (潍坊条例, statutes.md §7.3)."""
    return _transition(
        ticket,
        K.DISPATCH,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        note=note,
        step=_dispatch_step(unit, assists, designated),
        event_fields={"unit": unit.short_name or unit.name, "designated": designated},
    )


def redispatch(
    ticket: Ticket,
    *,
    unit: Unit,
    by: User,
    now: dt.datetime,
    assists: Iterable[Unit] = (),
    designated: bool = False,
    note: str = "",
) -> Ticket:
    """重新派单 after a 退单; the reply clock resumes without the paused working days."""
    if ticket.state != State.RETURNED:
        raise HotlineError("只有已退单的工单可以重新派单")
    return dispatch(
        ticket, unit=unit, by=by, now=now, assists=assists, designated=designated, note=note
    )


def approve_extension(ticket: Ticket, *, by: User, now: dt.datetime, note: str = "") -> Ticket:
    """批准延期: the requested date becomes the reply deadline."""
    return _transition(
        ticket,
        K.APPROVE_EXTENSION,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        note=note,
        step=lambda t: _Step({"extension_requested_until": None}, {}),
    )


def reject_extension(ticket: Ticket, *, reason: str, by: User, now: dt.datetime) -> Ticket:
    """不予延期: the reply deadline stays."""
    return _transition(
        ticket,
        K.REFUSE_EXTENSION,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        note=reason,
        step=lambda t: _Step({"extension_requested_until": None}, {}),
    )


def accept_reply(ticket: Ticket, *, by: User, now: dt.datetime, note: str = "") -> Ticket:
    """答复审核通过: the callback clock starts."""
    return _transition(
        ticket, K.ACCEPT_REPLY, by=by, now=now, allowed=_centre, refusal=CENTRE_ONLY, note=note
    )


def send_back_reply(ticket: Ticket, *, reason: str, by: User, now: dt.datetime) -> Ticket:
    """答复不合格，退回主办单位: the reply deadline stays."""
    return _transition(
        ticket,
        K.SEND_BACK_REPLY,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        note=reason,
        step=lambda t: _Step({"sent_back": True}, {}),
    )


def check_reply(
    ticket: Ticket, *, accept: bool, by: User, now: dt.datetime, reason: str = ""
) -> Ticket:
    """The centre checks an approved reply: accept it, or send it back with the reason."""
    if accept:
        return accept_reply(ticket, by=by, now=now, note=reason)
    return send_back_reply(ticket, reason=reason, by=by, now=now)


def record_callback(
    ticket: Ticket,
    *,
    satisfaction: Satisfaction | str,
    resolved: bool | None,
    by: User,
    now: dt.datetime,
    note: str = "",
) -> Ticket:
    """回访: 满意 or 基本满意 closes the ticket; 不满意 waits for the centre's decision
    (:func:`redo` if justified, else :func:`close`)."""
    try:
        satisfaction = Satisfaction(satisfaction)
    except ValueError as exc:
        raise HotlineError("满意度须为满意、基本满意或不满意") from exc
    return _transition(
        ticket,
        K.CALLBACK,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        note=note,
        step=lambda t: _Step(
            {"satisfaction": str(satisfaction), "resolved": resolved, "callback_note": note}, {}
        ),
        event_fields={"satisfaction": satisfaction, "resolved": resolved},
    )


def redo(ticket: Ticket, *, reason: str, by: User, now: dt.datetime) -> Ticket:
    """重办: the 不满意 is justified; the ticket goes back to the unit with a new reply clock
    and counts against the unit (重办率)."""
    return _transition(
        ticket,
        K.REDO,
        by=by,
        now=now,
        allowed=_centre,
        refusal=CENTRE_ONLY,
        note=reason,
        step=lambda t: _Step({"sent_back": True}, {}),
    )


def close(ticket: Ticket, *, reason: str, by: User, now: dt.datetime) -> Ticket:
    """办结 after a 不满意 whose grounds are not the unit's fault."""
    return _transition(
        ticket, K.CLOSE, by=by, now=now, allowed=_centre, refusal=CENTRE_ONLY, note=reason
    )


def _escalation_step(kind: EventKind, note: str, now: dt.datetime):
    def step(t: Ticket) -> _Step:
        label = EVENT_LABELS[kind]
        if kind is K.SUPERVISE:
            users, who = unit_leaders(t.handling_unit_id), "单位负责人"
        else:
            users, who = unit_staff(t.handling_unit_id), "工作人员"
        count = (t.supervise_count if kind is K.SUPERVISE else t.urge_count) + 1
        notify(
            users=users,
            kind=f"hotline.{kind}",
            title=f"12345工单{t.number}已超期，{label}",
            body=f"工单“{t.summary}”已超过办理期限，请抓紧办理。{note}".strip(),
            url=_ticket_url(t),
            dedupe_key=f"hotline.{kind}:{t.pk}:{count}",
            now=now,
        )
        return _Step({}, {"notified": who})

    return step


def urge(ticket: Ticket, *, by: User | None, now: dt.datetime, note: str = "") -> Ticket:
    """催办 an overdue ticket; the handling unit's staff are notified. ``by`` None: the
    reminders job (gongkai/hotline/jobs.py)."""
    return _transition(
        ticket,
        K.URGE,
        by=by,
        now=now,
        allowed=lambda u, t: u is None or _centre(u, t) or permissions.is_county_office(u),
        refusal="只有12345热线中心或县政务公开办可以催办",
        note=note,
        step=_escalation_step(K.URGE, note, now),
        audit_unit="handling",
    )


def supervise(ticket: Ticket, *, by: User, now: dt.datetime, note: str = "") -> Ticket:
    """督办 by the county office once a ticket is overdue by N working days (default 5,
    statutes.md §7.3); the handling unit's leader is notified."""
    return _transition(
        ticket,
        K.SUPERVISE,
        by=by,
        now=now,
        allowed=lambda u, t: permissions.is_county_office(u),
        refusal="只有县政务公开办可以督办",
        note=note,
        step=_escalation_step(K.SUPERVISE, note, now),
        audit_unit="handling",
    )


# ------------------------------------------------------------------------------ unit


def sign(ticket: Ticket, *, by: User, now: dt.datetime) -> Ticket:
    """签收: the on-time flag is fixed now."""
    return _transition(
        ticket,
        K.SIGN,
        by=by,
        now=now,
        allowed=_handler,
        refusal=HANDLER_ONLY,
        audit_unit="handling",
    )


def return_ticket(ticket: Ticket, *, reason: str, by: User, now: dt.datetime) -> Ticket:
    """退单: not this unit's duty; back to the centre for re-dispatch (the reply clock pauses).

    The returning unit's assignment is kept as a :class:`ReturnedAssignment` in the same
    transaction: the next 派单 overwrites the ticket's ``dispatched_at``/``sign_*`` facts, and
    the rates count a returned assignment against the unit that returned it
    (docs/hotline-metrics.md "What is counted").
    """

    def keep_assignment(t: Ticket) -> _Step:
        # Runs after the actor check and the domain guard: a refused return writes nothing.
        ReturnedAssignment.unscoped.create(
            ticket=t,
            unit_id=t.handling_unit_id,
            dispatched_at=t.dispatched_at,
            sign_due=t.sign_due,
            signed_at=t.signed_at,
            sign_on_time=t.sign_on_time,
            returned_at=now,
        )
        return _Step({"returned_at": now}, {})

    return _transition(
        ticket,
        K.RETURN,
        by=by,
        now=now,
        allowed=_handler,
        refusal=HANDLER_ONLY,
        note=reason,
        step=keep_assignment,
        audit_unit="handling",
    )


def request_extension(
    ticket: Ticket, *, until: dt.date, reason: str, by: User, now: dt.datetime
) -> Ticket:
    """申请延期 before the reply deadline, with the reasons and the new date."""
    return _transition(
        ticket,
        K.REQUEST_EXTENSION,
        by=by,
        now=now,
        allowed=_handler,
        refusal=HANDLER_ONLY,
        note=reason,
        step=lambda t: _Step({"extension_requested_until": until}, {}),
        event_fields={"until": until},
        audit_unit="handling",
    )


@transaction.atomic
def submit_reply(ticket: Ticket, *, text: str, by: User, now: dt.datetime) -> Ticket:
    """The unit's staff submit the reply draft for the unit leader's approval (not yet a reply
    to the citizen; no clock event)."""
    text = (text or "").strip()
    locked = _lock(ticket)
    if not _handler(by, locked):
        raise NotAllowed(HANDLER_ONLY)
    if locked.state != State.HANDLING:
        raise HotlineError("只有办理中的工单可以提交答复（延期审核期间请等待热线中心决定）")
    if not text:
        raise HotlineError("请填写答复内容")
    before = snapshot(locked)
    locked.reply_draft, locked.reply_draft_by, locked.reply_draft_at = text, by, now
    locked.save(update_fields=["reply_draft", "reply_draft_by", "reply_draft_at"])
    _log(locked, LogKind.SUBMIT_REPLY, by=by, now=now, unit=locked.handling_unit, note=text)
    audit.record(
        action="hotline.submit_reply",
        by=by,
        unit=locked.handling_unit,
        obj=locked,
        before=before,
        after=snapshot(locked),
        at=now,
    )
    _copy_back(ticket, locked)
    return ticket


@transaction.atomic
def reject_draft(ticket: Ticket, *, reason: str, by: User, now: dt.datetime) -> Ticket:
    """The unit leader sends the draft back to the staff (the reply clock keeps running)."""
    reason = (reason or "").strip()
    locked = _lock(ticket)
    if not _leader(by, locked):
        raise NotAllowed("只有主办单位负责人可以审核答复")
    if not locked.reply_draft or locked.state != State.HANDLING:
        raise HotlineError("没有待审核的答复稿")
    if not reason:
        raise HotlineError("请填写退回理由")
    locked.reply_draft, locked.reply_draft_by, locked.reply_draft_at = "", None, None
    locked.save(update_fields=["reply_draft", "reply_draft_by", "reply_draft_at"])
    _log(locked, LogKind.REJECT_DRAFT, by=by, now=now, unit=locked.handling_unit, note=reason)
    audit.record(
        action="hotline.reject_draft",
        by=by,
        unit=locked.handling_unit,
        obj=locked,
        reason=reason,
        at=now,
    )
    _copy_back(ticket, locked)
    return ticket


def approve_reply(ticket: Ticket, *, by: User, now: dt.datetime, text: str = "") -> Ticket:
    """The unit leader approves the draft (optionally edited): this is the reply (答复) whose
    time decides 按时办结; the centre checks it next."""

    def step(t: Ticket) -> _Step:
        if not t.reply_draft:
            raise HotlineError("没有待审核的答复稿")
        final = (text or "").strip() or t.reply_draft
        return _Step(
            {
                "reply": final,
                "reply_draft": "",
                "reply_draft_by": None,
                "reply_draft_at": None,
                "sent_back": False,
            },
            {"drafted_by": t.reply_draft_by_id},
        )

    return _transition(
        ticket,
        K.REPLY,
        by=by,
        now=now,
        allowed=_leader,
        refusal="答复须经主办单位负责人审核，只有单位负责人可以审核通过",
        step=step,
        audit_unit="handling",
    )


SATISFACTION_CHOICES = [(str(k), v) for k, v in SATISFACTION_LABELS.items()]
