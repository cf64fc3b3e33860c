"""Staff admin of cleanup campaigns (规范性文件清理): open, decide, co-sign, apply.

Thin views over gongkai/normdocs/campaigns.py, in the reader's scope like the registry views
(gongkai/normdocs/views/admin.py): a unit's staff see and decide their units' entries, the
legal office sees every entry and co-signs, the county office opens the campaign, follows each
unit's progress and publishes the results.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from gongkai.normdocs import campaigns, forms, permissions
from gongkai.normdocs.domain import lifecycle
from gongkai.normdocs.domain.lifecycle import CampaignState
from gongkai.normdocs.models import CampaignDocument, CleanupCampaign
from gongkai.normdocs.views import admin
from gongkai.normdocs.views.admin import registry_view
from gongkai.units.errors import UnitsError
from gongkai.units.models import Unit
from gongkai.units.scoping import current_scope

DEFAULT_CAMPAIGN_DAYS = 60
PENDING_FILTERS = {"undecided": "未作决定", "uncosigned": "待会签"}


def _campaign_url(campaign_id: int, unit_id: int | None = None, anchor: str = "") -> str:
    url = reverse("normdocs_admin_campaign", args=[campaign_id])
    if unit_id:
        url += f"?unit={unit_id}"
    return url + (f"#{anchor}" if anchor else "")


@registry_view
def campaign_list(request):
    rows = []
    # The reader's own entries per campaign (the scoped manager limits them to the reader).
    counts = {
        row["campaign_id"]: (row["documents"], row["decided"], row["cosigned"])
        for row in CampaignDocument.objects.values("campaign_id").annotate(
            documents=Count("pk"),
            decided=Count("pk", filter=~Q(decision="")),
            cosigned=Count("cosigned_by"),
        )
    }
    for campaign in CleanupCampaign.objects.all():
        documents, decided, cosigned = counts.get(campaign.pk, (0, 0, 0))
        rows.append(
            {
                "campaign": campaign,
                "documents": documents,
                "decided": decided,
                "cosigned": cosigned,
                "percent": 100 if not documents else round(100 * cosigned / documents),
            }
        )
    return TemplateResponse(
        request,
        "normdocs/admin/campaigns.html",
        {
            "rows": rows,
            "may_open": permissions.is_county_admin(request.user),
            "page_title": "规范性文件清理",
            "header_title": "规范性文件清理",
            "header_icon": "tasks",
        },
    )


@registry_view
def campaign_open(request):
    if not permissions.is_county_admin(request.user):
        raise PermissionDenied
    today, _ = admin.clock()
    form = forms.CampaignOpenForm(
        request.POST or None,
        initial={"due_on": today + dt.timedelta(days=DEFAULT_CAMPAIGN_DAYS)},
    )
    if request.method == "POST" and form.is_valid():
        today, now = admin.clock()
        try:
            campaign = campaigns.open_campaign(
                by=request.user,
                title=form.cleaned_data["title"],
                basis=form.cleaned_data["basis"],
                due_on=form.cleaned_data["due_on"],
                today=today,
                now=now,
            )
        except UnitsError as exc:
            form.add_error(None, str(exc))
        else:
            count = CampaignDocument.objects.filter(campaign=campaign).count()
            messages.success(
                request, f"已启动“{campaign.title}”，纳入清理的现行有效文件共{count}件"
            )
            return redirect(_campaign_url(campaign.pk))
    return TemplateResponse(
        request,
        "normdocs/admin/campaign_open.html",
        {
            "form": form,
            "page_title": "启动清理",
            "header_title": "启动规范性文件清理",
            "header_icon": "tasks",
        },
    )


@registry_view
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(CleanupCampaign.objects.select_related("opened_by"), pk=pk)
    user = request.user
    scope = current_scope()
    is_open = campaign.state == CampaignState.OPEN
    everything = campaigns.progress(campaign)
    progress = [p for p in everything if scope.allows(p.unit_id)]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[p.unit_id for p in progress])}
    progress.sort(key=lambda p: (units[p.unit_id].sort_order, p.unit_id))
    unit_id = admin.int_param(request.GET.get("unit"))
    unit_id = unit_id if unit_id in units else None
    pending = request.GET.get("pending", "")
    pending = pending if pending in PENDING_FILTERS else ""

    entries = CampaignDocument.objects.filter(campaign=campaign).select_related(
        "document", "unit", "decided_by", "cosigned_by"
    )
    if unit_id:
        entries = entries.filter(unit_id=unit_id)
    if pending == "undecided":
        entries = entries.filter(decision="")
    elif pending == "uncosigned":
        entries = entries.exclude(decision="").filter(cosigned_by__isnull=True)
    entries = entries.order_by("unit__sort_order", "unit_id", "document__title", "pk")

    legal = permissions.is_legal_reviewer(user)
    groups = []
    for unit, unit_entries in groupby(entries, key=lambda e: e.unit):
        rows = []
        for entry in unit_entries:
            may_decide = is_open and permissions.can_act_for_unit(user, entry.unit_id)
            rows.append(
                {
                    "entry": entry,
                    "decision_label": lifecycle.DECISION_LABELS.get(entry.decision, ""),
                    "form": forms.DecisionForm(
                        initial={"decision": entry.decision, "reason": entry.reason},
                        auto_id=f"id_e{entry.pk}_%s",
                    )
                    if may_decide
                    else None,
                    "may_cosign": is_open
                    and legal
                    and bool(entry.decision)
                    and not entry.cosigned_by_id,
                }
            )
        groups.append(
            (
                unit,
                rows,
                {
                    "keep_remaining": is_open
                    and permissions.can_act_for_unit(user, unit.pk)
                    and any(not r["entry"].decision for r in rows),
                    "cosign_all": is_open and any(r["may_cosign"] for r in rows),
                },
            )
        )

    totals = lifecycle.UnitProgress(
        unit_id=0,
        documents=sum(p.documents for p in progress),
        decided=sum(p.decided for p in progress),
        cosigned=sum(p.cosigned for p in progress),
    )
    may_apply = is_open and permissions.is_county_admin(user)
    return TemplateResponse(
        request,
        "normdocs/admin/campaign_detail.html",
        {
            "campaign": campaign,
            "is_open": is_open,
            "progress": [(units[p.unit_id], p) for p in progress],
            "totals": totals,
            "groups": groups,
            "unit_id": unit_id,
            "pending": pending,
            "pending_options": list(PENDING_FILTERS.items()),
            "show_unit_filter": len(progress) > 1,
            "may_apply": may_apply,
            "gaps": lifecycle.campaign_gaps(everything) if may_apply else [],
            "page_title": campaign.title,
            "header_title": campaign.title,
            "header_icon": "tasks",
        },
    )


def _entry(pk: int) -> CampaignDocument:
    """An entry in the reader's scope, or 404."""
    return get_object_or_404(CampaignDocument.objects.select_related("document"), pk=pk)


@require_POST
@registry_view
def campaign_decide(request, pk: int):
    entry = _entry(pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"清理决定未保存：{forms.error_text(form)}")
    else:
        today, now = admin.clock()
        try:
            entry = campaigns.decide(
                entry,
                by=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                today=today,
                now=now,
            )
        except UnitsError as exc:
            messages.error(request, f"清理决定未保存：{exc}")
        else:
            label = lifecycle.DECISION_LABELS[entry.decision]
            messages.success(request, f"已对“{entry.document.title}”作出清理决定：{label}")
    return redirect(_campaign_url(entry.campaign_id, anchor=f"entry-{entry.pk}"))


@require_POST
@registry_view
def campaign_cosign(request, pk: int):
    entry = _entry(pk)
    today, now = admin.clock()
    try:
        campaigns.cosign(entry, by=request.user, today=today, now=now)
    except UnitsError as exc:
        messages.error(request, f"会签未完成：{exc}")
    else:
        messages.success(request, f"已会签“{entry.document.title}”的清理决定")
    return redirect(_campaign_url(entry.campaign_id, anchor=f"entry-{entry.pk}"))


@require_POST
@registry_view
def campaign_keep_remaining(request, pk: int):
    campaign = get_object_or_404(CleanupCampaign, pk=pk)
    unit_id = admin.int_param(request.POST.get("unit"))
    if unit_id is None or not current_scope().allows(unit_id):
        raise PermissionDenied
    today, now = admin.clock()
    try:
        count = campaigns.keep_remaining(
            campaign, unit_id=unit_id, by=request.user, today=today, now=now
        )
    except UnitsError as exc:
        messages.error(request, f"清理决定未保存：{exc}")
    else:
        messages.success(request, f"其余{count}件文件已决定继续有效，待司法局会签")
    return redirect(_campaign_url(campaign.pk, unit_id))


@require_POST
@registry_view
def campaign_cosign_all(request, pk: int):
    campaign = get_object_or_404(CleanupCampaign, pk=pk)
    unit_id = admin.int_param(request.POST.get("unit"))
    today, now = admin.clock()
    try:
        count = campaigns.cosign_all(
            campaign, by=request.user, unit_id=unit_id, today=today, now=now
        )
    except UnitsError as exc:
        messages.error(request, f"会签未完成：{exc}")
    else:
        messages.success(request, f"已会签{count}项清理决定")
    return redirect(_campaign_url(campaign.pk, unit_id))


@require_POST
@registry_view
def campaign_apply(request, pk: int):
    campaign = get_object_or_404(CleanupCampaign, pk=pk)
    today, now = admin.clock()
    try:
        campaigns.apply_campaign(campaign, by=request.user, today=today, now=now)
    except UnitsError as exc:
        messages.error(request, f"清理结果未公布：{exc}")
    else:
        messages.success(request, f"“{campaign.title}”的清理结果已公布，文件有效性已同步更新")
    return redirect(_campaign_url(campaign.pk))


CAMPAIGN_URLS = [
    path("normdocs/campaigns/", campaign_list, name="normdocs_admin_campaigns"),
    path("normdocs/campaigns/new/", campaign_open, name="normdocs_admin_campaign_open"),
    path("normdocs/campaigns/<int:pk>/", campaign_detail, name="normdocs_admin_campaign"),
    path(
        "normdocs/campaigns/<int:pk>/apply/",
        campaign_apply,
        name="normdocs_admin_campaign_apply",
    ),
    path(
        "normdocs/campaigns/<int:pk>/keep-remaining/",
        campaign_keep_remaining,
        name="normdocs_admin_campaign_keep_remaining",
    ),
    path(
        "normdocs/campaigns/<int:pk>/cosign-all/",
        campaign_cosign_all,
        name="normdocs_admin_campaign_cosign_all",
    ),
    path(
        "normdocs/campaigns/entries/<int:pk>/decide/",
        campaign_decide,
        name="normdocs_admin_campaign_decide",
    ),
    path(
        "normdocs/campaigns/entries/<int:pk>/cosign/",
        campaign_cosign,
        name="normdocs_admin_campaign_cosign",
    ),
]
