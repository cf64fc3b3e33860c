"""Writes of the normative-document registry: one guarded function per transition.

Every function is keyword-only after the document, runs in one transaction, checks who acts,
moves the state through the tables in gongkai/normdocs/domain/lifecycle.py, writes the
document's status history and an audit entry in the same transaction, and raises
``NormdocError`` (a Chinese message for the user) without changing anything when refused.
Cleanup campaigns are in gongkai/normdocs/campaigns.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape

from gongkai.audit import services as audit
from gongkai.audit.actions import register_actions
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.importing import rewrite_doc_number
from gongkai.normdocs.domain.lifecycle import Stage, Status, TransitionRefused
from gongkai.normdocs.models import (
    DocumentKind,
    LegalReview,
    NormativeDocument,
    RegistrationSequence,
    StatusChange,
)
from gongkai.normdocs.permissions import can_act_for_unit, is_county_admin, is_legal_reviewer
from gongkai.units.errors import NotAllowed, UnitsError
from gongkai.units.models import Unit, UnitKind, User
from gongkai.units.scoping import system_scope
from gongkai.workdays.calendar import get_calendar

register_actions(
    {
        "normdocs.create": "起草规范性文件",
        "normdocs.update": "修改规范性文件草稿",
        "normdocs.submit_for_legal_review": "提交合法性审核",
        "normdocs.pass_legal_review": "合法性审核通过",
        "normdocs.return_from_legal_review": "合法性审核退回",
        "normdocs.record_deliberation": "登记集体审议",
        "normdocs.sign": "登记签发",
        "normdocs.register": "统一登记编号",
        "normdocs.publish": "公布规范性文件",
        "normdocs.file": "登记备案",
        "normdocs.expire": "到期失效",
        "normdocs.declare_expired": "宣布失效",
        "normdocs.repeal": "废止",
        "normdocs.mark_amended": "标记已修改",
        "normdocs.renew": "延续有效期",
        "normdocs.link_interpretation": "关联政策解读",
        "normdocs.import": "导入规范性文件",
    }
)


class NormdocError(UnitsError):
    """A registry operation refused with a message for the user."""


GOVERNMENT_KINDS = frozenset({UnitKind.COUNTY_GOVERNMENT, UnitKind.COUNTY_OFFICE})
DRAFT_FIELDS = (
    "title",
    "issuer_name",
    "doc_number",
    "topic",
    "written_on",
    "effective_on",
    "valid_until",
    "body",
    "amends",
)


def filing_days() -> int:
    return int(getattr(settings, "NORMDOCS_FILING_DAYS", lifecycle.DEFAULT_FILING_DAYS))


def filed_with_default() -> str:
    return getattr(settings, "NORMDOCS_FILED_WITH", "六安市人民政府")


def canonical_doc_number(text: str, *, today: dt.date, year_hint: int | None = None) -> str:
    """The canonical 文号, or NormdocError naming what is wrong with it ('' stays '').

    The same rewriting as the importer (domain/importing.py, on top of the checks normaliser),
    so a 文号 the import accepts is accepted when typed in the admin too.
    """
    text = (text or "").strip()
    if not text:
        return ""
    result = rewrite_doc_number(text, year_hint=year_hint, today_year=today.year, check_year=False)
    if not result.canonical:
        raise NormdocError(result.error or f"文号“{text}”无法识别")
    return result.canonical


def _require_unit_staff(by: User, document: NormativeDocument) -> None:
    if not can_act_for_unit(by, document.unit_id):
        raise NotAllowed("只有制定单位的工作人员或县政务公开办可以进行此操作")


def _snapshot(document: NormativeDocument) -> dict:
    return {"stage": document.stage, "status": document.status}


def _history(document, *, field: str, before: str, after: str, by, now, reason: str = "") -> None:
    StatusChange.objects.create(
        document=document,
        unit_id=document.unit_id,
        field=field,
        before=before,
        after=after,
        on=timezone.localdate(now),
        at=now,
        by=by,
        reason=reason,
    )


def _lock(document: NormativeDocument) -> NormativeDocument:
    with system_scope("a transition re-reads the row it was authorised for"):
        return NormativeDocument.unscoped.select_for_update().get(pk=document.pk)


def _move_stage(document, transition: str, *, by, now, reason: str = "", changes=None):
    """Apply a procedure transition (table: lifecycle.STAGE_TRANSITIONS) with history + audit."""
    try:
        target = lifecycle.next_stage(document.stage, transition)
    except TransitionRefused as exc:
        raise NormdocError(str(exc)) from exc
    before = _snapshot(document) | {k: str(getattr(document, k)) for k in (changes or {})}
    for name, value in (changes or {}).items():
        setattr(document, name, value)
    previous = document.stage
    document.stage = target
    document.save()
    _history(document, field="stage", before=previous, after=target, by=by, now=now, reason=reason)
    audit.record(
        action=f"normdocs.{transition}",
        by=by,
        unit=document.unit,
        obj=document,
        before=before,
        after=_snapshot(document) | {k: str(getattr(document, k)) for k in (changes or {})},
        reason=reason,
        at=now,
    )
    return document


def _set_status(document, transition: str, *, by, now, reason: str = "") -> NormativeDocument:
    """Apply a validity transition (table: lifecycle.STATUS_TRANSITIONS); the item follows."""
    try:
        target = lifecycle.next_status(document.status, transition)
    except TransitionRefused as exc:
        raise NormdocError(str(exc)) from exc
    previous = document.status
    document.status = target
    if target != Status.VALID:  # a cleanup's 修改 decision is settled once it changes
        document.pending_amendment = False
    document.save(update_fields=["status", "valid_until", "pending_amendment", "updated_at"])
    _history(document, field="status", before=previous, after=target, by=by, now=now, reason=reason)
    _sync_item_validity(document)
    audit.record(
        action=f"normdocs.{transition}",
        by=by,
        unit=document.unit,
        obj=document,
        before={"status": previous},
        after={"status": target, "valid_until": str(document.valid_until)},
        reason=reason,
        at=now,
    )
    return document


def _sync_item_validity(document: NormativeDocument) -> None:
    # The catalogue item's 有效性 follows the registry (statutes.md §5.4: shown in the
    # metadata block of the policy page).
    if document.item_id:
        from gongkai.catalog.models import ItemPage

        ItemPage.objects.filter(pk=document.item_id).update(validity=document.status)


# ---------------------------------------------------------------- drafting


def _clean_fields(fields: dict, *, today: dt.date, unit: Unit, exclude_pk=None) -> dict:
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            raise NormdocError("请填写文件标题")
    if "doc_number" in cleaned:
        cleaned["doc_number"] = canonical_doc_number(cleaned["doc_number"], today=today)
        if cleaned["doc_number"]:
            with system_scope("文号 uniqueness is per issuer, across readers"):
                clash = NormativeDocument.unscoped.filter(
                    unit=unit, doc_number=cleaned["doc_number"]
                ).exclude(pk=exclude_pk)
                if clash.exists():
                    raise NormdocError(f"本单位已有文号为“{cleaned['doc_number']}”的文件")
    return cleaned


def _check_validity(document: NormativeDocument) -> None:
    problem = lifecycle.validity_problem(
        document.title, document.effective_on, document.valid_until
    )
    if problem:
        raise NormdocError(problem)


@transaction.atomic
def create_document(*, unit: Unit, by: User, today: dt.date, now: dt.datetime, **fields):
    """Start a draft (起草) for `unit`."""
    if not can_act_for_unit(by, unit.pk):
        raise NotAllowed("只能为本单位起草规范性文件")
    cleaned = _clean_fields(fields, today=today, unit=unit)
    document = NormativeDocument(
        unit=unit,
        kind=DocumentKind.GOVERNMENT if unit.kind in GOVERNMENT_KINDS else DocumentKind.DEPARTMENT,
        created_by=by,
        **cleaned,
    )
    _check_validity(document)
    document.save()
    _history(document, field="stage", before="", after=Stage.DRAFT, by=by, now=now)
    audit.record(
        action="normdocs.create",
        by=by,
        unit=unit,
        obj=document,
        after={"title": document.title, "stage": document.stage},
        at=now,
    )
    return document


@transaction.atomic
def update_draft(document: NormativeDocument, *, by: User, today: dt.date, now, **fields):
    """Edit a draft; after it has gone to legality review the text is fixed."""
    _require_unit_staff(by, document)
    document = _lock(document)
    if document.stage != Stage.DRAFT:
        raise NormdocError("文件已提交审核，不能再修改；如需修改，请由司法局退回")
    cleaned = _clean_fields(fields, today=today, unit=document.unit, exclude_pk=document.pk)
    before = {k: str(getattr(document, k)) for k in cleaned}
    for name, value in cleaned.items():
        setattr(document, name, value)
    _check_validity(document)
    document.save()
    audit.record(
        action="normdocs.update",
        by=by,
        unit=document.unit,
        obj=document,
        before=before,
        after={k: str(getattr(document, k)) for k in cleaned},
        at=now,
    )
    return document


# ---------------------------------------------------------------- the procedure


@transaction.atomic
def submit_for_legal_review(document: NormativeDocument, *, by: User, now: dt.datetime):
    _require_unit_staff(by, document)
    document = _lock(document)
    if not document.body.strip():
        raise NormdocError("请先填写文件正文，再提交合法性审核")
    return _move_stage(document, "submit_for_legal_review", by=by, now=now)


@transaction.atomic
def record_legal_review(
    document: NormativeDocument,
    *,
    by: User,
    conclusion: str,
    opinion: str,
    today: dt.date,
    now: dt.datetime,
):
    """合法性审核 by the legal office: pass, or return to the drafting unit with an opinion."""
    if not is_legal_reviewer(by):
        raise NotAllowed("只有司法局（合法性审核机构）可以出具合法性审核意见")
    opinion = (opinion or "").strip()
    if conclusion not in LegalReview.Conclusion.values:
        raise NormdocError("请选择审核结论")
    if not opinion:
        raise NormdocError("请填写合法性审核意见")
    document = _lock(document)
    transition = (
        "pass_legal_review"
        if conclusion == LegalReview.Conclusion.PASSED
        else "return_from_legal_review"
    )
    document = _move_stage(document, transition, by=by, now=now, reason=opinion)
    LegalReview.objects.create(
        document=document,
        unit_id=document.unit_id,
        reviewer=by,
        reviewed_on=today,
        conclusion=conclusion,
        opinion=opinion,
    )
    return document


@transaction.atomic
def record_deliberation(
    document: NormativeDocument, *, by: User, meeting: str, deliberated_on: dt.date, now
):
    """集体审议: only after a passed legality review (国办发〔2018〕37号)."""
    _require_unit_staff(by, document)
    meeting = (meeting or "").strip()
    if not meeting or deliberated_on is None:
        raise NormdocError("请填写审议会议名称和日期")
    document = _lock(document)
    passed = document.legal_reviews.filter(conclusion=LegalReview.Conclusion.PASSED)
    if passed.filter(reviewed_on__gt=deliberated_on).exists():
        raise NormdocError("集体审议日期不能早于合法性审核通过日期")
    return _move_stage(
        document,
        "record_deliberation",
        by=by,
        now=now,
        changes={"deliberation_meeting": meeting, "deliberated_on": deliberated_on},
    )


@transaction.atomic
def sign_document(
    document: NormativeDocument, *, by: User, signed_by: str, signed_on: dt.date, now
):
    _require_unit_staff(by, document)
    signed_by = (signed_by or "").strip()
    if not signed_by or signed_on is None:
        raise NormdocError("请填写签发人和签发日期")
    document = _lock(document)
    if document.deliberated_on and signed_on < document.deliberated_on:
        raise NormdocError("签发日期不能早于集体审议日期")
    return _move_stage(
        document,
        "sign",
        by=by,
        now=now,
        changes={"signed_by": signed_by, "signed_on": signed_on},
    )


def _next_registration_number(unit: Unit, year: int) -> str:
    """The next free 统一登记号 of the unit and year; numbers taken outside the counter (an
    import, an earlier system) are skipped, never reused."""
    counter, _ = RegistrationSequence.objects.select_for_update().get_or_create(
        unit=unit, year=year
    )
    while True:
        counter.last_value += 1
        candidate = f"HQ{unit.code.upper()}-{year}-{counter.last_value:03d}"
        if not NormativeDocument.unscoped.filter(registration_number=candidate).exists():
            break
    counter.save(update_fields=["last_value"])
    return candidate


@transaction.atomic
def register_document(
    document: NormativeDocument,
    *,
    by: User,
    doc_number: str = "",
    written_on: dt.date | None = None,
    today: dt.date,
    now: dt.datetime,
):
    """统一登记、统一编号: a registration number and the canonical 文号 (unique per issuer)."""
    _require_unit_staff(by, document)
    document = _lock(document)
    cleaned = _clean_fields(
        {"doc_number": doc_number or document.doc_number},
        today=today,
        unit=document.unit,
        exclude_pk=document.pk,
    )
    if not cleaned["doc_number"]:
        raise NormdocError("登记编号前请填写文号")
    written_on = written_on or document.written_on or document.signed_on or today
    try:
        with transaction.atomic():
            return _move_stage(
                document,
                "register",
                by=by,
                now=now,
                changes={
                    "doc_number": cleaned["doc_number"],
                    "written_on": written_on,
                    "registration_number": _next_registration_number(
                        document.unit, written_on.year
                    ),
                },
            )
    except IntegrityError as exc:
        raise NormdocError("文号或登记号与已有文件重复") from exc


@transaction.atomic
def publish_document(
    document: NormativeDocument,
    *,
    by: User,
    published_on: dt.date,
    effective_on: dt.date | None = None,
    valid_until: dt.date | None = None,
    now: dt.datetime,
):
    """公布: the document becomes 有效, its 有效期 and 备案 deadline are fixed, and it is
    published in the unit's 行政规范性文件 channel (an unpublished document cannot serve as a
    basis for administration, 国办发〔2018〕37号). A document it amends becomes 已修改."""
    _require_unit_staff(by, document)
    document = _lock(document)
    if published_on is None:
        raise NormdocError("请填写公布日期")
    if document.signed_on and published_on < document.signed_on:
        raise NormdocError("公布日期不能早于签发日期")
    effective_on = effective_on or document.effective_on or published_on
    if effective_on < published_on:
        raise NormdocError("施行日期不能早于公布日期")
    valid_until = (
        valid_until
        or document.valid_until
        or lifecycle.default_valid_until(document.title, effective_on)
    )
    problem = lifecycle.validity_problem(document.title, effective_on, valid_until)
    if problem:
        raise NormdocError(problem)
    if document.amends_id and document.amends.status not in (Status.VALID, Status.AMENDED):
        raise NormdocError(
            f"被修改的文件“{document.amends}”已{document.amends.get_status_display()}，"
            "不能再被修改；请在草稿中重新选择被修改的文件"
        )
    calendar = get_calendar()
    changes = {
        "published_on": published_on,
        "effective_on": effective_on,
        "valid_until": valid_until,
        "filed_with": document.filed_with or filed_with_default(),
        "filing_due": lifecycle.filing_due(
            published_on, filing_days(), is_workday=calendar.is_workday
        ),
    }
    document.status = Status.VALID
    document = _move_stage(document, "publish", by=by, now=now, changes=changes)
    _history(document, field="status", before="", after=Status.VALID, by=by, now=now)
    if document.item_id is None:
        document.item_id = _publish_in_catalogue(document)
        document.save(update_fields=["item", "updated_at"])
    if document.amends_id:
        # The document lives on as amended, for the period of the amending document.
        amended = _lock(document.amends)
        if amended.valid_until is None or amended.valid_until < document.valid_until:
            amended.valid_until = document.valid_until
        _set_status(amended, "mark_amended", by=by, now=now, reason=f"被{document}修改")
    return document


def _paragraphs(text: str) -> str:
    """The registry keeps plain text; the item's body is rich text (HTML)."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def _publish_in_catalogue(document: NormativeDocument) -> int | None:
    """The catalogue item of the document in its unit's 行政规范性文件 channel, if there is one.

    The document has passed legality review, collective deliberation and signing, which is
    more than the 三审 of an ordinary item, so the item is written as published directly.
    """
    from gongkai.catalog.bulk import NewItem, bulk_create_items
    from gongkai.catalog.domain.taxonomy import ItemKind
    from gongkai.catalog.models import ChannelPage, ItemPage
    from gongkai.catalog.models.pages import NORMATIVE_CHANNEL_SLUG

    channel = ChannelPage.objects.filter(unit_id=document.unit_id, slug=NORMATIVE_CHANNEL_SLUG)
    channel = channel.order_by("path").first()
    if channel is None:
        return None
    key = f"normdoc:{document.pk}"
    bulk_create_items(
        [
            NewItem(
                channel_id=channel.pk,
                title=document.title,
                published_on=document.published_on,
                kind=ItemKind.POLICY,
                publisher=document.issuer_name,
                doc_number=document.doc_number,
                written_on=document.written_on,
                topic=document.topic,
                genre="通知",
                validity=document.status,
                keywords="规范性文件",
                summary=document.title,
                body=_paragraphs(document.body),
                import_key=key,
            )
        ]
    )
    return ItemPage.objects.filter(import_key=key).values_list("pk", flat=True).first()


@transaction.atomic
def file_document(
    document: NormativeDocument,
    *,
    by: User,
    filed_on: dt.date,
    filed_with: str = "",
    reference: str = "",
    now: dt.datetime,
):
    """备案 with the government one level up (有件必备)."""
    _require_unit_staff(by, document)
    document = _lock(document)
    if filed_on is None:
        raise NormdocError("请填写备案日期")
    if document.published_on and filed_on < document.published_on:
        raise NormdocError("备案日期不能早于公布日期")
    return _move_stage(
        document,
        "file",
        by=by,
        now=now,
        changes={
            "filed_on": filed_on,
            "filed_with": (filed_with or "").strip() or document.filed_with or filed_with_default(),
            "filing_reference": (reference or "").strip(),
        },
    )


# ---------------------------------------------------------------- validity


def _require_public(document: NormativeDocument) -> None:
    if not document.is_public:
        raise NormdocError("文件尚未公布，不能变更有效性")


@transaction.atomic
def expire_document(document: NormativeDocument, *, today: dt.date, now: dt.datetime):
    """到期失效 (run by the expiry job, by nobody): the day after the last day of 有效期."""
    document = _lock(document)
    _require_public(document)
    if document.valid_until is None or today < lifecycle.expires_on(document.valid_until):
        raise NormdocError("文件尚未到期")
    return _set_status(
        document,
        "expire",
        by=None,
        now=now,
        reason=f"有效期至{document.valid_until:%Y年%m月%d日}，到期自动失效",
    )


def _require_ender(by: User, document: NormativeDocument) -> None:
    if not (can_act_for_unit(by, document.unit_id) or is_county_admin(by)):
        raise NotAllowed("只有制定单位或县政务公开办可以变更文件有效性")


@transaction.atomic
def repeal_document(
    document: NormativeDocument,
    *,
    by: User,
    reason: str,
    repealed_by: NormativeDocument | None = None,
    now: dt.datetime,
):
    _require_ender(by, document)
    reason = (reason or "").strip()
    if not reason:
        raise NormdocError("请填写废止理由")
    document = _lock(document)
    _require_public(document)
    if repealed_by is not None:
        if repealed_by.pk == document.pk:
            raise NormdocError("文件不能废止自身")
        document.repealed_by = repealed_by
        document.save(update_fields=["repealed_by", "updated_at"])
    return _set_status(document, "repeal", by=by, now=now, reason=reason)


@transaction.atomic
def declare_expired(document: NormativeDocument, *, by: User, reason: str, now: dt.datetime):
    _require_ender(by, document)
    reason = (reason or "").strip()
    if not reason:
        raise NormdocError("请填写宣布失效的理由")
    document = _lock(document)
    _require_public(document)
    return _set_status(document, "declare_expired", by=by, now=now, reason=reason)


@transaction.atomic
def renew_document(
    document: NormativeDocument,
    *,
    by: User,
    valid_until: dt.date,
    reason: str,
    now: dt.datetime,
):
    """延续有效期 (e.g. after a cleanup found it still needed); at most the statutory period
    counted again from the day the renewal takes effect."""
    _require_ender(by, document)
    reason = (reason or "").strip()
    if not reason or valid_until is None:
        raise NormdocError("请填写新的有效期截止日期和理由")
    document = _lock(document)
    _require_public(document)
    if document.valid_until and valid_until <= document.valid_until:
        raise NormdocError("新的有效期截止日期应晚于原截止日期")
    today = timezone.localdate(now)
    problem = lifecycle.validity_problem(document.title, today, valid_until)
    if problem:
        raise NormdocError(problem)
    document.valid_until = valid_until
    return _set_status(document, "renew", by=by, now=now, reason=reason)


@transaction.atomic
def link_interpretation(document: NormativeDocument, *, by: User, item, now: dt.datetime):
    from gongkai.catalog.domain.taxonomy import ItemKind

    _require_unit_staff(by, document)
    if item.kind != ItemKind.INTERPRETATION:
        raise NormdocError("只能关联“政策解读”类信息")
    document.interpretations.add(item)
    audit.record(
        action="normdocs.link_interpretation",
        by=by,
        unit=document.unit,
        obj=document,
        after={"interpretation": item.pk},
        at=now,
    )
    return document
