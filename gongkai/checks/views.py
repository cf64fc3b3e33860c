"""Admin views of the quality checks. Thin: queries in selectors below, writes in services."""

from __future__ import annotations

import io
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.catalog.models import ItemPage
from gongkai.checks.checking import build_context, check_item, external_links_enabled, field_label
from gongkai.checks.domain.engine import check_text
from gongkai.checks.models import ScanFinding, ScanRun
from gongkai.units.models import Unit
from gongkai.units.roles import Capability
from gongkai.units.selectors import capabilities_for, scope_for

RULE_LABELS = {
    "pii.id_card": "身份证号码",
    "pii.mobile": "手机号码",
    "pii.landline": "固定电话",
    "pii.bank_card": "银行卡号",
    "pii.email": "个人邮箱",
    "docnum.format": "文号格式",
    "lexicon.sensitive": "敏感词",
    "lexicon.typo": "错别字/表述错误",
    "meta.dates": "日期",
    "link.internal": "站内链接",
    "link.external": "外部链接",
    "a11y.img_alt": "图片替代文字",
    "a11y.table_header": "表格表头",
    "file.active": "附件含可执行内容",
    "file.no_text": "PDF 无文字层",
}


def _findings(request):
    run = ScanRun.objects.filter(finished_at__isnull=False).first()
    qs = ScanFinding.objects.filter(run=run) if run else ScanFinding.objects.none()
    unit = request.GET.get("unit")
    rule = request.GET.get("rule")
    if unit and unit.isdigit():
        qs = qs.filter(unit_id=int(unit))
    if rule:
        qs = qs.filter(rule=rule)
    return run, qs


def report(request):
    run, qs = _findings(request)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in qs.values("unit_id", "rule").annotate(n=Count("pk")):
        counts[row["unit_id"]][row["rule"]] = row["n"]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=counts)}
    rules = sorted({r for c in counts.values() for r in c})
    rows = sorted(
        (
            {"unit": units[uid], "cells": [c.get(r, 0) for r in rules], "total": sum(c.values())}
            for uid, c in counts.items()
            if uid in units
        ),
        key=lambda r: -r["total"],
    )
    page = Paginator(
        qs.select_related("unit", "item").order_by("unit__sort_order", "rule", "item_id"), 50
    ).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "checks/report.html",
        {
            "page_title": "全站内容检查",
            "header_title": "全站内容检查",
            "run": run,
            "rules": [(r, RULE_LABELS.get(r, r)) for r in rules],
            "rows": rows,
            "page": page,
            "rule_labels": RULE_LABELS,
            "all_rules": RULE_LABELS.items(),
            "scope_units": Unit.objects.order_by("sort_order"),
            "selected_unit": request.GET.get("unit", ""),
            "selected_rule": request.GET.get("rule", ""),
            "can_scan": Capability.MANAGE_CATALOGUE in capabilities_for(request.user),
            "outbound": external_links_enabled(),
        },
    )


def export(request):
    from openpyxl import Workbook

    run, qs = _findings(request)
    wb = Workbook()
    ws = wb.active
    ws.title = "检查结果"
    ws.append(["单位", "信息标题", "索引号", "位置", "规则", "级别", "内容", "说明", "建议"])
    for f in (
        qs.select_related("unit", "item")
        .order_by("unit__sort_order", "rule")
        .iterator(chunk_size=2000)
    ):
        ws.append(
            [
                f.unit.short_name,
                f.item.title,
                f.item.index_number,
                field_label(f.field),
                RULE_LABELS.get(f.rule, f.rule),
                f.get_severity_display(),
                f.excerpt,
                f.message,
                f.suggestion,
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    stamp = timezone.localtime(run.started_at).strftime("%Y%m%d") if run else "none"
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="quality-{stamp}.xlsx"'
    return response


@require_POST
def start_scan(request):
    if Capability.MANAGE_CATALOGUE not in capabilities_for(request.user):
        raise PermissionDenied
    from gongkai.checks.tasks import scan_site_task

    scan_site_task.enqueue(request.user.pk)
    messages.success(request, "已开始全站检查，完成后刷新本页查看结果")
    return redirect("checks_report")


def _highlight(text: str, findings) -> str:
    """The text with each finding marked in place (escaped; personal data masked)."""
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos or f.end <= f.start:
            continue
        out.append(escape(text[pos : f.start]))
        shown = (f.suggestion or "＊＊＊") if f.rule.startswith("pii.") else text[f.start : f.end]
        out.append(
            f'<mark class="gk-finding gk-{escape(f.severity)}" title="{escape(f.message)}">{escape(shown)}</mark>'
        )
        pos = f.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


def inspect_item(request, page_id: int):
    """The editor's 检查 action: findings of the latest draft, marked in place."""
    item = get_object_or_404(ItemPage, pk=page_id)
    if not scope_for(request.user).allows(item.unit_id):
        raise PermissionDenied
    draft = item.get_latest_revision_as_object()
    context = build_context(today=timezone.localdate())
    findings = check_item(draft, context=context)
    from gongkai.checks.domain.engine import html_to_text

    body_text, _ = html_to_text(draft.body or "")
    body_findings = check_text(body_text, context=context)
    return TemplateResponse(
        request,
        "checks/inspect.html",
        {
            "page_title": "内容检查",
            "header_title": f"内容检查：{draft.title}",
            "item": item,
            "findings": [
                {
                    "field": field_label(f.field),
                    "rule": RULE_LABELS.get(f.finding.rule, f.finding.rule),
                    "severity": f.finding.severity,
                    "excerpt": f.excerpt,
                    "message": f.finding.message,
                    "suggestion": ""
                    if f.finding.rule.startswith("pii.")
                    else (f.finding.suggestion or ""),
                }
                for f in findings
            ],
            "blocking": sum(1 for f in findings if f.blocking),
            "title_marked": _highlight(draft.title, check_text(draft.title, context=context)),
            "body_marked": _highlight(body_text, body_findings),
        },
    )
