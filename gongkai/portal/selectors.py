"""Read queries of the public portal: constant query counts, indexed, public items only."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZE = 20


def catalogue_groups(root) -> list:
    return []


def unit_catalogue(catalog) -> dict:
    return {}


def channel_listing(channel, *, page_number) -> dict:
    from gongkai.catalog.models import ItemPage

    items = (
        ItemPage.objects.filter(channel=channel, is_public=True)
        .order_by("-published_on", "-page_ptr_id")
        .only("title", "url_path", "published_on", "index_number", "doc_number")
    )
    paginator = Paginator(items, PAGE_SIZE)
    try:
        page = paginator.page(page_number or 1)
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return {"items_page": page}


def item_detail(item) -> dict:
    return {}
