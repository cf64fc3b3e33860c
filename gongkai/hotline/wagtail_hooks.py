"""Wagtail admin integration of the 12345 hotline: URLs and the "12345热线" menu (tickets,
knowledge base, 考核指标: gongkai/hotline/views/rates.py, and 时限设置:
gongkai/hotline/views/settings.py)."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.hotline import permissions
from gongkai.hotline.rates import can_view_rates
from gongkai.hotline.views import admin
from gongkai.hotline.views.rates import RATES_URLS
from gongkai.hotline.views.settings import SETTINGS_URLS


@hooks.register("register_admin_urls")
def hotline_admin_urls():
    return [*admin.ADMIN_URLS, *RATES_URLS, *SETTINGS_URLS]


class HotlineMenuItem(MenuItem):
    def __init__(self, *args, shown=permissions.can_use_hotline, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown

    def is_shown(self, request):
        return self.shown(request.user)


def _unit_staff(user) -> bool:
    return bool(permissions.staff_units(user))


def _centre(user) -> bool:
    return permissions.is_centre_staff(user)


@hooks.register("register_admin_menu_item")
def hotline_menu_item():
    menu = Menu(
        items=[
            HotlineMenuItem(
                "受理工单",
                reverse("hotline_admin_intake"),
                icon_name="plus",
                order=10,
                shown=_centre,
            ),
            HotlineMenuItem(
                "工单列表", reverse("hotline_admin_list"), icon_name="list-ul", order=20
            ),
            HotlineMenuItem(
                "本单位工单",
                reverse("hotline_admin_unit"),
                icon_name="tasks",
                order=30,
                shown=_unit_staff,
            ),
            HotlineMenuItem(
                "知识库", reverse("hotline_admin_knowledge"), icon_name="help", order=40
            ),
            HotlineMenuItem(
                "考核指标",
                reverse("hotline_rates"),
                icon_name="table",
                order=50,
                shown=can_view_rates,
            ),
            HotlineMenuItem(
                "时限设置",
                reverse("hotline_admin_settings"),
                icon_name="time",
                order=60,
                shown=permissions.can_edit_clock_settings,
            ),
        ]
    )
    return SubmenuMenuItem("12345热线", menu, icon_name="mobile-alt", order=160)
