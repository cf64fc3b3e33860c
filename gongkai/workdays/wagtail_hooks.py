from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks

from gongkai.core.menu import PermissionMenuItem
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


@hooks.register("register_admin_menu_item")
def calculator_menu_item():
    return PermissionMenuItem(
        "期限计算器",
        reverse("workdays_calculator"),
        permission="wagtailadmin.access_admin",
        icon_name="time",
        order=230,
    )


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    return PermissionMenuItem(
        "工作日历",
        reverse("workdays_years"),
        permission="wagtailadmin.access_admin",
        icon_name="date",
        order=240,
    )
