"""Writes of 依申请公开: registration, assignment and the clock ledger, one guarded function each.

House style (docs/architecture.md): keyword-only arguments after the case, the acting user
``by``, injected ``today``/``now``, one transaction per call with its audit entry, and
``FoiError`` (a Chinese message for staff) with nothing written when refused. Every event that
moves the clock goes through :func:`record_event`, which replays the stored ledger and asks
:func:`gongkai.foi.domain.ledger.check_next` first; the due date is never stored, it is always
:func:`clock_of` the ledger.

Personal data never reaches the audit log: entries carry masked values only.

Closing events (作出答复, 逾期未补正, 逾期未缴费) are refused here: a case may close only with an
approved reply letter and a delivery record, which :func:`gongkai.foi.replies.close_with_reply`
checks before calling :func:`_append_event`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.foi import crypto, permissions
from gongkai.foi.domain import ledger
from gongkai.foi.domain.events import (
    CHANNEL_LABELS,
    EVENT_LABELS,
    Channel,
    ClockEvent,
    EventKind,
    LedgerError,
    State,
)
from gongkai.foi.domain.similarity import normalize_id_number, normalize_phone
from gongkai.foi.domain.stats import ApplicantType
from gongkai.foi.models import (
    AttachmentKind,
    Delivery,
    FoiAttachment,
    FoiEvent,
    FoiRequest,
    TrackingSequence,
    WantedForm,
)
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.models import Unit, User
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

register_actions(
    {
        "foi.register": "登记政府信息公开申请",
        "foi.assign": "交办承办单位",
        "foi.view_personal_data": "查看申请人个人信息",
        "foi.attach": "上传申请材料",
        "foi.download_attachment": "查看含个人信息的申请材料",
        **{f"foi.event.{kind}": f"登记计时事件：{label}" for kind, label in EVENT_LABELS.items()},
    }
)

ONLINE_APPLICANT = "申请人（网上申请）"
CLOSING_KINDS = frozenset({EventKind.REPLIED, EventKind.CORRECTION_LAPSED, EventKind.FEE_LAPSED})
QUERY_CODE_PURPOSE = "foi.query-code"
_QUERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_EVENT_FIELDS = frozenset({"channel", "confirmed_on", "until", "third_party", "outcome"})


class FoiError(UnitsError):
    """A 依申请公开 operation refused with a message for the user."""


# ------------------------------------------------------------------------------ helpers


def masked_applicant(request: FoiRequest) -> dict[str, str]:
    """What the audit log may say about the applicant (organisation names are not personal)."""
    name = (
        request.applicant_name
        if request.is_organisation
        else crypto.mask_name(request.applicant_name)
    )
    return {
        "applicant_type": request.applicant_type,
        "applicant_name": name,
        "id_number": crypto.mask_id_number(request.id_number),
        "phone": crypto.mask_phone(request.phone),
        "address": crypto.mask_address(request.address),
    }


def _case_snapshot(request: FoiRequest) -> dict:
    return {
        "tracking_code": request.tracking_code,
        "state": request.state,
        "channel": request.channel,
        "arrived_on": request.arrived_on.isoformat(),
        "received_on": request.received_on.isoformat() if request.received_on else None,
        "handling_unit": request.handling_unit_id,
        "internal_due": request.internal_due.isoformat() if request.internal_due else None,
    }


def _lock(request: FoiRequest) -> FoiRequest:
    with system_scope("a transition re-reads the case it was authorised for"):
        return FoiRequest.unscoped.select_for_update().get(pk=request.pk)


def _ledger(request: FoiRequest) -> list[ClockEvent]:
    return [e.to_clock_event() for e in FoiEvent.unscoped.filter(request=request).order_by("pk")]


def _next_tracking_code(year: int) -> str:
    counter, _ = TrackingSequence.objects.select_for_update().get_or_create(year=year)
    while True:
        counter.last_value += 1
        candidate = f"YSQ-{year}-{counter.last_value:06d}"
        if not FoiRequest.unscoped.filter(tracking_code=candidate).exists():
            break
    counter.save(update_fields=["last_value"])
    return candidate


ID_DIGEST_PURPOSE = "foi.applicant-id"
PHONE_DIGEST_PURPOSE = "foi.applicant-phone"


def applicant_digests(*, id_number: str, phone: str) -> dict[str, str]:
    """The keyed digests that let repeat detection match an applicant (empty when not given)."""
    id_number, phone = normalize_id_number(id_number), normalize_phone(phone)
    return {
        "id_number_digest": crypto.digest(id_number, purpose=ID_DIGEST_PURPOSE)
        if id_number
        else "",
        "phone_digest": crypto.digest(phone, purpose=PHONE_DIGEST_PURPOSE) if phone else "",
    }


def _query_code() -> str:
    return "".join(secrets.choice(_QUERY_ALPHABET) for _ in range(8))


def query_code_matches(request: FoiRequest, code: str) -> bool:
    """Does ``code`` (as the applicant typed it) open this case's public status page?"""
    cleaned = (code or "").strip().upper()
    return bool(cleaned) and crypto.digest_matches(
        cleaned, request.query_code_hash, purpose=QUERY_CODE_PURPOSE
    )


def _sync(request: FoiRequest, event: ClockEvent, state: State) -> list[str]:
    """Mirror the ledger's facts on the case row; return the changed field names."""
    request.state = state
    changed = ["state"]
    if event.kind is EventKind.RECEIVED:
        request.confirmed_on = event.confirmed_on
        request.received_on = ledger.receipt_date(
            Channel(request.channel), arrived=event.on, confirmed_on=event.confirmed_on
        )
        changed += ["confirmed_on", "received_on"]
    if state is State.CLOSED:
        clock = ledger.compute_clock([*_ledger(request)], get_calendar(), today=event.on)
        request.closed_on = clock.closed_on
        request.outcome = str(clock.closed_as or "")
        changed += ["closed_on", "outcome"]
    return changed


def _append_event(request: FoiRequest, event: ClockEvent, *, by, now, note: str = "") -> FoiEvent:
    """Check ``event`` against the stored ledger, store it, update the case, audit.

    Must run inside a transaction with ``request`` locked. Raises FoiError before writing.
    """
    events = _ledger(request)
    try:
        state = ledger.check_next(events, event, get_calendar())
    except LedgerError as exc:
        raise FoiError(str(exc)) from exc
    before = _case_snapshot(request)
    row = FoiEvent.objects.create(
        request=request,
        kind=event.kind,
        on=event.on,
        channel=str(event.channel or ""),
        confirmed_on=event.confirmed_on,
        until=event.until,
        third_party=event.third_party,
        outcome=str(event.outcome or ""),
        by=by if getattr(by, "pk", None) else None,
        at=now,
        note=note,
    )
    changed = _sync(request, event, state)
    request.save(update_fields=changed)
    audit.record(
        action=f"foi.event.{event.kind}",
        by=by,
        unit=request.unit,
        obj=request,
        before=before,
        after=_case_snapshot(request)
        | {"event": event.kind, "on": event.on.isoformat()}
        | ({"until": event.until.isoformat()} if event.until else {}),
        reason=note,
        at=now,
    )
    return row


# --------------------------------------------------------------------------- registration


def register_request(
    *,
    unit: Unit,
    by: User | None,
    channel: Channel | str,
    arrived_on: dt.date,
    applicant_type: ApplicantType | str,
    applicant_name: str,
    description: str,
    confirmed_on: dt.date | None = None,
    id_type: str = "",
    id_number: str = "",
    phone: str = "",
    address: str = "",
    postal_code: str = "",
    email: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    contact_name: str = "",
    wanted_form: WantedForm | str = WantedForm.PAPER,
    delivery: Delivery | str = Delivery.POST,
    note: str = "",
    today: dt.date,
    now: dt.datetime,
) -> FoiRequest:
    """Enter an application, online (``by`` None: the citizen) or offline (``by``: staff).

    The day of receipt follows Art. 31 for the channel. An online application is confirmed by
    the acknowledgement (回执) the portal issues at once, so it is received the day it arrives
    unless ``confirmed_on`` says otherwise. Mail, fax and e-mail need the signing or confirmation
    date; without it the case is registered as 未登记 (no clock yet) until
    :func:`confirm_receipt`.
    """
    try:
        channel = Channel(channel)
        applicant_type = ApplicantType(applicant_type)
        wanted_form = WantedForm(wanted_form)
        delivery = Delivery(delivery)
    except ValueError as exc:
        raise FoiError(f"申请信息有误：{exc}") from exc
    if by is None:
        if channel is not Channel.ONLINE:
            raise NotAllowed("线下提交的申请须由受理机关工作人员登记")
    elif not permissions.can_register_for(by, unit.pk):
        raise NotAllowed("只有受理机关的工作人员或县政务公开办可以登记申请")
    applicant_name = (applicant_name or "").strip()
    description = (description or "").strip()
    if not applicant_name:
        raise FoiError("请填写申请人姓名或名称")
    if not description:
        raise FoiError("请填写所需政府信息的描述")
    if arrived_on > today:
        raise FoiError("送达日期不能晚于今天")
    if confirmed_on is not None and confirmed_on > today:
        raise FoiError("签收或确认日期不能晚于今天")
    if channel is Channel.ONLINE and confirmed_on is None:
        confirmed_on = arrived_on

    query_code = _query_code()
    with transaction.atomic():
        request = FoiRequest(
            unit=unit,
            tracking_code=_next_tracking_code(arrived_on.year),
            query_code_hash=crypto.digest(query_code, purpose=QUERY_CODE_PURPOSE),
            applicant_type=applicant_type,
            applicant_name=applicant_name,
            id_type=id_type or "",
            id_number=(id_number or "").strip().upper(),
            phone=(phone or "").strip(),
            address=(address or "").strip(),
            postal_code=(postal_code or "").strip(),
            email=(email or "").strip(),
            credit_code=(credit_code or "").strip().upper(),
            legal_representative=(legal_representative or "").strip(),
            contact_name=(contact_name or "").strip(),
            description=description,
            wanted_form=wanted_form,
            delivery=delivery,
            channel=channel,
            arrived_on=arrived_on,
            state=State.NEW,
            created_by=by,
            created_at=now,
            **applicant_digests(id_number=id_number, phone=phone),
        )
        request.save()
        # Shown once (回执) and never stored in clear; see query_code_matches().
        request.query_code = query_code
        actor = by if by is not None else ONLINE_APPLICANT
        audit.record(
            action="foi.register",
            by=actor,
            unit=unit,
            obj=request,
            after=_case_snapshot(request) | masked_applicant(request),
            reason=note or CHANNEL_LABELS[channel],
            at=now,
        )
        if channel is Channel.IN_PERSON or confirmed_on is not None:
            _append_event(
                request,
                ClockEvent(
                    EventKind.RECEIVED,
                    arrived_on,
                    channel=channel,
                    confirmed_on=None if channel is Channel.IN_PERSON else confirmed_on,
                ),
                by=actor,
                now=now,
                note=note,
            )
    return request


def confirm_receipt(
    request: FoiRequest, *, confirmed_on: dt.date, by: User, now: dt.datetime, note: str = ""
) -> FoiEvent:
    """Record the signing (registered mail) or confirmation date; the clock starts (Art. 31)."""
    return record_event(
        request,
        kind=EventKind.RECEIVED,
        on=request.arrived_on,
        confirmed_on=confirmed_on,
        channel=Channel(request.channel),
        by=by,
        now=now,
        note=note,
    )


@transaction.atomic
def assign_request(
    request: FoiRequest,
    *,
    handling_unit: Unit,
    internal_due: dt.date,
    by: User,
    now: dt.datetime,
    note: str = "",
) -> FoiRequest:
    """交办: the receiving office gives the case to a handling unit with an internal deadline
    ahead of the statutory one; the receiving body still answers it."""
    if not permissions.can_assign(by, request):
        raise NotAllowed("只有受理机关的工作人员或县政务公开办可以交办申请")
    original, request = request, _lock(request)
    if request.state == State.CLOSED:
        raise FoiError("申请已办结，不能再交办")
    today = timezone.localdate(now)
    if internal_due < today:
        raise FoiError("内部办理期限不能早于今天")
    if request.state != State.NEW:
        clock = ledger.compute_clock(_ledger(request), get_calendar(), today=today)
        if clock.due is not None and internal_due >= clock.due:
            raise FoiError(
                f"内部办理期限应早于法定答复期限（{ledger.fmt_date(clock.due)}），"
                "以留出审核、签发和送达的时间"
            )
    before = _case_snapshot(request)
    request.handling_unit = handling_unit
    request.internal_due = internal_due
    request.save(update_fields=["handling_unit", "internal_due"])
    audit.record(
        action="foi.assign",
        by=by,
        unit=request.unit,
        obj=request,
        before=before,
        after=_case_snapshot(request),
        reason=note,
        at=now,
    )
    original.handling_unit, original.internal_due = handling_unit, internal_due
    return original


# ------------------------------------------------------------------------------- ledger


def record_event(
    request: FoiRequest,
    *,
    kind: EventKind | str,
    by: User,
    on: dt.date,
    now: dt.datetime,
    note: str = "",
    **fields,
) -> FoiEvent:
    """Add one event to the case's clock ledger (guarded by ``ledger.check_next``).

    ``fields`` are the extra fields of :class:`ClockEvent` (``until``, ``third_party``,
    ``channel``, ``confirmed_on``). Closing events are refused: see the module docstring.
    """
    try:
        kind = EventKind(kind)
    except ValueError as exc:
        raise FoiError(f"未知的计时事件：{kind}") from exc
    unknown = set(fields) - _EVENT_FIELDS
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    if kind in CLOSING_KINDS:
        raise FoiError("办结须经答复书审批并登记送达后进行，不能直接登记此事件")
    if not permissions.can_handle(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以办理此申请")
    if kind is EventKind.EXTENSION_APPROVED and not permissions.can_approve_extension(by, request):
        raise NotAllowed("延期答复须经受理机关政府信息公开工作机构负责人同意（《条例》第三十三条）")
    if on > timezone.localdate(now):
        raise FoiError("事件日期不能晚于今天")
    event = ClockEvent(kind=kind, on=on, **fields)
    with transaction.atomic():
        locked = _lock(request)
        row = _append_event(locked, event, by=by, now=now, note=note)
    for name in ("state", "confirmed_on", "received_on", "closed_on", "outcome"):
        setattr(request, name, getattr(locked, name))
    return row


def send_correction_notice(
    request, *, on: dt.date, until: dt.date, by: User, now: dt.datetime, note: str = ""
) -> FoiEvent:
    """补正告知 (Art. 30): once, within 7 working days of receipt, with the applicant's period."""
    return record_event(
        request,
        kind=EventKind.CORRECTION_NOTICE_SENT,
        on=on,
        until=until,
        by=by,
        now=now,
        note=note,
    )


def receive_correction(request, *, on: dt.date, by: User, now: dt.datetime, note: str = ""):
    """收到补正后申请: the 20 working days restart from ``on`` (Art. 30)."""
    return record_event(
        request, kind=EventKind.CORRECTION_RECEIVED, on=on, by=by, now=now, note=note
    )


def send_consultation(
    request, *, on: dt.date, third_party: bool = True, by: User, now: dt.datetime, note: str = ""
):
    """征求意见 (Art. 32 third party, Art. 34 other agency): the clock pauses, 15 days at most."""
    return record_event(
        request,
        kind=EventKind.CONSULTATION_SENT,
        on=on,
        third_party=third_party,
        by=by,
        now=now,
        note=note,
    )


def receive_consultation_answer(request, *, on: dt.date, by: User, now: dt.datetime, note=""):
    return record_event(
        request, kind=EventKind.CONSULTATION_ANSWERED, on=on, by=by, now=now, note=note
    )


def send_fee_notice(request, *, on: dt.date, by: User, now: dt.datetime, note: str = ""):
    """收费通知 served (国办函〔2020〕109号): the clock pauses until payment."""
    return record_event(request, kind=EventKind.FEE_NOTICE_SENT, on=on, by=by, now=now, note=note)


def record_fee_paid(request, *, on: dt.date, by: User, now: dt.datetime, note: str = ""):
    return record_event(request, kind=EventKind.FEE_PAID, on=on, by=by, now=now, note=note)


def approve_extension(request, *, on: dt.date, by: User, now: dt.datetime, note: str = ""):
    """延期答复 (Art. 33 ¶2): once, 20 working days, approved by the head of the office."""
    return record_event(
        request, kind=EventKind.EXTENSION_APPROVED, on=on, by=by, now=now, note=note
    )


def set_art35_deadline(
    request, *, on: dt.date, until: dt.date, by: User, now: dt.datetime, note: str = ""
):
    """Art. 35: a reasonable later deadline for unreasonably large or frequent applications."""
    return record_event(
        request, kind=EventKind.ART35_DEADLINE_SET, on=on, until=until, by=by, now=now, note=note
    )


# ---------------------------------------------------------------------------- attachments

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".jpg",
        ".jpeg",
        ".png",
        ".tif",
        ".tiff",
        ".ofd",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".zip",
    }
)


@transaction.atomic
def attach_file(
    request: FoiRequest,
    *,
    kind: AttachmentKind | str,
    upload,
    by: User | None,
    now: dt.datetime,
) -> FoiAttachment:
    """Keep a file of the case (evidence scan, ID copy, disclosed information, signed letter).

    ``by`` None is the applicant on the portal, who may add only an ID copy or the application
    itself, and only while registering.
    """
    try:
        kind = AttachmentKind(kind)
    except ValueError as exc:
        raise FoiError("材料类别有误") from exc
    if by is None:
        if kind not in (AttachmentKind.ID_COPY, AttachmentKind.APPLICATION):
            raise NotAllowed("申请人只能上传身份证明或申请书")
    elif kind is AttachmentKind.CONTRIBUTION:
        if not (permissions.can_handle(by, request) or permissions.is_contributor(by, request)):
            raise NotAllowed(
                "只有受理机关、承办单位、协办单位的工作人员或县政务公开办可以上传协办材料"
            )
    elif not permissions.can_handle(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以上传材料")
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].strip()
    size = int(getattr(upload, "size", 0) or 0)
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if not name or size <= 0:
        raise FoiError("上传的文件是空的")
    if size > MAX_ATTACHMENT_BYTES:
        raise FoiError("单个文件不能超过 20 MB")
    if suffix not in ATTACHMENT_EXTENSIONS:
        raise FoiError("只接受 PDF、OFD、图片、Word、Excel 或 ZIP 文件")
    attachment = FoiAttachment(
        request=request,
        kind=kind,
        name=name[:200],
        size=size,
        uploaded_by=by,
        uploaded_at=now,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record(
        action="foi.attach",
        by=by if by is not None else ONLINE_APPLICANT,
        unit=request.unit,
        obj=request,
        after={"kind": str(kind), "name": attachment.name, "size": size},
        at=now,
    )
    return attachment


# -------------------------------------------------------------------------------- reads


def events_of(request: FoiRequest) -> list[FoiEvent]:
    with system_scope("the ledger of a case the caller may already see"):
        return list(FoiEvent.unscoped.filter(request=request).order_by("pk"))


def clock_of(request: FoiRequest, *, today: dt.date) -> ledger.Clock | None:
    """The clock computed from the stored ledger (None before the day of receipt is known)."""
    events = [e.to_clock_event() for e in events_of(request)]
    if not events:
        return None
    return ledger.compute_clock(events, get_calendar(), today=today)
