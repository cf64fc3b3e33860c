"""Wagtail admin integration of 依申请公开: URLs and menu.

Other screens of the module (case list, board, statistics) add their own items; the offline
entry screen is one item, shown to staff who may register applications.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.foi.views import intake_admin


@hooks.register("register_admin_urls")
def foi_intake_admin_urls():
    return intake_admin.ADMIN_URLS


class RegisterMenuItem(MenuItem):
    def is_shown(self, request):
        return intake_admin.may_register(request.user)


@hooks.register("register_admin_menu_item")
def foi_register_menu_item():
    return RegisterMenuItem("登记申请", reverse("foi_admin_register"), icon_name="form", order=160)
