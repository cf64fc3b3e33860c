"""Wagtail admin integration of the 12345 hotline.

考核指标 (rates, reports, charts): gongkai/hotline/views/rates.py. The hotline's own menu (tickets,
knowledge base, settings) is added by its module; merge both menus here by hand.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.hotline.rates import can_view_rates
from gongkai.hotline.views.rates import RATES_URLS


@hooks.register("register_admin_urls")
def hotline_rates_urls():
    return RATES_URLS


class RatesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_rates(request.user)


@hooks.register("register_admin_menu_item")
def hotline_rates_menu_item():
    return RatesMenuItem("考核指标", reverse("hotline_rates"), icon_name="table", order=171)
