"""Writes around the tickets: the knowledge base, the clock settings and attachments.

Same house style as gongkai/hotline/services.py: keyword-only, ``by`` and ``now`` injected,
one transaction with its audit entry, :class:`HotlineError` and nothing written when refused.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit import services as audit
from gongkai.hotline import permissions
from gongkai.hotline.models import (
    ClockParameters,
    ClockSetting,
    KnowledgeEntry,
    LogKind,
    Ticket,
    TicketAttachment,
)
from gongkai.hotline.services import HotlineError, _log
from gongkai.units.errors import NotAllowed
from gongkai.units.models import Unit, User

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = frozenset(
    {".pdf", ".jpg", ".jpeg", ".png", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".mp3", ".amr"}
)


@transaction.atomic
def save_knowledge_entry(
    entry: KnowledgeEntry | None = None,
    *,
    unit: Unit,
    question: str,
    answer: str,
    by: User,
    now: dt.datetime,
    keywords: str = "",
    source: str = "",
    valid_until: dt.date | None = None,
    is_active: bool = True,
    from_ticket: Ticket | None = None,
) -> KnowledgeEntry:
    """Create (``entry`` None) or update a knowledge-base entry; saving counts as a review."""
    if not permissions.can_edit_knowledge(by, unit.pk):
        raise NotAllowed("只有维护单位的工作人员、12345热线中心或县政务公开办可以编辑知识库")
    moved = entry is not None and entry.unit_id != unit.pk
    if moved and not permissions.can_edit_knowledge(by, entry.unit_id):
        raise NotAllowed("不能修改其他单位的知识库条目")
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question or not answer:
        raise HotlineError("请填写问题和答复口径")
    if len(question) > 200:
        raise HotlineError("问题不能超过200字")
    if valid_until is not None and valid_until < timezone.localdate(now) and is_active:
        raise HotlineError("有效期不能早于今天；已失效的条目请停用")
    before = None
    if entry is None:
        entry = KnowledgeEntry(created_at=now, from_ticket=from_ticket)
    else:
        before = {"question": entry.question, "valid_until": str(entry.valid_until or "")}
    entry.unit = unit
    entry.question, entry.answer = question, answer
    entry.keywords, entry.source = (keywords or "").strip()[:200], (source or "").strip()[:200]
    entry.valid_until, entry.is_active = valid_until, is_active
    entry.updated_at, entry.updated_by = now, by
    entry.save()
    audit.record(
        action="hotline.knowledge",
        by=by,
        unit=unit,
        obj=entry,
        before=before,
        after={"question": question, "valid_until": str(valid_until or ""), "active": is_active},
        at=now,
    )
    return entry


_LIMIT_FIELDS = (
    "sign_workdays",
    "sign_hours",
    "reply_workdays",
    "reply_hours",
    "callback_workdays",
    "callback_hours",
)


@transaction.atomic
def update_clock_setting(
    setting: ClockSetting, *, by: User, now: dt.datetime, reason: str = "", **limits: int
) -> ClockSetting:
    """Change the limits of one 诉求类型/urgency; tickets accepted earlier keep their snapshot."""
    if not permissions.can_edit_clock_settings(by):
        raise NotAllowed("只有县政务公开办可以修改办理时限")
    unknown = set(limits) - set(_LIMIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown limits: {sorted(unknown)}")
    if any(int(v) < 0 for v in limits.values()):
        raise HotlineError("时限不能为负数")
    before = {f: getattr(setting, f) for f in _LIMIT_FIELDS}
    for name, value in limits.items():
        setattr(setting, name, int(value))
    if setting.sign_hours > 72 or setting.callback_hours > 72 or setting.reply_hours > 720:
        raise HotlineError("按小时计的时限过长，请改按工作日计")
    if setting.reply_workdays > 90 or setting.sign_workdays > 30 or setting.callback_workdays > 30:
        raise HotlineError("时限过长")
    setting.updated_at, setting.updated_by = now, by
    setting.save()
    audit.record(
        action="hotline.clock_setting",
        by=by,
        obj=setting,
        before=before,
        after={f: getattr(setting, f) for f in _LIMIT_FIELDS},
        reason=reason,
        at=now,
    )
    return setting


def clock_parameters() -> ClockParameters:
    return ClockParameters.objects.get_or_create(pk=1)[0]


@transaction.atomic
def attach_file(ticket: Ticket, *, upload, by: User, now: dt.datetime) -> TicketAttachment:
    """Keep a file of the ticket (scene photo, letter scan, call recording, reply letter)."""
    allowed = (
        permissions.is_centre_staff(by, ticket.centre_id)
        or permissions.is_unit_staff(by, ticket.handling_unit_id)
        or any(
            permissions.is_unit_staff(by, a)
            for a in ticket.assists.values_list("unit_id", flat=True)
        )
    )
    if not allowed:
        raise NotAllowed("只有热线中心、主办或协办单位的工作人员可以上传附件")
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].strip()
    size = int(getattr(upload, "size", 0) or 0)
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if not name or size <= 0:
        raise HotlineError("上传的文件是空的")
    if size > MAX_ATTACHMENT_BYTES:
        raise HotlineError("单个文件不能超过 20 MB")
    if suffix not in ATTACHMENT_EXTENSIONS:
        raise HotlineError("只接受 PDF、OFD、图片、Word、Excel 或录音文件")
    attachment = TicketAttachment(
        ticket=ticket, name=name[:200], size=size, uploaded_by=by, uploaded_at=now
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    _log(ticket, LogKind.ATTACH, by=by, now=now, unit=None, payload={"name": attachment.name})
    audit.record(
        action="hotline.attach",
        by=by,
        unit=ticket.centre,
        obj=ticket,
        after={"name": attachment.name, "size": size},
        at=now,
    )
    return attachment
