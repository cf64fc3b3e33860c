from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.ui.components import Component

from gongkai.core.models import Notice


@hooks.register("construct_main_menu")
def hide_online_help(request, menu_items):
    # Wagtail's 帮助 menu links to guide.wagtail.org, which an offline county intranet cannot
    # reach; staff help lives in Gongkai's own pages.
    menu_items[:] = [item for item in menu_items if item.name != "help"]


class NoticesPanel(Component):
    name = "notices"
    order = 40

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        notices = Notice.objects.filter(user=request.user, read_at__isnull=True)[:10]
        return render_to_string("core/panel_notices.html", {"notices": notices}, request=request)


@hooks.register("construct_homepage_panels")
def add_notices_panel(request, panels):
    if Notice.objects.filter(user=request.user, read_at__isnull=True).exists():
        panels.insert(0, NoticesPanel())
