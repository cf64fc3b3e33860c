from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.workdays import views


@hooks.register("register_admin_urls")
def workdays_admin_urls():
    return [
        path("deadline-calculator/", views.calculator, name="workdays_calculator"),
        path("calendar/", views.years, name="workdays_years"),
        path("calendar/new/", views.year_edit, name="workdays_year_add"),
        path("calendar/<int:year>/", views.year_detail, name="workdays_year"),
        path("calendar/<int:year>/edit/", views.year_edit, name="workdays_year_edit"),
    ]


class StaffOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_menu_item")
def calculator_menu_item():
    return StaffOnlyMenuItem(
        "期限计算器", reverse("workdays_calculator"), icon_name="time", order=230
    )


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    return StaffOnlyMenuItem("工作日历", reverse("workdays_years"), icon_name="date", order=240)
