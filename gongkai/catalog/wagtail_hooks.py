"""Wagtail admin integration of the catalogue: menu, 撤稿 action, and the publish guard's UI.

The guard itself is in the model (gongkai/catalog/publishing.py); these hooks only make the
admin say so clearly instead of failing: the publish buttons are removed from items, and a
bulk publish of items is refused with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from gongkai.catalog import services
from gongkai.catalog.admin_listing import ItemPageViewSet
from gongkai.catalog.models import ItemPage
from gongkai.catalog.views import items as item_views
from gongkai.catalog.views.boards import BOARD_URLS


@hooks.register("register_admin_viewset")
def channel_item_listing():
    return ItemPageViewSet()


@hooks.register("register_admin_urls")
def catalog_admin_urls():
    return [
        path("catalog/items/<int:page_id>/withdraw/", item_views.withdraw, name="catalog_withdraw"),
        *BOARD_URLS,
    ]


class WithdrawMenuItem(ActionMenuItem):
    label = "撤稿"
    name = "action-withdraw"
    icon_name = "cross"
    order = 90

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and isinstance(page, ItemPage)
            and page.live
            and services.can_withdraw(context["request"].user, page)
        )

    def get_url(self, context):
        return reverse("catalog_withdraw", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def withdraw_menu_item():
    return WithdrawMenuItem()


@hooks.register("construct_page_action_menu")
def no_direct_publish(menu_items, request, context):
    # Items are published only by the last 三审 step; hide the publish button even from
    # superusers, for whom Wagtail would otherwise show it (the model refuses it anyway).
    if isinstance(context.get("page"), ItemPage):
        menu_items[:] = [m for m in menu_items if m.name != "action-publish"]


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type == "publish" and any(
        isinstance(getattr(o, "specific", o), ItemPage) for o in objects
    ):
        messages.error(request, "公开信息必须逐条经过三审发布，不能批量发布")
        return redirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))
    return None


@hooks.register("after_edit_page")
@hooks.register("after_create_page")
def report_precheck(request, page):
    """When the pre-check sends an item straight back, tell the editor why, on the spot."""
    if not isinstance(page.specific, ItemPage):
        return None
    state = WorkflowState.objects.for_instance(page).order_by("-created_at").first()
    if state is None or state.status != WorkflowState.STATUS_CANCELLED:
        return None
    rejected = state.task_states.filter(status="rejected").order_by("-finished_at").first()
    if rejected is not None and rejected.task.name == "预检" and rejected.finished_by_id is None:
        messages.error(request, "预检未通过，已退回修改：\n" + (rejected.comment or ""))
    return None


class MyChannelsPanel(Component):
    """Editors start here: their units' channels, how fresh each is, and a button to write."""

    name = "my_channels"
    order = 60
    LIMIT = 25

    def __init__(self, channels, more: int):
        self.channels = channels
        self.more = more

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        return render_to_string(
            "catalog/panel_channels.html",
            {"rows": self.channels, "more": self.more},
            request=request,
        )


@hooks.register("construct_homepage_panels")
def add_my_channels_panel(request, panels):
    from gongkai.catalog.models import ChannelFreshness, ChannelPage
    from gongkai.units.roles import Role
    from gongkai.units.selectors import active_memberships

    editing = {
        m.unit_id
        for m in active_memberships(request.user)
        if Role(m.role) in (Role.EDITOR, Role.REVIEWER)
    }
    if not editing:
        return
    # Leaf channels (those that take items), the user's own first, stalest first.
    qs = (
        ChannelPage.objects.filter(unit_id__in=editing, live=True)
        .exclude(numchild__gt=0, channel_items__isnull=True)
        .select_related("unit")
        .distinct()
    )
    channels = list(qs.order_by("unit__sort_order", "path")[: MyChannelsPanel.LIMIT + 200])
    records = {
        f.channel_id: f
        for f in ChannelFreshness.unscoped.filter(channel_id__in=[c.pk for c in channels])
    }
    severity = {"stale": 0, "empty": 1, "due_soon": 2}
    for channel in channels:
        channel.freshness_record = records.get(channel.pk)
    channels.sort(
        key=lambda c: (
            c.responsible_editor_id != request.user.pk,
            severity.get(getattr(c.freshness_record, "status", ""), 3),
        )
    )
    more = max(0, len(channels) - MyChannelsPanel.LIMIT)
    panels.append(MyChannelsPanel(channels[: MyChannelsPanel.LIMIT], more))


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wagtailadmin.access_admin")


@hooks.register("register_admin_menu_item")
def freshness_menu_item():
    return BoardMenuItem("栏目更新监测", "/admin/catalog/freshness/", icon_name="time", order=150)


@hooks.register("register_admin_menu_item")
def standards_menu_item():
    return BoardMenuItem(
        "标准目录达标", "/admin/catalog/standards/", icon_name="list-ul", order=151
    )


@hooks.register("register_admin_menu_item")
def interpretations_menu_item():
    return BoardMenuItem(
        "政策解读督办", "/admin/catalog/interpretations/", icon_name="doc-full", order=152
    )
