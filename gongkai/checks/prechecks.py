"""Plug the quality rules into the catalogue's 预检 (pre-check) step."""

from __future__ import annotations

from django.utils import timezone

from gongkai.catalog.prechecks import Finding as PreFinding
from gongkai.catalog.prechecks import register_precheck


@register_precheck("checks.content", "内容质量检查（个人信息、文号、敏感词、错别字、链接、附件）")
def content_checks(item) -> list[PreFinding]:
    from gongkai.checks.checking import build_context, check_item, field_label

    context = build_context(today=timezone.localdate())
    return [
        PreFinding(
            rule=f.finding.rule,
            message=f"{field_label(f.field)}：{f.finding.message}（“{f.excerpt}”）"
            + (
                f"，建议改为“{f.finding.suggestion}”"
                if f.finding.suggestion and not f.finding.rule.startswith("pii.")
                else ""
            ),
            blocking=f.blocking,
            field=f.field,
        )
        for f in check_item(item, context=context)
    ]
