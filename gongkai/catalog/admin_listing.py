"""The editors' listing of a channel's items in the Wagtail explorer (信息列表).

Wagtail's explorer lists a page's children through the page tree: it counts and orders them on
``wagtailcore_page`` (a path-prefix scan) and filters them through the permission policy's
explorable pages. For a channel with tens of thousands of items (the county government's
工作动态 grows by thousands a year) that took 400–800 ms per page view. A channel's items carry
their channel, unit and publication date on the item row (``ItemPage.channel`` and the
``item_channel_listing`` index), so this listing asks the item table directly: the count and
the first page are index range scans whatever the size of the channel.

Registered as a ``PageViewSet`` for ``ItemPage`` with ``ChannelPage`` as its parent model, so
Wagtail routes ``/admin/pages/<channel>/`` here; a channel that holds sub-channels, a search
or a filter falls back to Wagtail's own tree listing. Reads stay scoped: a reader whose units
do not include the channel's unit sees an empty list.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.forms import CheckboxSelectMultiple
from django.utils.functional import cached_property
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.ui.tables import Column
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn
from wagtail.admin.views.pages.listing import (
    EditedByFilter,
    ExplorableIndexView,
    GenericPageFilterSet,
    PageListingMixin,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from gongkai.catalog.models import ChannelPage, ItemPage
from gongkai.units.selectors import scope_for

# Orderings the item table answers from an index or cheaply; anything else falls back to these.
ITEM_ORDERINGS = ("-published_on", "published_on", "title", "-title")


class ItemTitleColumn(PageTitleColumn):
    """Title, lock indicator and four direct actions (编辑, 查看, 复制, 历史) per item.

    Wagtail's cell builds a hook-driven "更多" dropdown per row, ≈ 40 % of the listing's server
    time at 50 rows; deleting, moving and unpublishing stay on the item's edit page.
    """

    cell_template_name = "catalog/admin/_item_title_cell.html"


class ItemStatusColumn(PageStatusColumn):
    """已发布 / 草稿 / 已发布 + 草稿 / 审核中, without the live-URL lookup per row."""

    cell_template_name = "catalog/admin/_item_status_cell.html"


def _columns():
    by_name = {column.name: column for column in PageListingMixin.base_columns}
    return [
        by_name["bulk_actions"],
        ItemTitleColumn("title", label="标题", sort_key="title"),
        Column("index_number", label="索引号", width="16%"),
        # A plain date (2026年11月26日): DateColumn's relative-time template costs 7 ms a page.
        Column("published_on", label="发布日期", sort_key="published_on", width="12%"),
        by_name["latest_revision_created_at"],
        ItemStatusColumn("status", label="状态", width="12%"),
    ]


def _channel_staff(request):
    """The people who work in the explored channel's unit (any unit when it is not known)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    match = getattr(request, "resolver_match", None)
    page_id = match.kwargs.get("parent_page_id") if match else None
    unit_id = (
        ChannelPage.objects.filter(pk=page_id).values_list("unit_id", flat=True).first()
        if page_id
        else None
    )
    if unit_id is None:
        return users
    return users.filter(memberships__unit_id=unit_id, memberships__ended_on__isnull=True).distinct()


class ItemListingFilterSet(GenericPageFilterSet):
    """Wagtail's page filters, but the user choices are the channel unit's staff: Wagtail lists
    the distinct owners of every page and editors of every page log entry, a full scan of two
    of the largest tables on every listing, filtered or not (and a county's 200 staff as
    checkboxes cost more to render than the 50 rows)."""

    owner = MultipleUserFilter(
        label="创建人", queryset=_channel_staff, widget=CheckboxSelectMultiple
    )
    edited_by = EditedByFilter(
        label="编辑人", queryset=_channel_staff, widget=CheckboxSelectMultiple
    )


class ChannelItemsIndexView(ExplorableIndexView):
    """Wagtail's explorer view, with the children query answered by the item table."""

    item_columns = _columns()

    @cached_property
    def columns(self):
        return self.item_columns if self.lists_items else ExplorableIndexView.base_columns

    @cached_property
    def lists_items(self) -> bool:
        # A channel holds either sub-channels or items (ChannelPage.subpage_types allows both;
        # the standard directories and the demo never mix them), so a channel with items is a
        # leaf channel. Searching and filtering span the tree and stay with Wagtail's listing.
        if self.is_searching or self.is_filtering:
            return False
        return ItemPage.objects.filter(channel_id=self.parent_page.pk).exists()

    @cached_property
    def reader_allowed(self) -> bool:
        return scope_for(self.request.user).allows(self.parent_page.unit_id)

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, **kwargs
        )
        if self.lists_items and self.reader_allowed:
            # Django counts a multi-table child through a join with the page table, which
            # PostgreSQL answers with a hash join over every page (≈ 60 ms at 300,000 items);
            # the item table's channel index alone answers it.
            table = connection.ops.quote_name(ItemPage._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE channel_id = %s",  # noqa: S608 (fixed name)
                    [self.parent_page.pk],
                )
                paginator.count = cursor.fetchone()[0]
        return paginator

    def get_ordering(self):
        if not self.lists_items:
            return super().get_ordering()
        ordering = self.request.GET.get("ordering", ITEM_ORDERINGS[0])
        return ordering if ordering in ITEM_ORDERINGS else ITEM_ORDERINGS[0]

    def order_queryset(self, queryset):
        if not self.lists_items:
            return super().order_queryset(queryset)
        if self.ordering.lstrip("-") == "published_on":
            # Newest first, drafts (no publication date yet) after the published items on both
            # databases; index item_channel_admin answers it without a sort on SQLite.
            published = F("published_on")
            if self.ordering[0] == "-":
                return queryset.order_by(published.desc(nulls_last=True), "-pk")
            return queryset.order_by(published.asc(nulls_first=True), "pk")
        return queryset.order_by(self.ordering, "-pk")

    def get_base_queryset(self):
        if not self.lists_items:
            # Wagtail's tree listing of any page type (sub-channels, search results).
            self.model = Page
            return super().get_base_queryset()
        items = ItemPage.objects.filter(channel_id=self.parent_page.pk)
        if not self.reader_allowed:
            items = items.none()
        return self.annotate_queryset(items)


class ItemPageViewSet(PageViewSet):
    model = ItemPage
    index_view_class = ChannelItemsIndexView
    filterset_class = ItemListingFilterSet
    parent_models = [ChannelPage]
    icon = "doc-full"
    name = "catalog_items"

    def get_index_view_kwargs(self, **kwargs):
        # The view picks its columns per channel (ChannelItemsIndexView.columns).
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        view_kwargs.pop("columns", None)
        return view_kwargs
