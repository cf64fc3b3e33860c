from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet

from gongkai.core.menu import PermissionMenuItem
from gongkai.units import selectors, services, views
from gongkai.units.models import Unit
from gongkai.units.roles import ROLE_LABELS, Role


class UnitViewSet(ModelViewSet):
    model = Unit
    icon = "site"
    menu_label = "单位"
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "units"
    add_to_reference_index = False
    add_view_class = views.UnitCreateView
    edit_view_class = views.UnitEditView
    inspect_view_enabled = False
    # No role holds units.delete_unit: units are deactivated, never deleted, because their
    # history (published items, requests, audit entries) refers to them.
    list_display = ["name", "short_name", "kind", "parent", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    search_backend_name = None  # plain SQL LIKE: Chinese substrings match
    list_per_page = 50
    form_fields = list(services.UNIT_FIELDS)


@hooks.register("register_admin_viewset")
def register_unit_viewset():
    return UnitViewSet("units")


@hooks.register("register_admin_urls")
def units_admin_urls():
    return [
        path("units/<int:unit_id>/roster/", views.roster, name="units_roster"),
        path("units/<int:unit_id>/roster/grant/", views.grant_role, name="units_grant_role"),
        path("roster/<int:membership_id>/end/", views.end_role, name="units_end_role"),
        path("staff/", views.staff_index, name="units_staff_index"),
        path("staff/new/", views.staff_create, name="units_staff_create"),
        path("staff/<int:user_id>/handover/", views.staff_handover, name="units_staff_handover"),
    ]


@hooks.register("register_admin_menu_item")
def staff_menu_item():
    return PermissionMenuItem(
        "人员管理",
        reverse("units_staff_index"),
        permission="units.view_membership",
        icon_name="user",
        order=220,
    )


class MyUnitsPanel(Component):
    name = "my_units"
    order = 50

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        memberships = selectors.active_memberships(request.user)
        rows = [
            (m.unit, ROLE_LABELS[Role(m.role)], m.started_on)
            for m in sorted(memberships, key=lambda m: (m.unit.sort_order, m.role))
        ]
        county_wide = request.user.is_superuser or any(
            selectors.is_county_wide(m) for m in memberships
        )
        return render_to_string(
            "units/panel_my_units.html",
            {"rows": rows, "county_wide": county_wide},
            request=request,
        )


@hooks.register("construct_homepage_panels")
def add_my_units_panel(request, panels):
    panels.insert(0, MyUnitsPanel())
