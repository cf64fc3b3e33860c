"""The Django side of the quality checks: context from the database, items in, findings out.

The rules themselves are pure (gongkai/checks/domain/); this module gives them the county's
word lists and the government office phone numbers (never personal data), runs them on each
field of an item, and adds the checks that need the database: links to pages and attachments
(link.internal) and the attachments' files (file.active, file.no_text).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

from gongkai.catalog.domain.sniffing import AttachmentRejected, sniff
from gongkai.checks.domain.engine import (
    CheckContext,
    Finding,
    Lexicon,
    LexiconEntry,
    Severity,
    check_dates,
    check_html,
    check_text,
    extract_links,
)
from gongkai.checks.models import LexiconTerm

MAX_ATTACHMENT_SCAN_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ItemFinding:
    field: str  # title, summary, body, doc_number, dates, attachment:<name>
    finding: Finding

    @property
    def blocking(self) -> bool:
        return self.finding.severity == Severity.BLOCKING

    @property
    def excerpt(self) -> str:
        """What may be shown or stored: personal data only in masked form."""
        f = self.finding
        if f.rule.startswith("pii."):
            return f.suggestion or "（已隐去）"
        return f.text[:200]


FIELD_LABELS = {
    "title": "标题",
    "summary": "内容概述",
    "body": "正文",
    "doc_number": "文号",
    "dates": "日期",
}


def field_label(field: str) -> str:
    if field.startswith("attachment:"):
        return f"附件“{field.split(':', 1)[1]}”"
    return FIELD_LABELS.get(field, field)


# ------------------------------------------------------------------------------- context

_lock = threading.Lock()
_cache: tuple[tuple, CheckContext] | None = None


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def build_context(*, today: dt.date) -> CheckContext:
    """Word lists and office phones, cached per process until a term or a unit changes."""
    global _cache
    from gongkai.units.models import Unit

    stamp_terms = LexiconTerm.objects.filter(is_active=True).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    stamp_units = Unit.unscoped.aggregate(n=Count("pk"), last=Max("updated_at"))
    stamp = (today, *stamp_terms.values(), *stamp_units.values())
    with _lock:
        if _cache is not None and _cache[0] == stamp:
            return _cache[1]
        entries = [
            LexiconEntry(
                term=t.term,
                kind=t.kind,
                suggestion=t.suggestion or None,
                severity=Severity(t.severity),
                note=t.note,
            )
            for t in LexiconTerm.objects.filter(is_active=True)
        ]
        phones = frozenset(
            d for d in (_digits(p) for p in Unit.unscoped.values_list("phone", flat=True)) if d
        )
        context = CheckContext(
            today=today,
            office_phones=phones | frozenset(_extra_office_phones()),
            lexicon=Lexicon(entries) if entries else None,
        )
        _cache = (stamp, context)
        return context


def _extra_office_phones() -> list[str]:
    return [_digits(p) for p in getattr(settings, "GONGKAI_OFFICE_PHONES", [])]


# --------------------------------------------------------------------------------- items

_PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"')
_DOC_LINK = re.compile(r'<a[^>]*\blinktype="document"[^>]*\bid="(\d+)"')
_ATTACHMENT_HREF = re.compile(r"^/attachments/(\d+)/")


def check_item(item, *, context: CheckContext, files: bool = True) -> list[ItemFinding]:
    """All rules on one item (a page or a revision's object)."""
    out: list[ItemFinding] = []
    for field in ("title", "summary"):
        out.extend(
            ItemFinding(field, f) for f in check_text(getattr(item, field) or "", context=context)
        )
    body = item.body or ""
    out.extend(ItemFinding("body", f) for f in check_html(body, context=context))
    if item.doc_number:
        out.extend(
            ItemFinding("doc_number", f)
            for f in check_text(item.doc_number, context=context)
            if f.rule == "docnum.format"
        )
    out.extend(
        ItemFinding("dates", f)
        for f in check_dates(
            written_on=item.written_on, published_on=item.published_on, today=context.today
        )
    )
    out.extend(ItemFinding("body", f) for f in internal_links(body))
    if files and item.pk:
        for attachment in item.attachments.all():
            out.extend(
                ItemFinding(f"attachment:{attachment.display_name}", f)
                for f in attachment_findings(attachment)
            )
    return out


def internal_links(html: str) -> list[Finding]:
    """link.internal: rich-text links to pages, documents or attachments that are not there."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from gongkai.catalog.models import ItemAttachment

    findings: list[Finding] = []
    page_ids = {int(m.group(1)): m for m in _PAGE_LINK.finditer(html)}
    if page_ids:
        live = set(Page.objects.filter(pk__in=page_ids, live=True).values_list("pk", flat=True))
        for pk, match in page_ids.items():
            if pk not in live:
                findings.append(
                    _link_finding(
                        match.start(), match.end(), match.group(0), "链接的页面未发布或已删除"
                    )
                )
    doc_ids = {int(m.group(1)): m for m in _DOC_LINK.finditer(html)}
    if doc_ids:
        present = set(
            get_document_model().objects.filter(pk__in=doc_ids).values_list("pk", flat=True)
        )
        for pk, match in doc_ids.items():
            if pk not in present:
                findings.append(
                    _link_finding(match.start(), match.end(), match.group(0), "链接的文档已删除")
                )
    for href, start, end in extract_links(html):
        m = _ATTACHMENT_HREF.match(href)
        if m and not ItemAttachment.objects.filter(pk=int(m.group(1))).exists():
            findings.append(_link_finding(start, end, href, "链接的附件不存在"))
    return findings


def _link_finding(start: int, end: int, text: str, message: str) -> Finding:
    return Finding(
        rule="link.internal",
        severity=Severity.BLOCKING,
        start=start,
        end=end,
        text=text,
        message=message,
        suggestion=None,
    )


def external_links_enabled() -> bool:
    # County intranets usually cannot reach the internet; checking would only produce
    # time-outs. Deployments that can, switch it on (GONGKAI_OUTBOUND_LINK_CHECKS=1).
    return bool(getattr(settings, "GONGKAI_OUTBOUND_LINK_CHECKS", False))


def external_links(html: str, *, timeout: float = 5.0) -> list[Finding]:
    """link.external: only when outbound checks are enabled (the site-wide scan only)."""
    if not external_links_enabled():
        return []
    findings = []
    for href, start, end in extract_links(html):
        if not href.startswith(("http://", "https://")):
            continue
        try:
            request = urllib.request.Request(href, method="HEAD")  # noqa: S310 (http/https only)
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status = response.status
        except Exception:
            status = 0
        if not 200 <= status < 400:
            findings.append(
                Finding(
                    rule="link.external",
                    severity=Severity.WARNING,
                    start=start,
                    end=end,
                    text=href,
                    message=f"外部链接无法访问（{status or '连接失败'}）",
                    suggestion=None,
                )
            )
    return findings


def attachment_findings(attachment) -> list[Finding]:
    """file.active (executables, macros) and file.no_text (a PDF that is only scanned images)."""
    findings: list[Finding] = []
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        return [
            Finding(
                "link.internal",
                Severity.BLOCKING,
                0,
                0,
                attachment.display_name,
                "附件文件缺失",
                None,
            )
        ]
    with handle:
        try:
            sniff(
                handle,
                filename=attachment.original_name or "file",
                max_bytes=MAX_ATTACHMENT_SCAN_BYTES,
            )
        except AttachmentRejected as exc:
            findings.append(
                Finding(
                    "file.active", Severity.BLOCKING, 0, 0, attachment.display_name, str(exc), None
                )
            )
            return findings
        if attachment.kind == "pdf":
            handle.seek(0)
            content = handle.read(MAX_ATTACHMENT_SCAN_BYTES)
            if b"/Font" not in content:
                findings.append(
                    Finding(
                        "file.no_text",
                        Severity.WARNING,
                        0,
                        0,
                        attachment.display_name,
                        "PDF 没有文字层（可能是扫描件）：无法检索，读屏软件也无法朗读，请上传文字版",
                        None,
                    )
                )
    return findings
