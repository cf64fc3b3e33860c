"""Wagtail admin integration of 依申请公开: URLs and the 依申请公开 menu.

Other FOI screens (case page, board) register their URLs and menu items here too; keep one
``register_admin_urls`` hook and one submenu per app.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from gongkai.foi import replies
from gongkai.foi.admin_replies import ADMIN_URLS as REPLY_URLS
from gongkai.foi.admin_replies import can_use_foi


@hooks.register("register_admin_urls")
def foi_admin_urls():
    return [*REPLY_URLS]


class FoiMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_foi(request.user)


class CountyOfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return replies.can_edit_templates(request.user)


@hooks.register("register_admin_menu_item")
def foi_menu_item():
    menu = Menu(
        items=[
            FoiMenuItem("统计", reverse("foi_admin_stats"), icon_name="table", order=40),
            CountyOfficeMenuItem(
                "答复书模板", reverse("foi_admin_templates"), icon_name="doc-full", order=50
            ),
            FoiMenuItem("复议诉讼", reverse("foi_admin_reviews"), icon_name="warning", order=60),
        ]
    )
    return SubmenuMenuItem("依申请公开", menu, icon_name="mail", order=150)
