"""Validation of an item's catalogue metadata at the edge (the admin form and imports)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.checks.domain.docnumbers import normalise


def canonical_doc_number(value: str, *, today_year: int) -> str:
    """The canonical 文号 (GB/T 9704-2012 §7.2.5), or "" for none; raises with a Chinese reason."""
    text = (value or "").strip()
    if text in ("", "无", "—", "-"):
        return ""
    result = normalise(text, today_year=today_year)
    if result.canonical is None:
        reasons = "；".join(p.message for p in result.problems) or "格式无法识别"
        raise ValidationError({"doc_number": f"文号“{text}”无法识别：{reasons}"})
    return result.canonical


def clean_item_metadata(item) -> None:
    today = timezone.localdate()
    errors: dict[str, str] = {}
    try:
        item.doc_number = canonical_doc_number(item.doc_number, today_year=today.year)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if item.written_on and item.written_on > today:
        errors["written_on"] = "成文日期不能晚于今天"
    if item.written_on and item.published_on and item.written_on > item.published_on:
        errors["written_on"] = "成文日期不能晚于发布日期"
    if errors:
        raise ValidationError(errors)
