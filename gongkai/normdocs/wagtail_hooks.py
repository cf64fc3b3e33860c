"""Wagtail admin integration of the normative-document registry: URLs, menu, dashboard panel."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from gongkai.normdocs import permissions
from gongkai.normdocs.domain.lifecycle import Stage
from gongkai.normdocs.models import NormativeDocument
from gongkai.normdocs.views import admin
from gongkai.normdocs.views.campaigns_admin import CAMPAIGN_URLS
from gongkai.units.scoping import activate


@hooks.register("register_admin_urls")
def normdocs_admin_urls():
    return [*admin.ADMIN_URLS, *CAMPAIGN_URLS]


class RegistryMenuItem(MenuItem):
    def is_shown(self, request):
        return admin.can_use_registry(request.user)


@hooks.register("register_admin_menu_item")
def normdocs_menu_item():
    menu = Menu(
        items=[
            RegistryMenuItem(
                "文件登记", reverse("normdocs_admin_list"), icon_name="doc-full", order=10
            ),
            RegistryMenuItem(
                "清理", reverse("normdocs_admin_campaigns"), icon_name="tasks", order=20
            ),
        ]
    )
    return SubmenuMenuItem("规范性文件", menu, icon_name="doc-full-inverse", order=155)


class NormdocsPanel(Component):
    """What needs the user's action: reviews waiting (legal office), overdue 备案 and documents
    expiring within 6 months (the drafting units' staff)."""

    name = "normdocs"
    order = 70

    def __init__(self, rows):
        self.rows = rows

    def render_html(self, parent_context=None):
        return render_to_string(
            "normdocs/admin/panel.html",
            {"rows": self.rows},
            request=parent_context["request"],
        )


@hooks.register("construct_homepage_panels")
def add_normdocs_panel(request, panels):
    user = request.user
    legal = permissions.is_legal_reviewer(user)  # one memberships query, cached on the user
    units = permissions.drafting_units(user)
    if not legal and units is not None and not units:
        return
    today, _ = admin.clock()
    base = reverse("normdocs_admin_list")
    rows = []
    with activate(permissions.reader_scope(user)):
        if legal:
            waiting = NormativeDocument.objects.filter(stage=Stage.LEGAL_REVIEW).count()
            if waiting:
                rows.append(("等待合法性审核", waiting, f"{base}?stage={Stage.LEGAL_REVIEW}"))
        if units is None or units:
            documents = NormativeDocument.objects.all()
            if units is not None:
                documents = documents.filter(unit_id__in=units)
            counts = documents.aggregate(
                filing_overdue=Count("pk", filter=admin.attention_filter("filing_overdue", today)),
                expiring=Count("pk", filter=admin.attention_filter("expiring", today)),
            )
            for key, label in admin.ATTENTION_FILTERS.items():
                if counts[key]:
                    rows.append((label, counts[key], f"{base}?attention={key}"))
    if rows:
        panels.append(NormdocsPanel(rows))
