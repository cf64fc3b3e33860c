"""Admin integration of the search: 全文检索 page and menu item, and Wagtail's own search box.

Wagtail's page search finds no Chinese words (a run of Han characters is one token to its
backends), so the sidebar search box is pointed at our staff search: the sidebar uses the first
admin search area, and ours is registered before Wagtail's "Pages" area (order 100). Old links
to /admin/pages/search/ are redirected by a URL placed before the admin include in
gongkai/urls.py (see views.wagtail_page_search).
"""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.search import SearchArea

from gongkai.search import views


@hooks.register("register_admin_urls")
def search_admin_urls():
    return [path("search/gongkai/", views.staff_results, name="search_staff")]


class StaffSearchMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_menu_item")
def search_menu_item():
    return StaffSearchMenuItem("全文检索", reverse("search_staff"), icon_name="search", order=90)


class StaffSearchArea(SearchArea):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_search_area")
def search_area():
    return StaffSearchArea(
        "全文检索",
        reverse("search_staff"),
        name=views.STAFF_SEARCH_AREA,
        icon_name="search",
        order=10,
    )
