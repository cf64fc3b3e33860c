"""The public library of normative documents (规范性文件库): anonymous, read-only, GET only.

Everything is read through gongkai/normdocs/public_selectors.py (published documents only).
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.normdocs import exports
from gongkai.normdocs import public_selectors as reads


def _base_context(request) -> dict:
    return {"disclosure_root": reads.disclosure_root()}


@require_safe
def public_list(request):
    listing = reads.library_listing(request.GET)
    selected_unit = next((u for u in listing.units if u.pk == listing.filters.unit_id), None)
    return render(
        request,
        "normdocs/public/list.html",
        {
            **_base_context(request),
            "listing": listing,
            "filters": listing.filters,
            "documents_page": listing.page,
            "selected_unit": selected_unit,
        },
    )


@require_safe
def public_detail(request, pk: int):
    document = reads.public_document(pk)
    today = timezone.localdate()
    return render(
        request,
        "normdocs/public/detail.html",
        {
            **_base_context(request),
            **reads.document_detail(document, today=today),
            "document": document,
            "today": today,
            "print_allowed": True,  # portal/base.html renders ?print=1 as the print variant
        },
    )


def _directory(request, unit, *, export_url: str):
    today = timezone.localdate()
    documents = reads.in_force(today, unit)
    return render(
        request,
        "normdocs/public/directory.html",
        {
            **_base_context(request),
            "unit": unit,
            "title": reads.directory_title(unit, today),
            "today": today,
            "documents": documents,
            "groups": reads.group_by_unit(documents) if unit is None else [],
            "export_url": export_url,
            "print_allowed": True,
        },
    )


def _directory_export(unit, *, stem: str):
    today = timezone.localdate()
    title = reads.directory_title(unit, today)
    return exports.directory_response(
        title, reads.in_force(today, unit), filename=f"{stem}_{today:%Y%m%d}.xlsx"
    )


@require_safe
def valid_list(request):
    return _directory(request, None, export_url=reverse("normdocs:valid_export"))


@require_safe
def valid_export(request):
    return _directory_export(None, stem="霍邱县现行有效规范性文件目录")


@require_safe
def unit_valid_list(request, code: str):
    unit = reads.unit_by_code(code)
    return _directory(
        request, unit, export_url=reverse("normdocs:unit_valid_export", args=[unit.code])
    )


@require_safe
def unit_valid_export(request, code: str):
    unit = reads.unit_by_code(code)
    return _directory_export(unit, stem=f"{unit.short_name or unit.name}现行有效规范性文件目录")


@require_safe
def campaign_list(request):
    return render(
        request,
        "normdocs/public/campaign_list.html",
        {**_base_context(request), "campaigns": reads.applied_campaigns()},
    )


@require_safe
def campaign_results(request, pk: int):
    campaign = reads.applied_campaign(pk)
    return render(
        request,
        "normdocs/public/campaign_results.html",
        {
            **_base_context(request),
            "results": reads.campaign_results(campaign),
            "campaign": campaign,
            "print_allowed": True,
        },
    )


@require_safe
def campaign_export(request, pk: int):
    campaign = reads.applied_campaign(pk)
    stamp = campaign.applied_on or timezone.localdate()
    return exports.campaign_response(
        reads.campaign_results(campaign), filename=f"规范性文件清理结果_{stamp:%Y%m%d}.xlsx"
    )
