"""The 预检 plug point: checks that run when an item is submitted for review.

A check is a function `check(item) -> list[Finding]`, registered with `@register_precheck`.
This module registers the required-metadata check; the quality-checks module registers its
personal-data, 文号 and wording rules here too. A blocking finding sends the item back to its
editor before any person spends time on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.catalog.domain.taxonomy import ItemKind, Validity


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str
    blocking: bool = True
    field: str = ""


Check = Callable[[object], list[Finding]]
_CHECKS: dict[str, tuple[str, Check]] = {}


def register_precheck(name: str, label: str) -> Callable[[Check], Check]:
    def decorator(fn: Check) -> Check:
        _CHECKS[name] = (label, fn)
        return fn

    return decorator


def registered_prechecks() -> dict[str, str]:
    return {name: label for name, (label, _) in _CHECKS.items()}


def run_prechecks(item) -> list[Finding]:
    findings: list[Finding] = []
    for _label, check in _CHECKS.values():
        findings.extend(check(item))
    return findings


def format_findings(findings: list[Finding]) -> str:
    if not findings:
        return ""
    lines = [("【必须修改】" if f.blocking else "【提示】") + f.message for f in findings]
    return "\n".join(lines)


def _has_content(item) -> bool:
    if (item.body or "").strip() or (item.summary or "").strip():
        return True
    return any(True for _ in item.attachments.all())


@register_precheck("meta.required", "必填元数据")
def required_metadata(item) -> list[Finding]:
    """Metadata the 六安 assessment checks on every item (statutes.md §5.4, §9.1)."""
    out: list[Finding] = []

    def need(field: str, label: str) -> None:
        if not getattr(item, field):
            out.append(Finding("meta.required", f"缺少“{label}”", field=field))

    need("topic", "主题分类")
    need("genre", "体裁分类")
    if not _has_content(item):
        out.append(Finding("meta.required", "正文、内容概述和附件不能都为空", field="body"))
    if item.kind == ItemKind.POLICY:
        need("doc_number", "文号")
        need("written_on", "成文日期")
        if item.validity == Validity.NOT_APPLICABLE:
            out.append(Finding("meta.required", "政策文件须标明有效性", field="validity"))
    if item.kind == ItemKind.INTERPRETATION:
        need("interpretation_form", "解读形式")
        policies = [link.policy for link in item.policy_links.all()]
        if not policies:
            out.append(
                Finding("meta.links", "政策解读须关联所解读的政策文件", field="policy_links")
            )
        for policy in policies:
            if policy.kind != ItemKind.POLICY:
                out.append(Finding("meta.links", f"“{policy.title}”不是政策文件，不能作为解读对象"))
    if not (item.keywords or "").strip():
        out.append(Finding("meta.required", "建议填写关键词，便于检索", blocking=False))
    return out
