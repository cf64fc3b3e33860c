"""Wagtail admin integration of 依申请公开: URLs, the 依申请公开 menu, the dashboard panel.

Each item is shown only to those who may use it: 办理台 to readers of cases, 登记申请 to staff
who may register applications.
"""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from gongkai.foi import permissions, replies, selectors
from gongkai.foi.admin_replies import ADMIN_URLS as REPLY_URLS
from gongkai.foi.admin_urls import ADMIN_URLS
from gongkai.foi.board import ATTENTION_RISKS, board_rows, days_key, due_soon_candidates
from gongkai.foi.contributions_models import FoiContribution
from gongkai.foi.domain.contributions import ContributionState
from gongkai.foi.domain.events import State
from gongkai.foi.views import common, intake_admin


@hooks.register("register_admin_urls")
def foi_admin_urls():
    return [*ADMIN_URLS, *intake_admin.ADMIN_URLS, *REPLY_URLS]


class RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return intake_admin.may_register(request.user)


class FoiMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_read_cases(request.user)


class CountyOfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return replies.can_edit_templates(request.user)


@hooks.register("register_admin_menu_item")
def foi_menu_item():
    menu = Menu(
        items=[
            FoiMenuItem("办理台", reverse("foi_admin_board"), icon_name="list-ul", order=10),
            RegisterMenuItem("登记申请", reverse("foi_admin_register"), icon_name="form", order=20),
            FoiMenuItem("统计", reverse("foi_admin_stats"), icon_name="table", order=40),
            CountyOfficeMenuItem(
                "答复书模板", reverse("foi_admin_templates"), icon_name="doc-full", order=50
            ),
            FoiMenuItem("复议诉讼", reverse("foi_admin_reviews"), icon_name="warning", order=60),
        ]
    )
    return SubmenuMenuItem("依申请公开", menu, icon_name="mail", order=150)


class FoiDuePanel(Component):
    """The user's cases due within 5 working days or overdue."""

    name = "foi_due"
    order = 60
    LIMIT = 10

    def __init__(self, rows, total: int):
        self.rows = rows
        self.total = total

    def render_html(self, parent_context=None):
        return render_to_string(
            "foi/admin/panel.html",
            {"rows": self.rows, "total": self.total, "board": reverse("foi_admin_board")},
            request=parent_context["request"],
        )


def attention_rows(user, today):
    """Open cases the user handles (every case in scope for the county office) that are due
    within 5 working days or overdue, most urgent first."""
    cases = selectors.visible_requests()
    if not permissions.is_county_office(user):
        units = permissions.handling_units(user)
        if not units:
            return []
        cases = cases.filter(Q(unit_id__in=units) | Q(handling_unit_id__in=units))
    rows = board_rows(due_soon_candidates(cases, today=today), today=today)
    return sorted((r for r in rows if r.clock and r.clock.risk in ATTENTION_RISKS), key=days_key)


@hooks.register("construct_homepage_panels")
def add_foi_panel(request, panels):
    user = request.user
    if not (permissions.is_county_office(user) or permissions.handling_units(user)):
        return
    today, _ = common.clock()
    rows = attention_rows(user, today)
    if rows:
        panels.append(FoiDuePanel(rows[: FoiDuePanel.LIMIT], len(rows)))


class FoiContributionPanel(Component):
    """协办 requests addressed to the user's units and not answered yet, earliest date first."""

    name = "foi_contributions"
    order = 61
    LIMIT = 10

    def __init__(self, rows, total: int, today):
        self.rows = rows
        self.total = total
        self.today = today

    def render_html(self, parent_context=None):
        return render_to_string(
            "foi/admin/contributions_panel.html",
            {"rows": self.rows, "total": self.total, "today": self.today},
            request=parent_context["request"],
        )


@hooks.register("construct_homepage_panels")
def add_contribution_panel(request, panels):
    units = permissions.handling_units(request.user)
    if not units:
        return
    today, _ = common.clock()
    pending = (
        FoiContribution.objects.filter(unit_id__in=units, state=str(ContributionState.ASKED))
        .exclude(request__state=str(State.CLOSED))
        .select_related("request", "request__unit")
        .order_by("due_on", "pk")
    )
    total = pending.count()
    if total:
        panels.append(
            FoiContributionPanel(list(pending[: FoiContributionPanel.LIMIT]), total, today)
        )
