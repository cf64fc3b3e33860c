"""Pages keep a constant number of queries whatever the number of items (300,000 in a county).

Wagtail's routing costs two queries per path segment plus the alias and view-restriction checks
(about 2 × depth + 3); the bounds below are that plus the portal's own handful.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from gongkai.catalog.models import ItemAttachment, PolicyLink, RelatedItemLink
from gongkai.portal.models import HomePage
from tests.portal.conftest import make_item, make_items

pytestmark = pytest.mark.django_db


def queries(client, url, **params) -> tuple[int, list[str]]:
    client.get(url, params)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_channel_listing_queries_do_not_grow_with_items(client, site, catalogue):
    small = catalogue.channel(catalogue.chengguan, "tzgg")
    large = catalogue.channel(catalogue.hekou, "tzgg")
    make_items(small, 5)
    make_items(large, 200)
    n_small, _ = queries(client, small.url)
    n_large, sql = queries(client, large.url)
    assert n_small == n_large, sql
    assert n_large <= 20, sql  # depth 5: 13 for routing, 5 for the listing
    assert queries(client, large.url, page=7)[0] == n_large
    # The listing itself is the indexed query, reading only the listed columns.
    listing = [q for q in sql if "LIMIT 20" in q]
    assert len(listing) == 1
    assert '"is_public"' in listing[0] and '"body"' not in listing[0]


def test_channel_with_sub_channels_constant(client, site, catalogue):
    container_a = catalogue.channel(catalogue.chengguan, "zc")
    container_b = catalogue.channel(catalogue.hekou, "zc")
    make_items(catalogue.channel(catalogue.chengguan, "xzgfxwj"), 5)
    for slug in ("xzgfxwj", "qtwj", "zcjd"):
        make_items(catalogue.channel(catalogue.hekou, slug), 70, prefix=slug)
    assert queries(client, container_a.url)[0] == queries(client, container_b.url)[0]


def test_unit_catalogue_queries_do_not_grow_with_items(client, site, catalogue):
    make_items(catalogue.channel(catalogue.chengguan, "gzdt"), 5)
    make_item(catalogue.channel(catalogue.chengguan, "gkzn"), "城关镇指南")
    for slug in ("gzdt", "tzgg", "xzgfxwj", "ghjh"):
        make_items(catalogue.channel(catalogue.hekou, slug), 50, prefix=slug)
    make_item(catalogue.channel(catalogue.hekou, "gkzn"), "河口镇指南")
    n_small, _ = queries(client, catalogue.chengguan.url)
    n_large, sql = queries(client, catalogue.hekou.url)
    assert n_small == n_large, sql
    assert n_large <= 15, sql


def test_root_page_queries(client, site, catalogue):
    n, sql = queries(client, "/xxgk/")
    assert n <= 8, sql


def _policy_with(catalogue, tag: str, n: int):
    policy = make_item(catalogue.channel(catalogue.fgw, "xzgfxwj"), f"政策{tag}", kind="policy")
    readings = make_items(
        catalogue.channel(catalogue.fgw, "zcjd"), n, prefix=f"解读{tag}-", kind="interpretation"
    )
    others = make_items(catalogue.channel(catalogue.fgw, "gzdt"), n, prefix=f"相关{tag}-")
    for i, (reading, other) in enumerate(zip(readings, others, strict=True)):
        PolicyLink.objects.create(interpretation=reading, policy=policy, sort_order=i)
        RelatedItemLink.objects.create(item=policy, related=other, sort_order=i)
        ItemAttachment.objects.create(
            item=policy, title=f"附件{i}", file=f"attachments/{tag}{i}.pdf", kind="pdf", size=10
        )
    return policy, readings


def test_item_page_queries_do_not_grow_with_links_and_attachments(client, site, catalogue):
    few, _ = _policy_with(catalogue, "甲", 1)
    many, readings = _policy_with(catalogue, "乙", 8)
    n_few, _ = queries(client, few.url)
    n_many, sql = queries(client, many.url)
    assert n_few == n_many, sql
    assert n_many <= 24, sql  # depth 6: 15 for routing, 6 for the item
    # An interpretation's page: the same fixed set of queries.
    assert queries(client, readings[0].url)[0] == n_many
    assert queries(client, many.url, print="1")[0] <= n_many


def test_feed_and_sitemap_queries_constant(client, site, catalogue):
    small = catalogue.channel(catalogue.chengguan, "tzgg")
    large = catalogue.channel(catalogue.hekou, "tzgg")
    make_items(small, 5)
    make_items(large, 60, start=dt.date(2024, 1, 1))
    assert (
        queries(client, f"/feeds/channel/{small.pk}/")[0]
        == queries(client, f"/feeds/channel/{large.pk}/")[0]
    )
    n_index, sql = queries(client, "/sitemap.xml")
    assert n_index <= 6, sql
    n_items, sql = queries(client, "/sitemap-items.xml")
    assert n_items <= 6, sql


@pytest.mark.skipif(
    HomePage.get_context is Page.get_context,
    reason="needs HomePage.get_context → gongkai.portal.selectors.home_context (lead: models.py)",
)
def test_home_queries_do_not_grow_with_items(client, site, catalogue):
    make_items(catalogue.channel(catalogue.chengguan, "gzdt"), 3)
    n_small, _ = queries(client, "/")
    make_items(catalogue.channel(catalogue.hekou, "gzdt"), 100, start=dt.date(2026, 1, 1))
    n_large, sql = queries(client, "/")
    assert n_small == n_large, sql
    assert n_large <= 8, sql
