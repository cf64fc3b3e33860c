"""Writes of the reply (答复): templates, the letter's approval, delivery, closing, review cases.

House style as in gongkai/foi/services.py: keyword-only, the acting user ``by``, injected
``today``/``now``, one transaction with its audit entry, ``FoiError`` / ``NotAllowed`` with
nothing written when refused. One guarded function per letter transition
(:data:`gongkai.foi.domain.letters.LETTER_TRANSITIONS`).

A case closes only through :func:`close_with_reply`: it needs an approved letter **and** a
delivery record (issue #3, "A case cannot close without an approved reply letter and a delivery
record"), then writes the closing ledger event with ``services._append_event`` — 作出答复 for
every outcome except 其他处理 1/2, which close with 逾期未补正 / 逾期未缴费 (Art. 30;
国办函〔2020〕109号) as the ledger requires.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.foi import permissions
from gongkai.foi.contributions import withdraw_open_contributions
from gongkai.foi.domain import letters as rules
from gongkai.foi.domain.events import ClockEvent, EventKind, State, fmt_date
from gongkai.foi.domain.letters import LetterState
from gongkai.foi.domain.outcomes import (
    REPLY_TYPE_LABELS,
    Outcome,
    ReplyType,
    legal_basis,
    outcome_label,
)
from gongkai.foi.domain.stats import ReviewKind, ReviewResult
from gongkai.foi.models import AttachmentKind, FoiAttachment, FoiRequest
from gongkai.foi.replies_models import (
    DeliveryMethod,
    DeliveryRecord,
    LetterSequence,
    ReplyLetter,
    ReplyTemplate,
    ReviewCase,
)
from gongkai.foi.services import FoiError, _append_event, _lock, attach_file
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.scoping import system_scope

register_actions(
    {
        "foi.template.update": "修改答复书模板",
        "foi.letter.draft": "起草答复书",
        "foi.letter.edit": "修改答复书",
        "foi.letter.submit": "提交答复书审批",
        "foi.letter.approve": "签发答复书",
        "foi.letter.return": "退回答复书",
        "foi.delivery": "登记答复书送达",
        "foi.close": "办结政府信息公开申请",
        "foi.review.create": "登记行政复议、行政诉讼",
        "foi.review.decide": "登记行政复议、行政诉讼结果",
    }
)

CITY_GOVERNMENT = "六安市人民政府"
# The ledger event that closes a case with each outcome (the others close with 作出答复).
CLOSING_EVENT = {
    Outcome.OTHER_NO_CORRECTION: EventKind.CORRECTION_LAPSED,
    Outcome.OTHER_FEE_UNPAID: EventKind.FEE_LAPSED,
}


# ------------------------------------------------------------------------- permissions


def can_approve_letter(user, request: FoiRequest) -> bool:
    """单位负责人 of the receiving unit (it answers the case), or the county office."""
    return permissions.can_approve_extension(user, request)


def can_edit_templates(user) -> bool:
    return permissions.is_county_office(user)


def can_record_reviews(user, request: FoiRequest) -> bool:
    return permissions.can_assign(user, request)


# ----------------------------------------------------------------------------- helpers


def letter_prefix(unit: Unit) -> str:
    """机关代字 + 公开, e.g. 霍政公开 (county government), 霍发改公开, 城政公开 (城关镇).

    The unit's own 机关代字 (set in 单位管理) wins; without one it is derived as the county
    assigns them: a township's first character + 政 (two characters when a township listed
    earlier starts with the same one), a department's the county's character + two of its
    short name.
    """
    code = unit.agency_code
    if not code:
        short = unit.short_name or unit.name
        with system_scope("机关代字 are county-wide"):
            if unit.kind == UnitKind.TOWNSHIP:
                taken = Unit.unscoped.filter(
                    kind=UnitKind.TOWNSHIP,
                    short_name__startswith=short[0],
                    sort_order__lt=unit.sort_order,
                ).exists()
                code = f"{short[:2]}政" if taken else f"{short[0]}政"
            else:
                root = Unit.unscoped.filter(parent__isnull=True).order_by("pk").first()
                county = (root.agency_code or root.short_name or root.name)[:1] if root else ""
                if county == "县":  # a short name such as 县政府 says nothing
                    county = root.name[:1]
                code = f"{county}{short.removeprefix('县')[:2]}"
    return f"{code}公开"


def _county_government(unit: Unit) -> Unit:
    current = unit
    with system_scope("walking up the unit tree"):
        while current.parent_id is not None and current.kind != UnitKind.COUNTY_GOVERNMENT:
            current = Unit.unscoped.get(pk=current.parent_id)
    return current


def review_body_for(unit: Unit) -> str:
    """The 行政复议机关 named in the remedy sentence (2024 《行政复议法》)."""
    return rules.review_body(
        county_level=unit.is_county_level,
        county_government=_county_government(unit).name,
        city_government=CITY_GOVERNMENT,
    )


def template_for(outcome: Outcome | str) -> ReplyTemplate:
    """The stored template of ``outcome``, or the seeded default (unsaved) if missing."""
    outcome = Outcome(outcome)
    found = ReplyTemplate.objects.filter(outcome=outcome).first()
    return found or ReplyTemplate(
        outcome=outcome, title=rules.DEFAULT_TITLE, body=rules.default_body(outcome)
    )


def letter_values(request: FoiRequest, outcome: Outcome, reply_type: ReplyType) -> dict[str, str]:
    received = request.received_on or request.arrived_on
    return {
        "申请人": request.applicant_name,
        "收到日期": fmt_date(received),
        "申请内容": request.description.strip(),
        "法律依据": legal_basis(outcome, reply_type),
        "救济途径": rules.remedy_sentence(review_body_for(request.unit)),
        "答复机关": request.unit.name,
    }


def _validate_pair(outcome, reply_type) -> tuple[Outcome, ReplyType]:
    try:
        outcome = Outcome(outcome)
    except ValueError as exc:
        raise FoiError("请选择办理结果") from exc
    if not reply_type:
        reply_type = rules.reply_type_choices(outcome)[0]
    try:
        reply_type = ReplyType(reply_type)
        legal_basis(outcome, reply_type)
    except ValueError as exc:
        raise FoiError(str(exc) if "不能使用" in str(exc) else "答复类型有误") from exc
    return outcome, reply_type


def _snapshot(letter: ReplyLetter) -> dict:
    return {
        "state": letter.state,
        "outcome": letter.outcome,
        "reply_type": letter.reply_type,
        "number": letter.number,
    }


def _lock_letter(letter: ReplyLetter) -> ReplyLetter:
    with system_scope("a transition re-reads the letter it was authorised for"):
        return ReplyLetter.unscoped.select_for_update().select_related("request").get(pk=letter.pk)


def _check(name: str, letter: ReplyLetter) -> LetterState:
    try:
        return rules.check_transition(name, letter.state)
    except rules.LetterTransitionError as exc:
        raise FoiError(str(exc)) from exc


def _refresh(original: ReplyLetter, locked: ReplyLetter) -> ReplyLetter:
    for field in ReplyLetter._meta.concrete_fields:
        setattr(original, field.attname, getattr(locked, field.attname))
    return original


# ---------------------------------------------------------------------------- templates


@transaction.atomic
def update_template(
    outcome: Outcome | str, *, title: str, body: str, by: User, now: dt.datetime
) -> ReplyTemplate:
    """Edit the 答复书 template of one outcome (county office only)."""
    if not can_edit_templates(by):
        raise NotAllowed("只有县政务公开办可以修改答复书模板")
    outcome = Outcome(outcome)
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise FoiError("模板的标题和正文都不能为空")
    unknown = rules.unknown_placeholders(title + body)
    if unknown:
        names = "、".join(f"{{{name}}}" for name in unknown)
        known = "、".join(f"{{{name}}}" for name in rules.PLACEHOLDERS)
        raise FoiError(f"模板中有无法识别的占位符：{names}；可用的占位符：{known}")
    if "{救济途径}" not in body:
        raise FoiError("答复书必须告知救济途径，模板正文须包含{救济途径}")
    template = ReplyTemplate.objects.select_for_update().filter(outcome=outcome).first()
    before = {"title": template.title, "body": template.body} if template else None
    if template is None:
        template = ReplyTemplate(outcome=outcome)
    template.title, template.body = title, body
    template.updated_by, template.updated_at = by, now
    template.save()
    audit.record(
        action="foi.template.update",
        by=by,
        obj=template,
        before=before,
        after={"title": title, "body": body},
        at=now,
    )
    return template


# ------------------------------------------------------------------------------ letters


@transaction.atomic
def draft_letter(
    request: FoiRequest,
    *,
    outcome: Outcome | str,
    reply_type: ReplyType | str | None = None,
    body: str | None = None,
    title: str | None = None,
    by: User,
    now: dt.datetime,
) -> ReplyLetter:
    """Start the case's reply letter from the outcome's template (the handler picks the outcome
    and its Art. 36 reply type). ``body``/``title`` override the generated text."""
    if not permissions.can_handle(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以起草答复书")
    request = _lock(request)
    if request.state == State.CLOSED:
        raise FoiError("申请已办结，不能再起草答复书")
    if request.state == State.NEW:
        raise FoiError("申请尚未登记收到日期，不能起草答复书")
    if ReplyLetter.unscoped.filter(request=request).exists():
        raise FoiError("本申请已有答复书，请修改现有答复书")
    outcome, reply_type = _validate_pair(outcome, reply_type)
    template = template_for(outcome)
    values = letter_values(request, outcome, reply_type)
    letter = ReplyLetter.objects.create(
        request=request,
        outcome=outcome,
        reply_type=reply_type,
        title=(title or "").strip() or rules.render(template.title, values),
        body=(body or "").strip() or rules.render(template.body, values),
        state=LetterState.DRAFT,
        drafted_by=by,
        drafted_at=now,
    )
    audit.record(
        action="foi.letter.draft",
        by=by,
        unit=request.unit,
        obj=request,
        after=_snapshot(letter),
        at=now,
    )
    return letter


@transaction.atomic
def update_letter(
    letter: ReplyLetter,
    *,
    outcome: Outcome | str,
    reply_type: ReplyType | str | None = None,
    title: str,
    body: str,
    regenerate: bool = False,
    by: User,
    now: dt.datetime,
) -> ReplyLetter:
    """Edit a draft or returned letter. ``regenerate`` rebuilds the body from the template
    (after the outcome changed)."""
    if not permissions.can_handle(by, letter.request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以修改答复书")
    original, letter = letter, _lock_letter(letter)
    _check("edit", letter)
    outcome, reply_type = _validate_pair(outcome, reply_type)
    before = _snapshot(letter)
    letter.outcome, letter.reply_type = outcome, reply_type
    if regenerate:
        template = template_for(outcome)
        values = letter_values(letter.request, outcome, reply_type)
        title, body = rules.render(template.title, values), rules.render(template.body, values)
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise FoiError("答复书的标题和正文不能为空")
    letter.title, letter.body = title, body
    letter.save(update_fields=["outcome", "reply_type", "title", "body"])
    audit.record(
        action="foi.letter.edit",
        by=by,
        unit=letter.request.unit,
        obj=letter.request,
        before=before,
        after=_snapshot(letter),
        at=now,
    )
    return _refresh(original, letter)


@transaction.atomic
def submit_letter(letter: ReplyLetter, *, by: User, now: dt.datetime) -> ReplyLetter:
    """Send the letter to the unit leader for approval."""
    if not permissions.can_handle(by, letter.request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以提交答复书")
    original, letter = letter, _lock_letter(letter)
    target = _check("submit", letter)
    if any(f"{{{name}}}" in letter.title + letter.body for name in rules.PLACEHOLDERS):
        raise FoiError("答复书正文中还有未填写的占位符，请修改后再提交")
    before = _snapshot(letter)
    letter.state, letter.submitted_at = target, now
    letter.save(update_fields=["state", "submitted_at"])
    audit.record(
        action="foi.letter.submit",
        by=by,
        unit=letter.request.unit,
        obj=letter.request,
        before=before,
        after=_snapshot(letter),
        at=now,
    )
    return _refresh(original, letter)


def _next_number(unit: Unit, year: int) -> int:
    counter, _ = LetterSequence.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


@transaction.atomic
def approve_letter(
    letter: ReplyLetter, *, by: User, today: dt.date, now: dt.datetime
) -> ReplyLetter:
    """签发: the receiving unit's 单位负责人 (or the county office), never the drafter. The
    letter number is allocated now from the unit's sequence of the year."""
    request = letter.request
    if not can_approve_letter(by, request):
        raise NotAllowed("答复书须由受理机关的单位负责人或县政务公开办签发")
    original, letter = letter, _lock_letter(letter)
    if letter.drafted_by_id == by.pk:
        raise NotAllowed("拟稿人不能签发自己起草的答复书")
    target = _check("approve", letter)
    before = _snapshot(letter)
    sequence = _next_number(request.unit, today.year)
    letter.state = target
    letter.sequence = sequence
    letter.number = rules.format_letter_number(letter_prefix(request.unit), today.year, sequence)
    letter.dated_on = today
    letter.approved_by, letter.approved_at = by, now
    letter.return_reason = ""
    letter.save(
        update_fields=[
            "state",
            "sequence",
            "number",
            "dated_on",
            "approved_by",
            "approved_at",
            "return_reason",
        ]
    )
    audit.record(
        action="foi.letter.approve",
        by=by,
        unit=request.unit,
        obj=request,
        before=before,
        after=_snapshot(letter),
        at=now,
    )
    return _refresh(original, letter)


@transaction.atomic
def return_letter(letter: ReplyLetter, *, by: User, reason: str, now: dt.datetime) -> ReplyLetter:
    """退回修改, with the approver's reason."""
    request = letter.request
    if not can_approve_letter(by, request):
        raise NotAllowed("只有受理机关的单位负责人或县政务公开办可以退回答复书")
    reason = (reason or "").strip()
    if not reason:
        raise FoiError("请填写退回意见")
    original, letter = letter, _lock_letter(letter)
    target = _check("return", letter)
    before = _snapshot(letter)
    letter.state, letter.return_reason = target, reason
    letter.save(update_fields=["state", "return_reason"])
    audit.record(
        action="foi.letter.return",
        by=by,
        unit=request.unit,
        obj=request,
        before=before,
        after=_snapshot(letter),
        reason=reason,
        at=now,
    )
    return _refresh(original, letter)


# ----------------------------------------------------------------------------- delivery


@transaction.atomic
def record_delivery(
    letter: ReplyLetter,
    *,
    method: DeliveryMethod | str,
    delivered_on: dt.date,
    tracking_number: str = "",
    email: str = "",
    note: str = "",
    by: User,
    now: dt.datetime,
) -> DeliveryRecord:
    """送达 of the approved letter: method, date, postal tracking number or e-mail address."""
    request = letter.request
    if not permissions.can_handle(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以登记送达")
    try:
        method = DeliveryMethod(method)
    except ValueError as exc:
        raise FoiError("请选择送达方式") from exc
    letter = _lock_letter(letter)
    if letter.state != LetterState.APPROVED:
        raise FoiError("答复书签发后才能送达")
    tracking_number, email = (tracking_number or "").strip(), (email or "").strip()
    if method is DeliveryMethod.POST and not tracking_number:
        # 国办公开办函〔2016〕235号: postal delivery through a 邮政企业, with proof.
        raise FoiError("邮寄送达须填写邮件号码（挂号信或EMS）")
    if method is DeliveryMethod.EMAIL and not email:
        raise FoiError("电子邮件送达须填写收件邮箱")
    assert letter.dated_on is not None  # noqa: S101 - approved letters are dated (constraint)
    if delivered_on < letter.dated_on:
        raise FoiError(f"送达日期不能早于答复书签发日期（{fmt_date(letter.dated_on)}）")
    if delivered_on > timezone.localdate(now):
        raise FoiError("送达日期不能晚于今天")
    record = DeliveryRecord.objects.create(
        request=request,
        letter=letter,
        method=method,
        delivered_on=delivered_on,
        tracking_number=tracking_number if method is DeliveryMethod.POST else "",
        email=email if method is DeliveryMethod.EMAIL else "",
        note=(note or "").strip()[:200],
        by=by,
        at=now,
    )
    audit.record(
        action="foi.delivery",
        by=by,
        unit=request.unit,
        obj=request,
        after={
            "method": str(method),
            "delivered_on": delivered_on.isoformat(),
            "letter": letter.number,
        },
        at=now,
    )
    return record


def attach_disclosed(request: FoiRequest, *, upload, by: User, now: dt.datetime) -> FoiAttachment:
    """A disclosed file sent with the letter (kept with the case, private storage)."""
    return attach_file(request, kind=AttachmentKind.DISCLOSED, upload=upload, by=by, now=now)


# ------------------------------------------------------------------------------ closing


def closing_blockers(request: FoiRequest) -> list[str]:
    """Why the case cannot close yet (empty when it can), for the reply page."""
    if request.state == State.CLOSED:
        return ["申请已办结"]
    letter = ReplyLetter.unscoped.filter(request=request).first()
    if letter is None:
        return ["尚未起草答复书"]
    problems = []
    if letter.state != LetterState.APPROVED:
        problems.append("答复书尚未签发")
    if not DeliveryRecord.unscoped.filter(letter=letter).exists():
        problems.append("尚未登记送达")
    return problems


@transaction.atomic
def close_with_reply(request: FoiRequest, *, by: User, now: dt.datetime, note: str = ""):
    """办结: refused unless the case has an approved letter and a delivery record.

    The closing date is the first delivery's date (the reply is made when it reaches the
    applicant; 国办公开办函〔2016〕235号). The outcome is the letter's; 其他处理 1/2 close with the
    ledger's lapse events, which check the correction / payment period has passed.
    """
    if not permissions.can_handle(by, request):
        raise NotAllowed("只有受理机关、承办单位的工作人员或县政务公开办可以办结申请")
    original, request = request, _lock(request)
    if request.state == State.CLOSED:
        raise FoiError("申请已办结")
    letter = ReplyLetter.unscoped.filter(request=request).first()
    if letter is None or letter.state != LetterState.APPROVED:
        raise FoiError("办结前须有经单位负责人签发的答复书")
    delivery = DeliveryRecord.unscoped.filter(letter=letter).order_by("delivered_on", "pk").first()
    if delivery is None:
        raise FoiError("办结前须登记答复书的送达情况")
    outcome = Outcome(letter.outcome)
    kind = CLOSING_EVENT.get(outcome, EventKind.REPLIED)
    event = ClockEvent(
        kind=kind,
        on=delivery.delivered_on,
        outcome=outcome if kind is EventKind.REPLIED else None,
    )
    row = _append_event(
        request, event, by=by, now=now, note=note or f"{letter.number} {outcome_label(outcome)}"
    )
    request.reply_type = letter.reply_type
    request.save(update_fields=["reply_type"])
    audit.record(
        action="foi.close",
        by=by,
        unit=request.unit,
        obj=request,
        after={
            "outcome": str(outcome),
            "reply_type": letter.reply_type,
            "letter": letter.number,
            "closed_on": request.closed_on.isoformat(),
        },
        at=now,
    )
    # Nobody keeps working for a closed case: unanswered 协办 requests are withdrawn.
    withdraw_open_contributions(request, by=by, now=now)
    for name in ("state", "closed_on", "outcome", "reply_type"):
        setattr(original, name, getattr(request, name))
    return row


def _close_as(request: FoiRequest, outcome: Outcome, *, by: User, now: dt.datetime, note: str):
    letter = ReplyLetter.unscoped.filter(request=request).first()
    if letter is not None and letter.outcome != outcome:
        raise FoiError(f"答复书的办理结果不是“{outcome_label(outcome)}”")
    return close_with_reply(request, by=by, now=now, note=note)


def close_correction_lapsed(request: FoiRequest, *, by: User, now: dt.datetime, note: str = ""):
    """逾期未补正 (Art. 30; 其他处理 1), with its approved and delivered 告知书."""
    return _close_as(request, Outcome.OTHER_NO_CORRECTION, by=by, now=now, note=note)


def close_fee_lapsed(request: FoiRequest, *, by: User, now: dt.datetime, note: str = ""):
    """逾期未缴费 (国办函〔2020〕109号; 其他处理 2), with its approved and delivered 告知书."""
    return _close_as(request, Outcome.OTHER_FEE_UNPAID, by=by, now=now, note=note)


# ------------------------------------------------------------------------- review cases


def _review_snapshot(review: ReviewCase) -> dict:
    return {
        "kind": review.kind,
        "filed_on": review.filed_on.isoformat(),
        "result": review.result,
        "decided_on": review.decided_on.isoformat() if review.decided_on else None,
    }


@transaction.atomic
def record_review_case(
    request: FoiRequest,
    *,
    kind: ReviewKind | str,
    filed_on: dt.date,
    body: str = "",
    case_number: str = "",
    note: str = "",
    by: User,
    now: dt.datetime,
) -> ReviewCase:
    """Link a 行政复议 / 行政诉讼 to the case (table 四 of the annual report)."""
    if not can_record_reviews(by, request):
        raise NotAllowed("只有受理机关的工作人员或县政务公开办可以登记行政复议、行政诉讼")
    try:
        kind = ReviewKind(kind)
    except ValueError as exc:
        raise FoiError("请选择行政复议或行政诉讼类别") from exc
    if filed_on > timezone.localdate(now):
        raise FoiError("提起日期不能晚于今天")
    if request.received_on is None or filed_on < request.received_on:
        raise FoiError("提起日期不能早于收到申请之日")
    review = ReviewCase.objects.create(
        request=request,
        kind=kind,
        filed_on=filed_on,
        body=(body or "").strip()[:100],
        case_number=(case_number or "").strip()[:60],
        note=(note or "").strip(),
        created_by=by,
        created_at=now,
    )
    audit.record(
        action="foi.review.create",
        by=by,
        unit=request.unit,
        obj=request,
        after=_review_snapshot(review),
        at=now,
    )
    return review


@transaction.atomic
def decide_review_case(
    review: ReviewCase,
    *,
    result: ReviewResult | str,
    decided_on: dt.date | None,
    note: str = "",
    by: User,
    now: dt.datetime,
) -> ReviewCase:
    """The outcome of the review or lawsuit (维持, 纠正, 其他; 尚未审结 clears it)."""
    request = review.request
    if not can_record_reviews(by, request):
        raise NotAllowed("只有受理机关的工作人员或县政务公开办可以登记行政复议、行政诉讼结果")
    try:
        result = ReviewResult(result)
    except ValueError as exc:
        raise FoiError("请选择结果") from exc
    if result is ReviewResult.PENDING:
        decided_on = None
    elif decided_on is None:
        raise FoiError("请填写审结日期")
    elif decided_on < review.filed_on:
        raise FoiError("审结日期不能早于提起日期")
    elif decided_on > timezone.localdate(now):
        raise FoiError("审结日期不能晚于今天")
    with system_scope("re-reading the review case to change it"):
        locked = ReviewCase.unscoped.select_for_update().get(pk=review.pk)
    before = _review_snapshot(locked)
    locked.result, locked.decided_on = result, decided_on
    if note:
        locked.note = (locked.note + "\n" + note.strip()).strip()
    locked.save(update_fields=["result", "decided_on", "note"])
    audit.record(
        action="foi.review.decide",
        by=by,
        unit=request.unit,
        obj=request,
        before=before,
        after=_review_snapshot(locked),
        at=now,
    )
    review.result, review.decided_on, review.note = locked.result, locked.decided_on, locked.note
    return review


__all__ = [
    "REPLY_TYPE_LABELS",
    "approve_letter",
    "attach_disclosed",
    "can_approve_letter",
    "can_edit_templates",
    "can_record_reviews",
    "close_correction_lapsed",
    "close_fee_lapsed",
    "close_with_reply",
    "closing_blockers",
    "decide_review_case",
    "draft_letter",
    "letter_prefix",
    "letter_values",
    "record_delivery",
    "record_review_case",
    "return_letter",
    "review_body_for",
    "submit_letter",
    "template_for",
    "update_letter",
    "update_template",
]
